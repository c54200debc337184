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
	if len(os.Args) == 2 && os.Args[1] == "schema" { // hidden: print the served SDL (schema.go)
		os.Exit(printSchema(os.Stdout))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr, nil)
	stop()
	os.Exit(code)
}
