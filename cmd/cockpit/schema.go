package main

import (
	"io"

	"github.com/coopnetwork/cockpit/graph"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/schemadoc"
)

// printSchema writes the SDL of the public schema the server serves (the
// executable schema without gqlgen's and federation's plumbing and GraphQL's
// built-ins), for "cockpit schema": CI lints it with graphql-eslint
// (tools/schemalint). A development command, not listed in "cockpit help";
// it needs no database.
func printSchema(w io.Writer) int {
	schemadoc.PrintPublic(w, graph.NewSchema(nil, domainop.Env{}).Schema())
	return 0
}
