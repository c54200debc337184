package people

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// ChangeEmail records the address the viewer wants as their e-mail. It is
// no oracle: it never looks at other persons, so the answer (the viewer's
// profile, current e-mail unchanged, pendingEmail set) is the same whether
// someone holds the address or not. The address takes effect at a later
// login that verifies it (ConfirmPendingEmail); asking for the current
// address withdraws a pending change.
func (svc *Service) ChangeEmail(ctx context.Context, email string) (*ent.Person, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if !authz.CanChangeOwnEmail(o.V, o.V.PersonID) {
		return nil, domainop.Forbidden("persons change only their own e-mail")
	}
	addr := normalize(email)
	if validate.Email(addr) != nil {
		return nil, apperr.InvalidField("email", "invalid email: not an e-mail address")
	}
	me, err := o.C.Person.Get(o.Sys, o.V.PersonID)
	if err != nil {
		return nil, err
	}
	u := o.C.Person.UpdateOneID(me.ID)
	if me.Email != nil && *me.Email == addr {
		u.ClearPendingEmail()
	} else {
		u.SetPendingEmail(addr)
	}
	// authz.CanChangeOwnEmail
	if err := u.Exec(o.As(authz.ChangeOwnEmail)); err != nil {
		return nil, err
	}
	return o.C.Person.Get(o.Ctx, me.ID)
}

// ConfirmPendingEmail makes a person's pending e-mail their e-mail, called
// when a login's verified e-mail claim is that address. If someone else
// holds the address by then, the person keeps their e-mail: an address is
// never taken from its holder. Either way the pending change ends.
func ConfirmPendingEmail(ctx context.Context, client *ent.Client, personID int, addr string) error {
	sys := authz.Under(ctx, authz.ConfirmEmailAtLogin)
	tx, err := client.Tx(sys)
	if err != nil {
		return err
	}
	taken, err := tx.Person.Query().Where(person.Email(addr), person.IDNEQ(personID)).Exist(sys)
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	// The login verified the address, and no one else holds it.
	u := tx.Person.UpdateOneID(personID).ClearPendingEmail()
	if !taken {
		u.SetEmail(addr)
	}
	if err := u.Exec(sys); err != nil {
		_ = tx.Rollback()
		if ent.IsConstraintError(err) {
			// Taken by a concurrent first login: keep the pending change
			// for the next login to settle.
			return nil
		}
		return err
	}
	return tx.Commit()
}
