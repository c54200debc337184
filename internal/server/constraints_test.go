package server_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// rebind turns ?-placeholders into $n on PostgreSQL.
func rebind(db *store.DB, query string) string {
	if db.Dialect != dialect.Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type violation string

const (
	uniqueViolation     violation = "UNIQUE"
	checkViolation      violation = "CHECK"
	foreignKeyViolation violation = "FOREIGN KEY"
)

// violates reports whether err is a database constraint violation of kind.
func violates(err error, kind violation) bool {
	if err == nil {
		return false
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return map[violation]pq.ErrorCode{
			uniqueViolation: "23505", checkViolation: "23514", foreignKeyViolation: "23503",
		}[kind] == pqErr.Code
	}
	return strings.Contains(err.Error(), string(kind)+" constraint failed")
}

// TestDatabaseEnforcesConstraints writes rows with plain SQL, bypassing ent
// and its validators and hooks: the database itself must reject invalid rows.
// Every invalid statement has a valid twin that must succeed, so a failure
// is known to come from the constraint and not from a broken statement.
func TestDatabaseEnforcesConstraints(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.db.Client
	carla := testkit.Must(c.Person.Create().SetName("Carla").SetEmail("carla@example.org").Save(e.ctx))(t)
	rust := testkit.Must(c.Skill.Create().SetNetwork(w.Network).SetName("Rust").SetCompetenceArea("Backend").Save(e.ctx))(t)
	now := time.Now().UTC()

	const (
		membership  = `INSERT INTO memberships (created_at, updated_at, state, state_since, joined_at, person_id, coop_id) VALUES (?, ?, 'INTERESTED', ?, ?, ?, ?)`
		vote        = `INSERT INTO votes (choice, cast_at, proposal_id, voter_id) VALUES ('YES', ?, ?, ?)`
		share       = `INSERT INTO budget_shares (created_at, updated_at, amount_cents, hourly_rate_cents, planned_minutes, currency, project_id, coop_id, person_id) VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?)`
		personSkill = `INSERT INTO person_skills (created_at, updated_at, level, years, wants_to_learn, person_id, skill_id) VALUES (?, ?, ?, 0, false, ?, ?)`
		coop        = `INSERT INTO coops (created_at, updated_at, name, slug, currency) VALUES (?, ?, 'Raw', ?, ?)`
		project     = `INSERT INTO projects (created_at, updated_at, name, client_name, total_budget_cents, currency, lead_coop_id) VALUES (?, ?, 'Raw', 'Client', ?, ?, ?)`
		person      = `INSERT INTO persons (created_at, updated_at, name, email) VALUES (?, ?, 'Raw', ?)`
		network     = `INSERT INTO networks (created_at, updated_at, name, slug) VALUES (?, ?, 'Raw', ?)`
		group       = `INSERT INTO "groups" (created_at, updated_at, kind, name, slug, network_id) VALUES (?, ?, 'CITY', 'Raw', ?, ?)`
		skill       = `INSERT INTO skills (created_at, updated_at, name, slug, competence_area, network_id) VALUES (?, ?, 'Raw', ?, 'Area', ?)`
		timeEntry   = `INSERT INTO time_entries (created_at, updated_at, date, minutes, project_id, share_id, person_id) VALUES (?, ?, ?, ?, ?, ?, ?)`
		netCoop     = `INSERT INTO network_coops (network_id, coop_id) VALUES (?, ?)`
	)
	other := testkit.Must(c.Network.Create().SetName("Other").SetSlug("other").Save(e.ctx))(t)

	cases := []struct {
		name    string
		query   string
		valid   []any // must be accepted (nil: the invalid row duplicates an existing one)
		invalid []any
		kind    violation
	}{
		{"second membership for the same person and coop", membership,
			[]any{now, now, now, now, carla.ID, w.Coop.ID},
			[]any{now, now, now, now, w.Person.ID, w.Coop.ID}, uniqueViolation},
		{"second vote of the same voter on a proposal", vote,
			[]any{now, w.Proposal.ID, w.Person.ID},
			[]any{now, w.Proposal.ID, w.Buddy.ID}, uniqueViolation},
		{"negative budget share amount", share,
			[]any{now, now, 0, "EUR", w.Project.ID, w.Coop.ID, nil},
			[]any{now, now, -1, "EUR", w.Project.ID, w.Coop.ID, nil}, checkViolation},
		{"budget share held by a coop and a person at once", share,
			[]any{now, now, 100, "EUR", w.Project.ID, nil, carla.ID},
			[]any{now, now, 100, "EUR", w.Project.ID, w.Coop.ID, carla.ID}, checkViolation},
		{"budget share held by nobody", share,
			nil,
			[]any{now, now, 100, "EUR", w.Project.ID, nil, nil}, checkViolation},
		{"budget share currency eu", share,
			nil,
			[]any{now, now, 100, "eu", w.Project.ID, w.Coop.ID, nil}, checkViolation},
		{"person skill level 9", personSkill,
			[]any{now, now, 5, carla.ID, w.Skill.ID},
			[]any{now, now, 9, carla.ID, rust.ID}, checkViolation},
		{"person skill level 0", personSkill,
			[]any{now, now, 1, w.Buddy.ID, w.Skill.ID},
			[]any{now, now, 0, w.Buddy.ID, rust.ID}, checkViolation},
		{"second person skill for the same person and skill", personSkill,
			nil,
			[]any{now, now, 3, w.Person.ID, w.Skill.ID}, uniqueViolation},
		{"coop currency eu", coop,
			[]any{now, now, "raw-coop", "EUR"},
			[]any{now, now, "raw-coop-2", "eu"}, checkViolation},
		{"coop currency eur", coop,
			nil,
			[]any{now, now, "raw-coop-3", "eur"}, checkViolation},
		{"duplicate coop slug", coop,
			nil,
			[]any{now, now, "kollektiv-leipzig", "EUR"}, uniqueViolation},
		{"negative project budget", project,
			[]any{now, now, 0, "EUR", w.Coop.ID},
			[]any{now, now, -100, "EUR", w.Coop.ID}, checkViolation},
		{"project currency eu", project,
			nil,
			[]any{now, now, 100, "eu", w.Coop.ID}, checkViolation},
		{"project of a coop that does not exist", project,
			nil,
			[]any{now, now, 100, "EUR", w.Coop.ID + 1000}, foreignKeyViolation},
		{"duplicate email", person,
			[]any{now, now, "raw@example.org"},
			[]any{now, now, "anna@example.org"}, uniqueViolation},
		{"duplicate network slug", network,
			[]any{now, now, "raw-network"},
			[]any{now, now, "it-kollektiv"}, uniqueViolation},
		{"duplicate group slug in one network", group,
			[]any{now, now, "leipzig", other.ID},
			[]any{now, now, "leipzig", w.Network.ID}, uniqueViolation},
		{"duplicate skill slug in one network", skill,
			[]any{now, now, "go", other.ID},
			[]any{now, now, "go", w.Network.ID}, uniqueViolation},
		{"time entry of 0 minutes", timeEntry,
			[]any{now, now, now, 1, w.Project.ID, w.BudgetShare.ID, w.Person.ID},
			[]any{now, now, now, 0, w.Project.ID, w.BudgetShare.ID, w.Person.ID}, checkViolation},
		{"membership of a person that does not exist", membership,
			nil,
			[]any{now, now, now, now, w.Person.ID + 1000, w.Coop.ID}, foreignKeyViolation},
		{"coop linked to a network twice", netCoop,
			nil,
			[]any{w.Network.ID, w.Coop.ID}, uniqueViolation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := rebind(e.db, tc.query)
			if tc.valid != nil {
				if _, err := e.db.SQL.ExecContext(e.ctx, q, tc.valid...); err != nil {
					t.Fatalf("valid row rejected, so the statement itself is broken: %v", err)
				}
			}
			_, err := e.db.SQL.ExecContext(e.ctx, q, tc.invalid...)
			if !violates(err, tc.kind) {
				t.Fatalf("want a %s constraint violation, got %v", tc.kind, err)
			}
			t.Logf("%v", err)
		})
	}

	// Known limits of the database rules, logged rather than asserted: the
	// currency CHECK only checks the shape (three upper-case characters), and
	// e-mails are lower-cased by a Go hook, not by the database.
	for _, probe := range []struct {
		what  string
		query string
		args  []any
	}{
		{"unknown currency XYZ in coops", coop, []any{now, now, "raw-xyz", "XYZ"}},
		{"upper-case duplicate of an e-mail", person, []any{now, now, "ANNA@EXAMPLE.ORG"}},
	} {
		_, err := e.db.SQL.ExecContext(e.ctx, rebind(e.db, probe.query), probe.args...)
		t.Logf("raw insert of %s: error = %v", probe.what, err)
	}
}
