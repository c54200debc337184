package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// createMutation builds `mutation($input: <Type>!) { <name>(input: $input) { __typename } }`.
func createMutation(name string) string {
	typ := strings.ToUpper(name[:1]) + name[1:] + "Input"
	return fmt.Sprintf(`mutation($input: %s!) { %s(input: $input) { __typename } }`, typ, name)
}

// updateMutation builds `mutation($id: ID!, $input: <Type>!) { <name>(id: $id, input: $input) { __typename } }`.
func updateMutation(name string) string {
	typ := "U" + name[1:] + "Input"
	return fmt.Sprintf(`mutation($id: ID!, $input: %s!) { %s(id: $id, input: $input) { __typename } }`, typ, name)
}

// bylawsChange is proposeBylawsChange's input for a change of coop's bylaws.
func bylawsChange(coop string, change map[string]any) map[string]any {
	return map[string]any{"input": map[string]any{"coopID": coop, "title": "Bylaws", "closesAt": "2099-01-01T00:00:00Z", "change": change}}
}

// eur is a MoneyInput in euros.
func eur(cents int64) map[string]any { return map[string]any{"amount": cents, "currency": "EUR"} }

// TestInvalidInputIsRejectedAndNothingIsWritten sends invalid input to every
// create and update mutation that can receive it and checks the error code,
// the field named in extensions.field, the message, and that no table changed.
func TestInvalidInputIsRejectedAndNothingIsWritten(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	// A second network to rename onto the first one's slug, and a skill
	// whose name is taken again in another case.
	other := testkit.Must(e.db.Client.Network.Create().SetName("Other").SetSlug("other").Save(e.ctx))(t)
	testkit.Must(e.db.Client.Skill.Create().SetNetwork(w.Network).SetName("Kubernetes").SetCompetenceArea("Infrastructure").Save(e.ctx))(t)
	// Every case is sent by someone allowed to make that change, so that it
	// is the input that fails and not the permission: the insider (member of
	// the coop, admin of both networks) or Anna, for her own profile, skills
	// and availability.
	e.administer(w.Buddy, other)
	insider, anna := e.insider(w), e.anna(w)

	network, coop, person, skill := testkit.ID(w.Network.ID), testkit.ID(w.Coop.ID), testkit.ID(w.Person.ID), testkit.ID(w.Skill.ID)
	buddy := testkit.ID(w.Buddy.ID) // the insider himself
	from := "2026-06-01T00:00:00Z"

	cases := []struct {
		name     string
		as       *testkit.Client
		mutation string
		vars     map[string]any
		code     string
		field    string
		contains string // the message must mention this (case-insensitive)
	}{
		// Format and range validation.
		{"bad email", insider, "inviteToNetwork", map[string]any{"input": map[string]any{"networkID": network, "email": "not-an-email"}},
			"BAD_USER_INPUT", "email", "e-mail"},
		{"email with display name", insider, "inviteToNetwork", map[string]any{"input": map[string]any{"networkID": network, "email": "X <x@example.org>"}},
			"BAD_USER_INPUT", "email", "e-mail"},
		{"invitation valid for 91 days", insider, "inviteToNetwork", map[string]any{"input": map[string]any{"networkID": network, "email": "x@example.org", "validDays": 91}},
			"BAD_USER_INPUT", "validDays", "validDays"},
		{"person skill level 7", insider, "createPersonSkill", map[string]any{"input": map[string]any{"personID": buddy, "skillID": skill, "level": 7}},
			"BAD_USER_INPUT", "level", "level"},
		{"person skill level 0", insider, "createPersonSkill", map[string]any{"input": map[string]any{"personID": buddy, "skillID": skill, "level": 0}},
			"BAD_USER_INPUT", "level", "level"},
		{"negative project budget", insider, "createProject", map[string]any{"input": map[string]any{
			"leadCoopID": coop, "name": "P", "clientName": "C", "totalBudget": eur(-1)}},
			"BAD_USER_INPUT", "totalBudget", "totalBudget"},
		{"unknown currency XYZ", insider, "createProject", map[string]any{"input": map[string]any{
			"leadCoopID": coop, "name": "P", "clientName": "C", "totalBudget": map[string]any{"amount": 100, "currency": "XYZ"}}},
			"BAD_USER_INPUT", "totalBudget", "ISO-4217"},
		{"lower-case currency eur", insider, "createProject", map[string]any{"input": map[string]any{
			"leadCoopID": coop, "name": "P", "clientName": "C", "totalBudget": map[string]any{"amount": 100, "currency": "eur"}}},
			"BAD_USER_INPUT", "totalBudget", "ISO-4217"},
		{"coop currency eur", insider, "createCoop", map[string]any{"input": map[string]any{"name": "C", "slug": "c", "currency": "eur"}},
			"BAD_USER_INPUT", "currency", "ISO-4217"},
		{"coop threshold in another currency", insider, "createCoop", map[string]any{"input": map[string]any{"name": "C", "slug": "c", "currency": "CHF",
			"budgetChangeThreshold": eur(1000)}},
			"BAD_USER_INPUT", "budgetChangeThreshold", "CHF"},
		{"person rate currency XYZ", insider, "updatePerson", map[string]any{"id": buddy, "input": map[string]any{
			"hourlyRate": map[string]any{"amount": 100, "currency": "XYZ"}}},
			"BAD_USER_INPUT", "hourlyRate", "ISO-4217"},
		{"negative hourly rate", insider, "updatePerson", map[string]any{"id": buddy, "input": map[string]any{"hourlyRate": eur(-5)}},
			"BAD_USER_INPUT", "hourlyRate", "hourlyRate"},
		{"quorum 101", insider, "createCoop", map[string]any{"input": map[string]any{"name": "C", "slug": "c", "quorumPercent": 101}},
			"BAD_USER_INPUT", "quorumPercent", "quorumPercent"},
		{"negative buy-in", insider, "createCoop", map[string]any{"input": map[string]any{"name": "C", "slug": "c", "buyIn": eur(-100)}},
			"BAD_USER_INPUT", "buyIn", "buyIn"},
		{"hours per week 0", anna, "createAvailability", map[string]any{"input": map[string]any{"personID": person, "hoursPerWeek": 0, "availableFrom": from, "availableUntil": "2026-07-01T00:00:00Z"}},
			"BAD_USER_INPUT", "hoursPerWeek", "hoursPerWeek"},
		{"availability ends before it starts", anna, "createAvailability", map[string]any{"input": map[string]any{
			"personID": person, "hoursPerWeek": 20, "availableFrom": from, "availableUntil": "2026-05-31T00:00:00Z"}},
			"BAD_USER_INPUT", "availableUntil", "availableFrom"},
		{"project ends before it starts", insider, "createProject", map[string]any{"input": map[string]any{
			"leadCoopID": coop, "name": "P", "clientName": "C", "totalBudget": eur(100),
			"startsOn": "2026-06-01T00:00:00Z", "endsOn": "2026-01-01T00:00:00Z"}},
			"BAD_USER_INPUT", "endsOn", "startsOn"},
		{"malformed network slug", insider, "createNetwork", map[string]any{"input": map[string]any{"name": "N", "slug": "Not A Slug"}},
			"BAD_USER_INPUT", "slug", "lower-case"},
		{"empty coop name", insider, "createCoop", map[string]any{"input": map[string]any{"name": "", "slug": "empty"}},
			"BAD_USER_INPUT", "name", "name"},

		// Uniqueness.
		{"duplicate network slug", insider, "createNetwork", map[string]any{"input": map[string]any{"name": "Again", "slug": "it-kollektiv"}},
			"CONFLICT", "slug", "already exists"},
		{"duplicate coop slug", insider, "createCoop", map[string]any{"input": map[string]any{"name": "Again", "slug": "kollektiv-leipzig"}},
			"CONFLICT", "slug", "already exists"},
		// A taken e-mail is no CONFLICT anywhere: that would be an oracle on
		// private addresses (see internal/people's e-mail tests).
		{"duplicate person skill", anna, "createPersonSkill", map[string]any{"input": map[string]any{"personID": person, "skillID": skill, "level": 2}},
			"CONFLICT", "skillID", "already exists"},
		{"duplicate group slug in one network", insider, "createGroup", map[string]any{"input": map[string]any{
			"networkID": network, "kind": "WORKING", "name": "Leipzig AG", "slug": "leipzig"}},
			"CONFLICT", "slug", "already exists"},
		{"group slug derived from the name collides", insider, "createGroup", map[string]any{"input": map[string]any{
			"networkID": network, "kind": "COMPETENCE", "name": "LEIPZIG"}},
			"CONFLICT", "slug", "already exists"},
		{"skill name differing only by case", insider, "createSkill", map[string]any{"input": map[string]any{
			"networkID": network, "name": "kubernetes", "competenceArea": "Infrastructure"}},
			"CONFLICT", "slug", "already exists"},

		// Updates are validated the same way.
		// Bylaws change by decision: the change is validated when proposed.
		{"bylaws change quorum 101", insider, "proposeBylawsChange", bylawsChange(coop, map[string]any{"quorumPercent": 101}),
			"BAD_USER_INPUT", "quorumPercent", "quorumPercent"},
		{"bylaws change buy-in in eur", insider, "proposeBylawsChange", bylawsChange(coop, map[string]any{
			"buyIn": map[string]any{"amount": 0, "currency": "eur"}}),
			"BAD_USER_INPUT", "buyIn", "ISO-4217"},
		// Cockpit never converts: the bylaws amounts are in the coop's
		// currency, set at its founding.
		{"bylaws change buy-in in another currency", insider, "proposeBylawsChange", bylawsChange(coop, map[string]any{
			"buyIn": map[string]any{"amount": 100, "currency": "CHF"}}),
			"BAD_USER_INPUT", "buyIn", "EUR"},
		{"update person skill level 6", anna, "updatePersonSkill", map[string]any{"id": testkit.ID(w.PersonSkill.ID), "input": map[string]any{"level": 6}},
			"BAD_USER_INPUT", "level", "level"},
		{"update project empty client", insider, "updateProject", map[string]any{"id": testkit.ID(w.Project.ID), "input": map[string]any{"clientName": ""}},
			"BAD_USER_INPUT", "clientName", "clientName"},
		{"update availability end before stored start", anna, "updateAvailability", map[string]any{"id": testkit.ID(w.Availability.ID), "input": map[string]any{
			"availableUntil": "2026-02-01T00:00:00Z"}},
			"BAD_USER_INPUT", "availableUntil", "availableFrom"},
		{"update availability start after stored end", anna, "updateAvailability", map[string]any{"id": testkit.ID(w.Availability.ID), "input": map[string]any{
			"availableFrom": "2026-09-01T00:00:00Z", "availableUntil": "2026-08-01T00:00:00Z"}},
			"BAD_USER_INPUT", "availableUntil", "availableFrom"},
		{"update network slug taken", insider, "updateNetwork", map[string]any{"id": testkit.ID(other.ID), "input": map[string]any{"slug": "it-kollektiv"}},
			"CONFLICT", "slug", "already exists"},
		{"update availability hours 0", anna, "updateAvailability", map[string]any{"id": testkit.ID(w.Availability.ID), "input": map[string]any{"hoursPerWeek": 0}},
			"BAD_USER_INPUT", "hoursPerWeek", "hoursPerWeek"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := createMutation(tc.mutation)
			if strings.HasPrefix(tc.mutation, "update") {
				q = updateMutation(tc.mutation)
			}
			before := e.rowCounts()
			res := tc.as.Do(q, tc.vars)
			got := expectError(t, res, tc.code, tc.field)
			if !strings.Contains(strings.ToLower(got.Message), strings.ToLower(tc.contains)) {
				t.Errorf("message %q should mention %q", got.Message, tc.contains)
			}
			if !dataIsNull(res) {
				t.Errorf("a failed mutation returned data: %s", res.Data)
			}
			testkit.NothingWritten(t, before, e.rowCounts())
			t.Logf("%s: %s", got.Code(), got.Message)
		})
	}

	// The updates above changed nothing.
	var now struct {
		Coop struct {
			QuorumPercent int
			Currency      string
			BuyIn         struct{ Amount int64 }
		}
		Person      struct{ Email string }
		PersonSkill struct{ Level int }
		Project     struct{ TotalBudget struct{ Amount int64 } }
		Avail       struct {
			HoursPerWeek   int
			AvailableUntil *string
		}
		Other struct{ Slug string }
	}
	insider.MustDo(`query($coop: ID!, $person: ID!, $ps: ID!, $project: ID!, $avail: ID!, $other: ID!) {
		coop: node(id: $coop) { ... on Coop { quorumPercent currency buyIn { amount } } }
		person: node(id: $person) { ... on Person { email } }
		personSkill: node(id: $ps) { ... on PersonSkill { level } }
		project: node(id: $project) { ... on Project { totalBudget { amount } } }
		avail: node(id: $avail) { ... on Availability { hoursPerWeek availableUntil } }
		other: node(id: $other) { ... on Network { slug } }
	}`, map[string]any{"coop": coop, "person": person, "ps": testkit.ID(w.PersonSkill.ID), "project": testkit.ID(w.Project.ID),
		"avail": testkit.ID(w.Availability.ID), "other": testkit.ID(other.ID)}, &now)
	if now.Coop.QuorumPercent != 50 || now.Coop.Currency != "EUR" || now.Coop.BuyIn.Amount != *w.Coop.BuyInCents || now.Person.Email != "anna@example.org" ||
		now.PersonSkill.Level != 4 || now.Project.TotalBudget.Amount != 5_000_000 ||
		now.Avail.HoursPerWeek != 20 || now.Avail.AvailableUntil == nil || !strings.HasPrefix(*now.Avail.AvailableUntil, "2026-12-31") || now.Other.Slug != "other" {
		t.Errorf("a rejected update changed data: %+v", now)
	}
}

