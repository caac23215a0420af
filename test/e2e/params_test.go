package e2e_test

import (
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcemanager"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// TestExplicitZero: a numeric parameter RAM accepts only above zero is refused when a client
// sends 0, with the parameter's own code, and changes nothing; leaving it out still means the
// default. (Rampart's domain takes 0 for "absent", which once let an explicit 0 through as the
// default.)
func TestExplicitZero(t *testing.T) {
	s := startAPI(t)
	c := s.ramClient(t, s.root)
	zero := requests.NewInteger(0)

	lu := ram.CreateListUsersRequest()
	lu.MaxItems = zero
	_, err := c.ListUsers(lu)
	wantError(t, err, 400, "InvalidParameter.MaxItems.Range")
	lp := ram.CreateListPoliciesRequest()
	lp.MaxItems = zero
	_, err = c.ListPolicies(lp)
	wantError(t, err, 400, "InvalidParameter.MaxItems.Range")
	call(t, c.ListUsers, ram.CreateListUsersRequest())

	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.AssumeRolePolicyDocument, cr.MaxSessionDuration = "zero", trustAccount(s.account), zero
	_, err = c.CreateRole(cr)
	wantError(t, err, 400, "InvalidParameter.MaxSessionDuration.Range")
	gr := ram.CreateGetRoleRequest()
	gr.RoleName = "zero"
	_, err = c.GetRole(gr)
	wantError(t, err, 404, "EntityNotExist.Role")

	cr = ram.CreateCreateRoleRequest() // a request is not reused: the SDK keeps what it sent
	cr.RoleName, cr.AssumeRolePolicyDocument = "admin", trustAccount(s.account)
	before := call(t, c.CreateRole, cr).Role
	ur := ram.CreateUpdateRoleRequest()
	ur.RoleName, ur.NewMaxSessionDuration = "admin", zero
	_, err = c.UpdateRole(ur)
	wantError(t, err, 400, "InvalidParameter.NewMaxSessionDuration.Range")
	gr = ram.CreateGetRoleRequest()
	gr.RoleName = "admin"
	if after := call(t, c.GetRole, gr).Role; after.MaxSessionDuration != before.MaxSessionDuration || after.UpdateDate != before.UpdateDate {
		t.Errorf("UpdateRole with NewMaxSessionDuration 0 changed the role: %+v, was %+v", after, before)
	}

	_, alice := newUserWithKey(t, s, "alice")
	attach(t, s, "System", "AliyunSTSAssumeRoleAccess", "alice")
	ar := sts.CreateAssumeRoleRequest()
	ar.RoleArn, ar.RoleSessionName, ar.DurationSeconds = before.Arn, "s1", zero
	_, err = s.stsClient(t, alice).AssumeRole(ar)
	wantError(t, err, 400, "InvalidParameter.DurationSeconds")

	sp := ram.CreateSetPasswordPolicyRequest()
	sp.MinimumPasswordLength = requests.NewInteger(12)
	call(t, c.SetPasswordPolicy, sp)
	sp = ram.CreateSetPasswordPolicyRequest()
	sp.MinimumPasswordLength = zero
	_, err = c.SetPasswordPolicy(sp)
	wantError(t, err, 400, "InvalidParameter.MinimumPasswordLength.Range")
	if n := call(t, c.GetPasswordPolicy, ram.CreateGetPasswordPolicyRequest()).PasswordPolicy.MinimumPasswordLength; n != 12 {
		t.Errorf("SetPasswordPolicy with MinimumPasswordLength 0 left the minimum at %d, want 12", n)
	}

	rg := resourcemanager.CreateListResourceGroupsRequest()
	rg.PageSize = zero
	_, err = s.rmClient(t, s.root).ListResourceGroups(rg)
	wantError(t, err, 400, "InvalidParameter.PageSize.Range")
}

// TestIntegerSpelling: an integer not written as the SDKs write one ("+5", "03600"), which Go's
// strconv read as 5 and 3600 while other readers of the request may not, is refused naming the
// parameter, and changes nothing.
func TestIntegerSpelling(t *testing.T) {
	s := startAPI(t)
	c := s.ramClient(t, s.root)

	lu := ram.CreateListUsersRequest()
	lu.MaxItems = "+5"
	_, err := c.ListUsers(lu)
	wantError(t, err, 400, "InvalidParameter")
	cr := ram.CreateCreateRoleRequest()
	cr.RoleName, cr.AssumeRolePolicyDocument, cr.MaxSessionDuration = "padded", trustAccount(s.account), "03600"
	_, err = c.CreateRole(cr)
	if se := wantError(t, err, 400, "InvalidParameter"); !strings.Contains(se.Message(), `"MaxSessionDuration"`) {
		t.Errorf("message %q does not name MaxSessionDuration", se.Message())
	}
	gr := ram.CreateGetRoleRequest()
	gr.RoleName = "padded"
	_, err = c.GetRole(gr)
	wantError(t, err, 404, "EntityNotExist.Role")
	lg := resourcemanager.CreateListResourceGroupsRequest()
	lg.PageSize = "+10"
	_, err = s.rmClient(t, s.root).ListResourceGroups(lg)
	if se := wantError(t, err, 400, "InvalidParameter"); !strings.Contains(se.Message(), `"PageSize"`) {
		t.Errorf("message %q does not name PageSize", se.Message())
	}
}

// TestRepeatedParameterGaps: an item of a repeated parameter past a gap (ResourceGroupIds.2
// without .1, Tag.2.Key without Tag.1) was dropped by reading up to the first gap, silently
// widening the filter to everything; it is refused, naming the parameter.
func TestRepeatedParameterGaps(t *testing.T) {
	s := startAPI(t)
	c := s.ramClient(t, s.root)
	common := func(product, version, action string, params map[string]string) error {
		r := requests.NewCommonRequest()
		r.Method, r.Scheme, r.Domain = "POST", "http", s.host
		r.Product, r.Version, r.ApiName = product, version, action
		for k, v := range params {
			r.QueryParams[k] = v
		}
		_, err := c.ProcessCommonRequest(r)
		return err
	}
	rg := resourcemanager.CreateCreateResourceGroupRequest()
	rg.Name, rg.DisplayName = "team-a", "Team A"
	group := call(t, s.rmClient(t, s.root).CreateResourceGroup, rg).ResourceGroup.Id
	if err := common("ResourceManager", "2020-03-31", "ListResourceGroups", map[string]string{"ResourceGroupIds.1": group}); err != nil {
		t.Errorf("ResourceGroupIds.1: %v", err)
	}
	for _, tc := range []struct {
		product, version, action string
		params                   map[string]string
		param                    string
	}{
		{"ResourceManager", "2020-03-31", "ListResourceGroups", map[string]string{"ResourceGroupIds.2": "rg-none"}, "ResourceGroupIds.2"},
		{"ResourceManager", "2020-03-31", "ListResourceGroups", map[string]string{"ResourceGroupIds.1": group, "ResourceGroupIds.3": "rg-none"}, "ResourceGroupIds.3"},
		{"Ram", "2015-05-01", "ListRoles", map[string]string{"Tag.2.Key": "team"}, "Tag.2.Key"},
		{"Ram", "2015-05-01", "ListPolicies", map[string]string{"Tag.1.Key": "team", "Tag.1.Color": "red"}, "Tag.1.Color"},
	} {
		se := wantError(t, common(tc.product, tc.version, tc.action, tc.params), 400, "InvalidParameter")
		if !strings.Contains(se.Message(), `"`+tc.param+`"`) {
			t.Errorf("%s %v: message %q does not name %s", tc.action, tc.params, se.Message(), tc.param)
		}
	}
}
