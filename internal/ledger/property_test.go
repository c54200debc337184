package ledger_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestBooksAlwaysBalance is the ledger's property test: a random sequence
// of bookings through the public operations (bookExpense and
// reverseLedgerEntry over HTTP, refused bad input among them) and
// ledger.Post under a test rule (random balanced entries on random
// accounts of the plan). After every step every entry balances, the trial
// balance is balanced, and the entries and every account's balance match
// a model: no entry lost or doubled.
func TestBooksAlwaysBalance(t *testing.T) {
	t.Parallel()
	b := newBooks(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	a := b.c.As(b.MemberA.ID)
	client := testkit.Must(b.ec.ClientOrganisation.Create().SetCoopID(b.A.ID).SetName("Client GmbH").Save(b.ctx))(t)

	type modelEntry struct {
		id       string
		kind     string
		reversed bool
		lines    []ledger.Line
	}
	var entries []*modelEntry
	balances := map[string]int64{} // ledger.Key -> debits - credits
	apply := func(lines []ledger.Line, sign int64) {
		for _, l := range lines {
			balances[ledger.Key(l.Account, "EUR")] += sign * (l.Debit - l.Credit)
		}
	}
	accounts := func() []ledger.Account {
		var out []ledger.Account
		for _, p := range plan.Accounts {
			switch p.Counterparty {
			case plan.NoCounterparty:
				out = append(out, ledger.Account{Code: p.Code})
			case plan.PerClient:
				out = append(out, ledger.Account{Code: p.Code, ClientID: client.ID})
			case plan.PerCoop:
				out = append(out, ledger.Account{Code: p.Code, CoopID: b.B.ID})
			case plan.PerPerson:
				out = append(out, ledger.Account{Code: p.Code, PersonID: b.Freelancer.ID})
			}
		}
		return out
	}()
	split := func(total int64, n int) []int64 {
		parts := make([]int64, n)
		left := total
		for i := range n - 1 {
			parts[i] = 1 + r.Int64N(left-int64(n-1-i))
			left -= parts[i]
		}
		parts[n-1] = left
		return parts
	}
	onDay := func() string { return day(2026, 1, 1).AddDate(0, 0, r.IntN(365)).Format(time.DateOnly) }

	steps := 40
	if testkit.Postgres() {
		steps = 25
	}
	for step := range steps {
		switch testkit.Weighted(r, 4, 2, 4, 1) {
		case 0: // bookExpense
			amount := 1 + r.Int64N(100_000)
			var out struct {
				BookExpense struct {
					Entry entryOut `json:"entry"`
				} `json:"bookExpense"`
			}
			gql(t, a, bookExpense, map[string]any{"c": testkit.ID(b.A.ID), "a": eur(amount), "on": onDay(), "d": fmt.Sprint("expense ", step)}, &out)
			lines := []ledger.Line{ledger.Debit(ledger.Account{Code: plan.OtherExpenses}, amount), ledger.Credit(ledger.Account{Code: plan.Bank}, amount)}
			entries = append(entries, &modelEntry{id: out.BookExpense.Entry.ID, kind: "EXPENSE", lines: lines})
			apply(lines, 1)
		case 1: // reverse an expense, or try again on a reversed one
			var open []*modelEntry
			for _, e := range entries {
				if e.kind == "EXPENSE" {
					open = append(open, e)
				}
			}
			if len(open) == 0 {
				continue
			}
			e := open[r.IntN(len(open))]
			res := testkit.Must(a.Post(reverse, map[string]any{"e": e.id, "on": onDay(), "r": "wrong"}))(t)
			if e.reversed {
				testkit.OnlyError(t, res, "CONFLICT", "")
				continue
			}
			var out struct {
				ReverseLedgerEntry struct {
					Entry entryOut `json:"entry"`
				} `json:"reverseLedgerEntry"`
			}
			testkit.OK(t, res, &out)
			e.reversed = true
			entries = append(entries, &modelEntry{id: out.ReverseLedgerEntry.Entry.ID, kind: "REVERSAL", lines: e.lines})
			apply(e.lines, -1)
		case 2: // another operation's booking
			total := 2 + r.Int64N(500_000)
			nd, nc := 1+r.IntN(2), 1+r.IntN(2)
			var lines []ledger.Line
			for _, c := range split(total, nd) {
				lines = append(lines, ledger.Debit(accounts[r.IntN(len(accounts))], c))
			}
			for _, c := range split(total, nc) {
				lines = append(lines, ledger.Credit(accounts[r.IntN(len(accounts))], c))
			}
			le := b.post(ledger.Entry{CoopID: b.A.ID, Kind: plan.ShareEarned, BookedOn: day(2026, 6, 1), Currency: "EUR",
				Description: fmt.Sprint("posting ", step), Lines: lines})
			entries = append(entries, &modelEntry{id: testkit.ID(le.ID), kind: "SHARE_EARNED", lines: lines})
			apply(lines, 1)
		case 3: // refused input changes nothing
			before := testkit.RowCounts(t, b.db)
			res := testkit.Must(a.Post(bookExpense, map[string]any{"c": testkit.ID(b.A.ID), "a": eur(-r.Int64N(1000)), "on": onDay(), "d": "bad"}))(t)
			testkit.OnlyError(t, res, "BAD_USER_INPUT", "amount")
			testkit.NothingWritten(t, before, testkit.RowCounts(t, b.db))
		}

		// The books after the step.
		b.balanced(b.A.ID)
		n := testkit.Must(b.ec.LedgerEntry.Query().Where(ledgerentry.CoopID(b.A.ID)).Count(b.ctx))(t)
		var total int64
		for _, e := range entries {
			for _, l := range e.lines {
				total += l.Debit + l.Credit
			}
		}
		d, c := must2[int64, int64](t)(ledger.SumLines(b.ctx, b.ec, ledgerline.CoopID(b.A.ID)))
		if n != len(entries) || d+c != total {
			t.Fatalf("step %d: %d entries with debits+credits %d, model %d with %d", step, n, d+c, len(entries), total)
		}
		accs := testkit.Must(b.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(b.A.ID)).All(b.ctx))(t)
		sums := testkit.Must(ledger.SumsByAccount(b.ctx, b.ec, ledgerline.CoopID(b.A.ID)))(t)
		got := map[string]int64{}
		for _, acc := range accs {
			got[acc.Key] = sums[acc.ID].Debit - sums[acc.ID].Credit
		}
		if !sameNonZero(got, balances) {
			t.Fatalf("step %d: balances %v, model %v", step, got, balances)
		}
	}
}

