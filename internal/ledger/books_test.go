package ledger_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const (
	bookExpense = `mutation($c: ID!, $a: MoneyInput!, $on: Date!, $d: String!) {
		bookExpense(coopID: $c, amount: $a, on: $on, description: $d) { entry { id kind day lines { totalCount edges { node { debit { amount } credit { amount } account { code } } } } } } }`
	reverse = `mutation($e: ID!, $on: Date!, $r: String!) {
		reverseLedgerEntry(entryID: $e, on: $on, reason: $r) { entry { id kind day reversesID } } }`
	coopBooks = `query($c: ID!, $from: Date, $to: Date, $code: LedgerAccountCode, $kind: LedgerEntryKind) { node(id: $c) { ... on Coop {
		ledgerAccounts(code: $code) { totalCount edges { node { id code type balance(from: $from, to: $to) { amount currency } } } }
		ledgerEntries(from: $from, to: $to, kind: $kind) { totalCount edges { node { id kind day description } } }
		trialBalance(asOf: $to) { balanced debits { amount } credits { amount } types { type balance { amount } } accounts { type balance { amount } account { code } } }
	} } }`
	report = `query($c: ID!, $from: Date!, $to: Date!) { node(id: $c) { ... on Coop { moneyReport(from: $from, to: $to) {
		invoiced { amount } received { amount } outstanding { amount } owedToPartners { amount } payouts { amount }
		dues { amount } income { amount } expenses { amount } result { amount } } } } }`
)

type entryOut struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Day   string `json:"day"`
	Lines struct {
		TotalCount int `json:"totalCount"`
	} `json:"lines"`
}

type coopBooksOut struct {
	Node struct {
		LedgerAccounts struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node struct {
					ID      string `json:"id"`
					Code    string `json:"code"`
					Type    string `json:"type"`
					Balance money  `json:"balance"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"ledgerAccounts"`
		LedgerEntries struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node entryOut `json:"node"`
			} `json:"edges"`
		} `json:"ledgerEntries"`
		TrialBalance *struct {
			Balanced bool  `json:"balanced"`
			Debits   money `json:"debits"`
			Credits  money `json:"credits"`
			Types    []struct {
				Type    string `json:"type"`
				Balance money  `json:"balance"`
			} `json:"types"`
		} `json:"trialBalance"`
	} `json:"node"`
}

