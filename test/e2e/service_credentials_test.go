package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcemanager"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// serviceCredential issues a platform service's AccessKey with the operator command, on the
// running server's data directory.
func serviceCredential(t *testing.T, s *apiServer, service string) credentials {
	t.Helper()
	code, out, stderr := rampartCLI(t, nil, "service", "credentials", "create", service, "--data", s.data)
	var c struct{ AccessKeyId, AccessKeySecret, ServiceName, CreateDate string }
	if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil || !strings.HasPrefix(c.AccessKeyId, "LTAS") || c.ServiceName != service {
		t.Fatalf("service credentials create: exit %d\n%s\n%s", code, out, stderr)
	}
	return credentials{id: c.AccessKeyId, secret: c.AccessKeySecret}
}

// TestServiceCredentials: a platform service's credential assumes the role that trusts it and
// nothing else; its session may do what the role's policies allow; a role nobody authorized is
// named with where to authorize it; a deleted credential stops at once.
func TestServiceCredentials(t *testing.T) {
	s := startAPI(t)
	eas := serviceCredential(t, s, "eas.pai.aliyuncs.com")
	assume := func(as credentials, role string) (*sts.AssumeRoleResponse, error) {
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+s.account+":role/"+role, "eas-worker"
		return s.stsClient(t, as).AssumeRole(req)
	}

	// Before anyone authorized EAS, the error says what to authorize and where.
	_, err := assume(eas, "aliyunserviceroleforpaieas")
	se := wantError(t, err, 404, "EntityNotExist.Role")
	if !strings.Contains(se.Message(), "Activation & Authorization > Dependent Services (module EAS, services OSS, SLS, VPC)") {
		t.Errorf("EntityNotExist.Role message: %q", se.Message())
	}

	status, body := authzCall(t, s, s.root, "POST", "/authz/v1/dependent-services/authorize", map[string]string{"Module": "EAS", "Service": "OSS"})
	if status != 200 {
		t.Fatalf("authorize EAS/OSS: %d %s", status, body)
	}
	status, body = authzCall(t, s, s.root, "POST", "/authz/v1/dependent-services/authorize", map[string]string{"Module": "DLC", "Service": "OSS"})
	if status != 200 {
		t.Fatalf("authorize DLC/OSS: %d %s", status, body)
	}

	resp, err := assume(eas, "aliyunserviceroleforpaieas")
	if err != nil {
		t.Fatal(err)
	}
	if resp.AssumedRoleUser.Arn != "acs:ram::"+s.account+":role/AliyunServiceRoleForPaiEas/eas-worker" {
		t.Errorf("AssumedRoleUser: %+v", resp.AssumedRoleUser)
	}
	session := credentials{id: resp.Credentials.AccessKeyId, secret: resp.Credentials.AccessKeySecret, token: resp.Credentials.SecurityToken}

	// The credential itself may do nothing else: not read RAM, not assume a role that does not
	// trust it (DLC's service role trusts pai.aliyuncs.com), not use the decision API.
	_, err = s.ramClient(t, eas).ListUsers(ram.CreateListUsersRequest())
	if d := wantError(t, err, 403, "NoPermission").AccessDeniedDetail(); d["AuthPrincipalType"] != "Service" ||
		d["AuthPrincipalDisplayName"] != "eas.pai.aliyuncs.com" {
		t.Errorf("denial of the service: %v", d)
	}
	_, err = assume(eas, "AliyunPAIDLCDefaultRole")
	wantError(t, err, 403, "NoPermission")
	status, _ = decide(t, s, eas, "/authz/v1/check", map[string]any{"principal": "acs:ram::" + s.account + ":root", "action": "ram:ListUsers", "resource": "*"})
	if status != 403 {
		t.Errorf("the decision API for a service principal: %d", status)
	}

	// The session is decided by the role's policy: OSS objects yes, buckets no, RAM no.
	arn := "acs:ram::" + s.account + ":role/AliyunServiceRoleForPaiEas/eas-worker"
	for _, c := range []struct{ action, want string }{
		{"oss:GetObject", "Allow"}, {"log:CreateConfig", "Allow"}, {"oss:DeleteBucket", "ImplicitDeny"}, {"ram:CreateUser", "ImplicitDeny"},
	} {
		status, out := decide(t, s, s.root, "/authz/v1/check", map[string]any{"principal": arn, "action": c.action, "resource": "acs:oss:*:" + s.account + ":bucket/b/*"})
		if status != 200 || out["decision"] != c.want {
			t.Errorf("the session's %s: %d %v; want %s", c.action, status, out, c.want)
		}
	}
	_, err = s.ramClient(t, session).ListUsers(ram.CreateListUsersRequest())
	wantError(t, err, 403, "NoPermission")
	// Its policy lets it delete its own role (ram:DeleteServiceLinkedRole for eas.pai.aliyuncs.com
	// only), through Resource Manager, signed with the session's credentials.
	rm, err := resourcemanager.NewClientWithStsToken("cn-hangzhou", session.id, session.secret, session.token)
	if err != nil {
		t.Fatal(err)
	}
	rm.Domain = s.host
	other := resourcemanager.CreateDeleteServiceLinkedRoleRequest()
	other.RoleName = "AliyunServiceRoleForPaiAutoml"
	_, err = rm.DeleteServiceLinkedRole(other)
	wantError(t, err, 403, "NoPermission")
	own := resourcemanager.CreateDeleteServiceLinkedRoleRequest()
	own.RoleName = "AliyunServiceRoleForPaiEas"
	call(t, rm.DeleteServiceLinkedRole, own)

	// A RAM user may not assume the service's role.
	user, userKey := newUserWithKey(t, s, "impostor")
	attach(t, s, "System", "AliyunSTSAssumeRoleAccess", user)
	status, _ = authzCall(t, s, s.root, "POST", "/authz/v1/dependent-services/authorize", map[string]string{"Module": "EAS", "Service": "OSS"})
	if status != 200 {
		t.Fatalf("authorize EAS/OSS again: %d", status)
	}
	_, err = assume(userKey, "AliyunServiceRoleForPaiEas")
	wantError(t, err, 403, "NoPermission")

	// The operator lists and deletes credentials; a deleted one stops at once.
	code, out, stderr := rampartCLI(t, nil, "service", "credentials", "list", "--data", s.data)
	if code != 0 || !strings.Contains(out, eas.id) || !strings.Contains(out, "eas.pai.aliyuncs.com") || strings.Contains(out, eas.secret) {
		t.Errorf("service credentials list: exit %d\n%s\n%s", code, out, stderr)
	}
	if code, out, stderr := rampartCLI(t, nil, "service", "credentials", "delete", eas.id, "--data", s.data); code != 0 {
		t.Fatalf("service credentials delete: exit %d\n%s\n%s", code, out, stderr)
	}
	_, err = assume(eas, "AliyunServiceRoleForPaiEas")
	wantError(t, err, 404, "InvalidAccessKeyId.NotFound")
	if code, _, stderr := rampartCLI(t, nil, "service", "credentials", "create", "Not A Service", "--data", s.data); code != 1 ||
		!strings.Contains(stderr, "InvalidParameter.ServiceName") {
		t.Errorf("create for a bad name: exit %d %s", code, stderr)
	}
	if code, _, stderr := rampartCLI(t, nil, "service", "credentials", "list", "--data", t.TempDir()); code != 1 || !strings.Contains(stderr, "no store") {
		t.Errorf("list on an empty directory: exit %d %s", code, stderr)
	}
}

