package pai

import (
	"context"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// ListQuotasInput holds ListQuotas' query.
type ListQuotasInput struct {
	RequestID string
	Name      string // only quotas whose name contains it, ignoring case (the API's fuzzy search)
}

// ListQuotas lists the compute quotas the account's workspace resources use (pai:ListQuotas,
// which PAI allows unless a RAM policy denies it).
func (s *Service) ListQuotas(ctx context.Context, c *authz.Caller, in ListQuotasInput) ([]Quota, error) {
	if err := checkText("Name", in.Name, maxNameFilter); err != nil {
		return nil, err // as ListMembers' MemberName: a filter no name can contain
	}
	k := s.beginAction(c, "pai:ListQuotas", in.RequestID)
	var out []Quota
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		if err := k.allowAccount("Pai:ListQuotas", "acs:pai:"+s.region+":"+s.accountID()+":*", ""); err != nil {
			return err
		}
		rows, err := r.ListWorkspaceResources(ctx, "")
		if err != nil {
			return wrapf(err, "list workspace resources")
		}
		seen := map[string]bool{}
		for _, row := range rows {
			for _, q := range resourceView(row).Quotas {
				if seen[q.ID] || (in.Name != "" && !strings.Contains(strings.ToLower(q.Name), strings.ToLower(in.Name))) {
					continue
				}
				seen[q.ID] = true
				out = append(out, q)
			}
		}
		return nil
	})
	return out, err
}
