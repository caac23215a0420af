package policy

// Request is the question put to an Evaluator: may this principal perform Action on Resource,
// given Context?
type Request struct {
	Action   string // "<service>:<action>", e.g. "ecs:DescribeInstances"; matched case-insensitively
	Resource string // ARN, e.g. "acs:ecs:cn-hangzhou:123456789012:instance/i-1"; may be "" for trust evaluation

	// PrincipalType and Principal say who asks. Only trust-policy statements (those with a
	// Principal) look at them; a statement applies only to principals of a kind it lists.
	PrincipalType PrincipalType
	Principal     string // ARN (RAM), service name (Service) or identity-provider ARN (Federated)

	// Context carries the condition keys and the values of policy variables.
	Context Context
}

// PrincipalType is the kind of principal making a request, matching the keys of a trust
// policy's Principal.
type PrincipalType uint8

// The kinds of principal.
const (
	PrincipalNone      PrincipalType = iota // no principal: trust statements never apply
	PrincipalRAM                            // a RAM identity: account root, user, role or role session
	PrincipalService                        // a cloud service, e.g. "ecs.aliyuncs.com"
	PrincipalFederated                      // a SAML or OIDC identity provider
)

// String returns "None", "RAM", "Service" or "Federated".
func (t PrincipalType) String() string {
	switch t {
	case PrincipalRAM:
		return "RAM"
	case PrincipalService:
		return "Service"
	case PrincipalFederated:
		return "Federated"
	}
	return "None"
}
