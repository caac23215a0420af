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
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return nil, err
	}
	if err := checkResourceSelection(in.GroupName, in.ResourceIDs); err != nil {
		return nil, err
	}
	typ := in.ResourceType
	if typ == "" {
		typ = in.ProductType
	}
	if typ != "" && !slices.Contains(resourceTypes, typ) {
		return nil, invalid("ResourceType", "one of %s", strings.Join(resourceTypes, ", "))
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
	k.Detail = "group " + in.GroupName
	if in.GroupName == "" {
		k.Detail = "resources " + strings.Join(in.ResourceIDs, ",")
	}
	var ids []string
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		rows, err := s.workspaceResources(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		selected, err := selectResources(rows, in.GroupName, in.ResourceIDs, typ)
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
		k.Detail = "resources " + strings.Join(ids, ",")
		if in.GroupName != "" {
			k.Detail = "group " + in.GroupName + ": " + k.Detail
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// checkResourceSelection checks GroupName and ResourceIds: one at least, each an ID.
func checkResourceSelection(group string, ids []string) error {
	if group == "" && len(ids) == 0 {
		return missing("GroupName")
	}
	if group != "" {
		if err := checkID("GroupName", group); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if err := checkID("ResourceIds", id); err != nil {
			return err
		}
	}
	return nil
}

// selectResources returns the indexes in rows of the resources an update or delete applies to: those
// of group (when set), listed in ids (when any), of type typ (when set). A listed ID must be
// one of the workspace's resources, and of the group; an empty selection is not found.
func selectResources(rows []store.WorkspaceResource, group string, ids []string, typ string) ([]int, error) {
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
