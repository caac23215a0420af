// Command rampart runs and administers a Rampart permission-management service.
// See the README for what it is and how to use it; `rampart --help` lists the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/rampart-iam/rampart/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal ends ctx (`rampart serve` then drains for up to --shutdown-timeout); after
	// it the default handling comes back, so a second signal ends the process at once.
	context.AfterFunc(ctx, stop)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
