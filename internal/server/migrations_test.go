package server_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect/sql/schema"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/talent"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

var ddl = regexp.MustCompile(`(?i)\b(CREATE|ALTER|DROP)\b`)

// pendingSchemaChanges returns what ent's auto-migration would still change
// in db, dropping included: empty when the committed migrations produce
// exactly the ent schema.
func pendingSchemaChanges(t *testing.T, db *store.DB) string {
	t.Helper()
	var buf bytes.Buffer
	if err := db.Client.Schema.WriteTo(context.Background(), &buf, schema.WithDropColumn(true), schema.WithDropIndex(true)); err != nil {
		t.Fatalf("diffing the ent schema against the database: %v", err)
	}
	return buf.String()
}

func migrationVersions(t *testing.T, dia string) []string {
	t.Helper()
	dir, err := store.MigrationDir(dia)
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	var versions []string
	for _, f := range files {
		versions = append(versions, f.Version())
	}
	if len(versions) == 0 {
		t.Fatalf("no migrations for %s", dia)
	}
	return versions
}

// TestCommittedMigrationsMatchTheEntSchema: after the committed migrations,
// ent sees nothing to create, alter or drop, so the migration directories
// are not behind ent/schema.
func TestCommittedMigrationsMatchTheEntSchema(t *testing.T) {
	db := testkit.NewDB(t, store.Options{})
	out := pendingSchemaChanges(t, db)
	t.Logf("%s: pending schema changes after migrating: %q", db.Dialect, out)
	if ddl.MatchString(out) || strings.TrimSpace(out) != "" {
		t.Fatalf("the committed %s migrations are behind ent/schema; run cmd/migrategen. Pending:\n%s", db.Dialect, out)
	}

	// The check does see drift: without a unique index, ent wants it back.
	if _, err := db.SQL.ExecContext(context.Background(), `DROP INDEX membership_person_id_coop_id`); err != nil {
		t.Fatal(err)
	}
	out = pendingSchemaChanges(t, db)
	if !regexp.MustCompile(`(?i)CREATE UNIQUE INDEX\W+membership_person_id_coop_id`).MatchString(out) {
		t.Fatalf("after dropping an index, the diff does not recreate it:\n%s", out)
	}
}

// TestMigrate: a fresh database has every migration pending; Migrate applies
// them all, a second run applies nothing, and nothing is pending afterwards.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, testkit.NewDatabaseURL(t), testkit.StoreOptions(store.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	all := migrationVersions(t, db.Dialect)

	pending, err := db.Pending(ctx)
	if err != nil {
		t.Fatalf("Pending on an empty database: %v", err)
	}
	if !slices.Equal(pending, all) {
		t.Errorf("pending on an empty database: %v, want %v", pending, all)
	}
	if out := pendingSchemaChanges(t, db); !strings.Contains(strings.ToUpper(out), "CREATE TABLE") {
		t.Errorf("an empty database should need tables, diff: %q", out)
	}

	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("first migration: %v", err)
	}
	if !slices.Equal(applied, all) {
		t.Errorf("first run applied %v, want %v", applied, all)
	}
	applied, err = db.Migrate(ctx)
	if err != nil {
		t.Fatalf("second migration: %v", err)
	}
	if len(applied) != 0 {
		t.Errorf("second run applied %v, want nothing", applied)
	}
	if pending, err = db.Pending(ctx); err != nil || len(pending) != 0 {
		t.Errorf("pending after migrating: %v, %v", pending, err)
	}
	if out := pendingSchemaChanges(t, db); strings.TrimSpace(out) != "" {
		t.Errorf("schema changes pending after migrating:\n%s", out)
	}
}

