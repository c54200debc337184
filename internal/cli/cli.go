// Package cli is the cockpit command: serve, migrate, seed, version. It is a
// package (not main) so tests can run the real command end to end.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/talent"
	"github.com/coopnetwork/cockpit/internal/tracing"
)

// Version is set at build time with -ldflags "-X .../internal/cli.Version=v1.2.3".
var Version = "dev"

// Env looks up configuration from the environment (os.LookupEnv in production).
type Env func(key string) (string, bool)

const usage = `Cockpit: the shared back office of a network of tech worker cooperatives.

Usage:
  cockpit <command> [flags]

Commands:
  serve     run the GraphQL API (applies pending migrations first)
  migrate   apply pending database migrations and exit
  init      set up an empty database: its network and first admin (init --network NAME --admin-email EMAIL)
  check     check data that hooks keep in step (check --repair: fix it)
  seed      load data into the database (seed --demo: the demo network)
  token     print a development token for a person (token --person EMAIL)
  version   print the version and the versions of key libraries
  healthcheck  exit 0 if the server at --addr answers /healthz (for container health checks)
  schema    print the public GraphQL schema as SDL, no database needed (schema -o FILE; cmd/cockpit/schema.go)

Every flag can also be set as an environment variable: --database is
COCKPIT_DATABASE, --addr is COCKPIT_ADDR, and so on. DATABASE_URL is accepted
for --database too. The default database is the SQLite file cockpit.db in the
working directory; a postgres:// URL selects PostgreSQL.

Run "cockpit <command> --help" for the flags of a command.
`

// Run executes the command line args (without the program name) and returns
// the process exit code. ready, when not nil, receives the listening address
// once serve accepts connections.
func Run(ctx context.Context, args []string, env Env, stdout, stderr io.Writer, ready func(addr string)) int {
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], env, stderr, logger, ready)
	case "migrate":
		err = migrate(ctx, args[1:], env, stdout, stderr)
	case "check":
		err = check(ctx, args[1:], env, stdout, stderr)
	case "seed":
		err = seed(ctx, args[1:], env, stdout, stderr)
	case "init":
		err = initCmd(ctx, args[1:], env, stdout, stderr)
	case "version":
		printVersion(stdout)
	case "token":
		err = token(ctx, args[1:], env, stdout, stderr)
	case "healthcheck":
		err = healthcheck(ctx, args[1:], env, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "cockpit: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "cockpit %s: %v\n", args[0], err)
			return 2
		}
		var re refusedError
		if errors.As(err, &re) {
			fmt.Fprintf(stderr, "cockpit %s: %v\n", args[0], err)
			return 1
		}
		logger.Error("cockpit "+args[0]+" failed", "error", err.Error())
		return 1
	}
	return 0
}

type usageError struct{ error }

// flags is a FlagSet whose flags fall back to COCKPIT_* environment variables.
type flags struct {
	*flag.FlagSet
	env Env
	// envErrs are environment values that do not parse, reported by parse.
	envErrs []error
}

func newFlags(name, summary string, env Env, out io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: cockpit %s [flags]\n\n%s\n\nFlags (environment variable in brackets):\n", name, summary)
		fs.PrintDefaults()
	}
	return &flags{FlagSet: fs, env: env}
}

func envName(flagName string) string {
	return "COCKPIT_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flags) string(name, def, help string) *string {
	if v, ok := f.env(envName(name)); ok {
		def = v
	}
	return f.String(name, def, help+" ["+envName(name)+"]")
}

func (f *flags) bool(name string, def bool, help string) *bool {
	if v, ok := f.env(envName(name)); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			def = b
		}
	}
	return f.Bool(name, def, help+" ["+envName(name)+"]")
}

func (f *flags) int(name string, def int, help string) *int {
	p := f.Int(name, def, help+" ["+envName(name)+"]")
	f.fromEnv(name)
	return p
}

func (f *flags) int64(name string, def int64, help string) *int64 {
	p := f.Int64(name, def, help+" ["+envName(name)+"]")
	f.fromEnv(name)
	return p
}

func (f *flags) duration(name string, def time.Duration, help string) *time.Duration {
	p := f.Duration(name, def, help+" ["+envName(name)+"]")
	f.fromEnv(name)
	return p
}

