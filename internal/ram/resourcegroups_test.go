package ram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestResourceGroups(t *testing.T) { forEachBackend(t, testResourceGroups) }

func testResourceGroups(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.ResourceGroups = 3
	e := newEnvWith(t, b, limits)
	ctx := t.Context()

	prod, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{RequestID: "r1", Name: "prod", DisplayName: "Production"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(prod.ID, "rg-") {
		t.Errorf("resource group ID %q", prod.ID)
	}
	same(t, "CreateResourceGroup", prod, ram.ResourceGroup{ID: prod.ID, Name: "prod", DisplayName: "Production", AccountID: e.account, Status: "OK", CreateDate: e.clock()})
	if got, err := e.svc.GetResourceGroup(ctx, e.root, ram.ResourceGroupInput{ResourceGroupID: prod.ID}); err != nil || got != prod {
		t.Errorf("GetResourceGroup = %+v, %v", got, err)
	}
	staging, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "st"})
	if err != nil || staging.DisplayName != "st" {
		t.Fatalf("CreateResourceGroup with a two-character name and no display name = %+v, %v", staging, err)
	}

	cases := []struct {
		name string
		run  func() error
		code string
	}{
		{"no name", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{})
			return err
		}, "MissingParameter"},
		{"one-character name", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "a"})
			return err
		}, "InvalidParameter.Name.Length"},
		{"51-character name", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: strings.Repeat("n", 51)})
			return err
		}, "InvalidParameter.Name.Length"},
		{"space in the name", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "my group"})
			return err
		}, "InvalidParameter.Name.InvalidChars"},
		// Resource Manager takes letters, digits and "-" in a name, the first a letter.
		{"period in the name", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "my.group"})
			return err
		}, "InvalidParameter.Name.InvalidChars"},
		{"underscore in the name", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "my_group"})
			return err
		}, "InvalidParameter.Name.InvalidChars"},
		{"name starting with a digit", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "1st-group"})
			return err
		}, "InvalidParameter.Name.Format"},
		{"name starting with a hyphen", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "-group"})
			return err
		}, "InvalidParameter.Name.Format"},
		{"control character in the display name", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "dev", DisplayName: "D\x00"})
			return err
		}, "InvalidParameter.DisplayName.InvalidChars"},
		{"name taken", func() error {
			_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "PROD"})
			return err
		}, "EntityAlreadyExists.ResourceGroup"},
		{"malformed ID", func() error {
			_, err := e.svc.GetResourceGroup(ctx, e.root, ram.ResourceGroupInput{ResourceGroupID: "prod"})
			return err
		}, "InvalidParameter.ResourceGroupId"},
		{"unknown ID", func() error {
			_, err := e.svc.GetResourceGroup(ctx, e.root, ram.ResourceGroupInput{ResourceGroupID: "rg-nope"})
			return err
		}, "EntityNotExists.ResourceGroup"},
		{"update without a display name", func() error {
			_, err := e.svc.UpdateResourceGroup(ctx, e.root, ram.UpdateResourceGroupInput{ResourceGroupID: prod.ID})
			return err
		}, "MissingParameter"},
		{"51-character display name", func() error {
			_, err := e.svc.UpdateResourceGroup(ctx, e.root, ram.UpdateResourceGroupInput{ResourceGroupID: prod.ID, NewDisplayName: strings.Repeat("d", 51)})
			return err
		}, "InvalidParameter.NewDisplayName.Length"},
		{"page size 101", func() error {
			_, err := e.svc.ListResourceGroups(ctx, e.root, ram.ListResourceGroupsInput{PageSize: 101})
			return err
		}, "InvalidParameter.PageSize.Range"},
		{"a status Resource Manager does not have", func() error {
			_, err := e.svc.ListResourceGroups(ctx, e.root, ram.ListResourceGroupsInput{Status: "Active"})
			return err
		}, "InvalidParameter.Status"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}
	if _, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "third"}); err != nil {
		t.Fatal(err)
	}
	e.unchanged("quota", func() {
		_, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "fourth"})
		wantCode(t, "a fourth resource group with a quota of 3", err, "LimitExceeded.ResourceGroup")
	})

	page, err := e.svc.ListResourceGroups(ctx, e.root, ram.ListResourceGroupsInput{PageNumber: 2, PageSize: 2})
	if err != nil || page.TotalCount != 3 || page.PageNumber != 2 || page.PageSize != 2 || len(page.Items) != 1 || page.Items[0].Name != "third" {
		t.Errorf("ListResourceGroups page 2 of 2 = %+v, %v", page, err)
	}
	up, err := e.svc.UpdateResourceGroup(ctx, e.root, ram.UpdateResourceGroupInput{ResourceGroupID: staging.ID, NewDisplayName: "Staging"})
	if err != nil || up.DisplayName != "Staging" || up.Name != "st" {
		t.Errorf("UpdateResourceGroup = %+v, %v", up, err)
	}

	// A group with resources or grants cannot be deleted.
	e.Given(func(ctx context.Context, tx store.Tx) error {
		return tx.AddResource(ctx, store.ResourceGroupMember{ResourceGroupID: staging.ID, ResourceARN: "acs:oss:*:" + e.account + ":bucket"})
	})
	e.createUsers("alice")
	if err := e.svc.AttachPolicy(ctx, e.root, ram.PolicyAttachmentInput{ResourceGroupID: prod.ID, PolicyType: "System",
		PolicyName: "AliyunOSSFullAccess", PrincipalType: "IMSUser", PrincipalName: "alice@" + e.account + ".onaliyun.com"}); err != nil {
		t.Fatal(err)
	}
	e.unchanged("delete a group with resources", func() {
		_, err := e.svc.DeleteResourceGroup(ctx, e.root, ram.ResourceGroupInput{ResourceGroupID: staging.ID})
		wantCode(t, "DeleteResourceGroup staging", err, "DeleteConflict.ResourceGroup.Resource")
	})
	e.unchanged("delete a group with grants", func() {
		_, err := e.svc.DeleteResourceGroup(ctx, e.root, ram.ResourceGroupInput{ResourceGroupID: prod.ID})
		wantCode(t, "DeleteResourceGroup prod", err, "DeleteConflict.ResourceGroup.Policy")
	})
	third := page.Items[0]
	deleted, err := e.svc.DeleteResourceGroup(ctx, e.root, ram.ResourceGroupInput{ResourceGroupID: third.ID})
	if err != nil || deleted.Status != "Deleted" || deleted.ID != third.ID {
		t.Errorf("DeleteResourceGroup = %+v, %v", deleted, err)
	}
	_, err = e.svc.GetResourceGroup(ctx, e.root, ram.ResourceGroupInput{ResourceGroupID: third.ID})
	wantCode(t, "GetResourceGroup after DeleteResourceGroup", err, "EntityNotExists.ResourceGroup")
}

