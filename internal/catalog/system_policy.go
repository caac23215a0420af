package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
)

// Provenance says how faithfully a system policy's document reproduces Alibaba Cloud's.
type Provenance string

const (
	// Quoted: the document is copied from a published page of the policy (see Source).
	Quoted Provenance = "quoted"
	// Derived: no page gave the whole document; it is Rampart's honest reconstruction, and the
	// policy's Note says what it rests on.
	Derived Provenance = "derived"
)

// SystemPolicy is a policy Alibaba Cloud manages (PolicyType "System"): attachable to users,
// groups and roles, never editable by the account.
type SystemPolicy struct {
	Name           string
	Description    string
	DefaultVersion string // "v6"
	// Document is the policy document as GetPolicy returns it: the published JSON with its
	// element order kept, indented by two spaces.
	Document   string
	CreateDate time.Time
	UpdateDate time.Time
	Source     string // the page the document and dates come from
	Provenance Provenance
	Note       string // for Derived: what the document is based on
}

type systemPolicyFile struct {
	PolicyName     string
	Description    string
	DefaultVersion string
	CreateDate     time.Time
	UpdateDate     time.Time
	Source         string
	Provenance     Provenance
	Note           string
	PolicyDocument json.RawMessage
}

var (
	policyNameRE = regexp.MustCompile(`^[A-Za-z0-9-]{1,128}$`)
	versionRE    = regexp.MustCompile(`^v[1-9][0-9]*$`)
)

func loadSystemPolicies(fsys fs.FS, dir string) ([]SystemPolicy, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, dataError(dir, "%v", err)
	}
	if len(names) == 0 {
		return nil, dataError(dir, "no system policies")
	}
	out := make([]SystemPolicy, 0, len(names))
	for _, name := range names {
		var f systemPolicyFile
		if err := decodeFile(fsys, name, &f); err != nil {
			return nil, err
		}
		p, err := f.policy(name)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (f *systemPolicyFile) policy(name string) (SystemPolicy, error) {
	switch {
	case !policyNameRE.MatchString(f.PolicyName):
		return SystemPolicy{}, dataError(name, "invalid PolicyName %q", f.PolicyName)
	case path.Base(name) != f.PolicyName+".json":
		return SystemPolicy{}, dataError(name, "PolicyName %q does not match the file name", f.PolicyName)
	case f.Description == "":
		return SystemPolicy{}, dataError(name, "missing Description")
	case !versionRE.MatchString(f.DefaultVersion):
		return SystemPolicy{}, dataError(name, "invalid DefaultVersion %q", f.DefaultVersion)
	case !strings.HasPrefix(f.Source, "https://"):
		return SystemPolicy{}, dataError(name, "Source must be an https URL, got %q", f.Source)
	case f.Provenance != Quoted && f.Provenance != Derived:
		return SystemPolicy{}, dataError(name, "Provenance must be %q or %q, got %q", Quoted, Derived, f.Provenance)
	case f.Provenance == Derived && f.Note == "":
		return SystemPolicy{}, dataError(name, "a derived policy needs a Note saying what it is based on")
	case f.CreateDate.IsZero() || f.UpdateDate.Before(f.CreateDate):
		return SystemPolicy{}, dataError(name, "CreateDate %v and UpdateDate %v are out of order", f.CreateDate, f.UpdateDate)
	}
	doc, err := indentDocument(f.PolicyDocument)
	if err != nil {
		return SystemPolicy{}, dataError(name, "PolicyDocument: %v", err)
	}
	return SystemPolicy{
		Name:           f.PolicyName,
		Description:    f.Description,
		DefaultVersion: f.DefaultVersion,
		Document:       doc,
		CreateDate:     f.CreateDate.UTC(),
		UpdateDate:     f.UpdateDate.UTC(),
		Source:         f.Source,
		Provenance:     f.Provenance,
		Note:           f.Note,
	}, nil
}

// indentDocument renders the document with two-space indentation, keeping element order. Only
// the outline is checked here (an object with Version and Statement); the policy language itself
// is the policy package's business.
func indentDocument(raw json.RawMessage) (string, error) {
	var outline struct {
		Version   *json.RawMessage
		Statement *json.RawMessage
	}
	if err := json.Unmarshal(raw, &outline); err != nil {
		return "", err
	}
	if outline.Version == nil || outline.Statement == nil {
		return "", errMissingElements
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return "", err
	}
	return b.String(), nil
}

var errMissingElements = errors.New("the document needs Version and Statement")
