package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/coopnetwork/cockpit/graph"
	"github.com/coopnetwork/cockpit/internal/publicschema"
)

// schemaCommand is "cockpit schema [-o FILE]": it prints the public schema
// /graphql serves (graph.PublicSchema) as SDL, without a database. The
// repository's schema.graphql is its output (go generate ./... rewrites it;
// CI checks that it is current), for front-end tools to point at.
func schemaCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the SDL to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cockpit schema [-o FILE]\n\nPrints the public GraphQL schema (what /graphql serves) as SDL.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	sdl := publicschema.Print(graph.PublicSchema())
	if *out == "" {
		fmt.Fprint(stdout, sdl)
		return 0
	}
	if err := os.WriteFile(*out, []byte(sdl), 0o644); err != nil {
		fmt.Fprintln(stderr, "cockpit schema:", err)
		return 1
	}
	return 0
}
