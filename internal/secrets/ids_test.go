package secrets_test

import (
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