// TestValidBoundariesAreAccepted makes sure the rules above reject exactly
// the invalid values: the limits themselves are fine, and slugs are unique
// per network, not globally.
func TestValidBoundariesAreAccepted(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	other := testkit.Must(e.db.Client.Network.Create().SetName("Other").SetSlug("other").Save(e.ctx))(t)
	p2 := testkit.Must(e.db.Client.Person.Create().SetName("Carla").SetEmail("carla@example.org").Save(e.ctx))(t)
	s2 := testkit.Must(e.db.Client.Skill.Create().SetNetwork(w.Network).SetName("Rust").SetCompetenceArea("Backend").Save(e.ctx))(t)
	// Carla takes part in the network and keeps her own skills and
	// availability; the insider administers both networks and is a member
	// of the coop.
	e.participate(w.Network, p2)
	e.administer(w.Buddy, other)
	insider, carla := e.insider(w), e.c.As(p2.ID)

	cases := []struct {
		name     string
		as       *testkit.Client
		mutation string
		input    map[string]any
	}{
		{"level 1", carla, "createPersonSkill", map[string]any{"personID": testkit.ID(p2.ID), "skillID": testkit.ID(w.Skill.ID), "level": 1}},
		{"level 5", carla, "createPersonSkill", map[string]any{"personID": testkit.ID(p2.ID), "skillID": testkit.ID(s2.ID), "level": 5}},
		{"quorum 100, zero buy-in", insider, "createCoop", map[string]any{"name": "Q100", "slug": "q100", "quorumPercent": 100, "buyIn": eur(0)}},
		{"quorum 0, currency CHF", insider, "createCoop", map[string]any{"name": "Q0", "slug": "q0", "quorumPercent": 0, "currency": "CHF"}},
		{"currency CHF with its amounts", insider, "createCoop", map[string]any{"name": "Franken", "slug": "franken", "currency": "CHF",
			"buyIn": map[string]any{"amount": 50_000, "currency": "CHF"}, "budgetChangeThreshold": map[string]any{"amount": 0, "currency": "CHF"}}},
		{"amount as a string of digits", insider, "createCoop", map[string]any{"name": "Digits", "slug": "digits",
			"buyIn": map[string]any{"amount": "123400", "currency": "EUR"}}},
		{"budget above 2^31 cents (int64 money)", insider, "createProject", map[string]any{"leadCoopID": testkit.ID(w.Coop.ID), "name": "Big", "clientName": "Land", "totalBudget": eur(3_000_000_000)}},
		{"zero budget", insider, "createProject", map[string]any{"leadCoopID": testkit.ID(w.Coop.ID), "name": "Pro bono", "clientName": "Verein", "totalBudget": eur(0)}},
		{"project in another currency than its lead coop", insider, "createProject", map[string]any{"leadCoopID": testkit.ID(w.Coop.ID), "name": "Zürich",
			"clientName": "Genossenschaft", "totalBudget": map[string]any{"amount": 100_000, "currency": "CHF"}}},
		{"hours 1, one-day period", carla, "createAvailability", map[string]any{"personID": testkit.ID(p2.ID), "hoursPerWeek": 1,
			"availableFrom": "2026-06-01T00:00:00Z", "availableUntil": "2026-06-01T00:00:00Z"}},
		{"hours 168, open-ended", carla, "createAvailability", map[string]any{"personID": testkit.ID(p2.ID), "hoursPerWeek": 168, "availableFrom": "2026-07-01T00:00:00Z"}},
		{"same group slug in another network", insider, "createGroup", map[string]any{"networkID": testkit.ID(other.ID), "kind": "CITY", "name": "Leipzig"}},
		{"same skill name in another network", insider, "createSkill", map[string]any{"networkID": testkit.ID(other.ID), "name": "Go", "competenceArea": "Backend"}},
		{"email with plus and subdomain", insider, "inviteToNetwork", map[string]any{"networkID": testkit.ID(w.Network.ID), "email": "dora+coop@mail.example.org"}},
		{"invitation valid for 90 days", insider, "inviteToNetwork", map[string]any{"networkID": testkit.ID(w.Network.ID), "email": "ninety@example.org", "validDays": 90}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.as.Do(createMutation(tc.mutation), map[string]any{"input": tc.input})
			if len(res.Errors) > 0 {
				t.Fatalf("valid input rejected: %+v", res.Errors)
			}
		})
	}
	// An hourly rate in any currency.
	insider.MustDo(`mutation($id: ID!) { updatePerson(id: $id, input: {hourlyRate: {amount: 9000, currency: "JPY"}}) { __typename } }`,
		map[string]any{"id": testkit.ID(w.Buddy.ID)}, nil)
	// Derived slugs and normalised e-mails are stored as documented.
	var got struct {
		CreateSkill     struct{ Skill struct{ Slug string } }
		InviteToNetwork struct{ Invitation struct{ Email string } }
	}
	insider.MustDo(`mutation($n: ID!) {
		createSkill(input: {networkID: $n, name: "C# und .NET", competenceArea: "Backend"}) { skill { slug } }
		inviteToNetwork(input: {networkID: $n, email: "Emil.Koch@Example.org"}) { invitation { email } }
	}`, map[string]any{"n": testkit.ID(w.Network.ID)}, &got)
	if got.CreateSkill.Skill.Slug != "csharp-und-net" {
		t.Errorf("derived slug: got %q", got.CreateSkill.Skill.Slug)
	}
	if got.InviteToNetwork.Invitation.Email != "emil.koch@example.org" {
		t.Errorf("e-mail should be stored lower-cased, got %q", got.InviteToNetwork.Invitation.Email)
	}
}

