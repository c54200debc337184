// Package cockpit is the root of the Cockpit module. Code generation starts
// here so that every generator runs with the repository root as working
// directory.
package cockpit

//go:generate go run ./ent/entc.go
//go:generate go tool gqlgen generate
// The public schema's SDL at the root, for front-end tools (cmd/cockpit/schema.go).
//go:generate go run ./cmd/cockpit schema -o schema.graphql
