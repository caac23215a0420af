package pai

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// Quota is a compute quota a workspace resource uses, as the API shows it.
type Quota struct {
	ID, Name, DisplayName, QuotaType, ProductCode, Mode, CardType string
	Specs                                                         []QuotaSpec
}

// QuotaSpec is one specification of a quota ("cpu": "100").
type QuotaSpec struct{ Name, Value, Type string }

// NewResource is one entry of CreateWorkspaceResource's Resources.
type NewResource struct {
	Name      string
	GroupName string // defaults to Name
	// ResourceType is MaxCompute, ECS, Lingjun, ACS, FLINK, or OSS (an OSS path, Rampart's
	// addition); ProductType, its deprecated name, is read when ResourceType is empty.
	ResourceType, ProductType string
	EnvType                   string // dev or prod (default)
	IsDefault                 bool
	// Spec describes the resource: {"Path": "oss://bucket/prefix/"} for OSS,
	// {"odpsProject": "name", "Endpoint": ...} for MaxCompute; free-form otherwise.
	Spec   map[string]any
	Quotas []Quota
}

// CreateWorkspaceResourceInput holds CreateWorkspaceResource's parameters.
type CreateWorkspaceResourceInput struct {
	RequestID   string
	WorkspaceID string
	Resources   []NewResource
}

// Resource is a workspace resource as the API shows it.
type Resource struct {
	ID, WorkspaceID, Name, GroupName, Type, EnvType string
	IsDefault                                       bool
	Spec                                            map[string]any
	Quotas                                          []Quota
	CreateTime                                      time.Time
}

