package openapi_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/sts"
)

const ramQ = "AccessKeyId=good&Version=2015-05-01&"

// Response bodies as the SDK's structs spell them (RequestId is empty: outside the server's
// middleware there is no request ID; the e2e suite checks it).
func TestResponses(t *testing.T) {
	tests := []struct {
		name, query, form string
		wantStatus        int
		wantBody          string
	}{
		{"GetUser", ramQ + "Action=GetUser&UserName=alice", "", 200,
			`{"RequestId":"","User":{"UserId":"2000000000000001","UserName":"alice","DisplayName":"Alice","CreateDate":"2015-01-23T12:33:18Z","UpdateDate":"2015-01-23T12:33:18Z"}}`},
		{"ListUsers truncated", ramQ + "Action=ListUsers&MaxItems=1", "", 200,
			`{"RequestId":"","IsTruncated":true,"Marker":"bob","Users":{"User":[{"UserId":"2000000000000001","UserName":"alice","DisplayName":"Alice","CreateDate":"2015-01-23T12:33:18Z","UpdateDate":"2015-01-23T12:33:18Z"}]}}`},
		{"ListUsers empty", ramQ + "Action=ListUsers&Marker=empty", "", 200,
			`{"RequestId":"","IsTruncated":false,"Users":{"User":[]}}`},
		{"DeleteUser", ramQ + "Action=DeleteUser&UserName=alice", "", 200, `{"RequestId":""}`},
		{"parameters in a form body", "AccessKeyId=good", "Version=2015-05-01&Action=GetGroup&GroupName=dev", 200,
			`{"RequestId":"","Group":{"GroupId":"g1","GroupName":"dev"}}`},
		{"ListGroupsForUser", ramQ + "Action=ListGroupsForUser&UserName=alice", "", 200,
			`{"RequestId":"","Groups":{"Group":[{"GroupId":"g1","GroupName":"dev","Comments":"devs","JoinDate":"2015-01-23T12:33:18Z"}]}}`},
		{"SetSecurityPreference", ramQ + "Action=SetSecurityPreference", "", 200,
			`{"RequestId":"","SecurityPreference":{"LoginProfilePreference":{"EnableSaveMFATicket":false,"AllowUserToChangePassword":false,"LoginSessionDuration":6,"LoginNetworkMasks":""},"AccessKeyPreference":{"AllowUserToManageAccessKeys":true},"PublicKeyPreference":{"AllowUserToManagePublicKeys":false},"MFAPreference":{"AllowUserToManageMFADevices":false}}}`},
		{"GetPolicy with no attachments", ramQ + "Action=GetPolicy&PolicyType=Custom&PolicyName=p", "", 200,
			`{"RequestId":"","Policy":{"PolicyName":"p","PolicyType":"Custom","DefaultVersion":"v1","AttachmentCount":0,"CreateDate":"2015-01-23T12:33:18Z","UpdateDate":"2015-01-23T12:33:18Z"},"DefaultPolicyVersion":{"VersionId":"v1","IsDefaultVersion":true,"PolicyDocument":"{\"Version\":\"1\",\"Statement\":[]}","CreateDate":"2015-01-23T12:33:18Z"}}`},
		{"CreatePolicyVersion", ramQ + "Action=CreatePolicyVersion&PolicyName=p&PolicyDocument=%7B%7D&SetAsDefault=true", "", 200,
			`{"RequestId":"","PolicyVersion":{"VersionId":"v2","IsDefaultVersion":true,"PolicyDocument":"{}","CreateDate":"2015-01-23T12:33:18Z"}}`},
		{"ListEntitiesForPolicy", ramQ + "Action=ListEntitiesForPolicy&PolicyType=System&PolicyName=AdministratorAccess", "", 200,
			`{"RequestId":"","Users":{"User":[]},"Groups":{"Group":[]},"Roles":{"Role":[{"RoleId":"3","RoleName":"admin","Arn":"acs:ram::1:role/admin","AttachDate":"2015-01-23T12:33:18Z"}]}}`},
		{"CreateAccessKey shows the secret", ramQ + "Action=CreateAccessKey", "", 200,
			`{"RequestId":"","AccessKey":{"AccessKeyId":"LTAInew","AccessKeySecret":"shown-once","Status":"Active","CreateDate":"2015-01-23T12:33:18Z"}}`},
		{"ListAccessKeys", ramQ + "Action=ListAccessKeys&UserName=alice", "", 200,
			`{"RequestId":"","AccessKeys":{"AccessKey":[{"AccessKeyId":"LTAInew","Status":"Inactive","CreateDate":"2015-01-23T12:33:18Z"}]}}`},
		{"GetAccessKeyLastUsed never", ramQ + "Action=GetAccessKeyLastUsed&UserAccessKeyId=LTAInew", "", 200,
			`{"RequestId":"","AccessKeyLastUsed":{}}`},
		{"CreateVirtualMFADevice", ramQ + "Action=CreateVirtualMFADevice&VirtualMFADeviceName=phone", "", 200,
			`{"RequestId":"","VirtualMFADevice":{"SerialNumber":"acs:ram::1:mfa/phone","Base32StringSeed":"SEED","QRCodePNG":"iVBORw=="}}`},
		{"AssumeRole", "AccessKeyId=good&Version=2015-04-01&Action=AssumeRole&RoleArn=acs:ram::1:role/admin&RoleSessionName=s1", "", 200,
			`{"RequestId":"","Credentials":{"AccessKeyId":"STS.abc","AccessKeySecret":"s3cr3t","SecurityToken":"tok","Expiration":"2015-04-09T11:52:19Z"},"AssumedRoleUser":{"Arn":"acs:ram::1234567890123456:role/admin/s1","AssumedRoleId":"3000:s1"}}`},
		{"GetCallerIdentity", "AccessKeyId=good&Version=2015-04-01&Action=GetCallerIdentity", "", 200,
			`{"RequestId":"","IdentityType":"RAMUser","AccountId":"1234567890123456","Arn":"acs:ram::1234567890123456:user/alice","PrincipalId":"2000000000000001","UserId":"2000000000000001"}`},
		{"no Action", "AccessKeyId=good&Version=2015-05-01", "", 400,
			`{"RequestId":"","HostId":"example.com","Code":"MissingParameter","Message":"The input parameter \"Action\" that is mandatory for processing this request is not supplied."}`},
		{"no Version", "AccessKeyId=good&Action=GetUser", "", 400,
			`{"RequestId":"","HostId":"example.com","Code":"MissingParameter","Message":"The input parameter \"Version\" that is mandatory for processing this request is not supplied."}`},
		{"unknown version", "AccessKeyId=good&Version=2019-08-15&Action=GetUser", "", 400,
			`{"RequestId":"","HostId":"example.com","Code":"InvalidVersion","Message":"Specified parameter Version is not valid."}`},
		{"unknown action", ramQ + "Action=AssumeRole", "", 404,
			`{"RequestId":"","HostId":"example.com","Code":"InvalidAction.NotFound","Message":"Specified api is not found, please check your url and method."}`},
		{"authentication fails", "AccessKeyId=bad&Version=2015-05-01&Action=GetUser&UserName=a", "", 404,
			`{"RequestId":"","HostId":"example.com","Code":"InvalidAccessKeyId.NotFound","Message":"The AccessKey ID provided does not exist in our records."}`},
		{"missing parameter", ramQ + "Action=GetUser", "", 400,
			`{"RequestId":"","HostId":"example.com","Code":"MissingParameter","Message":"The input parameter \"UserName\" that is mandatory for processing this request is not supplied."}`},
		{"integer that does not parse", ramQ + "Action=ListUsers&MaxItems=ten", "", 400,
			`{"RequestId":"","HostId":"example.com","Code":"InvalidParameter","Message":"The specified parameter \"MaxItems\" is not valid."}`},
		{"parameter in query and body", ramQ + "Action=GetUser&UserName=a", "UserName=b", 400,
			`{"RequestId":"","HostId":"example.com","Code":"InvalidParameter","Message":"The parameter \"UserName\" is given more than once."}`},
		{"bad escape", ramQ + "Action=GetUser&UserName=%zz", "", 400,
			`{"RequestId":"","HostId":"example.com","Code":"InvalidParameter","Message":"The request's parameters are not correctly URL-encoded."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newHandler(t, &fakeRAM{}, openapi.RateLimit{})
			w := do(h, tt.query, tt.form)
			if w.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tt.wantStatus)
			}
			if got := strings.TrimSpace(w.Body.String()); got != tt.wantBody {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.wantBody)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json;charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

// The handlers pass every parameter to the domain under the right field.
func TestDecodedInputs(t *testing.T) {
	tests := []struct {
		query string
		want  any
	}{
		{"Action=CreateUser&UserName=bob&DisplayName=Bob&MobilePhone=86-1&Email=b@x.com&Comments=hi",
			ram.CreateUserInput{UserName: "bob", DisplayName: "Bob", MobilePhone: "86-1", Email: "b@x.com", Comments: "hi"}},
		{"Action=UpdateUser&UserName=bob&NewUserName=rob&NewDisplayName=Rob&NewMobilePhone=86-2&NewEmail=r@x.com&NewComments=c",
			ram.UpdateUserInput{UserName: "bob", NewUserName: "rob", NewDisplayName: "Rob", NewMobilePhone: "86-2", NewEmail: "r@x.com", NewComments: "c"}},
		{"Action=ListUsers&Marker=m&MaxItems=50", ram.PageInput{Marker: "m", MaxItems: 50}},
		{"Action=UpdateGroup&GroupName=dev&NewGroupName=ops&NewComments=c", ram.UpdateGroupInput{GroupName: "dev", NewGroupName: "ops", NewComments: "c"}},
		{"Action=AddUserToGroup&GroupName=dev&UserName=bob", ram.MembershipInput{GroupName: "dev", UserName: "bob"}},
		{"Action=AttachPolicyToRole&PolicyType=System&PolicyName=AdministratorAccess&RoleName=admin",
			ram.AttachmentInput{PolicyType: "System", PolicyName: "AdministratorAccess", PrincipalName: "admin"}},
		{"Action=SetPasswordPolicy&MinimumPasswordLength=12&RequireSymbols=true&MaxLoginAttemps=5",
			ram.SetPasswordPolicyInput{PasswordPolicy: ram.PasswordPolicy{MinimumPasswordLength: 12, RequireSymbols: true, MaxLoginAttempts: 5}}},
		// Absent settings stay as they are (nil); an empty LoginNetworkMasks clears the list.
		{"Action=SetSecurityPreference&AllowUserToManageMFADevices=false&LoginNetworkMasks=",
			ram.SetSecurityPreferenceInput{AllowUserToManageMFADevices: ptr(false), LoginNetworkMasks: ptr("")}},
		{"Action=CreatePolicyVersion&PolicyName=p&PolicyDocument=d&RotateStrategy=None",
			ram.CreatePolicyVersionInput{PolicyName: "p", PolicyDocument: "d", RotateStrategy: "None"}},
		{"Action=ListUsersForGroup&GroupName=dev&Marker=m&MaxItems=5", ram.ListUsersForGroupInput{GroupName: "dev", Marker: "m", MaxItems: 5}},
	}
	for _, tt := range tests {
		d := &fakeRAM{}
		h, _ := newHandler(t, d, openapi.RateLimit{})
		if w := do(h, ramQ+tt.query, ""); w.Code != 200 {
			t.Fatalf("%s: %d %s", tt.query, w.Code, w.Body)
		}
		if diff := cmp.Diff(tt.want, d.last); diff != "" {
			t.Errorf("%s: input (-want +got):\n%s", tt.query, diff)
		}
	}

	s := &fakeSTS{}
	h, err := openapi.New(openapi.Options{Auth: fakeAuth{}, RAM: &fakeRAM{}, STS: s, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	do(h, "AccessKeyId=good&Version=2015-04-01&Action=AssumeRole&RoleArn=arn&RoleSessionName=s&Policy=p&DurationSeconds=900&ExternalId=x", "")
	if diff := cmp.Diff(sts.AssumeRoleInput{RoleArn: "arn", RoleSessionName: "s", Policy: "p", DurationSeconds: 900, ExternalID: "x"}, s.last); diff != "" {
		t.Errorf("AssumeRole input (-want +got):\n%s", diff)
	}
}

func TestDomainErrors(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantBody   string
		wantLogged bool
	}{
		{"not found", errs.E(errs.NotFound, "EntityNotExist.User", "The user does not exist."), 404,
			`{"RequestId":"","HostId":"example.com","Code":"EntityNotExist.User","Message":"The user does not exist."}`, false},
		{"exists", errs.E(errs.Exists, "EntityAlreadyExists.User", "The user does already EXIST."), 409, "", false},
		{"conflict", errs.E(errs.Conflict, "DeleteConflict.User.Group", "x"), 409, "", false},
		{"limit", errs.E(errs.LimitExceeded, "LimitExceeded.User", "x"), 409, "", false},
		{"invalid", errs.E(errs.Invalid, "InvalidParameter.UserName.InvalidChars", "x"), 400, "", false},
		{"invalid, with a cause", &errs.Error{Kind: errs.Invalid, Code: "InvalidSecurityToken.Malformed", Message: "x",
			Err: errors.New("illegal base64 data")}, 400, "", false}, // the client's mistake: DEBUG, not ERROR
		{"unavailable", errs.E(errs.Unavailable, "ServiceUnavailable", "x"), 503, "", true},
		{"internal", errors.New("database is locked"), 500,
			`{"RequestId":"","HostId":"example.com","Code":"InternalError","Message":"An internal error occurred."}`, true},
		{"denied", &errs.Error{Kind: errs.Denied, Code: "NoPermission", Message: "You are not authorized to do this action.",
			Denial: &errs.Denial{Action: "ram:GetUser", Resource: "acs:ram::1:user/alice", PrincipalType: "SubUser",
				PrincipalDisplayName: "bob", PrincipalOwnerID: "1", PolicyType: "ExplicitDeny"}}, 403,
			`{"RequestId":"","HostId":"example.com","Code":"NoPermission","Message":"You are not authorized to do this action.","Recommend":"Grant ram:GetUser on acs:ram::1:user/alice to the caller, or remove the Deny that matched.","AccessDeniedDetail":{"PolicyType":"ExplicitDeny","AuthAction":"ram:GetUser","AuthResource":"acs:ram::1:user/alice","AuthPrincipalType":"SubUser","AuthPrincipalDisplayName":"bob","AuthPrincipalOwnerId":"1"}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, logs := newHandler(t, &fakeRAM{err: tt.err}, openapi.RateLimit{})
			w := do(h, ramQ+"Action=GetUser&UserName=alice", "")
			if w.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tt.wantStatus)
			}
			if got := strings.TrimSpace(w.Body.String()); tt.wantBody != "" && got != tt.wantBody {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.wantBody)
			}
			if logged := strings.Contains(logs.String(), "request failed"); logged != tt.wantLogged {
				t.Errorf("logged = %v, want %v: %s", logged, tt.wantLogged, logs)
			}
		})
	}
}

