package openapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/ram"
)

// twentyUsers lists 20 users, as the load test's ListUsers does.
type twentyUsers struct {
	fakeRAM
	users []ram.User
}

func newTwentyUsers() *twentyUsers {
	d := &twentyUsers{users: make([]ram.User, 20)}
	for i := range d.users {
		d.users[i] = ram.User{ID: fmt.Sprint(2000000000000000 + i), Name: fmt.Sprintf("user%02d", i), CreateDate: created, UpdateDate: created}
	}
	return d
}

func (d *twentyUsers) ListUsers(context.Context, *authz.Caller, ram.PageInput) (ram.Page[ram.User], error) {
	return ram.Page[ram.User]{Items: d.users}, nil
}

// BenchmarkHandler measures the API layer's share of a signed call (the authenticator and the
// domain are fakes): reading the form body, dispatch, decoding the parameters and encoding the
// response, with a body as the SDKs and the load generator send it.
func BenchmarkHandler(b *testing.B) {
	for _, tt := range []struct{ action, params string }{
		{"GetUser", "&UserName=user07"},
		{"ListUsers", "&MaxItems=20"},
	} {
		b.Run(tt.action, func(b *testing.B) {
			h, err := openapi.New(openapi.Options{Auth: fakeAuth{}, RAM: newTwentyUsers(), STS: &fakeSTS{}, Logger: discard()})
			if err != nil {
				b.Fatal(err)
			}
			form := "AccessKeyId=good&Action=" + tt.action + "&Format=JSON&SignatureMethod=HMAC-SHA1" +
				"&SignatureNonce=4f1a0c8e2b7d4e6f9a3c5b1d7e9f0a2c&SignatureVersion=1.0&Timestamp=2026-11-27T05%3A04%3A36Z" +
				"&Version=2015-05-01" + tt.params + "&Signature=Yx3jV1%2BOmJ4q8%2FqkFzq0sT2nGd0%3D"
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
