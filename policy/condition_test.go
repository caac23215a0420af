package policy_test

import (
	"encoding/json"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

// conditionAllows evaluates a one-statement Allow policy whose Condition is {op: {key: values}}
// against a request carrying req (nil: the key is absent) under reqKey.
func conditionAllows(t *testing.T, op, key string, values []string, reqKey string, req []string) bool {
	t.Helper()
	cond, err := json.Marshal(map[string]map[string][]string{op: {key: values}})
	if err != nil {
		t.Fatal(err)
	}
	r := &policy.Request{Action: "ecs:RunInstances", Resource: "r"}
	if req != nil {
		r.Context.Set(reqKey, req...)
	}
	return allowsWith(t, `"Action":"*","Resource":"*","Condition":`+string(cond), r)
}

func TestConditionOperators(t *testing.T) {
	tests := []struct {
		op     string
		values []string
		req    []string // nil: key absent
		want   bool
	}{
		// String family.
		{"StringEquals", []string{"dev"}, []string{"dev"}, true},
		{"StringEquals", []string{"dev"}, []string{"Dev"}, false},
		{"StringEquals", []string{"dev", "test"}, []string{"test"}, true},
		{"StringEquals", []string{"dev"}, nil, false},
		{"StringEquals", []string{""}, []string{""}, true},
		{"StringNotEquals", []string{"dev"}, []string{"prod"}, true},
		{"StringNotEquals", []string{"dev"}, []string{"dev"}, false},
		{"StringNotEquals", []string{"dev", "prod"}, []string{"prod"}, false},
		{"StringNotEquals", []string{"dev"}, nil, true},
		{"StringEqualsIgnoreCase", []string{"Dev"}, []string{"dEV"}, true},
		{"StringEqualsIgnoreCase", []string{"Dev"}, []string{"devs"}, false},
		{"StringEqualsIgnoreCase", []string{"Dev"}, nil, false},
		{"StringNotEqualsIgnoreCase", []string{"Dev"}, []string{"DEV"}, false},
		{"StringNotEqualsIgnoreCase", []string{"Dev"}, []string{"x"}, true},
		{"StringNotEqualsIgnoreCase", []string{"Dev"}, nil, true},
		{"StringLike", []string{"hangzhou/2015/*"}, []string{"hangzhou/2015/a/b"}, true},
		{"StringLike", []string{"hangzhou/2015/*"}, []string{"Hangzhou/2015/a"}, false},
		{"StringLike", []string{"a?c"}, []string{"abc"}, true},
		{"StringLike", []string{"a?c"}, nil, false},
		{"StringNotLike", []string{"hangzhou/*"}, []string{"beijing/x"}, true},
		{"StringNotLike", []string{"hangzhou/*"}, []string{"hangzhou/x"}, false},
		{"StringNotLike", []string{"hangzhou/*"}, nil, true},
		// Numeric family.
		{"NumericEquals", []string{"10"}, []string{"10.0"}, true},
		{"NumericEquals", []string{"10"}, []string{"1e1"}, true},
		{"NumericEquals", []string{"10"}, []string{"11"}, false},
		{"NumericEquals", []string{"10"}, []string{"ten"}, false},
		{"NumericEquals", []string{"10"}, nil, false},
		{"NumericNotEquals", []string{"10"}, []string{"11"}, true},
		{"NumericNotEquals", []string{"10"}, []string{"10"}, false},
		{"NumericNotEquals", []string{"10"}, []string{"ten"}, true},
		{"NumericNotEquals", []string{"10"}, nil, true},
		{"NumericLessThan", []string{"10"}, []string{"9.5"}, true},
		{"NumericLessThan", []string{"10"}, []string{"10"}, false},
		{"NumericLessThan", []string{"-2.5"}, []string{"-3"}, true},
		{"NumericLessThan", []string{"10"}, []string{"Inf"}, false},
		{"NumericLessThanEquals", []string{"10"}, []string{"10"}, true},
		{"NumericLessThanEquals", []string{"10"}, []string{"10.01"}, false},
		{"NumericGreaterThan", []string{"10"}, []string{"11"}, true},
		{"NumericGreaterThan", []string{"10"}, []string{"10"}, false},
		{"NumericGreaterThanEquals", []string{"10"}, []string{"10"}, true},
		{"NumericGreaterThanEquals", []string{"10"}, []string{"9"}, false},
		{"NumericGreaterThanEquals", []string{"10"}, nil, false},
		// Date family: instants compare whatever their zones.
		{"DateLessThan", []string{"2019-08-12T17:00:00+08:00"}, []string{"2019-08-12T08:59:59Z"}, true},
		{"DateLessThan", []string{"2019-08-12T17:00:00+08:00"}, []string{"2019-08-12T09:00:00Z"}, false},
		{"DateLessThan", []string{"2019-08-12T17:00:00+08:00"}, []string{"yesterday"}, false},
		{"DateLessThan", []string{"2019-08-12T17:00:00+08:00"}, nil, false},
		{"DateLessThanEquals", []string{"2019-08-12T17:00:00+08:00"}, []string{"2019-08-12T09:00:00Z"}, true},
		{"DateEquals", []string{"2019-08-12T17:00:00+08:00"}, []string{"2019-08-12T04:00:00-05:00"}, true},
		{"DateEquals", []string{"2012-11-11T23:59:59Z"}, []string{"2012-11-11T23:59:59.000000001Z"}, false},
		{"DateNotEquals", []string{"2012-11-11T23:59:59Z"}, []string{"2012-11-11T23:59:59.5Z"}, true},
		{"DateNotEquals", []string{"2012-11-11T23:59:59Z"}, []string{"2012-11-11t23:59:59z"}, false},
		{"DateNotEquals", []string{"2012-11-11T23:59:59Z"}, []string{"not a date"}, true},
		{"DateNotEquals", []string{"2012-11-11T23:59:59Z"}, nil, true},
		{"DateGreaterThan", []string{"2012-11-11T23:59:59Z"}, []string{"2012-11-11T23:59:59.5Z"}, true},
		{"DateGreaterThan", []string{"2012-11-11T23:59:59Z"}, []string{"2012-11-12T00:00:00+01:00"}, false},
		{"DateGreaterThanEquals", []string{"2012-11-11T23:59:59Z"}, []string{"2012-11-12T00:59:59+01:00"}, true},
		{"DateGreaterThanEquals", []string{"2000-02-29T00:00:00Z"}, []string{"2100-02-29T00:00:00Z"}, false},
		// Bool.
		{"Bool", []string{"true"}, []string{"true"}, true},
		{"Bool", []string{"true"}, []string{"TRUE"}, true},
		{"Bool", []string{"true"}, []string{"false"}, false},
		{"Bool", []string{"false"}, []string{"false"}, true},
		{"Bool", []string{"true"}, []string{"1"}, false},
		{"Bool", []string{"true"}, nil, false},
		// IP addresses.
		{"IpAddress", []string{"10.0.0.0/8"}, []string{"10.1.2.3"}, true},
		{"IpAddress", []string{"10.0.0.0/8"}, []string{"11.0.0.1"}, false},
		{"IpAddress", []string{"192.168.0.1"}, []string{"192.168.0.1"}, true},
		{"IpAddress", []string{"192.168.0.1"}, []string{"192.168.0.2"}, false},
		{"IpAddress", []string{"116.62.1.1/24"}, []string{"116.62.1.200"}, true},
		{"IpAddress", []string{"2001:db8::/32"}, []string{"2001:db8::1"}, true},
		{"IpAddress", []string{"2001:db8::/32"}, []string{"2001:db9::1"}, false},
		{"IpAddress", []string{"10.0.0.0/8"}, []string{"::ffff:10.0.0.1"}, false},
		{"IpAddress", []string{"10.0.0.0/8", "2001:db8::/32"}, []string{"2001:db8::5"}, true},
		{"IpAddress", []string{"10.0.0.0/8"}, []string{"10.0.0.0/8"}, false},
		{"IpAddress", []string{"10.0.0.0/8"}, nil, false},
		{"NotIpAddress", []string{"10.0.0.0/8"}, []string{"11.0.0.1"}, true},
		{"NotIpAddress", []string{"10.0.0.0/8"}, []string{"10.0.0.1"}, false},
		{"NotIpAddress", []string{"10.0.0.0/8"}, []string{"garbage"}, true},
		{"NotIpAddress", []string{"10.0.0.0/8"}, nil, true},
		// Several request values, without a qualifier: some request value matches some policy
		// value; negated operators hold when none does.
		{"StringEquals", []string{"a", "b"}, []string{"c", "a"}, true},
		{"StringEquals", []string{"a", "b"}, []string{"c", "d"}, false},
		{"StringNotEquals", []string{"a"}, []string{"a", "b"}, false},
		{"StringNotEquals", []string{"a"}, []string{"c", "b"}, true},
		// ForAnyValue: some request value satisfies the operator.
		{"ForAnyValue:StringEquals", []string{"a"}, []string{"c", "a"}, true},
		{"ForAnyValue:StringEquals", []string{"a"}, []string{"c"}, false},
		{"ForAnyValue:StringEquals", []string{"a"}, nil, false},
		{"ForAnyValue:StringNotEquals", []string{"a"}, []string{"a", "b"}, true},
		{"ForAnyValue:StringNotEquals", []string{"a"}, []string{"a"}, false},
		{"ForAnyValue:StringNotEquals", []string{"a"}, nil, true},
		{"ForAnyValue:NotIpAddress", []string{"10.0.0.0/8"}, []string{"10.0.0.1", "8.8.8.8"}, true},
		{"ForAnyValue:NumericGreaterThan", []string{"5"}, []string{"x", "6"}, true},
		// ForAllValues: every request value satisfies the operator.
		{"ForAllValues:StringEquals", []string{"a", "b"}, []string{"a", "b"}, true},
		{"ForAllValues:StringEquals", []string{"a", "b"}, []string{"a", "c"}, false},
		{"ForAllValues:StringEquals", []string{"a"}, nil, false},
		{"ForAllValues:StringNotEquals", []string{"a"}, []string{"b", "c"}, true},
		{"ForAllValues:StringNotEquals", []string{"a"}, []string{"a", "b"}, false},
		{"ForAllValues:StringNotEquals", []string{"a"}, nil, true},
		{"ForAllValues:NumericLessThan", []string{"10"}, []string{"1", "2"}, true},
		{"ForAllValues:NumericLessThan", []string{"10"}, []string{"1", "20"}, false},
		{"ForAllValues:NumericLessThan", []string{"10"}, []string{"1", "x"}, false},
		{"ForAllValues:StringLike", []string{"tag:*"}, []string{"tag:a", "tag:b"}, true},
		{"ForAllValues:Bool", []string{"true"}, []string{"true", "false"}, false},
		{"ForAllValues:DateLessThan", []string{"2020-01-01T00:00:00Z"}, []string{"2019-01-01T00:00:00Z", "2019-06-01T00:00:00+08:00"}, true},
		{"ForAllValues:IpAddress", []string{"10.0.0.0/8"}, []string{"10.0.0.1", "10.9.9.9"}, true},
	}
	for _, tt := range tests {
		name := tt.op + " " + quote(tt.values[0]) + " vs "
		if tt.req == nil {
			name += "absent"
		} else {
			name += quote(tt.req[0])
		}
		t.Run(name, func(t *testing.T) {
			if got := conditionAllows(t, tt.op, "k:Key", tt.values, "k:Key", tt.req); got != tt.want {
				t.Errorf("%s %v against %q = %v, want %v", tt.op, tt.values, tt.req, got, tt.want)
			}
		})
	}
}

// TestConditionKeys checks that keys compare case-insensitively and that a key set with no
// values counts as absent.
func TestConditionKeys(t *testing.T) {
	if !conditionAllows(t, "IpAddress", "acs:SourceIP", []string{"10.0.0.0/8"}, "ACS:sourceip", []string{"10.0.0.1"}) {
		t.Errorf("condition key did not match a request key that differs only in case")
	}
	if conditionAllows(t, "StringEquals", "k:a", []string{"x"}, "k:a", []string{}) {
		t.Errorf("StringEquals held for a key with no values")
	}
	if !conditionAllows(t, "StringNotEquals", "k:a", []string{"x"}, "k:a", []string{}) {
		t.Errorf("StringNotEquals failed for a key with no values")
	}
}

// TestConditionsCombine checks that keys and operators are AND-ed.
func TestConditionsCombine(t *testing.T) {
	const cond = `"Condition":{"StringEquals":{"k:a":"1","k:b":["2","3"]},"Bool":{"acs:SecureTransport":"true"}}`
	tests := []struct {
		name string
		ctx  map[string]string
		want bool
	}{
		{"all hold", map[string]string{"k:a": "1", "k:b": "3", "acs:SecureTransport": "true"}, true},
		{"second key fails", map[string]string{"k:a": "1", "k:b": "4", "acs:SecureTransport": "true"}, false},
		{"second operator fails", map[string]string{"k:a": "1", "k:b": "2", "acs:SecureTransport": "false"}, false},
		{"key absent", map[string]string{"k:a": "1", "acs:SecureTransport": "true"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &policy.Request{Action: "ecs:X", Resource: "r"}
			for k, v := range tt.ctx {
				req.Context.Set(k, v)
			}
			if got := allowsWith(t, `"Action":"*","Resource":"*",`+cond, req); got != tt.want {
				t.Errorf("allowed = %v, want %v", got, tt.want)
			}
		})
	}
}
