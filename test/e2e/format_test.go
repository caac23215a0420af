package e2e_test

import (
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// TestXMLFormat: with Format=XML the SDK decodes the same response structs from XML.
func TestXMLFormat(t *testing.T) {
	a := newSTSAccount(t, startAPI(t))
	c := a.ramClient(t, a.root)

	get := ram.CreateGetUserRequest()
	get.UserName, get.AcceptFormat = "alice", "XML"
	resp := call(t, c.GetUser, get)
	if !strings.HasPrefix(resp.GetHttpContentString(), "<?xml") || resp.User.UserName != "alice" || len(resp.RequestId) != 36 {
		t.Errorf("GetUser in XML: %+v\n%s", resp.User, resp.GetHttpContentString())
	}

	list := ram.CreateListUsersRequest()
	list.AcceptFormat = "XML"
	if us := call(t, c.ListUsers, list).Users.User; len(us) != 1 || us[0].UserName != "alice" {
		t.Errorf("ListUsers in XML: %+v", us)
	}
	lp := ram.CreateListPoliciesForRoleRequest()
	lp.RoleName, lp.AcceptFormat = "admin", "XML"
	if ps := call(t, c.ListPoliciesForRole, lp).Policies.Policy; len(ps) != 1 || ps[0].PolicyName != "AdministratorAccess" {
		t.Errorf("ListPoliciesForRole in XML: %+v", ps)
	}

	ar := sts.CreateAssumeRoleRequest()
	ar.RoleArn, ar.RoleSessionName, ar.AcceptFormat = "acs:ram::"+a.account+":role/admin", "xml", "XML"
	r := call(t, a.stsClient(t, a.alice).AssumeRole, ar)
	if !strings.HasPrefix(r.Credentials.AccessKeyId, "STS.") || r.Credentials.SecurityToken == "" || r.AssumedRoleUser.AssumedRoleId == "" {
		t.Errorf("AssumeRole in XML: %+v", r)
	}
}