func TestResourceGroupGrants(t *testing.T) { forEachBackend(t, testResourceGroupGrants) }

func testResourceGroupGrants(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateRole(ctx, e.root, ram.CreateRoleInput{RoleName: "ops", AssumeRolePolicyDocument: trustRoot(e.account)}); err != nil {
		t.Fatal(err)
	}
	prod, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetAccountAlias(ctx, e.root, ram.AccountAliasInput{AccountAlias: "acme"}); err != nil {
		t.Fatal(err)
	}
	in := func(rg, principalType, principalName string) ram.PolicyAttachmentInput {
		return ram.PolicyAttachmentInput{ResourceGroupID: rg, PolicyType: "System", PolicyName: "AliyunOSSFullAccess",
			PrincipalType: principalType, PrincipalName: principalName}
	}
	// Both the alias and the account ID name the account.
	grants := []ram.PolicyAttachmentInput{
		in(prod.ID, "IMSUser", "alice@acme.onaliyun.com"),
		in(prod.ID, "IMSGroup", "devs@group."+e.account+".onaliyun.com"),
		in(prod.ID, "ServiceRole", "ops@role.acme.onaliyunservice.com"),
		in(e.account, "IMSUser", "bob@"+e.account+".onaliyun.com"),
	}
	for _, g := range grants {
		if err := e.svc.AttachPolicy(ctx, e.root, g); err != nil {
			t.Fatalf("AttachPolicy %s: %v", g.PrincipalName, err)
		}
	}

	// A resource-group grant applies inside the group only; an account grant everywhere.
	oss := func(c *authz.Caller, rg string) bool {
		return e.Snaps.Current().Decide(c, &authz.Request{Action: "oss:GetObject", Resource: "acs:oss:*:" + e.account + ":bucket/key", ResourceGroupID: rg}).Allowed()
	}
	alice, bob := e.user("alice"), e.user("bob")
	if !oss(alice, prod.ID) || oss(alice, "") || oss(alice, "rg-other") {
		t.Errorf("alice's grant in prod: in prod %v, outside %v, in another group %v", oss(alice, prod.ID), oss(alice, ""), oss(alice, "rg-other"))
	}
	if !oss(bob, "") || !oss(bob, prod.ID) {
		t.Error("bob's account-scope grant does not apply everywhere")
	}
	// RAM's own list shows account scope only.
	if ps, err := e.svc.ListPoliciesForUser(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil || len(ps) != 0 {
		t.Errorf("ListPoliciesForUser(alice) = %+v, %v; want no account-scope policies", ps, err)
	}

	list, err := e.svc.ListPolicyAttachments(ctx, e.root, ram.ListPolicyAttachmentsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range list.Items {
		got = append(got, a.ResourceGroupID+" "+a.PrincipalType+" "+a.PrincipalName+" "+a.PolicyType+"/"+a.PolicyName)
		if a.Description == "" || !a.AttachDate.Equal(e.clock()) {
			t.Errorf("attachment %+v lacks the policy's description or its date", a)
		}
	}
	same(t, "ListPolicyAttachments", got, []string{
		prod.ID + " IMSGroup devs@group.acme.onaliyun.com System/AliyunOSSFullAccess",
		prod.ID + " ServiceRole ops@role.acme.onaliyunservice.com System/AliyunOSSFullAccess",
		prod.ID + " IMSUser alice@acme.onaliyun.com System/AliyunOSSFullAccess",
		e.account + " IMSUser bob@acme.onaliyun.com System/AliyunOSSFullAccess",
	}, sortStrings())
	if list.TotalCount != 4 || list.PageNumber != 1 || list.PageSize != 10 {
		t.Errorf("paging = %d, %d, %d", list.TotalCount, list.PageNumber, list.PageSize)
	}
	filtered := []struct {
		name string
		in   ram.ListPolicyAttachmentsInput
		want int
	}{
		{"account scope", ram.ListPolicyAttachmentsInput{ResourceGroupID: e.account}, 1},
		{"in prod", ram.ListPolicyAttachmentsInput{ResourceGroupID: prod.ID}, 3},
		{"one principal", ram.ListPolicyAttachmentsInput{PrincipalType: "IMSUser", PrincipalName: "alice@" + e.account + ".onaliyun.com"}, 1},
		{"users", ram.ListPolicyAttachmentsInput{PrincipalType: "IMSUser"}, 2},
		{"an unknown principal", ram.ListPolicyAttachmentsInput{PrincipalType: "IMSUser", PrincipalName: "zed@acme.onaliyun.com"}, 0},
		{"another policy", ram.ListPolicyAttachmentsInput{PolicyType: "System", PolicyName: "AdministratorAccess"}, 0},
		{"page 2 of 3", ram.ListPolicyAttachmentsInput{PageNumber: 2, PageSize: 3}, 1},
	}
	for _, f := range filtered {
		page, err := e.svc.ListPolicyAttachments(ctx, e.root, f.in)
		if err != nil || len(page.Items) != f.want {
			t.Errorf("ListPolicyAttachments %s: %d items, %v; want %d", f.name, len(page.Items), err, f.want)
		}
	}

	cases := []struct {
		name string
		in   ram.PolicyAttachmentInput
		code string
	}{
		{"attach twice", grants[0], "EntityAlreadyExists.User.Policy"},
		{"unknown resource group", in("rg-nope", "IMSUser", "alice@acme.onaliyun.com"), "EntityNotExists.ResourceGroup"},
		{"malformed resource group", in("prod", "IMSUser", "alice@acme.onaliyun.com"), "InvalidParameter.ResourceGroupId"},
		{"no resource group", in("", "IMSUser", "alice@acme.onaliyun.com"), "MissingParameter"},
		{"another account's user", in(prod.ID, "IMSUser", "alice@other.onaliyun.com"), "InvalidParameter.PrincipalName"},
		{"a group named as a user", in(prod.ID, "IMSUser", "devs@group.acme.onaliyun.com"), "InvalidParameter.PrincipalName"},
		{"a role without its suffix", in(prod.ID, "ServiceRole", "ops@role.acme.onaliyun.com"), "InvalidParameter.PrincipalName"},
		{"unknown principal type", in(prod.ID, "RamUser", "alice@acme.onaliyun.com"), "InvalidParameter.PrincipalType"},
		{"unknown user", in(prod.ID, "IMSUser", "zed@acme.onaliyun.com"), "EntityNotExist.User"},
		{"unknown policy", ram.PolicyAttachmentInput{ResourceGroupID: prod.ID, PolicyType: "Custom", PolicyName: "Nope", PrincipalType: "IMSUser", PrincipalName: "alice@acme.onaliyun.com"}, "EntityNotExist.Policy"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() { wantCode(t, c.name, e.svc.AttachPolicy(ctx, e.root, c.in), c.code) })
	}
	e.unchanged("detach what is not attached", func() {
		wantCode(t, "detach", e.svc.DetachPolicy(ctx, e.root, in(e.account, "IMSUser", "alice@acme.onaliyun.com")), "EntityNotExist.User.Policy")
	})

	// RAM's detach reaches the account-scope grant Resource Manager made, and Resource Manager's
	// detach revokes a resource-group grant at once.
	if err := e.svc.DetachPolicyFromUser(ctx, e.root, ram.AttachmentInput{PolicyType: "System", PolicyName: "AliyunOSSFullAccess", PrincipalName: "bob"}); err != nil {
		t.Errorf("DetachPolicyFromUser of an AttachPolicy grant: %v", err)
	}
	if err := e.svc.DetachPolicy(ctx, e.root, grants[0]); err != nil {
		t.Fatal(err)
	}
	if oss(alice, prod.ID) {
		t.Error("alice's revoked grant in prod still applies")
	}
}

// TestResourceGroupScopedManagement: a grant in a resource group lets its holder manage that
// group and nothing else.
func TestResourceGroupScopedManagement(t *testing.T) {
	forEachBackend(t, testResourceGroupScopedManagement)
}

func testResourceGroupScopedManagement(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice")
	prod, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	dev, err := e.svc.CreateResourceGroup(ctx, e.root, ram.CreateResourceGroupInput{Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	e.customPolicy("ManageGroups", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:*ResourceGroup*","Resource":"*"}]}`)
	if err := e.svc.AttachPolicy(ctx, e.root, ram.PolicyAttachmentInput{ResourceGroupID: prod.ID, PolicyType: "Custom",
		PolicyName: "ManageGroups", PrincipalType: "IMSUser", PrincipalName: "alice@" + e.account + ".onaliyun.com"}); err != nil {
		t.Fatal(err)
	}
	alice := e.user("alice")
	if _, err := e.svc.UpdateResourceGroup(ctx, alice, ram.UpdateResourceGroupInput{ResourceGroupID: prod.ID, NewDisplayName: "Prod"}); err != nil {
		t.Errorf("UpdateResourceGroup of prod with a grant in prod: %v", err)
	}
	_, err = e.svc.UpdateResourceGroup(ctx, alice, ram.UpdateResourceGroupInput{ResourceGroupID: dev.ID, NewDisplayName: "Dev"})
	if d := denial(t, "UpdateResourceGroup of dev", err); d.Action != "ram:UpdateResourceGroup" ||
		d.Resource != "acs:ram:*:"+e.account+":resourcegroup/"+dev.ID {
		t.Errorf("denial %+v", d)
	}
	// A policy names one group by the ARN Alibaba documents, acs:ram:*:<account>:resourcegroup/<id>.
	e.createUsers("bob")
	e.customPolicy("ManageDev", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:UpdateResourceGroup",
		"Resource":"acs:ram:*:`+e.account+`:resourcegroup/`+dev.ID+`"}]}`)
	e.attach(store.PrincipalUser, "bob", store.PolicyTypeCustom, "ManageDev")
	bob := e.user("bob")
	if _, err := e.svc.UpdateResourceGroup(ctx, bob, ram.UpdateResourceGroupInput{ResourceGroupID: dev.ID, NewDisplayName: "Dev"}); err != nil {
		t.Errorf("UpdateResourceGroup of dev, allowed on its ARN: %v", err)
	}
	_, err = e.svc.UpdateResourceGroup(ctx, bob, ram.UpdateResourceGroupInput{ResourceGroupID: prod.ID, NewDisplayName: "Prod"})
	denial(t, "UpdateResourceGroup of prod, allowed on dev's ARN only", err)
	_, err = e.svc.CreateResourceGroup(ctx, alice, ram.CreateResourceGroupInput{Name: "mine"})
	denial(t, "CreateResourceGroup with a grant in prod only", err)
}
