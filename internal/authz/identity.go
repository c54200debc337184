package authz

import (
	"context"
	"errors"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
)

// ErrNoPerson means a valid login belongs to nobody Cockpit knows.
var ErrNoPerson = errors.New("no person for this login")

// Login is what an identity provider tells about a verified token.
type Login struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// PersonForLogin returns the person whose subject is the login's. On a first
// login it creates the person, as a participant of every network that allows
// self sign-up, when there is such a network and the provider vouches for
// the e-mail address; an existing person is never linked by e-mail (that
// would let any provider account with the same address take it over).
func PersonForLogin(ctx context.Context, client *ent.Client, l Login) (int, error) {
	ctx = Under(ctx, ProvisionPersonForLogin)
	id, err := client.Person.Query().Where(person.Subject(l.Subject)).OnlyID(ctx)
	switch {
	case err == nil:
		return id, nil
	case !ent.IsNotFound(err):
		return 0, err
	}
	if l.Email == "" || !l.EmailVerified {
		return 0, ErrNoPerson
	}
	networks, err := client.Network.Query().Where(network.SelfSignUp(true)).IDs(ctx)
	if err != nil {
		// A lookup that failed is no answer: the login is not refused
		// (401), it is retried (503).
		return 0, err
	}
	if len(networks) == 0 {
		return 0, ErrNoPerson
	}
	name := strings.TrimSpace(l.Name)
	if name == "" {
		name = l.Email[:max(strings.IndexByte(l.Email, '@'), 1)]
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return 0, err
	}
	p, err := tx.Person.Create().SetSubject(l.Subject).SetEmail(l.Email).SetName(name).Save(ctx)
	if err != nil {
		_ = tx.Rollback()
		if ent.IsConstraintError(err) || ent.IsValidationError(err) {
			return 0, ErrNoPerson // e-mail taken or unusable
		}
		return 0, err
	}
	for _, n := range networks {
		if err := tx.NetworkMembership.Create().SetNetworkID(n).SetPersonID(p.ID).Exec(ctx); err != nil {
			_ = tx.Rollback()
			return 0, err
		}
	}
	return p.ID, tx.Commit()
}