// fromEnv sets a defined flag from its environment variable, if present;
// the command line still overrides it.
func (f *flags) fromEnv(name string) {
	if v, ok := f.env(envName(name)); ok && v != "" {
		if err := f.Set(name, v); err != nil {
			f.envErrs = append(f.envErrs, fmt.Errorf("%s=%q: %w", envName(name), v, err))
		}
	}
}

func (f *flags) database() *string {
	def := store.DefaultURL
	if v, ok := f.env("DATABASE_URL"); ok && v != "" {
		def = v
	}
	if v, ok := f.env(envName("database")); ok && v != "" {
		def = v
	}
	return f.String("database", def, "SQLite file path, or postgres://user:pass@host/db URL [COCKPIT_DATABASE or DATABASE_URL]")
}

func (f *flags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if f.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments: %s", strings.Join(f.Args(), " "))}
	}
	if len(f.envErrs) > 0 {
		return usageError{errors.Join(f.envErrs...)}
	}
	return nil
}

func openMigrated(ctx context.Context, url string, migrateFirst bool, logger *slog.Logger, opts ...store.Options) (*store.DB, error) {
	var o store.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	db, err := store.Open(ctx, url, o)
	if err != nil {
		return nil, err
	}
	if migrateFirst {
		applied, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		if len(applied) > 0 && logger != nil {
			logger.Info("applied migrations", "versions", applied)
		}
		return db, nil
	}
	pending, err := db.Pending(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(pending) > 0 {
		db.Close()
		return nil, fmt.Errorf("database has %d pending migrations; run cockpit migrate", len(pending))
	}
	return db, nil
}

func serve(ctx context.Context, args []string, env Env, stderr io.Writer, logger *slog.Logger, ready func(string)) error {
	fs := newFlags("serve", "Runs the GraphQL API at /graphql with GraphiQL at /, /healthz and /readyz.", env, stderr)
	addr := fs.string("addr", "localhost:8080", "address to listen on (use :8080 to accept remote connections)")
	dbURL := fs.database()
	withDemo := fs.bool("demo", false, "load the demo network if the database holds no network yet")
	demoOpts := fs.demoAnchor()
	initv := fs.initValues()
	autoMigrate := fs.bool("migrate", true, "apply pending migrations at start-up")
	origins := fs.string("cors-origins", "", "comma-separated origins allowed to call the API from a browser, e.g. https://app.example.org; none: same-origin only; * allows any origin")
	authf := fs.auth()
	lim := fs.limits()
	pub := fs.public() // publicflags.go
	pool := fs.pool()
	fleet := fs.fleet()
	otelEndpoint := fs.string("otel-endpoint", "", "OTLP/HTTP endpoint for OpenTelemetry traces (e.g. http://collector:4318); OTEL_EXPORTER_OTLP_ENDPOINT works too; off when neither is set")
	drain := fs.duration("shutdown-timeout", 20*time.Second, "on SIGTERM, how long in-flight requests may finish before the server closes")
	gcPercent := fs.gcPercent() // gcflags.go
	pprofAddr := fs.string("pprof-addr", "", "serve Go's runtime profiles at /debug/pprof/ on this separate address (e.g. localhost:6060); off when empty. Never expose it publicly")
	hooks := fs.webhooks()
	closeEvery := fs.duration("close-interval", server.DefaultCloseInterval, "how often to close proposals whose closesAt has passed, as a member's close would (on one replica of the fleet at a time, under the deadlines lease; each proposal closes once); 0 turns it off")
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := initv.check(*withDemo); err != nil {
		return usageError{err}
	}
	authCfg, err := authf.config(*dbURL, *withDemo || initv.requested(), logger)
	if err != nil {
		return usageError{err}
	}
	verifier, err := newVerifier(ctx, authCfg, logger)
	if err != nil {
		return err
	}
	traceCfg := tracing.Config{Endpoint: *otelEndpoint, Env: env, Version: Version}
	stopTracing, err := tracing.Setup(ctx, traceCfg)
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	defer func() {
		// Flush the last spans, bounded: a collector that is gone must not
		// hold up the exit.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := stopTracing(fctx); err != nil {
			logger.Warn("tracing: flushing spans failed", "error", err.Error())
		}
	}()
	if traceCfg.Enabled() {
		logger.Info("tracing to OTLP/HTTP endpoint")
	}
	if err := fleet.check(ctx, *dbURL); err != nil {
		return err
	}
	// Migrations take transaction-level locks only: they run through the
	// pool, a transaction-mode PgBouncer included.
	db, err := openMigrated(ctx, *dbURL, *autoMigrate, logger, fleet.poolOptions(fs, pool, *dbURL, logger))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := initv.run(ctx, db, logger); err != nil {
		return err
	}
	if *withDemo {
		opts, err := demoOpts(ctx)
		if err != nil {
			return err
		}
		switch err := demo.SeedWith(ctx, db.Client, opts); {
		case errors.Is(err, demo.ErrAlreadySeeded):
			logger.Info("demo network already present")
		case err != nil:
			return fmt.Errorf("loading demo data: %w", err)
		default:
			logger.Info("loaded demo network")
		}
	}
	var allowed []string
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allowed = append(allowed, o)
		}
	}
	ApplyGCPercent(*gcPercent, env, logger)
	if *pprofAddr != "" {
		stopProfiler, err := startProfiler(*pprofAddr, logger)
		if err != nil {
			return fmt.Errorf("profiler: %w", err)
		}
		defer stopProfiler()
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Live updates: LISTEN/NOTIFY on PostgreSQL (every replica hears every
	// change), in-process on SQLite. done ends open subscriptions on shutdown.
	broker, err := events.Open(ctx, db.Dialect, db.SQL, fleet.listen(*dbURL), logger)
	if err != nil {
		return err
	}
	defer broker.Close()
	done := make(chan struct{})
	var shuttingDown atomic.Bool
	opts := server.Options{AllowedOrigins: allowed, Logger: logger, Verifier: verifier,
		ShuttingDown: shuttingDown.Load, Events: broker, Done: done, Webhooks: hooks.options(),
		MaxBodyBytes: *lim.maxBody, Timeout: *lim.timeout, MaxConcurrent: *lim.concurrent, APQCacheSize: *lim.apqCache, Limits: server.Limits{
			MaxDepth: *lim.depth, MaxComplexity: *lim.complexity, MaxAliases: *lim.aliases, MaxTokens: *lim.tokens, MaxFields: *lim.fields,
			DefaultFirst: *lim.defaultFirst, MaxFirst: *lim.maxFirst, DisableIntrospection: !*lim.introspection,
		}}
	if opts.Public, err = pub.options(); err != nil {
		return err
	}
	// The deadline worker closes due proposals while the server runs, on
	// one replica of the fleet at a time (the "deadlines" lease); it
	// stops, its sweep in progress ended, before the broker and the
	// database close.
	workerCtx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	worker := make(chan struct{})
	leases := fleet.leases(db.Dialect, *dbURL, logger)
	go func() {
		defer close(worker)
		if *closeEvery <= 0 {
			return
		}
		leases.Run(workerCtx, "deadlines", func(ctx context.Context) { server.RunDeadlines(ctx, db, *closeEvery, opts) })
	}()
	defer func() { stopWorker(); <-worker }()
	// The webhook dispatcher runs on every replica (each delivery is
	// claimed by one) and stops with the deadline worker.
	dispatcher := make(chan struct{})
	go func() { defer close(dispatcher); server.RunWebhooks(workerCtx, db, opts) }()
	defer func() { stopWorker(); <-dispatcher }()
	srv := &http.Server{
		Handler:           server.New(db, opts),
		ReadHeaderTimeout: 10 * time.Second,
		// A slow client may not hold a connection open forever: reading the
		// body and writing the answer get the request timeout and then some.
		ReadTimeout:  *lim.timeout + 15*time.Second,
		WriteTimeout: *lim.timeout + 15*time.Second,
		IdleTimeout:  2 * time.Minute,
	}
	logger.Info("cockpit serving", "addr", ln.Addr().String(), "database", db.Dialect, "version", Version)
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Drain: stop accepting, report not ready, let in-flight requests
	// finish (up to --shutdown-timeout), then close the database (deferred).
	shuttingDown.Store(true)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), *drain)
	defer cancel()
	logger.Info("shutting down: draining in-flight requests", "timeout", drain.String())
	close(done) // open subscriptions end now; they would never drain
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Error("shutdown: requests still running after the timeout were cut off", "error", err.Error())
		return err
	}
	logger.Info("shut down cleanly")
	return nil
}

