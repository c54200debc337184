package authz

import "github.com/coopnetwork/cockpit/internal/viewer"

// Coop money the bylaws define (issue 17, items 6 to 8; internal/coopmoney):
// closed periods of a coop's books, dues and levy, member payments, buy-in
// instalments, waivers and refunds, non-billable coop time, and the
// bookings of a recorded surplus.
var (
	CloseBooks              = rule("CloseBooks", "a current member closes a month or a year of their coop's books that has ended, when the bylaws say books are closed by a MEMBER (booksClosedBy); a period overlapping a closed one is not closed again")
	ProposeCloseBooks       = rule("ProposeCloseBooks", "a current member puts the closing of a month or a year of their coop's books to a CLOSE_BOOKS decision")
	ApplyCloseBooksDecision = rule("ApplyCloseBooksDecision", "a passed CLOSE_BOOKS decision closes its period of the coop's books, in the transaction that closes it")
	BookSurplus             = rule("BookSurplus", "a recorded surplus distribution books the year's close and the members' parts and closes the year, in the transaction that records it")
)

// CanCloseBooks (CloseBooks): a current member of the coop, when the
// bylaws leave closing to a member.
func CanCloseBooks(v *viewer.Viewer, coop int, byMember bool) error {
	if err := allowedIf(v.IsActiveMember(coop), "only current members of the coop close its books"); err != nil {
		return err
	}
	return allowedIf(byMember, "the coop's bylaws close books by decision (booksClosedBy DECISION): propose it with proposeCloseBooks")
}

// CanProposeCloseBooks (ProposeCloseBooks): a current member of the coop.
func CanProposeCloseBooks(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop propose to close its books")
}

// Non-billable coop time (issue 17, item 6).
var (
	LogCoopTime = rule("LogCoopTime", "a current member logs, changes and deletes their own non-billable time (internal, care, pro-bono work) for their coop, on days not in the future and in an open period of its books")
)

// CanLogCoopTime (LogCoopTime): the person, a current member of the coop.
func CanLogCoopTime(v *viewer.Viewer, coop, person int) error {
	if !v.IsSelf(person) {
		return forbidden("only the person who worked logs or changes their coop time")
	}
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop log time for it")
}
