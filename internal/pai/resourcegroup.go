package pai

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// ChangeResourceGroupInput holds ChangeResourceGroup's body.
type ChangeResourceGroupInput struct {
	RequestID          string
	ResourceID         string // the workspace's ID
	NewResourceGroupID string
	ResourceType       string // "workspace", the one type PAI moves
}

// ChangeResourceGroup moves a workspace into another resource group
// (paiworkspace:ChangeResourceGroup on the workspace, RAM only: no workspace role grants it).
// From then on the policies attached at the new group apply to the workspace and its
// resources, and those of the old group no longer do.
func (s *Service) ChangeResourceGroup(ctx context.Context, c *authz.Caller, in ChangeResourceGroupInput) error {
	if err := checkID("ResourceId", in.ResourceID); err != nil {
		return err
	}
	if err := checkID("NewResourceGroupId", in.NewResourceGroupID); err != nil {
		return err
	}
	switch in.ResourceType {
	case "":
		return missing("ResourceType")
	case "workspace":
	default:
		return invalid("ResourceType", "it must be workspace, not %q", in.ResourceType)
	}
	k := s.begin(c, "ChangeResourceGroup", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.ResourceID)
		if err != nil {
			return err
		}
		if _, err := tx.GetResourceGroup(ctx, in.NewResourceGroupID); notFound(err) {
			return errNoResourceGroup()
		} else if err != nil {
			return wrapf(err, "read resource group %s", in.NewResourceGroupID)
		}
		if w.ResourceGroupID == in.NewResourceGroupID {
			return nil
		}
		if err := s.leaveGroup(ctx, tx, w); err != nil {
			return err
		}
		w.ResourceGroupID, w.UpdateDate = in.NewResourceGroupID, s.clock()
		if err := tx.AddResource(ctx, s.rgMember(w)); err != nil {
			return err
		}
		return tx.UpdateWorkspace(ctx, w)
	})
}
