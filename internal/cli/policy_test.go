package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/cli"
	"github.com/rampart-iam/rampart/policy"
)

// runPolicy runs `rampart policy ARGS...`.
func runPolicy(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Main(context.Background(), append([]string{"policy"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

const policyDir = "testdata/policy/"

func TestPolicyValidate(t *testing.T) {
	invalid := []string{
		policyDir + `invalid.json:2:14: /Version: Version must be the string "1", not the number 1: quote it`,
		policyDir + `invalid.json:4:16: /Statement/0/Effect: invalid value "Alow": want "Allow" or "Deny"`,
		policyDir + `invalid.json:4:24: /Statement/0/Actions: unknown element "Actions": did you mean "Action"?`,
		policyDir + `invalid.json:5:50: /Statement/0/Condition/IpAddress/acs:SourceIp: invalid value "10.0.0.300" for IpAddress: ` +
			`want an IPv4 or IPv6 address or CIDR block, such as "192.168.0.1" or "10.0.0.0/8"`,
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string // a substring of standard error
	}{
		{"valid files", []string{policyDir + "developer.json", policyDir + "session.json"}, 0,
			[]string{policyDir + "developer.json: ok", policyDir + "session.json: ok"}, ""},
		{"every problem, one per line", []string{policyDir + "invalid.json"}, 1, invalid, ""},
		{"good and bad", []string{policyDir + "session.json", policyDir + "invalid.json"}, 1,
			append([]string{policyDir + "session.json: ok"}, invalid...), ""},
		{"trust policy", []string{"--kind", "trust", policyDir + "trust.json"}, 0, []string{policyDir + "trust.json: ok"}, ""},
		{"trust elements in an identity policy", []string{policyDir + "trust.json"}, 1, []string{
			policyDir + `trust.json:4:5: /Statement/0: missing element "Resource" (or "NotResource")`,
			policyDir + `trust.json:4:53: /Statement/0/Principal: Principal is allowed only in trust policies, not in identity policies`,
			policyDir + `trust.json:5:5: /Statement/1: missing element "Resource" (or "NotResource")`,
			policyDir + `trust.json:5:67: /Statement/1/Principal: Principal is allowed only in trust policies, not in identity policies`,
			policyDir + `trust.json:6:5: /Statement/2: missing element "Resource" (or "NotResource")`,
			policyDir + `trust.json:6:53: /Statement/2/Principal: Principal is allowed only in trust policies, not in identity policies`,
		}, ""},
		{"session kind", []string{"--kind", "session", policyDir + "session.json"}, 0, []string{policyDir + "session.json: ok"}, ""},
		{"length limit", []string{"--max-length", "50", policyDir + "session.json"}, 1,
			[]string{policyDir + "session.json:1:1: the document is longer than 50 characters"}, ""},
		{"unreadable file", []string{policyDir + "missing.json", policyDir + "session.json"}, 2,
			[]string{policyDir + "session.json: ok"}, "missing.json: no such file"},
		{"no files", nil, 2, nil, "rampart: policy validate: missing FILE"},
		{"bad kind", []string{"--kind", "resource", policyDir + "session.json"}, 2, nil, `policy validate: --kind "resource": want identity, trust, session`},
		{"negative length limit", []string{"--max-length", "-1", policyDir + "session.json"}, 2, nil,
			"policy validate: --max-length -1: must not be negative (0: no limit)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runPolicy(append([]string{"validate"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr)
			}
			if diff := cmp.Diff(tt.stdout, outputLines(stdout)); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if !strings.Contains(stderr, tt.stderr) || tt.stderr == "" && stderr != "" {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.stderr)
			}
		})
	}
}

func outputLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestPolicyEval(t *testing.T) {
	const (
		dev      = policyDir + "developer.json"
		instance = "acs:ecs:cn-hangzhou:123456789012:instance/i-1"
	)
	tests := []struct {
		name   string
		args   []string
		stdout string
	}{
		{"allow", []string{"--policy", dev, "--action", "ecs:DescribeInstances", "--resource", instance, "--context", "acs:SourceIp=10.1.2.3"},
			`{"decision":"Allow","matched":[{"policy":"` + dev + `","statement":0,"sid":"ecs-read","effect":"Allow"}]}`},
		{"explicit deny lists every match", []string{"--policy", dev, "--action", "ecs:ListTags", "--resource", instance, "--context", "acs:SourceIp=8.8.8.8"},
			`{"decision":"ExplicitDeny","matched":[{"policy":"` + dev + `","statement":0,"sid":"ecs-read","effect":"Allow"},` +
				`{"policy":"` + dev + `","statement":2,"sid":"office-only","effect":"Deny"}]}`},
		{"absent source address denies", []string{"--policy", dev, "--action", "ecs:DescribeInstances", "--resource", instance},
			`{"decision":"ExplicitDeny","matched":[{"policy":"` + dev + `","statement":0,"sid":"ecs-read","effect":"Allow"},` +
				`{"policy":"` + dev + `","statement":2,"sid":"office-only","effect":"Deny"}]}`},
		{"implicit deny", []string{"--policy", dev, "--action", "ecs:RunInstances", "--resource", instance, "--context", "acs:SourceIp=10.1.2.3"},
			`{"decision":"ImplicitDeny","matched":[]}`},
		{"policy variable from the context", []string{"--policy", dev, "--action", "oss:GetObject", "--resource", "acs:oss:cn:1:home/alice/a.txt",
			"--context", "acs:SourceIp=192.168.1.1", "--context", "acs:PrincipalName=alice"},
			`{"decision":"Allow","matched":[{"policy":"` + dev + `","statement":1,"effect":"Allow"}]}`},
		{"repeated context key gives several values", []string{"--policy", policyDir + "tags.json", "--action", "ecs:RunInstances", "--resource", instance,
			"--context", "acs:TagKeys=team", "--context", "acs:TagKeys=owner"},
			`{"decision":"ImplicitDeny","matched":[]}`},
		{"several values all allowed", []string{"--policy", policyDir + "tags.json", "--action", "ecs:RunInstances", "--resource", instance,
			"--context", "acs:TagKeys=team", "--context", "ACS:tagkeys=env"},
			`{"decision":"Allow","matched":[{"policy":"` + policyDir + `tags.json","statement":0,"effect":"Allow"}]}`},
		{"policies in the order given", []string{"--policy", policyDir + "session.json", "--policy", dev, "--action", "oss:GetObject",
			"--resource", "acs:oss:cn:1:home/bob/x", "--context", "acs:SourceIp=10.0.0.1", "--context", "acs:PrincipalName=bob"},
			`{"decision":"Allow","matched":[{"policy":"` + policyDir + `session.json","statement":0,"effect":"Allow"},` +
				`{"policy":"` + dev + `","statement":1,"effect":"Allow"}]}`},
		{"session policy narrows", []string{"--policy", dev, "--session-policy", policyDir + "session.json", "--action", "oss:PutObject",
			"--resource", "acs:oss:cn:1:home/bob/x", "--context", "acs:SourceIp=10.0.0.1", "--context", "acs:PrincipalName=bob"},
			`{"decision":"ImplicitDeny","matched":[{"policy":"` + dev + `","statement":1,"effect":"Allow"}]}`},
		{"session policy allows too", []string{"--policy", dev, "--session-policy", policyDir + "session.json", "--action", "oss:GetObject",
			"--resource", "acs:oss:cn:1:home/bob/x", "--context", "acs:SourceIp=10.0.0.1", "--context", "acs:PrincipalName=bob"},
			`{"decision":"Allow","matched":[{"policy":"` + dev + `","statement":1,"effect":"Allow"},` +
				`{"policy":"` + policyDir + `session.json","statement":0,"effect":"Allow"}]}`},
		{"trust: RAM user of the account", []string{"--kind", "trust", "--policy", policyDir + "trust.json", "--action", "sts:AssumeRole",
			"--principal", "acs:ram::123456789012:user/alice"},
			`{"decision":"Allow","matched":[{"policy":"` + policyDir + `trust.json","statement":0,"effect":"Allow"}]}`},
		{"trust: other account", []string{"--kind", "trust", "--policy", policyDir + "trust.json", "--action", "sts:AssumeRole",
			"--principal", "acs:ram::999999999999:user/mallory"},
			`{"decision":"ImplicitDeny","matched":[]}`},
		{"trust: service from its form", []string{"--kind", "trust", "--policy", policyDir + "trust.json", "--action", "sts:AssumeRole",
			"--principal", "pai.aliyuncs.com"},
			`{"decision":"Allow","matched":[{"policy":"` + policyDir + `trust.json","statement":1,"sid":"pai","effect":"Allow"}]}`},
		{"trust: federated from its form", []string{"--kind", "trust", "--policy", policyDir + "trust.json", "--action", "sts:AssumeRole",
			"--principal", "acs:ram::123456789012:saml-provider/corp"},
			`{"decision":"Allow","matched":[{"policy":"` + policyDir + `trust.json","statement":2,"effect":"Allow"}]}`},
		{"trust: explicit principal type", []string{"--kind", "trust", "--policy", policyDir + "trust.json", "--action", "sts:AssumeRole",
			"--principal", "acs:ram::123456789012:saml-provider/corp", "--principal-type", "ram"},
			`{"decision":"Allow","matched":[{"policy":"` + policyDir + `trust.json","statement":0,"effect":"Allow"}]}`},
		{"trust: no principal", []string{"--kind", "trust", "--policy", policyDir + "trust.json", "--action", "sts:AssumeRole"},
			`{"decision":"ImplicitDeny","matched":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runPolicy(append([]string{"eval"}, tt.args...)...)
			if code != 0 || stderr != "" {
				t.Errorf("exit code %d, want 0\nstderr: %s", code, stderr)
			}
			if diff := cmp.Diff(tt.stdout+"\n", stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPolicyEvalUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr []string // substrings of standard error
	}{
		{"no policy", []string{"--action", "a:b", "--resource", "r"}, []string{"--policy FILE is required"}},
		{"no action", []string{"--policy", policyDir + "session.json", "--resource", "r"}, []string{"--action is required"}},
		{"no resource", []string{"--policy", policyDir + "session.json", "--action", "a:b"}, []string{"--resource is required"}},
		{"context without =", []string{"--policy", policyDir + "session.json", "--action", "a:b", "--resource", "r", "--context", "acs:SourceIp"},
			[]string{`--context "acs:SourceIp": want KEY=VALUE`}},
		{"context without key", []string{"--policy", policyDir + "session.json", "--action", "a:b", "--resource", "r", "--context", "=x"},
			[]string{`--context "=x": want KEY=VALUE`}},
		{"bad principal type", []string{"--policy", policyDir + "session.json", "--action", "a:b", "--resource", "r",
			"--principal", "p", "--principal-type", "user"}, []string{`--principal-type "user"`}},
		{"principal type alone", []string{"--policy", policyDir + "session.json", "--action", "a:b", "--resource", "r",
			"--principal-type", "ram"}, []string{"--principal-type needs --principal"}},
		{"session kind is not for --policy", []string{"--kind", "session", "--policy", policyDir + "session.json", "--action", "a:b", "--resource", "r"},
			[]string{`policy eval: --kind "session": want identity, trust`}},
		{"session policy with a trust policy", []string{"--kind", "trust", "--policy", policyDir + "trust.json",
			"--session-policy", policyDir + "session.json", "--action", "sts:AssumeRole"},
			[]string{"policy eval: --session-policy narrows identity policies, not a trust policy (--kind trust)"}},
		{"unreadable policy", []string{"--policy", policyDir + "missing.json", "--action", "a:b", "--resource", "r"},
			[]string{"missing.json: no such file"}},
		{"unreadable session policy", []string{"--policy", policyDir + "session.json", "--session-policy", policyDir + "missing.json",
			"--action", "a:b", "--resource", "r"}, []string{"missing.json: no such file"}},
		{"invalid policy", []string{"--policy", policyDir + "invalid.json", "--action", "a:b", "--resource", "r"},
			[]string{policyDir + `invalid.json:2:14: /Version:`, policyDir + `invalid.json:4:24: /Statement/0/Actions: unknown element`}},
		{"trust policy read as identity", []string{"--policy", policyDir + "trust.json", "--action", "sts:AssumeRole", "--resource", "r"},
			[]string{"Principal is allowed only in trust policies"}},
		{"unknown flag", []string{"--polcy", "x"}, []string{"unknown flag: --polcy"}},
		{"length limit", []string{"--max-length", "50", "--policy", policyDir + "session.json", "--action", "a:b", "--resource", "r"},
			[]string{policyDir + "session.json:1:1: the document is longer than 50 characters"}},
		{"length limit on session policies", []string{"--max-length", "100", "--policy", policyDir + "session.json",
			"--session-policy", policyDir + "developer.json", "--action", "a:b", "--resource", "r"},
			[]string{policyDir + "developer.json:1:1: the document is longer than 100 characters"}},
		{"negative length limit", []string{"--max-length", "-1", "--policy", policyDir + "session.json", "--action", "a:b", "--resource", "r"},
			[]string{"--max-length -1: must not be negative (0: no limit)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runPolicy(append([]string{"eval"}, tt.args...)...)
			if code != 2 || stdout != "" {
				t.Errorf("exit code %d with stdout %q, want 2 and nothing", code, stdout)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr = %q, want it to contain %q", stderr, want)
				}
			}
		})
	}
}

// TestPolicyEvalMaxLength checks that eval, like validate, takes documents longer than RAM's
// default limit when told to.
func TestPolicyEvalMaxLength(t *testing.T) {
	long := filepath.Join(t.TempDir(), "long.json")
	doc := `{"Version":"1","Statement":[{"Sid":"` + strings.Repeat("s", policy.DefaultMaxLength) +
		`","Effect":"Allow","Action":"ecs:*","Resource":"*"}]}`
	if err := os.WriteFile(long, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"eval", "--policy", long, "--action", "ecs:RunInstances", "--resource", "r"}

	code, stdout, stderr := runPolicy(args...)
	if want := long + ":1:1: the document is longer than 6144 characters"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("default limit: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	code, stdout, stderr = runPolicy(append(args, "--max-length", "0")...)
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, `{"decision":"Allow"`) {
		t.Errorf("--max-length 0: exit %d, stdout %q, stderr %q; want 0 and Allow", code, stdout, stderr)
	}
}

func TestPolicyHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"validate", "eval", "Deny wins"}},
		{[]string{"--help"}, []string{"validate", "eval"}},
		{[]string{"validate", "--help"}, []string{"FILE:LINE:COLUMN: JSON-POINTER: MESSAGE", "--kind", "--max-length", "Exit status"}},
		{[]string{"eval", "--help"}, []string{"--policy", "--session-policy", "--context", "--principal", "--principal-type", "--kind", "--max-length",
			`"decision"`, "Exit status"}},
	}
	for _, tt := range tests {
		code, stdout, stderr := runPolicy(tt.args...)
		if code != 0 || stderr != "" {
			t.Errorf("policy %v: exit %d, stderr %q", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("policy %v: help lacks %q:\n%s", tt.args, w, stdout)
			}
		}
	}
}
