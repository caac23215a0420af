package cli

import (
	"net/http"

	"github.com/rampart-iam/rampart/internal/activationapi"
	"github.com/rampart-iam/rampart/internal/authzapi"
	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/openapi/aiworkspace"
)

// mountPAI serves the AIWorkspace API under /api/v1, and the decision API and Activation &
// Authorization (dependent services, activations) under /authz/v1, all signed like ROA calls and
// verified by the domain's verifier, behind guard (consistency tokens, errors as ROA JSON).
func mountPAI(mux *http.ServeMux, a *app, d *domain, guard *consistency.Guard) error {
	roa := http.NewServeMux()
	ws, err := aiworkspace.New(aiworkspace.Options{Auth: d.verifier, Throttle: d.throttle, PAI: d.pai, Logger: a.log})
	if err != nil {
		return err
	}
	ws.Mount(roa)
	// The body's minRevision waits as long as the header does.
	decisions, err := authzapi.New(authzapi.Options{Auth: d.verifier, Throttle: d.throttle, Snapshots: d.holder, Logger: a.log, Now: d.now,
		MaxWait: guard.Wait()})
	if err != nil {
		return err
	}
	decisions.Mount(roa)
	dependents, err := activationapi.New(activationapi.Options{Auth: d.verifier, Throttle: d.throttle, Activation: d.activation, Logger: a.log})
	if err != nil {
		return err
	}
	dependents.Mount(roa)
	// Any other method or path: the gateway's error, in the shape the SDK decodes.
	roa.Handle("/", openapi.NotFound(a.log))
	h := guard.Wrap(func(w http.ResponseWriter, r *http.Request, err error) { openapi.WriteError(w, r, "JSON", err, a.log) }, roa)
	mux.Handle("/api/v1/", h)
	mux.Handle("/resourcegroups/", h) // AIWorkspace's ChangeResourceGroup
	mux.Handle("/authz/v1/", h)
	return nil
}
