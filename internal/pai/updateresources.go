package pai

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// UpdateWorkspaceResourceInput holds UpdateWorkspaceResource's query and body; nil fields stay
// as they are.
type UpdateWorkspaceResourceInput struct {
	RequestID   string
	WorkspaceID string
	// GroupName and ResourceIDs select the resources to update: the group's, or the ones
	// listed, which must then all belong to the group when both are given. One is required.
	GroupName   string
	ResourceIDs []string
	// ResourceType narrows the selection to one type when set; ProductType, its deprecated
	// name, is read when it is empty.
	ResourceType, ProductType string
	// IsDefault makes the selected resources the workspace's default for their type, and the
	// workspace's other resources of that type stop being it. PAI takes true only.
	IsDefault *bool
	// Spec replaces the selected resources' Spec, checked as CreateWorkspaceResource checks it.
	Spec map[string]any
}

// UpdateWorkspaceResource changes the resources of one group of a workspace, all or none, and
// returns the IDs of the resources selected (paiworkspace:UpdateWorkspaceResource; owners and
// administrators). Setting the default resource group is what the console uses it for.
func (s *Service) UpdateWorkspaceResource(ctx context.Context, c *authz.Caller, in UpdateWorkspaceResourceInput) ([]string, error) {
	sel, err := newSelection(in.WorkspaceID, in.GroupName, in.ResourceIDs, in.ResourceType, in.ProductType)
	if err != nil {
		return nil, err
	}
	if in.IsDefault != nil && !*in.IsDefault {
		return nil, invalid("IsDefault", "only true is supported; make another group the default instead")
	}
	var spec string
	if in.Spec != nil {
		raw, err := json.Marshal(in.Spec)
		if err != nil || len(raw) > maxResourceSpec {
			return nil, invalid("Spec", "a JSON object of at most %d bytes", maxResourceSpec)
		}
		spec = string(raw)
	}
	k := s.begin(c, "UpdateWorkspaceResource", in.RequestID)
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
		types := map[string]bool{}
		for _, i := range selected {
			if in.Spec != nil {
				if err := checkSpec("Spec", rows[i].Type, in.Spec); err != nil {
					return err
				}
			}
			types[rows[i].Type] = true
			ids = append(ids, rows[i].ID)
		}
		for i, row := range rows {
			changed := row
			if slices.Contains(selected, i) {
				if in.Spec != nil {
					changed.Spec = spec
				}
				if in.IsDefault != nil {
					changed.IsDefault = true
				}
			} else if in.IsDefault != nil && types[row.Type] {
				changed.IsDefault = false
			}
			if changed == row {
				continue
			}
			if err := tx.UpdateWorkspaceResource(ctx, changed); err != nil {
				return wrapf(err, "update resource %s", row.ID)
			}
		}
		k.Detail = sel.touched(ids)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// selection names the resources of one workspace an update or delete applies to: those of
// group (when set), listed in ids (when any), of type typ (when set).
type selection struct {
	group string
	ids   []string
	typ   string
}

// newSelection checks the parameters UpdateWorkspaceResource and DeleteWorkspaceResource share:
// the workspace's ID, GroupName and ResourceIds (one at least, each an ID), and ResourceType,
// or ProductType, its deprecated name, when that is empty (one of resourceTypes, when set).
func newSelection(workspaceID, group string, ids []string, resourceType, productType string) (selection, error) {
	if err := checkID("WorkspaceId", workspaceID); err != nil {
		return selection{}, err
	}
	if group == "" && len(ids) == 0 {
		return selection{}, missing("GroupName")
	}
	if group != "" {
		if err := checkID("GroupName", group); err != nil {
			return selection{}, err
		}
	}
	for _, id := range ids {
		if err := checkID("ResourceIds", id); err != nil {
			return selection{}, err
		}
	}
	typ := resourceType
	if typ == "" {
		typ = productType
	}
	if typ != "" && !slices.Contains(resourceTypes, typ) {
		return selection{}, invalid("ResourceType", "one of %s", strings.Join(resourceTypes, ", "))
	}
	return selection{group, ids, typ}, nil
}

// requested describes the selection for the audit trail as the request put it.
func (sel selection) requested() string {
	if sel.group == "" {
		return "resources " + strings.Join(sel.ids, ",")
	}
	return "group " + sel.group
}

// touched describes the selection for the audit trail once the resources it selected, ids, are
// known.
func (sel selection) touched(ids []string) string {
	if sel.group == "" {
		return "resources " + strings.Join(ids, ",")
	}
	return "group " + sel.group + ": resources " + strings.Join(ids, ",")
}

// of returns the indexes in rows, a workspace's resources, of those the selection applies to.
// A listed ID must be one of the workspace's resources, and of the group; an empty selection
// is not found.
func (sel selection) of(rows []store.WorkspaceResource) ([]int, error) {
	group, ids, typ := sel.group, sel.ids, sel.typ
	for _, id := range ids {
		i := slices.IndexFunc(rows, func(r store.WorkspaceResource) bool { return r.ID == id })
		switch {
		case i < 0:
			return nil, errNoResource()
		case group != "" && rows[i].GroupName != group:
			return nil, invalid("ResourceIds", "resource %s is not in group %s", id, group)
		}
	}
	var out []int
	for i, r := range rows {
		if (group == "" || r.GroupName == group) && (len(ids) == 0 || slices.Contains(ids, r.ID)) && (typ == "" || r.Type == typ) {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return nil, errNoResource()
	}
	return out, nil
}
