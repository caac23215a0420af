package openapi_test

import (
	"testing"

	"github.com/rampart-iam/rampart/internal/openapi"
)

func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range openapi.Catalog() {
		if p.Name == "" || p.Command == "" || p.Version == "" || len(p.Actions) == 0 {
			t.Errorf("product %+v is incomplete", p)
		}
		for _, a := range p.Actions {
			if a.Summary == "" {
				t.Errorf("%s.%s has no summary", p.Name, a.Name)
			}
			seen[p.Command+" "+a.Name] = true
		}
	}
	for _, want := range []string{"ram GetUser", "ram ListEntitiesForPolicy", "sts AssumeRole", "sts GetCallerIdentity"} {
		if !seen[want] {
			t.Errorf("catalog lacks %s", want)
		}
	}
}
