package pai

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// DeleteWorkspaceResourceInput holds DeleteWorkspaceResource's query.
type DeleteWorkspaceResourceInput struct {
	RequestID    string
	WorkspaceID  string
	GroupName    string // the resources of this group are detached
	ResourceType string // only those of this type, when set (the API's ProductType)
}

// DeleteWorkspaceResource detaches the resources of one group from a workspace
// (paiworkspace:DeleteWorkspaceResource; owners and administrators).
func (s *Service) DeleteWorkspaceResource(ctx context.Context, c *authz.Caller, in DeleteWorkspaceResourceInput) error {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return err
	}
	if err := checkID("GroupName", in.GroupName); err != nil {
		return err
	}
	k := s.begin(c, "DeleteWorkspaceResource", in.RequestID)
	k.Detail = "group " + in.GroupName
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		rows, err := s.workspaceResources(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		deleted := 0
		for _, row := range rows {
			if row.GroupName != in.GroupName || (in.ResourceType != "" && row.Type != in.ResourceType) {
				continue
			}
			if err := tx.DeleteWorkspaceResource(ctx, row.ID); err != nil {
				return err
			}
			deleted++
		}
		if deleted == 0 {
			return errNoResource()
		}
		return nil
	})
}

// workspaceResources authorizes k on workspace id, which must exist, and lists its resources.
func (s *Service) workspaceResources(ctx context.Context, k *call, r store.Reader, id string) ([]store.WorkspaceResource, error) {
	w, err := s.workspace(ctx, k, r, id)
	if err != nil {
		return nil, err
	}
	rows, err := r.ListWorkspaceResources(ctx, w.ID)
	if err != nil {
		return nil, wrapf(err, "list resources of workspace %s", w.ID)
	}
	return rows, nil
}
