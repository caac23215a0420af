package authz

import (
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/policy"
)

// ResourceAttributes are what PAI knows about the resource a workspace permission is asked
// for: whether it is published to the workspace (PUBLIC) or kept by its creator (PRIVATE), and
// who created it. The zero value means "no particular resource" (creating one, or listing).
type ResourceAttributes struct {
	Accessibility catalog.Accessibility // catalog.Public, catalog.Private or "" (unknown)
	Creator       string                // the creator's UID (see Caller.UID); "" when unknown
}

// Condition keys PAI sets when it asks RAM about a workspace resource
// (shared/reference/pai.md §2.16): a policy may allow or deny by them.
const (
	KeyPAIAccessibility    = "pai:Accessibility"    // PUBLIC or PRIVATE
	KeyPAIEntityAccessType = "pai:EntityAccessType" // CREATOR (the caller created it) or OTHERS
)

// AddTo sets the resource's PAI condition keys on ctx for caller: pai:Accessibility when known,
// pai:EntityAccessType when the creator is.
func (a ResourceAttributes) AddTo(ctx *policy.Context, caller *Caller) {
	if a.Accessibility != "" {
		ctx.Set(KeyPAIAccessibility, string(a.Accessibility))
	}
	if a.Creator != "" {
		t := "OTHERS"
		if a.Creator == caller.UID() {
			t = "CREATOR"
		}
		ctx.Set(KeyPAIEntityAccessType, t)
	}
}

// RuleResult says whether one rule of a role covers a resource, and if not, why not.
type RuleResult uint8

const (
	RuleHolds              RuleResult = iota // the rule covers the resource
	RuleNeedsPublic                          // the rule covers public resources; this one is private or unknown
	RuleNeedsPrivate                         // the rule covers private resources; this one is public or unknown
	RuleNeedsCreator                         // the rule covers the caller's own resources; another member created this one, or the creator is unknown
	RuleNeedsAccessibility                   // the rule depends on the resource's accessibility, which the request does not give
)

// String explains the result in a few words, for reasons and explanations.
func (r RuleResult) String() string {
	switch r {
	case RuleHolds:
		return "holds"
	case RuleNeedsPublic:
		return "covers public resources only"
	case RuleNeedsPrivate:
		return "covers private resources only"
	case RuleNeedsCreator:
		return "covers resources the caller created only"
	case RuleNeedsAccessibility:
		return "needs the resource's accessibility, which the request does not give"
	}
	return "unknown"
}

// CheckRule decides whether rule covers a resource with attributes a for the caller with uid.
// Without attributes only rules that cover every resource (Accessibility ANY) hold: a rule
// limited to public or to one's own resources cannot be checked, so it fails closed.
func CheckRule(rule catalog.PermissionRule, a ResourceAttributes, uid string) RuleResult {
	switch rule.Accessibility {
	case catalog.AnyAccessibility:
		return RuleHolds
	case catalog.Public:
		switch a.Accessibility {
		case catalog.Public:
			return RuleHolds
		case "":
			return RuleNeedsAccessibility
		}
		return RuleNeedsPublic
	case catalog.Private:
		switch a.Accessibility {
		case catalog.Private:
		case "":
			return RuleNeedsAccessibility
		default:
			return RuleNeedsPrivate
		}
		if rule.EntityAccessType == catalog.Creator && (a.Creator == "" || a.Creator != uid) {
			return RuleNeedsCreator
		}
		return RuleHolds
	}
	return RuleNeedsAccessibility
}
