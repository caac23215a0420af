package authz

import "strings"

// User returns the ID of the user named name (case-insensitive).
func (s *Snapshot) User(name string) (id string, ok bool) {
	id, ok = s.usersByName.get(strings.ToLower(name))
	return id, ok
}

// Role returns the ID of the role named name (case-insensitive).
func (s *Snapshot) Role(name string) (id string, ok bool) {
	id, ok = s.rolesByName.get(strings.ToLower(name))
	return id, ok
}

// CallerForARN returns the caller a principal ARN of this account names: the root
// (acs:ram::<account>:root), a user (…:user/<name>) or a role acting without a session policy
// (…:role/<name> or …:role/<name>/<session>). The decision API and the policy simulator use it
// to ask about a principal that is not the one making the request.
func (s *Snapshot) CallerForARN(arn string) (Caller, bool) {
	prefix := "acs:ram::" + s.accountID + ":"
	rest, ok := strings.CutPrefix(arn, prefix)
	if !ok {
		return Caller{}, false
	}
	switch {
	case rest == "root":
		return RootCaller(s.accountID), true
	case strings.HasPrefix(rest, "user/"):
		id, ok := s.User(strings.TrimPrefix(rest, "user/"))
		if !ok {
			return Caller{}, false
		}
		u := s.users.at(id)
		return Caller{Type: User, AccountID: s.accountID, ID: id, Name: u.Name, ARN: UserARN(s.accountID, u.Name)}, true
	case strings.HasPrefix(rest, "role/"):
		name, session, _ := strings.Cut(strings.TrimPrefix(rest, "role/"), "/")
		id, ok := s.Role(name)
		if !ok {
			return Caller{}, false
		}
		r := s.roles.at(id)
		c := Caller{Type: RoleSession, AccountID: s.accountID, ID: id, Name: r.Name, SessionName: session, ARN: RoleARN(s.accountID, r.Name)}
		if session != "" {
			c.ARN = AssumedRoleARN(s.accountID, r.Name, session)
		}
		return c, true
	}
	return Caller{}, false
}
