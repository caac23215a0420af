package pai

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lengths and formats of the AIWorkspace API (shared/reference/pai.md §3.3). DisplayName's
// limit is not published; 64 characters is Rampart's.
const (
	maxDescription   = 80
	maxDisplayName   = 64
	maxMemberName    = 64 // filters of ListMembers
	maxNameFilter    = 64 // the name filters of ListWorkspaces, ListResources and ListQuotas
	maxResourceSpec  = 4096
	maxResourceQuota = 4096
)

var (
	// WorkspaceName: 3–23 letters, digits and underscores, starting with a letter.
	workspaceNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{2,22}$`)
	// Resource names: 3–28 letters, digits and underscores, starting with a letter
	// (CreateWorkspaceResource's Resources.Name).
	resourceNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{2,27}$`)
	// IDs in paths and lists: the SDK substitutes path parameters unescaped, so they are kept
	// to characters that cannot change a path or a query.
	idRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	// MaxCompute project names.
	projectRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{2,27}$`)
	// OSS bucket names: 3–63 lower-case letters, digits and hyphens.
	bucketRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
)

// envTypes are the environments a workspace can have.
var envTypes = []string{"dev", "prod"}

// resourceTypes are the kinds of workspace resources: the API's ResourceType values and OSS,
// Rampart's for OSS paths attached to a workspace.
var resourceTypes = []string{"MaxCompute", "ECS", "Lingjun", "ACS", "FLINK", "OSS"}

func checkWorkspaceName(v string) error {
	switch {
	case v == "":
		return missing("WorkspaceName")
	case !workspaceNameRE.MatchString(v):
		return invalid("WorkspaceName", "3 to 23 letters, digits and underscores, starting with a letter")
	}
	return nil
}

// checkText checks free text: valid UTF-8 without control characters, at most max characters.
func checkText(param, v string, max int) error {
	if !utf8.ValidString(v) || strings.ContainsFunc(v, unicode.IsControl) {
		return invalid(param, "it contains invalid characters")
	}
	if utf8.RuneCountInString(v) > max {
		return invalid(param, "longer than %d characters", max)
	}
	return nil
}

func checkEnvTypes(vs []string) error {
	seen := map[string]bool{}
	for _, v := range vs {
		if !slices.Contains(envTypes, v) || seen[v] {
			return invalid("EnvTypes", "a list of distinct values among dev and prod")
		}
		seen[v] = true
	}
	return nil
}

func checkID(param, v string) error {
	switch {
	case v == "":
		return missing(param)
	case !idRE.MatchString(v):
		return invalid(param, "not an ID")
	}
	return nil
}

// splitList splits a comma-separated list parameter, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// checkRole checks a workspace role ID: one of the catalog's basic roles. Custom roles
// ("role-...") are not supported.
func (s *Service) checkRole(param, id string) error {
	if id == "" {
		return missing(param)
	}
	if _, ok := s.catalog.WorkspaceRole(id); !ok {
		return invalid(param, "%q is not a workspace role (PAI.WorkspaceOwner, PAI.WorkspaceAdmin, PAI.AlgoDeveloper, "+
			"PAI.AlgoOperator, PAI.LabelManager, PAI.WorkspaceGuest, PAI.MaxComputeDeveloper)", id)
	}
	return nil
}
