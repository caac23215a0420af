package activation_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/pai/activation"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
	"github.com/rampart-iam/rampart/policy"
)

func TestActivate(t *testing.T) { storetest.Backends(t, testActivate) }

func testActivate(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	// carol holds AliyunPAIFullAccess through her group; dora holds it only within a resource group.
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return all(
			tx.CreateUser(ctx, store.User{ID: "2000000000000100", Name: "carol", CreateDate: e.now, UpdateDate: e.now}),
			tx.CreateUser(ctx, store.User{ID: "2000000000000101", Name: "dora", CreateDate: e.now, UpdateDate: e.now}),
			tx.CreateGroup(ctx, store.Group{ID: "g1", Name: "pai-admins", CreateDate: e.now, UpdateDate: e.now}),
			tx.AddUserToGroup(ctx, store.Membership{GroupID: "g1", UserID: "2000000000000100", JoinDate: e.now}),
			tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: "AliyunPAIFullAccess",
				PrincipalType: store.PrincipalGroup, PrincipalID: "g1", AttachDate: e.now}),
			tx.CreateResourceGroup(ctx, store.ResourceGroup{ID: "rg-1", Name: "dev", DisplayName: "dev", Status: "OK", CreateDate: e.now}),
			tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: "AliyunPAIFullAccess",
				PrincipalType: store.PrincipalUser, PrincipalID: "2000000000000101", ResourceGroupID: "rg-1", AttachDate: e.now}),
		)
	})
	nobody := e.user("nobody")
	bss := e.user("bss", "AliyunBSSOrderAccess")
	mc := e.user("mc", "AliyunBSSOrderAccess", "AliyunDataWorksFullAccess")
	oss := e.user("oss", "AliyunOSSFullAccess")
	carol, dora := e.caller(authz.UserARN(account, "carol")), e.caller(authz.UserARN(account, "dora"))
	eas := &authz.Caller{Type: authz.Service, AccountID: account, Name: "eas.pai.aliyuncs.com", ARN: "eas.pai.aliyuncs.com"}

	tests := []struct {
		name    string
		caller  *authz.Caller
		service string
		code    string
		message string // the denial's message, when it is one
	}{
		{"PAI without AliyunPAIFullAccess", nobody, "", "NoPermission",
			"You are not authorized to activate PAI: it needs the system policy AliyunPAIFullAccess. Ask an administrator to grant it (Resource Scope: Account), or activate with the account's root identity."},
		{"PAI with AliyunPAIFullAccess at resource-group scope", dora, "PAI", "NoPermission", ""},
		{"a service principal", eas, "PAI", "NoPermission", ""},
		{"MaxCompute with one of its two policies", bss, "MaxCompute", "NoPermission",
			"You are not authorized to activate MaxCompute: it needs the system policies AliyunBSSOrderAccess and AliyunDataWorksFullAccess, and you do not hold AliyunDataWorksFullAccess. Ask an administrator to grant it (Resource Scope: Account), or activate with the account's root identity."},
		{"MaxCompute with neither", nobody, "MaxCompute", "NoPermission",
			"You are not authorized to activate MaxCompute: it needs the system policies AliyunBSSOrderAccess and AliyunDataWorksFullAccess. Ask an administrator to grant them (Resource Scope: Account), or activate with the account's root identity."},
		{"OSS with another service's policy", mc, "OSS", "NoPermission", ""},
		{"unknown service", e.root, "S3", "EntityNotExist.Service", ""},
		{"names are exact", e.root, "oss", "EntityNotExist.Service", ""},
		{"PAI through a group", carol, "PAI", "", ""},
		{"MaxCompute with both policies", mc, "MaxCompute", "", ""},
		{"OSS", oss, "OSS", "", ""},
		{"the root needs no policy", e.root, "Cloud Monitor", "", ""},
	}
	for _, tt := range tests {
		_, err := e.svc.Activate(ctx, tt.caller, activation.ActivateInput{RequestID: "req-" + tt.name, Service: tt.service})
		wantCode(t, tt.name, err, tt.code)
		if tt.message != "" && errs.As(err).Message != tt.message {
			t.Errorf("%s: message\n %q\nwant\n %q", tt.name, errs.As(err).Message, tt.message)
		}
		if tt.code == "NoPermission" {
			d := errs.As(err).Denial
			if d == nil || d.Action != activation.ActivateAction || d.PolicyType != "ImplicitDeny" {
				t.Errorf("%s: denial %+v", tt.name, d)
			}
			if recs := e.auditOf("req-" + tt.name); len(recs) != 1 || recs[0].Result != "NoPermission" {
				t.Errorf("%s: audit %+v; want the denial recorded", tt.name, recs)
			}
		}
	}

	// Activating again returns the first activation and writes nothing.
	rev := revision(t, e)
	again, err := e.svc.Activate(ctx, e.root, activation.ActivateInput{Service: "OSS"})
	if err != nil || again.ActivatedBy != authz.UserARN(account, "oss") {
		t.Errorf("Activate again = %+v, %v; want oss's activation", again, err)
	}
	if revision(t, e) != rev {
		t.Errorf("activating an active service wrote to the store")
	}
	list, err := e.svc.Activations(ctx, nobody)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range list {
		names = append(names, a.Service)
	}
	if got := strings.Join(names, ","); got != "Cloud Monitor,MaxCompute,OSS,PAI" {
		t.Errorf("Activations = %s", got)
	}
	if _, err := e.svc.Activations(ctx, eas); errs.CodeOf(err) != "NoPermission" {
		t.Errorf("Activations for a service principal: %v", err)
	}
}