// TestFailedMutationLeavesNoPartialWrite checks the per-request transaction:
// when any part of a mutation request fails, nothing of it is committed.
func TestFailedMutationLeavesNoPartialWrite(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.insider(w)

	t.Run("second field fails", func(t *testing.T) {
		before := e.rowCounts()
		res := c.Do(`mutation {
			a: createNetwork(input: {name: "Fresh", slug: "fresh"}) { network { id } }
			b: createNetwork(input: {name: "Dup", slug: "it-kollektiv"}) { network { id } }
		}`, nil)
		expectError(t, res, "CONFLICT", "slug")
		if !dataIsNull(res) {
			t.Errorf("rolled-back mutation still returned data: %s", res.Data)
		}
		testkit.NothingWritten(t, before, e.rowCounts())
	})

	t.Run("a later step fails after rows were inserted", func(t *testing.T) {
		// createCoop inserts the coop and, through the founder hook, the
		// founder's membership and pathway event; then linking the new
		// coop into the network fails on a coop that does not exist.
		// (Coops no longer join networks on creation: createCoop has no
		// networkIDs since authorization, a network admin adds them.)
		before := e.rowCounts()
		res := c.Do(`mutation($n: ID!, $missing: ID!) {
			a: createCoop(input: {name: "Ghost", slug: "ghost"}) { coop { id } }
			b: updateNetwork(id: $n, input: {addCoopIDs: [$missing]}) { network { id } }
		}`, map[string]any{"n": testkit.ID(w.Network.ID), "missing": testkit.ID(w.Coop.ID + 1000)})
		if len(res.Errors) != 1 || (res.Errors[0].Code() != "BAD_USER_INPUT" && res.Errors[0].Code() != "NOT_FOUND") {
			t.Fatalf("want one BAD_USER_INPUT or NOT_FOUND error, got %+v", res.Errors)
		}
		t.Logf("%s: %s", res.Errors[0].Code(), res.Errors[0].Message)
		if !dataIsNull(res) {
			t.Errorf("rolled-back mutation still returned data: %s", res.Data)
		}
		testkit.NothingWritten(t, before, e.rowCounts())
	})

	t.Run("successful mutation commits", func(t *testing.T) {
		before := e.rowCounts()
		c.MustDo(`mutation {
			a: createNetwork(input: {name: "Fresh", slug: "fresh"}) { network { id } }
			b: createNetwork(input: {name: "Fresh 2", slug: "fresh-2"}) { network { id } }
		}`, nil, nil)
		if after := e.rowCounts(); after["networks"] != before["networks"]+2 {
			t.Errorf("networks: %d before, %d after", before["networks"], after["networks"])
		}
	})
}