func migrate(ctx context.Context, args []string, env Env, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "Applies pending versioned migrations and exits.", env, stderr)
	dbURL := fs.database()
	if err := fs.parse(args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbURL, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(stdout, "database is up to date")
	}
	for _, v := range applied {
		fmt.Fprintln(stdout, "applied", v)
	}
	return nil
}

// check compares what hooks keep in step with the data it derives from:
// after rows were written past Cockpit (a bulk import, a hand-made fix),
// talent search may find people who left a network or miss people who
// joined. With --repair it recomputes the flags.
func check(ctx context.Context, args []string, env Env, stdout, stderr io.Writer) error {
	fs := newFlags("check", "Checks the network participation flags talent search reads (person_skills.in_network) against the memberships; --repair fixes them.", env, stderr)
	dbURL := fs.database()
	repair := fs.Bool("repair", false, "recompute the flags that disagree")
	if err := fs.parse(args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbURL, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if pending, err := db.Pending(ctx); err != nil {
		return err
	} else if len(pending) > 0 {
		return fmt.Errorf("the database lacks %d migrations: run cockpit migrate first", len(pending))
	}
	if *repair {
		n, err := talent.RepairParticipation(ctx, db.Client)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "talent search: repaired the network participation of %d person skills\n", n)
		return nil
	}
	n, err := talent.ParticipationMismatches(ctx, db.Driver)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("talent search: %d person skills disagree with the memberships about network participation; run cockpit check --repair", n)
	}
	fmt.Fprintln(stdout, "talent search: network participation of every person skill agrees with the memberships")
	return nil
}

