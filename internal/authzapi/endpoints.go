package authzapi

import (
	"context"
	"strconv"

	"github.com/rampart-iam/rampart/internal/authz"
)

// checkBody is /authz/v1/check's and /authz/v1/explain's body.
type checkBody struct {
	Check
	// MinRevision is the revision the answer must reflect at least (a write's revision).
	MinRevision int64 `json:"minRevision,omitempty"`
}

// checkResponse is /authz/v1/check's answer.
type checkResponse struct {
	Result
	Revision int64 `json:"revision"`
}

func (h *Handler) check(ctx context.Context, k *call) (any, error) {
	in, snap, err := h.oneCheck(ctx, k)
	if err != nil {
		return nil, err
	}
	res, _, _ := h.evaluate(ctx, snap, &in.Check, k.now)
	return checkResponse{Result: res, Revision: snap.Revision()}, nil
}

// oneCheck reads the body of a call about one check and the snapshot to answer it with.
func (h *Handler) oneCheck(ctx context.Context, k *call) (*checkBody, *authz.Snapshot, error) {
	var in checkBody
	if err := k.decode(&in); err != nil {
		return nil, nil, err
	}
	if err := in.validate(""); err != nil {
		return nil, nil, err
	}
	snap, err := h.snapshot(ctx, k, in.MinRevision)
	if err != nil {
		return nil, nil, err
	}
	return &in, snap, nil
}

// batchBody is /authz/v1/batch-check's body.
type batchBody struct {
	Checks      []Check `json:"checks"`
	MinRevision int64   `json:"minRevision,omitempty"`
}

// batchResponse answers every check, in order, from one snapshot.
type batchResponse struct {
	Results  []Result `json:"results"`
	Revision int64    `json:"revision"`
}

func (h *Handler) batchCheck(ctx context.Context, k *call) (any, error) {
	var in batchBody
	if err := k.decode(&in); err != nil {
		return nil, err
	}
	switch {
	case len(in.Checks) == 0:
		return nil, missing("checks")
	case len(in.Checks) > h.maxBatch:
		return nil, invalid("checks", "at most "+strconv.Itoa(h.maxBatch)+" checks per batch")
	}
	for i := range in.Checks {
		if err := in.Checks[i].validate("checks[" + strconv.Itoa(i) + "]."); err != nil {
			return nil, err
		}
	}
	snap, err := h.snapshot(ctx, k, in.MinRevision)
	if err != nil {
		return nil, err
	}
	out := batchResponse{Results: make([]Result, len(in.Checks)), Revision: snap.Revision()}
	for i := range in.Checks {
		out.Results[i], _, _ = h.evaluate(ctx, snap, &in.Checks[i], k.now)
	}
	return out, nil
}
