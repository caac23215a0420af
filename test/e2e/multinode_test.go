package e2e_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// TestMultiNode runs three nodes on one throwaway PostgreSQL database and holds them to issue
// 8's promise: once a write is acknowledged, no node decides against it for a client that
// passes the write's revision back. Grants made on one node are seen on the others, revokes are
// never honoured late (randomized trials, RAMPART_MULTINODE_TRIALS of them), a signed request
// spent on one node is refused on another, and wrong passwords spread over the nodes lock the
// user as on one node.
func TestMultiNode(t *testing.T) {
	c := startCluster(t, 3)
	w := newGrantWorld(t, c, 16, 4)

	t.Run("GrantSeenEverywhere", func(t *testing.T) { testGrantSeenEverywhere(t, w) })
	t.Run("RevokeNeverHonouredLate", func(t *testing.T) { testRevokeTrials(t, w, envInt("RAMPART_MULTINODE_TRIALS", 400)) })
	t.Run("ReplayOnAnotherNode", func(t *testing.T) { testReplayOnAnotherNode(t, w) })
	t.Run("PasswordSprayAcrossNodes", func(t *testing.T) { testSprayAcrossNodes(t, c) })
}

// grantWorld is a cluster with users and policies to grant them: policy p allows
// oss:GetObject in bucket mn-bucket-<p> and nothing else, so a decision on that bucket tells
// whether the user holds p. It starts with nothing attached.
type grantWorld struct {
	c        *cluster
	users    []string
	policies []string
	decide   decider
}

