package authzapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rampart-iam/rampart/internal/authzapi"
	"github.com/rampart-iam/rampart/internal/pai"
)

// BenchmarkHandler measures the decision API's handler in process (no network): decoding,
// authentication by the fake, the decision and the JSON answer, per check.
func BenchmarkHandler(b *testing.B) {
	e := newEnv(b, authzapi.Options{})
	ctx := b.Context()
	w, err := e.svc.CreateWorkspace(ctx, e.root, pai.CreateWorkspaceInput{WorkspaceName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	roles := []string{pai.RoleDeveloper, pai.RoleOperator, pai.RoleGuest, pai.RoleAdmin}
	for i := range 20 {
		id := e.user(fmt.Sprintf("user%02d", i))
		if _, err := e.svc.CreateMember(ctx, e.root, pai.CreateMemberInput{WorkspaceID: w.ID,
			Members: []pai.NewMember{{UserID: id, Roles: []string{roles[i%len(roles)]}}}}); err != nil {
			b.Fatal(err)
		}
	}
	jobs := "acs:paidlc:cn-hangzhou:" + account + ":workspace/" + w.ID + "/jobs/dlc-1"
	check := func(i int) map[string]any {
		return map[string]any{"principal": userARN(fmt.Sprintf("user%02d", i%20)), "action": "paidlc:GetJob", "resource": jobs,
			"workspaceId": w.ID, "accessibility": "PRIVATE", "creator": "1"}
	}
	mux := http.NewServeMux()
	api, err := authzapi.New(authzapi.Options{Auth: fakeAuth{e.Snaps}, Snapshots: e.Snaps, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	api.Mount(mux)
	single, _ := json.Marshal(check(3))
	var cs []any
	for i := range 100 {
		cs = append(cs, check(i))
	}
	batch, _ := json.Marshal(map[string]any{"checks": cs})
	for _, bc := range []struct {
		name, path string
		body       []byte
		checks     int
	}{
		{"check", "/authz/v1/check", single, 1},
		{"batch100", "/authz/v1/batch-check", batch, 100},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				req := httptest.NewRequest("POST", bc.path, bytes.NewReader(bc.body))
				req.Header.Set("Content-Type", "application/json")
				mux.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bc.checks), "ns/check")
		})
	}
}
