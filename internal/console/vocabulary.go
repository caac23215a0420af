package console

import (
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/policy"
)

// vocabulary is what the visual policy editor offers: services and their action names, taken
// from the actions the system policies name one by one. It is a help, not a limit: the editor
// also takes action names typed by hand.
type vocabulary struct {
	services []string            // sorted
	actions  map[string][]string // service -> sorted "service:Action"
}

func newVocabulary(c *catalog.Catalog) (vocabulary, error) {
	seen := map[string]map[string]bool{}
	for _, sp := range c.SystemPolicies() {
		p, err := policy.Parse([]byte(sp.Document))
		if err != nil {
			return vocabulary{}, err
		}
		for _, s := range p.Statements() {
			for _, a := range s.Action {
				svc, name, ok := strings.Cut(a, ":")
				if !ok || svc == "" || strings.ContainsAny(svc, "*?") {
					continue
				}
				if seen[svc] == nil {
					seen[svc] = map[string]bool{}
				}
				if name != "" && !strings.ContainsAny(name, "*?") {
					seen[svc][a] = true
				}
			}
		}
	}
	v := vocabulary{actions: map[string][]string{}}
	for svc, names := range seen {
		v.services = append(v.services, svc)
		for a := range names {
			v.actions[svc] = append(v.actions[svc], a)
		}
		slices.Sort(v.actions[svc])
	}
	slices.Sort(v.services)
	return v, nil
}

func (v vocabulary) known(service string) []string { return v.actions[service] }
