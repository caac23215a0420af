package e2e_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

// v3Client is a client of Alibaba Cloud's newer SDKs (darabonba-openapi v2, the base of every
// github.com/alibabacloud-go product client), which signs with V3 (ACS3-HMAC-SHA256) by default.
func (s *apiServer) v3Client(t *testing.T, c credentials) *openapi.Client {
	t.Helper()
	cfg := &openapi.Config{AccessKeyId: dara.String(c.id), AccessKeySecret: dara.String(c.secret),
		Endpoint: dara.String(s.host), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou")}
	if c.token != "" {
		cfg.SecurityToken = dara.String(c.token)
	}
	client, err := openapi.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// v3RPC calls an RPC action (RAM's or STS's) with the V3 client, the parameters in the query
// string as the product SDKs put them.
func v3RPC(client *openapi.Client, version, action string, query map[string]string) (map[string]any, error) {
	q := map[string]*string{}
	for k, v := range query {
		q[k] = dara.String(v)
	}
	return client.CallApi(&openapiutil.Params{Action: dara.String(action), Version: dara.String(version),
		Protocol: dara.String("HTTP"), Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
		Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json")},
		&openapiutil.OpenApiRequest{Query: q}, &dara.RuntimeOptions{})
}

// v3Body returns a function taking a V3 client's answer to its decoded body, failing t on an
// error: v3Body(t)(v3RPC(...)).
func v3Body(t *testing.T) func(map[string]any, error) map[string]any {
	return func(out map[string]any, err error) map[string]any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := out["body"].(map[string]any)
		if body == nil {
			t.Fatalf("no body in %v", out)
		}
		return body
	}
}

// v3Error is the HTTP status and code of a V3 client's error.
func v3Error(err error) (int, string) {
	var sdk *tea.SDKError
	if errors.As(err, &sdk) {
		return dara.IntValue(sdk.StatusCode), dara.StringValue(sdk.Code)
	}
	return 0, ""
}

// TestV3Signature drives RAM, STS and AIWorkspace with the newer SDKs' client, which signs
// with V3: long-term keys and STS tokens, RPC and ROA, and the refusals of a wrong secret and
// of a replayed request.
func TestV3Signature(t *testing.T) {
	a := newSTSAccount(t, startAPI(t))
	root := a.v3Client(t, a.root)

	t.Run("RAM", func(t *testing.T) {
		created := v3Body(t)(v3RPC(root, "2015-05-01", "CreateUser", map[string]string{"UserName": "vera", "DisplayName": "Vera V3"}))
		if u, _ := created["User"].(map[string]any); u["UserName"] != "vera" {
			t.Fatalf("CreateUser: %v", created)
		}
		got := v3Body(t)(v3RPC(root, "2015-05-01", "GetUser", map[string]string{"UserName": "vera"}))
		if u, _ := got["User"].(map[string]any); u["DisplayName"] != "Vera V3" || got["RequestId"] == "" {
			t.Errorf("GetUser: %v", got)
		}
		_, err := v3RPC(root, "2015-05-01", "GetUser", map[string]string{"UserName": "nobody"})
		if status, code := v3Error(err); status != 404 || code != "EntityNotExist.User" {
			t.Errorf("GetUser of a missing user: %d %s (%v)", status, code, err)
		}
	})

	t.Run("STS", func(t *testing.T) {
		body := v3Body(t)(v3RPC(a.v3Client(t, a.alice), "2015-04-01", "AssumeRole",
			map[string]string{"RoleArn": "acs:ram::" + a.account + ":role/admin", "RoleSessionName": "v3"}))
		cr, _ := body["Credentials"].(map[string]any)
		session := credentials{id: cr["AccessKeyId"].(string), secret: cr["AccessKeySecret"].(string), token: cr["SecurityToken"].(string)}
		id := v3Body(t)(v3RPC(a.v3Client(t, session), "2015-04-01", "GetCallerIdentity", nil))
		if id["Arn"] != "acs:ram::"+a.account+":role/admin/v3" || id["IdentityType"] != "AssumedRoleUser" {
			t.Errorf("GetCallerIdentity with the STS token: %v", id)
		}
	})

	t.Run("AIWorkspace", func(t *testing.T) {
		roa := func(method, path string, body any) (map[string]any, error) {
			return root.CallApi(&openapiutil.Params{Action: dara.String("AIWorkspace"), Version: dara.String("2021-02-04"),
				Protocol: dara.String("HTTP"), Pathname: dara.String(path), Method: dara.String(method), AuthType: dara.String("AK"),
				Style: dara.String("ROA"), ReqBodyType: dara.String("json"), BodyType: dara.String("json")},
				&openapiutil.OpenApiRequest{Body: body}, &dara.RuntimeOptions{})
		}
		made := v3Body(t)(roa("POST", "/api/v1/workspaces", map[string]any{"WorkspaceName": "v3_ws", "Description": "signed with V3"}))
		id, _ := made["WorkspaceId"].(string)
		if id == "" {
			t.Fatalf("CreateWorkspace: %v", made)
		}
		got := v3Body(t)(roa("GET", "/api/v1/workspaces/"+id, nil))
		if got["WorkspaceName"] != "v3_ws" || got["Description"] != "signed with V3" {
			t.Errorf("GetWorkspace: %v", got)
		}
	})

	t.Run("wrong secret", func(t *testing.T) {
		_, err := v3RPC(a.v3Client(t, credentials{id: a.root.id, secret: "not the secret"}), "2015-05-01", "ListUsers", nil)
		if status, code := v3Error(err); status != 400 || code != "SignatureDoesNotMatch" {
			t.Errorf("ListUsers with a wrong secret: %d %s (%v)", status, code, err)
		}
	})
}

// captureClient records the requests a V3 client sends instead of sending them.
type captureClient struct{ reqs []*http.Request }

func (c *captureClient) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	c.reqs = append(c.reqs, r)
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Header: http.Header{}, Request: r}, nil
}

// A gateway forwards a request signed with V3 to the decision API, which authenticates it (the
// signature covers the Host, which the forwarded request keeps) and spends its nonce.
func TestV3SignatureForwarded(t *testing.T) {
	s := startAPI(t)
	alice, _ := paiUser(t, s, "alice")
	gw := gateway(t, s)

	capture := &captureClient{}
	client := s.v3Client(t, alice)
	client.HttpClient = capture
	if _, err := v3RPC(client, "2015-05-01", "GetUser", map[string]string{"UserName": "alice"}); err != nil {
		t.Fatal(err)
	}
	forward := forwarded(t, capture.reqs[0])
	forward["headers"].(map[string][]string)["Host"] = []string{capture.reqs[0].Host}
	check := map[string]any{"request": forward, "action": "ram:GetUser", "resource": "acs:ram:*:" + s.account + ":user/alice"}
	aliceARN := "acs:ram::" + s.account + ":user/alice"
	if status, out := decide(t, s, gw, "/authz/v1/check", check); status != 200 || out["principal"] != aliceARN || out["error"] != nil {
		t.Fatalf("forwarded V3 request: %d %v", status, out)
	}
	if _, out := decide(t, s, gw, "/authz/v1/check", check); out["error"].(map[string]any)["code"] != "SignatureNonceUsed" {
		t.Errorf("forwarded twice: %v", out)
	}
}
