package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
)

// action is one RPC operation of a product. The tables are static: a handler reaches the
// domain through its call, so the tables can also describe the API (Catalog) without one.
type action struct {
	name    string
	summary string // one line for help texts
	// write marks actions that change state (a later revision header names the change).
	write  bool
	handle func(ctx context.Context, k *call) (response, error)
	// route names the action in metrics ("Ram.GetUser") and root is its XML response's root
	// element ("GetUserResponse"); newProduct fills both, so requests need not build them.
	route, root string
}

// call is one authenticated request in a handler.
type call struct {
	ram       RAM
	sts       STS
	caller    *authz.Caller
	requestID string
	p         *Params
}

// The helpers below build RAM handlers from three parts: decode the parameters into the
// domain's input, call the domain method (a method expression such as RAM.GetUser), and turn its
// result into the response body. They check the parameters' errors between the first two steps,
// so a table entry states only what differs.

// op is an action whose domain method returns a result.
func op[In, Out any](decode func(*call) In, run func(RAM, context.Context, *authz.Caller, In) (Out, error),
	respond func(Out) response) func(context.Context, *call) (response, error) {
	return func(ctx context.Context, k *call) (response, error) {
		in := decode(k)
		if err := k.p.Err(); err != nil {
			return nil, err
		}
		out, err := run(k.ram, ctx, k.caller, in)
		if err != nil {
			return nil, err
		}
		return respond(out), nil
	}
}

// exec is an action whose domain method returns nothing but an error; its response is the
// RequestId alone.
func exec[In any](decode func(*call) In, run func(RAM, context.Context, *authz.Caller, In) error) func(context.Context, *call) (response, error) {
	return func(ctx context.Context, k *call) (response, error) {
		in := decode(k)
		if err := k.p.Err(); err != nil {
			return nil, err
		}
		if err := run(k.ram, ctx, k.caller, in); err != nil {
			return nil, err
		}
		return &meta{}, nil
	}
}
