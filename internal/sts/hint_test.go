package sts_test

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/sts"
)

// TestMissingRoleHint: EntityNotExist.Role says where to create the role when the service
// knows, and only then.
func TestMissingRoleHint(t *testing.T) {
	f := newFixture(t)
	svc, err := sts.New(sts.Options{
		Snapshot: func() *authz.Snapshot { return f.snap },
		Role: func(context.Context, string) (sts.Role, error) {
			return sts.Role{}, errs.E(errs.NotFound, "EntityNotExist.Role", "no")
		},
		MissingRole: func(name string) string {
			if name == "AliyunServiceRoleForPaiEas" {
				return "Authorize it in Activation & Authorization > Dependent Services."
			}
			return ""
		},
		Box: f.box,
		IDs: secrets.NewIDGen(nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	alice := f.user(t, "alice")
	for _, tt := range []struct{ role, message string }{
		{"AliyunServiceRoleForPaiEas", "The specified Role not exists. Authorize it in Activation & Authorization > Dependent Services."},
		{"ghost", "The specified Role not exists."},
	} {
		_, err := svc.AssumeRole(t.Context(), alice, sts.AssumeRoleInput{RoleArn: roleARN(tt.role), RoleSessionName: "s1"})
		if e := errs.As(err); e == nil || e.Code != "EntityNotExist.Role" || e.Message != tt.message {
			t.Errorf("AssumeRole(%s) = %v; want EntityNotExist.Role with %q", tt.role, err, tt.message)
		}
	}
	// The prompt reaches a caller without sts:AssumeRole too; another missing role does not.
	carol := f.user(t, "carol")
	_, err = svc.AssumeRole(t.Context(), carol, sts.AssumeRoleInput{RoleArn: roleARN("AliyunServiceRoleForPaiEas"), RoleSessionName: "s1"})
	if errs.CodeOf(err) != "EntityNotExist.Role" {
		t.Errorf("carol, catalog role: %v; want EntityNotExist.Role", err)
	}
	_, err = svc.AssumeRole(t.Context(), carol, sts.AssumeRoleInput{RoleArn: roleARN("ghost"), RoleSessionName: "s1"})
	if errs.CodeOf(err) != "NoPermission" {
		t.Errorf("carol, unknown role: %v; want NoPermission", err)
	}
}
