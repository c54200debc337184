package server_test

import (
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// designCodes are the extensions.code values of DESIGN.md, plus gqlgen's
// codes for requests that do not parse or validate against the schema.
var designCodes = []string{
	"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "INVALID_TRANSITION", "CONFLICT", "INTERNAL",
	"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED",
}

// TestClientMistakesAreNotInternal sends requests that are wrong in ways the
// schema cannot catch up front: each must come back with a client error code
// from DESIGN.md (never INTERNAL, never a library's own code) and write nothing.
func TestClientMistakesAreNotInternal(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	// Sent by the insider, who may make each of these changes with valid input.
	c := e.insider(w)
	person, coop, network := testkit.ID(w.Person.ID), testkit.ID(w.Coop.ID), testkit.ID(w.Network.ID)

	cases := []struct {
		name  string
		query string
		vars  map[string]any
		code  string
		field string
	}{
		{"time that is not RFC 3339", `mutation($p: ID!) { createAvailability(input: {personID: $p, hoursPerWeek: 3, availableFrom: "next monday"}) { __typename } }`,
			map[string]any{"p": person}, "BAD_USER_INPUT", "availableFrom"},
		{"time variable with an impossible date", `mutation($p: ID!, $f: Time!) { createAvailability(input: {personID: $p, hoursPerWeek: 3, availableFrom: $f}) { __typename } }`,
			map[string]any{"p": person, "f": "2026-13-45"}, "BAD_USER_INPUT", "availableFrom"},
		{"malformed cursor", `{ coops(after: "nope") { totalCount } }`, nil, "BAD_USER_INPUT", "after"},
		{"malformed ID inside an input", `mutation { createPersonSkill(input: {personID: "nope", skillID: "nope", level: 3}) { __typename } }`,
			nil, "BAD_USER_INPUT", ""},
		// Since authorization, an ID in an input that names no object of the
		// expected type is NOT_FOUND, exactly like an object the sender may
		// not read (it was BAD_USER_INPUT, from the database's foreign key).
		{"ID of the wrong type inside an input", `mutation($c: ID!, $s: ID!) { createPersonSkill(input: {personID: $c, skillID: $s, level: 3}) { __typename } }`,
			map[string]any{"c": coop, "s": testkit.ID(w.Skill.ID)}, "NOT_FOUND", "personID"},
		{"group ID that is a network", `mutation($p: ID!, $n: ID!) { updatePerson(id: $p, input: {addGroupIDs: [$n]}) { __typename } }`,
			map[string]any{"p": person, "n": network}, "NOT_FOUND", "addGroupIDs"},
		{"lead coop that does not exist", `mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "P", clientName: "C", totalBudget: {amount: 1, currency: "EUR"}}) { __typename } }`,
			map[string]any{"c": testkit.ID(w.Coop.ID + 1000)}, "NOT_FOUND", "leadCoopID"},
		// MinorUnits are whole minor units: a fraction is refused, not rounded.
		{"fraction of a minor unit", `mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "P", clientName: "C", totalBudget: {amount: 1.5, currency: "EUR"}}) { __typename } }`,
			map[string]any{"c": coop}, "BAD_USER_INPUT", ""},
		{"fraction of a minor unit in a variable", `mutation($c: ID!, $m: MoneyInput!) { createProject(input: {leadCoopID: $c, name: "P", clientName: "C", totalBudget: $m}) { __typename } }`,
			map[string]any{"c": coop, "m": map[string]any{"amount": 1.5, "currency": "EUR"}}, "BAD_USER_INPUT", ""},
		{"negative first", `{ persons(first: -1) { totalCount } }`, nil, "BAD_USER_INPUT", ""},
		{"unknown field", `{ persons { totalCount shoeSize } }`, nil, "GRAPHQL_VALIDATION_FAILED", ""},
		{"unknown enum value", `{ persons(orderBy: {field: SHOE_SIZE}) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED", ""},
		{"syntax error", `{ persons { totalCount `, nil, "GRAPHQL_PARSE_FAILED", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := e.rowCounts()
			res := c.Do(tc.query, tc.vars)
			if len(res.Errors) == 0 {
				t.Fatalf("accepted: %s", res.Data)
			}
			for _, err := range res.Errors {
				if !slices.Contains(designCodes, err.Code()) {
					t.Errorf("code %q is not one of DESIGN.md's: %+v", err.Code(), err)
				}
			}
			got := res.Errors[0]
			if got.Code() != tc.code {
				t.Fatalf("want %s, got %q: %+v", tc.code, got.Code(), res.Errors)
			}
			if f, _ := got.Extensions["field"].(string); tc.field != "" && f != tc.field {
				t.Errorf("want extensions.field %q, got %q", tc.field, f)
			}
			if got.Message == "" || got.Message == "internal error" {
				t.Errorf("unhelpful message %q", got.Message)
			}
			testkit.NothingWritten(t, before, e.rowCounts())
			t.Logf("%s: %s", got.Code(), got.Message)
		})
	}
}
