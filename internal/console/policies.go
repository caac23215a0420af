package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
)

// "Permissions > Policies": system and custom policies, filtered by type and searched by name or
// description; a policy's page with its document, versions and references.

type policiesData struct {
	Type, Query string
	Policies    []ram.Policy
	Notice      string
	Problem     *problem
}

func (h *Handler) policies(v *visit) {
	q := v.r.URL.Query()
	d := policiesData{Type: q.Get("type"), Query: strings.TrimSpace(q.Get("q"))}
	if d.Type != "System" && d.Type != "Custom" {
		d.Type = ""
	}
	all, err := allPolicies(v, d.Type)
	for _, p := range all {
		if d.Query == "" || containsFold(p.Name, d.Query) || containsFold(p.Description, d.Query) {
			d.Policies = append(d.Policies, p)
		}
	}
	d.Problem, d.Notice = problemOf(err), v.notice()
	v.page(statusOf(err), "policies", "Policies", Prefix+"policies", d)
}

type policyData struct {
	Detail          ram.PolicyDetail
	Versions        []ram.PolicyVersion
	VersionsProblem *problem
	Refs            ram.PolicyEntities
	RefsProblem     *problem
	Edit            *documentEdit // "Modify Policy Document" is open; nil otherwise
	Notice          string
	Problem         *problem
}

// documentEdit is "Modify Policy Document": the JSON editor of "Create Policy" on a custom
// policy's page, and whether to make room for the new version when the policy has the most
// versions it may keep (RotateStrategy).
type documentEdit struct {
	Document string
	Check    checkData
	Rotate   bool
}

func (h *Handler) policy(v *visit) {
	d, err := h.loadPolicy(v, v.r.PathValue("type"), v.r.PathValue("name"))
	if err != nil {
		v.fail("Policy", err)
		return
	}
	if v.r.URL.Query().Get("edit") == "document" && d.Detail.Policy.Type == "Custom" {
		doc := d.Detail.DefaultPolicyVersion.Document
		d.Edit = &documentEdit{Document: doc, Check: checkDocument(doc)}
	}
	d.Notice = v.notice()
	v.page(http.StatusOK, "policy", "Policy "+d.Detail.Policy.Name, Prefix+"policies", d)
}

func (h *Handler) loadPolicy(v *visit, typ, name string) (*policyData, error) {
	in := ram.PolicyInput{RequestID: v.requestID(), PolicyType: typ, PolicyName: name}
	det, err := h.ram.GetPolicy(v.r.Context(), v.caller, in)
	if err != nil {
		return nil, err
	}
	d := &policyData{Detail: det}
	d.Versions, err = h.ram.ListPolicyVersions(v.r.Context(), v.caller, in)
	d.VersionsProblem = problemOf(err)
	d.Refs, err = h.ram.ListEntitiesForPolicy(v.r.Context(), v.caller, in)
	d.RefsProblem = problemOf(err)
	return d, nil
}

// policyOp runs an action on a custom policy: modify its document, make a version the default,
// delete a version, or delete the policy.
func (h *Handler) policyOp(v *visit) {
	typ, name, op := v.r.PathValue("type"), v.r.PathValue("name"), v.r.PathValue("op")
	ctx, rid, f := v.r.Context(), v.requestID(), v.r.PostForm
	if typ != "Custom" {
		// The actions below name a custom policy only: run on another type's path, they would
		// change the custom policy of the same name.
		v.fail("Policy", notFoundf("There is no action %q on a %s policy: only custom policies change.", op, strings.ToLower(typ)))
		return
	}
	var err error
	var done string
	switch op {
	case "document":
		h.modifyDocument(v, typ, name)
		return
	case "set-default":
		err = h.ram.SetDefaultPolicyVersion(ctx, v.caller, ram.CustomPolicyVersionInput{RequestID: rid, PolicyName: name, VersionID: f.Get("version")})
		done = f.Get("version") + " is now the default version."
	case "delete-version":
		err = h.ram.DeletePolicyVersion(ctx, v.caller, ram.CustomPolicyVersionInput{RequestID: rid, PolicyName: name, VersionID: f.Get("version")})
		done = "Deleted version " + f.Get("version") + "."
	case "delete":
		if err = h.ram.DeletePolicy(ctx, v.caller, ram.DeletePolicyInput{RequestID: rid, PolicyName: name}); err == nil {
			v.redirectDone(Prefix+"policies?type=Custom", "The policy "+name+" has been deleted.")
			return
		}
	default:
		v.fail("Policy", notFoundf("There is no action %q.", op))
		return
	}
	if err == nil {
		v.redirectDone(Prefix+"policies/"+url.PathEscape(typ)+"/"+url.PathEscape(name), done)
		return
	}
	d, lerr := h.loadPolicy(v, typ, name)
	if lerr != nil {
		v.failAction("Policy", err, lerr)
		return
	}
	d.Problem = problemOf(err)
	v.page(statusOf(err), "policy", "Policy "+name, Prefix+"policies", d)
}

// modifyDocument is "Modify Policy Document": the document, checked as "Create Policy" checks
// it, becomes a new version of the policy and its default one, as RAM's console makes it.
func (h *Handler) modifyDocument(v *visit, typ, name string) {
	f := v.r.PostForm
	edit := &documentEdit{Document: f.Get("document"), Rotate: f.Get("rotate") != ""}
	edit.Check = checkDocument(edit.Document)
	var err error
	status := http.StatusBadRequest // for the engine's errors
	if len(edit.Check.Errors) == 0 {
		in := ram.CreatePolicyVersionInput{RequestID: v.requestID(), PolicyName: name, PolicyDocument: edit.Document, SetAsDefault: true}
		if edit.Rotate {
			in.RotateStrategy = ram.RotateDeleteOldestNonDefault
		}
		var pv ram.PolicyVersion
		if pv, err = h.ram.CreatePolicyVersion(v.r.Context(), v.caller, in); err == nil {
			v.redirectDone(Prefix+"policies/Custom/"+url.PathEscape(name), "The policy document has been modified. "+pv.VersionID+" is now the default version.")
			return
		}
		status = statusOf(err)
	}
	d, lerr := h.loadPolicy(v, typ, name)
	if lerr != nil {
		v.failAction("Policy", err, lerr)
		return
	}
	d.Edit, d.Problem = edit, problemOf(err)
	v.page(status, "policy", "Policy "+name, Prefix+"policies", d)
}
