package e2e_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestBehindTLSProxy runs Rampart behind a reverse proxy that ends TLS, as a load balancer does,
// and signs requests with the SDK over HTTPS to the proxy. With the proxy in --trusted-proxies,
// Rampart takes the client's address from X-Forwarded-For and its use of TLS from
// X-Forwarded-Proto, so a policy that allows only HTTPS from one network works; without it,
// both headers are ignored and the same policy refuses.
func TestBehindTLSProxy(t *testing.T) {
	const client = "192.0.2.7" // the address the proxy says the request came from
	policy := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*",
		"Condition":{"Bool":{"acs:SecureTransport":"true"},"IpAddress":{"acs:SourceIp":"192.0.2.0/24"}}}]}`
	for _, tt := range []struct {
		name string
		args []string
		want bool
	}{
		{"trusted proxy", []string{"--trusted-proxies", "127.0.0.1/32"}, true},
		{"untrusted proxy", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startAPI(t, tt.args...)
			name, key := newUserWithKey(t, s, "alice")
			createPolicy(t, s, "https-from-office", policy)
			attach(t, s, "Custom", "https-from-office", name)

			target, err := url.Parse(s.URL)
			if err != nil {
				t.Fatal(err)
			}
			proxy := httptest.NewTLSServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
				r.SetURL(target)
				r.Out.Host = r.In.Host // the SDK signs no Host, but a gateway keeps it
				r.Out.Header.Set("X-Forwarded-For", client)
				r.Out.Header.Set("X-Forwarded-Proto", "https")
			}})
			defer proxy.Close()

			c := s.ramClient(t, key)
			c.Domain = strings.TrimPrefix(proxy.URL, "https://")
			c.SetTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: proxy.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}})
			get := ram.CreateGetUserRequest()
			get.UserName, get.Scheme = name, "HTTPS"
			_, err = c.GetUser(get)
			if tt.want && err != nil {
				t.Errorf("GetUser over HTTPS through the proxy: %v", err)
			}
			if !tt.want {
				wantError(t, err, 403, "NoPermission")
			}

			// Straight to Rampart, over plain HTTP from the loopback, the policy refuses.
			direct := ram.CreateGetUserRequest()
			direct.UserName = name
			_, err = s.ramClient(t, key).GetUser(direct)
			wantError(t, err, 403, "NoPermission")
		})
	}
}
