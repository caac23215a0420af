package workloadtest

import "github.com/rampart-iam/rampart/bench/workload"

// Hand returns a small workload whose answers can be worked out by reading it: one user, "alice",
// with two policies that use every pattern kind and condition shape of the benchmark workload.
func Hand() *workload.Workload {
	cond := func(op workload.Operator, key string, values ...string) *workload.Condition {
		return &workload.Condition{Operator: op, Key: key, Values: values}
	}
	allow := func(actions, resources []string, c *workload.Condition) workload.Statement {
		return workload.Statement{Effect: workload.Allow, Actions: actions, Resources: resources, Condition: c}
	}
	deny := func(actions, resources []string, c *workload.Condition) workload.Statement {
		return workload.Statement{Effect: workload.Deny, Actions: actions, Resources: resources, Condition: c}
	}
	all := []string{"*"}
	return &workload.Workload{
		Actions: []string{"ecs:DescribeInstances", "ecs:DescribeDisks", "ecs:RunInstances",
			"oss:GetObject", "oss:PutObject", "vpc:CreateVpc", "vpc:DescribeVpcs",
			"rds:CreateBackup", "rds:DeleteDBInstance", "ram:GetUser"},
		Policies: []workload.Policy{
			{Name: "ecs", Statements: []workload.Statement{
				allow([]string{"ecs:Describe*", "ECS:RUNINSTANCES"}, []string{"acs:ecs:*:*:instance/*"}, nil),
				deny([]string{"ecs:*Instances"}, []string{"acs:ecs:*:*:instance/prod-*"}, nil),
				allow([]string{"ram:*"}, []string{"acs:ram:*:*:user/*"}, nil),
			}},
			{Name: "conditions", Statements: []workload.Statement{
				allow([]string{"oss:GetObject"}, all,
					cond(workload.IPAddress, workload.KeySourceIP, "10.0.0.0/8", "2001:db8::/32")),
				deny([]string{"oss:*Object"}, all, cond(workload.NotIPAddress, workload.KeySourceIP, "10.1.0.0/16")),
				allow([]string{"vpc:*Vpc*"}, all, cond(workload.Bool, workload.KeySecureTransport, "true")),
				allow([]string{"rds:*"}, all, cond(workload.StringEquals, workload.KeyTeamTag, "alpha", "beta")),
				deny([]string{"rds:Delete*"}, all, cond(workload.StringNotEquals, workload.KeyTeamTag, "alpha")),
			}},
		},
		Users: []workload.User{{Name: "alice", Policies: []int{0, 1}}},
	}
}

// Case is one request against [Hand] and its expected answer, with the statements that match it.
type Case struct {
	Name    string
	Request workload.Request
	Want    workload.Outcome
	Refs    []workload.Ref
}

// HandCases returns the requests against [Hand], covering each pattern kind, each condition
// shape with its key present, absent and not matching, and both kinds of denial.
func HandCases() []Case {
	const ip, tls, team = workload.KeySourceIP, workload.KeySecureTransport, workload.KeyTeamTag
	req := func(action, resource string, kv ...string) workload.Request {
		r := workload.Request{Action: action, Resource: resource}
		for i := 0; i < len(kv); i += 2 {
			r.Context = append(r.Context, workload.KV{Key: kv[i], Value: kv[i+1]})
		}
		return r
	}
	at := func(policyStatement ...int) []workload.Ref { // at(0, 1, 1, 0): statements 0/1 and 1/0
		var out []workload.Ref
		for i := 0; i < len(policyStatement); i += 2 {
			out = append(out, workload.Ref{Policy: policyStatement[i], Statement: policyStatement[i+1]})
		}
		return out
	}
	return []Case{
		{"prefix allows", req("ecs:DescribeDisks", "acs:ecs:cn-hangzhou:1:instance/dev-1"),
			workload.Allowed, at(0, 0)},
		{"action case is ignored", req("ecs:RunInstances", "acs:ecs:cn-hangzhou:1:instance/dev-1"),
			workload.Allowed, at(0, 0)},
		{"suffix deny wins", req("ecs:DescribeInstances", "acs:ecs:cn-hangzhou:1:instance/prod-1"),
			workload.ExplicitDeny, at(0, 0, 0, 1)},
		{"resource case matters", req("ecs:DescribeInstances", "acs:ecs:cn-hangzhou:1:instance/PROD-1"),
			workload.Allowed, at(0, 0)},
		{"resource type differs", req("ecs:DescribeDisks", "acs:ecs:cn-hangzhou:1:disk/d-1"),
			workload.ImplicitDeny, nil},
		{"star matches an empty region", req("ram:GetUser", "acs:ram::1:user/bob"),
			workload.Allowed, at(0, 2)},
		{"service pattern is not a prefix of another service", req("ram:GetUser", "acs:ramx::1:user/bob"),
			workload.ImplicitDeny, nil},
		{"ip inside both ranges", req("oss:GetObject", "acs:oss:*:1:b/o", ip, "10.1.2.3"),
			workload.Allowed, at(1, 0)},
		{"ip outside the office denies", req("oss:GetObject", "acs:oss:*:1:b/o", ip, "10.2.0.1"),
			workload.ExplicitDeny, at(1, 0, 1, 1)},
		{"ipv6 in range, outside the v4 office", req("oss:GetObject", "acs:oss:*:1:b/o", ip, "2001:db8::1"),
			workload.ExplicitDeny, at(1, 0, 1, 1)},
		{"absent ip: positive false, negated true", req("oss:PutObject", "acs:oss:*:1:b/o"),
			workload.ExplicitDeny, at(1, 1)},
		{"ip in no range", req("oss:GetObject", "acs:oss:*:1:b/o", ip, "192.0.2.1"),
			workload.ExplicitDeny, at(1, 1)},
		{"bool true", req("vpc:CreateVpc", "acs:vpc:*:1:vpc/v", tls, "true"),
			workload.Allowed, at(1, 2)},
		{"bool false", req("vpc:CreateVpc", "acs:vpc:*:1:vpc/v", tls, "false"),
			workload.ImplicitDeny, nil},
		{"bool absent", req("vpc:DescribeVpcs", "acs:vpc:*:1:vpc/v"), workload.ImplicitDeny, nil},
		{"string equals any value", req("rds:CreateBackup", "acs:rds:*:1:db/x", team, "beta"),
			workload.Allowed, at(1, 3)},
		{"string equals is case-sensitive", req("rds:CreateBackup", "acs:rds:*:1:db/x", team, "Beta"),
			workload.ImplicitDeny, nil},
		{"string not equals", req("rds:DeleteDBInstance", "acs:rds:*:1:db/x", team, "beta"),
			workload.ExplicitDeny, at(1, 3, 1, 4)},
		{"string not equals, equal", req("rds:DeleteDBInstance", "acs:rds:*:1:db/x", team, "alpha"),
			workload.Allowed, at(1, 3)},
		{"string not equals, absent", req("rds:DeleteDBInstance", "acs:rds:*:1:db/x"),
			workload.ExplicitDeny, at(1, 4)},
	}
}
