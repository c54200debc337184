package coopmoney

// Dues, overhead levy and member payments (issue 17, part dues): what a
// coop charges its members each month by its bylaws, booked in its books
// (Dr MEMBER_RECEIVABLE(person) / Cr DUES_INCOME or LEVY_INCOME), and the
// members' payments of it (Dr BANK / Cr MEMBER_RECEIVABLE(person)).

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/duescharge"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
)

// ChargeDues charges a month of a coop's dues and overhead levy, on a
// current member's word: one DUES charge of the bylaws' monthlyDues per
// current MEMBER (none when the dues are zero), and one LEVY charge per
// current MEMBER with paid time that month (LevyBasis), of the bylaws'
// overheadLevyBasisPoints of its value (money.BasisPointsOf; none when it
// rounds to zero). month is the first day of a month that has begun, in
// an open period of the coop's books (CONFLICT naming the period). Charges
// that exist already are not charged again: calling it twice, or twice at
// once (the coop's books lock serialises them, the unique index backs it),
// charges each member, kind and month once. Each charge is booked with it.
// It returns all the coop's charges of that month, oldest first.
func (svc *Service) ChargeDues(ctx context.Context, coopID int, month time.Time) ([]*ent.DuesCharge, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	c, err := o.C.Coop.Get(o.Ctx, coopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanChargeDues(o.V, c.ID); err != nil {
		return nil, err
	}
	month = ledger.Day(month)
	if month.Day() != 1 {
		return nil, apperr.InvalidField("month", "a month is given by its first day, such as %s", month.AddDate(0, 0, 1-month.Day()).Format(time.DateOnly))
	}
	if month.After(o.Now) {
		return nil, apperr.InvalidField("month", "the month %s has not begun", month.Format("2006-01"))
	}
	if err := ledger.CheckOpen(o, month, c.ID); err != nil {
		return nil, err
	}
	members, err := o.C.Membership.Query().Where(membership.CoopID(c.ID), membership.StateEQ(membership.StateMEMBER)).
		Order(ent.Asc(membership.FieldPersonID)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	existing, err := o.C.DuesCharge.Query().Where(duescharge.CoopID(c.ID), duescharge.Month(month)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	charged := map[string]bool{}
	for _, ch := range existing {
		charged[fmt.Sprint(ch.PersonID, ch.Kind)] = true
	}
	var dues int64
	if c.MonthlyDuesCents != nil {
		dues = *c.MonthlyDuesCents
	}
	bp := 0
	if c.OverheadLevyBasisPoints != nil {
		bp = *c.OverheadLevyBasisPoints
	}
	var basis map[int]int64
	if bp > 0 {
		if basis, err = LevyBasis(o, c, month); err != nil {
			return nil, err
		}
	}
	for _, m := range members {
		if dues > 0 && !charged[fmt.Sprint(m.PersonID, duescharge.KindDUES)] {
			if err := charge(o, c, m.PersonID, duescharge.KindDUES, month, dues, nil); err != nil {
				return nil, err
			}
		}
		if b := basis[m.PersonID]; b > 0 && !charged[fmt.Sprint(m.PersonID, duescharge.KindLEVY)] {
			levy, err := money.BasisPointsOf(b, bp)
			if err != nil {
				return nil, err
			}
			if levy > 0 {
				if err := charge(o, c, m.PersonID, duescharge.KindLEVY, month, levy, &b); err != nil {
					return nil, err
				}
			}
		}
	}
	return o.C.DuesCharge.Query().Where(duescharge.CoopID(c.ID), duescharge.Month(month)).
		Order(ent.Asc(duescharge.FieldID)).All(o.Ctx)
}

// LevyBasis is the value of each person's paid time in month: their time
// entries that month on shares the coop holds (on other coops' projects
// and its own share of projects it leads), minutes × the share's hourly
// rate, rounded once per share (money.CostOfMinutes), summed per person.
// Only shares in the coop's currency count (the levy is charged in it).
func LevyBasis(o *domainop.Op, c *ent.Coop, month time.Time) (map[int]int64, error) {
	entries, err := o.C.TimeEntry.Query().Where(timeentry.DateGTE(month), timeentry.DateLT(month.AddDate(0, 1, 0)),
		timeentry.HasShareWith(budgetshare.CoopID(c.ID), budgetshare.Currency(c.Currency))).
		WithShare().All(o.Sys)
	if err != nil {
		return nil, err
	}
	type key struct{ person, share int }
	minutes := map[key]int64{}
	rates := map[int]int64{}
	for _, e := range entries {
		minutes[key{e.PersonID, e.ShareID}] += int64(e.Minutes)
		rates[e.ShareID] = e.Edges.Share.HourlyRateCents
	}
	keys := make([]key, 0, len(minutes))
	for k := range minutes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].person < keys[j].person || keys[i].person == keys[j].person && keys[i].share < keys[j].share
	})
	out := map[int]int64{}
	for _, k := range keys {
		v, err := money.CostOfMinutes(minutes[k], rates[k.share])
		if err != nil {
			return nil, err
		}
		if out[k.person], err = money.AddCents(out[k.person], v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// charge records one charge and books it: Dr MEMBER_RECEIVABLE(person) /
// Cr DUES_INCOME or LEVY_INCOME on the month's first day.
func charge(o *domainop.Op, c *ent.Coop, person int, kind duescharge.Kind, month time.Time, cents int64, basis *int64) error {
	ch, err := o.C.DuesCharge.Create().SetCoopID(c.ID).SetPersonID(person).SetKind(kind).SetMonth(month).
		SetAmountCents(cents).SetCurrency(c.Currency).SetNillableBasisCents(basis).Save(o.As(authz.ChargeDues))
	if err != nil {
		return err
	}
	entryKind, income, what := plan.Dues, plan.DuesIncome, "Dues"
	if kind == duescharge.KindLEVY {
		entryKind, income, what = plan.Levy, plan.LevyIncome, "Overhead levy"
	}
	_, err = ledger.Post(o, authz.ChargeDues, ledger.Entry{CoopID: c.ID, Kind: entryKind, BookedOn: month, Currency: c.Currency,
		Description: fmt.Sprintf("%s %s", what, month.Format("2006-01")), DuesChargeID: &ch.ID,
		Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.MemberReceivable, PersonID: person}, cents),
			ledger.Credit(ledger.Account{Code: income}, cents),
		}})
	return err
}

