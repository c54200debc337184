package coopmoney

// Buy-in in the books (issue 17, part dues): a candidate's buy-in paid in
// instalments (internal/governance RecordBuyIn decides when it counts as
// recorded for the pathway), waived by decision, refunded on leaving.

import (
	"fmt"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
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
