package policy_test

import (
	"errors"
	"fmt"

	"github.com/rampart-iam/rampart/policy"
)

func Example() {
	doc := []byte(`{
	  "Version": "1",
	  "Statement": [
	    {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:photos/${acs:PrincipalName}/*"},
	    {"Sid": "office-only", "Effect": "Deny", "Action": "oss:*", "Resource": "*",
	     "Condition": {"NotIpAddress": {"acs:SourceIp": "192.168.0.0/16"}}}
	  ]
	}`)
	p, err := policy.Parse(doc, policy.WithName("photos.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	e := policy.NewEvaluator(p)

	req := &policy.Request{Action: "oss:GetObject", Resource: "acs:oss:cn-hangzhou:123:photos/alice/cat.jpg"}
	req.Context.Set("acs:PrincipalName", "alice")
	req.Context.Set("acs:SourceIp", "192.168.1.20")
	d := e.Evaluate(req)
	fmt.Println(d.Outcome)

	req.Context.Set("acs:SourceIp", "203.0.113.9") // outside the office
	d = e.Evaluate(req)
	for _, m := range d.Matches() {
		fmt.Printf("%s: statement %d (%q) %v\n", m.Policy.Name(), m.Statement, m.Sid(), m.Effect())
	}
	fmt.Println(d.Outcome)
	// Output:
	// Allow
	// photos.json: statement 0 ("") Allow
	// photos.json: statement 1 ("office-only") Deny
	// ExplicitDeny
}

func ExampleParse_errors() {
	doc := []byte(`{
  "Version": "1",
  "Statement": [
    {"Effect": "Alow", "Actions": "ecs:*", "Resource": "*",
     "Condition": {"StringEqual": {"acs:UserAgent": "cli"}, "IpAddress": {"acs:SourceIp": 10}}}
  ]
}`)
	_, err := policy.Parse(doc, policy.WithName("policy.json"))
	fmt.Println(err)

	var problems policy.ErrorList
	if errors.As(err, &problems) {
		fmt.Println(problems[0].Code, problems[0].Line, problems[0].Column, problems[0].Pointer)
	}
	// Output:
	// policy.json:4:16: /Statement/0/Effect: invalid value "Alow": want "Allow" or "Deny"
	// policy.json:4:24: /Statement/0/Actions: unknown element "Actions": did you mean "Action"?
	// policy.json:5:20: /Statement/0/Condition/StringEqual: unknown operator "StringEqual": did you mean "StringEquals"?
	// policy.json:5:91: /Statement/0/Condition/IpAddress/acs:SourceIp: want a string or an array of strings, not the number 10: policy values are strings, so write "10"
	// invalid-value 4 16 /Statement/0/Effect
}

func ExampleEvaluator_Intersect() {
	role, _ := policy.Parse([]byte(`{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":["oss:*","ecs:*"],"Resource":"*"}]}`), policy.WithName("role"))
	session, _ := policy.Parse([]byte(`{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":"oss:Get*","Resource":"acs:oss:*:*:reports/*"}]}`),
		policy.WithName("session"), policy.WithKind(policy.Session))

	// A role session may do only what both the role and the session policy allow.
	e := policy.NewEvaluator(role).Intersect(policy.NewEvaluator(session))
	for _, req := range []policy.Request{
		{Action: "oss:GetObject", Resource: "acs:oss:cn-beijing:123:reports/q1.csv"},
		{Action: "oss:PutObject", Resource: "acs:oss:cn-beijing:123:reports/q1.csv"},
		{Action: "ecs:StopInstance", Resource: "acs:ecs:cn-beijing:123:instance/i-1"},
	} {
		d := e.Evaluate(&req)
		fmt.Println(req.Action, d.Outcome, len(d.Matches()))
	}
	// Output:
	// oss:GetObject Allow 2
	// oss:PutObject ImplicitDeny 1
	// ecs:StopInstance ImplicitDeny 1
}

func ExampleWithKind() {
	trust, _ := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"RAM":["acs:ram::123456789012:root"],"Service":["pai.aliyuncs.com"]}}]}`), policy.WithKind(policy.Trust))
	e := policy.NewEvaluator(trust)
	for _, req := range []policy.Request{
		{Action: "sts:AssumeRole", PrincipalType: policy.PrincipalRAM, Principal: "acs:ram::123456789012:user/alice"},
		{Action: "sts:AssumeRole", PrincipalType: policy.PrincipalRAM, Principal: "acs:ram::999999999999:user/mallory"},
		{Action: "sts:AssumeRole", PrincipalType: policy.PrincipalService, Principal: "pai.aliyuncs.com"},
	} {
		d := e.Evaluate(&req)
		fmt.Println(req.Principal, d.Outcome)
	}
	// Output:
	// acs:ram::123456789012:user/alice Allow
	// acs:ram::999999999999:user/mallory ImplicitDeny
	// pai.aliyuncs.com Allow
}
