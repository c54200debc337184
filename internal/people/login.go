// Package people is how persons come to exist and how their e-mail changes:
// the first login, invitations to a network (accepted by the verified
// address or by a one-time token), and e-mail changes that take effect only
// once a login verifies them. Each privacy-bypassing write names the
// internal/authz rule that allowed it.
package people

import (
	"context"
	"errors"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invitation"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// ErrNoPerson means a valid login belongs to nobody Cockpit knows.
var ErrNoPerson = errors.New("no person for this login")

// Login is what an identity provider tells about a verified token, plus the
// invitation token a first login may bring (the Cockpit-Invitation header).
type Login struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	// InvitationToken, on the first login of a subject, accepts that
	// invitation and creates the person. Ignored for known subjects (they
	// use acceptInvitation(token:)).
	InvitationToken string
}

// normalize is how e-mail addresses are stored (see the schema's hook).
func normalize(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// PersonForLogin returns the person whose subject is the login's. An existing
// person is never linked by e-mail (that would let any provider account with
// the same address take it over); a known person whose verified e-mail claim
// is their pending e-mail gets it confirmed (ConfirmPendingEmail). The one
// exception: the first admin made by `cockpit init`, who has no login yet,
// becomes the first unknown subject whose verified e-mail is theirs, once
// (claimFirstAdmin).
//
// The first login of an unknown subject creates the person:
//   - with an invitation token: the invitation is accepted and the person
//     takes part in its network; the e-mail is the login's if verified and
//     free (else none: an invitation's address is never given to whoever
//     holds its token);
//   - with a verified e-mail, when a network allows self sign-up (the person
//     joins those networks) or an open invitation for the address exists
//     (the person joins nothing yet: they accept or decline it themselves).
//
// Anything else is ErrNoPerson (401).
func (svc *Service) PersonForLogin(ctx context.Context, client *ent.Client, l Login) (int, error) {
	sys := authz.Under(ctx, authz.ProvisionPersonForLogin)
	if strings.HasPrefix(l.Subject, "erased:") {
		return 0, ErrNoPerson // looks like an erased login's hash (erasedLogin)
	}
	// A known login costs no statement while cached (logincache.go).
	if id, ok := svc.cachedLogin(l); ok {
		return id, nil
	}
	stamp := svc.Logins.Stamp()
	p, err := client.Person.Query().Where(person.Subject(l.Subject)).Only(sys)
	switch {
	case err == nil && p.ErasedAt != nil:
		return 0, ErrNoPerson
	case err == nil:
		if p.PendingEmail != nil && l.EmailVerified && normalize(l.Email) == *p.PendingEmail {
			return p.ID, ConfirmPendingEmail(ctx, client, p.ID, *p.PendingEmail)
		}
		svc.rememberLogin(stamp, l, p)
		return p.ID, nil
	case !ent.IsNotFound(err):
		return 0, err
	}
	if erased, err := erasedLogin(sys, client, l.Subject); err != nil {
		return 0, err
	} else if erased {
		return 0, ErrNoPerson
	}
	// The one exception to "never linked by e-mail": the first admin
	// `cockpit init` created (bootstrap.go).
	if id, ok, err := claimFirstAdmin(ctx, client, l); err != nil || ok {
		return id, err
	}
	id, err := svc.firstLogin(ctx, client, l)
	if errors.Is(err, ErrNoPerson) {
		// Two first logins of one subject at once (a browser opening
		// several tabs): the one that lost the race to create the person
		// finds it created by the other, and it is this login's person.
		if id, qerr := client.Person.Query().Where(person.Subject(l.Subject)).OnlyID(sys); qerr == nil {
			return id, nil
		} else if !ent.IsNotFound(qerr) {
			return 0, qerr
		}
	}
	return id, err
}

// erasedLogin reports whether subject is the login of an erased person
// (internal/rights): its person keeps only a one-way hash of the subject,
// so that login is refused, and never provisions a new person either, not
// even in a network open to self sign-up. Asked only for subjects no person
// has (a known login costs no extra statement); a subject that looks like
// such a hash is refused before any lookup.
func erasedLogin(ctx context.Context, client *ent.Client, subject string) (bool, error) {
	return client.Person.Query().Where(person.Subject(audit.ErasedSubject(subject))).Exist(ctx)
}

// firstLogin creates the person of a subject Cockpit does not know yet, if
// the login may (see PersonForLogin).
func (svc *Service) firstLogin(ctx context.Context, client *ent.Client, l Login) (int, error) {
	sys := authz.Under(ctx, authz.ProvisionPersonForLogin)
	if l.InvitationToken != "" {
		return svc.firstLoginWithToken(ctx, client, l)
	}
	email := normalize(l.Email)
	if email == "" || !l.EmailVerified {
		return 0, ErrNoPerson
	}
	networks, err := client.Network.Query().Where(network.SelfSignUp(true)).IDs(sys)
	if err != nil {
		return 0, err
	}
	if len(networks) == 0 {
		invited, err := client.Invitation.Query().
			Where(invitation.Email(email), invitation.StateEQ(invitation.StateOPEN), invitation.ExpiresAtGT(svc.Env.Now())).
			Exist(sys)
		if err != nil {
			return 0, err
		}
		if !invited {
			return 0, ErrNoPerson
		}
	}
	tx, err := client.Tx(sys)
	if err != nil {
		return 0, err
	}
	created, err := tx.Person.Create().SetSubject(l.Subject).SetEmail(email).SetName(displayName(l.Name, "", email)).Save(sys)
	if err != nil {
		_ = tx.Rollback()
		if ent.IsConstraintError(err) || ent.IsValidationError(err) {
			return 0, ErrNoPerson // e-mail taken or unusable
		}
		return 0, err
	}
	for _, n := range networks {
		if err := tx.NetworkMembership.Create().SetNetworkID(n).SetPersonID(created.ID).Exec(sys); err != nil {
			_ = tx.Rollback()
			return 0, err
		}
	}
	return created.ID, tx.Commit()
}

// firstLoginWithToken creates the person of an unknown subject who brings an
// invitation's one-time token, and accepts the invitation for them.
func (svc *Service) firstLoginWithToken(ctx context.Context, client *ent.Client, l Login) (int, error) {
	sys := authz.Under(ctx, authz.ProvisionPersonForLogin)
	now := svc.Env.Now()
	tx, err := client.Tx(sys)
	if err != nil {
		return 0, err
	}
	id, err := func() (int, error) {
		inv, err := invitationByToken(sys, tx.Client(), l.InvitationToken)
		if ent.IsNotFound(err) {
			return 0, ErrNoPerson
		}
		if err != nil {
			return 0, err
		}
		if StateAt(inv, now) != invitation.StateOPEN {
			return 0, ErrNoPerson
		}
		c := tx.Person.Create().SetSubject(l.Subject).SetName(displayName(l.Name, inv.Name, l.Email))
		if email := normalize(l.Email); email != "" {
			taken, err := tx.Person.Query().Where(person.Email(email)).Exist(sys)
			if err != nil {
				return 0, err
			}
			switch {
			case l.EmailVerified && !taken:
				c.SetEmail(email)
			case !l.EmailVerified:
				c.SetPendingEmail(email) // effective once a login verifies it
			}
		}
		p, err := c.Save(sys)
		if ent.IsConstraintError(err) || ent.IsValidationError(err) {
			return 0, ErrNoPerson
		}
		if err != nil {
			return 0, err
		}
		// authz.CanAcceptInvitationByToken: checked by invitationByToken's hash lookup.
		if err := accept(authz.Under(ctx, authz.AcceptInvitationByToken), tx.Client(), inv, p.ID, now); err != nil {
			if apperr.CodeOf(err) == apperr.InvalidTransition {
				return 0, ErrNoPerson
			}
			return 0, err
		}
		return p.ID, nil
	}()
	if err != nil {
		_ = tx.Rollback()
		return 0, err
	}
	return id, tx.Commit()
}

// displayName picks the first usable name: the login's, the invitation's,
// the e-mail's local part.
func displayName(login, invited, email string) string {
	for _, n := range []string{login, invited} {
		if n = strings.TrimSpace(n); n != "" {
			return n
		}
	}
	if at := strings.IndexByte(email, '@'); at > 0 {
		return email[:at]
	}
	return "New participant"
}
