package pai

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// resourceView is a stored resource as the API shows it.
func resourceView(r store.WorkspaceResource) Resource {
	v := Resource{ID: r.ID, WorkspaceID: r.WorkspaceID, Name: r.Name, GroupName: r.GroupName, Type: r.Type,
		EnvType: r.EnvType, IsDefault: r.IsDefault, CreateTime: r.CreateDate}
	// Written by resourceRow. UseNumber: a number is shown as it was given, not rounded to a
	// float64.
	dec := json.NewDecoder(strings.NewReader(r.Spec))
	dec.UseNumber()
	_ = dec.Decode(&v.Spec)
	_ = json.Unmarshal([]byte(r.Quotas), &v.Quotas)
	return v
}

// ListResourcesInput holds ListResources' query.
type ListResourcesInput struct {
	RequestID   string
	WorkspaceID string // required unless AllWorkspaces
	// AllWorkspaces lists the resources of every workspace the caller may list resources in
	// (Option=ListResource) instead of one workspace's (Option=ListResourceByWorkspace).
	AllWorkspaces bool
	GroupName     string
	ResourceName  string   // only resources whose name contains it, ignoring case
	ResourceTypes []string // only resources of these types, each one of the API's ResourceType values
	// ProductTypes, ResourceTypes' deprecated name, is read when ResourceTypes is empty; its
	// old values (DLC, PAI) are not refused, and match no resource.
	ProductTypes []string
	QuotaIDs     []string // only resources that have every one of these quotas
	Page
}

// ResourceList is one page of workspace resources.
type ResourceList struct {
	TotalCount int
	Resources  []Resource
}

// ListResources lists workspace resources (paiworkspace:ListResources; every workspace role).
func (s *Service) ListResources(ctx context.Context, c *authz.Caller, in ListResourcesInput) (ResourceList, error) {
	if !in.AllWorkspaces {
		if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
			return ResourceList{}, err
		}
	}
	// As ListMembers' MemberName: a filter no name can contain is the client's mistake.
	for _, f := range []struct{ param, v string }{{"GroupName", in.GroupName}, {"ResourceName", in.ResourceName}} {
		if err := checkText(f.param, f.v, maxNameFilter); err != nil {
			return ResourceList{}, err
		}
	}
	for _, t := range in.ResourceTypes {
		if !slices.Contains(resourceTypes, t) {
			return ResourceList{}, invalid("ResourceTypes", "a list of %s", strings.Join(resourceTypes, ", "))
		}
	}
	types := in.ResourceTypes
	if len(types) == 0 {
		types = in.ProductTypes
	}
	k := s.begin(c, "ListResources", in.RequestID)
	var out ResourceList
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		var rows []store.WorkspaceResource
		if in.AllWorkspaces {
			ws, err := r.ListWorkspaces(ctx)
			if err != nil {
				return wrapf(err, "list workspaces")
			}
			for _, w := range ws {
				if s.allowedIn(c, "ListResources", w) {
					more, err := r.ListWorkspaceResources(ctx, w.ID)
					if err != nil {
						return wrapf(err, "list resources of workspace %s", w.ID)
					}
					rows = append(rows, more...)
				}
			}
		} else {
			w, err := s.workspace(ctx, k, r, in.WorkspaceID)
			if err != nil {
				return err
			}
			if rows, err = r.ListWorkspaceResources(ctx, w.ID); err != nil {
				return wrapf(err, "list resources of workspace %s", w.ID)
			}
		}
		var res []Resource
		for _, row := range rows {
			switch v := resourceView(row); {
			case in.GroupName != "" && row.GroupName != in.GroupName:
			case in.ResourceName != "" && !strings.Contains(strings.ToLower(row.Name), strings.ToLower(in.ResourceName)):
			case len(types) > 0 && !slices.Contains(types, row.Type):
			case !hasQuotas(v, in.QuotaIDs):
			default:
				res = append(res, v)
			}
		}
		lo, hi, err := s.bounds(in.Page, len(res))
		if err != nil {
			return err
		}
		out = ResourceList{TotalCount: len(res), Resources: res[lo:hi]}
		return nil
	})
	return out, err
}

// hasQuotas reports whether r has a quota with each of ids.
func hasQuotas(r Resource, ids []string) bool {
	for _, id := range ids {
		if !slices.ContainsFunc(r.Quotas, func(q Quota) bool { return q.ID == id }) {
			return false
		}
	}
	return true
}

// allowedIn reports whether c may perform action ("ListResources") in workspace w.
func (s *Service) allowedIn(c *authz.Caller, action string, w store.Workspace) bool {
	return s.snaps.Current().DecideWorkspace(c, &authz.WorkspaceRequest{Code: "PaiWorkspace:" + action, WorkspaceID: w.ID,
		Request: authz.Request{Action: "paiworkspace:" + action, Resource: s.workspaceARN(w.ID), ResourceGroupID: w.ResourceGroupID,
			Context: c.Context}}).Allowed()
}
