package payouts_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/payment"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestPartialPaymentsOweEachHolderExactly: three partial payments take the
// invoice through PARTIALLY_PAID to PAID; after each, each holder (partner
// coop, freelancer, PM person; not the lead coop's own share, not the fixed
// item) is owed net x paid / gross rounded down, and exactly its line's net
// at the end; both coops' books mirror each other and balance.
func TestPartialPaymentsOweEachHolderExactly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareL, net: 10_001}, line{share: e.shareP, net: 33_333},
		line{share: e.shareF, net: 22_222}, line{pm: true, net: 3_333}, line{net: 111})
	gross := inv.GrossCents
	payments := []int64{gross / 3, gross / 7, gross - gross/3 - gross/7}
	paid := int64(0)
	for i, amount := range payments {
		status := e.pay(inv, amount)
		paid += amount
		want := "PARTIALLY_PAID"
		if i == len(payments)-1 {
			want = "PAID"
		}
		if status != want {
			t.Fatalf("after payment %d: status %s, want %s", i+1, status, want)
		}
		if got := e.invoice(inv.ID).PaidCents; got != paid {
			t.Fatalf("after payment %d: paid %d, want %d", i+1, got, paid)
		}
		owed := func(net int64) int64 { return testkit.Must(money.OwedOfPaid(net, paid, gross))(t) }
		for _, c := range []struct {
			name string
			got  int64
			want int64
		}{
			{"L owes P", e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}), owed(33_333)},
			{"P is owed by L", e.balance(e.P.ID, ledger.Account{Code: plan.CoopReceivable, CoopID: e.L.ID}), owed(33_333)},
			{"P's share revenue", e.balance(e.P.ID, ledger.Account{Code: plan.ShareRevenue}), owed(33_333)},
			{"L owes F", e.balance(e.L.ID, ledger.Account{Code: plan.PersonPayable, PersonID: e.fl.ID}), owed(22_222)},
			{"L owes the PM", e.balance(e.L.ID, ledger.Account{Code: plan.PersonPayable, PersonID: e.pmp.ID}), owed(3_333)},
			{"L's partner costs", e.balance(e.L.ID, ledger.Account{Code: plan.PartnerCosts}), owed(33_333) + owed(22_222) + owed(3_333)},
			{"L's bank", e.balance(e.L.ID, ledger.Account{Code: plan.Bank}), paid},
			{"client still owes", e.balance(e.L.ID, ledger.Account{Code: plan.ClientReceivable, ClientID: e.client.ID}), gross - paid},
		} {
			if c.got != c.want {
				t.Errorf("after payment %d: %s %d, want %d", i+1, c.name, c.got, c.want)
			}
		}
		e.balanced()
	}
	// Paid in full: exactly the lines' nets.
	if got := e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}); got != 33_333 {
		t.Errorf("fully paid: L owes P %d, want 33333", got)
	}
	// A PAID invoice takes no more payments.
	testkit.OnlyError(t, e.c.As(e.lead.ID).Do(recordPayment, map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(1),
		"on": t0.Format(time.RFC3339)}), "CONFLICT", "")
}

// TestOwedSumsToTheSharesWhenFullyPaid is the property: for random
// invoices paid in random partial payments, the sum of what was booked as
// owed to each holder equals the sum of its lines' nets once fully paid,
// to the cent, and the books balance after every payment.
func TestOwedSumsToTheSharesWhenFullyPaid(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := rand.New(rand.NewPCG(17, 2026))
	var wantP, wantF, wantM int64
	for range 4 {
		nets := []int64{1 + r.Int64N(50_000), 1 + r.Int64N(50_000), 1 + r.Int64N(50_000), 1 + r.Int64N(5_000), r.Int64N(3)}
		inv := e.issuedInvoice(line{share: e.shareP, net: nets[0]}, line{share: e.shareF, net: nets[1]},
			line{share: e.shareL, net: nets[2]}, line{pm: true, net: nets[3]}, line{share: e.shareP, net: nets[4] + 1})
		wantP += nets[0] + nets[4] + 1
		wantF += nets[1]
		wantM += nets[3]
		rest := inv.GrossCents
		for rest > 0 {
			amount := rest
			if r.IntN(3) > 0 {
				amount = 1 + r.Int64N(rest)
			}
			e.pay(inv, amount)
			rest -= amount
			e.balanced()
		}
		if got := e.invoice(inv.ID); got.PaidCents != got.GrossCents || got.Status != "PAID" {
			t.Fatalf("invoice paid %d of %d, status %s", got.PaidCents, got.GrossCents, got.Status)
		}
	}
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"P", e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}), wantP},
		{"P's own books", e.balance(e.P.ID, ledger.Account{Code: plan.CoopReceivable, CoopID: e.L.ID}), wantP},
		{"F", e.balance(e.L.ID, ledger.Account{Code: plan.PersonPayable, PersonID: e.fl.ID}), wantF},
		{"PM", e.balance(e.L.ID, ledger.Account{Code: plan.PersonPayable, PersonID: e.pmp.ID}), wantM},
	} {
		if c.got != c.want {
			t.Errorf("owed to %s: %d, want the lines' sum %d", c.name, c.got, c.want)
		}
	}
}

