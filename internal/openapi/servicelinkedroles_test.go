package openapi_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/ram"
)

// slrRAM answers the service-linked-role actions with canned data.
type slrRAM struct {
	fakeRAM
	status ram.DeletionStatus
}

func (f *slrRAM) CreateServiceLinkedRole(_ context.Context, _ *authz.Caller, in ram.CreateServiceLinkedRoleInput) (ram.Role, error) {
	f.last = in
	return ram.Role{ID: "3000000000000001", Name: "AliyunServiceRoleForPaiEas", ARN: "acs:ram::" + account + ":role/aliyunserviceroleforpaieas",
		ServiceName: in.ServiceName, MaxSessionDuration: 3600, CreateDate: created, UpdateDate: created}, f.err
}

func (f *slrRAM) DeleteServiceLinkedRole(_ context.Context, _ *authz.Caller, in ram.RoleInput) (string, error) {
	f.last = in
	return "task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/1", f.err
}

func (f *slrRAM) GetServiceLinkedRoleDeletionStatus(_ context.Context, _ *authz.Caller, in ram.DeletionTaskInput) (ram.DeletionStatus, error) {
	f.last = in
	return f.status, f.err
}

// TestServiceLinkedRoleWire: the bodies have the shapes of the SDK's services/resourcemanager.
func TestServiceLinkedRoleWire(t *testing.T) {
	const rm = "AccessKeyId=good&Version=2020-03-31&Action="
	tests := []struct {
		name   string
		query  string
		status ram.DeletionStatus
		want   string
	}{
		{"create", rm + "CreateServiceLinkedRole&ServiceName=eas.pai.aliyuncs.com", ram.DeletionStatus{},
			`{"Role":{"RoleId":"3000000000000001","RoleName":"AliyunServiceRoleForPaiEas","Arn":"acs:ram::1234567890123456:role/aliyunserviceroleforpaieas",` +
				`"MaxSessionDuration":3600,"CreateDate":"2015-01-23T12:33:18Z","UpdateDate":"2015-01-23T12:33:18Z","IsServiceLinkedRole":true}}`},
		{"delete", rm + "DeleteServiceLinkedRole&RoleName=AliyunServiceRoleForPaiEas", ram.DeletionStatus{},
			`{"DeletionTaskId":"task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/1"}`},
		{"succeeded", rm + "GetServiceLinkedRoleDeletionStatus&DeletionTaskId=t", ram.DeletionStatus{Status: "SUCCEEDED"},
			`{"Status":"SUCCEEDED"}`},
		{"failed", rm + "GetServiceLinkedRoleDeletionStatus&DeletionTaskId=t",
			ram.DeletionStatus{Status: "FAILED", Message: "in use", Usages: []ram.RoleUsage{{Region: "cn-hangzhou", Resources: []string{"a", "b"}}}},
			`{"Status":"FAILED","Reason":{"Message":"in use","RoleUsages":{"RoleUsage":[{"Region":"cn-hangzhou","Resources":{"Resource":["a","b"]}}]}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &slrRAM{status: tt.status}
			h, err := openapi.New(openapi.Options{Auth: fakeAuth{}, RAM: f, STS: &fakeSTS{}, Logger: discard()})
			if err != nil {
				t.Fatal(err)
			}
			w := do(h, tt.query, "")
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			var got, want map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			delete(got, "RequestId")
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}
