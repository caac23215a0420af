package pai

import (
	"context"
	"slices"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// CreateWorkspaceInput holds CreateWorkspace's body. Only WorkspaceName is required;
// DisplayName defaults to it and EnvTypes to ["prod"] (PAI's simple mode).
type CreateWorkspaceInput struct {
	RequestID                               string
	WorkspaceName, DisplayName, Description string
	EnvTypes                                []string
	ResourceGroupID                         string
}

// CreateWorkspace creates a workspace (paiworkspace:CreateWorkspace on workspace/*, RAM only:
// no workspace role reaches outside its workspace). The creator becomes its owner; the
// account's first workspace becomes its default workspace, as PAI creates the default
// workspace when it is activated.
func (s *Service) CreateWorkspace(ctx context.Context, c *authz.Caller, in CreateWorkspaceInput) (Workspace, error) {
	if err := checkWorkspaceName(in.WorkspaceName); err != nil {
		return Workspace{}, err
	}
	if err := checkText("DisplayName", in.DisplayName, maxDisplayName); err != nil {
		return Workspace{}, err
	}
	if err := checkText("Description", in.Description, maxDescription); err != nil {
		return Workspace{}, err
	}
	if err := checkEnvTypes(in.EnvTypes); err != nil {
		return Workspace{}, err
	}
	if in.ResourceGroupID != "" {
		if err := checkID("ResourceGroupId", in.ResourceGroupID); err != nil {
			return Workspace{}, err
		}
	}
	now := s.clock()
	w := store.Workspace{ID: s.ids.EntityID(), Name: in.WorkspaceName, DisplayName: in.DisplayName, Description: in.Description,
		EnvTypes: slices.Clone(in.EnvTypes), Status: "ENABLED", ResourceGroupID: in.ResourceGroupID, CreateDate: now, UpdateDate: now}
	if w.DisplayName == "" {
		w.DisplayName = w.Name
	}
	if len(w.EnvTypes) == 0 {
		w.EnvTypes = []string{"prod"}
	}
	k := s.begin(c, "CreateWorkspace", in.RequestID)
	k.Target = s.workspaceARN(w.ID)
	var view Workspace
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allowAccount(k.code(), s.workspaceARN("*"), w.ResourceGroupID); err != nil {
			return err
		}
		w.CreatorID = c.UID()
		if w.ResourceGroupID != "" {
			if _, err := tx.GetResourceGroup(ctx, w.ResourceGroupID); notFound(err) {
				return errNoResourceGroup()
			} else if err != nil {
				return wrapf(err, "read resource group %s", w.ResourceGroupID)
			}
		}
		if _, err := tx.GetWorkspaceByName(ctx, w.Name); !notFound(err) {
			if err != nil {
				return wrapf(err, "read workspace %q", w.Name)
			}
			return errWorkspaceExists()
		}
		n, err := tx.CountWorkspaces(ctx)
		if err != nil {
			return wrapf(err, "count workspaces")
		}
		if n >= s.limits.Workspaces {
			return limitExceeded("LimitExceeded.Workspace", "workspaces", s.limits.Workspaces)
		}
		w.IsDefault = n == 0
		if err := tx.CreateWorkspace(ctx, w); err != nil {
			return err
		}
		if w.ResourceGroupID != "" {
			if err := tx.AddResource(ctx, s.rgMember(w)); err != nil {
				return err
			}
		}
		if typ := principalType(c); typ != "" {
			if err := tx.CreateWorkspaceMember(ctx, store.WorkspaceMember{WorkspaceID: w.ID, PrincipalType: typ,
				PrincipalID: c.ID, Roles: []string{RoleOwner}, CreateDate: now}); err != nil {
				return err
			}
		}
		view, err = s.workspaceView(ctx, tx, w)
		return err
	})
	return view, err
}

// principalType is how a caller is stored as a member: a RAM user or a role (for a role
// session); "" for the root and services, which are not members.
func principalType(c *authz.Caller) string {
	switch c.Type {
	case authz.User:
		return store.PrincipalUser
	case authz.RoleSession:
		return store.PrincipalRole
	}
	return ""
}

// WorkspaceInput names a workspace.
type WorkspaceInput struct {
	RequestID   string
	WorkspaceID string
}

