package aiworkspace

import (
	"context"
	"strings"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/pai"
)

// workspaceItem is a workspace as ListWorkspaces (WorkspacesItem), GetWorkspace and
// GetDefaultWorkspace show it, but for its resource group, which the API reference names
// "resourceGroupId" in ListWorkspaces' items and "ResourceGroupId" in GetWorkspace (and the Tea
// SDKs map exactly those keys).
type workspaceItem struct {
	WorkspaceId     string
	WorkspaceName   string
	DisplayName     string
	GmtCreateTime   string
	GmtModifiedTime string
	Description     string
	Creator         string
	Status          string
	IsDefault       bool
	ExtraInfos      map[string]any
	EnvTypes        []string
	AdminNames      []string
}

// listedWorkspace is a workspace in ListWorkspaces.
type listedWorkspace struct {
	workspaceItem
	ResourceGroupId string `json:"resourceGroupId,omitempty"`
}

type owner struct {
	UserKp      string
	UserId      string
	UserName    string
	DisplayName string
}

type condition struct {
	Type    string
	Code    int64
	Message string
}

type workspaceBody struct {
	RequestId string
	workspaceItem
	ResourceGroupId string `json:",omitempty"`
	Owner           owner
	Conditions      []condition `json:",omitempty"`
}

func item(w pai.Workspace, account string) workspaceItem {
	return workspaceItem{WorkspaceId: w.ID, WorkspaceName: w.Name, DisplayName: w.DisplayName,
		GmtCreateTime: wireTime(w.CreateTime), GmtModifiedTime: wireTime(w.ModifiedTime), Description: w.Description,
		Creator: w.Creator, Status: w.Status, IsDefault: w.IsDefault, ExtraInfos: map[string]any{"TenantId": account},
		EnvTypes: nonNil(w.EnvTypes), AdminNames: nonNil(w.AdminNames)}
}

