package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/resourcemanager"

	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// accountState is everything the account holds, as the List/Get calls show it (without their
// RequestIds), with the store's revision and the ID of the newest success in the audit trail.
func accountState(t *testing.T, s *apiServer, db *sqlstore.DB, ws, rg string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(storeState(t, db) + "\n")
	out := func(what string) func(responses.AcsResponse, error) {
		return func(resp responses.AcsResponse, err error) {
			if err != nil {
				var se *sdkerrors.ServerError
				if errors.As(err, &se) {
					fmt.Fprintf(&b, "%s: %s\n", what, se.ErrorCode())
					return
				}
				t.Fatalf("%s: %v", what, err)
			}
			var body map[string]any
			if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			delete(body, "RequestId")
			j, _ := json.Marshal(body)
			fmt.Fprintf(&b, "%s: %s\n", what, j)
		}
	}
	c := s.ramClient(t, s.root)
	lu := ram.CreateListUsersRequest()
	lu.MaxItems = requests.NewInteger(1000)
	users, err := c.ListUsers(lu)
	out("ListUsers")(users, err)
	for _, u := range users.Users.User {
		n := u.UserName
		{
			r := ram.CreateListAccessKeysRequest()
			r.UserName = n
			out(n + " ListAccessKeys")(c.ListAccessKeys(r))
		}
		{
			r := ram.CreateGetLoginProfileRequest()
			r.UserName = n
			out(n + " GetLoginProfile")(c.GetLoginProfile(r))
		}
		{
			r := ram.CreateGetUserMFAInfoRequest()
			r.UserName = n
			out(n + " GetUserMFAInfo")(c.GetUserMFAInfo(r))
		}
		{
			r := ram.CreateListGroupsForUserRequest()
			r.UserName = n
			out(n + " ListGroupsForUser")(c.ListGroupsForUser(r))
		}
		{
			r := ram.CreateListPoliciesForUserRequest()
			r.UserName = n
			out(n + " ListPoliciesForUser")(c.ListPoliciesForUser(r))
		}
	}
	lg := ram.CreateListGroupsRequest()
	lg.MaxItems = requests.NewInteger(1000)
	groups, err := c.ListGroups(lg)
	out("ListGroups")(groups, err)
	for _, g := range groups.Groups.Group {
		r := ram.CreateListPoliciesForGroupRequest()
		r.GroupName = g.GroupName
		out(g.GroupName + " ListPoliciesForGroup")(c.ListPoliciesForGroup(r))
	}
	lr := ram.CreateListRolesRequest()
	lr.MaxItems = requests.NewInteger(1000)
	roles, err := c.ListRoles(lr)
	out("ListRoles")(roles, err)
	for _, r := range roles.Roles.Role {
		q := ram.CreateListPoliciesForRoleRequest()
		q.RoleName = r.RoleName
		out(r.RoleName + " ListPoliciesForRole")(c.ListPoliciesForRole(q))
	}
	lp := ram.CreateListPoliciesRequest()
	lp.PolicyType, lp.MaxItems = "Custom", requests.NewInteger(1000)
	policies, err := c.ListPolicies(lp)
	out("ListPolicies")(policies, err)
	for _, p := range policies.Policies.Policy {
		r := ram.CreateListPolicyVersionsRequest()
		r.PolicyName, r.PolicyType = p.PolicyName, "Custom"
		out(p.PolicyName + " ListPolicyVersions")(c.ListPolicyVersions(r))
	}
	le := ram.CreateListEntitiesForPolicyRequest()
	le.PolicyName, le.PolicyType = "AliyunRAMReadOnlyAccess", "System"
	out("ListEntitiesForPolicy")(c.ListEntitiesForPolicy(le))
	out("ListVirtualMFADevices")(c.ListVirtualMFADevices(ram.CreateListVirtualMFADevicesRequest()))
	out("GetPasswordPolicy")(c.GetPasswordPolicy(ram.CreateGetPasswordPolicyRequest()))
	out("GetSecurityPreference")(c.GetSecurityPreference(ram.CreateGetSecurityPreferenceRequest()))
	out("GetAccountAlias")(c.GetAccountAlias(ram.CreateGetAccountAliasRequest()))

	rm := s.rmClient(t, s.root)
	lrg := resourcemanager.CreateListResourceGroupsRequest()
	lrg.PageSize = requests.NewInteger(100)
	out("ListResourceGroups")(rm.ListResourceGroups(lrg))
	la := resourcemanager.CreateListPolicyAttachmentsRequest()
	la.ResourceGroupId, la.PageSize = rg, requests.NewInteger(100)
	out("ListPolicyAttachments")(rm.ListPolicyAttachments(la))

	pai := s.paiClient(t, s.root)
	lw := aiworkspace.CreateListWorkspacesRequest()
	lw.PageSize = "100"
	out("ListWorkspaces")(pai.ListWorkspaces(lw))
	out("GetDefaultWorkspace")(pai.GetDefaultWorkspace(aiworkspace.CreateGetDefaultWorkspaceRequest()))
	lm := aiworkspace.CreateListMembersRequest()
	lm.WorkspaceId, lm.PageSize = ws, "100"
	out("ListMembers")(pai.ListMembers(lm))
	lres := aiworkspace.CreateListResourcesRequest()
	lres.WorkspaceId, lres.PageSize = ws, "100"
	out("ListResources")(pai.ListResources(lres))
	return b.String()
}

// storeState is the store's revision and the newest success in its audit trail.
func storeState(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	ctx := context.Background()
	var state string
	if err := db.View(ctx, func(r store.Reader) error {
		rev, err := r.Revision(ctx)
		if err != nil {
			return err
		}
		last, err := r.ListAudit(ctx, store.AuditQuery{Result: "Success", Limit: 1})
		if err != nil || len(last) == 0 {
			return err
		}
		state = fmt.Sprintf("revision %d, last success %d %s %s", rev, last[0].ID, last[0].Action, last[0].Target)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return state
}

// diffLines is the lines of after that differ from before's.
func diffLines(before, after string) string {
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	var d []string
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(b) {
			x = b[i]
		}
		if i < len(a) {
			y = a[i]
		}
		if x != y {
			d = append(d, "- "+x, "+ "+y)
		}
	}
	return strings.Join(d, "\n")
}