// TestPAICLI drives `rampart pai` against a server.
func TestPAICLI(t *testing.T) {
	s := startAPI(t)
	root := []string{"RAMPART_ACCESS_KEY_ID=" + s.root.id, "RAMPART_ACCESS_KEY_SECRET=" + s.root.secret, "RAMPART_ENDPOINT=" + s.URL}

	code, out, stderr := rampartCLI(t, root, "pai", "dependent-services")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 23 || !strings.HasPrefix(lines[0], "MODULE") || !strings.Contains(out, "AliyunServiceRoleForPaiEas") {
		t.Fatalf("pai dependent-services: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, stderr = rampartCLI(t, root, "pai", "authorize", "--module", "EAS", "--service", "OSS")
	var authorized struct{ DependentService dependentServiceRow }
	if err := json.Unmarshal([]byte(out), &authorized); code != 0 || err != nil || !authorized.DependentService.Authorized {
		t.Errorf("pai authorize: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, stderr = rampartCLI(t, root, "pai", "dependent-services", "--json")
	var status struct{ DependentServices []dependentServiceRow }
	if err := json.Unmarshal([]byte(out), &status); code != 0 || err != nil || len(status.DependentServices) != 22 {
		t.Fatalf("pai dependent-services --json: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, r := range status.DependentServices {
		if want := r.Module == "EAS" && (r.Service == "OSS" || r.Service == "SLS" || r.Service == "VPC"); r.Authorized != want {
			t.Errorf("%s/%s authorized %v after authorizing EAS/OSS", r.Module, r.Service, r.Authorized)
		}
	}
	code, out, stderr = rampartCLI(t, root, "pai", "activate", "--service", "OSS")
	if code != 0 || !strings.Contains(out, `"Service": "OSS"`) {
		t.Errorf("pai activate --service OSS: exit %d\n%s\n%s", code, out, stderr)
	}

	_, key := newUserWithKey(t, s, "cli-nobody")
	nobody := []string{"RAMPART_ACCESS_KEY_ID=" + key.id, "RAMPART_ACCESS_KEY_SECRET=" + key.secret, "RAMPART_ENDPOINT=" + s.URL}
	code, out, stderr = rampartCLI(t, nobody, "pai", "activate")
	if code != 1 || out != "" || !strings.Contains(stderr, `"Code": "NoPermission"`) || !strings.Contains(stderr, "AliyunPAIFullAccess") {
		t.Errorf("pai activate without AliyunPAIFullAccess: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
	if code, _, _ := rampartCLI(t, root, "pai", "authorize", "--module", "EAS"); code != 2 {
		t.Errorf("pai authorize without --service: exit %d, want 2", code)
	}
}