func body(id string, w pai.Workspace, account string) *workspaceBody {
	return &workspaceBody{RequestId: id, workspaceItem: item(w, account), ResourceGroupId: w.ResourceGroupID,
		Owner: owner{UserKp: account, UserId: w.Owner.ID, UserName: w.Owner.Name, DisplayName: w.Owner.DisplayName}}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func createWorkspace(ctx context.Context, p Workspaces, k *request) (any, error) {
	var in struct {
		WorkspaceName, DisplayName, Description, ResourceGroupId string
		EnvTypes                                                 []string
	}
	if err := k.decodeBody(&in, true); err != nil {
		return nil, err
	}
	w, err := p.CreateWorkspace(ctx, k.caller, pai.CreateWorkspaceInput{RequestID: k.id, WorkspaceName: in.WorkspaceName,
		DisplayName: in.DisplayName, Description: in.Description, EnvTypes: in.EnvTypes, ResourceGroupID: in.ResourceGroupId})
	if err != nil {
		return nil, err
	}
	return struct{ RequestId, WorkspaceId string }{k.id, w.ID}, nil
}

func getWorkspace(ctx context.Context, p Workspaces, k *request) (any, error) {
	k.q.bool("Verbose", false)
	if k.q.err != nil {
		return nil, k.q.err
	}
	w, err := p.GetWorkspace(ctx, k.caller, pai.WorkspaceInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId")})
	if err != nil {
		return nil, err
	}
	return body(k.id, w, k.caller.AccountID), nil
}

func updateWorkspace(ctx context.Context, p Workspaces, k *request) (any, error) {
	var in struct{ DisplayName, Description *string }
	if err := k.decodeBody(&in, false); err != nil {
		return nil, err
	}
	err := p.UpdateWorkspace(ctx, k.caller, pai.UpdateWorkspaceInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId"),
		DisplayName: in.DisplayName, Description: in.Description})
	return requestID(k, err)
}

func deleteWorkspace(ctx context.Context, p Workspaces, k *request) (any, error) {
	return requestID(k, p.DeleteWorkspace(ctx, k.caller, pai.WorkspaceInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId")}))
}

func changeResourceGroup(ctx context.Context, p Workspaces, k *request) (any, error) {
	var in struct{ ResourceId, NewResourceGroupId, ResourceType string }
	if err := k.decodeBody(&in, true); err != nil {
		return nil, err
	}
	err := p.ChangeResourceGroup(ctx, k.caller, pai.ChangeResourceGroupInput{RequestID: k.id,
		ResourceID: in.ResourceId, NewResourceGroupID: in.NewResourceGroupId, ResourceType: in.ResourceType})
	if err != nil {
		return nil, err
	}
	return struct { // the one AIWorkspace answer that spells it so (the API reference's example)
		RequestID string `json:"requestId"`
	}{k.id}, nil
}

// requestID is the body of actions that answer with the RequestId alone.
func requestID(k *request, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return struct{ RequestId string }{k.id}, nil
}

func listWorkspaces(ctx context.Context, p Workspaces, k *request) (any, error) {
	in := pai.ListWorkspacesInput{RequestID: k.id,
		Page:   pai.Page{Number: k.q.int("PageNumber"), Size: k.q.int("PageSize")},
		SortBy: k.q.str("SortBy"), Order: k.q.str("Order"), WorkspaceName: k.q.str("WorkspaceName"),
		Status: k.q.str("Status"), WorkspaceIDs: k.q.list("WorkspaceIds"), Modules: k.q.list("ModuleList"),
		ResourceGroupID: k.q.str("ResourceGroupId"),
		ResourceLimits:  k.q.str("Option") == "GetResourceLimits"}
	k.q.bool("Verbose", false)
	if err := k.q.err; err != nil {
		return nil, err
	}
	if o := k.q.str("Option"); o != "" && o != "GetWorkspaces" && o != "GetResourceLimits" {
		return nil, invalidOption(o)
	}
	// Fields names the fields each workspace carries; the API supports only Id.
	idsOnly := false
	for _, f := range k.q.list("Fields") {
		if f != "Id" {
			return nil, errs.E(errs.Invalid, "InvalidParameter.Fields", "The parameter \"Fields\" does not take %q: only Id is supported.", f)
		}
		idsOnly = true
	}
	l, err := p.ListWorkspaces(ctx, k.caller, in)
	if err != nil {
		return nil, err
	}
	out := struct {
		RequestId      string
		TotalCount     int64
		ResourceLimits map[string]int
		Workspaces     []any
	}{RequestId: k.id, TotalCount: int64(l.TotalCount), ResourceLimits: l.ResourceLimits, Workspaces: []any{}}
	if out.ResourceLimits == nil {
		out.ResourceLimits = map[string]int{}
	}
	for _, w := range l.Workspaces {
		if idsOnly {
			out.Workspaces = append(out.Workspaces, struct{ WorkspaceId string }{w.ID})
			continue
		}
		out.Workspaces = append(out.Workspaces, listedWorkspace{item(w, k.caller.AccountID), w.ResourceGroupID})
	}
	return out, nil
}

func getDefaultWorkspace(ctx context.Context, p Workspaces, k *request) (any, error) {
	verbose := k.q.bool("Verbose", false)
	if k.q.err != nil {
		return nil, k.q.err
	}
	w, err := p.GetDefaultWorkspace(ctx, k.caller, pai.DefaultWorkspaceInput{RequestID: k.id, Verbose: verbose})
	if err != nil {
		return nil, err
	}
	b := body(k.id, w, k.caller.AccountID)
	if verbose {
		// The stages of the default workspace's creation it has passed, each with Code 200 and
		// no Message (the API reference leaves Message empty on 200): Rampart's workspaces are
		// ready at once, so every stage up to ENABLED ("created and the member added").
		b.Conditions = []condition{{Type: "WORKSPACE_CREATED", Code: 200}, {Type: "MEMBERS_ADDED", Code: 200}, {Type: "ENABLED", Code: 200}}
	}
	return b, nil
}

func updateDefaultWorkspace(ctx context.Context, p Workspaces, k *request) (any, error) {
	var in struct{ WorkspaceId string }
	if err := k.decodeBody(&in, true); err != nil {
		return nil, err
	}
	return requestID(k, p.UpdateDefaultWorkspace(ctx, k.caller, pai.WorkspaceInput{RequestID: k.id, WorkspaceID: strings.TrimSpace(in.WorkspaceId)}))
}
