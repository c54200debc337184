package server_test

import (
	"encoding/json"
	"maps"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestUpdateMutations changes some fields of each updatable type and checks,
// by reading the object again, that exactly those fields changed.
func TestUpdateMutations(t *testing.T) {
	// Every write of the test takes its time from clk, which moves a second
	// before each change: updatedAt must move with it.
	clk := clock.NewFake(time.Now().UTC().Truncate(time.Second))
	e := newEnvAt(t, store.Options{}, clk)
	w := seedWorld(t, e.ctx, e.db.Client)
	testkit.Must(e.db.Client.Person.UpdateOne(w.Person).SetPhone("+49 341 000000").SetHourlyRateCents(9_000).SetBio("Backend").Save(e.ctx))(t)
	// Each change is made by whoever may make it: the insider (coop member,
	// network admin) changes the coop, its project and the network's
	// directory; Anna her own profile, skills and availability.
	insider, anna := e.insider(w), e.anna(w)

	const (
		coopFields = `name slug legalForm city website description candidacyDays freelancerRightToJoinDays admissionRule
			quorumPercent buyIn { amount currency decimal } surplusSharePercent
			budgetChangeThreshold { amount currency decimal } currency createdAt updatedAt`
		personFields      = `name email bio city phone hourlyRate { amount currency decimal } createdAt updatedAt`
		projectFields     = `name clientName description status totalBudget { amount currency decimal } currency pmChargePercent startsOn endsOn leadCoopID networkID createdAt updatedAt`
		personSkillFields = `level years wantsToLearn lastUsed personID skillID createdAt updatedAt`
		networkFields     = `name slug description etiquette selfSignUp createdAt updatedAt`
		groupFields       = `kind name slug description city networkID createdAt updatedAt`
		skillFields       = `name slug competenceArea aliases description parentID networkID createdAt updatedAt`
		availFields       = `hoursPerWeek availableFrom availableUntil note personID createdAt updatedAt`
	)
	cases := []struct {
		name     string
		as       *testkit.Client
		mutation string
		typ      string
		entID    int
		fields   string
		input    map[string]any
		want     map[string]any // fields expected to change, with their new values
	}{
		// A coop's bylaws change only by decision (proposeBylawsChange); its profile by updateCoop.
		{"coop profile, clearing the legal form", insider, "updateCoop", "Coop", w.Coop.ID, coopFields,
			map[string]any{"website": "https://kollektiv.example", "clearLegalForm": true, "city": "Halle", "description": "We code."},
			map[string]any{"website": "https://kollektiv.example", "legalForm": nil, "city": "Halle", "description": "We code."}},
		{"person profile", anna, "updatePerson", "Person", w.Person.ID, personFields,
			map[string]any{"bio": "Go, Kubernetes, coffee", "city": "Halle", "clearPhone": true},
			map[string]any{"bio": "Go, Kubernetes, coffee", "city": "Halle", "phone": nil}},
		{"person hourly rate in another currency", anna, "updatePerson", "Person", w.Person.ID, personFields,
			map[string]any{"hourlyRate": map[string]any{"amount": 12_050, "currency": "CHF"}},
			map[string]any{"hourlyRate": map[string]any{"amount": 12_050, "currency": "CHF", "decimal": "120.50"}}},
		// The e-mail is not in UpdatePersonInput: changeEmail, confirmed by
		// a verified login (internal/authz TestEmailChangeIsNoOracle).
		{"project", insider, "updateProject", "Project", w.Project.ID, projectFields,
			map[string]any{"clientName": "Stadtwerke Halle", "startsOn": "2026-03-02T00:00:00Z"}, // the day of its first time entry
			map[string]any{"clientName": "Stadtwerke Halle", "startsOn": "2026-03-02T00:00:00Z"}},
		{"project leaves its network", insider, "updateProject", "Project", w.Project.ID, projectFields,
			map[string]any{"clearNetwork": true},
			map[string]any{"networkID": nil}},
		{"person skill level", anna, "updatePersonSkill", "PersonSkill", w.PersonSkill.ID, personSkillFields,
			map[string]any{"level": 5},
			map[string]any{"level": 5}},
		{"person skill learning wish", anna, "updatePersonSkill", "PersonSkill", w.PersonSkill.ID, personSkillFields,
			map[string]any{"wantsToLearn": true, "years": 7},
			map[string]any{"wantsToLearn": true, "years": 7}},
		{"network", insider, "updateNetwork", "Network", w.Network.ID, networkFields,
			map[string]any{"etiquette": "Be kind.", "selfSignUp": true},
			map[string]any{"etiquette": "Be kind.", "selfSignUp": true}},
		{"group", insider, "updateGroup", "Group", w.Group.ID, groupFields,
			map[string]any{"description": "Stammtisch every first Monday"},
			map[string]any{"description": "Stammtisch every first Monday"}},
		{"skill", insider, "updateSkill", "Skill", w.Skill.ID, skillFields,
			map[string]any{"appendAliases": []string{"go-lang"}, "description": "The Go language"},
			map[string]any{"aliases": []any{"golang", "go-lang"}, "description": "The Go language"}},
		{"skill aliases replaced and appended at once", insider, "updateSkill", "Skill", w.Skill.ID, skillFields,
			map[string]any{"aliases": []string{"go"}, "appendAliases": []string{"golang"}},
			map[string]any{"aliases": []any{"go", "golang"}}},
		{"availability", anna, "updateAvailability", "Availability", w.Availability.ID, availFields,
			map[string]any{"hoursPerWeek": 32, "clearAvailableUntil": true},
			map[string]any{"hoursPerWeek": 32, "availableUntil": nil}},
	}
	read := func(t *testing.T, c *testkit.Client, typ string, entID int, fields string) map[string]any {
		t.Helper()
		var got struct{ Node map[string]any }
		decode(t, c.Do(`query($id: ID!) { node(id: $id) { ... on `+typ+` { `+fields+` } } }`, map[string]any{"id": testkit.ID(entID)}), &got)
		return got.Node
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := read(t, tc.as, tc.typ, tc.entID, tc.fields)
			counts := e.rowCounts()
			clk.Advance(time.Second) // updatedAt moves with the clock
			var payload map[string]map[string]map[string]any
			decode(t, tc.as.Do(`mutation($id: ID!, $input: `+"U"+tc.mutation[1:]+`Input!) { `+tc.mutation+`(id: $id, input: $input) {
				`+lowerFirst(tc.typ)+` { `+tc.fields+` } } }`, map[string]any{"id": testkit.ID(tc.entID), "input": tc.input}), &payload)
			after := read(t, tc.as, tc.typ, tc.entID, tc.fields)
			if returned := payload[tc.mutation][lowerFirst(tc.typ)]; !jsonEqual(returned, after) {
				t.Errorf("the payload %v differs from what is stored %v", returned, after)
			}
			want := maps.Clone(before)
			maps.Copy(want, tc.want)
			delete(want, "updatedAt")
			for k, v := range want {
				if v == nil && after[k] == "" {
					// Clearing an Optional, non-Nillable string field reads
					// back as "" rather than null (ent's convention).
					continue
				}
				if !jsonEqual(after[k], v) {
					t.Errorf("%s: got %v, want %v (before: %v)", k, after[k], v, before[k])
				}
			}
			if !instant(t, after["updatedAt"]).After(instant(t, before["updatedAt"])) {
				t.Errorf("updatedAt did not move forward: %v -> %v", before["updatedAt"], after["updatedAt"])
			}
			if got := instant(t, after["updatedAt"]); !got.Equal(clk.Now()) {
				t.Errorf("updatedAt %s, want the clock's now %s", got, clk.Now())
			}
			// An update adds no row, but its audit record (internal/audit).
			written := e.rowCounts()
			for _, table := range []string{"audit_records", "audit_objects"} {
				if written[table] != counts[table]+1 {
					t.Errorf("%s: %d rows before, %d after the update, want one more", table, counts[table], written[table])
				}
				delete(counts, table)
				delete(written, table)
			}
			testkit.NothingWritten(t, counts, written)
		})
	}
}

