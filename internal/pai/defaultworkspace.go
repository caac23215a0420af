package pai

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// DefaultWorkspaceInput holds GetDefaultWorkspace's query.
type DefaultWorkspaceInput struct {
	RequestID string
	Verbose   bool
}

// GetDefaultWorkspace returns the account's default workspace
// (paiworkspace:GetDefaultWorkspace on it; every workspace role holds it).
func (s *Service) GetDefaultWorkspace(ctx context.Context, c *authz.Caller, in DefaultWorkspaceInput) (Workspace, error) {
	k := s.begin(c, "GetDefaultWorkspace", in.RequestID)
	var view Workspace
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		w, err := r.GetDefaultWorkspace(ctx)
		if notFound(err) {
			if err := k.allowIn("*", ""); err != nil {
				return err
			}
			return errNoDefaultWorkspace()
		}
		if err != nil {
			return wrapf(err, "read the default workspace")
		}
		if err := k.allowIn(w.ID, w.ResourceGroupID); err != nil {
			return err
		}
		view, err = s.workspaceView(ctx, r, w)
		return err
	})
	return view, err
}

// UpdateDefaultWorkspace makes a workspace the account's default
// (paiworkspace:UpdateDefaultWorkspace on it; its owners and administrators).
func (s *Service) UpdateDefaultWorkspace(ctx context.Context, c *authz.Caller, in WorkspaceInput) error {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return err
	}
	k := s.begin(c, "UpdateDefaultWorkspace", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil || w.IsDefault {
			return err
		}
		old, err := tx.GetDefaultWorkspace(ctx)
		switch {
		case err == nil:
			old.IsDefault = false
			if err := tx.UpdateWorkspace(ctx, old); err != nil {
				return err
			}
		case !notFound(err):
			return wrapf(err, "read the default workspace")
		}
		w.IsDefault, w.UpdateDate = true, s.clock()
		return tx.UpdateWorkspace(ctx, w)
	})
}
