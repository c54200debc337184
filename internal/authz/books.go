package authz

import (
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// A coop's books (issue 17, part books: internal/ledger books.go) and the
// inter-coop settlement (internal/settlement).
var (
	CorrectBooks            = rule("CorrectBooks", "a current member of a coop reverses a manual booking of its books (an EXPENSE entry) in an open period, once; entries caused by invoices, payments, payouts, settlements, dues, buy-ins and surplus distributions are corrected by their own operations")
	BookExpense             = rule("BookExpense", "a current member of a coop books an expense paid from its bank account (Dr OTHER_EXPENSES / Cr BANK) on a day in an open period")
	ProposeSettlement       = rule("ProposeSettlement", "a current member of one of two coops of a network proposes to settle what they owe each other up to a day, with the amounts computed from both coops' books; one open settlement per pair and currency")
	ConfirmSettlement       = rule("ConfirmSettlement", "a current member of the other side of a proposed settlement confirms it, if both coops' books still show the proposed amounts; the offset is booked in both books")
	RejectSettlement        = rule("RejectSettlement", "a current member of either side rejects (or withdraws) a proposed settlement")
	RecordSettlementPayment = rule("RecordSettlementPayment", "a current member of the paying coop records that the net amount of a confirmed settlement was paid; it is booked in both coops' books")
)

// CanActForBooks (CorrectBooks, BookExpense): a current MEMBER of the coop.
// Others learn nothing about the coop's books: NOT_FOUND on field.
func CanActForBooks(v *viewer.Viewer, coopID int, field string) error {
	if !v.Authenticated() {
		return apperr.New(apperr.Unauthenticated, "sign in to book")
	}
	if v.IsActiveMember(coopID) {
		return nil
	}
	if v.IsMember(coopID) {
		return forbidden("a paused member does not book for the coop")
	}
	return &apperr.Error{Code: apperr.NotFound, Field: field, Message: field + ": not found"}
}

// CanProposeSettlement (ProposeSettlement): a current member of coopID (the
// proposing side).
func CanProposeSettlement(v *viewer.Viewer, coopID int) error {
	return allowedIf(v.IsActiveMember(coopID), "only a current member of one of the two coops proposes their settlement")
}

// CanAnswerSettlement (ConfirmSettlement): a current member of the side
// that did not propose.
func CanAnswerSettlement(v *viewer.Viewer, proposedBy, payer, payee int) error {
	other := payer
	if proposedBy == payer {
		other = payee
	}
	return allowedIf(v.IsActiveMember(other), "only a current member of the other coop confirms a settlement")
}

// CanRejectSettlement (RejectSettlement): a current member of either side.
func CanRejectSettlement(v *viewer.Viewer, payer, payee int) error {
	return allowedIf(v.IsActiveMember(payer) || v.IsActiveMember(payee), "only a current member of one of the two coops rejects their settlement")
}

// CanPaySettlement (RecordSettlementPayment): a current member of the payer.
func CanPaySettlement(v *viewer.Viewer, payer int) error {
	return allowedIf(v.IsActiveMember(payer), "only a current member of the paying coop records the payment of a settlement")
}
