package snapshot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// CompileSystemPolicies parses the catalog's system policies once; every snapshot shares them.
func CompileSystemPolicies(c *catalog.Catalog) (map[string]*policy.Policy, error) {
	out := make(map[string]*policy.Policy)
	for _, sp := range c.SystemPolicies() {
		p, err := policy.Parse([]byte(sp.Document), policy.WithName(sp.Name), policy.WithMaxLength(0))
		if err != nil {
			return nil, fmt.Errorf("system policy %s: %w", sp.Name, err)
		}
		out[sp.Name] = p
	}
	return out, nil
}

// FromCatalog loads the store's first snapshot with what the catalog defines: its system
// policies and PAI's role-permission list (WithRolePermissions). It is how the server, and a test
// of a domain, makes its Holder; New takes the compiled parts for callers that want others.
func FromCatalog(ctx context.Context, st store.Store, cat *catalog.Catalog, log *slog.Logger, opts ...Option) (*Holder, error) {
	system, err := CompileSystemPolicies(cat)
	if err != nil {
		return nil, err
	}
	rolePerms, err := authz.CompileRolePermissions(cat)
	if err != nil {
		return nil, err
	}
	return New(ctx, st, system, log, append([]Option{WithRolePermissions(rolePerms)}, opts...)...)
}

// load reads everything a snapshot needs in one consistent View.
func load(ctx context.Context, st store.Store) (*authz.Data, error) {
	d := &authz.Data{}
	err := st.View(ctx, func(r store.Reader) error {
		rev, err := r.Revision(ctx)
		if err != nil {
			return err
		}
		d.Revision = int64(rev)
		acct, err := r.GetAccount(ctx)
		if err != nil {
			return fmt.Errorf("account: %w", err)
		}
		d.AccountID = acct.ID

		users, _, err := r.ListUsers(ctx, store.Page{})
		if err != nil {
			return err
		}
		for _, u := range users {
			d.Users = append(d.Users, authz.UserData{ID: u.ID, Name: u.Name})
		}
		groups, _, err := r.ListGroups(ctx, store.Page{})
		if err != nil {
			return err
		}
		for _, g := range groups {
			d.Groups = append(d.Groups, authz.GroupData{ID: g.ID, Name: g.Name})
		}
		members, err := r.ListMemberships(ctx)
		if err != nil {
			return err
		}
		for _, m := range members {
			d.Members = append(d.Members, authz.Membership{GroupID: m.GroupID, UserID: m.UserID})
		}
		roles, _, err := r.ListRoles(ctx, store.Page{})
		if err != nil {
			return err
		}
		for _, ro := range roles {
			d.Roles = append(d.Roles, roleData(ro))
		}
		policies, _, err := r.ListPolicies(ctx, store.Page{})
		if err != nil {
			return err
		}
		for _, p := range policies {
			v, err := r.GetPolicyVersion(ctx, p.Name, p.DefaultVersion)
			if err != nil {
				return fmt.Errorf("default version %s of policy %q: %w", p.DefaultVersion, p.Name, err)
			}
			d.Policies = append(d.Policies, authz.PolicyData{Name: p.Name, Document: v.Document})
		}
		atts, err := r.ListAttachments(ctx, store.AttachmentFilter{})
		if err != nil {
			return err
		}
		for _, a := range atts {
			d.Attachments = append(d.Attachments, attachmentData(a))
		}
		return loadWorkspaces(ctx, r, d)
	})
	if err != nil {
		return nil, fmt.Errorf("load authorization data: %w", err)
	}
	return d, nil
}

// loadWorkspaces reads the PAI workspaces, their members and the workspace resources that carry
// rights on dependent services.
func loadWorkspaces(ctx context.Context, r store.Reader, d *authz.Data) error {
	ws, err := r.ListWorkspaces(ctx)
	if err != nil {
		return err
	}
	for _, w := range ws {
		d.Workspaces = append(d.Workspaces, authz.WorkspaceData{ID: w.ID, ResourceGroupID: w.ResourceGroupID})
	}
	members, err := r.ListWorkspaceMembers(ctx, "")
	if err != nil {
		return err
	}
	for _, m := range members {
		d.WorkspaceMembers = append(d.WorkspaceMembers, workspaceMemberData(m))
	}
	resources, err := r.ListWorkspaceResources(ctx, "")
	if err != nil {
		return err
	}
	for _, res := range resources {
		if target, ok := dependentTarget(res); ok {
			d.WorkspaceResources = append(d.WorkspaceResources, authz.WorkspaceResourceData{WorkspaceID: res.WorkspaceID, Type: res.Type, Target: target})
		}
	}
	return nil
}

// dependentTarget is what a workspace resource gives members rights on: the path of an OSS
// resource (Spec {"Path": "oss://bucket/prefix/"}) or the project of a MaxCompute one (Spec
// {"odpsProject": "name"}), the Spec fields package pai validates when the resource is attached.
func dependentTarget(r store.WorkspaceResource) (string, bool) {
	var spec map[string]any
	if json.Unmarshal([]byte(r.Spec), &spec) != nil {
		return "", false
	}
	key := ""
	switch r.Type {
	case authz.ResourceOSSPath:
		key = "Path"
	case authz.ResourceMaxComputeProject:
		key = "odpsProject"
	default:
		return "", false
	}
	v, ok := spec[key].(string)
	return v, ok && v != ""
}
