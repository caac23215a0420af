package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/policy"
)

// allow is a complete identity statement body, for documents whose problems lie elsewhere.
const allow = `"Effect":"Allow","Action":"ecs:*","Resource":"*"`

// TestParseErrors covers every error code: each case lists every problem Parse must report,
// as "code line:col: pointer: message", in order.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		opts []policy.Option
		want []string
	}{
		{
			name: "syntax truncated",
			doc:  `{"Version":"1",`,
			want: []string{
				"syntax 1:16: unexpected end of the document",
			},
		},
		{
			name: "syntax trailing comma",
			doc:  `{"Version":"1","Statement":[{` + allow + `},]}`,
			want: []string{
				"syntax 1:79: /Statement: invalid character ',' at start of value",
			},
		},
		{
			name: "syntax bad literal",
			doc:  `{"Version":"1","Statement":[{` + allow + `,"Sid":nul}]}`,
			want: []string{
				"syntax 1:88: /Statement/0/Sid: invalid character '}' in literal null (expecting 'l')",
			},
		},
		{
			name: "syntax invalid utf8",
			doc:  "{\"Version\":\"1\",\"Statement\":[{" + allow + ",\"Sid\":\"\xff\"}]}",
			want: []string{
				"syntax 1:86: /Statement/0/Sid: invalid UTF-8",
			},
		},
		{
			name: "syntax trailing data",
			doc:  `{"Version":"1","Statement":[{` + allow + `}]} {}`,
			want: []string{
				"syntax 1:82: unexpected data after the policy document",
			},
		},
		{
			name: "syntax empty",
			doc:  ``,
			want: []string{
				"syntax 1:1: unexpected end of the document",
			},
		},
		{
			name: "too long",
			doc:  `{"Version":"1","Statement":[{` + allow + `,"Sid":"` + strings.Repeat("é", 100) + `"}]}`,
			opts: []policy.Option{policy.WithMaxLength(120)},
			want: []string{
				"too-long 1:1: the document is longer than 120 characters",
			},
		},
		{
			name: "too deep",
			doc:  `{"Version":"1","Statement":[{` + allow + `,"Sid":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}]}`,
			want: []string{
				"too-deep 1:98: /Statement/0/Sid/0/0/0/0/0/0/0/0/0/0/0/0: arrays and objects nest more than 16 deep",
			},
		},
		{
			name: "too many statements",
			doc:  stmtDoc(`{` + allow + `},{` + allow + `},{` + allow + `},{"Effect":1}`),
			opts: []policy.Option{policy.WithMaxStatements(2)},
			want: []string{
				"too-many-statements 1:131: /Statement/2: more than 2 statements",
			},
		},
		{
			name: "duplicate key",
			doc:  stmtDoc(`{` + allow + `,"Effect":"Deny"}`),
			want: []string{
				"duplicate-key 1:79: /Statement/0/Effect: duplicate key \"Effect\"",
			},
		},
		{
			name: "duplicate condition key",
			doc:  stmtDoc(`{` + allow + `,"Condition":{"StringEquals":{"a:b":"1","a:b":"2"}}}`),
			want: []string{
				"duplicate-key 1:118: /Statement/0/Condition/StringEquals/a:b: duplicate key \"a:b\"",
			},
		},
		{
			name: "unknown top",
			doc:  `{"Version":"1","Statment":[{` + allow + `}]}`,
			want: []string{
				"unknown-element 1:16: /Statment: unknown element \"Statment\": did you mean \"Statement\"?",
			},
		},
		{
			name: "unknown top no suggestion",
			doc:  `{"Version":"1","Comment":"x","Statement":[{` + allow + `}]}`,
			want: []string{
				"unknown-element 1:16: /Comment: unknown element \"Comment\": want one of \"Version\", \"Statement\"",
			},
		},
		{
			name: "unknown statement elem",
			doc:  stmtDoc(`{` + allow + `,"Condtion":{}}`),
			want: []string{
				"unknown-element 1:79: /Statement/0/Condtion: unknown element \"Condtion\": did you mean \"Condition\"?",
			},
		},
		{
			name: "missing version",
			doc:  `{"Statement":[{` + allow + `}]}`,
			want: []string{
				"missing-element 1:1: missing element \"Version\"",
			},
		},
		{
			name: "missing everything in statement",
			doc:  stmtDoc(`{}`),
			want: []string{
				"missing-element 1:29: /Statement/0: missing element \"Effect\"",
				"missing-element 1:29: /Statement/0: missing element \"Action\" (or \"NotAction\")",
				"missing-element 1:29: /Statement/0: missing element \"Resource\" (or \"NotResource\")",
			},
		},
		{
			name: "missing principal",
			doc:  stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole"}`),
			opts: []policy.Option{policy.WithKind(policy.Trust)},
			want: []string{
				"missing-element 1:29: /Statement/0: missing element \"Principal\"",
			},
		},
		{
			name: "conflicting",
			doc:  stmtDoc(`{` + allow + `,"NotAction":"x:y","NotResource":"z"}`),
			want: []string{
				"conflicting-elements 1:79: /Statement/0/NotAction: a statement has either Action or NotAction, not both",
				"conflicting-elements 1:97: /Statement/0/NotResource: a statement has either Resource or NotResource, not both",
			},
		},
		{
			name: "principal in identity",
			doc:  stmtDoc(`{` + allow + `,"Principal":{"RAM":"*"}}`),
			want: []string{
				"element-not-allowed 1:79: /Statement/0/Principal: Principal is allowed only in trust policies, not in identity policies",
			},
		},
		{
			name: "principal in session",
			doc:  stmtDoc(`{` + allow + `,"Principal":"*"}`),
			opts: []policy.Option{policy.WithKind(policy.Session)},
			want: []string{
				"element-not-allowed 1:79: /Statement/0/Principal: Principal is allowed only in trust policies, not in session policies",
			},
		},
		{
			// A typo of an element that only another kind has is told so, not given the
			// list of this kind's elements.
			name: "principal misspelt in identity",
			doc:  stmtDoc(`{` + allow + `,"Principle":{"RAM":"*"}}`),
			want: []string{
				"unknown-element 1:79: /Statement/0/Principle: unknown element \"Principle\": did you mean \"Principal\"? Principal is allowed only in trust policies, not in identity policies",
			},
		},
		{
			name: "resource misspelt in trust",
			doc:  `{"Version":"1","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*","Resorce":"*"}}`,
			opts: []policy.Option{policy.WithKind(policy.Trust)},
			want: []string{
				"unknown-element 1:88: /Statement/Resorce: unknown element \"Resorce\": did you mean \"Resource\"? Resource is not allowed in a trust policy: it applies to the role itself",
			},
		},
		{
			name: "resource in trust",
			doc:  stmtDoc(`{` + allow + `,"Principal":"*"}`),
			opts: []policy.Option{policy.WithKind(policy.Trust)},
			want: []string{
				"element-not-allowed 1:64: /Statement/0/Resource: Resource is not allowed in a trust policy: it applies to the role itself",
			},
		},
		{
			name: "types",
			doc:  `{"Version":1,"Statement":[{"Sid":2,"Effect":true,"Action":[1,"a:b",null],"Resource":{},"Condition":[]}]}`,
			want: []string{
				"invalid-type 1:12: /Version: Version must be the string \"1\", not the number 1: quote it",
				"invalid-type 1:34: /Statement/0/Sid: want a string, not the number 2: policy values are strings, so write \"2\"",
				"invalid-type 1:45: /Statement/0/Effect: want \"Allow\" or \"Deny\", not the boolean true",
				"invalid-type 1:60: /Statement/0/Action/0: want a string, not the number 1: policy values are strings, so write \"1\"",
				"invalid-type 1:68: /Statement/0/Action/2: want a string, not null",
				"invalid-type 1:85: /Statement/0/Resource: want a string or an array of strings, not an object",
				"invalid-type 1:100: /Statement/0/Condition: want an object mapping condition operators to keys, not an array",
			},
		},
		{
			// A quoted number is still not an object or a list: no "write \"5\"" hint there.
			name: "structure types",
			doc:  `{"Version":"1","Statement":[5,true,{` + allow + `,"Condition":7},{` + allow + `,"Condition":{"Bool":false}}]}`,
			want: []string{
				"invalid-type 1:29: /Statement/0: want a statement object, not the number 5",
				"invalid-type 1:31: /Statement/1: want a statement object, not the boolean true",
				"invalid-type 1:98: /Statement/2/Condition: want an object mapping condition operators to keys, not the number 7",
				"invalid-type 1:171: /Statement/3/Condition/Bool: want an object mapping condition keys to values, not the boolean false",
			},
		},
		{
			name: "doc number",
			doc:  `5`,
			want: []string{
				"invalid-type 1:1: want a policy document (a JSON object), not the number 5",
			},
		},
		{
			name: "statement number",
			doc:  `{"Version":"1","Statement":1}`,
			want: []string{
				"invalid-type 1:28: /Statement: want a statement object or an array of them, not the number 1",
			},
		},
		{
			name: "doc not object",
			doc:  `[]`,
			want: []string{
				"invalid-type 1:1: want a policy document (a JSON object), not an array",
			},
		},
		{
			name: "statement string",
			doc:  `{"Version":"1","Statement":"x"}`,
			want: []string{
				"invalid-type 1:28: /Statement: want a statement object or an array of them, not a string",
			},
		},
		{
			name: "values",
			doc:  stmtDoc(`{"Effect":"allow","Action":["ecs","*","*:x",":x","ecs:"],"Resource":["${a}/${b","x/${}"]}`),
			want: []string{
				"invalid-value 1:39: /Statement/0/Effect: invalid value \"allow\": want \"Allow\" or \"Deny\"",
				"invalid-value 1:57: /Statement/0/Action/0: invalid action \"ecs\": want \"<service>:<action>\", such as \"ecs:DescribeInstances\", or \"*\"",
				"invalid-value 1:73: /Statement/0/Action/3: invalid action \":x\": want \"<service>:<action>\", such as \"ecs:DescribeInstances\", or \"*\"",
				"invalid-value 1:78: /Statement/0/Action/4: invalid action \"ecs:\": want \"<service>:<action>\", such as \"ecs:DescribeInstances\", or \"*\"",
				"invalid-value 1:98: /Statement/0/Resource/0: invalid resource \"${a}/${b\": policy variable \"${b\" has no closing \"}\"",
				"invalid-value 1:109: /Statement/0/Resource/1: invalid resource \"x/${}\": empty policy variable \"${}\"",
			},
		},
		{
			name: "version 2",
			doc:  `{"Version":"2","Statement":[{` + allow + `}]}`,
			want: []string{
				"invalid-value 1:12: /Version: invalid value \"2\": want \"1\"",
			},
		},
		{
			name: "cond values",
			doc:  stmtDoc(`{` + allow + `,"Condition":{"IpAddress":{"acs:SourceIp":["1.2.3.4/33","fe80::1%eth0","10.0.0.0/8"]},"NumericLessThan":{"n:x":["1e","NaN","0x10","5"]},"DateGreaterThan":{"acs:CurrentTime":["2019-02-29T00:00:00Z","2020-02-29T00:00:00+08:00"]},"Bool":{"acs:SecureTransport":["yes",true]}}}`),
			want: []string{
				"invalid-value 1:121: /Statement/0/Condition/IpAddress/acs:SourceIp/0: invalid value \"1.2.3.4/33\" for IpAddress: want an IPv4 or IPv6 address or CIDR block, such as \"192.168.0.1\" or \"10.0.0.0/8\"",
				"invalid-value 1:134: /Statement/0/Condition/IpAddress/acs:SourceIp/1: invalid value \"fe80::1%eth0\" for IpAddress: want an IPv4 or IPv6 address or CIDR block, such as \"192.168.0.1\" or \"10.0.0.0/8\"",
				"invalid-value 1:190: /Statement/0/Condition/NumericLessThan/n:x/0: invalid value \"1e\" for NumericLessThan: want a decimal number such as \"10\" or \"2.5\"",
				"invalid-value 1:195: /Statement/0/Condition/NumericLessThan/n:x/1: invalid value \"NaN\" for NumericLessThan: want a decimal number such as \"10\" or \"2.5\"",
				"invalid-value 1:201: /Statement/0/Condition/NumericLessThan/n:x/2: invalid value \"0x10\" for NumericLessThan: want a decimal number such as \"10\" or \"2.5\"",
				"invalid-value 1:252: /Statement/0/Condition/DateGreaterThan/acs:CurrentTime/0: invalid value \"2019-02-29T00:00:00Z\" for DateGreaterThan: want an RFC 3339 date and time with a zone, such as \"2019-08-12T17:00:00+08:00\" or \"2012-11-11T23:59:59Z\"",
				"invalid-value 1:336: /Statement/0/Condition/Bool/acs:SecureTransport/0: invalid value \"yes\" for Bool: want \"true\" or \"false\"",
				"invalid-type 1:342: /Statement/0/Condition/Bool/acs:SecureTransport/1: want a string, not the boolean true: policy values are strings, so write \"true\"",
			},
		},
		{
			name: "empties",
			doc:  stmtDoc(`{"Effect":"Allow","Action":[],"Resource":"","Condition":{}},{` + allow + `,"Condition":{"StringEquals":{}}},{` + allow + `,"Condition":{"StringEquals":{"":"x"}}}`),
			want: []string{
				"empty 1:56: /Statement/0/Action: Action must not be an empty list",
				"empty 1:70: /Statement/0/Resource: a resource must not be empty",
				"empty 1:85: /Statement/0/Condition: Condition must name at least one operator",
				"empty 1:167: /Statement/1/Condition/StringEquals: StringEquals must name at least one condition key",
				"empty 1:251: /Statement/2/Condition/StringEquals/: a condition key must not be empty",
			},
		},
		{
			name: "statement empty list",
			doc:  `{"Version":"1","Statement":[]}`,
			want: []string{
				"empty 1:28: /Statement: Statement must not be an empty list",
			},
		},
		{
			name: "operators",
			doc:  stmtDoc(`{` + allow + `,"Condition":{"StringEqual":{"a:b":"x"},"StringEqualsIfExists":{"a:b":"x"},"Null":{"a:b":"true"},"Frobnicate":{"a:b":"x"},"ForAnyValues:StringLike":{"a:b":"x"},"Whatever:Bool":{"a:b":"true"}}}`),
			want: []string{
				"unknown-operator 1:92: /Statement/0/Condition/StringEqual: unknown operator \"StringEqual\": did you mean \"StringEquals\"?",
				"unknown-operator 1:118: /Statement/0/Condition/StringEqualsIfExists: unknown operator \"StringEqualsIfExists\": RAM has no ...IfExists operators; an absent key already makes positive operators false and negated ones true",
				"unknown-operator 1:153: /Statement/0/Condition/Null: unknown operator \"Null\": RAM has no Null operator; an absent key already makes positive operators false and negated ones true",
				"unknown-operator 1:175: /Statement/0/Condition/Frobnicate: unknown operator \"Frobnicate\": want an operator RAM defines, such as \"StringEquals\", \"StringLike\", \"NumericLessThan\", \"DateGreaterThan\", \"Bool\" or \"IpAddress\"",
				"unknown-qualifier 1:200: /Statement/0/Condition/ForAnyValues:StringLike: unknown qualifier \"ForAnyValues\": did you mean \"ForAnyValue\"?",
				"unknown-qualifier 1:238: /Statement/0/Condition/Whatever:Bool: unknown qualifier \"Whatever\": want \"ForAnyValue\", \"ForAllValues\"",
			},
		},
		{
			// An operator with no close match still says what to write; so does a qualifier
			// with nothing after it.
			name: "operators far from any",
			doc:  stmtDoc(`{` + allow + `,"Condition":{"Boolean":{"a:b":"true"},"ForAnyValue:":{"a:b":"x"}}}`),
			want: []string{
				"unknown-operator 1:92: /Statement/0/Condition/Boolean: unknown operator \"Boolean\": want an operator RAM defines, such as \"StringEquals\", \"StringLike\", \"NumericLessThan\", \"DateGreaterThan\", \"Bool\" or \"IpAddress\"",
				"unknown-operator 1:117: /Statement/0/Condition/ForAnyValue:: unknown operator \"\": want an operator RAM defines, such as \"StringEquals\", \"StringLike\", \"NumericLessThan\", \"DateGreaterThan\", \"Bool\" or \"IpAddress\"",
			},
		},
		{
			name: "principal",
			doc:  stmtDoc(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Services":"ecs.aliyuncs.com","RAM":[""]}},{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{}},{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"me"},{"Effect":"Allow","Action":"sts:AssumeRole","Principal":7}`),
			opts: []policy.Option{policy.WithKind(policy.Trust)},
			want: []string{
				"unknown-element 1:86: /Statement/0/Principal/Services: unknown element \"Services\": did you mean \"Service\"?",
				"empty 1:123: /Statement/0/Principal/RAM/0: a RAM principal must not be empty",
				"empty 1:185: /Statement/1/Principal: Principal must name at least one of \"RAM\", \"Service\" or \"Federated\"",
				"invalid-value 1:245: /Statement/2/Principal: invalid value \"me\": want \"*\" or an object with \"RAM\", \"Service\" or \"Federated\"",
				"invalid-type 1:307: /Statement/3/Principal: want \"*\" or an object with \"RAM\", \"Service\" or \"Federated\", not the number 7",
			},
		},
		{
			name: "multiline",
			doc:  "{\n\t\"Version\": \"1\",\n\t\"Statement\": [{\n\t\t\"Effect\": \"Allow\", \"Action\": \"ecs:*\",\n\t\t\"Resource\": \"ü\", \"Sid\": \"ü\", \"Condition\": {\"Bool\": {\"x:y\": \"maybe\"}}\n\t}]\n}",
			want: []string{
				"invalid-value 5:62: /Statement/0/Condition/Bool/x:y: invalid value \"maybe\" for Bool: want \"true\" or \"false\"",
			},
		},
		{
			name: "bad kind",
			doc:  `{}`,
			opts: []policy.Option{policy.WithKind(policy.Kind(9))},
			want: []string{
				"invalid-value 1:1: unknown policy kind Kind(9)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policy.Parse([]byte(tt.doc), tt.opts...)
			if p != nil {
				t.Errorf("Parse returned a policy along with errors")
			}
			var list policy.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse error = %v (%T), want an ErrorList", err, err)
			}
			var got []string
			for _, e := range list {
				got = append(got, string(e.Code)+" "+e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
