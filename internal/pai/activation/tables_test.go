package activation_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai/activation"
)

// TestServiceAuthorizationDocIsCurrent: the tables of docs/service-authorization.md are what
// the catalog says. After changing the catalog, regenerate them with
//
//	go run ./internal/pai/activation/cmd/slrdoc
func TestServiceAuthorizationDocIsCurrent(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "service-authorization.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	begin, end := strings.Index(doc, activation.TablesBegin), strings.Index(doc, activation.TablesEnd)
	if begin < 0 || end < begin {
		t.Fatalf("docs/service-authorization.md has no generated section")
	}
	if got := doc[begin : end+len(activation.TablesEnd)+1]; got != activation.TablesMarkdown(cat) {
		t.Errorf("the tables of docs/service-authorization.md are stale; regenerate them with: go run ./internal/pai/activation/cmd/slrdoc")
	}
}

// TestTablesShowTheSeed: the generated tables carry the seed's rows as the seed writes them.
func TestTablesShowTheSeed(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	md := activation.TablesMarkdown(cat)
	for _, row := range []string{
		"| EAS | OSS, API Gateway, SLS, VPC, Cloud Monitor |",
		"| AI asset management | ACR |",
		"| MaxCompute | `AliyunBSSOrderAccess`, `AliyunDataWorksFullAccess` |",
		"| OpenTelemetry | `AliyunARMSFullAccess` | Implement permission separation using RAM users | Activation: Quick Start |",
		"| EAS | OSS | `AliyunServiceRoleForPaiEas` | ServiceLinkedRole | `eas.pai.aliyuncs.com` | `AliyunServiceRolePolicyForPaiEas` |",
		"Activating PAI itself takes `AliyunPAIFullAccess`",
	} {
		if !strings.Contains(md, row) {
			t.Errorf("the tables lack %q", row)
		}
	}
}
