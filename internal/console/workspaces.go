package console

import (
	"net/url"
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai"
)

// "PAI > Workspaces": the workspaces the signed-in person may see (PAI decides which: a Resource
// Administrator sees all, a member the workspaces it belongs to), with search and paging, and
// "Create Workspace".

const workspacesPerPage = 20

type workspacesData struct {
	Query      string
	Workspaces []pai.Workspace
	Total      int
	Page, Last int
	Admin      catalog.ResourceAdministrator
	Problem    *problem // of the list
	// The "Create Workspace" form, filled again after an error.
	Name, DisplayName, Description string
	CreateProblem                  *problem
}

func (h *Handler) workspaces(v *visit) {
	d, err := h.listWorkspaces(v)
	v.page(statusOf(err), "workspaces", "Workspaces", Prefix+"pai/workspaces", d)
}

// listWorkspaces reads the page of workspaces the query asks for; a failure is in the data too.
func (h *Handler) listWorkspaces(v *visit) (workspacesData, error) {
	q := v.r.URL.Query()
	d := workspacesData{Query: strings.TrimSpace(q.Get("q")), Admin: h.catalog.ResourceAdministrator()}
	in := pai.ListWorkspacesInput{RequestID: v.requestID(), WorkspaceName: d.Query, Page: pai.Page{Size: workspacesPerPage}}
	d.Page, _ = pageOf(q.Get("page"), 1<<30, workspacesPerPage)
	in.Page.Number = d.Page
	list, err := h.pai.ListWorkspaces(v.r.Context(), v.caller, in)
	if err == nil {
		// A page beyond the last shows the last.
		if d.Page, d.Last = pageOf(q.Get("page"), list.TotalCount, workspacesPerPage); d.Page != in.Page.Number {
			in.Page.Number = d.Page
			list, err = h.pai.ListWorkspaces(v.r.Context(), v.caller, in)
		}
	}
	if err != nil {
		d.Problem, d.Page, d.Last = problemOf(err), 1, 1
		return d, err
	}
	d.Workspaces, d.Total = list.Workspaces, list.TotalCount
	return d, nil
}

func (h *Handler) newWorkspace(v *visit) {
	f := v.r.PostForm
	in := pai.CreateWorkspaceInput{RequestID: v.requestID(), WorkspaceName: strings.TrimSpace(f.Get("name")),
		DisplayName: strings.TrimSpace(f.Get("display_name")), Description: strings.TrimSpace(f.Get("description"))}
	w, err := h.pai.CreateWorkspace(v.r.Context(), v.caller, in)
	if err != nil {
		d, _ := h.listWorkspaces(v)
		d.Name, d.DisplayName, d.Description, d.CreateProblem = in.WorkspaceName, in.DisplayName, in.Description, problemOf(err)
		v.page(statusOf(err), "workspaces", "Workspaces", Prefix+"pai/workspaces", d)
		return
	}
	v.redirectDone(workspacePath(w.ID), "The workspace "+w.Name+" has been created.")
}

// workspacePath is the page of workspace id.
func workspacePath(id string) string { return Prefix + "pai/workspaces/" + url.PathEscape(id) }
