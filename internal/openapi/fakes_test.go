package openapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/sts"
)

const account = "1234567890123456"

var created = time.Date(2015, 1, 23, 12, 33, 18, 0, time.UTC)

// fakeAuth accepts any request whose AccessKeyId is "good", as user alice.
type fakeAuth struct{}

func (fakeAuth) VerifyRPC(_ context.Context, _ *http.Request, p url.Values) (*authz.Caller, error) {
	switch p.Get("AccessKeyId") {
	case "good", "other":
		return &authz.Caller{Type: authz.User, AccountID: account, ID: "2000000000000001", Name: "alice",
			ARN: authz.UserARN(account, "alice"), AccessKeyID: p.Get("AccessKeyId")}, nil
	case "":
		return nil, errs.E(errs.Invalid, "MissingParameter", `The input parameter "AccessKeyId" that is mandatory for processing this request is not supplied.`)
	}
	return nil, errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "The AccessKey ID provided does not exist in our records.")
}

// VerifyV3 refuses: the real verifier's V3 is tested in package authn and end to end.
func (fakeAuth) VerifyV3(context.Context, *http.Request, []byte) (*authz.Caller, error) {
	return nil, errs.E(errs.Unauthenticated, "IncompleteSignature", "fakeAuth checks no V3 signature.")
}

// fakeRAM answers from canned data and remembers the last input it got. Methods the tests do
// not call come from the embedded nil interface (and would panic).
type fakeRAM struct {
	openapi.RAM
	last any
	err  error
}

var alice = ram.User{ID: "2000000000000001", Name: "alice", DisplayName: "Alice", CreateDate: created, UpdateDate: created}

func (f *fakeRAM) CreateUser(_ context.Context, _ *authz.Caller, in ram.CreateUserInput) (ram.User, error) {
	f.last = in
	return ram.User{ID: "2000000000000009", Name: in.UserName, DisplayName: in.DisplayName, Comments: in.Comments, CreateDate: created, UpdateDate: created}, f.err
}
func (f *fakeRAM) GetUser(_ context.Context, _ *authz.Caller, in ram.UserInput) (ram.User, error) {
	f.last = in
	return alice, f.err
}
func (f *fakeRAM) UpdateUser(_ context.Context, _ *authz.Caller, in ram.UpdateUserInput) (ram.User, error) {
	f.last = in
	return alice, f.err
}
func (f *fakeRAM) DeleteUser(_ context.Context, _ *authz.Caller, in ram.UserInput) error {
	f.last = in
	return f.err
}
func (f *fakeRAM) ListUsers(_ context.Context, _ *authz.Caller, in ram.PageInput) (ram.Page[ram.User], error) {
	f.last = in
	if in.MaxItems == 1 {
		return ram.Page[ram.User]{Items: []ram.User{alice}, Marker: "bob"}, f.err
	}
	if in.Marker == "empty" {
		return ram.Page[ram.User]{}, f.err
	}
	return ram.Page[ram.User]{Items: []ram.User{alice, {ID: "2000000000000002", Name: "bob", CreateDate: created, UpdateDate: created}}}, f.err
}
func (f *fakeRAM) CreateGroup(_ context.Context, _ *authz.Caller, in ram.CreateGroupInput) (ram.Group, error) {
	f.last = in
	return ram.Group{ID: "g1", Name: in.GroupName, Comments: in.Comments, CreateDate: created, UpdateDate: created}, f.err
}
func (f *fakeRAM) GetGroup(_ context.Context, _ *authz.Caller, in ram.GroupInput) (ram.Group, error) {
	f.last = in
	return ram.Group{ID: "g1", Name: in.GroupName}, f.err
}
func (f *fakeRAM) UpdateGroup(_ context.Context, _ *authz.Caller, in ram.UpdateGroupInput) (ram.Group, error) {
	f.last = in
	return ram.Group{ID: "g1", Name: in.NewGroupName}, f.err
}
func (f *fakeRAM) DeleteGroup(_ context.Context, _ *authz.Caller, in ram.GroupInput) error {
	f.last = in
	return f.err
}
func (f *fakeRAM) ListGroups(_ context.Context, _ *authz.Caller, in ram.PageInput) (ram.Page[ram.Group], error) {
	f.last = in
	return ram.Page[ram.Group]{Items: []ram.Group{{ID: "g1", Name: "dev"}}}, f.err
}
func (f *fakeRAM) AddUserToGroup(_ context.Context, _ *authz.Caller, in ram.MembershipInput) error {
	f.last = in
	return f.err
}
func (f *fakeRAM) RemoveUserFromGroup(_ context.Context, _ *authz.Caller, in ram.MembershipInput) error {
	f.last = in
	return f.err
}
func (f *fakeRAM) ListGroupsForUser(_ context.Context, _ *authz.Caller, in ram.UserInput) ([]ram.UserGroup, error) {
	f.last = in
	return []ram.UserGroup{{Group: ram.Group{ID: "g1", Name: "dev", Comments: "devs"}, JoinDate: created}}, f.err
}
func (f *fakeRAM) ListUsersForGroup(_ context.Context, _ *authz.Caller, in ram.ListUsersForGroupInput) (ram.Page[ram.GroupMember], error) {
	f.last = in
	return ram.Page[ram.GroupMember]{Items: []ram.GroupMember{{User: alice, JoinDate: created}}}, f.err
}

