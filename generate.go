// Package cockpit is the root of the Cockpit module. Code generation starts
// here so that every generator runs with the repository root as working
// directory.
package cockpit

//go:generate go run ./ent/entc.go
//go:generate go tool gqlgen generate
// Cuts a per-object allocation from gqlgen's executor (see the command).
//go:generate go run ./cmd/gqlgenpatch
// The public schema's SDL at the root, for front-end tools (cmd/cockpit/schema.go).
//go:generate go run ./cmd/cockpit schema -o schema.graphql
