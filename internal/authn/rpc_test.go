package authn_test

import (
	"errors"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/authn"
)

// The vectors of shared/reference/ram.md §5.2, re-verified there against the SDK's algorithm.
func TestSignRPCVectors(t *testing.T) {
	tests := []struct {
		name, method string
		params       url.Values
		wantString   string
		wantSig      string
	}{
		{
			name:   "official IMS example",
			method: "GET",
			params: url.Values{
				"AccessKeyId": {"testid"}, "Action": {"CreateUser"}, "DisplayName": {"test"}, "Format": {"JSON"},
				"SignatureMethod": {"HMAC-SHA1"}, "SignatureNonce": {"3f6b4e80-56f7-11eb-a256-a9f756ea7e85"},
				"SignatureVersion": {"1.0"}, "Timestamp": {"2021-01-15T06:02:28Z"},
				"UserPrincipalName": {"test@example.onaliyun.com"}, "Version": {"2019-08-15"},
				"Signature": {"ignored"},
			},
			wantString: "GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26DisplayName%3Dtest%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3f6b4e80-56f7-11eb-a256-a9f756ea7e85%26SignatureVersion%3D1.0%26Timestamp%3D2021-01-15T06%253A02%253A28Z%26UserPrincipalName%3Dtest%2540example.onaliyun.com%26Version%3D2019-08-15",
			wantSig:    "02heLegtw4+BFamznl1Ltj+vJ4A=",
		},
		{
			name:   "RAM CreateUser as the Go SDK sends it",
			method: "POST",
			params: url.Values{
				"AccessKeyId": {"testid"}, "Action": {"CreateUser"}, "DisplayName": {"alice"}, "Format": {"JSON"},
				"RegionId": {"cn-hangzhou"}, "SignatureMethod": {"HMAC-SHA1"},
				"SignatureNonce": {"5b1b4c1f90ce5f42db132ee087a3afeb"}, "SignatureType": {""},
				"SignatureVersion": {"1.0"}, "Timestamp": {"2024-01-01T00:00:00Z"}, "UserName": {"alice"},
				"Version": {"2015-05-01"},
			},
			wantString: "POST&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26DisplayName%3Dalice%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D5b1b4c1f90ce5f42db132ee087a3afeb%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3D2024-01-01T00%253A00%253A00Z%26UserName%3Dalice%26Version%3D2015-05-01",
			wantSig:    "V0ls5J0lZE8l1k1tWPh0BxjUDHU=",
		},
		{
			name:       "reserved and non-ASCII characters",
			method:     "GET",
			params:     url.Values{"A": {"a b*c~d/é+"}},
			wantString: "GET&%2F&A%3Da%2520b%252Ac~d%252F%25C3%25A9%252B",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := authn.RPCStringToSign(tt.method, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.wantString {
				t.Errorf("RPCStringToSign =\n%s\nwant\n%s", got, tt.wantString)
			}
			if tt.wantSig == "" {
				return
			}
			if sig := authn.SignRPC(got, "testsecret"); sig != tt.wantSig {
				t.Errorf("SignRPC = %s, want %s", sig, tt.wantSig)
			}
		})
	}
}

func TestCanonicalizeRefusesDuplicates(t *testing.T) {
	_, err := authn.Canonicalize(url.Values{"Action": {"GetUser"}, "UserName": {"a", "b"}})
	if !errors.Is(err, authn.ErrDuplicateParameter) || !strings.Contains(err.Error(), "UserName") {
		t.Errorf("Canonicalize with a repeated name: err = %v, want ErrDuplicateParameter naming UserName", err)
	}
}

func TestPercentEncode(t *testing.T) {
	tests := map[string]string{
		"":                  "",
		"AZaz09-_.~":        "AZaz09-_.~",
		" ":                 "%20",
		"*":                 "%2A",
		"+":                 "%2B",
		"%":                 "%25",
		"é":                 "%C3%A9",
		"\xff":              "%FF",
		"a=b&c":             "a%3Db%26c",
		`{"Version":"1"}`:   "%7B%22Version%22%3A%221%22%7D",
		"2024-01-01T00:00Z": "2024-01-01T00%3A00Z",
	}
	for in, want := range tests {
		if got := authn.PercentEncode(in); got != want {
			t.Errorf("PercentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

// referenceCanonicalize is the recipe of ram.md §5.2/§5.4 as the SDKs write it: url.QueryEscape,
// then "+"→"%20", "*"→"%2A", "%7E"→"~", names sorted with sort.Strings.
func referenceCanonicalize(params url.Values) string {
	pe := func(s string) string {
		e := url.QueryEscape(s)
		e = strings.ReplaceAll(e, "+", "%20")
		e = strings.ReplaceAll(e, "*", "%2A")
		return strings.ReplaceAll(e, "%7E", "~")
	}
	var keys []string
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = pe(k) + "=" + pe(params.Get(k))
	}
	return strings.Join(parts, "&")
}

// FuzzCanonicalize checks the canonicalizer against the SDKs' recipe on arbitrary parameters
// (names and values split from the fuzzed strings), and that it never panics.
func FuzzCanonicalize(f *testing.F) {
	f.Add("UserName", "alice", "PolicyDocument", `{"Statement":[{"Action":"*"}]}`, "x y")
	f.Add("", "", "Signature", "abc=", "é~*+")
	f.Add("a\x00b", "\xff\xfe", "A", "a", "%41")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, v3 string) {
		params := url.Values{k1: {v1}, k2: {v2}, "Z" + v3: {v3}}
		got, err := authn.Canonicalize(params)
		if err != nil {
			t.Fatalf("Canonicalize(%q): %v", params, err)
		}
		if want := referenceCanonicalize(params); got != want {
			t.Fatalf("Canonicalize(%q) =\n%q\nthe SDKs' recipe gives\n%q", params, got, want)
		}
		// Every byte outside the unreserved set is encoded, so the result parses back to params.
		back, err := url.ParseQuery(got)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", got, err)
		}
		delete(params, "Signature")
		for k, v := range params {
			if back.Get(k) != v[0] {
				t.Fatalf("round trip lost %q=%q (got %q)", k, v[0], back.Get(k))
			}
		}
	})
}
