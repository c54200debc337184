// Package payouts_test checks issue 17's payments and payouts end to end:
// real HTTP requests with real tokens against the real handler, on SQLite
// and (with COCKPIT_TEST_DATABASE) on PostgreSQL.
package payouts_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/invoiceline"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// t0 is where the fake clock starts.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// env: a lead coop L with a member, a partner coop P with a member, a
// freelancer F and a PM person M on L's project, and an outsider coop X with
// a member.
type env struct {
	t   *testing.T
	ctx context.Context // fixture writes and database checks
	db  *store.DB
	ec  *ent.Client
	c   *testkit.Client
	net *ent.Network
	seq int

	L, P, X                          *ent.Coop
	lead, partner, outsider, fl, pmp *ent.Person
	project                          *ent.Project
	client                           *ent.ClientOrganisation
	// shares of the project: L's own, P's, F's.
	shareL, shareP, shareF *ent.BudgetShare
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	e := &env{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client}
	e.c = testkit.NewServerWithClock(t, db, clock.NewFake(t0))
	e.net = testkit.Must(e.ec.Network.Create().SetName("Network").SetSlug("network").Save(e.ctx))(t)
	e.L, e.lead = e.coop("Lead")
	e.P, e.partner = e.coop("Partner")
	e.X, e.outsider = e.coop("Outsider")
	e.fl = e.person("Freelancer")
	e.pmp = e.person("PM person")
	e.client = testkit.Must(e.ec.ClientOrganisation.Create().SetCoopID(e.L.ID).SetName("Client GmbH").Save(e.ctx))(t)
	e.project = testkit.Must(e.ec.Project.Create().SetLeadCoop(e.L).SetNetwork(e.net).SetName("Stadtteilnetz").
		SetClientName("Client GmbH").SetTotalBudgetCents(100_000_000).SetPmChargePercent(5).Save(e.ctx))(t)
	e.project = testkit.Must(e.project.Update().SetClientID(e.client.ID).SetPmPersonID(e.pmp.ID).Save(e.ctx))(t)
	share := func() *ent.BudgetShareCreate {
		return e.ec.BudgetShare.Create().SetProject(e.project).SetAmountCents(10_000_000).SetHourlyRateCents(9_000).SetCurrency("EUR")
	}
	e.shareL = testkit.Must(share().SetCoop(e.L).Save(e.ctx))(t)
	e.shareP = testkit.Must(share().SetCoop(e.P).Save(e.ctx))(t)
	e.shareF = testkit.Must(share().SetPerson(e.fl).Save(e.ctx))(t)
	return e
}

func (e *env) next() int { e.seq++; return e.seq }

func (e *env) person(name string) *ent.Person {
	n := e.next()
	p := testkit.Must(e.ec.Person.Create().SetName(name).SetEmail(fmt.Sprintf("p%d@example.org", n)).Save(e.ctx))(e.t)
	testkit.Must(e.ec.NetworkMembership.Create().SetNetwork(e.net).SetPerson(p).
		SetRole(networkmembership.RolePARTICIPANT).Save(e.ctx))(e.t)
	return p
}

// coop creates a coop with one MEMBER.
func (e *env) coop(name string) (*ent.Coop, *ent.Person) {
	n := e.next()
	c := testkit.Must(e.ec.Coop.Create().SetName(name).SetSlug(fmt.Sprintf("coop-%d", n)).AddNetworks(e.net).Save(e.ctx))(e.t)
	p := e.person("Member of " + name)
	testkit.Must(e.ec.Membership.Create().SetPerson(p).SetCoop(c).SetState("MEMBER").
		SetStateSince(t0.AddDate(-1, 0, 0)).SetJoinedAt(t0.AddDate(-1, 0, 0)).Save(e.ctx))(e.t)
	return c, p
}

// line is an invoice line to create: a TIME line of a share, a PM_CHARGE
// line (share nil, pm true) or a FIXED line.
type line struct {
	share *ent.BudgetShare
	pm    bool
	net   int64
}

// vat19 is 19 % of net, rounded half up per line.
func vat19(net int64) int64 { return (net*1900 + 5000) / 10000 }

// issuedInvoice writes an ISSUED invoice of the project with the lines, and
// books it the way issuing does (money.md), under the test-fixture rule:
// the invoices helper's operations are not on this branch.
func (e *env) issuedInvoice(lines ...line) *ent.Invoice {
	e.t.Helper()
	n := e.next()
	var net, vat int64
	for _, l := range lines {
		net += l.net
		vat += vat19(l.net)
	}
	day := ledger.Day(t0.AddDate(0, 0, -10))
	inv := testkit.Must(e.ec.Invoice.Create().SetCoopID(e.L.ID).SetProjectID(e.project.ID).SetClientID(e.client.ID).
		SetStatus(invoice.StatusISSUED).SetFiscalYear(2026).SetSequence(n).SetNumber(fmt.Sprintf("2026-%04d", n)).
		SetIssuedOn(day).SetDueOn(day.AddDate(0, 0, 30)).SetCurrency("EUR").
		SetNetCents(net).SetVatCents(vat).SetGrossCents(net + vat).Save(e.ctx))(e.t)
	for i, l := range lines {
		c := e.ec.InvoiceLine.Create().SetInvoiceID(inv.ID).SetPosition(i).SetDescription(fmt.Sprintf("line %d", i)).
			SetUnitPriceCents(l.net).SetNetCents(l.net).SetVatRateBasisPoints(1900).SetVatCents(vat19(l.net))
		switch {
		case l.share != nil:
			c.SetKind(invoiceline.KindTIME).SetShareID(l.share.ID)
		case l.pm:
			c.SetKind(invoiceline.KindPM_CHARGE)
		default:
			c.SetKind(invoiceline.KindFIXED)
		}
		testkit.Must(c.Save(e.ctx))(e.t)
	}
	e.book(ledger.Entry{CoopID: e.L.ID, Kind: plan.InvoiceIssued, BookedOn: day, Currency: "EUR",
		Description: "Invoice " + *inv.Number, InvoiceID: &inv.ID, ProjectID: &e.project.ID,
		Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.ClientReceivable, ClientID: e.client.ID}, net+vat),
			ledger.Credit(ledger.Account{Code: plan.ProjectRevenue}, net),
			ledger.Credit(ledger.Account{Code: plan.VATPayable}, vat),
		}})
	return inv
}

