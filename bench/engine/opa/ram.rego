# RAM policy evaluation over the benchmark workload, for the Open Policy Agent.
#
# data.rampart.users[name] lists a user's policy names; data.rampart.policies[name] holds a
# policy's statements as {effect, actions, resources, conditions}, with actions and condition
# keys lower-cased (RAM matches them case-insensitively). input is {user, action, resource,
# context}, with the action and context keys lower-cased likewise.
package rampart.authz

import rego.v1

# An explicit Deny wins over any Allow; with neither, the request is implicitly denied.
default decision := "ImplicitDeny"

decision := "ExplicitDeny" if {
	some name in data.rampart.users[input.user]
	some s in data.rampart.policies[name]
	s.effect == "Deny"
	matches(s)
} else := "Allow" if {
	some name in data.rampart.users[input.user]
	some s in data.rampart.policies[name]
	s.effect == "Allow"
	matches(s)
}

# A statement matches when an action pattern and a resource pattern match and every condition
# holds. glob.match without delimiters makes "*" match any run of characters, as in RAM.
matches(s) if {
	some a in s.actions
	glob.match(a, null, input.action)
	some r in s.resources
	glob.match(r, null, input.resource)
	every c in s.conditions {
		holds(c)
	}
}

# Values of one key are OR-ed. An absent key leaves input.context[c.key] undefined, so positive
# operators fail and negated ones (`not` of a helper rule) hold. The helper rule matters: OPA
# hoists a reference out of an inline `not` (`not x in y` runs as `t = x; not t in y`), which
# would make a negated operator fail on an absent key (open-policy-agent/opa#1877).
holds(c) if {
	c.op == "StringEquals"
	equals_any(c)
}

holds(c) if {
	c.op == "StringNotEquals"
	not equals_any(c)
}

holds(c) if {
	c.op == "Bool"
	lower(input.context[c.key]) in c.values
}

holds(c) if {
	c.op == "IpAddress"
	in_ranges(c)
}

holds(c) if {
	c.op == "NotIpAddress"
	not in_ranges(c)
}

equals_any(c) if {
	input.context[c.key] in c.values
}

in_ranges(c) if {
	some cidr in c.values
	net.cidr_contains(cidr, input.context[c.key])
}
