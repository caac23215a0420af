package catalog

import (
	"io/fs"
	"slices"
)

// PAIActivation is what activating PAI itself takes, from the seed's "Authorize RAM users to
// activate PAI and purchase PAI resources": the system policies a RAM user needs (the account's
// root needs none). A dependent service's own activation policies are in its DependentService.
type PAIActivation struct {
	Policies []string // "AliyunPAIFullAccess"
	Text     string   // the seed's sentence, quoted
	Source   string
}

func (a PAIActivation) clone() PAIActivation {
	a.Policies = slices.Clone(a.Policies)
	return a
}

func loadPAIActivation(fsys fs.FS, name string) (PAIActivation, error) {
	var a PAIActivation
	if err := decodeFile(fsys, name, &a); err != nil {
		return PAIActivation{}, err
	}
	if len(a.Policies) == 0 || a.Text == "" || a.Source == "" {
		return PAIActivation{}, dataError(name, "PAI's activation needs Policies, Text and Source")
	}
	return a, nil
}
