package activation

import (
	"context"
	"slices"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/store"
)

// workspaceResourceType is the workspace resource type that holds a dependent service's
// resources in PAI workspaces, for the services whose resources workspaces hold.
func workspaceResourceType(service string) (string, bool) {
	switch service {
	case "OSS":
		return "OSS", true
	case "MaxCompute":
		return "MaxCompute", true
	case "Flink":
		return "FLINK", true
	}
	return "", false
}

// RoleUsage answers RAM before it deletes a service-linked role (ram.WithRoleUsage): a PAI
// module still uses its role while any workspace holds a resource of a dependent service the
// role serves (an OSS path for a role that serves OSS, a MaxCompute project for one that serves
// MaxCompute), since the module reaches those resources through the role. The usages name the
// resources, in region, as acs:paiworkspace:<region>:<account>:workspace/<id>/resources/<id>.
// Roles the catalog does not know are never in use.
func RoleUsage(cat *catalog.Catalog, region string) func(ctx context.Context, r store.Reader, role store.Role) ([]store.RoleUsage, error) {
	return func(ctx context.Context, r store.Reader, role store.Role) ([]store.RoleUsage, error) {
		def, ok := cat.ServiceLinkedRole(role.ServiceName)
		if !ok {
			return nil, nil
		}
		var types []string
		for _, s := range def.Services {
			if t, ok := workspaceResourceType(s); ok {
				types = append(types, t)
			}
		}
		if len(types) == 0 {
			return nil, nil
		}
		a, err := r.GetAccount(ctx)
		if err != nil {
			return nil, err
		}
		resources, err := r.ListWorkspaceResources(ctx, "")
		if err != nil {
			return nil, err
		}
		var arns []string
		for _, res := range resources {
			if slices.Contains(types, res.Type) {
				arns = append(arns, "acs:paiworkspace:"+region+":"+a.ID+":workspace/"+res.WorkspaceID+"/resources/"+res.ID)
			}
		}
		if len(arns) == 0 {
			return nil, nil
		}
		return []store.RoleUsage{{Region: region, Resources: arns}}, nil
	}
}
