// Command talentbench measures talentSearch on a large network in
// PostgreSQL through the real HTTP handler (issue 7):
//
//	go run ./cmd/talentbench -postgres 'postgres://postgres:postgres@127.0.0.1:5432/cockpit_bench7?sslmode=disable'
//
// It migrates the database and, unless it already holds the benchmark
// network, generates it with COPY: 100,000 persons (90 % taking part in the
// network directly, the rest through a coop or not at all), 500 skills (25
// competence roots with 19 child skills each, every child with an alias), 8
// skills per person on average on child skills (a mild popularity skew:
// weight 1/(rank+20)), availability windows for 80 % of the persons, 200
// coops with memberships for a third of the persons. Then it starts the
// HTTP handler in-process, mints a JWT for a participant and sends
// talentSearch requests one after another with 1, 3 and 5 requirements
// (random child skills, one in five a competence root, which matches all its
// children; minLevel 3; first: 20), printing median and p99 latency, SQL
// statements per request (token and viewer loading included) and the mean
// number of matches. -explain prints PostgreSQL's plan of one ranking
// statement with 3 requirements.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/cli"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/talent"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const benchSlug = "talent-bench"

type config struct {
	url                  string
	persons, skills      int
	perPerson            int
	requests, warmup     int
	regenerate, explain  bool
	breakdown            bool
	cpuProfile           string
	seed                 uint64
	requirementsPerQuery []int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.url, "postgres", os.Getenv("COCKPIT_BENCH_DATABASE"), "PostgreSQL URL of the benchmark database (it is migrated; use a database of its own)")
	flag.IntVar(&cfg.persons, "persons", 100_000, "persons to generate")
	flag.IntVar(&cfg.skills, "skills", 500, "skills to generate (multiple of 20: roots with 19 children each)")
	flag.IntVar(&cfg.perPerson, "skills-per-person", 8, "average skills per person")
	flag.IntVar(&cfg.requests, "requests", 300, "measured requests per requirement count")
	flag.IntVar(&cfg.warmup, "warmup", 30, "unmeasured requests per requirement count")
	flag.BoolVar(&cfg.regenerate, "regenerate", false, "drop and regenerate the benchmark network's data (otherwise an existing one is reused)")
	flag.BoolVar(&cfg.explain, "explain", false, "print EXPLAIN (ANALYZE, BUFFERS) of a ranking statement with 3 requirements, one a competence root")
	flag.BoolVar(&cfg.breakdown, "breakdown", false, "print the time of each kind of SQL statement (as the driver sees it, warm-up included)")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured searches (client and server) to this file")
	flag.Uint64Var(&cfg.seed, "seed", 7, "random seed")
	flag.Parse()
	cfg.requirementsPerQuery = []int{1, 3, 5}
	if !strings.HasPrefix(cfg.url, "postgres") {
		log.Fatal("give -postgres postgres://… (or COCKPIT_BENCH_DATABASE)")
	}
	// The handler runs in this process: with the collector setting of
	// `cockpit serve` (--gc-percent's default; GOGC wins).
	cli.ApplyGCPercent(cli.DefaultGCPercent, os.LookupEnv, slog.New(slog.DiscardHandler))
	if err := run(context.Background(), cfg); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, cfg config) error {
	counter, capture := &testkit.CountingDriver{}, &captureDriver{}
	wrap := func(d dialect.Driver) dialect.Driver {
		capture.Driver = counter.Wrap()(d)
		return capture
	}
	db, err := store.Open(ctx, cfg.url, store.Options{WrapDriver: wrap, MaxOpenConns: 8})
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.regenerate {
		if err := wipe(ctx, db.SQL); err != nil {
			return err
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	sys := authz.Under(ctx, authz.SeedBenchmark)
	exists, err := db.Client.Network.Query().Where(network.Slug(benchSlug)).Exist(sys)
	if err != nil {
		return err
	}
	if !exists {
		start := time.Now()
		if err := generate(ctx, db, cfg); err != nil {
			return fmt.Errorf("generating: %w", err)
		}
		fmt.Printf("generated %d persons, %d skills, ~%d person skills in %s (COPY, then VACUUM ANALYZE)\n",
			cfg.persons, cfg.skills, cfg.persons*cfg.perPerson, time.Since(start).Round(100*time.Millisecond))
	} else {
		fmt.Println("reusing the benchmark network in the database (-regenerate to rebuild it)")
	}
	// The search trusts person_skills.in_network; the generated rows bypass
	// the hooks that keep it, so check them all.
	start := time.Now()
	bad, err := talent.ParticipationMismatches(ctx, db.Driver)
	if err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("%d person skills disagree with the memberships about network participation", bad)
	}
	fmt.Printf("network participation of all person skills checked in %s: no mismatch\n", time.Since(start).Round(100*time.Millisecond))
	var netID, viewerID int
	if err := db.SQL.QueryRowContext(ctx, `SELECT id FROM networks WHERE slug = $1`, benchSlug).Scan(&netID); err != nil {
		return err
	}
	if err := db.SQL.QueryRowContext(ctx, `SELECT person_id FROM network_memberships WHERE network_id = $1 ORDER BY id LIMIT 1`, netID).Scan(&viewerID); err != nil {
		return err
	}
	subject := "bench|viewer"
	if _, err := db.SQL.ExecContext(ctx, `UPDATE persons SET subject = NULL WHERE subject = $1`, subject); err != nil {
		return err
	}
	if _, err := db.SQL.ExecContext(ctx, `UPDATE persons SET subject = $1 WHERE id = $2`, subject, viewerID); err != nil {
		return err
	}
	var jit, version string
	if err := db.SQL.QueryRowContext(ctx, `SELECT current_setting('jit'), current_setting('server_version')`).Scan(&jit, &version); err != nil {
		return err
	}
	fmt.Printf("PostgreSQL %s, jit %s for Cockpit's connections\n", version, jit)
	secret := []byte("talentbench-secret-0123456789abcdef")
	verifier, err := auth.NewVerifier(ctx, auth.Config{Secret: secret})
	if err != nil {
		return err
	}
	token, err := auth.MintHS256(secret, subject, time.Hour, "", "", time.Now())
	if err != nil {
		return err
	}
	// No access log: one line per search would drown the figures.
	srv := httptest.NewServer(server.New(db, server.Options{Verifier: verifier, Logger: slog.New(slog.DiscardHandler)}))
	defer srv.Close()

	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	skills, err := loadSkills(ctx, db.SQL, netID)
	if err != nil {
		return err
	}
	// Both shapes a front end sends: a result list with "N people found"
	// (totalCount: every match is checked and counted) and one without
	// (the filters run only until the page is full).
	for _, variant := range []struct{ name, query string }{
		{"with totalCount", query},
		{"without totalCount", strings.Replace(query, "totalCount ", "", 1)},
	} {
		rng := rand.New(rand.NewPCG(cfg.seed, 99))
		fmt.Printf("\ntalentSearch %s, first: 20, minLevel 3, %d requests each after %d warm-up, one at a time, through HTTP\n", variant.name, cfg.requests, cfg.warmup)
		fmt.Printf("%-13s %9s %9s %9s %12s %10s\n", "requirements", "median", "p99", "max", "statements", "matches")
		for _, k := range cfg.requirementsPerQuery {
			var lat []time.Duration
			var stmts, matches int64
			for i := range cfg.warmup + cfg.requests {
				names := pick(rng, skills, k)
				counter.Reset()
				t := time.Now()
				total, err := search(srv.URL, token, gid.Encode(netID), names, variant.query)
				d := time.Since(t)
				if err != nil {
					return err
				}
				if i >= cfg.warmup {
					lat = append(lat, d)
					stmts += counter.Count()
					matches += int64(total)
				}
			}
			slices.Sort(lat)
			n := int64(len(lat))
			shown := "-"
			if matches > 0 {
				shown = fmt.Sprint(matches / n)
			}
			fmt.Printf("%-13d %9s %9s %9s %12.1f %10s\n", k, ms(lat[len(lat)/2]), ms(lat[(len(lat)*99+99)/100-1]), ms(lat[len(lat)-1]),
				float64(stmts)/float64(n), shown)
			if cfg.breakdown {
				capture.breakdown(cfg.warmup + cfg.requests)
			}
		}
	}
	if cfg.explain {
		// The worst case: a competence root and two child skills.
		rng := rand.New(rand.NewPCG(cfg.seed, 99))
		names := pick(rng, skills, 3)
		for !slices.ContainsFunc(skills, func(s benchSkill) bool { return s.root && s.name == names[0] }) {
			names = pick(rng, skills, 3)
		}
		return explain(ctx, db, capture, srv.URL, token, gid.Encode(netID), names)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

type benchSkill struct {
	name string
	root bool
}

func loadSkills(ctx context.Context, db *sql.DB, netID int) ([]benchSkill, error) {
	rows, err := db.QueryContext(ctx, `SELECT name, parent_id IS NULL FROM skills WHERE network_id = $1 ORDER BY id`, netID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benchSkill
	for rows.Next() {
		var s benchSkill
		if err := rows.Scan(&s.name, &s.root); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// pick draws k distinct skills: child skills, and in one of five searches a
// competence root for the first requirement.
func pick(rng *rand.Rand, skills []benchSkill, k int) []string {
	var roots, children []string
	for _, s := range skills {
		if s.root {
			roots = append(roots, s.name)
		} else {
			children = append(children, s.name)
		}
	}
	var out []string
	if rng.IntN(5) == 0 {
		out = append(out, roots[rng.IntN(len(roots))])
	}
	for len(out) < k {
		n := children[rng.IntN(len(children))]
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

const query = `query($net: ID!, $in: TalentSearchInput!) { node(id: $net) { ... on Network {
  talentSearch(input: $in, first: 20) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { score person { id name city email }
      matched { personSkill { level skill { name } } viaChildSkill points }
      missing { skill { name } } availability { hoursPerWeek from until } } } } } } }`

var client = &http.Client{Timeout: 30 * time.Second}

func search(url, token, netID string, skills []string, query string) (int, error) {
	reqs := make([]map[string]any, len(skills))
	for i, s := range skills {
		reqs[i] = map[string]any{"skill": s, "minLevel": 3}
	}
	body, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{"net": netID, "in": map[string]any{"requirements": reqs}}})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out struct {
		Data struct {
			Node *struct {
				TalentSearch struct{ TotalCount int }
			}
		}
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) > 0 || out.Data.Node == nil {
		return 0, fmt.Errorf("search %v failed: %s", skills, raw)
	}
	return out.Data.Node.TalentSearch.TotalCount, nil
}

// explain prints the plan of the ranking statement of one search, as the
// capturing driver saw it.
func explain(ctx context.Context, db *store.DB, capture *captureDriver, url, token, netID string, skills []string) error {
	if _, err := search(url, token, netID, skills, query); err != nil {
		return err
	}
	stmt, args := capture.last()
	if stmt == "" {
		return fmt.Errorf("no ranking statement seen")
	}
	fmt.Printf("\nEXPLAIN (ANALYZE, BUFFERS) of the ranking statement for %q:\n%s\nargs %v\n\n", skills, stmt, args)
	rows, err := db.SQL.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+stmt, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		fmt.Println(line)
	}
	return rows.Err()
}

// captureDriver remembers the last ranking statement of talent search.
type captureDriver struct {
	dialect.Driver
	mu    sync.Mutex
	stmt  string
	args  []any
	times map[string][]time.Duration // by statementLabel
}

func (d *captureDriver) Query(ctx context.Context, query string, args, v any) error {
	if strings.HasPrefix(query, "WITH rq") {
		d.mu.Lock()
		d.stmt = query
		d.args, _ = args.([]any)
		d.mu.Unlock()
	}
	t := time.Now()
	err := d.Driver.Query(ctx, query, args, v)
	d.mu.Lock()
	if d.times == nil {
		d.times = map[string][]time.Duration{}
	}
	k := statementLabel(query)
	d.times[k] = append(d.times[k], time.Since(t))
	d.mu.Unlock()
	return err
}

// statementLabel names a statement by the table it reads first.
func statementLabel(q string) string {
	if strings.HasPrefix(q, "WITH rq") {
		return "ranking"
	}
	i := strings.Index(q, " FROM ")
	if i < 0 {
		return q[:min(len(q), 30)]
	}
	f := strings.Fields(q[i+6:])
	if len(f) == 0 {
		return "?"
	}
	return strings.Trim(f[0], `"`)
}

// breakdown prints and forgets the statement times recorded so far.
func (d *captureDriver) breakdown(requests int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var keys []string
	for k := range d.times {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		ts := d.times[k]
		var sum time.Duration
		for _, t := range ts {
			sum += t
		}
		slices.Sort(ts)
		fmt.Printf("    %-22s %6.2f per request, mean %s, p99 %s\n", k, float64(len(ts))/float64(requests), ms(sum/time.Duration(len(ts))), ms(ts[(len(ts)*99+99)/100-1]))
	}
	d.times = nil
}

func (d *captureDriver) last() (string, []any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stmt, d.args
}
