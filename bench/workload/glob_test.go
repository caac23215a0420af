package workload_test

import (
	"testing"

	"github.com/rampart-iam/rampart/bench/workload"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "acs:ecs:cn-hangzhou:1:instance/i-1", true},
		{"ecs:Describe*", "ecs:DescribeInstances", true},
		{"ecs:Describe*", "ecs:RunInstances", false},
		{"ecs:*Instances", "ecs:RunInstances", true},
		{"ecs:*Instances", "ecs:RunInstance", false},
		{"vpc:*Vpc*", "vpc:CreateVpc", true},
		{"vpc:*Vpc*", "vpc:ModifyVpcAttribute", true},
		{"vpc:*Vpc*", "vpc:CreateVSwitch", false},
		{"acs:ecs:*:*:instance/*", "acs:ecs:cn-hangzhou:123:instance/alpha-001", true},
		{"acs:ecs:*:*:instance/*", "acs:ecs:cn-hangzhou:123:disk/alpha-001", false},
		{"acs:ram:*:*:user/*", "acs:ram::123:user/alice", true}, // "*" matches the empty region
		{"acs:ecs:*:*:*/alpha-0*", "acs:ecs:cn-beijing:1:disk/alpha-042", true},
		{"acs:ecs:*:*:*/alpha-0*", "acs:ecs:cn-beijing:1:disk/alpha-142", false},
		{"a*b*c", "abbbc", true},
		{"a*b*c", "acb", false},
		{"**", "x", true},
		{"a?c", "abc", false}, // '?' is literal here: the workload never uses it
		{"ECS:*", "ecs:RunInstances", false},
	}
	for _, tt := range tests {
		if got := workload.Match(tt.pattern, tt.s); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}
