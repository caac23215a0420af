package catalog

import (
	"io/fs"
	"slices"
)

// DependentService is a cloud service PAI depends on, with what the seed's table says about it.
type DependentService struct {
	Name string // "OSS", "API Gateway", "Cloud Monitor"
	// ActivationPolicies are the system policies a RAM user needs to activate the service.
	ActivationPolicies []string
	// UsageAuthorization is the seed's "RAM account usage authorization" text.
	UsageAuthorization string
	// OperationGuide is the seed's "Operation guide" text; often empty.
	OperationGuide string
	// WorkspaceRole is the workspace role the usage text asks for, if any ("PAI.MaxComputeDeveloper").
	WorkspaceRole string
}

func (s DependentService) clone() DependentService {
	s.ActivationPolicies = slices.Clone(s.ActivationPolicies)
	return s
}

type dependentServicesFile struct {
	Source   string
	Note     string
	Services []DependentService
}

func loadDependentServices(fsys fs.FS, name string) ([]DependentService, error) {
	var f dependentServicesFile
	if err := decodeFile(fsys, name, &f); err != nil {
		return nil, err
	}
	seen := make(map[string]bool)
	for _, s := range f.Services {
		switch {
		case s.Name == "":
			return nil, dataError(name, "a service without a Name")
		case seen[s.Name]:
			return nil, dataError(name, "service %q listed twice", s.Name)
		case len(s.ActivationPolicies) == 0:
			return nil, dataError(name, "service %q has no ActivationPolicies", s.Name)
		case s.UsageAuthorization == "":
			return nil, dataError(name, "service %q has no UsageAuthorization", s.Name)
		}
		seen[s.Name] = true
	}
	if len(f.Services) == 0 {
		return nil, dataError(name, "no services")
	}
	return f.Services, nil
}
