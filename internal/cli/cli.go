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
	"time"

	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
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
  seed      load data into the database (seed --demo: the demo network)
  token     print a development token for a person (token --person EMAIL)
  version   print the version and the versions of key libraries
  healthcheck  exit 0 if the server at --addr answers /healthz (for container health checks)

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
	case "seed":
		err = seed(ctx, args[1:], env, stdout, stderr)
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
	return nil
}

func openMigrated(ctx context.Context, url string, migrateFirst bool, logger *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, url, store.Options{})
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
	autoMigrate := fs.bool("migrate", true, "apply pending migrations at start-up")
	origins := fs.string("cors-origins", "", "comma-separated origins allowed to call the API from a browser")
	authf := fs.auth()
	if err := fs.parse(args); err != nil {
		return err
	}
	authCfg, err := authf.config(*dbURL, *withDemo, logger)
	if err != nil {
		return usageError{err}
	}
	verifier, err := newVerifier(ctx, authCfg, logger)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dbURL, *autoMigrate, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	if *withDemo {
		switch err := demo.Seed(ctx, db.Client); {
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
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Live updates: LISTEN/NOTIFY on PostgreSQL (every replica hears every
	// change), in-process on SQLite. done ends open subscriptions on shutdown.
	broker, err := events.Open(ctx, db, *dbURL, logger)
	if err != nil {
		return err
	}
	defer broker.Close()
	done := make(chan struct{})
	srv := &http.Server{
		Handler: server.New(db, server.Options{AllowedOrigins: allowed, Logger: logger, Verifier: verifier,
			Events: broker, Done: done}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
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
	// Drain in-flight requests before closing the database.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	logger.Info("shutting down")
	close(done)
	return srv.Shutdown(shutdownCtx)
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

func seed(ctx context.Context, args []string, env Env, stdout, stderr io.Writer) error {
	fs := newFlags("seed", "Loads data into the database (after applying pending migrations).", env, stderr)
	dbURL := fs.database()
	withDemo := fs.Bool("demo", false, "load the demo network")
	if err := fs.parse(args); err != nil {
		return err
	}
	if !*withDemo {
		return usageError{errors.New("nothing to seed: pass --demo")}
	}
	db, err := openMigrated(ctx, *dbURL, true, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := demo.Seed(ctx, db.Client); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "loaded the demo network")
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