// TestPeriodsWithoutEnd covers periods without an end: an availability with
// no availableUntil, a project with startsOn but no endsOn, and clearing the
// end of a period while moving its start. All are valid input.
func TestPeriodsWithoutEnd(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	insider, anna := e.insider(w), e.anna(w)

	t.Run("availability without end", func(t *testing.T) {
		var got struct {
			CreateAvailability struct {
				Availability struct{ AvailableUntil *string }
			}
		}
		decode(t, anna.Do(`mutation($p: ID!) { createAvailability(input: {personID: $p, hoursPerWeek: 10, availableFrom: "2026-04-01T00:00:00Z"}) {
			availability { availableUntil } } }`, map[string]any{"p": testkit.ID(w.Person.ID)}), &got)
		if got.CreateAvailability.Availability.AvailableUntil != nil {
			t.Errorf("availableUntil: got %v, want null", *got.CreateAvailability.Availability.AvailableUntil)
		}
	})
	t.Run("project with start but no end", func(t *testing.T) {
		decode(t, insider.Do(`mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "Open", clientName: "K", totalBudget: {amount: 1, currency: "EUR"},
			startsOn: "2026-04-01T00:00:00Z"}) { project { id } } }`, map[string]any{"c": testkit.ID(w.Coop.ID)}), &struct{}{})
	})
	t.Run("clear end while moving start", func(t *testing.T) {
		var got struct {
			UpdateAvailability struct {
				Availability struct {
					AvailableFrom  string
					AvailableUntil *string
				}
			}
		}
		decode(t, anna.Do(`mutation($a: ID!) { updateAvailability(id: $a, input: {availableFrom: "2027-02-01T00:00:00Z", clearAvailableUntil: true}) {
			availability { availableFrom availableUntil } } }`, map[string]any{"a": testkit.ID(w.Availability.ID)}), &got)
		if a := got.UpdateAvailability.Availability; a.AvailableUntil != nil || !strings.HasPrefix(a.AvailableFrom, "2027-02-01") {
			t.Errorf("got %+v", a)
		}
	})
}
