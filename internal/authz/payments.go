package authz

import "github.com/coopnetwork/cockpit/internal/viewer"

// Client payments and payouts (issue 17, item 4; internal/payouts). The
// reads are the policies of money.go (PaymentReadable, PayoutReadable,
// LedgerAccountReadable): a partner coop and a freelancer see what concerns
// them only.
var (
	RecordPayment = rule("RecordPayment", "current members of an invoice's issuing (lead) coop record a client's payment on it while it is ISSUED or PARTIALLY_PAID, in its currency, above zero and not above what is outstanding; the invoice's paid amount and status, the booking, and what became owed to each share holder (partner coops, freelancers, the PM) are written in the same transaction")
	RecordPayout  = rule("RecordPayout", "current members of the paying coop record a payout to a coop or a person, never above what the coop owes that payee (on the project, if given) unless advance is set explicitly; booked in both coops' books for a coop payee; payouts are never changed")
)

// CanRecordPayment (RecordPayment): current members of the invoice's coop.
func CanRecordPayment(v *viewer.Viewer, invoiceCoop int) error {
	return allowedIf(v.IsActiveMember(invoiceCoop), "only current members of the invoicing coop record its client's payments")
}

// CanRecordPayout (RecordPayout): current members of the paying coop.
func CanRecordPayout(v *viewer.Viewer, payingCoop int) error {
	return allowedIf(v.IsActiveMember(payingCoop), "only current members of the paying coop record its payouts")
}
