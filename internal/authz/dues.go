package authz

import "github.com/coopnetwork/cockpit/internal/viewer"

// Dues, overhead levy and member payments (issue 17, part dues;
// internal/coopmoney dues.go).
var (
	ChargeDues          = rule("ChargeDues", "a current member charges a month's dues (the bylaws' monthlyDues per current MEMBER) and overhead levy (on each member's paid hours that month) of their coop, once per member, kind and month, booked in an open period")
	RecordMemberPayment = rule("RecordMemberPayment", "a current member of the coop records a member's payment of a dues or levy charge, never above what is unpaid, booked in an open period")
)

// CanChargeDues (ChargeDues): a current member of the coop.
func CanChargeDues(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop charge its dues")
}

// CanRecordMemberPayment (RecordMemberPayment): a current member of the
// coop that charged.
func CanRecordMemberPayment(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop record payments of its dues")
}

// Buy-in waiver by decision (issue 17, part dues; internal/governance
// dues.go).
var (
	ProposeBuyInWaiver = rule("ProposeBuyInWaiver", "a current member puts waiving a candidate's buy-in (the unpaid rest of it) to a BUY_IN_WAIVER decision of their coop")
	ApplyBuyInWaiver   = rule("ApplyBuyInWaiver", "a passed BUY_IN_WAIVER decision waives the candidate's unpaid buy-in of the pathway and books it, in the transaction that closes it")
)

// CanProposeBuyInWaiver (ProposeBuyInWaiver): a current member of the
// coop.
func CanProposeBuyInWaiver(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop propose to waive a buy-in")
}

// Buy-in refund on leaving (issue 17, part dues; internal/coopmoney
// buyin.go).
var (
	BookBuyInRefund = rule("BookBuyInRefund", "a membership that ends (leaving or exclusion) books the buy-in refund it is owed, in the transaction that ends it")
	PayBuyInRefund  = rule("PayBuyInRefund", "a current member of the coop records paying out a former member's buy-in refund, never above what is still owed, booked in an open period")
)

// CanPayBuyInRefund (PayBuyInRefund): a current member of the coop.
func CanPayBuyInRefund(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop pay out its buy-in refunds")
}
