package console_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"github.com/rampart-iam/rampart/internal/console"
)

// TestSecureCookieBehindTrustedProxy: behind a proxy that ends TLS, the session cookie is Secure,
// and the page asks the browser to stay on HTTPS (HSTS), when the proxy, and only a trusted one,
// says the client used HTTPS.
func TestSecureCookieBehindTrustedProxy(t *testing.T) {
	behindProxy := newEnvWith(t, func(e *env, o *console.Options) {
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	direct := newEnv(t)
	tests := []struct {
		name  string
		e     *env
		proto string
		want  bool
	}{
		{"trusted proxy, client used HTTPS", behindProxy, "https", true},
		{"trusted proxy, client used HTTP", behindProxy, "http", false},
		{"trusted proxy, no header", behindProxy, "", false},
		{"untrusted peer claiming HTTPS", direct, "https", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.e.browser()
			form := url.Values{"logon_name": {tt.e.account}, "password": {rootPassword}}
			r := b.do(http.MethodPost, "/console/logon", form, "X-Forwarded-Proto", tt.proto)
			cookies := (&http.Response{Header: r.header}).Cookies()
			if r.status != http.StatusSeeOther || len(cookies) != 1 {
				t.Fatalf("logon: %d, cookies %v\n%.2000s", r.status, cookies, r.body)
			}
			if cookies[0].Secure != tt.want {
				t.Errorf("session cookie Secure = %v, want %v", cookies[0].Secure, tt.want)
			}
			if hsts := r.header.Get("Strict-Transport-Security"); (hsts == "max-age=31536000") != tt.want || (hsts != "") != tt.want {
				t.Errorf("Strict-Transport-Security %q, want it %v", hsts, tt.want)
			}
		})
	}
}
