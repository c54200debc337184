package people

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// First run without the demo (issue 16, `cockpit init`): an empty database
// gets its first network and that network's first admin, a person with the
// given e-mail and no login yet, flagged so that their first verified login
// becomes them (PersonForLogin, authz.ClaimFirstAdmin) or `cockpit token`
// links a development login to them.

// InitInput are the values of `cockpit init` (or COCKPIT_INIT_*).
type InitInput struct {
	// Network is the network's display name; its slug is derived from it
	// (validate.Slugify) and identifies the network on later runs.
	Network string
	// AdminEmail is the first admin's e-mail (normalised: trimmed, lower case).
	AdminEmail string
	// AdminName is the admin's display name; empty: the e-mail's local part.
	// Used only when the person is created.
	AdminName string
}

// InitResult says what InitNetwork found or made.
type InitResult struct {
	NetworkID, AdminID int
	Network, Slug      string // the stored name and slug
	AdminEmail         string // normalised
	// Created is false when the database already held exactly this network
	// with this admin: nothing was written.
	Created bool
}

// InitNetwork founds the first network of an empty database with its first
// admin, in one transaction, under authz.InitNetwork. Its semantics:
//
//   - the database holds no network: the network is created (its founding
//     bylaws recorded by the Network hooks, as for createNetwork), the person
//     with AdminEmail is created (name AdminName, no login,
//     claim_on_first_login set) or, if one exists, taken as is (flagged too
//     while they have no login), and becomes the network's ADMIN; Created;
//   - a network with the slug of Network exists and the person with
//     AdminEmail is one of its admins: nothing changes (not Created), so
//     every replica of a container may run it at every start. The network
//     is identified by its slug, so a later rename through updateNetwork
//     does not make a rerun fail; AdminName is not compared (the admin may
//     have changed their name);
//   - anything else (other networks only, or this network without this
//     person as admin): CONFLICT, nothing written. Init never adds an admin
//     to a network that exists: admins invite (inviteToNetwork) and grant
//     roles through the API.
//
// Concurrent runs (replicas starting at once) are serialised: on
// PostgreSQL the transaction first takes a transaction-level advisory lock,
// on SQLite writing transactions run one at a time anyway. So one run
// creates and the others find its network.
func InitNetwork(ctx context.Context, client *ent.Client, in InitInput) (InitResult, error) {
	name := strings.TrimSpace(in.Network)
	email := normalize(in.AdminEmail)
	res := InitResult{Network: name, Slug: validate.Slugify(name), AdminEmail: email}
	switch {
	case name == "":
		return res, apperr.InvalidField("network", "the network's name is required")
	case len(name) > 200:
		return res, apperr.InvalidField("network", "the network's name is longer than 200 characters")
	case validate.Slug(res.Slug) != nil:
		return res, apperr.InvalidField("network", "no slug can be derived from the name %q: use letters or digits", name)
	case email == "":
		return res, apperr.InvalidField("adminEmail", "the first admin's e-mail is required")
	case validate.Email(email) != nil:
		return res, apperr.InvalidField("adminEmail", "%q %v", in.AdminEmail, validate.ErrInvalidEmail)
	}
	adminName := displayName(in.AdminName, "", email)
	if len(adminName) > 200 {
		return res, apperr.InvalidField("adminName", "the admin's name is longer than 200 characters")
	}

	ctx = authz.Under(audit.Operation(ctx, "init"), authz.InitNetwork)
	tx, err := client.Tx(ctx)
	if err != nil {
		return res, err
	}
	res, err = initNetwork(ctx, tx.Client(), res, adminName)
	if err != nil {
		_ = tx.Rollback()
		return res, err
	}
	return res, tx.Commit()
}

// initLockKey is the PostgreSQL advisory lock key of InitNetwork ("init" in
// ASCII), distinct from the migration lock's (internal/store).
const initLockKey = 0x696e6974