// book posts an entry under the test-fixture rule in its own transaction.
func (e *env) book(en ledger.Entry) {
	e.t.Helper()
	tx := testkit.Must(e.ec.Tx(e.ctx))(e.t)
	ctx := ent.NewTxContext(e.ctx, tx)
	o := &domainop.Op{Ctx: ctx, Sys: authz.SystemRead(ctx), C: tx.Client(), Now: t0}
	if _, err := ledger.Post(o, authz.TestFixture, en); err != nil {
		_ = tx.Rollback()
		e.t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		e.t.Fatal(err)
	}
}

// invoice reads an invoice back from the database.
func (e *env) invoice(id int) *ent.Invoice {
	e.t.Helper()
	return testkit.Must(e.ec.Invoice.Get(e.ctx, id))(e.t)
}

// balance is the balance of coop's account (credits - debits for
// liabilities and income, debits - credits otherwise) from the database.
func (e *env) balance(coopID int, a ledger.Account) int64 {
	e.t.Helper()
	lines := testkit.Must(e.ec.LedgerLine.Query().Where(ledgerline.CoopID(coopID),
		ledgerline.HasAccountWith(ledgeraccount.CoopID(coopID), ledgeraccount.Key(ledger.Key(a, "EUR")))).All(e.ctx))(e.t)
	var b int64
	for _, l := range lines {
		b += l.DebitCents - l.CreditCents
	}
	if acc, _ := plan.Lookup(a.Code); acc.Type == plan.Liability || acc.Type == plan.Income || acc.Type == plan.Equity {
		b = -b
	}
	return b
}

// balanced checks that every coop's books balance.
func (e *env) balanced() {
	e.t.Helper()
	for _, c := range []*ent.Coop{e.L, e.P, e.X} {
		lines := testkit.Must(e.ec.LedgerLine.Query().Where(ledgerline.CoopID(c.ID)).All(e.ctx))(e.t)
		var d, cr int64
		for _, l := range lines {
			d += l.DebitCents
			cr += l.CreditCents
		}
		if d != cr {
			e.t.Errorf("books of %s: debits %d, credits %d", c.Name, d, cr)
		}
	}
}

func eur(cents int64) map[string]any { return map[string]any{"amount": cents, "currency": "EUR"} }

const recordPayment = `mutation($inv: ID!, $amount: MoneyInput!, $on: Time!, $ref: String) {
  recordPayment(invoiceID: $inv, amount: $amount, receivedOn: $on, reference: $ref) {
    payment { id amount { amount currency } receivedOn reference }
    invoice { id status }
  }
}`

type paymentOut struct {
	RecordPayment struct {
		Payment struct {
			ID     string
			Amount struct {
				Amount   int64
				Currency string
			}
		}
		Invoice struct{ Status string }
	}
}

// pay records a payment as the lead coop's member and returns the new status.
func (e *env) pay(inv *ent.Invoice, cents int64) string {
	e.t.Helper()
	var out paymentOut
	testkit.OK(e.t, e.c.As(e.lead.ID).Do(recordPayment, map[string]any{"inv": testkit.ID(inv.ID), "amount": eur(cents),
		"on": t0.Format(time.RFC3339), "ref": "bank 1"}), &out)
	if out.RecordPayment.Payment.Amount.Amount != cents {
		e.t.Errorf("payment amount %d, want %d", out.RecordPayment.Payment.Amount.Amount, cents)
	}
	return out.RecordPayment.Invoice.Status
}

const recordPayout = `mutation($to: ID!, $project: ID, $coop: ID, $kind: PayoutKind!, $amount: MoneyInput!, $on: Time!, $advance: Boolean) {
  recordPayout(to: $to, projectID: $project, coopID: $coop, kind: $kind, amount: $amount, paidOn: $on, advance: $advance) {
    payout { id amount { amount } advance kind }
  }
}`

func (e *env) payoutVars(to int, cents int64, advance bool) map[string]any {
	return map[string]any{"to": testkit.ID(to), "project": testkit.ID(e.project.ID), "kind": "SHARE",
		"amount": eur(cents), "on": t0.Format(time.RFC3339), "advance": advance}
}
