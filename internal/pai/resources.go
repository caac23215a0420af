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
	// WorkspaceID is the entry's own WorkspaceId, which the API reference lists: when given it
	// must be the workspace the call attaches to.
	WorkspaceID string
	IsDefault   bool
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
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
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
		// A new default group of a type takes over from the one before, as
		// UpdateWorkspaceResource's IsDefault does: a workspace has one default per type.
		for _, e := range existing {
			newer := slices.IndexFunc(rows, func(r store.WorkspaceResource) bool { return r.IsDefault && r.Type == e.Type })
			if e.IsDefault && newer >= 0 && e.GroupName != rows[newer].GroupName {
				e.IsDefault = false
				if err := tx.UpdateWorkspaceResource(ctx, e); err != nil {
					return wrapf(err, "update resource %s", e.ID)
				}
			}
		}
		k.Detail = "resources " + strings.Join(ids, ",")
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
		return store.WorkspaceResource{}, invalid("Resources.Name", "3 to 28 letters, digits and underscores, starting with a letter")
	case typ == "":
		return store.WorkspaceResource{}, missing("Resources.ResourceType")
	case !slices.Contains(resourceTypes, typ):
		return store.WorkspaceResource{}, invalid("Resources.ResourceType", "one of %s", strings.Join(resourceTypes, ", "))
	case r.EnvType != "" && !slices.Contains(envTypes, r.EnvType):
		return store.WorkspaceResource{}, invalid("Resources.EnvType", "dev or prod")
	case r.WorkspaceID != "" && r.WorkspaceID != ws:
		return store.WorkspaceResource{}, invalid("Resources.WorkspaceId", "the workspace the call attaches to, %s", ws)
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
	if err := checkSpec("Resources.Spec", typ, r.Spec); err != nil {
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
// members rights on them (see snapshot's loader, which reads the same fields). param names the
// Spec parameter in errors.
func checkSpec(param, typ string, spec map[string]any) error {
	switch typ {
	case "OSS":
		path, _ := spec["Path"].(string)
		rest, ok := strings.CutPrefix(path, "oss://")
		bucket, prefix, _ := strings.Cut(rest, "/")
		if !ok || !bucketRE.MatchString(bucket) || strings.ContainsAny(prefix, "*?") || !utf8Printable(prefix) {
			return invalid(param+".Path", `an OSS path "oss://<bucket>/<prefix>" without wildcards`)
		}
	case "MaxCompute":
		project, _ := spec["odpsProject"].(string)
		if !projectRE.MatchString(project) {
			return invalid(param+".odpsProject", "a MaxCompute project name")
		}
	}
	return nil
}

func utf8Printable(s string) bool { return checkText("", s, len(s)+1) == nil }