// RecordMemberPayment records a member's payment of a dues or levy charge,
// on the word of a current member of the coop: in the charge's currency,
// positive and not above what is unpaid (BAD_USER_INPUT naming amount),
// paid on a day not in the future (paidOn) in an open period of the books.
// The charge row is locked while its paid amount grows; the payment is
// booked Dr BANK / Cr MEMBER_RECEIVABLE(person).
func (svc *Service) RecordMemberPayment(ctx context.Context, chargeID int, amount money.Money, paidOn time.Time) (*ent.DuesCharge, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	ch, err := o.C.DuesCharge.Query().Where(duescharge.ID(chargeID)).Unique(false).Modify(domainop.LockRows).Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "duesChargeID", "duesChargeID: not found")
	}
	if err := authz.CanRecordMemberPayment(o.V, ch.CoopID); err != nil {
		return nil, err
	}
	if amount.Currency != ch.Currency {
		return nil, apperr.InvalidField("amount", "the charge is in %s, not %s", ch.Currency, amount.Currency)
	}
	unpaid := ch.AmountCents - ch.PaidCents
	if amount.Cents <= 0 || amount.Cents > unpaid {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "amount",
			Message: fmt.Sprintf("a payment is positive and at most what is unpaid: %s", money.Format(unpaid, ch.Currency)),
			Extra:   map[string]any{"unpaid": unpaid}}
	}
	day := ledger.Day(paidOn)
	if day.After(o.Now) {
		return nil, apperr.InvalidField("paidOn", "must not lie in the future")
	}
	n, err := o.C.DuesCharge.Update().Where(duescharge.ID(ch.ID), duescharge.PaidCents(ch.PaidCents)).
		AddPaidCents(amount.Cents).Save(o.As(authz.RecordMemberPayment))
	if err != nil {
		return nil, err
	}
	if n != 1 {
		return nil, apperr.New(apperr.Conflict, "the charge was paid meanwhile; try again")
	}
	if _, err := ledger.Post(o, authz.RecordMemberPayment, ledger.Entry{CoopID: ch.CoopID, Kind: plan.MemberPayment,
		BookedOn: day, Currency: ch.Currency, DuesChargeID: &ch.ID,
		Description: fmt.Sprintf("Payment of %s %s", ch.Kind, ch.Month.Format("2006-01")),
		Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.Bank}, amount.Cents),
			ledger.Credit(ledger.Account{Code: plan.MemberReceivable, PersonID: ch.PersonID}, amount.Cents),
		}}); err != nil {
		return nil, err
	}
	return o.C.DuesCharge.Get(o.Ctx, ch.ID)
}