// sameNonZero compares two maps of balances, a missing key being 0.
func sameNonZero(a, b map[string]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// TestFiftyConcurrentBookings: 50 members' expenses booked at once in a
// coop whose books are still empty give exactly 50 balanced entries, and
// each account is opened once.
func TestFiftyConcurrentBookings(t *testing.T) {
	t.Parallel()
	b := newBooks(t)
	a := b.c.As(b.MemberA.ID)
	var reqs []func() (*testkit.Response, error)
	for i := range 50 {
		reqs = append(reqs, func() (*testkit.Response, error) {
			return a.Post(bookExpense, map[string]any{"c": testkit.ID(b.A.ID), "a": eur(int64(100 + i)), "on": "2026-05-04",
				"d": fmt.Sprint("concurrent ", i)})
		})
	}
	var mu sync.Mutex
	ok := 0
	for _, res := range testkit.Race(t, reqs...) {
		mu.Lock()
		if len(res.Errors) == 0 {
			ok++
		} else {
			t.Errorf("a booking failed: %v", res.Errors)
		}
		mu.Unlock()
	}
	n := testkit.Must(b.ec.LedgerEntry.Query().Where(ledgerentry.CoopID(b.A.ID)).Count(b.ctx))(t)
	if ok != 50 || n != 50 {
		t.Errorf("%d bookings succeeded, %d entries; want 50 and 50", ok, n)
	}
	for _, code := range []ledgeraccount.Code{ledgeraccount.CodeBANK, ledgeraccount.CodeOTHER_EXPENSES} {
		if k := testkit.Must(b.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(b.A.ID), ledgeraccount.CodeEQ(code)).Count(b.ctx))(t); k != 1 {
			t.Errorf("%s opened %d times", code, k)
		}
	}
	d, c := must2[int64, int64](t)(ledger.SumLines(b.ctx, b.ec, ledgerline.CoopID(b.A.ID)))
	if want := int64(50*100 + 49*50/2); d != want || c != want {
		t.Errorf("debits %d, credits %d, want %d each", d, c, want)
	}
	b.balanced(b.A.ID)
}

// must2 fails the test on err and returns the two values.
func must2[A, B any](t *testing.T) func(A, B, error) (A, B) {
	return func(a A, b B, err error) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}

// TestConcurrentReversals: ten members' reversals of one entry at once
// book exactly one reversal; the others are CONFLICT.
func TestConcurrentReversals(t *testing.T) {
	t.Parallel()
	b := newBooks(t)
	a := b.c.As(b.MemberA.ID)
	var out struct {
		BookExpense struct {
			Entry entryOut `json:"entry"`
		} `json:"bookExpense"`
	}
	gql(t, a, bookExpense, map[string]any{"c": testkit.ID(b.A.ID), "a": eur(700), "on": "2026-05-04", "d": "once"}, &out)
	var reqs []func() (*testkit.Response, error)
	for range 10 {
		reqs = append(reqs, func() (*testkit.Response, error) {
			return a.Post(reverse, map[string]any{"e": out.BookExpense.Entry.ID, "on": "2026-05-05", "r": "twice"})
		})
	}
	okN, conflicts := 0, 0
	for _, res := range testkit.Race(t, reqs...) {
		switch {
		case len(res.Errors) == 0:
			okN++
		case res.Errors[0].Code() == "CONFLICT":
			conflicts++
		default:
			t.Errorf("a reversal failed: %v", res.Errors)
		}
	}
	n := testkit.Must(b.ec.LedgerEntry.Query().Where(ledgerentry.KindEQ(ledgerentry.KindREVERSAL)).Count(b.ctx))(t)
	if okN != 1 || conflicts != 9 || n != 1 {
		t.Errorf("%d reversals succeeded, %d conflicts, %d reversals booked; want 1, 9, 1", okN, conflicts, n)
	}
	b.balanced(b.A.ID)
}
