package authz

import (
	"fmt"
	"hash/maphash"
	"sync/atomic"

	"github.com/rampart-iam/rampart/policy"
)

// Snapshot is an immutable view of one revision of an account, ready to answer decisions.
// It is safe for concurrent use. A principal's policies are compiled into evaluators on first
// use and kept in the principal's entry; [Snapshot.Apply] makes the next revision's snapshot
// sharing every entry a change did not touch, evaluators included (see grants.go).
type Snapshot struct {
	revision  int64
	accountID string

	users        cowMap[string, *userEntry] // by ID
	usersByName  cowMap[string, string]     // lower-case name → ID
	groups       cowMap[string, *groupEntry]
	groupMembers cowMap[string, []string] // group ID → IDs of the users in it
	roles        cowMap[string, *roleEntry]
	rolesByName  cowMap[string, string]
	system       map[string]*policy.Policy      // by name, shared by every snapshot
	systemNames  map[*policy.Policy]string      // the inverse of system, shared likewise
	custom       cowMap[string, compiledPolicy] // by name; the default version
	holders      cowMap[string, []principalKey] // custom policy name → the principals it is attached to
	attachments  cowMap[principalKey, []Attachment]

	rolePerms  *RolePermissions // nil: workspace roles grant nothing
	workspaces cowMap[string, *workspaceEntry]

	// readKeys holds the condition keys and variables policies read, lower-cased. Apply adds a
	// new policy's keys but never removes any: an extra key only makes a caller build a context
	// entry no policy reads.
	readKeys map[string]bool
}

type userEntry struct {
	ID, Name string
	groups   []string // group IDs, sorted
	compiled atomic.Pointer[grants]
}

type groupEntry struct{ ID, Name string }

type roleEntry struct {
	ID, Name string
	trustDoc string
	trust    *policy.Evaluator
	compiled atomic.Pointer[grants]
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
	seed := maphash.MakeSeed()
	byString, byPrincipal := stringHash(seed), principalHash(seed)
	s := &Snapshot{
		revision:     d.Revision,
		accountID:    d.AccountID,
		users:        newCowMap[string, *userEntry](byString, len(d.Users)),
		usersByName:  newCowMap[string, string](byString, len(d.Users)),
		groups:       newCowMap[string, *groupEntry](byString, len(d.Groups)),
		groupMembers: newCowMap[string, []string](byString, len(d.Groups)),
		roles:        newCowMap[string, *roleEntry](byString, len(d.Roles)),
		rolesByName:  newCowMap[string, string](byString, len(d.Roles)),
		system:       system,
		systemNames:  make(map[*policy.Policy]string, len(system)),
		custom:       newCowMap[string, compiledPolicy](byString, len(d.Policies)),
		holders:      newCowMap[string, []principalKey](byString, len(d.Policies)),
		attachments:  newCowMap[principalKey, []Attachment](byPrincipal, len(d.Attachments)/2),
		rolePerms:    d.RolePermissions,
		workspaces:   newCowMap[string, *workspaceEntry](byString, len(d.Workspaces)),
		readKeys:     map[string]bool{},
	}
	for name, p := range system {
		s.systemNames[p] = name
		readKeys(s.readKeys, p)
	}
	w := newPatch(s, nil, prev)
	each(d.Policies, w.putPolicy)
	each(d.Roles, w.putRole)
	each(d.Groups, w.putGroup)
	each(usersWithGroups(d), w.putUser)
	each(attachmentsByPrincipal(d.Attachments), w.setAttachments)
	each(workspacesWhole(d), w.putWorkspace)
	if err := w.finish(); err != nil {
		return nil, fmt.Errorf("build authorization snapshot at revision %d: %w", d.Revision, err)
	}
	return s, nil
}

func reuseOrParse(prev *Snapshot, name, doc string) (*policy.Policy, error) {
	if prev != nil {
		if c, ok := prev.custom.get(name); ok && c.doc == doc {
			return c.p, nil
		}
	}
	// Stored documents were validated when written; re-reading them must not fail because a
	// length limit was lowered since, so no limit applies here.
	return policy.Parse([]byte(doc), policy.WithName(name), policy.WithMaxLength(0))
}

func reuseOrParseTrust(prev *Snapshot, r RoleData) (*policy.Evaluator, error) {
	if prev != nil {
		if old, ok := prev.roles.get(r.ID); ok && old.trustDoc == r.TrustPolicy {
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
		return s.custom.at(name).p
	}
	return nil
}

// origin names a policy the snapshot holds: a system policy by its key in system, a custom
// policy by the name it was compiled with.
func (s *Snapshot) origin(p *policy.Policy) policyRef {
	if name, ok := s.systemNames[p]; ok {
		return policyRef{SystemPolicy, name}
	}
	return policyRef{CustomPolicy, p.Name()}
}

// Revision is the store revision the snapshot reflects.
func (s *Snapshot) Revision() int64 { return s.revision }

// AccountID is the account the snapshot describes.
func (s *Snapshot) AccountID() string { return s.accountID }
