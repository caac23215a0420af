package catalog

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
)

// Accessibility is a PAI resource's visibility as GetPermission's rules name it.
type Accessibility string

const (
	Public           Accessibility = "PUBLIC"  // resources published to the workspace
	Private          Accessibility = "PRIVATE" // resources visible to their creator only
	AnyAccessibility Accessibility = "ANY"     // both
)

// EntityAccessType says whose resources a rule covers: the caller's own (CREATOR) or anyone's.
type EntityAccessType string

const (
	Creator   EntityAccessType = "CREATOR" // resources the caller created
	AnyEntity EntityAccessType = "ANY"     // anyone's resources
)

// PermissionRule is one condition under which a role holds a permission, in GetPermission's
// terms: {ANY, ANY} for every resource, {PRIVATE, CREATOR} for one's own private resources,
// {PUBLIC, ANY} for public ones.
type PermissionRule struct {
	Accessibility    Accessibility
	EntityAccessType EntityAccessType
}

// ModulePermissions is one module's table in PAI's role-permission list.
type ModulePermissions struct {
	Module      string   // "DLC"
	DisplayName string   // "Deep Learning Containers (DLC)"
	Roles       []string // the role IDs with a column in the table; others hold nothing here
	Resources   []string // the resource paths the table lists, relative to the workspace
	Note        string
	Permissions []Permission // in the table's order
}

// Permission is one permission code of a module and the rules under which each role holds it.
type Permission struct {
	Code        string // the workspace permission code, "PaiDLC:CreateJob"
	RAMAction   string // the RAM action checked for it; equal to Code in all but two rows
	Resource    string // the resource path, when the table gives one for this row
	Description string
	// DefaultAllow marks actions allowed unless a RAM policy denies them; they carry no rules.
	DefaultAllow bool
	Marks        int        // the row's ✅ count in the appendix (a fact, whatever the decoding)
	Confidence   Confidence // of which roles hold the marks (Confirmed or Inferred)
	Note         string
	Rules        map[string][]PermissionRule // role ID → rules; a role not present holds nothing
}

func (m ModulePermissions) clone() ModulePermissions {
	m.Roles = slices.Clone(m.Roles)
	m.Resources = slices.Clone(m.Resources)
	ps := make([]Permission, len(m.Permissions))
	for i, p := range m.Permissions {
		rules := make(map[string][]PermissionRule, len(p.Rules))
		for role, rs := range p.Rules {
			rules[role] = slices.Clone(rs)
		}
		p.Rules = rules
		ps[i] = p
	}
	m.Permissions = ps
	return m
}

type rolePermissionsIndex struct {
	Source  string
	Note    string
	Modules []string
}

type modulePermissionsFile struct {
	Module      string
	DisplayName string
	Roles       []string
	Resources   []string
	Note        string
	Groups      []struct {
		Description  string
		Marks        int
		Confidence   Confidence
		DefaultAllow bool
		Note         string
		Rules        map[string][]PermissionRule
		Permissions  []struct {
			Code      string
			RAMAction string
			Resource  string
		}
	}
}

// codeRE is the Prefix:Name form of permission codes and RAM actions; "*" stands for a whole
// RAM code where the appendix names no code (iTAG).
var codeRE = regexp.MustCompile(`^[A-Za-z]+:(\*|[A-Za-z0-9]+)$`)

func loadRolePermissions(fsys fs.FS, indexName, dir string) ([]ModulePermissions, error) {
	var index rolePermissionsIndex
	if err := decodeFile(fsys, indexName, &index); err != nil {
		return nil, err
	}
	if len(index.Modules) == 0 {
		return nil, dataError(indexName, "no modules")
	}
	listed := make(map[string]bool)
	out := make([]ModulePermissions, 0, len(index.Modules))
	for _, module := range index.Modules {
		if listed[module] {
			return nil, dataError(indexName, "module %q listed twice", module)
		}
		listed[module] = true
		name := path.Join(dir, module+".json")
		var f modulePermissionsFile
		if err := decodeFile(fsys, name, &f); err != nil {
			return nil, err
		}
		if f.Module != module {
			return nil, dataError(name, "Module %q does not match the index entry %q", f.Module, module)
		}
		m, err := f.permissions(name)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, dataError(dir, "%v", err)
	}
	if len(files) != len(index.Modules) {
		return nil, dataError(dir, "%d module files but %s lists %d", len(files), indexName, len(index.Modules))
	}
	return out, nil
}

func (f *modulePermissionsFile) permissions(name string) (ModulePermissions, error) {
	m := ModulePermissions{Module: f.Module, DisplayName: f.DisplayName, Roles: f.Roles, Resources: f.Resources, Note: f.Note}
	if m.DisplayName == "" {
		return m, dataError(name, "missing DisplayName")
	}
	for _, g := range f.Groups {
		if err := checkGroup(f.Roles, g.Marks, g.Confidence, g.DefaultAllow, g.Rules, len(g.Permissions)); err != nil {
			return m, dataError(name, "group %q: %v", g.Description, err)
		}
		for _, p := range g.Permissions {
			if !codeRE.MatchString(p.Code) || !codeRE.MatchString(p.RAMAction) {
				return m, dataError(name, "permission %q (RAM action %q) is not of the Prefix:Name form", p.Code, p.RAMAction)
			}
			m.Permissions = append(m.Permissions, Permission{
				Code: p.Code, RAMAction: p.RAMAction, Resource: p.Resource, Description: g.Description,
				DefaultAllow: g.DefaultAllow, Marks: g.Marks, Confidence: g.Confidence, Note: g.Note,
				Rules: maps.Clone(g.Rules),
			})
		}
	}
	return m, nil
}

func checkGroup(columns []string, marks int, c Confidence, defaultAllow bool, rules map[string][]PermissionRule, n int) error {
	switch {
	case n == 0:
		return fmt.Errorf("no permissions")
	case marks < 0:
		return fmt.Errorf("negative Marks")
	case c != Confirmed && c != Inferred:
		return fmt.Errorf("Confidence must be %q or %q, got %q", Confirmed, Inferred, c)
	case defaultAllow && len(rules) > 0:
		return fmt.Errorf("a DefaultAllow group carries no role rules")
	}
	for role, rs := range rules {
		if !slices.Contains(columns, role) {
			return fmt.Errorf("role %q has no column in this table", role)
		}
		if len(rs) == 0 {
			return fmt.Errorf("role %q has an empty rule list", role)
		}
		for _, r := range rs {
			if !r.valid() {
				return fmt.Errorf("role %q: invalid rule %+v", role, r)
			}
		}
	}
	return nil
}

func (r PermissionRule) valid() bool {
	switch r.Accessibility {
	case Public, Private, AnyAccessibility:
	default:
		return false
	}
	return r.EntityAccessType == Creator || r.EntityAccessType == AnyEntity
}
