package e2e_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/aiworkspace"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// The consistency token through the official SDK on one node: a write answers with the revision
// it committed (X-Rampart-Revision, read with GetHttpHeaders), a request sent with that revision
// as X-Rampart-Min-Revision is answered, and one sent with a revision the node never reaches gets
// ServiceUnavailable.Lagging once --consistency-wait has passed, in RAM's error shape (JSON or
// XML) and in the AIWorkspace API's; a malformed token is InvalidParameter.MinRevision.
func TestConsistencyTokenThroughSDK(t *testing.T) {
	wait := 300 * time.Millisecond
	s := startAPI(t, "--consistency-wait", wait.String())
	client := s.ramClient(t, s.root)

	create := ram.CreateCreateUserRequest()
	create.UserName = "token-alice"
	written, err := writeRevision(call(t, client.CreateUser, create))
	if err != nil {
		t.Fatal(err)
	}

	getAlice := func(format string) *ram.GetUserRequest {
		g := ram.CreateGetUserRequest()
		g.UserName = "token-alice"
		if format != "" {
			g.AcceptFormat = format
		}
		return g
	}
	read := call(t, client.GetUser, atRevision(getAlice(""), written))
	if read.User.UserName != "token-alice" {
		t.Errorf("GetUser at the write's revision = %+v", read.User)
	}
	if rev, err := writeRevision(read); err != nil || rev < written {
		t.Errorf("GetUser reflects revision %d (%v), want at least the write's %d", rev, err, written)
	}

	future := written + 1000
	names := "requested revision " + strconv.FormatInt(future, 10)
	for _, format := range []string{"JSON", "XML"} {
		start := time.Now()
		_, err := client.GetUser(atRevision(getAlice(format), future))
		took := time.Since(start)
		if took < wait {
			t.Errorf("%s: Lagging after %v, before --consistency-wait %v", format, took, wait)
		}
		if format == "JSON" {
			if se := wantError(t, err, 503, "ServiceUnavailable.Lagging"); !strings.Contains(se.Message(), names) {
				t.Errorf("message %q does not name the %s", se.Message(), names)
			}
			continue
		}
		// The SDK decodes only JSON errors; an XML one arrives whole as the message.
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) || se.HttpStatus() != 503 ||
			!strings.Contains(se.Message(), "<Code>ServiceUnavailable.Lagging</Code>") || !strings.Contains(se.Message(), names) {
			t.Errorf("XML: err = %v, want 503 with <Code>ServiceUnavailable.Lagging</Code> naming the %s", err, names)
		}
	}

	malformed := getAlice("")
	malformed.GetHeaders()["X-Rampart-Min-Revision"] = "latest"
	_, err = client.GetUser(malformed)
	wantError(t, err, 400, "InvalidParameter.MinRevision")

	// The AIWorkspace API (ROA): a write's revision, and Lagging in its JSON errors.
	pai := s.paiClient(t, s.root)
	cw := aiworkspace.CreateCreateWorkspaceRequest()
	cw.Body = mustJSON(t, map[string]any{"WorkspaceName": "token_ws", "Description": "e2e", "EnvTypes": []string{"prod"}})
	wsRev, err := writeRevision(call(t, pai.CreateWorkspace, cw))
	if err != nil {
		t.Fatal(err)
	}
	if wsRev <= written {
		t.Errorf("CreateWorkspace at revision %d, not after CreateUser's %d", wsRev, written)
	}
	list := aiworkspace.CreateListWorkspacesRequest()
	call(t, pai.ListWorkspaces, atRevision(list, wsRev))
	list = aiworkspace.CreateListWorkspacesRequest()
	_, err = pai.ListWorkspaces(atRevision(list, wsRev+1000))
	wantError(t, err, 503, "ServiceUnavailable.Lagging")
}