// workspace reads workspace id and authorizes the call on it. A caller not allowed the action
// learns NoPermission whether or not the workspace exists.
func (s *Service) workspace(ctx context.Context, k *call, r store.Reader, id string) (store.Workspace, error) {
	w, err := r.GetWorkspace(ctx, id)
	if notFound(err) {
		if err := k.allowIn(id, ""); err != nil {
			return store.Workspace{}, err
		}
		return store.Workspace{}, errNoWorkspace()
	}
	if err != nil {
		return store.Workspace{}, wrapf(err, "read workspace %s", id)
	}
	return w, k.allowIn(w.ID, w.ResourceGroupID)
}

// GetWorkspace returns a workspace (paiworkspace:GetWorkspace; every workspace role).
func (s *Service) GetWorkspace(ctx context.Context, c *authz.Caller, in WorkspaceInput) (Workspace, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return Workspace{}, err
	}
	k := s.begin(c, "GetWorkspace", in.RequestID)
	var view Workspace
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		w, err := s.workspace(ctx, k, r, in.WorkspaceID)
		if err != nil {
			return err
		}
		view, err = s.workspaceView(ctx, r, w)
		return err
	})
	return view, err
}

// UpdateWorkspaceInput holds UpdateWorkspace's body; nil fields stay as they are.
type UpdateWorkspaceInput struct {
	RequestID                string
	WorkspaceID              string
	DisplayName, Description *string
}

// UpdateWorkspace changes a workspace's display name and description
// (paiworkspace:UpdateWorkspace; owners and administrators).
func (s *Service) UpdateWorkspace(ctx context.Context, c *authz.Caller, in UpdateWorkspaceInput) error {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return err
	}
	if in.DisplayName != nil {
		if *in.DisplayName == "" {
			return invalid("DisplayName", "it must not be empty")
		}
		if err := checkText("DisplayName", *in.DisplayName, maxDisplayName); err != nil {
			return err
		}
	}
	if in.Description != nil {
		if err := checkText("Description", *in.Description, maxDescription); err != nil {
			return err
		}
	}
	k := s.begin(c, "UpdateWorkspace", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		if in.DisplayName != nil {
			w.DisplayName = *in.DisplayName
		}
		if in.Description != nil {
			w.Description = *in.Description
		}
		w.UpdateDate = s.clock()
		return tx.UpdateWorkspace(ctx, w)
	})
}

// DeleteWorkspace deletes a workspace with its members and resources
// (paiworkspace:DeleteWorkspace; owners and administrators, as the role-permission list gives
// them the workspace-level actions).
func (s *Service) DeleteWorkspace(ctx context.Context, c *authz.Caller, in WorkspaceInput) error {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return err
	}
	k := s.begin(c, "DeleteWorkspace", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		members, err := tx.ListWorkspaceMembers(ctx, w.ID)
		if err != nil {
			return wrapf(err, "list members of workspace %s", w.ID)
		}
		for _, m := range members {
			if err := tx.DeleteWorkspaceMember(ctx, w.ID, m.PrincipalID); err != nil {
				return err
			}
		}
		resources, err := tx.ListWorkspaceResources(ctx, w.ID)
		if err != nil {
			return wrapf(err, "list resources of workspace %s", w.ID)
		}
		for _, r := range resources {
			if err := tx.DeleteWorkspaceResource(ctx, r.ID); err != nil {
				return err
			}
		}
		if err := s.leaveGroup(ctx, tx, w); err != nil {
			return err
		}
		return tx.DeleteWorkspace(ctx, w.ID)
	})
}

// rgMember records a workspace in its resource group, so that Resource Manager does not delete
// a group that still holds workspaces (DeleteConflict.ResourceGroup.Resource).
func (s *Service) rgMember(w store.Workspace) store.ResourceGroupMember {
	return store.ResourceGroupMember{ResourceGroupID: w.ResourceGroupID, ResourceARN: s.workspaceARN(w.ID)}
}

// leaveGroup takes workspace w out of its resource group's members, when it has a group.
// Workspaces created before they were recorded in their group have no membership.
func (s *Service) leaveGroup(ctx context.Context, tx store.Tx, w store.Workspace) error {
	if w.ResourceGroupID == "" {
		return nil
	}
	if err := tx.RemoveResource(ctx, s.rgMember(w)); err != nil && !notFound(err) {
		return err
	}
	return nil
}