// TestActivateWithSessionPolicy: a role session holds its role's policies, unless a session
// policy narrows it.
func TestActivateWithSessionPolicy(t *testing.T) {
	storetest.Backends(t, testActivateWithSessionPolicy)
}

func testActivateWithSessionPolicy(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return all(
			tx.CreateRole(ctx, store.Role{ID: "3000000000000001", Name: "admin", MaxSessionDuration: 3600, CreateDate: e.now, UpdateDate: e.now,
				TrustPolicy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`}),
			tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: "AliyunPAIFullAccess",
				PrincipalType: store.PrincipalRole, PrincipalID: "3000000000000001", AttachDate: e.now}),
		)
	})
	session := e.caller(authz.AssumedRoleARN(account, "admin", "s"))
	narrowed := *session
	p, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), policy.WithKind(policy.Session))
	if err != nil {
		t.Fatal(err)
	}
	narrowed.SessionPolicy = policy.NewEvaluator(p)
	_, err = e.svc.Activate(t.Context(), &narrowed, activation.ActivateInput{})
	wantCode(t, "a session with a session policy", err, "NoPermission")
	_, err = e.svc.Activate(t.Context(), session, activation.ActivateInput{})
	wantCode(t, "a session of a role holding AliyunPAIFullAccess", err, "")
}

func revision(t *testing.T, e *env) store.Revision {
	t.Helper()
	rev, err := e.Store.Revision(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

func all(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestActivateExplicitDeny: holding the activation policies does not let a caller past an
// explicit Deny that covers activating (any explicit Deny wins).
func TestActivateExplicitDeny(t *testing.T) { storetest.Backends(t, testActivateExplicitDeny) }

func testActivateExplicitDeny(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	erin := e.user("erin", "AliyunPAIFullAccess", "AliyunOSSFullAccess")
	if _, err := e.ram.CreatePolicy(ctx, e.root, ram.CreatePolicyInput{PolicyName: "deny-all",
		PolicyDocument: `{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`}); err != nil {
		t.Fatal(err)
	}
	if err := e.ram.AttachPolicyToUser(ctx, e.root, ram.AttachmentInput{PolicyType: "Custom", PolicyName: "deny-all", PrincipalName: "erin"}); err != nil {
		t.Fatal(err)
	}
	for _, service := range []string{"PAI", "OSS"} {
		_, err := e.svc.Activate(ctx, erin, activation.ActivateInput{RequestID: "req-" + service, Service: service})
		wantCode(t, service+" under a Deny of everything", err, "NoPermission")
		if ae := errs.As(err); ae == nil || ae.Denial == nil || ae.Denial.Action != activation.ActivateAction || ae.Denial.PolicyType != "ExplicitDeny" {
			t.Errorf("%s: error %+v; want an ExplicitDeny of %s", service, ae, activation.ActivateAction)
		}
		if recs := e.auditOf("req-" + service); len(recs) != 1 || recs[0].Result != "NoPermission" {
			t.Errorf("%s: audit %+v; want the denial recorded", service, recs)
		}
	}
	// Authorize activates a service no role serves: the Deny stops that too.
	_, err := e.svc.Authorize(ctx, erin, activation.AuthorizeInput{Module: "EAS", Service: "Cloud Monitor"})
	wantCode(t, "Authorize of a row no role serves, under a Deny of everything", err, "NoPermission")
	if list, err := e.svc.Activations(ctx, e.root); err != nil || len(list) != 0 {
		t.Errorf("Activations = %+v, %v; want none", list, err)
	}
}

// TestActivatePAIAuthorizes: "Authorization is usually completed when PAI is activated. If any
// authorization operations were missed during activation, you will be prompted to authorize
// when needed" (the seed). Activating PAI puts in place every module role the caller may
// create, says which it missed and why, and activating again completes them.
func TestActivatePAIAuthorizes(t *testing.T) { storetest.Backends(t, testActivatePAIAuthorizes) }

func testActivatePAIAuthorizes(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	admin := e.user("pai-admin", "AliyunPAIFullAccess")
	// A plain role squats one module role's name: it is not the module's, so it stays missed.
	if _, err := e.ram.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "AliyunPAIDSWDefaultRole",
		AssumeRolePolicyDocument: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`}); err != nil {
		t.Fatal(err)
	}

	// AliyunPAIFullAccess may create EAS's service-linked role and nothing else.
	a, err := e.svc.Activate(ctx, admin, activation.ActivateInput{RequestID: "req-admin"})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]activation.RoleAuthorization{}
	for _, r := range a.Roles {
		if _, dup := roles[r.RoleName]; dup {
			t.Errorf("%s reported twice", r.RoleName)
		}
		roles[r.RoleName] = r
	}
	want := map[string]bool{}
	for _, m := range e.Catalog.Modules() {
		for _, r := range m.Roles {
			want[r.RoleName] = true
		}
	}
	if len(roles) != len(want) {
		t.Errorf("activation reported %d roles, the catalog has %d", len(roles), len(want))
	}
	for name, r := range roles {
		switch {
		case name == "AliyunServiceRoleForPaiEas":
			if !r.Authorized || r.RoleType != "ServiceLinkedRole" || !slices.Contains(r.Modules, "EAS") {
				t.Errorf("EAS's role after activation by an AliyunPAIFullAccess holder: %+v", r)
			}
		case r.Authorized || r.Code != "NoPermission" || r.Message == "":
			t.Errorf("%s: %+v; want missed with NoPermission", name, r)
		}
	}
	for key, row := range e.rows() {
		if strings.HasPrefix(key, "EAS/") && row.RoleName != "" && !row.Authorized {
			t.Errorf("%s not authorized after activating PAI: %+v", key, row)
		}
	}

	// The root activates again: everything else is put in place, but the squatted name.
	a, err = e.svc.Activate(ctx, e.root, activation.ActivateInput{RequestID: "req-root"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ActivatedBy != admin.ARN {
		t.Errorf("activating again returned %+v; want the first activation", a)
	}
	for _, r := range a.Roles {
		if r.RoleName == "AliyunPAIDSWDefaultRole" {
			if r.Authorized || r.Code != "EntityAlreadyExists.Role" {
				t.Errorf("a squatted role name: %+v", r)
			}
		} else if !r.Authorized || r.Code != "" {
			t.Errorf("%s after the root activates: %+v", r.RoleName, r)
		}
	}
	for key, row := range e.rows() {
		squatted := row.RoleName == "AliyunPAIDSWDefaultRole"
		if row.RoleName != "" && row.Authorized == squatted {
			t.Errorf("%s after the root activates PAI: %+v", key, row)
		}
	}

	// Once everything is in place, activating again writes nothing.
	rev := revision(t, e)
	if _, err := e.svc.Activate(ctx, e.root, activation.ActivateInput{}); err != nil {
		t.Fatal(err)
	}
	if revision(t, e) != rev {
		t.Errorf("activating PAI with its roles in place wrote to the store")
	}
}
