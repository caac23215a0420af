package console

import (
	"context"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/pai/activation"
)

// "PAI > Activation & Authorization > Dependent Services": per PAI module (iTAG, Designer, DSW,
// DLC, AutoML, EAS, LangStudio, AI asset management), each cloud service it depends on with its
// authorization status, and in the "Actions" column "Authorize" (a form: the domain creates the
// module's service-linked role or service role) or "View Authorization" (the role, its service
// principal, its policy and the policy that activates the service).

// DependentServices is what the page needs of the activation domain; *activation.Service
// implements it. Both operations take the signed-in person as the caller and authorize it as
// the API does: reading the page needs ram:ListRoles, authorizing needs
// ram:CreateServiceLinkedRole (or ram:CreateRole and ram:AttachPolicyToRole).
type DependentServices interface {
	// DependentServices lists every module × dependent service, in the seed's order.
	DependentServices(ctx context.Context, c *authz.Caller, requestID string) ([]activation.DependentService, error)
	// Authorize creates the role through which a module reaches a service, or activates a
	// service no role serves; authorizing what is authorized changes nothing.
	Authorize(ctx context.Context, c *authz.Caller, in activation.AuthorizeInput) (activation.DependentService, error)
}

var _ DependentServices = (*activation.Service)(nil)

type dependentServicesData struct {
	Modules []moduleServices
	Notice  string
	Problem *problem
}

type moduleServices struct {
	Name, Anchor string
	Services     []activation.DependentService
}

const dependentServicesPath = Prefix + "pai/dependent-services"

func (h *Handler) dependentServices(v *visit) {
	d, err := h.loadDependentServices(v)
	d.Notice = v.notice()
	v.page(statusOf(err), "dependent-services", "Dependent Services", dependentServicesPath, d)
}

func (h *Handler) loadDependentServices(v *visit) (dependentServicesData, error) {
	rows, err := h.dependent.DependentServices(v.r.Context(), v.caller, v.requestID())
	if err != nil {
		return dependentServicesData{Problem: problemOf(err)}, err
	}
	var d dependentServicesData
	for _, r := range rows {
		if n := len(d.Modules); n == 0 || d.Modules[n-1].Name != r.Module {
			d.Modules = append(d.Modules, moduleServices{Name: r.Module, Anchor: anchor("module", r.Module)})
		}
		m := &d.Modules[len(d.Modules)-1]
		m.Services = append(m.Services, r)
	}
	return d, nil
}

// authorizeDependentService is "Authorize" in the "Actions" column.
func (h *Handler) authorizeDependentService(v *visit) {
	module, service := v.r.PostForm.Get("module"), v.r.PostForm.Get("service")
	_, err := h.dependent.Authorize(v.r.Context(), v.caller, activation.AuthorizeInput{RequestID: v.requestID(), Module: module, Service: service})
	if err == nil {
		done := module + " is authorized to access " + service + "."
		v.redirectDone(dependentServicesPath+"#"+anchor("module", module), done)
		return
	}
	d, _ := h.loadDependentServices(v)
	d.Problem = problemOf(err)
	v.page(statusOf(err), "dependent-services", "Dependent Services", dependentServicesPath, d)
}

// anchor is an element ID made of words: anchor("module", "AI asset management") is
// "module-AI-asset-management".
func anchor(words ...string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, strings.Join(words, "-"))
}
