package coopmoney

// Buy-in in the books (issue 17, part dues): a candidate's buy-in paid in
// instalments (internal/governance RecordBuyIn decides when it counts as
// recorded for the pathway), waived by decision, refunded on leaving.

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
)

// BuyInPaid is what was paid of the buy-in of the membership's current
// pathway (instalments of an earlier pathway do not count: it was refunded
// when that pathway ended).
func BuyInPaid(ms *ent.Membership) int64 {
	if ms.BuyInPaidCents == nil || ms.BuyInPathway != ms.Pathway {
		return 0
	}
	return *ms.BuyInPaidCents
}

// BookBuyInInstalment books an instalment of amount paid today on the
// buy-in of ms (in the coop's currency): the first instalment of the
// pathway also books the buy-in owed, due, (BUY_IN Dr MEMBER_RECEIVABLE /
// Cr MEMBER_CAPITAL of the person); each instalment is a MEMBER_PAYMENT Dr
// BANK / Cr MEMBER_RECEIVABLE.
func BookBuyInInstalment(o *domainop.Op, rule *authz.Rule, ms *ent.Membership, currency string, due, amount int64) error {
	receivable := ledger.Account{Code: plan.MemberReceivable, PersonID: ms.PersonID}
	if BuyInPaid(ms) == 0 && due > 0 {
		if _, err := ledger.Post(o, rule, ledger.Entry{CoopID: ms.CoopID, Kind: plan.BuyIn, BookedOn: o.Now, Currency: currency,
			Description: fmt.Sprintf("Buy-in owed (pathway %d)", ms.Pathway), MembershipID: &ms.ID,
			Lines: []ledger.Line{ledger.Debit(receivable, due),
				ledger.Credit(ledger.Account{Code: plan.MemberCapital, PersonID: ms.PersonID}, due)}}); err != nil {
			return err
		}
	}
	if amount == 0 {
		return nil
	}
	_, err := ledger.Post(o, rule, ledger.Entry{CoopID: ms.CoopID, Kind: plan.MemberPayment, BookedOn: o.Now, Currency: currency,
		Description: fmt.Sprintf("Buy-in instalment (pathway %d)", ms.Pathway), MembershipID: &ms.ID,
		Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.Bank}, amount), ledger.Credit(receivable, amount)}})
	return err
}

// BookBuyInRefundOwed books the buy-in refund a membership that ends owes
// (governance BuyInRefundOwed), in the transaction that ends it:
// BUY_IN_REFUND Dr MEMBER_CAPITAL / Cr PERSON_PAYABLE of the person.
func BookBuyInRefundOwed(o *domainop.Op, ms *ent.Membership, currency string, owed int64) error {
	if owed <= 0 {
		return nil
	}
	_, err := ledger.Post(o, authz.BookBuyInRefund, ledger.Entry{CoopID: ms.CoopID, Kind: plan.BuyInRefund, BookedOn: o.Now,
		Currency: currency, Description: fmt.Sprintf("Buy-in refund owed (pathway %d)", ms.Pathway), MembershipID: &ms.ID,
		Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.MemberCapital, PersonID: ms.PersonID}, owed),
			ledger.Credit(ledger.Account{Code: plan.PersonPayable, PersonID: ms.PersonID}, owed)}})
	return err
}

// PayBuyInRefund records paying out (part of) the buy-in refund a
// membership is owed, on the word of a current member of the coop:
// positive, in the refund's currency and at most what is still owed
// (BAD_USER_INPUT naming amount), paid on a day not in the future (paidOn)
// in an open period. The membership row is locked while the paid amount
// grows; the payment is booked PAYOUT Dr PERSON_PAYABLE / Cr BANK.
func (svc *Service) PayBuyInRefund(ctx context.Context, membershipID int, amount money.Money, paidOn time.Time) (*ent.Membership, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := o.C.Membership.Query().Where(membership.ID(membershipID)).Unique(false).Modify(domainop.LockRows).Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "membershipID", "membershipID: not found")
	}
	if err := authz.CanPayBuyInRefund(o.V, ms.CoopID); err != nil {
		return nil, err
	}
	var owed, paid int64
	if ms.BuyInRefundOwedCents != nil {
		owed = *ms.BuyInRefundOwedCents
	}
	if ms.BuyInRefundPaidCents != nil {
		paid = *ms.BuyInRefundPaidCents
	}
	currency := ""
	if ms.BuyInCurrency != nil {
		currency = *ms.BuyInCurrency
	}
	if amount.Currency != currency && owed > 0 {
		return nil, apperr.InvalidField("amount", "the refund is owed in %s, not %s", currency, amount.Currency)
	}
	if amount.Cents <= 0 || amount.Cents > owed-paid {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "amount",
			Message: fmt.Sprintf("a refund payment is positive and at most what is owed: %s", money.Format(owed-paid, amount.Currency)),
			Extra:   map[string]any{"owed": owed - paid}}
	}
	day := ledger.Day(paidOn)
	if day.After(o.Now) {
		return nil, apperr.InvalidField("paidOn", "must not lie in the future")
	}
	if err := o.C.Membership.UpdateOneID(ms.ID).SetBuyInRefundPaidCents(paid + amount.Cents).Exec(o.As(authz.PayBuyInRefund)); err != nil {
		return nil, err
	}
	if _, err := ledger.Post(o, authz.PayBuyInRefund, ledger.Entry{CoopID: ms.CoopID, Kind: plan.Payout, BookedOn: day,
		Currency: currency, Description: "Buy-in refund paid", MembershipID: &ms.ID,
		Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.PersonPayable, PersonID: ms.PersonID}, amount.Cents),
			ledger.Credit(ledger.Account{Code: plan.Bank}, amount.Cents)}}); err != nil {
		return nil, err
	}
	return o.C.Membership.Get(o.Ctx, ms.ID)
}
