package console

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// The visual editor: effect, service, actions and resources in a form, turned into the same
// JSON a person would write on the "JSON" tab.

// seedExample is the document the seed's "Create a custom policy" step configures on the JSON
// tab, byte for byte; the JSON tab starts with it.
const seedExample = `{
    "Version": "1",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "eas:ListServices"
            ],
            "Resource": "*"
        }
    ]
}`

type visualForm struct {
	Effect    string // "Allow" or "Deny"
	Service   string
	All       bool            // every action of the service
	Chosen    map[string]bool // known actions ticked
	Other     string          // typed action names, one per line
	Resources string          // one per line
}

// actions are the statement's actions: service:* for all, otherwise the ticked and typed ones
// (a typed name without a service gets the chosen one).
func (f visualForm) actions() []string {
	if f.All && f.Service != "" {
		return []string{f.Service + ":*"}
	}
	var out []string
	for a, on := range f.Chosen {
		if on {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	for _, line := range strings.Split(f.Other, "\n") {
		a := strings.TrimSpace(line)
		if a == "" {
			continue
		}
		if !strings.Contains(a, ":") && f.Service != "" {
			a = f.Service + ":" + a
		}
		out = append(out, a)
	}
	return out
}

func (f visualForm) resources() []string {
	var out []string
	for _, line := range strings.Split(f.Resources, "\n") {
		if r := strings.TrimSpace(line); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// document writes the statement as a policy document, indented with four spaces like the
// seed's example. A single resource is written as a string, as the seed does; actions are
// always a list.
func (f visualForm) document() string {
	type statement struct {
		Effect   string   `json:"Effect"`
		Action   []string `json:"Action"`
		Resource any      `json:"Resource"`
	}
	res := f.resources()
	var resource any = res
	if len(res) == 1 {
		resource = res[0]
	}
	doc := struct {
		Version   string      `json:"Version"`
		Statement []statement `json:"Statement"`
	}{"1", []statement{{Effect: f.Effect, Action: f.actions(), Resource: resource}}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	enc.Encode(doc) // cannot fail: strings and slices of strings only
	return strings.TrimSuffix(buf.String(), "\n")
}