// Format=XML: the SDK decodes XML with encoding/xml into the same structs; lists are repeated
// elements inside their wrapper.
func TestXML(t *testing.T) {
	h, _ := newHandler(t, &fakeRAM{}, openapi.RateLimit{})
	w := do(h, ramQ+"Format=XML&Action=ListUsers", "")
	if ct := w.Header().Get("Content-Type"); ct != "text/xml;charset=utf-8" || w.Code != 200 {
		t.Fatalf("%d %q", w.Code, ct)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<ListUsersResponse><RequestId></RequestId><IsTruncated>false</IsTruncated><Users>` +
		`<User><UserId>2000000000000001</UserId><UserName>alice</UserName><DisplayName>Alice</DisplayName><CreateDate>2015-01-23T12:33:18Z</CreateDate><UpdateDate>2015-01-23T12:33:18Z</UpdateDate></User>` +
		`<User><UserId>2000000000000002</UserId><UserName>bob</UserName><CreateDate>2015-01-23T12:33:18Z</CreateDate><UpdateDate>2015-01-23T12:33:18Z</UpdateDate></User>` +
		`</Users></ListUsersResponse>`
	if got := w.Body.String(); got != want {
		t.Errorf("body =\n%s\nwant\n%s", got, want)
	}
	// Decoded the SDK's way.
	var resp struct {
		IsTruncated bool
		Users       struct {
			User []struct{ UserName string }
		}
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &resp); err != nil || len(resp.Users.User) != 2 || resp.Users.User[1].UserName != "bob" {
		t.Errorf("decoded %+v, %v", resp, err)
	}

	w = do(h, "AccessKeyId=bad&Version=2015-05-01&Format=xml&Action=GetUser", "")
	if want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Error><RequestId></RequestId><HostId>example.com</HostId><Code>InvalidAccessKeyId.NotFound</Code><Message>The AccessKey ID provided does not exist in our records.</Message></Error>`; w.Body.String() != want {
		t.Errorf("XML error =\n%s\nwant\n%s", w.Body, want)
	}
}

func TestRateLimits(t *testing.T) {
	tests := []struct {
		name  string
		limit openapi.RateLimit
		keys  []string // AccessKeyId of each request in turn
		want  []int
	}{
		{"per AccessKey", openapi.RateLimit{PerAccessKey: 0.001, Burst: 2}, []string{"good", "good", "other", "good"}, []int{200, 200, 200, 429}},
		{"per IP, before authentication", openapi.RateLimit{PerIP: 0.001, Burst: 2}, []string{"good", "bad", "good"}, []int{200, 404, 429}},
		{"off", openapi.RateLimit{}, []string{"good", "good", "good", "good"}, []int{200, 200, 200, 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newHandler(t, &fakeRAM{}, tt.limit)
			for i, key := range tt.keys {
				w := do(h, "AccessKeyId="+key+"&Version=2015-05-01&Action=GetUser&UserName=a", "")
				if w.Code != tt.want[i] {
					t.Fatalf("request %d: status %d, want %d", i, w.Code, tt.want[i])
				}
				if w.Code == http.StatusTooManyRequests {
					if !strings.Contains(w.Body.String(), `"Code":"Throttling.User"`) || w.Header().Get("Retry-After") == "" {
						t.Errorf("throttled response: %s %v", w.Body, w.Header())
					}
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// A call whose client has closed its connection fails with the request's canceled context: not
// the server's failure, so it is no ERROR "request failed" (only a DEBUG line).
func TestClientGoneIsNotLoggedAsError(t *testing.T) {
	h, logs := newHandler(t, &fakeRAM{err: fmt.Errorf("update: %w", context.Canceled)}, openapi.RateLimit{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(ctx, "POST", "/?"+ramQ+"Action=GetUser&UserName=alice", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", w.Code)
	}
	if logs.String() != "" {
		t.Errorf("logged at INFO or above: %s", logs)
	}
}
