package pai

import (
	"context"
	"errors"
	"time"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// resultSuccess is the Result of an audit record of an operation that succeeded; a denial's is
// its error code.
const resultSuccess = "Success"

// record is the audit record of the call with a result and target.
func (k *call) record(at time.Time, result, target string) store.AuditRecord {
	r := store.AuditRecord{Time: at, RequestID: k.requestID, Action: k.action, Target: target, Result: result, Detail: k.detail}
	if k.caller != nil {
		r.PrincipalARN = k.caller.ARN
		if ips, _ := k.caller.Context.Lookup("acs:SourceIp"); len(ips) > 0 {
			r.SourceIP = ips[0]
		}
	}
	return r
}

// failed finishes a failed operation: a denial is recorded in the audit trail outside any
// Update (nothing changed), and an error that is not one of the domain's becomes InternalError.
func (s *Service) failed(ctx context.Context, k *call, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return errs.Wrap(err)
	}
	if e.Kind == errs.Denied && e.Denial != nil {
		if _, aerr := s.store.AppendAudit(ctx, k.record(s.clock(), e.Code, e.Denial.Resource)); aerr != nil {
			denied := *e
			denied.Err = errors.Join(e.Err, aerr)
			return &denied
		}
	}
	return err
}
