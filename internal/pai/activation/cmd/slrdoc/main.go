// Command slrdoc rewrites the generated tables of docs/service-authorization.md from the
// catalog Rampart enforces (the part between activation.TablesBegin and activation.TablesEnd).
// Run it from the repository root:
//
//	go run ./internal/pai/activation/cmd/slrdoc
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai/activation"
)

const doc = "docs/service-authorization.md"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "slrdoc:", err)
		os.Exit(1)
	}
}

func run() error {
	cat, err := catalog.Load()
	if err != nil {
		return err
	}
	b, err := os.ReadFile(doc)
	if err != nil {
		return err
	}
	text := string(b)
	begin := strings.Index(text, activation.TablesBegin)
	end := strings.Index(text, activation.TablesEnd)
	if begin < 0 || end < begin {
		return fmt.Errorf("%s has no generated section (markers %q ... %q)", doc, activation.TablesBegin, activation.TablesEnd)
	}
	end += len(activation.TablesEnd) + 1 // and its newline
	text = text[:begin] + activation.TablesMarkdown(cat) + text[min(end, len(text)):]
	return os.WriteFile(doc, []byte(text), 0o644)
}
