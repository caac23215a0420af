package console

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/policy"
)

// Checking a policy document as it is typed: the engine's own errors, each with its line and
// column, and hints towards least privilege.

type checkData struct {
	Checked bool
	Errors  []*policy.Error
	Hints   []string
}

// checkDocument parses doc with the engine that will enforce it. The errors are the engine's:
// RAM's CreatePolicy would refuse the same document.
func checkDocument(doc string) checkData {
	d := checkData{Checked: true}
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		var list policy.ErrorList
		if errors.As(err, &list) {
			d.Errors = list
		} else {
			d.Errors = []*policy.Error{{Line: 1, Column: 1, Message: err.Error()}}
		}
		return d
	}
	d.Hints = leastPrivilegeHints(p)
	return d
}

// leastPrivilegeHints points at what grants more than a task is likely to need: Allow
// statements with every action, every action of a service, every resource, or NotAction and
// NotResource (which allow everything except what they list).
func leastPrivilegeHints(p *policy.Policy) []string {
	var hints []string
	for i, s := range p.Statements() {
		if s.Effect != policy.Allow {
			continue
		}
		where := fmt.Sprintf("Statement %d", i+1)
		if s.Sid != "" {
			where += fmt.Sprintf(" (%s)", s.Sid)
		}
		for _, a := range s.Action {
			switch {
			case a == "*":
				hints = append(hints, where+`: "Action": "*" allows every action of every service. List only the actions the task needs.`)
			case strings.HasSuffix(a, ":*"):
				hints = append(hints, fmt.Sprintf(`%s: "%s" allows every action of %s. List only the actions the task needs.`, where, a, strings.TrimSuffix(a, ":*")))
			}
		}
		if s.NotAction != nil {
			hints = append(hints, where+`: "NotAction" with Allow allows every action except those listed.`)
		}
		for _, r := range s.Resource {
			if r == "*" {
				hints = append(hints, where+`: "Resource": "*" applies to every resource. Name the resources the task needs where the service allows it.`)
			}
		}
		if s.NotResource != nil {
			hints = append(hints, where+`: "NotResource" with Allow applies to every resource except those listed.`)
		}
	}
	return hints
}