// CreateWorkspaceResource attaches resources to a workspace, all or none
// (paiworkspace:CreateWorkspaceResource; owners and administrators). Members get rights on an
// attached OSS path or MaxCompute project through their roles (authz.MemberServiceGrants).
func (s *Service) CreateWorkspaceResource(ctx context.Context, c *authz.Caller, in CreateWorkspaceResourceInput) ([]string, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return nil, err
	}
	switch {
	case len(in.Resources) == 0:
		return nil, missing("Resources")
	case len(in.Resources) > s.limits.ResourcesPerCall:
		return nil, invalid("Resources", "at most %d resources per call", s.limits.ResourcesPerCall)
	}
	now := s.clock()
	rows := make([]store.WorkspaceResource, len(in.Resources))
	for i, r := range in.Resources {
		row, err := s.resourceRow(in.WorkspaceID, r, now)
		if err != nil {
			return nil, err
		}
		rows[i] = row
	}
	k := s.begin(c, "CreateWorkspaceResource", in.RequestID)
	ids := make([]string, len(rows))
	err := s.write(ctx, k, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		n, err := tx.CountWorkspaceResources(ctx, w.ID)
		if err != nil {
			return wrapf(err, "count resources of workspace %s", w.ID)
		}
		if n+len(rows) > s.limits.ResourcesPerWorkspace {
			return limitExceeded("LimitExceeded.Workspace.Resource", "resources of a workspace", s.limits.ResourcesPerWorkspace)
		}
		existing, err := tx.ListWorkspaceResources(ctx, w.ID)
		if err != nil {
			return wrapf(err, "list resources of workspace %s", w.ID)
		}
		for i, row := range rows {
			taken := slices.ContainsFunc(existing, func(e store.WorkspaceResource) bool { return strings.EqualFold(e.Name, row.Name) }) ||
				slices.ContainsFunc(rows[:i], func(e store.WorkspaceResource) bool { return strings.EqualFold(e.Name, row.Name) })
			if taken {
				return errResourceExists(row.Name)
			}
			if err := tx.CreateWorkspaceResource(ctx, row); err != nil {
				return err
			}
			ids[i] = row.ID
		}
		k.detail = "resources " + strings.Join(ids, ",")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// resourceRow validates r and returns the row that stores it.
func (s *Service) resourceRow(ws string, r NewResource, now time.Time) (store.WorkspaceResource, error) {
	typ := r.ResourceType
	if typ == "" {
		typ = r.ProductType
	}
	switch {
	case r.Name == "":
		return store.WorkspaceResource{}, missing("Resources.Name")
	case !resourceNameRE.MatchString(r.Name):
		return store.WorkspaceResource{}, invalid("Resources.Name", "3 to 28 letters, digits, hyphens and underscores, starting with a letter")
	case typ == "":
		return store.WorkspaceResource{}, missing("Resources.ResourceType")
	case !slices.Contains(resourceTypes, typ):
		return store.WorkspaceResource{}, invalid("Resources.ResourceType", "one of %s", strings.Join(resourceTypes, ", "))
	case r.EnvType != "" && !slices.Contains(envTypes, r.EnvType):
		return store.WorkspaceResource{}, invalid("Resources.EnvType", "dev or prod")
	}
	group := r.GroupName
	if group == "" {
		group = r.Name
	}
	if err := checkID("Resources.GroupName", group); err != nil {
		return store.WorkspaceResource{}, err
	}
	env := r.EnvType
	if env == "" {
		env = "prod"
	}
	if err := checkSpec(typ, r.Spec); err != nil {
		return store.WorkspaceResource{}, err
	}
	for _, q := range r.Quotas {
		if err := checkID("Resources.Quotas.Id", q.ID); err != nil {
			return store.WorkspaceResource{}, err
		}
	}
	spec, err := json.Marshal(nonNilSpec(r.Spec))
	if err != nil || len(spec) > maxResourceSpec {
		return store.WorkspaceResource{}, invalid("Resources.Spec", "a JSON object of at most %d bytes", maxResourceSpec)
	}
	quotas, err := json.Marshal(nonNilQuotas(r.Quotas))
	if err != nil || len(quotas) > maxResourceQuota {
		return store.WorkspaceResource{}, invalid("Resources.Quotas", "at most %d bytes", maxResourceQuota)
	}
	return store.WorkspaceResource{ID: s.ids.EntityID(), WorkspaceID: ws, Name: r.Name, GroupName: group, Type: typ,
		EnvType: env, IsDefault: r.IsDefault, Spec: string(spec), Quotas: string(quotas), CreateDate: now}, nil
}

func nonNilSpec(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func nonNilQuotas(q []Quota) []Quota {
	if q == nil {
		return []Quota{}
	}
	return q
}

// checkSpec checks what an OSS path or a MaxCompute project must say; it is what grants
// members rights on them (see snapshot's loader, which reads the same fields).
func checkSpec(typ string, spec map[string]any) error {
	switch typ {
	case "OSS":
		path, _ := spec["Path"].(string)
		rest, ok := strings.CutPrefix(path, "oss://")
		bucket, prefix, _ := strings.Cut(rest, "/")
		if !ok || !bucketRE.MatchString(bucket) || strings.ContainsAny(prefix, "*?") || !utf8Printable(prefix) {
			return invalid("Resources.Spec.Path", `an OSS path "oss://<bucket>/<prefix>" without wildcards`)
		}
	case "MaxCompute":
		project, _ := spec["odpsProject"].(string)
		if !projectRE.MatchString(project) {
			return invalid("Resources.Spec.odpsProject", "a MaxCompute project name")
		}
	}
	return nil
}

func utf8Printable(s string) bool { return checkText("", s, len(s)+1) == nil }

// resourceView is a stored resource as the API shows it.
func resourceView(r store.WorkspaceResource) Resource {
	v := Resource{ID: r.ID, WorkspaceID: r.WorkspaceID, Name: r.Name, GroupName: r.GroupName, Type: r.Type,
		EnvType: r.EnvType, IsDefault: r.IsDefault, CreateTime: r.CreateDate}
	_ = json.Unmarshal([]byte(r.Spec), &v.Spec) // written by resourceRow
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
	ResourceTypes []string // only resources of these types
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
	k := s.begin(c, "ListResources", in.RequestID)
	var out ResourceList
	err := s.read(ctx, k, func(r store.Reader) error {
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
			switch {
			case in.GroupName != "" && row.GroupName != in.GroupName:
			case in.ResourceName != "" && !strings.Contains(strings.ToLower(row.Name), strings.ToLower(in.ResourceName)):
			case len(in.ResourceTypes) > 0 && !slices.Contains(in.ResourceTypes, row.Type):
			default:
				res = append(res, resourceView(row))
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

// allowedIn reports whether c may perform action ("ListResources") in workspace w.
func (s *Service) allowedIn(c *authz.Caller, action string, w store.Workspace) bool {
	return s.snaps.Current().DecideWorkspace(c, &authz.WorkspaceRequest{Code: "PaiWorkspace:" + action, WorkspaceID: w.ID,
		Request: authz.Request{Action: "paiworkspace:" + action, Resource: s.workspaceARN(w.ID), ResourceGroupID: w.ResourceGroupID,
			Context: c.Context}}).Allowed()
}

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
	k.detail = "group " + in.GroupName
	return s.write(ctx, k, func(tx store.Tx) error {
		w, err := s.workspace(ctx, k, tx, in.WorkspaceID)
		if err != nil {
			return err
		}
		rows, err := tx.ListWorkspaceResources(ctx, w.ID)
		if err != nil {
			return wrapf(err, "list resources of workspace %s", w.ID)
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

// ListQuotasInput holds ListQuotas' query.
type ListQuotasInput struct {
	RequestID string
	Name      string // only the quota with this name
}

// ListQuotas lists the compute quotas the account's workspace resources use (pai:ListQuotas,
// which PAI allows unless a RAM policy denies it).
func (s *Service) ListQuotas(ctx context.Context, c *authz.Caller, in ListQuotasInput) ([]Quota, error) {
	k := s.beginAction(c, "pai:ListQuotas", in.RequestID)
	var out []Quota
	err := s.read(ctx, k, func(r store.Reader) error {
		if err := k.allowAccount("Pai:ListQuotas", "acs:pai:"+s.region+":"+s.accountID()+":*", ""); err != nil {
			return err
		}
		rows, err := r.ListWorkspaceResources(ctx, "")
		if err != nil {
			return wrapf(err, "list workspace resources")
		}
		seen := map[string]bool{}
		for _, row := range rows {
			for _, q := range resourceView(row).Quotas {
				if seen[q.ID] || (in.Name != "" && q.Name != in.Name) {
					continue
				}
				seen[q.ID] = true
				out = append(out, q)
			}
		}
		return nil
	})
	return out, err
}
