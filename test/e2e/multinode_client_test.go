package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
)

// The consistency token of issue 8 as a client uses it: a write answers with the revision it
// committed (X-Rampart-Revision), and a later request anywhere passes it back, as the
// X-Rampart-Min-Revision header or the decision API's minRevision field, so that no node answers
// it from an older state.

// writeRevision is the revision a write's response reports in X-Rampart-Revision.
func writeRevision(resp responses.AcsResponse) (int64, error) {
	h := resp.GetHttpHeaders()["X-Rampart-Revision"]
	if len(h) != 1 {
		return 0, fmt.Errorf("write response has X-Rampart-Revision %q, want one revision", h)
	}
	rev, err := strconv.ParseInt(h[0], 10, 64)
	if err != nil || rev <= 0 {
		return 0, fmt.Errorf("write response has X-Rampart-Revision %q, want a positive integer", h[0])
	}
	return rev, nil
}

// atRevision asks, through X-Rampart-Min-Revision, that an SDK request be answered from
// revision rev or later.
func atRevision[R requests.AcsRequest](req R, rev int64) R {
	req.GetHeaders()["X-Rampart-Min-Revision"] = strconv.FormatInt(rev, 10)
	return req
}

// decider calls the decision API, signed as the SDK signs ROA calls (no nonce, so a check costs
// the store nothing), over keep-alive connections.
type decider struct {
	hc *http.Client
	as credentials // the root, or a user granted rampart:Authorize
}

// answer is what the decision API says about one check, or the error it answers with.
type answer struct {
	Status   int    `json:"-"`
	Decision string `json:"decision"`
	Revision int64  `json:"revision"`
	Code     string `json:"Code"` // ServiceUnavailable.Lagging, ...
	Message  string `json:"Message"`
}

// How a check carries its consistency token.
const (
	tokenNone   = iota // answer from the node's current snapshot
	tokenField         // the check's minRevision field
	tokenHeader        // the X-Rampart-Min-Revision header
)

// check posts one check to the node at base, carrying rev as token says.
func (d decider) check(base string, check map[string]any, rev int64, token int) (answer, error) {
	if token == tokenField {
		check = withField(check, "minRevision", rev)
	}
	body, err := json.Marshal(check)
	if err != nil {
		return answer{}, err
	}
	req, err := http.NewRequest(http.MethodPost, base+"/authz/v1/check", bytes.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	if token == tokenHeader {
		req.Header.Set("X-Rampart-Min-Revision", strconv.FormatInt(rev, 10))
	}
	signLikeSDK(req, body, d.as)
	resp, err := d.hc.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	a := answer{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("check answered %d %q: %v", resp.StatusCode, raw, err)
	}
	if a.Status == http.StatusOK && a.Decision == "" || a.Status != http.StatusOK && a.Code == "" {
		return a, fmt.Errorf("check answered %d %s", resp.StatusCode, raw)
	}
	return a, nil
}

// withField is a copy of m with key set to v.
func withField(m map[string]any, key string, v any) map[string]any {
	out := maps.Clone(m)
	out[key] = v
	return out
}
