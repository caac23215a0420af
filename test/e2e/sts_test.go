package e2e_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// stsAccount is an account with a role "admin" (trusting the whole account, holding
// AdministratorAccess) and a user alice allowed to assume roles.
type stsAccount struct {
	*apiServer
	roleID string
	alice  credentials
}

func newSTSAccount(t *testing.T, s *apiServer) *stsAccount {
	t.Helper()
	c := s.ramClient(t, s.root)
	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.AssumeRolePolicyDocument = "admin", trustAccount(s.account)
	role := call(t, c.CreateRole, cr).Role
	ap := ram.CreateAttachPolicyToRoleRequest()
	ap.PolicyType, ap.PolicyName, ap.RoleName = "System", "AdministratorAccess", "admin"
	call(t, c.AttachPolicyToRole, ap)
	_, alice := newUserWithKey(t, s, "alice")
	attach(t, s, "System", "AliyunSTSAssumeRoleAccess", "alice")
	return &stsAccount{apiServer: s, roleID: role.RoleId, alice: alice}
}

func (a *stsAccount) assume(t *testing.T, as credentials, session, policy string, seconds int) credentials {
	t.Helper()
	req := sts.CreateAssumeRoleRequest()
	req.RoleArn, req.RoleSessionName, req.Policy = "acs:ram::"+a.account+":role/admin", session, policy
	if seconds != 0 {
		req.DurationSeconds = requests.NewInteger(seconds)
	}
	c := call(t, a.stsClient(t, as).AssumeRole, req).Credentials
	return credentials{id: c.AccessKeyId, secret: c.AccessKeySecret, token: c.SecurityToken}
}

var expirationRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

