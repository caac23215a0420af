package policy

// Evaluator answers requests against a fixed set of policies. It is immutable and safe for
// concurrent use; build one per principal (or per role session) and reuse it.
//
// An Evaluator has one or more layers. NewEvaluator makes one; Intersect stacks them. Within a
// layer, any matching Deny gives ExplicitDeny, otherwise any matching Allow allows, otherwise
// the answer is ImplicitDeny. Across layers, ExplicitDeny in any layer wins, and the request is
// allowed only when every layer allows it.
type Evaluator struct {
	first layer
	// ctrl holds first's control bytes when they fit, so that a lookup goes from the
	// Evaluator straight to a bucket (see table).
	ctrl   [64]byte
	more   []layer    // the layers Intersect added
	inline [5]*Policy // backs first.pols for up to five policies
}

// NewEvaluator indexes ps into a one-layer evaluator. The order of ps is the order of
// Decision.Matches; nil policies are skipped. With no policies, every request is implicitly
// denied.
func NewEvaluator(ps ...*Policy) *Evaluator {
	e := &Evaluator{}
	e.first = newLayer(ps, e.inline[:0])
	copy(e.ctrl[:], e.first.t.ctrl())
	return e
}

// Intersect returns an evaluator that allows a request only when both e and other allow it,
// and denies it explicitly when either does: this is how a session policy narrows a role's
// permissions. Its Matches list e's layers first. A nil evaluator, on either side, counts as
// one without policies, which allows nothing.
func (e *Evaluator) Intersect(other *Evaluator) *Evaluator {
	if e == nil {
		e = NewEvaluator()
	}
	if other == nil {
		other = NewEvaluator()
	}
	more := make([]layer, 0, len(e.more)+1+len(other.more))
	more = append(more, e.more...)
	more = append(more, other.first)
	more = append(more, other.more...)
	return &Evaluator{first: e.first, ctrl: e.ctrl, more: more}
}

// request is a Request prepared once per decision: the action (and a service principal)
// lower-cased, the action's service split off, the action hashed for the first layer's table.
type request struct {
	action           []byte // lower-cased
	actionPadded     []byte // action followed by zeros to a multiple of eight bytes
	service          []byte // action up to and including its first ":"; empty without one
	hash             uint64 // hashKey of action with the seed of the first layer's table
	resource         string
	colons           uint64 // bit i: resource[i] is ':', for i < 64; once colonsFound
	colonsFound      bool
	principalType    PrincipalType
	principal        string
	servicePrincipal []byte // principal lower-cased, when principalType is PrincipalService
	ctx              *Context
}

// Evaluate decides req. It allocates nothing unless more than eight statements match (or the
// action or a service principal is longer than 128 bytes or not ASCII), and its cost grows
// with the number of statements that can match req.Action, not with the number of policies.
func (e *Evaluator) Evaluate(req *Request) (d Decision) {
	// d is named and r filled field by field so that neither is built elsewhere and copied:
	// on the decision path such copies cost more than the work.
	if e == nil || req == nil {
		return d
	}
	var actionBuf [maxLowered]byte
	var r request
	var colon int
	r.action, r.actionPadded, colon, r.hash = lowerAction(&actionBuf, req.Action, e.first.t.seed)
	if colon >= 0 {
		r.service = r.action[:colon+1]
	}
	r.resource = req.Resource
	r.principalType = req.PrincipalType
	r.principal = req.Principal
	r.ctx = &req.Context
	if r.principalType == PrincipalService {
		var principalBuf [maxLowered]byte
		r.servicePrincipal, _ = lower(&principalBuf, req.Principal)
		e.evaluate(&r, &d)
		return d
	}
	e.evaluate(&r, &d)
	return d
}

func (e *Evaluator) evaluate(r *request, d *Decision) {
	more := e.more // read first: the last cache line of e is then on its way
	ctrl := e.first.t.ctrl()
	if len(ctrl) <= len(e.ctrl) {
		ctrl = e.ctrl[:len(ctrl)]
	}
	allowedAll, deniedAny := e.first.evaluate(ctrl, r.hash, r, d)
	for i := range more {
		l := &more[i]
		h := hashKey(l.t.seed, r.actionPadded, len(r.action))
		allowed, denied := l.evaluate(l.t.ctrl(), h, r, d)
		allowedAll = allowedAll && allowed
		deniedAny = deniedAny || denied
	}
	switch {
	case deniedAny:
		d.Outcome = ExplicitDeny
	case allowedAll:
		d.Outcome = Allowed
	}
}
