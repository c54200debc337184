// Package settlement is the inter-coop settlement across a network (issue
// 17, item 5): what every coop owes every other coop across all their
// shared projects, read from both coops' books (COOP_PAYABLE balances up to
// a day), netted per pair and currency (A owes B 3,000, B owes A 1,000: A
// pays B 2,000), and the settlement record both sides agree on.
//
// Life of a settlement: a current member of one side proposes it
// (PROPOSED, amounts computed, never typed); a current member of the other
// side confirms it (CONFIRMED), which recomputes the amounts and refuses
// with CONFLICT if the books moved since, and books the offset of the
// smaller direction in both books; either side may reject a proposal
// (REJECTED); a member of the paying coop records the payment of the net
// amount (PAID), booked in both books. A settlement whose net is 0 is PAID
// when confirmed. One open (PROPOSED or CONFIRMED) settlement per pair and
// currency at a time.
//
// Bookings (internal/ledger, kind SETTLEMENT, settlement_id set), A the
// payer, B the payee, m what B owed A:
//
//	confirm: A Dr COOP_PAYABLE(B) m / Cr COOP_RECEIVABLE(B) m
//	         B Dr COOP_PAYABLE(A) m / Cr COOP_RECEIVABLE(A) m
//	paid:    A Dr COOP_PAYABLE(B) net / Cr BANK net
//	         B Dr BANK net / Cr COOP_RECEIVABLE(A) net
package settlement

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/networkcoop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/money"
)

// Key is one direction of debt: From owes To in Currency.
type Key struct {
	From, To int
	Currency string
}

// Line is a pair of coops netted in one currency: the payer owes the payee
// Net = PayerOwed - PayeeOwed (never negative). When both owe the same, the
// coop with the lower ID is the payer of 0.
type Line struct {
	PayerID, PayeeID     int
	Currency             string
	PayerOwed, PayeeOwed int64
	Net                  int64
}

// Money shows an amount of the line.
func (l *Line) Money(cents int64) money.Money { return money.Money{Cents: cents, Currency: l.Currency} }

// Net nets owed (what each coop owes each other, per currency) into one
// line per pair and currency with anything owed, ordered by the pair's
// lower coop ID, higher coop ID and currency.
func Net(owed map[Key]int64) []*Line {
	type pair struct {
		lo, hi int
		cur    string
	}
	seen := map[pair]bool{}
	var out []*Line
	for k := range owed {
		p := pair{min(k.From, k.To), max(k.From, k.To), k.Currency}
		if seen[p] || p.lo == p.hi {
			continue
		}
		seen[p] = true
		lh, hl := owed[Key{p.lo, p.hi, p.cur}], owed[Key{p.hi, p.lo, p.cur}]
		if lh == 0 && hl == 0 {
			continue
		}
		if lh >= hl {
			out = append(out, &Line{PayerID: p.lo, PayeeID: p.hi, Currency: p.cur, PayerOwed: lh, PayeeOwed: hl, Net: lh - hl})
		} else {
			out = append(out, &Line{PayerID: p.hi, PayeeID: p.lo, Currency: p.cur, PayerOwed: hl, PayeeOwed: lh, Net: hl - lh})
		}
	}
	slices.SortFunc(out, func(a, b *Line) int {
		return cmp.Or(cmp.Compare(min(a.PayerID, a.PayeeID), min(b.PayerID, b.PayeeID)),
			cmp.Compare(max(a.PayerID, a.PayeeID), max(b.PayerID, b.PayeeID)), cmp.Compare(a.Currency, b.Currency))
	})
	return out
}

// Owed reads what each of coops owes each other of coops up to and
// including day upTo: the balances of their COOP_PAYABLE accounts kept for
// one another, in one GROUP BY over the lines, an advance counting as
// nothing owed. ctx must read past the
// viewer's filters (both books are summed).
func Owed(ctx context.Context, c *ent.Client, coops []int, upTo time.Time) (map[Key]int64, error) {
	upTo = ledger.Day(upTo)
	if len(coops) == 0 {
		return map[Key]int64{}, nil
	}
	payables := ledgeraccount.And(ledgeraccount.CodeEQ(ledgeraccount.CodeCOOP_PAYABLE),
		ledgeraccount.CoopIDIn(coops...), ledgeraccount.CounterpartyCoopIDIn(coops...))
	sums, err := ledger.SumsByAccount(ctx, c, ledgerline.CoopIDIn(coops...), ledgerline.HasAccountWith(payables),
		ledgerline.HasEntryWith(ledgerentry.BookedOnLTE(upTo)))
	if err != nil {
		return nil, err
	}
	accounts, err := c.LedgerAccount.Query().Where(payables).All(ctx)
	if err != nil {
		return nil, err
	}
	out := map[Key]int64{}
	for _, a := range accounts {
		s, ok := sums[a.ID]
		if !ok || a.CounterpartyCoopID == nil {
			continue
		}
		out[Key{a.CoopID, *a.CounterpartyCoopID, a.Currency}] += ledger.Signed(ledger.TypeOf(a.Code), s.Debit, s.Credit)
	}
	// A negative payable is an advance the payer made: the partner owes it
	// nothing to settle, it is recovered from the partner's later earnings
	// on the project (they credit the same account). Settlement nets only
	// what is owed.
	for k, v := range out {
		if v < 0 {
			out[k] = 0
		}
	}
	return out, nil
}

// NetworkCoops lists the coops of a network.
func NetworkCoops(ctx context.Context, c *ent.Client, networkID int) ([]int, error) {
	return c.NetworkCoop.Query().Where(networkcoop.NetworkID(networkID)).
		Select(networkcoop.FieldCoopID).Ints(ctx)
}

// Plan is the netted settlement of every pair of the network's coops up
// to upTo. ctx must read past the viewer's filters; the caller decides
// which lines the viewer sees.
func Plan(ctx context.Context, c *ent.Client, networkID int, upTo time.Time) ([]*Line, error) {
	coops, err := NetworkCoops(ctx, c, networkID)
	if err != nil {
		return nil, err
	}
	owed, err := Owed(ctx, c, coops, upTo)
	if err != nil {
		return nil, err
	}
	return Net(owed), nil
}
