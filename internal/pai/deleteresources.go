package pai

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// DeleteWorkspaceResourceInput holds DeleteWorkspaceResource's query.
type DeleteWorkspaceResourceInput struct {
	RequestID   string
	WorkspaceID string
	// GroupName and ResourceIDs select the resources to detach: the group's, or the ones
	// listed, which must then all belong to the group when both are given. One is required.
	GroupName   string
	ResourceIDs []string
	// ResourceType narrows the selection to one type when set; ProductType, its deprecated
	// name, is read when it is empty.
	ResourceType, ProductType string
}

// DeleteWorkspaceResource detaches the selected resources from a workspace, all or none, and
// returns their IDs (paiworkspace:DeleteWorkspaceResource; owners and administrators).
func (s *Service) DeleteWorkspaceResource(ctx context.Context, c *authz.Caller, in DeleteWorkspaceResourceInput) ([]string, error) {
	sel, err := newSelection(in.WorkspaceID, in.GroupName, in.ResourceIDs, in.ResourceType, in.ProductType)
	if err != nil {
		return nil, err
	}
	k := s.begin(c, "DeleteWorkspaceResource", in.RequestID)
	k.Detail = sel.requested()
	var ids []string
	err = s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		rows, err := s.workspaceResources(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		selected, err := sel.of(rows)
		if err != nil {
			return err
		}
		ids = ids[:0] // a retried transaction starts over
		for _, i := range selected {
			if err := tx.DeleteWorkspaceResource(ctx, rows[i].ID); err != nil {
				return err
			}
			ids = append(ids, rows[i].ID)
		}
		k.Detail = sel.touched(ids)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
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
