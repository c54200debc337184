// Command cockpit runs the Cockpit GraphQL API; see "cockpit help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/coopnetwork/cockpit/internal/cli"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "schema" { // schema.go: needs no configuration
		os.Exit(schemaCommand(os.Args[2:], os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr, nil)
	stop()
	os.Exit(code)
}
