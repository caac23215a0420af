package pai

import (
	"context"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// ListWorkspacesInput holds ListWorkspaces' query.
type ListWorkspacesInput struct {
	RequestID string
	Page
	SortBy        string // "GmtCreateTime" (default) or "GmtModifiedTime"
	Order         string // "ASC" (default) or "DESC"
	WorkspaceName string // only workspaces whose name contains it, ignoring case
	Status        string // one of WorkspaceStatuses, in any case
	WorkspaceIDs  []string
	// ResourceGroupID lists only the workspaces of this resource group.
	ResourceGroupID string
	// Modules lists workspaces of these modules (ModuleList; PAI when empty). Rampart's
	// workspaces are all PAI workspaces, so a list without PAI matches none.
	Modules []string
	// ResourceLimits asks for the account's resource limits instead of workspaces
	// (Option=GetResourceLimits).
	ResourceLimits bool
}

// WorkspaceStatuses are the states ListWorkspaces' Status filter takes.
var WorkspaceStatuses = []string{"ENABLED", "INITIALIZING", "FAILURE", "DISABLED", "FROZEN", "UPDATING"}

// WorkspaceList is one page of workspaces.
type WorkspaceList struct {
	TotalCount     int
	Workspaces     []Workspace
	ResourceLimits map[string]int
}

// ListWorkspaces lists the workspaces the caller may see: those it may read
// (paiworkspace:GetWorkspace, which every workspace role holds) or list
// (paiworkspace:ListWorkspaces on the workspace, as AliyunPAIFullAccess grants). An explicit Deny
// of ListWorkspaces hides a workspace, and one on every workspace denies the call.
func (s *Service) ListWorkspaces(ctx context.Context, c *authz.Caller, in ListWorkspacesInput) (WorkspaceList, error) {
	switch in.SortBy {
	case "", "GmtCreateTime", "GmtModifiedTime":
	default:
		return WorkspaceList{}, invalid("SortBy", "GmtCreateTime or GmtModifiedTime")
	}
	switch strings.ToUpper(in.Order) {
	case "", "ASC", "DESC":
	default:
		return WorkspaceList{}, invalid("Order", "ASC or DESC")
	}
	if in.Status != "" && !slices.Contains(WorkspaceStatuses, strings.ToUpper(in.Status)) {
		return WorkspaceList{}, invalid("Status", "%s", strings.Join(WorkspaceStatuses, ", "))
	}
	if in.ResourceGroupID != "" {
		if err := checkID("ResourceGroupId", in.ResourceGroupID); err != nil {
			return WorkspaceList{}, err
		}
	}
	// As ListMembers' MemberName: a filter no name can contain (invalid UTF-8, a control
	// character) is the client's mistake, not a search that finds nothing.
	if err := checkText("WorkspaceName", in.WorkspaceName, maxNameFilter); err != nil {
		return WorkspaceList{}, err
	}
	k := s.begin(c, "ListWorkspaces", in.RequestID)
	var out WorkspaceList
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		snap := s.snaps.Current()
		all := s.workspaceARN("*")
		if d := snap.Decide(c, &authz.Request{Action: k.Action, Resource: all, Context: c.Context}); d.Outcome == policy.ExplicitDeny {
			return k.denied(all, d.Outcome)
		}
		if in.ResourceLimits {
			n, err := r.CountWorkspaces(ctx)
			if err != nil {
				return wrapf(err, "count workspaces")
			}
			out.ResourceLimits = map[string]int{"Workspace": s.limits.Workspaces - n}
			return nil
		}
		ws, err := r.ListWorkspaces(ctx)
		if err != nil {
			return wrapf(err, "list workspaces")
		}
		var visible []store.Workspace
		for _, w := range ws {
			if !s.matches(w, in) || !s.canSee(c, w) {
				continue
			}
			visible = append(visible, w)
		}
		sortWorkspaces(visible, in.SortBy, strings.EqualFold(in.Order, "DESC"))
		lo, hi, err := s.bounds(in.Page, len(visible))
		if err != nil {
			return err
		}
		out.TotalCount = len(visible)
		for _, w := range visible[lo:hi] {
			v, err := s.workspaceView(ctx, r, w)
			if err != nil {
				return err
			}
			out.Workspaces = append(out.Workspaces, v)
		}
		return nil
	})
	return out, err
}

func (s *Service) matches(w store.Workspace, in ListWorkspacesInput) bool {
	switch {
	case in.WorkspaceName != "" && !strings.Contains(strings.ToLower(w.Name), strings.ToLower(in.WorkspaceName)):
		return false
	case in.Status != "" && !strings.EqualFold(in.Status, w.Status):
		return false
	case len(in.WorkspaceIDs) > 0 && !slices.Contains(in.WorkspaceIDs, w.ID):
		return false
	case in.ResourceGroupID != "" && w.ResourceGroupID != in.ResourceGroupID:
		return false
	case len(in.Modules) > 0 && !slices.ContainsFunc(in.Modules, func(m string) bool { return strings.EqualFold(m, "PAI") }):
		return false
	}
	return true
}

// canSee reports whether c may see workspace w in lists.
func (s *Service) canSee(c *authz.Caller, w store.Workspace) bool {
	snap := s.snaps.Current()
	arn := s.workspaceARN(w.ID)
	list := snap.Decide(c, &authz.Request{Action: "paiworkspace:ListWorkspaces", Resource: arn, ResourceGroupID: w.ResourceGroupID, Context: c.Context})
	switch list.Outcome {
	case policy.Allowed:
		return true
	case policy.ExplicitDeny:
		return false
	}
	return snap.DecideWorkspace(c, &authz.WorkspaceRequest{Code: "PaiWorkspace:GetWorkspace", WorkspaceID: w.ID,
		Request: authz.Request{Action: "paiworkspace:GetWorkspace", Resource: arn, ResourceGroupID: w.ResourceGroupID, Context: c.Context}}).Allowed()
}

func sortWorkspaces(ws []store.Workspace, by string, desc bool) {
	slices.SortStableFunc(ws, func(a, b store.Workspace) int {
		ta, tb := a.CreateDate, b.CreateDate
		if by == "GmtModifiedTime" {
			ta, tb = a.UpdateDate, b.UpdateDate
		}
		c := ta.Compare(tb)
		if c == 0 {
			c = strings.Compare(a.ID, b.ID)
		}
		if desc {
			return -c
		}
		return c
	})
}
