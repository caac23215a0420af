package authz

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/rampart-iam/rampart/policy"
)

// Snapshot is an immutable view of one revision of an account, ready to answer decisions.
// It is safe for concurrent use. Per-principal evaluators are compiled on first use and
// cached for the life of the snapshot.
type Snapshot struct {
	revision  int64
	accountID string

	users        map[string]*userEntry // by ID
	usersByName  map[string]string     // lower-case name → ID
	groups       map[string]*groupEntry
	roles        map[string]*roleEntry
	rolesByName  map[string]string
	system       map[string]*policy.Policy // by name, shared by every snapshot
	custom       map[string]compiledPolicy // by name; the default version
	attachments  map[principalKey][]Attachment
	policyOrigin map[*policy.Policy]policyRef

	grantsCache sync.Map // principalKey → *grants

	rolePerms  *RolePermissions // nil: workspace roles grant nothing
	workspaces map[string]*workspaceEntry

	readKeys map[string]bool // condition keys and variables any policy reads, lower-cased
}

type userEntry struct {
	ID, Name string
	groups   []string // group IDs, sorted
}

type groupEntry struct{ ID, Name string }

type roleEntry struct {
	ID, Name string
	trustDoc string
	trust    *policy.Evaluator
}

// compiledPolicy keeps a custom policy's text beside its compiled form, so the next snapshot
// can tell whether the compiled form is still current.
type compiledPolicy struct {
	doc string
	p   *policy.Policy
}

type principalKey struct {
	typ PrincipalType
	id  string
}

type policyRef struct {
	typ  PolicyType
	name string
}

// Build compiles d into a snapshot. system holds the compiled system policies by name; they are
// shared, never copied. prev, when not nil, lends its compiled custom policies and trust policies
// to the new snapshot wherever the document text is unchanged, so a rebuild after a small write
// parses only what changed. Build fails if a stored document no longer parses or an attachment
// names a policy that does not exist; the caller should keep serving the previous snapshot.
func Build(d *Data, system map[string]*policy.Policy, prev *Snapshot) (*Snapshot, error) {
	s := &Snapshot{
		revision:     d.Revision,
		accountID:    d.AccountID,
		users:        make(map[string]*userEntry, len(d.Users)),
		usersByName:  make(map[string]string, len(d.Users)),
		groups:       make(map[string]*groupEntry, len(d.Groups)),
		roles:        make(map[string]*roleEntry, len(d.Roles)),
		rolesByName:  make(map[string]string, len(d.Roles)),
		system:       system,
		custom:       make(map[string]compiledPolicy, len(d.Policies)),
		attachments:  make(map[principalKey][]Attachment),
		policyOrigin: make(map[*policy.Policy]policyRef, len(system)+len(d.Policies)),
	}
	for name, p := range system {
		s.policyOrigin[p] = policyRef{SystemPolicy, name}
	}
	for _, u := range d.Users {
		s.users[u.ID] = &userEntry{ID: u.ID, Name: u.Name}
		s.usersByName[strings.ToLower(u.Name)] = u.ID
	}
	for _, g := range d.Groups {
		s.groups[g.ID] = &groupEntry{ID: g.ID, Name: g.Name}
	}
	for _, m := range d.Members {
		if u, ok := s.users[m.UserID]; ok {
			u.groups = append(u.groups, m.GroupID)
		}
	}
	for _, u := range s.users {
		sort.Strings(u.groups)
	}

	var problems []error
	for _, p := range d.Policies {
		compiled, err := s.reuseOrParse(prev, p.Name, p.Document)
		if err != nil {
			problems = append(problems, fmt.Errorf("custom policy %q: %w", p.Name, err))
			continue
		}
		s.custom[p.Name] = compiledPolicy{p.Document, compiled}
		s.policyOrigin[compiled] = policyRef{CustomPolicy, p.Name}
	}
	for _, r := range d.Roles {
		trust, err := reuseOrParseTrust(prev, r)
		if err != nil {
			problems = append(problems, fmt.Errorf("trust policy of role %q: %w", r.Name, err))
			continue
		}
		s.roles[r.ID] = &roleEntry{ID: r.ID, Name: r.Name, trustDoc: r.TrustPolicy, trust: trust}
		s.rolesByName[strings.ToLower(r.Name)] = r.ID
	}
	for _, a := range d.Attachments {
		if s.lookupPolicy(a.PolicyType, a.PolicyName) == nil {
			problems = append(problems, fmt.Errorf("%s policy %q attached to %s %s does not exist",
				a.PolicyType, a.PolicyName, a.PrincipalType, a.PrincipalID))
			continue
		}
		k := principalKey{a.PrincipalType, a.PrincipalID}
		s.attachments[k] = append(s.attachments[k], a)
	}
	s.buildWorkspaces(d)
	s.readKeys = map[string]bool{}
	for _, p := range system {
		readKeys(s.readKeys, p)
	}
	for _, c := range s.custom {
		readKeys(s.readKeys, c.p)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("build authorization snapshot at revision %d: %w", d.Revision, errors.Join(problems...))
	}
	return s, nil
}

func (s *Snapshot) reuseOrParse(prev *Snapshot, name, doc string) (*policy.Policy, error) {
	if prev != nil {
		if c, ok := prev.custom[name]; ok && c.doc == doc {
			return c.p, nil
		}
	}
	// Stored documents were validated when written; re-reading them must not fail because a
	// length limit was lowered since, so no limit applies here.
	return policy.Parse([]byte(doc), policy.WithName(name), policy.WithMaxLength(0))
}

func reuseOrParseTrust(prev *Snapshot, r RoleData) (*policy.Evaluator, error) {
	if prev != nil {
		if old, ok := prev.roles[r.ID]; ok && old.trustDoc == r.TrustPolicy {
			return old.trust, nil
		}
	}
	p, err := policy.Parse([]byte(r.TrustPolicy), policy.WithKind(policy.Trust),
		policy.WithName(r.Name+" trust policy"), policy.WithMaxLength(0))
	if err != nil {
		return nil, err
	}
	return policy.NewEvaluator(p), nil
}

func (s *Snapshot) lookupPolicy(t PolicyType, name string) *policy.Policy {
	switch t {
	case SystemPolicy:
		return s.system[name]
	case CustomPolicy:
		return s.custom[name].p
	}
	return nil
}

// Revision is the store revision the snapshot reflects.
func (s *Snapshot) Revision() int64 { return s.revision }

// AccountID is the account the snapshot describes.
func (s *Snapshot) AccountID() string { return s.accountID }
