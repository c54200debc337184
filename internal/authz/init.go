package authz

import (
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/predicate"
)

// First run without the demo (issue 16): the operator's `cockpit init`
// founds the first network with its first admin, and that admin's first
// verified login becomes them. Both are written by internal/people
// (bootstrap.go, login.go) under the rules below. No person's permission is
// checked for InitNetwork (whoever runs the command owns the database);
// ClaimFirstAdmin's check is ClaimableFirstAdmin, the condition of the
// update that links the login.
var (
	InitNetwork     = rule("InitNetwork", "the operator's `cockpit init` (or COCKPIT_INIT_* at serve start) founds the first network of an empty database with its first admin, a person without a login flagged to be claimed by their first verified login; run again with the same values it changes nothing")
	ClaimFirstAdmin = rule("ClaimFirstAdmin", "the first login of an unknown subject whose verified e-mail is that of a person flagged by `cockpit init` who has no login yet becomes that person, once")
)

// ClaimableFirstAdmin selects the person a first login may become
// (ClaimFirstAdmin): flagged by `cockpit init`, without a login yet, with
// the login's e-mail (normalised by the caller). The caller applies it only
// to a login whose e-mail is verified, as the condition of one update that
// sets the subject and clears the flag, so of two first logins at once
// exactly one matches. No other person is ever linked by e-mail.
func ClaimableFirstAdmin(email string) predicate.Person {
	return person.And(person.ClaimOnFirstLogin(true), person.SubjectIsNil(), person.Email(email))
}
