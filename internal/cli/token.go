package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// token mints a development token (HS256) for a person, signed with the same
// secret serve verifies with, so the README can show authenticated queries.
func token(ctx context.Context, args []string, env Env, stdout, stderr io.Writer) error {
	fs := newFlags("token", "Prints a development token (HS256) for a person, signed with the configured secret.", env, stderr)
	dbURL := fs.database()
	email := fs.String("person", "", "e-mail address of the person")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	authf := fs.auth()
	if err := fs.parse(args); err != nil {
		return err
	}
	if *email == "" {
		return usageError{errors.New("--person EMAIL is required")}
	}
	if *ttl <= 0 || *ttl > 30*24*time.Hour {
		return usageError{errors.New("--ttl must be between 1s and 720h")}
	}
	cfg, err := authf.config(*dbURL, false, nil)
	if err != nil {
		return usageError{err}
	}
	if len(cfg.Secret) == 0 {
		return usageError{errors.New("no signing secret: set COCKPIT_JWT_SECRET (the one serve uses), or run cockpit init (or serve --demo) once on this SQLite database")}
	}
	db, err := openMigrated(ctx, *dbURL, false, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := authz.Under(ctx, authz.LinkDevelopmentLogin)
	addr := strings.ToLower(strings.TrimSpace(*email))
	p, err := db.Client.Person.Query().Where(person.Email(addr)).Only(sys)
	if ent.IsNotFound(err) {
		return usageError{fmt.Errorf("no person with e-mail %s", *email)}
	}
	if err != nil {
		return err
	}
	// Persons created without a login get a local subject once; the first
	// admin of `cockpit init` is then claimed by it (no later first login
	// can claim them: they have a login).
	if p.Subject == nil {
		if p, err = p.Update().SetSubject("cockpit:" + addr).SetClaimOnFirstLogin(false).Save(sys); err != nil {
			return err
		}
	}
	tok, err := auth.MintHS256(cfg.Secret, *p.Subject, *ttl, cfg.Issuer, cfg.Audience, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}
