package cli

import (
	"net/http"

	"github.com/rampart-iam/rampart/internal/activationapi"
	"github.com/rampart-iam/rampart/internal/authzapi"
	"github.com/rampart-iam/rampart/internal/openapi/aiworkspace"
)

// mountPAI serves the AIWorkspace API under /api/v1, and the decision API and Activation &
// Authorization (dependent services, activations) under /authz/v1, all signed like ROA calls and
// verified by the domain's verifier.
func mountPAI(mux *http.ServeMux, a *app, d *domain) error {
	ws, err := aiworkspace.New(aiworkspace.Options{Auth: d.verifier, PAI: d.pai, Logger: a.log})
	if err != nil {
		return err
	}
	ws.Mount(mux)
	decisions, err := authzapi.New(authzapi.Options{Auth: d.verifier, Snapshots: d.holder, Logger: a.log, Now: d.now})
	if err != nil {
		return err
	}
	decisions.Mount(mux)
	dependents, err := activationapi.New(activationapi.Options{Auth: d.verifier, Activation: d.activation, Logger: a.log})
	if err != nil {
		return err
	}
	dependents.Mount(mux)
	return nil
}
