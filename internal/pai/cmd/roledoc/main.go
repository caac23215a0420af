// Command roledoc prints PAI's role-permission list as Markdown, from the catalog Rampart
// enforces. Regenerate the docs with:
//
//	go run ./internal/pai/cmd/roledoc > docs/role-permissions.md
package main

import (
	"fmt"
	"os"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai"
)

func main() {
	cat, err := catalog.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(pai.RolePermissionsMarkdown(cat))
}
