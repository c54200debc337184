package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestUpgradeAddsOneOpenProposalPerMembership upgrades a database holding
// the demo network from before the invariants migration: the demo's data
// satisfies the new partial unique index (one OPEN proposal per membership),
// and afterwards the database itself refuses a second open admission
// proposal of a membership while closed ones and proposals naming no
// membership stay unlimited.
func TestUpgradeAddsOneOpenProposalPerMembership(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, testkit.NewDatabaseURL(t), testkit.StoreOptions(store.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const before = "20261207081735" // everything before the invariants migration, in both dialects
	if _, err := db.MigrateTo(ctx, before); err != nil {
		t.Fatal(err)
	}
	// The demo is written by today's ent client, which also writes the
	// columns later migrations add (with their defaults): they exist while
	// it seeds and are dropped again, so the database is as it was before
	// the migration.
	later := []struct{ table, column, def string }{
		// rejoin_pathways_close_reason
		{"memberships", "pathway", "integer NOT NULL DEFAULT 1"},
		{"memberships", "buddy_pathway", "integer NOT NULL DEFAULT 1"},
		{"memberships", "buy_in_pathway", "integer NOT NULL DEFAULT 1"},
		{"milestone_progresses", "pathway", "integer NOT NULL DEFAULT 1"},
		// surplus_decisions
		{"coops", "surplus_includes_former_members", "boolean NOT NULL DEFAULT true"},
		// decision_rules
		{"projects", "deciders", "varchar(20) NOT NULL DEFAULT 'LEAD_COOP'"},
		{"coops", "bylaws_version", "integer NOT NULL DEFAULT 1"},
		{"coops", "network_votes", "varchar(20) NOT NULL DEFAULT 'INTERNAL_PROPOSAL'"},
		{"networks", "default_rule", "varchar(20) NOT NULL DEFAULT 'TWO_THIRDS'"},
		{"networks", "quorum_percent", "integer NOT NULL DEFAULT 50"},
		{"networks", "participant_voice", "varchar(20) NOT NULL DEFAULT 'ADVISORY'"},
		{"networks", "bylaws_version", "integer NOT NULL DEFAULT 1"},
		{"proposals", "electorate", "varchar(20) NOT NULL DEFAULT 'MEMBERS'"},
		{"proposals", "min_voting_days", "integer NOT NULL DEFAULT 0"},
		// network_through_api
		{"networks", "etiquette_version", "integer NOT NULL DEFAULT 1"},
		{"persons", "claim_on_first_login", "boolean NOT NULL DEFAULT false"},
		{"projects", "archived_at", "timestamp with time zone NULL"},
		{"groups", "archived_at", "timestamp with time zone NULL"},
		{"skills", "archived_at", "timestamp with time zone NULL"},
		{"milestone_templates", "archived_at", "timestamp with time zone NULL"},
		{"availabilities", "archived_at", "timestamp with time zone NULL"},
		{"coops", "archived_at", "timestamp with time zone NULL"},
		{"persons", "erased_at", "timestamp with time zone NULL"},
		{"project_skill_needs", "starts_on", "timestamp with time zone NULL"},
		{"project_skill_needs", "ends_on", "timestamp with time zone NULL"},
		// money_ledger
		{"coops", "monthly_dues_cents", "bigint NOT NULL DEFAULT 0"},
		{"coops", "overhead_levy_basis_points", "bigint NOT NULL DEFAULT 0"},
		{"coops", "surplus_basis", "varchar(20) NOT NULL DEFAULT 'BILLABLE_ONLY'"},
		{"coops", "books_closed_by", "varchar(20) NOT NULL DEFAULT 'DECISION'"},
		{"projects", "client_id", "bigint NULL"},
		{"projects", "client_contact_id", "bigint NULL"},
		{"projects", "pm_person_id", "bigint NULL"},
		{"projects", "pm_coop_id", "bigint NULL"},
		{"time_entries", "invoice_line_id", "bigint NULL"},
		{"memberships", "buy_in_waived_at", "timestamp with time zone NULL"},
		{"memberships", "buy_in_waiver_proposal_id", "bigint NULL"},
		{"memberships", "buy_in_refund_paid_cents", "bigint NULL"},
		{"proposals", "waiver_membership_id", "bigint NULL"},
		{"proposals", "books_period_start", "timestamp with time zone NULL"},
		{"proposals", "books_period_end", "timestamp with time zone NULL"},
		{"proposals", "surplus_override_reason", "text NULL"},
		{"surplus_distributions", "source", "varchar(20) NOT NULL DEFAULT 'OVERRIDE'"},
		{"surplus_distributions", "override_reason", "text NULL"},
		{"surplus_distributions", "books_result_cents", "bigint NULL"},
		// public_face (issue 18).
		{"networks", "public_directory", "boolean NOT NULL DEFAULT false"},
		{"coops", "public_profile", "boolean NOT NULL DEFAULT false"},
		{"coops", "public_services", "text NULL"},
		{"coops", "public_contact_email", "text NULL"},
		{"coops", "public_website", "text NULL"},
		{"persons", "public_name", "boolean NOT NULL DEFAULT false"},
		{"persons", "public_city", "boolean NOT NULL DEFAULT false"},
		{"persons", "public_skills", "boolean NOT NULL DEFAULT false"},
		{"persons", "public_availability", "boolean NOT NULL DEFAULT false"},
		{"persons", "public_coops", "boolean NOT NULL DEFAULT false"},
	}
	for _, c := range later {
		if _, err := db.SQL.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %s ADD COLUMN %s %s`, c.table, c.column, c.def)); err != nil {
			t.Fatal(err)
		}
	}
	// Tables of later migrations that today's client writes while seeding
	// (bylaws_versions: version 1 of every coop's and network's bylaws, by
	// the founding hook), created by their own migration and dropped again.
	laterTables := []struct{ table, migration string }{{"bylaws_versions", "bylaws_versions"}}
	for _, lt := range laterTables {
		if _, err := db.SQL.ExecContext(ctx, laterMigration(t, db.Dialect, lt.migration)); err != nil {
			t.Fatal(err)
		}
	}
	// The audit log's tables (network_through_api): today's client records
	// the seeding in them. Only their statements of that migration are run,
	// and the tables dropped again after seeding.
	auditTables := []string{"audit_objects", "audit_records"} // in the order they are dropped
	for _, stmt := range strings.Split(laterMigration(t, db.Dialect, "network_through_api"), "\n") {
		if !strings.HasPrefix(stmt, "--") && strings.Contains(stmt, "audit_") {
			if _, err := db.SQL.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
	}
	sys := testkit.System(ctx)
	if err := demo.SeedBeforeDecisions(sys, db.Client); err != nil {
		t.Fatalf("seeding the demo before the migration: %v", err)
	}
	for _, c := range later {
		if _, err := db.SQL.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %s DROP COLUMN %s`, c.table, c.column)); err != nil {
			t.Fatal(err)
		}
	}
	for _, lt := range laterTables {
		if _, err := db.SQL.ExecContext(ctx, `DROP TABLE `+lt.table); err != nil {
			t.Fatal(err)
		}
	}
	for _, table := range auditTables {
		if _, err := db.SQL.ExecContext(ctx, `DROP TABLE `+table); err != nil {
			t.Fatal(err)
		}
	}
	open, err := db.Client.Proposal.Query().Where(proposal.StatusEQ(proposal.StatusOPEN), proposal.MembershipIDNotNil()).Count(sys)
	if err != nil || open == 0 {
		t.Fatalf("the demo has %d open admission proposals (err %v); the upgrade would test nothing", open, err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("upgrading the demo database: %v", err)
	}

	// Straight SQL, past Cockpit: the index itself decides.
	var membershipID, coopID int
	if err := db.SQL.QueryRowContext(ctx, `SELECT membership_id, coop_id FROM proposals WHERE status = 'OPEN' AND membership_id IS NOT NULL ORDER BY id LIMIT 1`).
		Scan(&membershipID, &coopID); err != nil {
		t.Fatal(err)
	}
	insert := func(status string, membership any) error {
		closed := "NULL"
		if status != "OPEN" {
			closed = "'2026-10-01 09:00:00'"
		}
		_, err := db.SQL.ExecContext(ctx, fmt.Sprintf(`INSERT INTO proposals
			(created_at, updated_at, kind, title, status, rule, quorum_percent, opened_at, closes_at, closed_at, coop_id, membership_id)
			VALUES ('2026-10-01 09:00:00', '2026-10-01 09:00:00', '%s', 'again', '%s', 'CONSENSUS', 50, '2026-10-01 09:00:00', '2030-01-01 00:00:00', %s, %d, %v)`,
			map[bool]string{true: "ADMISSION", false: "GENERAL"}[membership != "NULL"], status, closed, coopID, membership))
		return err
	}
	for _, tc := range []struct {
		name       string
		status     string
		membership any
		refused    bool
	}{
		{"a second open admission of the membership", "OPEN", membershipID, true},
		{"a closed admission of the membership", "REJECTED", membershipID, false},
		{"an open proposal naming no membership", "OPEN", "NULL", false},
		{"another open proposal naming no membership", "OPEN", "NULL", false},
	} {
		err := insert(tc.status, tc.membership)
		if (err != nil) != tc.refused {
			t.Errorf("%s: error %v, want refused=%v", tc.name, err, tc.refused)
		}
	}

	// Through ent with the system context, past every operation: CONFLICT
	// naming the membership, and nothing written.
	count := func() int {
		n, err := db.Client.Proposal.Query().Where(proposal.MembershipID(membershipID), proposal.StatusEQ(proposal.StatusOPEN)).Count(sys)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	err = db.Client.Proposal.Create().SetCoopID(coopID).SetKind(proposal.KindADMISSION).SetTitle("bypass").
		SetRule(proposal.RuleCONSENSUS).SetQuorumPercent(50).SetClosesAt(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)).
		SetMembershipID(membershipID).Exec(sys)
	if e := apperr.Classify(err); err == nil || e.Code != apperr.Conflict || e.Field != "membershipID" {
		t.Errorf("a second open admission through ent: %v (%s %s), want CONFLICT on membershipID", err, e.Code, e.Field)
	}
	if n := count(); n != 1 {
		t.Errorf("%d open admission proposals of membership %d, want 1", n, membershipID)
	}
}

// laterMigration is the SQL of the migration named name (the file
// <version>_<name>.sql) of the dialect.
func laterMigration(t *testing.T, dia, name string) string {
	t.Helper()
	dir, err := store.MigrationDir(dia)
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name(), "_"+name+".sql") {
			return string(f.Bytes())
		}
	}
	t.Fatalf("no migration %s for %s", name, dia)
	return ""
}
