package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
)

// dependentServiceRow is one entry of GET /authz/v1/dependent-services.
type dependentServiceRow struct {
	Module, Service, RoleName, RoleType, RoleArn, ServiceName, RolePolicy, ActivationPolicy, Action string
	Authorized, Activated                                                                           bool
}

// authzCall sends a request to Rampart's own /authz/v1 API with the SDK's CommonRequest, signed
// with c (a JSON body when body is not nil), and returns the status and the raw body.
func authzCall(t *testing.T, s *apiServer, c credentials, method, path string, body any) (int, []byte) {
	t.Helper()
	var client *sdk.Client
	var err error
	if c.token != "" {
		client, err = sdk.NewClientWithStsToken("cn-hangzhou", c.id, c.secret, c.token)
	} else {
		client, err = sdk.NewClientWithAccessKey("cn-hangzhou", c.id, c.secret)
	}
	if err != nil {
		t.Fatal(err)
	}
	req := requests.NewCommonRequest()
	req.Method, req.PathPattern = method, path
	req.Domain, req.Port, _ = strings.Cut(s.host, ":")
	if body != nil {
		req.SetContent([]byte(mustJSON(t, body)))
		req.SetContentType("application/json")
	}
	resp, err := client.ProcessCommonRequest(req)
	if resp == nil || resp.GetHttpStatus() == 0 {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.GetHttpStatus(), resp.GetHttpContentBytes()
}

// dependentServices reads the status as c and returns its rows by "Module/Service".
func dependentServices(t *testing.T, s *apiServer, c credentials) map[string]dependentServiceRow {
	t.Helper()
	status, body := authzCall(t, s, c, "GET", "/authz/v1/dependent-services", nil)
	var out struct {
		RequestId         string
		DependentServices []dependentServiceRow
	}
	if err := json.Unmarshal(body, &out); status != 200 || err != nil || !requestIDRE.MatchString(out.RequestId) {
		t.Fatalf("dependent-services: %d %s", status, body)
	}
	rows := map[string]dependentServiceRow{}
	for _, r := range out.DependentServices {
		rows[r.Module+"/"+r.Service] = r
	}
	return rows
}

// wantAPIError checks an error answer of the /authz/v1 API and returns its message.
func wantAPIError(t *testing.T, what string, status int, body []byte, wantStatus int, wantCode string) string {
	t.Helper()
	var e struct{ Code, Message string }
	if err := json.Unmarshal(body, &e); err != nil || status != wantStatus || e.Code != wantCode {
		t.Fatalf("%s: %d %s; want %d %s", what, status, body, wantStatus, wantCode)
	}
	return e.Message
}

// TestDependentServicesAPI: Activation & Authorization through the API with the SDK's
// CommonRequest — the status before and after, activation allowed and denied, Authorize by a
// holder of AliyunPAIFullAccess (EAS's service-linked role only), and every row of the seed's
// table authorized by the root.
func TestDependentServicesAPI(t *testing.T) {
	s := startAPI(t)

	before := dependentServices(t, s, s.root)
	if len(before) != 22 {
		t.Fatalf("%d rows; the seed's table has 22", len(before))
	}
	eas := before["EAS/OSS"]
	if eas.Authorized || eas.Action != "Authorize" || eas.RoleName != "AliyunServiceRoleForPaiEas" || eas.RoleType != "ServiceLinkedRole" ||
		eas.ServiceName != "eas.pai.aliyuncs.com" || eas.RolePolicy != "AliyunServiceRolePolicyForPaiEas" || eas.ActivationPolicy != "AliyunOSSFullAccess" ||
		eas.RoleArn != "acs:ram::"+s.account+":role/aliyunserviceroleforpaieas" {
		t.Errorf("EAS/OSS before: %+v", eas)
	}
	if mc := before["Designer/MaxCompute"]; mc.ActivationPolicy != "AliyunBSSOrderAccess, AliyunDataWorksFullAccess" || mc.RoleType != "ServiceRole" {
		t.Errorf("Designer/MaxCompute: %+v", mc)
	}

	// Reading the status takes ram:ListRoles.
	_, nobody := newUserWithKey(t, s, "nobody")
	status, body := authzCall(t, s, nobody, "GET", "/authz/v1/dependent-services", nil)
	wantAPIError(t, "status without ram:ListRoles", status, body, 403, "NoPermission")
	reader, readerKey := newUserWithKey(t, s, "reader")
	attach(t, s, "System", "AliyunRAMReadOnlyAccess", reader)
	if rows := dependentServices(t, s, readerKey); len(rows) != 22 {
		t.Errorf("AliyunRAMReadOnlyAccess reads %d rows", len(rows))
	}

	// Activation: denied with the missing policies named, then allowed.
	status, body = authzCall(t, s, nobody, "POST", "/authz/v1/activations", map[string]string{"Service": "MaxCompute"})
	msg := wantAPIError(t, "activating MaxCompute without its policies", status, body, 403, "NoPermission")
	if !strings.Contains(msg, "AliyunBSSOrderAccess and AliyunDataWorksFullAccess") {
		t.Errorf("denial message %q does not name the policies", msg)
	}
	var denial struct{ Recommend string }
	if err := json.Unmarshal(body, &denial); err != nil || !strings.Contains(denial.Recommend, "Grant the system policies AliyunBSSOrderAccess and AliyunDataWorksFullAccess") {
		t.Errorf("denial's Recommend %q does not name the policies to grant (%v)", denial.Recommend, err)
	}
	status, body = authzCall(t, s, nobody, "POST", "/authz/v1/activations", map[string]string{})
	if msg := wantAPIError(t, "activating PAI", status, body, 403, "NoPermission"); !strings.Contains(msg, "AliyunPAIFullAccess") {
		t.Errorf("denial message %q does not name AliyunPAIFullAccess", msg)
	}
	admin, adminKey := newUserWithKey(t, s, "pai-admin")
	attach(t, s, "System", "AliyunPAIFullAccess", admin)
	status, body = authzCall(t, s, adminKey, "POST", "/authz/v1/activations", map[string]string{"Service": "PAI"})
	var act struct {
		Activation struct{ Service, ActivatedBy, ActivateDate string }
		Roles      []struct {
			RoleName      string
			Authorized    bool
			Code, Message string
		}
	}
	if err := json.Unmarshal(body, &act); status != 200 || err != nil || act.Activation.Service != "PAI" ||
		act.Activation.ActivatedBy != "acs:ram::"+s.account+":user/pai-admin" || !expirationRE.MatchString(act.Activation.ActivateDate) {
		t.Errorf("activating PAI with AliyunPAIFullAccess: %d %s", status, body)
	}
	// Activating PAI completes what authorization the caller may: EAS's service-linked role.
	if len(act.Roles) < 2 {
		t.Errorf("activating PAI reported roles %+v", act.Roles)
	}
	for _, r := range act.Roles {
		if eas := r.RoleName == "AliyunServiceRoleForPaiEas"; r.Authorized != eas || !eas && r.Code != "NoPermission" {
			t.Errorf("activating PAI with AliyunPAIFullAccess: %+v", r)
		}
	}
	if r := dependentServices(t, s, s.root)["EAS/OSS"]; !r.Authorized {
		t.Errorf("EAS/OSS after activating PAI: %+v", r)
	}

	// Authorize: AliyunPAIFullAccess creates EAS's service-linked role, and no other role.
	status, body = authzCall(t, s, adminKey, "POST", "/authz/v1/dependent-services/authorize", map[string]string{"Module": "EAS", "Service": "OSS"})
	var authorized struct{ DependentService dependentServiceRow }
	if err := json.Unmarshal(body, &authorized); status != 200 || err != nil || !authorized.DependentService.Authorized ||
		authorized.DependentService.Action != "View Authorization" {
		t.Errorf("authorizing EAS/OSS: %d %s", status, body)
	}
	status, body = authzCall(t, s, adminKey, "POST", "/authz/v1/dependent-services/authorize", map[string]string{"Module": "AutoML", "Service": "OSS"})
	wantAPIError(t, "authorizing AutoML/OSS with AliyunPAIFullAccess", status, body, 403, "NoPermission")
	status, body = authzCall(t, s, s.root, "POST", "/authz/v1/dependent-services/authorize", map[string]string{"Module": "EAS", "Service": "NAS"})
	wantAPIError(t, "a service EAS does not use", status, body, 404, "EntityNotExist.DependentService")

	// EAS's one role serves OSS, SLS and VPC; API Gateway and Cloud Monitor need activation only.
	after := dependentServices(t, s, s.root)
	for _, key := range []string{"EAS/OSS", "EAS/SLS", "EAS/VPC"} {
		if r := after[key]; !r.Authorized || r.Action != "View Authorization" {
			t.Errorf("%s after authorizing EAS/OSS: %+v", key, r)
		}
	}
	if r := after["EAS/API Gateway"]; r.Authorized || r.RoleName != "" {
		t.Errorf("EAS/API Gateway: %+v", r)
	}

	// The root authorizes every row of the seed's table, through the API.
	for key := range before {
		module, service, _ := strings.Cut(key, "/")
		status, body := authzCall(t, s, s.root, "POST", "/authz/v1/dependent-services/authorize", map[string]string{"Module": module, "Service": service})
		if status != 200 {
			t.Errorf("authorizing %s: %d %s", key, status, body)
		}
	}
	for key, r := range dependentServices(t, s, s.root) {
		if !r.Authorized || r.Action != "View Authorization" {
			t.Errorf("%s after authorizing every row: %+v", key, r)
		}
	}
	status, body = authzCall(t, s, s.root, "GET", "/authz/v1/activations", nil)
	var acts struct{ Activations []struct{ Service string } }
	if err := json.Unmarshal(body, &acts); status != 200 || err != nil || len(acts.Activations) != 5 {
		// PAI, and the four services no role serves: Flink, API Gateway, Cloud Monitor, ACR.
		t.Errorf("activations: %d %s", status, body)
	}
}

// TestDatasetAccelerationDecisions: dataset acceleration takes AliyunPAIFullAccess and
// AliyunDatasetAccFullAccess (the seed), since it uses PAI's datasets and DatasetAcc's slots;
// other sub-service features take only the member's workspace role, and no workspace role
// grants dataset acceleration.
func TestDatasetAccelerationDecisions(t *testing.T) {
	s := startAPI(t)
	for _, u := range []struct {
		name     string
		policies []string
	}{
		{"both", []string{"AliyunPAIFullAccess", "AliyunDatasetAccFullAccess"}},
		{"acc-only", []string{"AliyunDatasetAccFullAccess"}},
		{"pai-only", []string{"AliyunPAIFullAccess"}},
		{"member", nil},
	} {
		newUserWithKey(t, s, u.name)
		for _, p := range u.policies {
			attach(t, s, "System", p, u.name)
		}
	}
	ws := createWorkspace(t, s, s.root, "accel_ws")
	addMember(t, s, s.root, ws, userID(t, s, "member"), "PAI.AlgoDeveloper")

	slot := "acs:datasetacc:cn-hangzhou:" + s.account + ":slot/*"
	dataset := "acs:paidataset:cn-hangzhou:" + s.account + ":dataset/*"
	inWS := func(kind string) string {
		return "acs:" + kind + ":cn-hangzhou:" + s.account + ":workspace/" + ws + "/*"
	}
	tests := []struct {
		user, action, resource, workspace, want string
	}{
		{"both", "datasetacc:CreateSlot", slot, "", "Allow"},
		{"both", "paidataset:CreateDataset", dataset, "", "Allow"},
		{"acc-only", "datasetacc:CreateSlot", slot, "", "Allow"},
		{"acc-only", "paidataset:CreateDataset", dataset, "", "ImplicitDeny"},
		{"pai-only", "datasetacc:CreateSlot", slot, "", "ImplicitDeny"},
		{"pai-only", "paidataset:CreateDataset", dataset, "", "Allow"},
		{"member", "paidlc:CreateJob", inWS("paidlc"), ws, "Allow"},
		{"member", "paidsw:CreatePostPaidInstance", inWS("paidsw"), ws, "Allow"},
		{"member", "datasetacc:CreateSlot", inWS("datasetacc"), ws, "ImplicitDeny"},
		{"member", "datasetacc:CreateSlot", slot, "", "ImplicitDeny"},
	}
	for _, tt := range tests {
		check := map[string]any{"principal": "acs:ram::" + s.account + ":user/" + tt.user, "action": tt.action, "resource": tt.resource}
		if tt.workspace != "" {
			check["workspaceId"] = tt.workspace
		}
		status, out := decide(t, s, s.root, "/authz/v1/check", check)
		if status != 200 || out["decision"] != tt.want {
			t.Errorf("%s %s on %s: %d %v; want %s", tt.user, tt.action, tt.resource, status, out, tt.want)
		}
	}
}
