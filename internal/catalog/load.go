package catalog

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

//go:embed data
var dataFS embed.FS

// Load parses and validates the embedded data and returns the catalog. An error means the data
// shipped in the binary is inconsistent, which the package's tests rule out; callers may treat it
// as fatal at start-up.
func Load() (*Catalog, error) {
	return load(dataFS)
}

func load(fsys fs.FS) (*Catalog, error) {
	policies, err := loadSystemPolicies(fsys, "data/system-policies")
	if err != nil {
		return nil, err
	}
	roles, admin, err := loadWorkspaceRoles(fsys, "data/pai/workspace-roles.json")
	if err != nil {
		return nil, err
	}
	permissions, err := loadRolePermissions(fsys, "data/pai/role-permissions.json", "data/pai/role-permissions")
	if err != nil {
		return nil, err
	}
	services, err := loadDependentServices(fsys, "data/pai/dependent-services.json")
	if err != nil {
		return nil, err
	}
	modules, err := loadModules(fsys, "data/pai/modules.json")
	if err != nil {
		return nil, err
	}
	activation, err := loadPAIActivation(fsys, "data/pai/activation.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{
		policies:      policies,
		policyIndex:   sortPolicies(policies),
		roles:         roles,
		resourceAdmin: admin,
		permissions:   permissions,
		modules:       modules,
		services:      services,
		activation:    activation,
	}
	if err := c.checkReferences(); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeFile reads one JSON file strictly: unknown fields and trailing data are errors, so a
// misspelt field in the data cannot silently drop a fact.
func decodeFile(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("catalog: %s: %w", name, err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("catalog: %s: data after the top-level value", name)
	}
	return nil
}

// dataError reports a fact in file name that breaks the catalog's rules.
func dataError(name, format string, args ...any) error {
	return fmt.Errorf("catalog: %s: %s", name, fmt.Sprintf(format, args...))
}