// fakeSTS issues fixed credentials.
type fakeSTS struct{ last sts.AssumeRoleInput }

func (f *fakeSTS) AssumeRole(_ context.Context, _ *authz.Caller, in sts.AssumeRoleInput) (sts.AssumeRoleResult, error) {
	f.last = in
	return sts.AssumeRoleResult{
		Credentials: sts.Credentials{AccessKeyID: "STS.abc", AccessKeySecret: secrets.Secret("s3cr3t"), SecurityToken: "tok",
			Expiration: time.Date(2015, 4, 9, 11, 52, 19, 0, time.UTC)},
		AssumedRoleUser: sts.AssumedRoleUser{ARN: "acs:ram::" + account + ":role/admin/s1", AssumedRoleID: "3000:s1"},
	}, nil
}

func (f *fakeSTS) GetCallerIdentity(c *authz.Caller) sts.Identity {
	return sts.Identity{IdentityType: "RAMUser", AccountID: c.AccountID, ARN: c.ARN, PrincipalID: c.ID, UserID: c.ID}
}

func newHandler(t *testing.T, d *fakeRAM, limit openapi.RateLimit) (*openapi.Handler, *strings.Builder) {
	t.Helper()
	var logs strings.Builder
	h, err := openapi.New(openapi.Options{Auth: fakeAuth{}, RAM: d, STS: &fakeSTS{}, Throttle: openapi.NewThrottle(limit, nil),
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return h, &logs
}

// do sends a POST / with query as the query string and form as a form body.
func do(h http.Handler, query, form string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "/?"+query, strings.NewReader(form))
	if form != "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func (f *fakeRAM) GetPolicy(_ context.Context, _ *authz.Caller, in ram.PolicyInput) (ram.PolicyDetail, error) {
	f.last = in
	return ram.PolicyDetail{
		Policy:               ram.Policy{Name: in.PolicyName, Type: "Custom", DefaultVersion: "v1", CreateDate: created, UpdateDate: created},
		DefaultPolicyVersion: ram.PolicyVersion{VersionID: "v1", IsDefault: true, Document: `{"Version":"1","Statement":[]}`, CreateDate: created},
	}, f.err
}

func (f *fakeRAM) CreatePolicyVersion(_ context.Context, _ *authz.Caller, in ram.CreatePolicyVersionInput) (ram.PolicyVersion, error) {
	f.last = in
	return ram.PolicyVersion{VersionID: "v2", IsDefault: in.SetAsDefault, Document: in.PolicyDocument, CreateDate: created}, f.err
}

func (f *fakeRAM) ListEntitiesForPolicy(_ context.Context, _ *authz.Caller, in ram.PolicyInput) (ram.PolicyEntities, error) {
	f.last = in
	return ram.PolicyEntities{Roles: []ram.AttachedRole{{Role: ram.Role{ID: "3", Name: "admin", ARN: "acs:ram::1:role/admin"}, AttachDate: created}}}, f.err
}

func (f *fakeRAM) AttachPolicyToRole(_ context.Context, _ *authz.Caller, in ram.AttachmentInput) error {
	f.last = in
	return f.err
}

func (f *fakeRAM) CreateAccessKey(_ context.Context, _ *authz.Caller, in ram.UserInput) (ram.AccessKey, error) {
	f.last = in
	return ram.AccessKey{ID: "LTAInew", Secret: "shown-once", Status: "Active", CreateDate: created}, f.err
}

func (f *fakeRAM) ListAccessKeys(_ context.Context, _ *authz.Caller, in ram.UserInput) ([]ram.AccessKey, error) {
	f.last = in
	return []ram.AccessKey{{ID: "LTAInew", Status: "Inactive", CreateDate: created}}, f.err
}

func (f *fakeRAM) GetAccessKeyLastUsed(_ context.Context, _ *authz.Caller, in ram.AccessKeyInput) (time.Time, error) {
	f.last = in
	return time.Time{}, f.err
}

func (f *fakeRAM) CreateVirtualMFADevice(_ context.Context, _ *authz.Caller, in ram.CreateVirtualMFADeviceInput) (ram.NewVirtualMFADevice, error) {
	f.last = in
	return ram.NewVirtualMFADevice{SerialNumber: "acs:ram::1:mfa/" + in.VirtualMFADeviceName, Base32StringSeed: "SEED", QRCodePNG: []byte{0x89, 'P', 'N', 'G'}}, f.err
}

func (f *fakeRAM) SetSecurityPreference(_ context.Context, _ *authz.Caller, in ram.SetSecurityPreferenceInput) (ram.SecurityPreference, error) {
	f.last = in
	return ram.SecurityPreference{AllowUserToManageAccessKeys: true, LoginSessionDuration: 6}, f.err
}

func (f *fakeRAM) SetPasswordPolicy(_ context.Context, _ *authz.Caller, in ram.SetPasswordPolicyInput) (ram.PasswordPolicy, error) {
	f.last = in
	return in.PasswordPolicy, f.err
}
