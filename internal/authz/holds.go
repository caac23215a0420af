package authz

// MissingSystemPolicies returns the system policies of names that the caller does not hold at
// account scope, in the order given. A user holds a policy attached to it or to one of its
// groups; a role session holds what is attached to its role; the root holds everything and a
// service principal nothing. Policies attached within a resource group do not count: PAI's
// activation and purchase pages ask for policies granted with Resource Scope "Account".
//
// Activation asks this question, rather than a decision about an action, because the seed
// states its requirements as policies ("you need to add the AliyunPAIFullAccess policy").
func (s *Snapshot) MissingSystemPolicies(caller *Caller, names []string) []string {
	var k principalKey
	switch caller.Type {
	case Root:
		if caller.AccountID == s.accountID {
			return nil
		}
		return append([]string(nil), names...)
	case User:
		k = principalKey{UserPrincipal, caller.ID}
	case RoleSession:
		k = principalKey{RolePrincipal, caller.ID}
	default:
		return append([]string(nil), names...)
	}
	held := map[string]bool{}
	note := func(atts []Attachment) {
		for _, a := range atts {
			if a.PolicyType == SystemPolicy && a.ResourceGroupID == "" {
				held[a.PolicyName] = true
			}
		}
	}
	note(s.attachments.at(k))
	if k.typ == UserPrincipal {
		if u := s.users.at(k.id); u != nil {
			for _, g := range u.groups {
				note(s.attachments.at(principalKey{GroupPrincipal, g}))
			}
		}
	}
	var missing []string
	for _, n := range names {
		if !held[n] {
			missing = append(missing, n)
		}
	}
	return missing
}