// TestConcurrentMigrate starts several migrators on one empty database at
// once, as replicas starting together do: each migration is applied exactly
// once and none of them fails.
func TestConcurrentMigrate(t *testing.T) {
	ctx := context.Background()
	dbURL := testkit.NewDatabaseURL(t)
	const replicas = 4
	dbs := make([]*store.DB, replicas)
	for i := range dbs {
		db, err := store.Open(ctx, dbURL, testkit.StoreOptions(store.Options{}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	all := migrationVersions(t, dbs[0].Dialect)

	var wg sync.WaitGroup
	applied := make([][]string, replicas)
	errs := make([]error, replicas)
	for i, db := range dbs {
		wg.Go(func() { applied[i], errs[i] = db.Migrate(ctx) })
	}
	wg.Wait()
	var total []string
	for i := range dbs {
		if errs[i] != nil {
			t.Errorf("migrator %d: %v", i, errs[i])
		}
		total = append(total, applied[i]...)
	}
	slices.Sort(total)
	if !slices.Equal(total, all) {
		t.Errorf("together the migrators applied %v, want each of %v exactly once", total, all)
	}
	if out := pendingSchemaChanges(t, dbs[0]); strings.TrimSpace(out) != "" {
		t.Errorf("schema changes pending after migrating:\n%s", out)
	}
}

// TestUpgradeFillsTalentParticipation upgrades a database holding data from
// before person_skills.in_network and networks.taxonomy_version: the
// migrations must succeed with rows referring to person skills and networks
// (on SQLite a table rebuild would fail there), mark exactly the skills of
// persons who take part in the skill's network, and start every network's
// taxonomy version at 1.
func TestUpgradeFillsTalentParticipation(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, testkit.NewDatabaseURL(t), testkit.StoreOptions(store.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const before = "20261127194807" // everything before talent_participation, in both dialects
	if _, err := db.MigrateTo(ctx, before); err != nil {
		t.Fatal(err)
	}
	now := "'2026-11-01 09:00:00'"
	insert := func(stmt string) int {
		t.Helper()
		var id int
		if err := db.SQL.QueryRowContext(ctx, stmt+" RETURNING id").Scan(&id); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
		return id
	}
	net := insert(`INSERT INTO networks (created_at, updated_at, name, slug) VALUES (` + now + `, ` + now + `, 'Netz', 'netz')`)
	other := insert(`INSERT INTO networks (created_at, updated_at, name, slug) VALUES (` + now + `, ` + now + `, 'Anderes', 'anderes')`)
	coop := insert(`INSERT INTO coops (created_at, updated_at, name, slug) VALUES (` + now + `, ` + now + `, 'Quelltext', 'quelltext')`)
	if _, err := db.SQL.ExecContext(ctx, fmt.Sprintf(`INSERT INTO network_coops (network_id, coop_id) VALUES (%d, %d)`, net, coop)); err != nil {
		t.Fatal(err)
	}
	person := func(name string) int {
		return insert(fmt.Sprintf(`INSERT INTO persons (created_at, updated_at, name, email) VALUES (%s, %s, '%s', '%s@example.org')`, now, now, name, name))
	}
	direct, member, left, outsider := person("direct"), person("member"), person("left"), person("outsider")
	if _, err := db.SQL.ExecContext(ctx, fmt.Sprintf(`INSERT INTO network_memberships (joined_at, network_id, person_id) VALUES (%s, %d, %d)`, now, net, direct)); err != nil {
		t.Fatal(err)
	}
	for p, state := range map[int]string{member: "MEMBER", left: "LEFT"} {
		insert(fmt.Sprintf(`INSERT INTO memberships (created_at, updated_at, state, state_since, joined_at, coop_id, person_id) VALUES (%s, %s, '%s', %s, %s, %d, %d)`,
			now, now, state, now, now, coop, p))
	}
	skill := func(network int, name string) int {
		return insert(fmt.Sprintf(`INSERT INTO skills (created_at, updated_at, name, slug, competence_area, network_id) VALUES (%s, %s, '%s', '%s', 'Tech', %d)`,
			now, now, name, name, network))
	}
	goSkill, elsewhere := skill(net, "go"), skill(other, "rust")
	want := map[int]bool{}
	personSkill := func(p, s int, findable bool) int {
		id := insert(fmt.Sprintf(`INSERT INTO person_skills (created_at, updated_at, level, person_id, skill_id) VALUES (%s, %s, 3, %d, %d)`, now, now, p, s))
		want[id] = findable
		return id
	}
	endorsed := personSkill(direct, goSkill, true)
	personSkill(direct, elsewhere, false) // takes part in Netz, not in Anderes
	personSkill(member, goSkill, true)
	personSkill(left, goSkill, false)
	personSkill(outsider, goSkill, false)
	insert(fmt.Sprintf(`INSERT INTO endorsements (created_at, endorser_id, person_skill_id) VALUES (%s, %d, %d)`, now, member, endorsed))

	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("upgrading a database with person skills and endorsements: %v", err)
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, in_network FROM person_skills`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var id int
		var in bool
		if err := rows.Scan(&id, &in); err != nil {
			t.Fatal(err)
		}
		seen++
		if in != want[id] {
			t.Errorf("person skill %d: in_network %v after the upgrade, want %v", id, in, want[id])
		}
	}
	if seen != len(want) {
		t.Errorf("%d person skills after the upgrade, want %d", seen, len(want))
	}
	if n, err := talent.ParticipationMismatches(ctx, db.Driver); err != nil || n != 0 {
		t.Errorf("%d mismatches after the upgrade (err %v)", n, err)
	}
	var versions, ones int
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN taxonomy_version = 1 THEN 1 ELSE 0 END) FROM networks`).Scan(&versions, &ones); err != nil || versions != 2 || ones != 2 {
		t.Errorf("networks after the upgrade: %d, %d with taxonomy version 1 (err %v); want 2 and 2", versions, ones, err)
	}
	var endorsements int
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM endorsements`).Scan(&endorsements); err != nil || endorsements != 1 {
		t.Errorf("endorsements after the upgrade: %d (err %v), want 1", endorsements, err)
	}
}