func instant(t *testing.T, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	ts, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("not a time: %v", v)
	}
	return ts
}

func lowerFirst(s string) string { return string(s[0]+'a'-'A') + s[1:] }

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) == string(jb) {
		return true
	}
	return sameInstant(a, b)
}

// sameInstant compares two RFC 3339 strings as instants (databases differ in
// the precision and time zone they return).
func sameInstant(a, b any) bool {
	sa, ok1 := a.(string)
	sb, ok2 := b.(string)
	if !ok1 || !ok2 {
		return false
	}
	ta, err1 := time.Parse(time.RFC3339Nano, sa)
	tb, err2 := time.Parse(time.RFC3339Nano, sb)
	return err1 == nil && err2 == nil && ta.Equal(tb)
}

// TestTimestampsFollowTheClock: createdAt and updatedAt come from the
// injectable clock of the writing context (TimestampsMixin's hook); a time
// the code sets itself is kept.
func TestTimestampsFollowTheClock(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := clock.NewFake(t0)
	e := newEnvAt(t, store.Options{}, clk)
	n := testkit.Must(e.db.Client.Network.Create().SetName("Netz").SetSlug("netz").Save(e.ctx))(t)
	if !n.CreatedAt.Equal(t0) || !n.UpdatedAt.Equal(t0) {
		t.Errorf("created %s, updated %s, want both %s", n.CreatedAt, n.UpdatedAt, t0)
	}
	clk.AdvanceDays(1)
	n = testkit.Must(n.Update().SetDescription("moved").Save(e.ctx))(t)
	if want := t0.AddDate(0, 0, 1); !n.UpdatedAt.Equal(want) || !n.CreatedAt.Equal(t0) {
		t.Errorf("after an update: created %s, updated %s, want %s and %s", n.CreatedAt, n.UpdatedAt, t0, want)
	}
	clk.AdvanceDays(1)
	testkit.Must(e.db.Client.Network.Update().SetDescription("bulk").Save(e.ctx))(t)
	n = testkit.Must(e.db.Client.Network.Get(e.ctx, n.ID))(t)
	if want := t0.AddDate(0, 0, 2); !n.UpdatedAt.UTC().Equal(want) {
		t.Errorf("after a bulk update: updated %s, want %s", n.UpdatedAt, want)
	}
	set := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	n = testkit.Must(n.Update().SetUpdatedAt(set).Save(e.ctx))(t)
	if !n.UpdatedAt.Equal(set) {
		t.Errorf("a time set by the code: updated %s, want %s", n.UpdatedAt, set)
	}
}
