package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/store"
)

// First run without the demo (issue 16): `cockpit init` founds the first
// network of an empty database with its first admin (people.InitNetwork),
// and `cockpit serve` does the same at start when COCKPIT_INIT_NETWORK and
// COCKPIT_INIT_ADMIN_EMAIL are set, so a container needs no extra step.

// The environment variables of init's values, read by `cockpit init` and
// `cockpit serve` (there as --init-network, --init-admin-email,
// --init-admin-name).
const (
	envInitNetwork    = "COCKPIT_INIT_NETWORK"
	envInitAdminEmail = "COCKPIT_INIT_ADMIN_EMAIL"
	envInitAdminName  = "COCKPIT_INIT_ADMIN_NAME"
)

// stringFrom is a string flag whose default comes from the environment
// variable envVar (flags.string derives the variable from the flag's name).
func (f *flags) stringFrom(name, envVar, help string) *string {
	def, _ := f.env(envVar)
	return f.String(name, def, help+" ["+envVar+"]")
}

func initCmd(ctx context.Context, args []string, env Env, stdout, stderr io.Writer) error {
	fs := newFlags("init", `Sets up an empty database without the demo: applies the migrations, founds
the network and its first admin (a person with that e-mail, no login yet).
The admin's first login whose verified e-mail is theirs becomes them (with
OIDC); or run "cockpit token --person EMAIL" for a development token.

Run again with the same values it changes nothing, so containers may run it
at every start (cockpit serve does, when COCKPIT_INIT_NETWORK and
COCKPIT_INIT_ADMIN_EMAIL are set). The network is recognised by its slug,
derived from --network. On a database that holds other networks, or this
network without this admin, it refuses and changes nothing: further admins
and networks come through the API.

On an embedded (SQLite) database without any JWT setting, init also creates
the development signing secret beside the file, as serve --demo does.`, env, stderr)
	dbURL := fs.database()
	name := fs.stringFrom("network", envInitNetwork, "the network's name, e.g. \"IT-Kollektiv\" (its slug is derived from it)")
	email := fs.stringFrom("admin-email", envInitAdminEmail, "e-mail of the network's first admin")
	adminName := fs.stringFrom("admin-name", envInitAdminName, "display name of the first admin (default: the e-mail's local part)")
	authf := fs.auth()
	if err := fs.parse(args); err != nil {
		return err
	}
	if *name == "" || *email == "" {
		return usageError{errors.New("--network NAME and --admin-email EMAIL are required (or " + envInitNetwork + " and " + envInitAdminEmail + ")")}
	}
	cfg, err := authf.config(*dbURL, true, nil)
	if err != nil {
		return usageError{err}
	}
	db, err := openMigrated(ctx, *dbURL, true, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := initialise(ctx, db, people.InitInput{Network: *name, AdminEmail: *email, AdminName: *adminName})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, initMessage(res))
	if res.Created {
		switch {
		case cfg.JWKSURL != "" || cfg.Issuer != "":
			fmt.Fprintf(stdout, "the first login whose verified e-mail is %s becomes the admin\n", res.AdminEmail)
		case len(cfg.Secret) > 0:
			fmt.Fprintf(stdout, "development token: cockpit token --person %s\n", res.AdminEmail)
		}
	}
	return nil
}

// initialise runs people.InitNetwork; a value error is the caller's
// (usageError), a refusal a plain error with init's explanation.
func initialise(ctx context.Context, db *store.DB, in people.InitInput) (people.InitResult, error) {
	res, err := people.InitNetwork(ctx, db.Client, in)
	var ae *apperr.Error
	if errors.As(err, &ae) {
		switch ae.Code {
		case apperr.BadUserInput:
			return res, usageError{errors.New(ae.Message)}
		case apperr.Conflict:
			return res, refusedError{ae.Message}
		}
	}
	return res, err
}

// refusedError: init found the database set up otherwise and changed nothing.
type refusedError struct{ msg string }

func (e refusedError) Error() string { return "refused: " + e.msg }

func initMessage(res people.InitResult) string {
	if res.Created {
		return fmt.Sprintf("founded network %q (slug %s) with its first admin %s", res.Network, res.Slug, res.AdminEmail)
	}
	return fmt.Sprintf("network %q (slug %s) with admin %s is already set up: nothing changed", res.Network, res.Slug, res.AdminEmail)
}

// initFlags are serve's init values (COCKPIT_INIT_*).
type initFlags struct{ network, email, name *string }

func (f *flags) initValues() initFlags {
	return initFlags{
		network: f.string("init-network", "", "at start, found this network with its first admin if the database holds none (as cockpit init; nothing changes when it exists)"),
		email:   f.string("init-admin-email", "", "with --init-network: the first admin's e-mail"),
		name:    f.string("init-admin-name", "", "with --init-network: the first admin's display name"),
	}
}

func (i initFlags) requested() bool { return *i.network != "" || *i.email != "" }

func (i initFlags) check(withDemo bool) error {
	switch {
	case !i.requested():
		return nil
	case *i.network == "" || *i.email == "":
		return errors.New("--init-network and --init-admin-email go together (" + envInitNetwork + ", " + envInitAdminEmail + ")")
	case withDemo:
		return errors.New("--demo and --init-network exclude each other: init founds the first network of an empty database")
	}
	return nil
}

// run is serve's init at start. Every replica may run it: one founds the
// network, the others find it. A refusal (the database was set up with
// other values) does not stop the server: it is logged, and nothing changed.
func (i initFlags) run(ctx context.Context, db *store.DB, logger *slog.Logger) error {
	if !i.requested() {
		return nil
	}
	res, err := initialise(ctx, db, people.InitInput{Network: *i.network, AdminEmail: *i.email, AdminName: *i.name})
	var refused refusedError
	switch {
	case errors.As(err, &refused):
		// Logs carry IDs, never e-mail addresses (README "Observability"):
		// the explanation, which names the address, goes to `cockpit init`.
		logger.Warn(envInitNetwork+" ignored: the database is set up with another network or admin; run cockpit init with the same values to see why", "network", *i.network)
		return nil
	case err != nil:
		return fmt.Errorf("init: %w", err)
	}
	msg := "init: network already set up, nothing changed"
	if res.Created {
		msg = "init: founded the network with its first admin"
	}
	logger.Info(msg, "network_id", res.NetworkID, "admin_id", res.AdminID, "slug", res.Slug, "created", res.Created)
	return nil
}
