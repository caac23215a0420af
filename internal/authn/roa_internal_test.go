package authn

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzROAStringToSignPaths checks that the fast path of appendROAStringToSign (canonical
// header names, lower-cased as they are copied) and the general path (strings.ToLower and
// http.Header lookups) agree on every header map, canonical or not, including their errors.
func FuzzROAStringToSignPaths(f *testing.F) {
	f.Add("X-Acs-Signature-Method", "HMAC-SHA1", "x-acs-signature-nonce", "n1", "X-Acs-B", "Content-Md5", "q=1&r")
	f.Add("X-Acs-Version", "1.0", "X-ACS-Version", "2.0", "X-Acs-A", "Date", "")
	f.Add("X-Acs-Ä", "x", "X-Acs-9z", "v", "X-Acs-Z_z", "Accept", "a=1&a=2")
	f.Add("x-acs-a b", "x", "X-Acs-", "", "X-Acs-Sig", "Content-Type", "%zz")
	f.Add("0", "\x80", "00", "0", "1", "", "Z2=a&Z2=b&1=x&1=y") // two duplicates: both paths name the same one
	f.Fuzz(func(t *testing.T, n1, v1, n2, v2, twice, std, rawQuery string) {
		h := http.Header{}
		h[n1] = append(h[n1], v1)
		h[n2] = append(h[n2], v2)
		h[twice] = append(h[twice], "one", "two")
		h[std] = append(h[std], "value")
		h["Content-Md5"] = append(h["Content-Md5"], "sum")
		query, _ := url.ParseQuery(rawQuery)
		got, gotErr := appendROAStringToSign(nil, "POST", h, "/p", query)
		want, wantErr := appendGeneral(nil, "POST", h, "/p", query)
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("headers %q: fast path differs (-general +fast):\n%s", h, diff)
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("headers %q: fast path error %v, general %v", h, gotErr, wantErr)
		}
	})
}

// TestROAStringToSignFastPathIsTaken pins what the fast path is for: a request as net/http
// parses it signs without the general path's allocations.
func TestROAStringToSignFastPathIsTaken(t *testing.T) {
	h := http.Header{}
	for _, kv := range [][2]string{{"Accept", "application/json"}, {"Content-Md5", "abc"}, {"Content-Type", "application/json"},
		{"Date", "Fri, 27 Nov 2026 08:00:00 GMT"}, {"X-Acs-Signature-Method", "HMAC-SHA1"}, {"X-Acs-Signature-Version", "1.0"},
		{"X-Acs-Signature-Nonce", "n"}, {"User-Agent", "sdk"}, {"Authorization", "acs k:s"}} {
		h.Set(kv[0], kv[1])
	}
	buf := make([]byte, 0, 512)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := appendROAStringToSign(buf[:0], "POST", h, "/authz/v1/check", nil); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per string to sign, want 0", allocs)
	}
}
