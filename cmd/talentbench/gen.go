package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/lib/pq"

	"github.com/coopnetwork/cockpit/internal/store"
)

// wipe empties the benchmark database (it is the benchmark's own).
func wipe(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `DROP SCHEMA public CASCADE; CREATE SCHEMA public`)
	return err
}

var cities = []string{"Leipzig", "Berlin", "Hamburg", "München", "Köln", "Dresden", "Frankfurt", "Stuttgart", "Bremen", "Hannover",
	"Nürnberg", "Wien", "Zürich", "Graz", "Basel", "Kassel", "Jena", "Halle", "Rostock", "Freiburg"}

var states = []struct {
	state  string
	weight int
}{{"MEMBER", 40}, {"FREELANCER", 25}, {"CANDIDATE", 10}, {"INTERESTED", 15}, {"PAUSED", 5}, {"LEFT", 5}}

// generate writes the benchmark network with COPY in one transaction.
func generate(ctx context.Context, db *store.DB, cfg config) error {
	rng := rand.New(rand.NewPCG(cfg.seed, 1))
	now := time.Now().UTC().Truncate(time.Second)
	today := now.Truncate(24 * time.Hour)
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()

	var netID int
	if err := tx.QueryRowContext(ctx, `INSERT INTO networks (created_at, updated_at, name, slug, self_sign_up)
		VALUES ($1, $1, 'Talent Bench', $2, false) RETURNING id`, now, benchSlug).Scan(&netID); err != nil {
		return err
	}

	// Skills: roots, then their children (each with an alias).
	roots := cfg.skills / 20
	if err := copyRows(ctx, tx, "skills", []string{"created_at", "updated_at", "name", "slug", "competence_area", "network_id"}, roots, func(i int) []any {
		return []any{now, now, fmt.Sprintf("Area %02d", i), fmt.Sprintf("area-%02d", i), fmt.Sprintf("Area %02d", i), netID}
	}); err != nil {
		return err
	}
	rootIDs, err := ids(ctx, tx, `SELECT id FROM skills WHERE network_id = $1 ORDER BY id`, netID)
	if err != nil {
		return err
	}
	children := roots * 19
	if err := copyRows(ctx, tx, "skills", []string{"created_at", "updated_at", "name", "slug", "competence_area", "aliases", "network_id", "parent_id"}, children, func(i int) []any {
		return []any{now, now, fmt.Sprintf("Skill %03d", i), fmt.Sprintf("skill-%03d", i), fmt.Sprintf("Area %02d", i%roots),
			fmt.Sprintf(`["s%03d"]`, i), netID, rootIDs[i%roots]}
	}); err != nil {
		return err
	}
	childIDs, err := ids(ctx, tx, `SELECT id FROM skills WHERE network_id = $1 AND parent_id IS NOT NULL ORDER BY id`, netID)
	if err != nil {
		return err
	}

	// Coops of the network.
	const coops = 200
	if err := copyRows(ctx, tx, "coops", []string{"created_at", "updated_at", "name", "slug", "city"}, coops, func(i int) []any {
		return []any{now, now, fmt.Sprintf("Bench Coop %03d", i), fmt.Sprintf("bench-coop-%03d", i), cities[i%len(cities)]}
	}); err != nil {
		return err
	}
	coopIDs, err := ids(ctx, tx, `SELECT id FROM coops WHERE slug LIKE 'bench-coop-%' ORDER BY id`)
	if err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "network_coops", []string{"network_id", "coop_id"}, coops, func(i int) []any {
		return []any{netID, coopIDs[i]}
	}); err != nil {
		return err
	}

	// Persons, their participation and memberships.
	if err := copyRows(ctx, tx, "persons", []string{"created_at", "updated_at", "name", "email", "city", "phone"}, cfg.persons, func(i int) []any {
		return []any{now, now, fmt.Sprintf("Person %06d", i), fmt.Sprintf("p%06d@bench.example.org", i), cities[rng.IntN(len(cities))], "+49 341 000000"}
	}); err != nil {
		return err
	}
	personIDs, err := ids(ctx, tx, `SELECT id FROM persons WHERE email LIKE '%@bench.example.org' ORDER BY id`)
	if err != nil {
		return err
	}
	direct := make([]bool, len(personIDs))
	var directIDs []int
	for i, id := range personIDs {
		if rng.IntN(10) < 9 {
			direct[i] = true
			directIDs = append(directIDs, id)
		}
	}
	if err := copyRows(ctx, tx, "network_memberships", []string{"role", "joined_at", "network_id", "person_id"}, len(directIDs), func(i int) []any {
		return []any{"PARTICIPANT", now, netID, directIDs[i]}
	}); err != nil {
		return err
	}
	type ms struct {
		person, coop int
		state        string
	}
	var memberships []ms
	for i, id := range personIDs {
		switch {
		case direct[i] && rng.IntN(3) == 0:
			memberships = append(memberships, ms{id, coopIDs[rng.IntN(coops)], weightedState(rng)})
		case !direct[i] && rng.IntN(2) == 0:
			memberships = append(memberships, ms{id, coopIDs[rng.IntN(coops)], "MEMBER"})
		}
	}
	// Who takes part in the network (directly, or through a membership that
	// has not ended): the rows are written past the hooks that keep
	// person_skills.in_network, so the generator sets it itself.
	participant := map[int]bool{}
	for i, id := range personIDs {
		participant[id] = direct[i]
	}
	for _, m := range memberships {
		if m.state != "LEFT" {
			participant[m.person] = true
		}
	}
	since := today.AddDate(-1, 0, 0)
	if err := copyRows(ctx, tx, "memberships", []string{"created_at", "updated_at", "state", "state_since", "joined_at", "coop_id", "person_id"}, len(memberships), func(i int) []any {
		m := memberships[i]
		return []any{now, now, m.state, since, since, m.coop, m.person}
	}); err != nil {
		return err
	}

	// Person skills: 4 to 12 (8 on average) distinct child skills each, with
	// a mild popularity skew.
	weights := make([]float64, len(childIDs))
	total := 0.0
	for i, r := range rng.Perm(len(childIDs)) {
		weights[i] = 1 / float64(r+20)
		total += weights[i]
	}
	cumulative := make([]float64, len(weights))
	acc := 0.0
	for i, w := range weights {
		acc += w / total
		cumulative[i] = acc
	}
	drawSkill := func() int {
		x := rng.Float64()
		lo, hi := 0, len(cumulative)-1
		for lo < hi {
			mid := (lo + hi) / 2
			if cumulative[mid] < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return childIDs[lo]
	}
	type psRow struct{ person, skill, level, years, endorsements int }
	var pss []psRow
	for _, id := range personIDs {
		k := cfg.perPerson - 4 + rng.IntN(9)
		seen := map[int]bool{}
		for len(seen) < k {
			s := drawSkill()
			if seen[s] {
				continue
			}
			seen[s] = true
			level := 1 + rng.IntN(5)
			e := 0
			if rng.IntN(10) < 3 {
				e = 1 + rng.IntN(8)
			}
			pss = append(pss, psRow{id, s, level, rng.IntN(level*3 + 1), e})
		}
	}
	if err := copyRows(ctx, tx, "person_skills", []string{"created_at", "updated_at", "level", "years", "wants_to_learn", "person_id", "skill_id", "endorsement_count", "in_network"}, len(pss), func(i int) []any {
		r := pss[i]
		return []any{now, now, r.level, r.years, r.level <= 2 && r.person%5 == 0, r.person, r.skill, r.endorsements, participant[r.person]}
	}); err != nil {
		return err
	}

	// Availability: 80 % of the persons offer one or two windows.
	type avRow struct {
		person, hours int
		from          time.Time
		until         *time.Time
	}
	var avs []avRow
	for _, id := range personIDs {
		if rng.IntN(10) >= 8 {
			continue
		}
		for range 1 + rng.IntN(2) {
			from := today.AddDate(0, 0, rng.IntN(240)-60)
			var until *time.Time
			if rng.IntN(2) == 0 {
				u := from.AddDate(0, 0, 30+rng.IntN(335))
				until = &u
			}
			avs = append(avs, avRow{id, 5 + rng.IntN(36), from, until})
		}
	}
	if err := copyRows(ctx, tx, "availabilities", []string{"created_at", "updated_at", "hours_per_week", "available_from", "available_until", "person_id"}, len(avs), func(i int) []any {
		a := avs[i]
		var until any
		if a.until != nil {
			until = *a.until
		}
		return []any{now, now, a.hours, a.from, until, a.person}
	}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, t := range []string{"skills", "persons", "network_memberships", "memberships", "network_coops", "person_skills", "availabilities", "coops"} {
		if _, err := db.SQL.ExecContext(ctx, "VACUUM ANALYZE "+t); err != nil {
			return err
		}
	}
	fmt.Printf("rows: %d skills, %d persons (%d direct participants), %d memberships, %d person skills, %d availability windows\n",
		roots+children, len(personIDs), len(directIDs), len(memberships), len(pss), len(avs))
	return nil
}

func weightedState(rng *rand.Rand) string {
	n := rng.IntN(100)
	for _, s := range states {
		if n < s.weight {
			return s.state
		}
		n -= s.weight
	}
	return "MEMBER"
}

// copyRows streams n rows into table with COPY.
func copyRows(ctx context.Context, tx *sql.Tx, table string, columns []string, n int, row func(int) []any) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, columns...))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	for i := range n {
		if _, err := stmt.ExecContext(ctx, row(i)...); err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return stmt.Close()
}

func ids(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