func initNetwork(ctx context.Context, c *ent.Client, res InitResult, adminName string) (InitResult, error) {
	// The first statement waits for any other init to end. The lock is an
	// uncorrelated sub-select (evaluated once, before the scan, even on an
	// empty table) and is released when the transaction ends. What the
	// other init wrote is seen from the next statement on (READ COMMITTED
	// takes a snapshot per statement, this one's before the wait).
	_, err := c.Network.Query().Where(func(s *sql.Selector) {
		if s.Dialect() == dialect.Postgres {
			s.Where(sql.ExprP(fmt.Sprintf("(SELECT pg_advisory_xact_lock(%d)::text) IS NOT NULL", initLockKey)))
		}
	}).Exist(ctx)
	if err != nil {
		return res, err
	}
	count, err := c.Network.Query().Count(ctx)
	if err != nil {
		return res, err
	}
	admin, err := c.Person.Query().Where(person.Email(res.AdminEmail)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return res, err
	}
	if count > 0 {
		return alreadyInitialised(ctx, c, res, admin, count)
	}

	if admin == nil {
		admin, err = c.Person.Create().SetName(adminName).SetEmail(res.AdminEmail).SetClaimOnFirstLogin(true).Save(ctx)
	} else if admin.Subject == nil && !admin.ClaimOnFirstLogin {
		admin, err = admin.Update().SetClaimOnFirstLogin(true).Save(ctx)
	}
	if err != nil {
		return res, err
	}
	n, err := c.Network.Create().SetName(res.Network).SetSlug(res.Slug).Save(ctx)
	if err != nil {
		return res, err
	}
	err = c.NetworkMembership.Create().SetNetworkID(n.ID).SetPersonID(admin.ID).SetRole(networkmembership.RoleADMIN).Exec(ctx)
	if err != nil {
		return res, err
	}
	res.NetworkID, res.AdminID, res.Created = n.ID, admin.ID, true
	return res, nil
}

// alreadyInitialised decides a run on a database that holds networks: the
// same values change nothing, anything else is refused.
func alreadyInitialised(ctx context.Context, c *ent.Client, res InitResult, admin *ent.Person, count int) (InitResult, error) {
	n, err := c.Network.Query().Where(network.Slug(res.Slug)).Only(ctx)
	if ent.IsNotFound(err) {
		return res, apperr.New(apperr.Conflict,
			"the database already holds %d network(s), none with the slug %q of %q: cockpit init only founds the first network of an empty database (further networks are founded with createNetwork)",
			count, res.Slug, res.Network)
	}
	if err != nil {
		return res, err
	}
	isAdmin := false
	if admin != nil {
		isAdmin, err = c.NetworkMembership.Query().Where(networkmembership.NetworkID(n.ID), networkmembership.PersonID(admin.ID),
			networkmembership.RoleEQ(networkmembership.RoleADMIN)).Exist(ctx)
		if err != nil {
			return res, err
		}
	}
	if !isAdmin {
		return res, apperr.New(apperr.Conflict,
			"network %q (%s) is already set up and %s is not its admin: cockpit init never adds an admin to an existing network (its admins invite people with inviteToNetwork)",
			n.Name, n.Slug, res.AdminEmail)
	}
	res.NetworkID, res.AdminID, res.Network = n.ID, admin.ID, n.Name
	return res, nil
}

// claimFirstAdmin links the first login of an unknown subject to the person
// `cockpit init` made, if the login's verified e-mail is theirs and they
// have no login yet (authz.ClaimFirstAdmin): one conditional update sets the
// subject and clears the flag, so of two first logins at once exactly one
// claims the person. ok is false when the login claims nobody.
func claimFirstAdmin(ctx context.Context, client *ent.Client, l Login) (id int, ok bool, err error) {
	email := normalize(l.Email)
	if !l.EmailVerified || email == "" {
		return 0, false, nil
	}
	ctx = authz.Under(audit.Operation(ctx, "claimFirstAdmin"), authz.ClaimFirstAdmin)
	n, err := client.Person.Update().Where(authz.ClaimableFirstAdmin(email)).
		SetSubject(l.Subject).SetClaimOnFirstLogin(false).Save(ctx)
	if ent.IsConstraintError(err) {
		// The subject was linked meanwhile (the same login in another
		// request): PersonForLogin finds it.
		return 0, false, nil
	}
	if err != nil || n == 0 {
		return 0, false, err
	}
	id, err = client.Person.Query().Where(person.Subject(l.Subject)).OnlyID(ctx)
	return id, err == nil, err
}