func seed(ctx context.Context, args []string, env Env, stdout, stderr io.Writer) error {
	fs := newFlags("seed", "Loads data into the database (after applying pending migrations).", env, stderr)
	dbURL := fs.database()
	withDemo := fs.Bool("demo", false, "load the demo network")
	demoOpts := fs.demoAnchor()
	copies := fs.Int("copies", 1, "with --demo: load this many copies of the demo network (the load benchmark uses 25)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if !*withDemo {
		return usageError{errors.New("nothing to seed: pass --demo")}
	}
	if *copies < 1 {
		return usageError{errors.New("--copies must be at least 1")}
	}
	opts, err := demoOpts(ctx)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dbURL, true, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	loaded := 0
	for n := range *copies {
		switch err := demo.SeedCopyWith(ctx, db.Client, n, opts); {
		case errors.Is(err, demo.ErrAlreadySeeded) && *copies > 1:
		case err != nil:
			return err
		default:
			loaded++
		}
	}
	if *copies == 1 {
		fmt.Fprintln(stdout, "loaded the demo network")
	} else {
		fmt.Fprintf(stdout, "loaded %d of %d copies of the demo network (the others were present)\n", loaded, *copies)
	}
	return nil
}

// healthcheck asks a running server for /healthz; images without curl use it.
func healthcheck(ctx context.Context, args []string, env Env, stderr io.Writer) error {
	fs := newFlags("healthcheck", "Exits 0 when the server listening at --addr answers /healthz.", env, stderr)
	addr := fs.string("addr", "localhost:8080", "address the server listens on")
	if err := fs.parse(args); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return usageError{err}
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %s", res.Status)
	}
	return nil
}

func printVersion(w io.Writer) {
	fmt.Fprintln(w, "cockpit", Version)
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	fmt.Fprintln(w, info.GoVersion)
	for _, d := range info.Deps {
		switch d.Path {
		case "entgo.io/ent", "entgo.io/contrib", "github.com/99designs/gqlgen", "modernc.org/sqlite", "github.com/lib/pq":
			fmt.Fprintln(w, d.Path, d.Version)
		}
	}
}