func newGrantWorld(t *testing.T, c *cluster, users, policies int) *grantWorld {
	t.Helper()
	w := &grantWorld{c: c, decide: decider{hc: &http.Client{Timeout: 10 * time.Second}, as: multiNodeRoot}}
	t.Cleanup(w.decide.hc.CloseIdleConnections)
	n1 := c.nodes[0]
	for p := range policies {
		name := fmt.Sprintf("mn-p%d", p)
		createPolicy(t, n1, name, fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:mn-bucket-%d/*"}]}`, p))
		w.policies = append(w.policies, name)
	}
	root := n1.ramClient(t, n1.root)
	for u := range users {
		req := ram.CreateCreateUserRequest()
		req.UserName = fmt.Sprintf("mn-u%d", u)
		call(t, root.CreateUser, req)
		w.users = append(w.users, req.UserName)
	}
	return w
}

// checkOf is the decision API check that answers Allow exactly when user u holds policy p.
func (w *grantWorld) checkOf(u, p int) map[string]any {
	account := w.c.nodes[0].account
	return map[string]any{
		"principal": "acs:ram::" + account + ":user/" + w.users[u],
		"action":    "oss:GetObject",
		"resource":  fmt.Sprintf("acs:oss:*:%s:mn-bucket-%d/object", account, p),
	}
}

// grant attaches (or, with attach false, detaches) policy p to user u through client's node, as
// the root, and returns the revision the write reports.
func (w *grantWorld) grant(client *ram.Client, u, p int, attach bool) (int64, error) {
	return setAttached(client, w.users[u], w.policies[p], attach)
}

// setAttached attaches or detaches a custom policy and returns the write's revision.
func setAttached(client *ram.Client, user, policy string, attach bool) (int64, error) {
	if attach {
		req := ram.CreateAttachPolicyToUserRequest()
		req.PolicyType, req.PolicyName, req.UserName = "Custom", policy, user
		resp, err := client.AttachPolicyToUser(req)
		if err != nil {
			return 0, fmt.Errorf("attach %s to %s: %w", policy, user, err)
		}
		return writeRevision(resp)
	}
	req := ram.CreateDetachPolicyFromUserRequest()
	req.PolicyType, req.PolicyName, req.UserName = "Custom", policy, user
	resp, err := client.DetachPolicyFromUser(req)
	if err != nil {
		return 0, fmt.Errorf("detach %s from %s: %w", policy, user, err)
	}
	return writeRevision(resp)
}

// policiesOf lists user u's policies on a node, answered from revision rev or later.
func (w *grantWorld) policiesOf(client *ram.Client, u int, rev int64) ([]string, error) {
	req := atRevision(ram.CreateListPoliciesForUserRequest(), rev)
	req.UserName = w.users[u]
	resp, err := client.ListPoliciesForUser(req)
	if err != nil {
		return nil, fmt.Errorf("list policies of %s: %w", w.users[u], err)
	}
	var names []string
	for _, p := range resp.Policies.Policy {
		names = append(names, p.PolicyName)
	}
	return names, nil
}

// testGrantSeenEverywhere grants on node 1 and asks nodes 2 and 3 at once, with the write's
// revision: through the decision API (the token as the minRevision field and as the header),
// through a RAM read, and through the user's own call to an API the grant allows. Then it revokes
// on node 2 and asks nodes 1 and 3 the same way.
func testGrantSeenEverywhere(t *testing.T, w *grantWorld) {
	nodes := w.c.nodes
	const u, p = 0, 0
	// The user calls RAM's GetUser itself: allowed by mn-read only.
	createPolicy(t, nodes[0], "mn-read", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]}`)
	ck := ram.CreateCreateAccessKeyRequest()
	ck.UserName = w.users[u]
	key := call(t, nodes[0].ramClient(t, nodes[0].root).CreateAccessKey, ck).AccessKey
	user := credentials{id: key.AccessKeyId, secret: key.AccessKeySecret}

	for _, step := range []struct {
		name   string
		writer int
		attach bool
		want   string
	}{
		{"grant on node 1", 0, true, "Allow"},
		{"revoke on node 2", 1, false, "ImplicitDeny"},
		{"grant again on node 3", 2, true, "Allow"},
		{"revoke again on node 1", 0, false, "ImplicitDeny"},
	} {
		writer := nodes[step.writer].ramClient(t, nodes[step.writer].root)
		if _, err := setAttached(writer, w.users[u], "mn-read", step.attach); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		rev, err := w.grant(writer, u, p, step.attach) // the later write: its revision covers both
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		for i, n := range nodes {
			if i == step.writer {
				continue
			}
			for _, token := range []int{tokenField, tokenHeader} {
				got, err := w.decide.check(n.URL, w.checkOf(u, p), rev, token)
				if err != nil || got.Decision != step.want || got.Revision < rev {
					t.Errorf("%s, then node %d (token %d) with revision %d: %+v %v, want %s at revision %d or later",
						step.name, i+1, token, rev, got, err, step.want, rev)
				}
			}
			names, err := w.policiesOf(n.ramClient(t, n.root), u, rev)
			if err != nil || strings.Contains(strings.Join(names, ","), w.policies[p]) != step.attach {
				t.Errorf("%s, then node %d lists %v %v at revision %d", step.name, i+1, names, err, rev)
			}
			get := atRevision(ram.CreateGetUserRequest(), rev)
			get.UserName = w.users[u]
			_, err = n.ramClient(t, user).GetUser(get)
			if step.attach && err != nil {
				t.Errorf("%s, then the user's GetUser on node %d at revision %d: %v", step.name, i+1, rev, err)
			}
			if !step.attach && (err == nil || !strings.Contains(err.Error(), "NoPermission")) {
				t.Errorf("%s, then the user's GetUser on node %d at revision %d: %v, want NoPermission", step.name, i+1, rev, err)
			}
		}
	}
}

// testReplayOnAnotherNode spends a signed request on node 1 and sends it again to nodes 2 and 3:
// an RPC call signed by the SDK (SignatureNonce) and a decision API call signed with a ROA nonce.
func testReplayOnAnotherNode(t *testing.T, w *grantWorld) {
	nodes := w.c.nodes
	capture := &captureTransport{}
	sdk := nodes[0].ramClient(t, nodes[0].root)
	sdk.SetTransport(capture)
	get := ram.CreateGetUserRequest()
	get.UserName = w.users[0]
	sdk.GetUser(get)
	signed := capture.reqs[0]
	for i, n := range nodes {
		signed.URL.Host = n.host // the signature does not cover the host
		status, body := send(t, signed)
		switch {
		case i == 0 && status != http.StatusOK:
			t.Fatalf("RPC on node 1: %d %s", status, body)
		case i > 0 && (status != http.StatusBadRequest || !strings.Contains(body, `"Code":"SignatureNonceUsed"`)):
			t.Errorf("RPC replayed on node %d: %d %s, want 400 SignatureNonceUsed", i+1, status, body)
		}
	}

	roa := &client.Client{AccessKeyID: multiNodeRoot.id, AccessKeySecret: secrets.Secret(multiNodeRoot.secret)}
	body := []byte(mustJSON(t, w.checkOf(0, 0)))
	req, err := http.NewRequest(http.MethodPost, nodes[0].URL+"/authz/v1/check", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := roa.SignROA(req, body, "application/json"); err != nil {
		t.Fatal(err)
	}
	if req.Header.Get("x-acs-signature-nonce") == "" {
		t.Fatal("the ROA request carries no nonce to replay")
	}
	for i, n := range nodes {
		status, answer := postSigned(t, n.URL+"/authz/v1/check", req.Header, body)
		switch {
		case i == 0 && status != http.StatusOK:
			t.Fatalf("ROA on node 1: %d %s", status, answer)
		case i > 0 && (status != http.StatusBadRequest || !strings.Contains(answer, `"Code":"SignatureNonceUsed"`)):
			t.Errorf("ROA replayed on node %d: %d %s, want 400 SignatureNonceUsed", i+1, status, answer)
		}
	}
}

// testSprayAcrossNodes spreads wrong passwords for one user over the three nodes: the account's
// limit of three failures locks the user as on one node, and the right password is then refused
// on every node.
func testSprayAcrossNodes(t *testing.T, c *cluster) {
	n1 := c.nodes[0]
	root := n1.ramClient(t, n1.root)
	sp := ram.CreateSetPasswordPolicyRequest()
	sp.MaxLoginAttemps = requests.NewInteger(3)
	call(t, root.SetPasswordPolicy, sp)
	cu := ram.CreateCreateUserRequest()
	cu.UserName = "mn-spray"
	call(t, root.CreateUser, cu)
	const password = "Spray-Pa55word!"
	cp := ram.CreateCreateLoginProfileRequest()
	cp.UserName, cp.Password = "mn-spray", password
	call(t, root.CreateLoginProfile, cp)

	browser := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	logon := func(node int, password string) (int, string) {
		resp, err := browser.PostForm(c.nodes[node].URL+"/console/logon", url.Values{"logon_name": {"mn-spray@" + n1.account}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if status, body := logon(1, password); status != http.StatusSeeOther {
		t.Fatalf("logon with the right password on node 2: %d\n%.500s", status, body)
	}
	for i, want := range []string{"The logon name or password is incorrect.", "The logon name or password is incorrect.", "Too many failed logon attempts."} {
		if status, body := logon(i, "Wrong-Pa55word"); status != http.StatusUnauthorized || !strings.Contains(body, want) {
			t.Errorf("wrong password %d, on node %d: %d, want 401 %q\n%.500s", i+1, i+1, status, want, body)
		}
	}
	for i := range c.nodes {
		if status, body := logon(i, password); status != http.StatusUnauthorized || !strings.Contains(body, "Too many failed logon attempts.") {
			t.Errorf("the right password on node %d after the spray: %d, want 401 locked\n%.500s", i+1, status, body)
		}
	}
}

// postSigned posts body with the headers of a request signed elsewhere.
func postSigned(t *testing.T, url string, h http.Header, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(answer)
}