// TestRecordPaymentRefusals: every refused payment writes nothing.
func TestRecordPaymentRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 10_000})
	draft := testkit.Must(e.ec.Invoice.Create().SetCoopID(e.L.ID).SetProjectID(e.project.ID).SetClientID(e.client.ID).
		SetCurrency("EUR").SetNetCents(100).SetGrossCents(100).Save(e.ctx))(t)
	e.pay(inv, 100) // partly paid: outstanding is gross - 100
	outstanding := inv.GrossCents - 100
	today := t0.Format(time.RFC3339)
	cases := []struct {
		name   string
		as     *testkit.Client
		vars   map[string]any
		code   string
		field  string
		extras func(testkit.Error)
	}{
		{name: "above outstanding", as: e.c.As(e.lead.ID), code: "BAD_USER_INPUT", field: "amount",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(outstanding + 1), "on": today},
			extras: func(er testkit.Error) {
				o, _ := er.Extensions["outstanding"].(map[string]any)
				if o["amount"] != float64(outstanding) {
					t.Errorf("extensions.outstanding = %v, want %d", er.Extensions["outstanding"], outstanding)
				}
			}},
		{name: "zero", as: e.c.As(e.lead.ID), code: "BAD_USER_INPUT", field: "amount",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(0), "on": today}},
		{name: "negative", as: e.c.As(e.lead.ID), code: "BAD_USER_INPUT", field: "amount",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(-5), "on": today}},
		{name: "other currency", as: e.c.As(e.lead.ID), code: "BAD_USER_INPUT", field: "amount",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": map[string]any{"amount": 100, "currency": "USD"}, "on": today}},
		{name: "in the future", as: e.c.As(e.lead.ID), code: "BAD_USER_INPUT", field: "receivedOn",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100), "on": t0.AddDate(0, 0, 1).Format(time.RFC3339)}},
		{name: "before issue", as: e.c.As(e.lead.ID), code: "BAD_USER_INPUT", field: "receivedOn",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100), "on": t0.AddDate(0, 0, -30).Format(time.RFC3339)}},
		{name: "long reference", as: e.c.As(e.lead.ID), code: "BAD_USER_INPUT", field: "reference",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100), "on": today, "ref": string(make([]byte, 201))}},
		{name: "draft invoice", as: e.c.As(e.lead.ID), code: "CONFLICT",
			vars: map[string]any{"inv": testkit.ID(draft.ID), "amount": eur(100), "on": today}},
		{name: "partner coop member", as: e.c.As(e.partner.ID), code: "NOT_FOUND", field: "invoiceID",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100), "on": today}},
		{name: "freelancer", as: e.c.As(e.fl.ID), code: "NOT_FOUND", field: "invoiceID",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100), "on": today}},
		{name: "outsider", as: e.c.As(e.outsider.ID), code: "NOT_FOUND", field: "invoiceID",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100), "on": today}},
		{name: "anonymous", as: e.c.Anonymous(), code: "UNAUTHENTICATED",
			vars: map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100), "on": today}},
		{name: "not an invoice", as: e.c.As(e.lead.ID), code: "NOT_FOUND", field: "invoiceID",
			vars: map[string]any{"inv": testkit.ID(e.project.ID), "amount": eur(100), "on": today}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := testkit.RowCounts(t, e.db)
			er := testkit.OnlyError(t, c.as.Do(recordPayment, c.vars), c.code, c.field)
			if c.extras != nil {
				c.extras(er)
			}
			testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
		})
	}
	if got := e.invoice(inv.ID).PaidCents; got != 100 {
		t.Errorf("paid %d after the refusals, want 100", got)
	}
}

