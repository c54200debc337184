package authz_test

import (
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/settlement"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// A coop's books and the inter-coop settlement (issue 17, part books):
// the operation cases of the writes naming another object, appended to
// operationCases.
func (f *fixture) booksOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	today := time.Now().UTC().Format(time.DateOnly)
	post := func(f *fixture, es ...ledger.Entry) {
		tx := testkit.MustOrPanic(c.Tx(ctx))
		o := domainop.Env{}.System(ent.NewTxContext(ctx, tx), tx.Client())
		for _, e := range es {
			if _, err := ledger.Post(o, authz.TestFixture, e); err != nil {
				panic(err)
			}
		}
		if err := tx.Commit(); err != nil {
			panic(err)
		}
	}
	// owe: lead owes partner 1,000 EUR, booked in both books.
	owe := func(f *fixture, lead, partner int) {
		day := time.Now().UTC().AddDate(0, 0, -2)
		post(f, ledger.Entry{CoopID: lead, Kind: plan.ShareEarned, BookedOn: day, Currency: "EUR", Description: "share earned",
			Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.PartnerCosts}, 100_000),
				ledger.Credit(ledger.Account{Code: plan.CoopPayable, CoopID: partner}, 100_000)}},
			ledger.Entry{CoopID: partner, Kind: plan.ShareEarned, BookedOn: day, Currency: "EUR", Description: "share earned",
				Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.CoopReceivable, CoopID: lead}, 100_000),
					ledger.Credit(ledger.Account{Code: plan.ShareRevenue}, 100_000)}})
	}
	var proposed, toD, confirmed *ent.Settlement
	var expenseEntry int
	settle := func(f *fixture, payer, payee, by int, status settlement.Status) *ent.Settlement {
		return testkit.MustOrPanic(c.Settlement.Create().SetNetworkID(f.N.ID).SetPayerCoopID(payer).SetPayeeCoopID(payee).
			SetUpTo(ledger.Day(time.Now().AddDate(0, 0, -1))).SetCurrency("EUR").SetPayerOwedCents(100_000).SetPayeeOwedCents(0).
			SetNetCents(100_000).SetProposedByCoopID(by).SetStatus(status).Save(ctx))
	}
	status := func(id func() int) func(f *fixture) string {
		return func(f *fixture) string { return string(testkit.MustOrPanic(c.Settlement.Get(ctx, id())).Status) }
	}
	const (
		bookExpense = `mutation($c: ID!) { bookExpense(coopID: $c, amount: {amount: 1200, currency: "EUR"}, on: "2026-05-04", description: "printer paper") { entry { id } } }`
		reverse     = `mutation($e: ID!, $on: Date!) { reverseLedgerEntry(entryID: $e, on: $on, reason: "booked twice") { entry { id } } }`
		propose     = `mutation($n: ID!, $o: ID!, $d: Date!, $c: ID) { proposeSettlement(networkID: $n, otherCoopID: $o, upTo: $d, coopID: $c) { settlement { id } } }`
		confirm     = `mutation($id: ID!) { confirmSettlement(id: $id) { settlement { id status } } }`
		reject      = `mutation($id: ID!) { rejectSettlement(id: $id) { settlement { id status } } }`
		pay         = `mutation($id: ID!, $d: Date!) { recordSettlementPayment(id: $id, paidOn: $d) { settlement { id status } } }`
	)
	entriesOf := func(coop func() int) func(f *fixture) string {
		return func(f *fixture) string { return f.count(c.LedgerEntry.Query().Where(ledgerentry.CoopID(coop()))) }
	}
	return []writeCase{
		{
			name:  "bookExpense in A",
			query: bookExpense,
			vars:  func(string) map[string]any { return map[string]any{"c": testkit.ID(f.A.ID)} },
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "coopID",
			state: entriesOf(func() int { return f.A.ID }),
		},
		{
			name: "reverseLedgerEntry of A's expense",
			setup: func(f *fixture) {
				post(f, ledger.Entry{CoopID: f.A.ID, Kind: plan.ExpenseBooked, BookedOn: time.Now(), Currency: "EUR", Description: "rent",
					Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.OtherExpenses}, 5_000),
						ledger.Credit(ledger.Account{Code: plan.Bank}, 5_000)}})
				expenseEntry = testkit.MustOrPanic(c.LedgerEntry.Query().Where(ledgerentry.CoopID(f.A.ID)).OnlyID(ctx))
			},
			query: reverse,
			vars:  func(string) map[string]any { return map[string]any{"e": testkit.ID(expenseEntry), "on": today} },
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "entryID",
			state: entriesOf(func() int { return f.A.ID }),
		},
		{
			name:  "proposeSettlement A with B",
			setup: func(f *fixture) { owe(f, f.A.ID, f.B.ID) },
			query: propose,
			vars: func(string) map[string]any {
				return map[string]any{"n": testkit.ID(f.N.ID), "o": testkit.ID(f.B.ID), "d": today}
			},
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfB, "BAD_USER_INPUT", memberOfA, ok),
			field:    "networkID",
			fieldFor: map[string]string{memberOfB: "otherCoopID"},
			state:    func(f *fixture) string { return f.count(c.Settlement.Query()) },
		},
		{
			name:  "proposeSettlement with C of another network",
			setup: func(f *fixture) { owe(f, f.A.ID, f.B.ID) },
			query: propose,
			vars: func(string) map[string]any {
				return map[string]any{"n": testkit.ID(f.N.ID), "o": testkit.ID(f.C.ID), "d": today}
			},
			want:     expect("NOT_FOUND"),
			field:    "otherCoopID",
			fieldFor: map[string]string{outsider: "networkID"},
			state:    func(f *fixture) string { return f.count(c.Settlement.Query()) },
		},
		{
			name:  "proposeSettlement for B, by A's member",
			setup: func(f *fixture) { owe(f, f.A.ID, f.B.ID) },
			query: propose,
			vars: func(string) map[string]any {
				return map[string]any{"n": testkit.ID(f.N.ID), "o": testkit.ID(f.A.ID), "d": today, "c": testkit.ID(f.B.ID)}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfB, ok),
			field: "networkID",
			state: func(f *fixture) string { return f.count(c.Settlement.Query()) },
		},
		{
			name: "confirmSettlement of B's proposal to A",
			setup: func(f *fixture) {
				owe(f, f.A.ID, f.B.ID)
				proposed = settle(f, f.A.ID, f.B.ID, f.B.ID, settlement.StatusPROPOSED)
			},
			query: confirm,
			vars:  func(string) map[string]any { return map[string]any{"id": testkit.ID(proposed.ID)} },
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, ok),
			field: "id",
			state: status(func() int { return proposed.ID }),
		},
		{
			name: "rejectSettlement between A and D",
			setup: func(f *fixture) {
				d := testkit.MustOrPanic(c.Coop.Create().SetName("Coop D").SetSlug("coop-d").AddNetworks(f.N).Save(ctx))
				owe(f, f.A.ID, d.ID)
				toD = settle(f, f.A.ID, d.ID, f.A.ID, settlement.StatusPROPOSED)
			},
			query: reject,
			vars:  func(string) map[string]any { return map[string]any{"id": testkit.ID(toD.ID)} },
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: status(func() int { return toD.ID }),
		},
		{
			name: "recordSettlementPayment A pays B",
			setup: func(f *fixture) {
				owe(f, f.A.ID, f.B.ID)
				confirmed = settle(f, f.A.ID, f.B.ID, f.A.ID, settlement.StatusCONFIRMED)
			},
			query: pay,
			vars:  func(string) map[string]any { return map[string]any{"id": testkit.ID(confirmed.ID), "d": today} },
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, ok),
			field: "id",
			state: func(f *fixture) string {
				return fmt.Sprint(status(func() int { return confirmed.ID })(f), " ", f.count(c.LedgerEntry.Query()))
			},
		},
	}
}
