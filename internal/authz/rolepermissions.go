package authz

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
)

// RolePermissions is PAI's role-permission list (package catalog) compiled for decisions: for
// every permission code, the RAM action it stands for and the rules under which each workspace
// role holds it. It is built once and shared by every snapshot; it is immutable.
type RolePermissions struct {
	roles    []string // workspace role IDs; role i is bit 1<<i of a roleSet
	roleBits map[string]roleSet
	perms    []Permission   // one per permission code, in the catalog's order
	byCode   map[string]int // lower-cased permission code → index into perms
	byAction map[string]int // lower-cased RAM action → index into perms
	// byService: lower-cased RAM code → index into perms, for a permission whose RAM action is a
	// whole RAM code ("paiitag:*", the appendix naming no code for iTAG); it covers every action
	// of that code that has no permission of its own.
	byService map[string]int
}

// roleSet is a set of workspace roles, one bit per role of RolePermissions.roles.
type roleSet uint16

// maxRoles is how many workspace roles a roleSet can hold.
const maxRoles = 16

// Permission is one permission code of the role-permission list, as decisions use it.
type Permission struct {
	Code      string // "PaiDLC:CreateJob", the workspace permission code
	RAMAction string // the RAM action checked for it; equal to Code in all but two rows
	Module    string // the catalog module, "DLC"
	// DefaultAllow: the action is allowed unless a RAM policy denies it. When
	// DefaultAllowResource is set, only for resources whose path contains it (official images
	// are readable by anyone; the workspace's own images are not).
	DefaultAllow         bool
	DefaultAllowResource string
	rules                [maxRoles][]catalog.PermissionRule
}

// CompileRolePermissions indexes the catalog's role-permission list. A code listed in several
// groups (PaiImage:GetImage for workspace images and, default-allowed, for official ones) holds
// the union of their rules.
func CompileRolePermissions(c *catalog.Catalog) (*RolePermissions, error) {
	rp := &RolePermissions{roleBits: map[string]roleSet{}, byCode: map[string]int{}, byAction: map[string]int{}, byService: map[string]int{}}
	for _, r := range c.WorkspaceRoles() {
		if len(rp.roles) == maxRoles {
			return nil, fmt.Errorf("authz: more than %d workspace roles", maxRoles)
		}
		rp.roleBits[r.ID] = 1 << len(rp.roles)
		rp.roles = append(rp.roles, r.ID)
	}
	for _, m := range c.RolePermissions() {
		for _, p := range m.Permissions {
			i, ok := rp.byCode[strings.ToLower(p.Code)]
			if !ok {
				i = len(rp.perms)
				rp.perms = append(rp.perms, Permission{Code: p.Code, RAMAction: p.RAMAction, Module: m.Module})
				rp.byCode[strings.ToLower(p.Code)] = i
				if _, taken := rp.byAction[strings.ToLower(p.RAMAction)]; !taken {
					rp.byAction[strings.ToLower(p.RAMAction)] = i
				}
				if svc, ok := strings.CutSuffix(p.RAMAction, ":*"); ok {
					if _, taken := rp.byService[strings.ToLower(svc)]; !taken {
						rp.byService[strings.ToLower(svc)] = i
					}
				}
			}
			e := &rp.perms[i]
			if p.DefaultAllow {
				e.DefaultAllow = true
				if p.Resource != "" {
					e.DefaultAllowResource, _, _ = strings.Cut(p.Resource, "{")
				}
			}
			for role, rules := range p.Rules {
				bit, ok := rp.roleBits[role]
				if !ok {
					return nil, fmt.Errorf("authz: permission %s names unknown role %q", p.Code, role)
				}
				k := bitIndex(bit)
				for _, r := range rules {
					if !slices.Contains(e.rules[k], r) {
						e.rules[k] = append(e.rules[k], r)
					}
				}
			}
		}
	}
	return rp, nil
}

// Roles returns the workspace role IDs the list knows, in the catalog's order.
func (rp *RolePermissions) Roles() []string { return slices.Clone(rp.roles) }

// Permissions returns every permission code, in the catalog's order.
func (rp *RolePermissions) Permissions() []Permission { return slices.Clone(rp.perms) }

// ByCode finds a permission by its workspace permission code, ignoring case.
func (rp *RolePermissions) ByCode(code string) (*Permission, bool) {
	if rp == nil {
		return nil, false
	}
	return rp.find(rp.byCode, code)
}

// ByAction finds the permission a RAM action is checked for, ignoring case. An action without a
// permission of its own falls under one that stands for its whole RAM code: paiitag:CreateTask
// is checked as iTAG's paiitag:* (labeling job management, shared/reference/pai.md §2.5).
func (rp *RolePermissions) ByAction(action string) (*Permission, bool) {
	if rp == nil {
		return nil, false
	}
	if p, ok := rp.find(rp.byAction, action); ok {
		return p, true
	}
	if svc, name, ok := strings.Cut(action, ":"); ok && svc != "" && name != "" {
		return rp.find(rp.byService, svc)
	}
	return nil, false
}

// Rules returns the rules under which role holds p; none when it does not hold p at all.
func (rp *RolePermissions) Rules(p *Permission, role string) []catalog.PermissionRule {
	bit, ok := rp.roleBits[role]
	if !ok || p == nil {
		return nil
	}
	return slices.Clone(p.rules[bitIndex(bit)])
}

// set returns the roleSet of role IDs; unknown IDs (custom roles) hold nothing and are left out.
func (rp *RolePermissions) set(roles []string) roleSet {
	var s roleSet
	if rp == nil {
		return 0
	}
	for _, r := range roles {
		s |= rp.roleBits[r]
	}
	return s
}

// find looks name up lower-cased without allocating for names of ordinary length.
func (rp *RolePermissions) find(m map[string]int, name string) (*Permission, bool) {
	var buf [128]byte
	var i int
	var ok bool
	if len(name) <= len(buf) {
		b := buf[:len(name)]
		for j := 0; j < len(name); j++ {
			c := name[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[j] = c
		}
		i, ok = m[string(b)]
	} else {
		i, ok = m[strings.ToLower(name)]
	}
	if !ok {
		return nil, false
	}
	return &rp.perms[i], true
}

func bitIndex(b roleSet) int {
	for i := 0; i < maxRoles; i++ {
		if b == 1<<i {
			return i
		}
	}
	return -1
}

// SortedRoles returns role IDs in the order of the role-permission list (unknown ones last).
func (rp *RolePermissions) SortedRoles(roles []string) []string {
	out := slices.Clone(roles)
	rank := func(id string) int {
		if i := slices.Index(rp.roles, id); i >= 0 {
			return i
		}
		return len(rp.roles)
	}
	slices.SortStableFunc(out, func(a, b string) int { return rank(a) - rank(b) })
	return out
}
