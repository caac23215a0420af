package aiworkspace

import (
	"context"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/pai"
)

// quotaIn is a quota in CreateWorkspaceResource's body.
type quotaIn struct {
	Id, Name, DisplayName, QuotaType, ProductCode, Mode, CardType string
	Specs                                                         []struct{ Name, Value, Type string }
}

func createWorkspaceResource(ctx context.Context, p Workspaces, k *request) (any, error) {
	var in struct {
		Option    string
		Resources []struct {
			Name, GroupName, ResourceType, ProductType, EnvType, WorkspaceId string
			IsDefault                                                        bool
			Spec                                                             map[string]any
			Quotas                                                           []quotaIn
			Labels                                                           []struct{ Key, Value string }
		}
	}
	if err := k.decodeBody(&in, true); err != nil {
		return nil, err
	}
	if in.Option != "" && in.Option != "CreateAndAttach" && in.Option != "Attach" {
		return nil, invalidOption(in.Option)
	}
	var rs []pai.NewResource
	for _, r := range in.Resources {
		if len(r.Labels) > 0 {
			return nil, errNoLabels()
		}
		nr := pai.NewResource{Name: r.Name, GroupName: r.GroupName, ResourceType: r.ResourceType, ProductType: r.ProductType,
			EnvType: r.EnvType, WorkspaceID: r.WorkspaceId, IsDefault: r.IsDefault, Spec: r.Spec}
		for _, q := range r.Quotas {
			pq := pai.Quota{ID: q.Id, Name: q.Name, DisplayName: q.DisplayName, QuotaType: q.QuotaType, ProductCode: q.ProductCode,
				Mode: q.Mode, CardType: q.CardType}
			for _, s := range q.Specs {
				pq.Specs = append(pq.Specs, pai.QuotaSpec{Name: s.Name, Value: s.Value, Type: s.Type})
			}
			nr.Quotas = append(nr.Quotas, pq)
		}
		rs = append(rs, nr)
	}
	ids, err := p.CreateWorkspaceResource(ctx, k.caller, pai.CreateWorkspaceResourceInput{RequestID: k.id,
		WorkspaceID: k.r.PathValue("WorkspaceId"), Resources: rs})
	if err != nil {
		return nil, err
	}
	type id struct{ Id string }
	out := struct {
		RequestId  string
		TotalCount int64
		Resources  []id
	}{RequestId: k.id, TotalCount: int64(len(ids))}
	for _, i := range ids {
		out.Resources = append(out.Resources, id{i})
	}
	return out, nil
}

type specItem struct{ Name, Value string }

type resourceQuota struct {
	Name, ProductCode, QuotaType, Mode, CardType, Id, DisplayName string
	Specs                                                         []specItem
}

type resourceItem struct {
	Id            string
	Name          string
	ProductType   string
	ResourceType  string
	EnvType       string
	WorkspaceId   string
	IsDefault     bool
	Spec          map[string]any
	GroupName     string
	GmtCreateTime string
	Quotas        []resourceQuota `json:",omitempty"`
}

func listResources(ctx context.Context, p Workspaces, k *request) (any, error) {
	option := k.q.str("Option")
	if option != "" && option != "ListResourceByWorkspace" && option != "ListResource" {
		return nil, invalidOption(option)
	}
	in := pai.ListResourcesInput{RequestID: k.id, WorkspaceID: k.q.str("WorkspaceId"), AllWorkspaces: option == "ListResource",
		GroupName: k.q.str("GroupName"), ResourceName: k.q.str("ResourceName"), ResourceTypes: k.q.list("ResourceTypes"), ProductTypes: k.q.list("ProductTypes"), QuotaIDs: k.q.list("QuotaIds"),
		Page: pai.Page{Number: k.q.int("PageNumber"), Size: k.q.int("PageSize")}}
	verbose := k.q.bool("Verbose", true)
	if k.q.err != nil {
		return nil, k.q.err
	}
	if k.q.str("Labels") != "" {
		return nil, errNoLabels()
	}
	l, err := p.ListResources(ctx, k.caller, in)
	if err != nil {
		return nil, err
	}
	out := struct {
		RequestId  string
		TotalCount int64
		Resources  []resourceItem
	}{RequestId: k.id, TotalCount: int64(l.TotalCount), Resources: []resourceItem{}}
	for _, r := range l.Resources {
		it := resourceItem{Id: r.ID, Name: r.Name, ProductType: r.Type, ResourceType: r.Type, EnvType: r.EnvType,
			WorkspaceId: r.WorkspaceID, IsDefault: r.IsDefault, Spec: r.Spec, GroupName: r.GroupName, GmtCreateTime: wireTime(r.CreateTime)}
		if verbose {
			it.Quotas = []resourceQuota{}
			for _, q := range r.Quotas {
				rq := resourceQuota{Name: q.Name, ProductCode: q.ProductCode, QuotaType: q.QuotaType, Mode: q.Mode, CardType: q.CardType,
					Id: q.ID, DisplayName: q.DisplayName, Specs: []specItem{}}
				for _, s := range q.Specs {
					rq.Specs = append(rq.Specs, specItem{s.Name, s.Value})
				}
				it.Quotas = append(it.Quotas, rq)
			}
		}
		out.Resources = append(out.Resources, it)
	}
	return out, nil
}

