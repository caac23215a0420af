package openapi

import (
	"slices"
	"strings"
)

// ProductDoc describes one product of the RPC API as Rampart serves it.
type ProductDoc struct {
	Name    string // as the SDK's requests name it: "Ram", "Sts", "ResourceManager"
	Command string // the CLI's command for it: "ram", "sts", "resourcemanager"
	Version string
	Actions []ActionDoc // by name
}

// ActionDoc describes one action.
type ActionDoc struct {
	Name    string
	Summary string
	Write   bool // the action changes state
}

// Catalog lists every product and action the Handler serves, from the same tables it
// dispatches with, for help texts and documentation.
func Catalog() []ProductDoc {
	var docs []ProductDoc
	for version, p := range products() {
		d := ProductDoc{Name: p.name, Command: p.command, Version: version}
		for _, a := range p.actions {
			d.Actions = append(d.Actions, ActionDoc{Name: a.name, Summary: a.summary, Write: a.write})
		}
		slices.SortFunc(d.Actions, func(a, b ActionDoc) int { return strings.Compare(a.Name, b.Name) })
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b ProductDoc) int { return strings.Compare(a.Command, b.Command) })
	return docs
}
