package policy

import "strings"

// principalMatcher is a compiled trust-policy Principal.
type principalMatcher struct {
	ram       []ramPattern
	service   []glob // lower-cased: service names compare case-insensitively
	federated []glob
}

// ramPattern is one RAM principal value: either a whole account ("acs:ram::<account>:root",
// where account is the pattern) or a pattern for the caller's full ARN.
type ramPattern struct {
	wholeAccount bool
	glob         glob
}

const (
	ramARNPrefix = "acs:ram::"
	rootSuffix   = ":root"
)

func compilePrincipal(p *Principal) *principalMatcher {
	if p == nil {
		return nil
	}
	m := &principalMatcher{}
	for _, v := range p.RAM {
		if acct, ok := rootAccount(v); ok {
			m.ram = append(m.ram, ramPattern{wholeAccount: true, glob: compileGlob(acct, false)})
		} else {
			m.ram = append(m.ram, ramPattern{glob: compileGlob(v, false)})
		}
	}
	for _, v := range p.Service {
		m.service = append(m.service, compileGlob(strings.ToLower(v), false))
	}
	for _, v := range p.Federated {
		m.federated = append(m.federated, compileGlob(v, false))
	}
	return m
}

// rootAccount recognises "acs:ram::<account>:root" and returns the account part.
func rootAccount(v string) (string, bool) {
	acct, ok := strings.CutPrefix(v, ramARNPrefix)
	if !ok {
		return "", false
	}
	acct, ok = strings.CutSuffix(acct, rootSuffix)
	if !ok || acct == "" || strings.Contains(acct, ":") {
		return "", false
	}
	return acct, true
}

// match reports whether the request's principal is one this Principal names.
func (m *principalMatcher) match(r *request) bool {
	switch r.principalType {
	case PrincipalRAM:
		for i := range m.ram {
			if m.ram[i].match(r.principal) {
				return true
			}
		}
	case PrincipalService:
		for i := range m.service {
			if m.service[i].matchLower(r.servicePrincipal) {
				return true
			}
		}
	case PrincipalFederated:
		for i := range m.federated {
			if m.federated[i].match(r.principal, nil) {
				return true
			}
		}
	}
	return false
}

func (r *ramPattern) match(arn string) bool {
	if !r.wholeAccount {
		return r.glob.match(arn, nil)
	}
	rest, ok := strings.CutPrefix(arn, ramARNPrefix)
	if !ok {
		return false
	}
	acct, name, ok := strings.Cut(rest, ":")
	return ok && name != "" && r.glob.match(acct, nil)
}