// TestClosedPeriodRefusesPayment: a payment dated in a closed period of the
// lead coop is a CONFLICT naming the period, and writes nothing.
func TestClosedPeriodRefusesPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 10_000})
	testkit.Must(e.ec.BooksClosure.Create().SetCoopID(e.L.ID).SetPeriodStart(ledger.Day(t0.AddDate(0, 0, -5))).
		SetPeriodEnd(ledger.Day(t0.AddDate(0, 0, -1))).SetReason("BOOKS_CLOSED").SetClosedAt(t0).Save(e.ctx))(t)
	before := testkit.RowCounts(t, e.db)
	er := testkit.OnlyError(t, e.c.As(e.lead.ID).Do(recordPayment, map[string]any{"inv": testkit.ID(inv.ID),
		"amount": eur(100), "on": t0.AddDate(0, 0, -2).Format(time.RFC3339)}), "CONFLICT", "")
	if er.Extensions["periodStart"] == nil {
		t.Errorf("the CONFLICT does not name the period: %+v", er)
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
	e.pay(inv, 100) // today is open
}

// TestRacingPaymentsNeverPassGross: eight members' payments of 60 % of the
// gross at once: exactly one passes, the rest are refused, the invoice is
// never paid beyond its gross and the books hold one payment.
func TestRacingPaymentsNeverPassGross(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 50_000}, line{share: e.shareF, net: 50_000})
	amount := inv.GrossCents * 6 / 10
	c := e.c.As(e.lead.ID)
	reqs := make([]func() (*testkit.Response, error), 8)
	for i := range reqs {
		reqs[i] = func() (*testkit.Response, error) {
			return c.Post(recordPayment, map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(amount), "on": t0.Format(time.RFC3339)})
		}
	}
	ok := 0
	for _, res := range testkit.Race(t, reqs...) {
		if len(res.Errors) == 0 {
			ok++
			continue
		}
		if code := res.Errors[0].Code(); code != "BAD_USER_INPUT" {
			t.Errorf("a losing payment failed with %s: %+v", code, res.Errors)
		}
	}
	if ok != 1 {
		t.Fatalf("%d racing payments passed, want 1", ok)
	}
	got := e.invoice(inv.ID)
	if got.PaidCents != amount || got.Status != "PARTIALLY_PAID" {
		t.Errorf("invoice paid %d (%s), want %d PARTIALLY_PAID", got.PaidCents, got.Status, amount)
	}
	if n := testkit.Must(e.ec.Payment.Query().Where(payment.InvoiceID(inv.ID)).Count(e.ctx))(t); n != 1 {
		t.Errorf("%d payments stored, want 1", n)
	}
	if b := e.balance(e.L.ID, ledger.Account{Code: plan.Bank}); b != amount {
		t.Errorf("bank %d, want %d", b, amount)
	}
	e.balanced()
}

// TestPMCoopIsOwedThePMCharge: when the project's PM is a coop other than
// the lead, the PM_CHARGE line is owed to that coop, in both books; when
// the PM coop is the lead coop itself, to nobody.
func TestPMCoopIsOwedThePMCharge(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.project = testkit.Must(e.project.Update().ClearPmPersonID().SetPmCoopID(e.P.ID).Save(e.ctx))(t)
	inv := e.issuedInvoice(line{pm: true, net: 999}, line{share: e.shareF, net: 1_001})
	e.pay(inv, inv.GrossCents-1)
	e.pay(inv, 1)
	if got := e.balance(e.P.ID, ledger.Account{Code: plan.CoopReceivable, CoopID: e.L.ID}); got != 999 {
		t.Errorf("P is owed %d for the PM charge, want 999", got)
	}
	if got := e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}); got != 999 {
		t.Errorf("L owes P %d for the PM charge, want 999", got)
	}

	e.project = testkit.Must(e.project.Update().SetPmCoopID(e.L.ID).Save(e.ctx))(t)
	inv = e.issuedInvoice(line{pm: true, net: 500})
	e.pay(inv, inv.GrossCents)
	if got := e.balance(e.L.ID, ledger.Account{Code: plan.PartnerCosts}); got != 999+1_001 {
		t.Errorf("L's partner costs %d after the lead's own PM charge was paid, want 2000", got)
	}
	e.balanced()
}

// TestCancelledInvoiceTakesNoPayment: CONFLICT, nothing written.
func TestCancelledInvoiceTakesNoPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 1_000})
	testkit.Must(e.ec.Invoice.UpdateOneID(inv.ID).SetStatus("CANCELLED").Save(e.ctx))(t)
	before := testkit.RowCounts(t, e.db)
	testkit.OnlyError(t, e.c.As(e.lead.ID).Do(recordPayment, map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(100),
		"on": t0.Format(time.RFC3339)}), "CONFLICT", "")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
}