// updateWorkspaceResource takes GroupName from the query, where the v1 SDK puts it, or from the
// body, where the API reference and newer SDKs put it.
func updateWorkspaceResource(ctx context.Context, p Workspaces, k *request) (any, error) {
	var in struct {
		GroupName, ResourceType, ProductType string
		ResourceIds                          []string
		IsDefault                            *bool
		Spec                                 map[string]any
		Labels                               []struct{ Key, Value string }
	}
	if err := k.decodeBody(&in, false); err != nil {
		return nil, err
	}
	group := k.q.str("GroupName")
	switch {
	case group == "":
		group = in.GroupName
	case in.GroupName != "" && in.GroupName != group:
		return nil, errs.E(errs.Invalid, "InvalidParameter.GroupName", "The query and the body name different groups.")
	}
	if len(in.Labels) > 0 {
		return nil, errNoLabels()
	}
	ids, err := p.UpdateWorkspaceResource(ctx, k.caller, pai.UpdateWorkspaceResourceInput{RequestID: k.id,
		WorkspaceID: k.r.PathValue("WorkspaceId"), GroupName: group, ResourceIDs: in.ResourceIds,
		ResourceType: in.ResourceType, ProductType: in.ProductType, IsDefault: in.IsDefault, Spec: in.Spec})
	if err != nil {
		return nil, err
	}
	return struct {
		RequestId   string
		ResourceIds []string
	}{k.id, ids}, nil
}

func deleteWorkspaceResource(ctx context.Context, p Workspaces, k *request) (any, error) {
	if o := k.q.str("Option"); o != "" && o != "DetachAndDelete" && o != "Detach" {
		return nil, invalidOption(o)
	}
	if k.q.str("Labels") != "" {
		// A filter Rampart cannot apply would detach more than was asked for.
		return nil, errNoLabels()
	}
	ids, err := p.DeleteWorkspaceResource(ctx, k.caller, pai.DeleteWorkspaceResourceInput{RequestID: k.id,
		WorkspaceID: k.r.PathValue("WorkspaceId"), GroupName: k.q.str("GroupName"), ResourceIDs: k.q.list("ResourceIds"),
		ResourceType: k.q.str("ResourceType"), ProductType: k.q.str("ProductType")})
	if err != nil {
		return nil, err
	}
	return struct {
		RequestId   string
		ResourceIds []string
	}{k.id, ids}, nil
}

func listQuotas(ctx context.Context, p Workspaces, k *request) (any, error) {
	qs, err := p.ListQuotas(ctx, k.caller, pai.ListQuotasInput{RequestID: k.id, Name: k.q.str("Name")})
	if err != nil {
		return nil, err
	}
	type spec struct{ Name, Value, Type string }
	type quota struct {
		Name, QuotaType, Id, ProductCode, Mode, DisplayName string
		Specs                                               []spec
	}
	out := struct {
		RequestId  string
		TotalCount int64
		Quotas     []quota
	}{RequestId: k.id, TotalCount: int64(len(qs)), Quotas: []quota{}}
	for _, q := range qs {
		wq := quota{Name: q.Name, QuotaType: q.QuotaType, Id: q.ID, ProductCode: q.ProductCode, Mode: q.Mode, DisplayName: q.DisplayName, Specs: []spec{}}
		for _, s := range q.Specs {
			wq.Specs = append(wq.Specs, spec{s.Name, s.Value, s.Type})
		}
		out.Quotas = append(out.Quotas, wq)
	}
	return out, nil
}

func invalidOption(o string) error {
	return errs.E(errs.Invalid, "InvalidParameter.Option", "The parameter \"Option\" does not take %q.", o)
}

// errNoLabels refuses resource labels, as a body field or a filter: Rampart keeps none, and
// dropping them would attach a resource without them or act on resources a filter excludes.
func errNoLabels() error {
	return errs.E(errs.Invalid, "InvalidParameter.Labels", "Rampart keeps no labels on workspace resources.")
}
