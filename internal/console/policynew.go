package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
)

// "Create Policy": a visual editor tab and a "JSON" tab. The JSON tab starts with the seed's
// example; its document is checked as it is typed (htmx) and again when submitted, with the
// engine's errors shown by line and column. The visual editor builds the same JSON: "Edit JSON"
// carries its document over to the JSON tab.

type newPolicyData struct {
	Tab         string // "visual" or "json"
	Name        string
	Description string
	Document    string
	Check       checkData
	Visual      visualView
	Services    []string
	Problem     *problem
}

// visualView is the visual editor's state as its template reads it.
type visualView struct {
	Effect    string
	Service   string
	All       bool
	Known     []string
	Chosen    map[string]bool
	Other     string
	Resources string
}

func (h *Handler) newPolicyPage(v *visit) {
	q := v.r.URL.Query()
	d := newPolicyData{Tab: q.Get("tab"), Document: seedExample, Services: h.vocab.services}
	if d.Tab != "json" {
		d.Tab = "visual"
	}
	d.Visual = h.visualView(visualForm{Effect: "Allow", Service: q.Get("service"), Resources: "*"})
	d.Check = checkDocument(d.Document)
	v.page(http.StatusOK, "policy-new", "Create Policy", Prefix+"policies", d)
}

func (h *Handler) visualView(f visualForm) visualView {
	if f.Chosen == nil {
		f.Chosen = map[string]bool{}
	}
	return visualView{Effect: f.Effect, Service: f.Service, All: f.All, Known: h.vocab.known(f.Service),
		Chosen: f.Chosen, Other: f.Other, Resources: f.Resources}
}

// visualActions is the visual editor's action list for a service, for htmx.
func (h *Handler) visualActions(v *visit) {
	v.fragment("visual-actions", h.visualView(visualForm{Service: v.r.URL.Query().Get("service")}))
}

// validatePolicy checks the JSON tab's document, for htmx.
func (h *Handler) validatePolicy(v *visit) {
	v.fragment("policy-problems", checkDocument(v.r.PostFormValue("document")))
}

func (h *Handler) newPolicy(v *visit) {
	f := v.r.PostForm
	d := newPolicyData{Tab: f.Get("tab"), Name: strings.TrimSpace(f.Get("name")), Description: f.Get("description"),
		Document: f.Get("document"), Services: h.vocab.services}
	var unfinished error // what the visual editor's statement lacks, in the editor's words
	if d.Tab == "visual" {
		vf := visualForm{Effect: f.Get("effect"), Service: strings.TrimSpace(f.Get("service")), All: f.Get("all") != "",
			Chosen: map[string]bool{}, Other: f.Get("other"), Resources: f.Get("resources")}
		for _, a := range f["action"] {
			vf.Chosen[a] = true
		}
		if vf.Effect != "Deny" {
			vf.Effect = "Allow"
		}
		d.Visual = h.visualView(vf)
		d.Document = vf.document()
		switch {
		case len(vf.actions()) == 0:
			unfinished = invalid("MissingParameter.Action", "Choose at least one action of the service (or All actions), or type one under Other actions.")
		case len(vf.resources()) == 0:
			unfinished = invalid("MissingParameter.Resource", "Enter at least one resource, one per line, such as *.")
		}
		if f.Get("op") == "choose" || f.Get("op") == "json" {
			// Choosing a service without script reloads the tab, with no verdict on a statement
			// still being built; "Edit JSON" moves to the JSON tab and checks the document there.
			if f.Get("op") == "json" {
				d.Tab = "json"
				d.Check = checkDocument(d.Document)
			}
			v.page(http.StatusOK, "policy-new", "Create Policy", Prefix+"policies", d)
			return
		}
	} else {
		d.Tab = "json"
		d.Visual = h.visualView(visualForm{Effect: "Allow", Resources: "*"})
	}
	d.Check = checkDocument(d.Document)
	if len(d.Check.Errors) > 0 {
		// The engine's errors name lines of a document the visual editor's user has not seen.
		d.Problem = problemOf(unfinished)
		v.page(http.StatusBadRequest, "policy-new", "Create Policy", Prefix+"policies", d)
		return
	}
	p, err := h.ram.CreatePolicy(v.r.Context(), v.caller, ram.CreatePolicyInput{RequestID: v.requestID(),
		PolicyName: d.Name, PolicyDocument: d.Document, Description: d.Description})
	if err != nil {
		d.Problem = problemOf(err)
		v.page(statusOf(err), "policy-new", "Create Policy", Prefix+"policies", d)
		return
	}
	v.redirectDone(Prefix+"policies/Custom/"+url.PathEscape(p.Name), "The policy has been created.")
}