// TestBooksOverHTTP: a member books expenses, reads accounts, balances per
// period, entries by filter, the trial balance and the period report, and
// reverses a booking once; bad input and closed periods change nothing;
// other coops' members and outsiders find nothing.
func TestBooksOverHTTP(t *testing.T) {
	t.Parallel()
	b := newBooks(t)
	a := b.c.As(b.MemberA.ID)
	coopA := testkit.ID(b.A.ID)
	var out struct {
		BookExpense struct {
			Entry entryOut `json:"entry"`
		} `json:"bookExpense"`
	}
	gql(t, a, bookExpense, map[string]any{"c": coopA, "a": eur(12_000), "on": "2026-03-10", "d": "Office rent March"}, &out)
	if e := out.BookExpense.Entry; e.Kind != "EXPENSE" || e.Day != "2026-03-10" || e.Lines.TotalCount != 2 {
		t.Fatalf("bookExpense: %+v", e)
	}
	rent := out.BookExpense.Entry.ID
	gql(t, a, bookExpense, map[string]any{"c": coopA, "a": eur(3_050), "on": "2026-04-02", "d": "Laptop bag"}, &out)
	bag := out.BookExpense.Entry.ID
	// A client payment booked by another operation (under the test rule).
	pay := b.post(ledger.Entry{CoopID: b.A.ID, Kind: plan.ClientPayment, BookedOn: day(2026, 3, 20), Currency: "EUR",
		Description: "Client paid", Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.Bank}, 100_000),
			ledger.Credit(ledger.Account{Code: plan.ProjectRevenue}, 100_000)}})

	var books coopBooksOut
	gql(t, a, coopBooks, map[string]any{"c": coopA, "to": "2026-03-31"}, &books)
	balances := map[string]int64{}
	for _, e := range books.Node.LedgerAccounts.Edges {
		balances[e.Node.Code+"/"+e.Node.Type] = e.Node.Balance.cents(t)
	}
	want := map[string]int64{"BANK/ASSET": 100_000 - 12_000, "OTHER_EXPENSES/EXPENSE": 12_000, "PROJECT_REVENUE/INCOME": 100_000}
	if fmt.Sprint(balances) != fmt.Sprint(want) {
		t.Errorf("balances up to March: %v, want %v", balances, want)
	}
	if n := books.Node.LedgerEntries.TotalCount; n != 2 {
		t.Errorf("entries up to March: %d, want 2", n)
	}
	tb := books.Node.TrialBalance
	if tb == nil || !tb.Balanced || tb.Debits.cents(t) != 112_000 || tb.Credits.cents(t) != 112_000 {
		t.Fatalf("trial balance up to March: %+v", tb)
	}
	types := map[string]int64{}
	for _, ty := range tb.Types {
		types[ty.Type] = ty.Balance.cents(t)
	}
	if types["ASSET"] != 88_000 || types["INCOME"] != 100_000 || types["EXPENSE"] != 12_000 || types["LIABILITY"] != 0 {
		t.Errorf("trial balance per type: %v", types)
	}
	// Filters: April only; by kind; by code.
	gql(t, a, coopBooks, map[string]any{"c": coopA, "from": "2026-04-01", "to": "2026-04-30", "kind": "EXPENSE", "code": "BANK"}, &books)
	if n := books.Node.LedgerEntries.TotalCount; n != 1 || books.Node.LedgerEntries.Edges[0].Node.ID != bag {
		t.Errorf("April's EXPENSE entries: %+v", books.Node.LedgerEntries)
	}
	if acc := books.Node.LedgerAccounts; acc.TotalCount != 1 || acc.Edges[0].Node.Balance.cents(t) != -3_050 {
		t.Errorf("BANK in April: %+v", acc)
	}

	var rep struct {
		Node struct {
			MoneyReport map[string]money `json:"moneyReport"`
		} `json:"node"`
	}
	gql(t, a, report, map[string]any{"c": coopA, "from": "2026-01-01", "to": "2026-12-31"}, &rep)
	got := map[string]int64{}
	for k, v := range rep.Node.MoneyReport {
		got[k] = v.cents(t)
	}
	wantRep := map[string]int64{"invoiced": 0, "received": 100_000, "outstanding": 0, "owedToPartners": 0, "payouts": 0,
		"dues": 0, "income": 100_000, "expenses": 15_050, "result": 84_950}
	if fmt.Sprint(got) != fmt.Sprint(wantRep) {
		t.Errorf("moneyReport 2026: %v, want %v", got, wantRep)
	}

	// A month with an invoice, a share earned, a payout and dues, as the
	// other operations book them.
	jul := day(2026, 7, 10)
	client := testkit.Must(b.ec.ClientOrganisation.Create().SetCoopID(b.A.ID).SetName("Client GmbH").Save(b.ctx))(t)
	for _, e := range []ledger.Entry{
		{Kind: plan.InvoiceIssued, Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.ClientReceivable, ClientID: client.ID}, 119),
			ledger.Credit(ledger.Account{Code: plan.ProjectRevenue}, 100), ledger.Credit(ledger.Account{Code: plan.VATPayable}, 19)}},
		{Kind: plan.ShareEarned, Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.PartnerCosts}, 30),
			ledger.Credit(ledger.Account{Code: plan.CoopPayable, CoopID: b.B.ID}, 30)}},
		{Kind: plan.Payout, Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.CoopPayable, CoopID: b.B.ID}, 10),
			ledger.Credit(ledger.Account{Code: plan.Bank}, 10)}},
		{Kind: plan.Dues, Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.MemberReceivable, PersonID: b.MemberA.ID}, 20),
			ledger.Credit(ledger.Account{Code: plan.DuesIncome}, 20)}},
	} {
		e.CoopID, e.BookedOn, e.Currency, e.Description = b.A.ID, jul, "EUR", string(e.Kind)
		b.post(e)
	}
	gql(t, a, report, map[string]any{"c": coopA, "from": "2026-07-01", "to": "2026-07-31"}, &rep)
	got = map[string]int64{}
	for k, v := range rep.Node.MoneyReport {
		got[k] = v.cents(t)
	}
	wantRep = map[string]int64{"invoiced": 119, "received": 0, "outstanding": 119, "owedToPartners": 20, "payouts": 10,
		"dues": 20, "income": 120, "expenses": 30, "result": 90}
	if fmt.Sprint(got) != fmt.Sprint(wantRep) {
		t.Errorf("moneyReport July 2026: %v, want %v", got, wantRep)
	}
	res := testkit.Must(b.c.As(b.MemberB.ID).Post(report, map[string]any{"c": coopA, "from": "2026-07-01", "to": "2026-07-31"}))(t)
	var repB struct {
		Node *struct {
			MoneyReport *map[string]money `json:"moneyReport"`
		} `json:"node"`
	}
	testkit.OK(t, res, &repB)
	if repB.Node == nil || repB.Node.MoneyReport != nil {
		t.Errorf("member of B reads A's report: %+v", repB.Node)
	}
	// Each booking is in the audit log, for A's members only.
	const audited = `{ auditLog(filter: {operation: "bookExpense"}) { totalCount } }`
	for c, want := range map[*testkit.Client]int{a: 2, b.c.As(b.MemberB.ID): 0} {
		var log struct {
			AuditLog struct{ TotalCount int } `json:"auditLog"`
		}
		gql(t, c, audited, nil, &log)
		if log.AuditLog.TotalCount != want {
			t.Errorf("audit records of bookExpense: %d, want %d", log.AuditLog.TotalCount, want)
		}
	}

	// Reversal: once, of a hand-made entry only.
	var rev struct {
		ReverseLedgerEntry struct {
			Entry struct {
				ID, Kind, Day, ReversesID string
			} `json:"entry"`
		} `json:"reverseLedgerEntry"`
	}
	gql(t, a, reverse, map[string]any{"e": rent, "on": "2026-04-05", "r": "booked twice"}, &rev)
	if e := rev.ReverseLedgerEntry.Entry; e.Kind != "REVERSAL" || e.ReversesID != rent || e.Day != "2026-04-05" {
		t.Errorf("reversal: %+v", e)
	}
	before := testkit.RowCounts(t, b.db)
	for _, tc := range []struct {
		name       string
		c          *testkit.Client
		query      string
		vars       map[string]any
		code, fild string
	}{
		{"reversed twice", a, reverse, map[string]any{"e": rent, "on": "2026-04-05", "r": "again"}, "CONFLICT", ""},
		{"a caused entry", a, reverse, map[string]any{"e": testkit.ID(pay.ID), "on": "2026-04-05", "r": "no"}, "CONFLICT", ""},
		{"a reversal", a, reverse, map[string]any{"e": rev.ReverseLedgerEntry.Entry.ID, "on": "2026-04-05", "r": "no"}, "CONFLICT", ""},
		{"empty reason", a, reverse, map[string]any{"e": bag, "on": "2026-04-05", "r": "  "}, "BAD_USER_INPUT", "reason"},
		{"member of B reverses A's entry", b.c.As(b.MemberB.ID), reverse, map[string]any{"e": bag, "on": "2026-04-05", "r": "x"}, "NOT_FOUND", "entryID"},
		{"outsider reverses", b.c.As(b.Outsider.ID), reverse, map[string]any{"e": bag, "on": "2026-04-05", "r": "x"}, "NOT_FOUND", "entryID"},
		{"anonymous reverses", b.c.Anonymous(), reverse, map[string]any{"e": bag, "on": "2026-04-05", "r": "x"}, "UNAUTHENTICATED", ""},
		{"zero amount", a, bookExpense, map[string]any{"c": coopA, "a": eur(0), "on": "2026-04-02", "d": "x"}, "BAD_USER_INPUT", "amount"},
		{"negative amount", a, bookExpense, map[string]any{"c": coopA, "a": eur(-5), "on": "2026-04-02", "d": "x"}, "BAD_USER_INPUT", "amount"},
		{"bad currency", a, bookExpense, map[string]any{"c": coopA, "a": map[string]any{"amount": 5, "currency": "XXY"}, "on": "2026-04-02", "d": "x"}, "BAD_USER_INPUT", "amount"},
		{"no description", a, bookExpense, map[string]any{"c": coopA, "a": eur(5), "on": "2026-04-02", "d": ""}, "BAD_USER_INPUT", "description"},
		{"not a day", a, bookExpense, map[string]any{"c": coopA, "a": eur(5), "on": "2026-04-02T10:00:00Z", "d": "x"}, "", ""},
		{"member of B books in A", b.c.As(b.MemberB.ID), bookExpense, map[string]any{"c": coopA, "a": eur(5), "on": "2026-04-02", "d": "x"}, "NOT_FOUND", "coopID"},
		{"freelancer books in A", b.c.As(b.Freelancer.ID), bookExpense, map[string]any{"c": coopA, "a": eur(5), "on": "2026-04-02", "d": "x"}, "NOT_FOUND", "coopID"},
		{"anonymous books", b.c.Anonymous(), bookExpense, map[string]any{"c": coopA, "a": eur(5), "on": "2026-04-02", "d": "x"}, "UNAUTHENTICATED", ""},
	} {
		res := testkit.Must(tc.c.Post(tc.query, tc.vars))(t)
		if tc.code == "" {
			if len(res.Errors) == 0 {
				t.Errorf("%s: no error", tc.name)
			}
			continue
		}
		testkit.OnlyError(t, res, tc.code, tc.fild)
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, b.db))

	// A closed period: nothing is booked or reversed into it.
	testkit.Must(b.ec.BooksClosure.Create().SetCoopID(b.A.ID).SetPeriodStart(day(2026, 1, 1)).SetPeriodEnd(day(2026, 3, 31)).
		SetReason(booksclosure.ReasonBOOKS_CLOSED).SetClosedAt(time.Now()).Save(b.ctx))(t)
	before = testkit.RowCounts(t, b.db)
	res = testkit.Must(a.Post(bookExpense, map[string]any{"c": coopA, "a": eur(5), "on": "2026-03-31", "d": "late"}))(t)
	if e := testkit.OnlyError(t, res, "CONFLICT", ""); e.Extensions["periodEnd"] != "2026-03-31" {
		t.Errorf("closed period error: %+v", e)
	}
	res = testkit.Must(a.Post(reverse, map[string]any{"e": bag, "on": "2026-02-01", "r": "into the closed period"}))(t)
	testkit.OnlyError(t, res, "CONFLICT", "")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, b.db))
	b.balanced(b.A.ID)

	// Other readers: B's member sees the account A keeps for B and the
	// entries on it, no trial balance; others see nothing.
	var other coopBooksOut
	gql(t, b.c.As(b.MemberB.ID), coopBooks, map[string]any{"c": coopA}, &other)
	if acc := other.Node.LedgerAccounts; acc.TotalCount != 1 || acc.Edges[0].Node.Code != "COOP_PAYABLE" || acc.Edges[0].Node.Balance.cents(t) != 20 ||
		other.Node.LedgerEntries.TotalCount != 2 || other.Node.TrialBalance != nil {
		t.Errorf("member of B reads A's books: %+v", other.Node)
	}
	for name, c := range map[string]*testkit.Client{"outsider": b.c.As(b.Outsider.ID), "freelancer": b.c.As(b.Freelancer.ID)} {
		var other coopBooksOut
		res := testkit.Must(c.Post(coopBooks, map[string]any{"c": coopA}))(t)
		if len(res.Errors) > 0 {
			if res.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("%s: %v", name, res.Errors)
			}
			continue
		}
		testkit.OK(t, res, &other)
		if other.Node.LedgerAccounts.TotalCount != 0 || other.Node.LedgerEntries.TotalCount != 0 || other.Node.TrialBalance != nil {
			t.Errorf("%s reads A's books: %+v", name, other.Node)
		}
	}
	if n := testkit.Must(b.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(b.A.ID)).Count(b.ctx))(t); n != 9 {
		t.Errorf("A has %d accounts, want 9", n)
	}
}
