package secrets_test

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/rampart-iam/rampart/internal/secrets"
)

func TestIDFormats(t *testing.T) {
	g := secrets.NewIDGen(nil)
	tests := []struct {
		name string
		gen  func() string
		re   *regexp.Regexp
	}{
		{"AccountID", g.AccountID, regexp.MustCompile(`^[1-9][0-9]{15}$`)},
		{"EntityID", g.EntityID, regexp.MustCompile(`^[1-9][0-9]{15}$`)},
		{"AccessKeyID", g.AccessKeyID, regexp.MustCompile(`^LTAI[0-9A-Za-z]{20}$`)},
		{"AccessKeySecret", func() string { return g.AccessKeySecret().Reveal() }, regexp.MustCompile(`^[0-9A-Za-z]{30}$`)},
		{"RequestID", g.RequestID, regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)},
		{"Password", func() string { return g.Password().Reveal() }, regexp.MustCompile(`^(?:[0-9A-Za-z!@#%^*\-_=+.,]{20})$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[string]bool{}
			for range 200 {
				id := tt.gen()
				if !tt.re.MatchString(id) {
					t.Fatalf("%q does not match %v", id, tt.re)
				}
				if seen[id] {
					t.Fatalf("%q generated twice", id)
				}
				seen[id] = true
			}
		})
	}
}

// TestRequestIDEncoding pins RequestID's format for known random bytes: upper-case hex in
// 8-4-4-4-12 groups, the version nibble forced to 4 and the variant bits to 10.
func TestRequestIDEncoding(t *testing.T) {
	tests := []struct {
		name   string
		random []byte
		want   string
	}{
		{"counting", []byte{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f},
			"00010203-0405-4607-8809-0A0B0C0D0E0F"},
		{"ones", bytes.Repeat([]byte{0xff}, 16), "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF"},
		{"zeros", make([]byte, 16), "00000000-0000-4000-8000-000000000000"},
		{"mixed", []byte{0xde, 0xad, 0xbe, 0xef, 0x12, 0x34, 0xab, 0xcd, 0x5a, 0xa5, 0xc0, 0xff, 0xee, 0x01, 0x9f, 0x70},
			"DEADBEEF-1234-4BCD-9AA5-C0FFEE019F70"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := secrets.NewIDGen(bytes.NewReader(tt.random)).RequestID()
			if got != tt.want {
				t.Errorf("RequestID() = %q, want %q", got, tt.want)
			}
			if len(got) != secrets.RequestIDLen {
				t.Errorf("len = %d, want RequestIDLen %d", len(got), secrets.RequestIDLen)
			}
		})
	}
}

func TestPasswordHasEveryClass(t *testing.T) {
	g := secrets.NewIDGen(rand.NewChaCha8([32]byte{1}))
	classes := []*regexp.Regexp{
		regexp.MustCompile(`[a-z]`), regexp.MustCompile(`[A-Z]`), regexp.MustCompile(`[0-9]`),
		regexp.MustCompile(`[!@#%^*\-_=+.,]`),
	}
	for range 500 {
		p := g.Password().Reveal()
		for _, c := range classes {
			if !c.MatchString(p) {
				t.Fatalf("password %q lacks a character of class %v", p, c)
			}
		}
	}
}

func TestIDGenDeterministicWithSeed(t *testing.T) {
	gen := func() []string {
		g := secrets.NewIDGen(rand.NewChaCha8([32]byte{42}))
		return []string{g.AccountID(), g.AccessKeyID(), g.AccessKeySecret().Reveal(), g.RequestID()}
	}
	a, b := gen(), gen()
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("value %d differs between equally seeded generators: %q vs %q", i, a[i], b[i])
		}
	}
}

// TestBase62Uniform checks that rejection sampling leaves no bias: over many characters every
// symbol's count stays within a generous band around the mean.
func TestBase62Uniform(t *testing.T) {
	g := secrets.NewIDGen(rand.NewChaCha8([32]byte{3}))
	counts := map[rune]int{}
	const secretsN = 20000
	for range secretsN {
		for _, c := range g.AccessKeySecret().Reveal() {
			counts[c]++
		}
	}
	if len(counts) != 62 {
		t.Fatalf("saw %d distinct characters, want 62", len(counts))
	}
	mean := float64(secretsN*secrets.AccessKeySecretLen) / 62 // ~9677, sd ~97
	for c, n := range counts {
		if d := float64(n) - mean; d > 600 || d < -600 {
			t.Errorf("character %q drawn %d times, mean %.0f", c, n, mean)
		}
	}
}

func TestFirstDigitNeverZero(t *testing.T) {
	g := secrets.NewIDGen(rand.NewChaCha8([32]byte{9}))
	firsts := map[byte]int{}
	for range 5000 {
		firsts[g.AccountID()[0]]++
	}
	if firsts['0'] != 0 || len(firsts) != 9 {
		t.Errorf("first digits: %v, want 1..9 only, all present", firsts)
	}
}

func BenchmarkRequestID(b *testing.B) {
	g := secrets.NewIDGen(nil)
	b.ReportAllocs()
	for b.Loop() {
		_ = g.RequestID()
	}
}