func TestSTS(t *testing.T) {
	a := newSTSAccount(t, startAPI(t))

	t.Run("AssumeRole", func(t *testing.T) {
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName, req.DurationSeconds = "acs:ram::"+a.account+":role/admin", "alice@laptop", requests.NewInteger(900)
		resp := call(t, a.stsClient(t, a.alice).AssumeRole, req)
		cr, u := resp.Credentials, resp.AssumedRoleUser
		if !strings.HasPrefix(cr.AccessKeyId, "STS.") || cr.AccessKeySecret == "" || cr.SecurityToken == "" || !expirationRE.MatchString(cr.Expiration) {
			t.Fatalf("Credentials: %+v", cr)
		}
		exp, _ := time.Parse("2006-01-02T15:04:05Z", cr.Expiration)
		if d := time.Until(exp); d < 890*time.Second || d > 905*time.Second {
			t.Errorf("Expiration %s is %v away, want 900 s", cr.Expiration, d)
		}
		if u.Arn != "acs:ram::"+a.account+":role/admin/alice@laptop" || u.AssumedRoleId != a.roleID+":alice@laptop" {
			t.Errorf("AssumedRoleUser: %+v", u)
		}
		// The temporary credentials work wherever long-term keys do, with the role's permissions.
		session := credentials{id: cr.AccessKeyId, secret: cr.AccessKeySecret, token: cr.SecurityToken}
		cu := ram.CreateCreateUserRequest()
		cu.UserName = "made-by-role"
		call(t, a.ramClient(t, session).CreateUser, cu)
	})

	t.Run("GetCallerIdentity", func(t *testing.T) {
		session := a.assume(t, a.alice, "whoami", "", 0)
		tests := []struct {
			name       string
			creds      credentials
			wantType   string
			wantArn    string
			wantUser   bool
			wantRoleID string
		}{
			{"root", a.root, "Account", "acs:ram::" + a.account + ":root", true, ""},
			{"RAM user", a.alice, "RAMUser", "acs:ram::" + a.account + ":user/alice", true, ""},
			{"role session", session, "AssumedRoleUser", "acs:ram::" + a.account + ":role/admin/whoami", false, a.roleID},
		}
		for _, tt := range tests {
			id := call(t, a.stsClient(t, tt.creds).GetCallerIdentity, sts.CreateGetCallerIdentityRequest())
			if id.IdentityType != tt.wantType || id.Arn != tt.wantArn || id.AccountId != a.account || (id.UserId != "") != tt.wantUser ||
				id.RoleId != tt.wantRoleID || id.PrincipalId == "" {
				t.Errorf("%s: %+v", tt.name, id)
			}
		}
	})

	t.Run("root cannot assume roles", func(t *testing.T) {
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/admin", "root"
		_, err := a.stsClient(t, a.root).AssumeRole(req)
		wantError(t, err, 403, "NoPermission")
	})

	t.Run("without sts:AssumeRole", func(t *testing.T) {
		_, bob := newUserWithKey(t, a.apiServer, "bob")
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/admin", "bob"
		_, err := a.stsClient(t, bob).AssumeRole(req)
		se := wantError(t, err, 403, "NoPermission")
		if d := se.AccessDeniedDetail(); d["AuthAction"] != "sts:AssumeRole" || d["PolicyType"] != "ImplicitDeny" || d["AuthPrincipalDisplayName"] != "bob" {
			t.Errorf("AccessDeniedDetail: %v", d)
		}
		// bob cannot tell a role that does not exist from one he may not assume, nor learn a
		// role's MaxSessionDuration.
		req = sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/ghost", "bob"
		_, err = a.stsClient(t, bob).AssumeRole(req)
		wantError(t, err, 403, "NoPermission")
		req = sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName, req.DurationSeconds = "acs:ram::"+a.account+":role/admin", "bob", requests.NewInteger(3601)
		_, err = a.stsClient(t, bob).AssumeRole(req)
		wantError(t, err, 403, "NoPermission")
	})

	t.Run("refused by the trust policy", func(t *testing.T) {
		// alice holds sts:AssumeRole; the role trusts only carol. The denial's Recommend points at
		// the trust policy, not at the permission alice already has.
		c := a.ramClient(t, a.root)
		cr := ram.CreateCreateRoleRequest()
		cr.RoleName = "carols"
		cr.AssumeRolePolicyDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + a.account + `:user/carol"]}}]}`
		call(t, c.CreateRole, cr)
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/carols", "alice"
		_, err := a.stsClient(t, a.alice).AssumeRole(req)
		se := wantError(t, err, 403, "NoPermission")
		if !strings.Contains(se.Recommend(), "trust policy") || strings.HasPrefix(se.Recommend(), "Grant sts:AssumeRole") {
			t.Errorf("Recommend = %q, want it to name the role's trust policy", se.Recommend())
		}
	})

	t.Run("a role's sessions assume a role that trusts the role", func(t *testing.T) {
		// RAM's trust policies name a role as "acs:ram::<account>:role/<name>"; the admin session
		// holds sts:AssumeRole through AdministratorAccess.
		c := a.ramClient(t, a.root)
		cr := ram.CreateCreateRoleRequest()
		cr.RoleName = "next"
		cr.AssumeRolePolicyDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + a.account + `:role/admin"]}}]}`
		next := call(t, c.CreateRole, cr).Role
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/next", "hop"
		u := call(t, a.stsClient(t, a.assume(t, a.alice, "chain", "", 0)).AssumeRole, req).AssumedRoleUser
		if u.Arn != "acs:ram::"+a.account+":role/next/hop" || u.AssumedRoleId != next.RoleId+":hop" {
			t.Errorf("AssumedRoleUser: %+v", u)
		}
		// The role is trusted, not the user who assumed it: alice herself is refused.
		_, err := a.stsClient(t, a.alice).AssumeRole(req)
		wantError(t, err, 403, "NoPermission")
	})

	t.Run("parameters", func(t *testing.T) {
		for _, tt := range []struct {
			arn, session string
			seconds      int
			status       int
			code         string
		}{
			{"acs:ram::" + a.account + ":role/ghost", "s1", 0, 404, "EntityNotExist.Role"},
			{"arn:nope", "s1", 0, 400, "InvalidParameter.RoleArn"},
			{"acs:ram::" + a.account + ":role/admin", "x", 0, 400, "InvalidParameter.RoleSessionName"},
			{"acs:ram::" + a.account + ":role/admin", "s1", 3601, 400, "InvalidParameter.DurationSeconds"},
		} {
			req := sts.CreateAssumeRoleRequest()
			req.RoleArn, req.RoleSessionName = tt.arn, tt.session
			if tt.seconds != 0 {
				req.DurationSeconds = requests.NewInteger(tt.seconds)
			}
			_, err := a.stsClient(t, a.alice).AssumeRole(req)
			wantError(t, err, tt.status, tt.code)
		}
	})

	t.Run("session policy narrows the role", func(t *testing.T) {
		session := a.assume(t, a.alice, "read-only", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}]}`, 0)
		c := a.ramClient(t, session)
		get := ram.CreateGetUserRequest()
		get.UserName = "alice"
		call(t, c.GetUser, get)
		cu := ram.CreateCreateUserRequest()
		cu.UserName = "not-allowed"
		_, err := c.CreateUser(cu)
		se := wantError(t, err, 403, "NoPermission")
		if d := se.AccessDeniedDetail(); d["AuthPrincipalType"] != "AssumedRoleUser" || d["PolicyType"] != "ImplicitDeny" || d["AuthAction"] != "ram:CreateUser" {
			t.Errorf("AccessDeniedDetail: %v", d)
		}
	})

	t.Run("session policy does not widen the role", func(t *testing.T) {
		// The session acts with the intersection: a session policy allowing everything leaves a
		// read-only role read-only.
		c := a.ramClient(t, a.root)
		cr := ram.CreateCreateRoleRequest()
		cr.RoleName, cr.AssumeRolePolicyDocument = "reader", trustAccount(a.account)
		call(t, c.CreateRole, cr)
		ap := ram.CreateAttachPolicyToRoleRequest()
		ap.PolicyType, ap.PolicyName, ap.RoleName = "System", "AliyunRAMReadOnlyAccess", "reader"
		call(t, c.AttachPolicyToRole, ap)
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/reader", "wide"
		req.Policy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
		cc := call(t, a.stsClient(t, a.alice).AssumeRole, req).Credentials
		session := a.ramClient(t, credentials{id: cc.AccessKeyId, secret: cc.AccessKeySecret, token: cc.SecurityToken})
		get := ram.CreateGetUserRequest()
		get.UserName = "alice"
		call(t, session.GetUser, get)
		cu := ram.CreateCreateUserRequest()
		cu.UserName = "widened"
		_, err := session.CreateUser(cu)
		wantError(t, err, 403, "NoPermission")
	})

	t.Run("session policy length counts characters", func(t *testing.T) {
		// AssumeRole's Policy may be 1 to 2,048 characters: a policy naming resources in Chinese
		// is within the limit while its UTF-8 bytes are not.
		policy := func(chars int) string {
			head := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":["*","acs:oss:*:*:报表/`
			tail := `"]}]}`
			return head + strings.Repeat("数", chars-utf8.RuneCountInString(head+tail)) + tail
		}
		at := policy(2048)
		if utf8.RuneCountInString(at) != 2048 || len(at) <= 2048 {
			t.Fatalf("policy of %d characters, %d bytes", utf8.RuneCountInString(at), len(at))
		}
		get := ram.CreateGetUserRequest()
		get.UserName = "alice"
		call(t, a.ramClient(t, a.assume(t, a.alice, "wide-chars", at, 0)).GetUser, get)

		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName, req.Policy = "acs:ram::"+a.account+":role/admin", "too-long", policy(2049)
		_, err := a.stsClient(t, a.alice).AssumeRole(req)
		wantError(t, err, 400, "InvalidParameter.PolicySize")
	})

	t.Run("SourceIdentity", func(t *testing.T) {
		// AssumeRole takes SourceIdentity and returns it; a role chain keeps the one it started
		// with. The SDK's AssumeRoleRequest and AssumeRoleResponse do not know the field yet:
		// the request carries it as a query parameter, the response body is read directly.
		c := a.ramClient(t, a.root)
		cr := ram.CreateCreateRoleRequest()
		cr.RoleName = "downstream"
		cr.AssumeRolePolicyDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + a.account + `:role/admin"]}}]}`
		call(t, c.CreateRole, cr)
		assume := func(as credentials, role, session, source string) (credentials, string, error) {
			req := sts.CreateAssumeRoleRequest()
			req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/"+role, session
			if source != "" {
				req.QueryParams["SourceIdentity"] = source
			}
			resp, err := a.stsClient(t, as).AssumeRole(req)
			if err != nil {
				return credentials{}, "", err
			}
			checkRequestID(t, resp)
			var body struct{ SourceIdentity string }
			if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
				t.Fatal(err)
			}
			cc := resp.Credentials
			return credentials{cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken}, body.SourceIdentity, nil
		}
		must := func(as credentials, role, session, source, want string) credentials {
			t.Helper()
			creds, got, err := assume(as, role, session, source)
			if err != nil {
				t.Fatalf("%s as %s with SourceIdentity %q: %v", role, session, source, err)
			}
			if got != want {
				t.Errorf("%s as %s with SourceIdentity %q: response SourceIdentity %q, want %q", role, session, source, got, want)
			}
			return creds
		}

		must(a.alice, "admin", "plain", "", "")
		first := must(a.alice, "admin", "origin", "Alice", "Alice")
		must(first, "downstream", "inherited", "", "Alice")
		must(first, "downstream", "same", "Alice", "Alice")
		_, _, err := assume(first, "downstream", "changed", "Mallory")
		wantError(t, err, 400, "InvalidParameter.SourceIdentity")
		// A session that started without one may be given one further along the chain.
		must(must(a.alice, "admin", "late", "", ""), "downstream", "late", "Bob", "Bob")
	})

	t.Run("a chained session may last to the role's MaxSessionDuration", func(t *testing.T) {
		// STS documents DurationSeconds as 900 to the role's MaxSessionDuration with no separate
		// limit for role chaining, and no tie to the calling session's own expiry.
		c := a.ramClient(t, a.root)
		cr := ram.CreateCreateRoleRequest()
		cr.RoleName, cr.MaxSessionDuration = "long", requests.NewInteger(7200)
		cr.AssumeRolePolicyDocument = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + a.account + `:role/admin"]}}]}`
		call(t, c.CreateRole, cr)
		short := a.assume(t, a.alice, "short", "", 900)
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName, req.DurationSeconds = "acs:ram::"+a.account+":role/long", "hop", requests.NewInteger(7200)
		exp, _ := time.Parse("2006-01-02T15:04:05Z", call(t, a.stsClient(t, short).AssumeRole, req).Credentials.Expiration)
		if d := time.Until(exp); d < 7190*time.Second || d > 7205*time.Second {
			t.Errorf("chained Expiration is %v away, want 7200 s", d)
		}
		req.DurationSeconds = requests.NewInteger(7201)
		_, err := a.stsClient(t, short).AssumeRole(req)
		wantError(t, err, 400, "InvalidParameter.DurationSeconds")
	})

	t.Run("role changes reach live sessions", func(t *testing.T) {
		// A token stays valid until it expires, but acts with its role's current policies: a
		// detached policy, or a deleted role, takes the permissions of live sessions away at once,
		// and a new role of the same name (another RoleId) does not give them back.
		c := a.ramClient(t, a.root)
		cr := ram.CreateCreateRoleRequest()
		cr.RoleName, cr.AssumeRolePolicyDocument = "temp", trustAccount(a.account)
		call(t, c.CreateRole, cr)
		grant := func() {
			ap := ram.CreateAttachPolicyToRoleRequest()
			ap.PolicyType, ap.PolicyName, ap.RoleName = "System", "AliyunRAMReadOnlyAccess", "temp"
			call(t, c.AttachPolicyToRole, ap)
		}
		grant()
		req := sts.CreateAssumeRoleRequest()
		req.RoleArn, req.RoleSessionName = "acs:ram::"+a.account+":role/temp", "live"
		cc := call(t, a.stsClient(t, a.alice).AssumeRole, req).Credentials
		live := credentials{id: cc.AccessKeyId, secret: cc.AccessKeySecret, token: cc.SecurityToken}
		get := ram.CreateGetUserRequest()
		get.UserName = "alice"
		call(t, a.ramClient(t, live).GetUser, get)

		dp := ram.CreateDetachPolicyFromRoleRequest()
		dp.PolicyType, dp.PolicyName, dp.RoleName = "System", "AliyunRAMReadOnlyAccess", "temp"
		call(t, c.DetachPolicyFromRole, dp)
		_, err := a.ramClient(t, live).GetUser(get)
		wantError(t, err, 403, "NoPermission")

		dr := ram.CreateDeleteRoleRequest()
		dr.RoleName = "temp"
		call(t, c.DeleteRole, dr)
		call(t, c.CreateRole, cr)
		grant()
		_, err = a.ramClient(t, live).GetUser(get)
		wantError(t, err, 403, "NoPermission")
		// The session still says who it is: GetCallerIdentity needs no permission.
		id := call(t, a.stsClient(t, live).GetCallerIdentity, sts.CreateGetCallerIdentityRequest())
		if id.IdentityType != "AssumedRoleUser" || id.Arn != "acs:ram::"+a.account+":role/temp/live" {
			t.Errorf("GetCallerIdentity: %+v", id)
		}
	})

	t.Run("security token errors", func(t *testing.T) {
		one := a.assume(t, a.alice, "one", "", 0)
		two := a.assume(t, a.alice, "two", "", 0)
		get := ram.CreateGetUserRequest()
		get.UserName = "alice"
		for _, tt := range []struct {
			name  string
			creds credentials
			code  string
		}{
			{"no token", credentials{id: one.id, secret: one.secret}, "MissingSecurityToken"},
			{"garbage", credentials{id: one.id, secret: one.secret, token: "bm90IGEgdG9rZW4"}, "InvalidSecurityToken.Malformed"},
			{"another session's token", credentials{id: one.id, secret: one.secret, token: two.token}, "InvalidSecurityToken.MismatchWithAccessKey"},
		} {
			_, err := a.ramClient(t, tt.creds).GetUser(get)
			wantError(t, err, 400, tt.code)
		}
	})
}
