package invoicing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The worked example of the package: time of three shares up to a day, the
// PM charge on it and a fixed item at another VAT rate; issued, cancelled
// by a credit note, and its time invoiced again.
func TestInvoiceFromTimeEntries(t *testing.T) {
	w := newWorld(t)
	w.client()
	w.entry(w.ShareL, w.Lead, day(-5), 90)
	w.entry(w.ShareL, w.Lead2, day(-3), 45)
	w.entry(w.ShareB, w.Partner, day(-4), 100)
	w.entry(w.ShareF, w.Freelancer, day(-2), 50)
	late := w.entry(w.ShareL, w.Lead, day(-1), 60) // after timeUntil

	inv := w.draft(map[string]any{"timeUntil": day(-2), "includePMCharge": true,
		"fixedItems": []map[string]any{{"description": "Hosting", "quantityMilli": 1500, "unitPrice": eur(3333), "vatRateBasisPoints": 700}}})
	type want struct {
		kind             string
		minutes, entries int
		qty, price       int64
		net, vat         int64
		rate             int
	}
	wants := []want{
		{"TIME", 135, 2, 2250, 8500, 19125, 3634, 1900}, // 2.25 h x 85.00; 19 % of 191.25 = 36.3375
		{"TIME", 100, 1, 1667, 9000, 15000, 2850, 1900},
		{"TIME", 50, 1, 833, 7000, 5833, 1108, 1900},     // 50 min x 70.00/h = 58.333
		{"PM_CHARGE", 0, 0, 1000, 3996, 3996, 759, 1900}, // 10 % of 399.58
		{"FIXED", 0, 0, 1500, 3333, 5000, 350, 700},      // 1.5 x 33.33 = 49.995; 7 % = 3.50
	}
	lines := inv.lines()
	if len(lines) != len(wants) {
		t.Fatalf("got %d lines, want %d: %+v", len(lines), len(wants), lines)
	}
	for i, l := range lines {
		wl := wants[i]
		minutes := 0
		if l.Minutes != nil {
			minutes = *l.Minutes
		}
		if l.Kind != wl.kind || minutes != wl.minutes || l.TimeEntries.TotalCount != wl.entries || l.QuantityMilli != wl.qty ||
			l.UnitPrice.Amount != wl.price || l.Net.Amount != wl.net || l.Vat.Amount != wl.vat || l.VatRateBasisPoints != wl.rate {
			t.Errorf("line %d: got %+v, want %+v", i, l, wl)
		}
	}
	if inv.Status != "DRAFT" || inv.Number != nil || inv.Net.Amount != 48954 || inv.Vat.Amount != 8701 || inv.Gross.Amount != 57655 {
		t.Fatalf("draft: %+v", inv)
	}

	// The entry after timeUntil is still free: a second draft bills it alone.
	second := w.draft(map[string]any{})
	if l := second.lines(); len(l) != 1 || l[0].Kind != "TIME" || *l[0].Minutes != 60 || l[0].Net.Amount != 8500 {
		t.Fatalf("second draft: %+v", l)
	}
	if te := testkit.Must(w.ec.TimeEntry.Get(w.ctx, late.ID))(t); te.InvoiceLineID == nil {
		t.Fatal("the late entry is not linked to the second draft")
	}
	// Nothing left: a third draft of time only has nothing to invoice.
	testkit.OnlyError(t, w.as(w.Lead).Do(draftQ, map[string]any{"in": map[string]any{"projectID": testkit.ID(w.P.ID), "vatRateBasisPoints": 1900}}),
		"BAD_USER_INPUT", "fixedItems")

	issued := w.issue(inv.ID)
	if issued.Status != "ISSUED" || *issued.Number != "2026-0001" || *issued.Sequence != 1 || *issued.FiscalYear != 2026 ||
		!issued.IssuedOn.Equal(day(0)) || !issued.DueOn.Equal(day(30)) || issued.Overdue {
		t.Fatalf("issued: %+v", issued)
	}
	// Booked: Dr CLIENT_RECEIVABLE gross / Cr PROJECT_REVENUE net / Cr VAT_PAYABLE VAT.
	w.assertBooked(t, issued.ID, "INVOICE", map[string][2]int64{
		"CLIENT_RECEIVABLE": {57655, 0}, "PROJECT_REVENUE": {0, 48954}, "VAT_PAYABLE": {0, 8701}})
	if second := w.issue(second.ID); *second.Number != "2026-0002" {
		t.Fatalf("second number %v", *second.Number)
	}

	// Cancel the first: a credit note with the next number, lines negated,
	// booked the other way round; its entries are free again.
	var out struct {
		CancelInvoice struct {
			Invoice    struct{ ID, Status string }
			CreditNote invoiceJSON
		}
	}
	testkit.OK(t, w.as(w.Lead2).Do(cancelQ, map[string]any{"id": issued.ID, "r": "wrong hours"}), &out)
	cn := out.CancelInvoice.CreditNote
	if out.CancelInvoice.Invoice.Status != "CANCELLED" || cn.Kind != "CREDIT_NOTE" || *cn.Number != "2026-0003" ||
		cn.Net.Amount != -48954 || cn.Vat.Amount != -8701 || cn.Gross.Amount != -57655 || cn.CreditNoteFor == nil || cn.CreditNoteFor.ID != issued.ID {
		t.Fatalf("credit note: %+v", out.CancelInvoice)
	}
	for i, l := range cn.lines() {
		if l.Net.Amount != -wants[i].net || l.Vat.Amount != -wants[i].vat || l.QuantityMilli != -wants[i].qty {
			t.Errorf("credit note line %d: %+v", i, l)
		}
	}
	w.assertBooked(t, cn.ID, "CREDIT_NOTE", map[string][2]int64{
		"CLIENT_RECEIVABLE": {0, 57655}, "PROJECT_REVENUE": {48954, 0}, "VAT_PAYABLE": {8701, 0}})
	if n := testkit.Must(w.ec.TimeEntry.Query().Where(timeentry.InvoiceLineIDIsNil()).Count(w.ctx))(t); n != 4 {
		t.Fatalf("%d entries free after the cancellation, want 4", n)
	}
	// Cancelling twice, or a credit note, is refused.
	testkit.OnlyError(t, w.as(w.Lead).Do(cancelQ, map[string]any{"id": issued.ID, "r": "again"}), "CONFLICT", "")
	testkit.OnlyError(t, w.as(w.Lead).Do(cancelQ, map[string]any{"id": cn.ID, "r": "no"}), "BAD_USER_INPUT", "id")

	again := w.draft(map[string]any{})
	if l := again.lines(); len(l) != 3 || l[0].TimeEntries.TotalCount+l[1].TimeEntries.TotalCount+l[2].TimeEntries.TotalCount != 4 {
		t.Fatalf("the released entries are not invoiced again: %+v", l)
	}

	// The project's figures: the cancelled invoice and its credit note
	// cancel out; the second invoice is outstanding.
	var fig struct {
		Node struct {
			Invoicing *struct {
				Invoiced, InvoicedNet, Received, Outstanding, Overdue amount
				Drafts                                                int
			}
		}
	}
	testkit.OK(t, w.as(w.Lead).Do(`query($id: ID!) { node(id: $id) { ... on Project { invoicing {
		invoiced { amount } invoicedNet { amount } received { amount } outstanding { amount } overdue { amount } drafts } } } }`,
		map[string]any{"id": testkit.ID(w.P.ID)}), &fig)
	if f := fig.Node.Invoicing; f == nil || f.Invoiced.Amount != 10115 || f.InvoicedNet.Amount != 8500 || f.Received.Amount != 0 ||
		f.Outstanding.Amount != 10115 || f.Overdue.Amount != 0 || f.Drafts != 1 {
		t.Fatalf("figures: %+v", fig.Node.Invoicing)
	}
}

// assertBooked checks the one ledger entry of kind caused by invoice id:
// per account code, {debit, credit}.
func (w *world) assertBooked(t *testing.T, id, kind string, want map[string][2]int64) {
	t.Helper()
	e := testkit.Must(w.ec.LedgerEntry.Query().Where(ledgerentry.InvoiceID(testkit.DecodeID(t, id))).Only(w.ctx))(t)
	if string(e.Kind) != kind || e.CoopID != w.L.ID {
		t.Fatalf("entry %+v, want kind %s of L", e, kind)
	}
	lines := testkit.Must(w.ec.LedgerLine.Query().Where(ledgerline.EntryID(e.ID)).WithAccount().All(w.ctx))(t)
	got := map[string][2]int64{}
	for _, l := range lines {
		k := string(l.Edges.Account.Code)
		got[k] = [2]int64{got[k][0] + l.DebitCents, got[k][1] + l.CreditCents}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("booked %v, want %v", got, want)
	}
}

// TestVATRoundingPerLine: every line's net and VAT rounded half away from
// zero on its own, the invoice's VAT the sum of the lines' (not the VAT of
// the summed net), exact to the cent.
func TestVATRoundingPerLine(t *testing.T) {
	w := newWorld(t)
	w.client()
	cases := []struct {
		name             string
		qty, price       int64
		rate             int
		wantNet, wantVAT int64
	}{
		{"0.05 at 19 % = 0.0095 rounds up", 1000, 5, 1900, 5, 1},
		{"0.02 at 19 % = 0.0038 rounds down", 1000, 2, 1900, 2, 0},
		{"12.50 at 7 % = 0.875 rounds up", 1000, 1250, 700, 1250, 88},
		{"1.5 x 33.33 = 49.995 rounds up; 19 % = 9.50", 1500, 3333, 1900, 5000, 950},
		{"0.333 x 0.01 rounds to 0", 333, 1, 1900, 0, 0},
		{"0.5 x 0.01 = 0.005 rounds away from zero", 500, 1, 1900, 1, 0},
		{"3 x 0.50 at 19 % = 0.285 rounds up", 3000, 50, 1900, 150, 29},
		{"0.50 at 19 % = 0.095 rounds up", 1000, 50, 1900, 50, 10},
		{"at 0 %", 2000, 12345, 0, 24690, 0},
	}
	var items []map[string]any
	var net, vat int64
	for _, c := range cases {
		items = append(items, map[string]any{"description": c.name, "quantityMilli": c.qty, "unitPrice": eur(c.price), "vatRateBasisPoints": c.rate})
		net += c.wantNet
		vat += c.wantVAT
	}
	inv := w.draft(map[string]any{"includeTime": false, "fixedItems": items})
	for i, l := range inv.lines() {
		c := cases[i]
		if l.Net.Amount != c.wantNet || l.Vat.Amount != c.wantVAT || l.Description != c.name {
			t.Errorf("%s: net %d vat %d, want %d %d", c.name, l.Net.Amount, l.Vat.Amount, c.wantNet, c.wantVAT)
		}
	}
	if inv.Net.Amount != net || inv.Vat.Amount != vat || inv.Gross.Amount != net+vat {
		t.Fatalf("sums: %+v, want net %d vat %d", inv, net, vat)
	}
	// Per line, not on the sum: three lines of 0.03 at 19 % carry 0.01 VAT
	// each (0.0057 rounds up), 0.03 in all, where 19 % of the summed 0.09
	// would be 0.02.
	three := w.draft(map[string]any{"includeTime": false, "fixedItems": []map[string]any{
		{"description": "a", "unitPrice": eur(3)}, {"description": "b", "unitPrice": eur(3)}, {"description": "c", "unitPrice": eur(3)}}})
	if three.Net.Amount != 9 || three.Vat.Amount != 3 {
		t.Fatalf("three lines of 0.03 at 19 %%: net %d VAT %d, want 9 and 3 (per line)", three.Net.Amount, three.Vat.Amount)
	}
	// Bad input changes nothing.
	before := testkit.RowCounts(t, w.c.DB())
	for _, bad := range []map[string]any{
		{"description": "neg", "unitPrice": eur(-1)},
		{"description": "rate", "unitPrice": eur(1), "vatRateBasisPoints": 10001},
		{"description": "qty", "unitPrice": eur(1), "quantityMilli": 0},
		{"description": " ", "unitPrice": eur(1)},
		{"description": "usd", "unitPrice": map[string]any{"amount": 1, "currency": "USD"}},
	} {
		res := w.as(w.Lead).Do(draftQ, map[string]any{"in": map[string]any{"projectID": testkit.ID(w.P.ID), "vatRateBasisPoints": 1900,
			"includeTime": false, "fixedItems": []map[string]any{bad}}})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("%v: %+v", bad, res.Errors)
		}
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w.c.DB()))
}

// TestDraftLines: lines are added, changed and removed on a draft only;
// removing a TIME line or deleting the draft frees its entries.
func TestDraftLines(t *testing.T) {
	w := newWorld(t)
	w.client()
	w.entry(w.ShareB, w.Partner, day(-1), 60)
	inv := w.draft(map[string]any{"includePMCharge": true})
	if inv.Net.Amount != 9000+900 {
		t.Fatalf("draft %+v", inv)
	}
	var out struct{ AddInvoiceLine struct{ Invoice invoiceJSON } }
	testkit.OK(t, w.as(w.Lead2).Do(addQ, map[string]any{"id": inv.ID, "item": map[string]any{"description": "Travel", "unitPrice": eur(10000), "vatRateBasisPoints": 1900}}), &out)
	inv = out.AddInvoiceLine.Invoice
	lines := inv.lines()
	if len(lines) != 3 || lines[2].Position != 2 || inv.Net.Amount != 19900 || inv.Vat.Amount != 1710+171+1900 {
		t.Fatalf("after add: %+v", inv)
	}
	// A TIME line's amount follows from its time.
	testkit.OnlyError(t, w.as(w.Lead).Do(updQ, map[string]any{"id": lines[0].ID, "in": map[string]any{"quantityMilli": 5000}}), "BAD_USER_INPUT", "lineID")
	var upd struct{ UpdateInvoiceLine struct{ Invoice invoiceJSON } }
	testkit.OK(t, w.as(w.Lead).Do(updQ, map[string]any{"id": lines[2].ID, "in": map[string]any{"quantityMilli": 2500, "vatRateBasisPoints": 700}}), &upd)
	if l := upd.UpdateInvoiceLine.Invoice.lines()[2]; l.Net.Amount != 25000 || l.Vat.Amount != 1750 {
		t.Fatalf("updated line %+v", l)
	}
	// Removing the TIME line frees its entry and the PM charge follows (0).
	var rm struct{ RemoveInvoiceLine struct{ Invoice invoiceJSON } }
	testkit.OK(t, w.as(w.Lead).Do(rmQ, map[string]any{"id": lines[0].ID}), &rm)
	after := rm.RemoveInvoiceLine.Invoice
	if l := after.lines(); len(l) != 2 || l[0].Kind != "PM_CHARGE" || l[0].Net.Amount != 0 || after.Net.Amount != 25000 {
		t.Fatalf("after remove: %+v", after)
	}
	if n := testkit.Must(w.ec.TimeEntry.Query().Where(timeentry.InvoiceLineIDIsNil()).Count(w.ctx))(t); n != 1 {
		t.Fatal("the removed line's entry is not free")
	}
	// Delete a draft with time: its entries are free again.
	other := w.draft(map[string]any{})
	var del struct{ DeleteInvoiceDraft struct{ DeletedID string } }
	testkit.OK(t, w.as(w.Lead).Do(delQ, map[string]any{"id": other.ID}), &del)
	if del.DeleteInvoiceDraft.DeletedID != other.ID {
		t.Fatalf("deleted %v", del)
	}
	if n := testkit.Must(w.ec.TimeEntry.Query().Where(timeentry.InvoiceLineIDIsNil()).Count(w.ctx))(t); n != 1 {
		t.Fatal("the deleted draft's entry is not free")
	}
	// An issued invoice's lines no longer change, nor is it deleted.
	w.issue(inv.ID)
	testkit.OnlyError(t, w.as(w.Lead).Do(addQ, map[string]any{"id": inv.ID, "item": map[string]any{"description": "x", "unitPrice": eur(1), "vatRateBasisPoints": 0}}), "CONFLICT", "")
	testkit.OnlyError(t, w.as(w.Lead).Do(rmQ, map[string]any{"id": lines[2].ID}), "CONFLICT", "")
	testkit.OnlyError(t, w.as(w.Lead).Do(delQ, map[string]any{"id": inv.ID}), "CONFLICT", "")
	testkit.OnlyError(t, w.as(w.Lead).Do(issueQ, map[string]any{"id": inv.ID}), "CONFLICT", "")
}

// TestConcurrentDraftsNeverBillAnEntryTwice: drafts racing for the same
// time entries bill each entry once, whichever wins.
func TestConcurrentDraftsNeverBillAnEntryTwice(t *testing.T) {
	w := newWorld(t)
	w.client()
	total := 0
	for i := range 12 {
		m := 30 + i
		switch i % 3 {
		case 0:
			w.entry(w.ShareL, w.Lead, day(-i-1), m)
		case 1:
			w.entry(w.ShareB, w.Partner, day(-i-1), m)
		default:
			w.entry(w.ShareF, w.Freelancer, day(-i-1), m)
		}
		total += m
	}
	in := map[string]any{"in": map[string]any{"projectID": testkit.ID(w.P.ID), "vatRateBasisPoints": 1900}}
	var reqs []func() (*testkit.Response, error)
	for i := range 8 {
		c := w.as(w.Lead)
		if i%2 == 1 {
			c = w.as(w.Lead2)
		}
		reqs = append(reqs, func() (*testkit.Response, error) { return c.Post(draftQ, in) })
	}
	wins := 0
	for _, res := range testkit.Race(t, reqs...) {
		switch {
		case len(res.Errors) == 0:
			wins++
		case res.Errors[0].Code() != "BAD_USER_INPUT" && res.Errors[0].Code() != "CONFLICT":
			t.Errorf("unexpected error %+v", res.Errors)
		}
	}
	if wins < 1 {
		t.Fatal("no draft won")
	}
	entries := testkit.Must(w.ec.TimeEntry.Query().All(w.ctx))(t)
	billed := 0
	for _, e := range entries {
		if e.InvoiceLineID == nil {
			t.Errorf("entry %d not billed", e.ID)
		}
	}
	lines := testkit.Must(w.ec.InvoiceLine.Query().All(w.ctx))(t)
	for _, l := range lines {
		billed += *l.Minutes
		n := testkit.Must(w.ec.TimeEntry.Query().Where(timeentry.InvoiceLineID(l.ID)).Count(w.ctx))(t)
		var sum int
		for _, e := range entries {
			if e.InvoiceLineID != nil && *e.InvoiceLineID == l.ID {
				sum += e.Minutes
			}
		}
		if n == 0 || sum != *l.Minutes {
			t.Errorf("line %d bills %d minutes, its %d entries %d", l.ID, *l.Minutes, n, sum)
		}
	}
	if billed != total {
		t.Fatalf("%d minutes billed, %d logged: an entry was billed twice or lost", billed, total)
	}
}

// TestGapFreeNumbersUnderConcurrency: 50 issues at once take the numbers
// 1..50 of the coop and year, each once.
func TestGapFreeNumbersUnderConcurrency(t *testing.T) {
	w := newWorld(t)
	w.client()
	const n = 50
	ids := make([]string, n)
	for i := range ids {
		ids[i] = w.draft(map[string]any{"includeTime": false, "fixedItems": []map[string]any{{"description": "Item", "unitPrice": eur(int64(100 + i))}}}).ID
	}
	var reqs []func() (*testkit.Response, error)
	for i, id := range ids {
		c := w.as(w.Lead)
		if i%2 == 1 {
			c = w.as(w.Lead2)
		}
		reqs = append(reqs, func() (*testkit.Response, error) { return c.Post(issueQ, map[string]any{"id": id}) })
	}
	for i, res := range testkit.Race(t, reqs...) {
		if len(res.Errors) > 0 {
			t.Errorf("issue %d: %+v", i, res.Errors)
		}
	}
	invs := testkit.Must(w.ec.Invoice.Query().Where(invoice.CoopID(w.L.ID)).All(w.ctx))(t)
	var seqs []int
	numbers := map[string]bool{}
	for _, inv := range invs {
		if inv.Status != invoice.StatusISSUED || inv.Sequence == nil {
			t.Fatalf("invoice %d: %s", inv.ID, inv.Status)
		}
		seqs = append(seqs, *inv.Sequence)
		numbers[*inv.Number] = true
		if *inv.Number != fmt.Sprintf("2026-%04d", *inv.Sequence) {
			t.Errorf("number %s for sequence %d", *inv.Number, *inv.Sequence)
		}
	}
	slices.Sort(seqs)
	for i, s := range seqs {
		if s != i+1 {
			t.Fatalf("sequences %v are not 1..%d", seqs, n)
		}
	}
	if len(numbers) != n {
		t.Fatalf("%d distinct numbers", len(numbers))
	}
	if c := testkit.Must(w.ec.LedgerEntry.Query().Where(ledgerentry.CoopID(w.L.ID)).Count(w.ctx))(t); c != n {
		t.Fatalf("%d ledger entries for %d invoices", c, n)
	}
}

// TestIssueRules: the date is in an open period, not in the future, numbers
// follow dates; an invoice with payments is not cancelled.
func TestIssueRules(t *testing.T) {
	w := newWorld(t)
	w.client()
	item := []map[string]any{{"description": "Item", "unitPrice": eur(1000)}}
	a := w.draft(map[string]any{"includeTime": false, "fixedItems": item})
	b := w.draft(map[string]any{"includeTime": false, "fixedItems": item})
	c := w.draft(map[string]any{"includeTime": false, "fixedItems": item})

	testkit.OnlyError(t, w.as(w.Lead).Do(issueQ, map[string]any{"id": a.ID, "on": day(1)}), "BAD_USER_INPUT", "issuedOn")
	testkit.Must(w.ec.BooksClosure.Create().SetCoopID(w.L.ID).SetPeriodStart(day(-60)).SetPeriodEnd(day(-30)).
		SetReason(booksclosure.ReasonBOOKS_CLOSED).SetClosedAt(t0).Save(w.ctx))(t)
	before := testkit.RowCounts(t, w.c.DB())
	e := testkit.OnlyError(t, w.as(w.Lead).Do(issueQ, map[string]any{"id": a.ID, "on": day(-40)}), "CONFLICT", "")
	if !strings.Contains(e.Message, "2026-01-01") && !strings.Contains(e.Message, day(-60).Format("2006-01-02")) {
		t.Errorf("the CONFLICT does not name the period: %s", e.Message)
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w.c.DB()))

	var out struct{ IssueInvoice struct{ Invoice invoiceJSON } }
	testkit.OK(t, w.as(w.Lead).Do(issueQ, map[string]any{"id": a.ID, "on": day(-10)}), &out)
	if got := out.IssueInvoice.Invoice; *got.Number != "2026-0001" || !got.DueOn.Equal(day(20)) {
		t.Fatalf("issued %+v", got)
	}
	// Numbers follow dates.
	testkit.OnlyError(t, w.as(w.Lead).Do(issueQ, map[string]any{"id": b.ID, "on": day(-11)}), "CONFLICT", "issuedOn")
	w.issue(b.ID)

	// Payments recorded (as recordPayment will): no cancellation.
	testkit.Must(w.ec.Invoice.UpdateOneID(testkit.DecodeID(t, b.ID)).SetPaidCents(500).SetStatus(invoice.StatusPARTIALLY_PAID).Save(w.ctx))(t)
	testkit.OnlyError(t, w.as(w.Lead).Do(cancelQ, map[string]any{"id": b.ID, "r": "oops"}), "CONFLICT", "")
	// A draft is deleted, not cancelled.
	testkit.OnlyError(t, w.as(w.Lead).Do(cancelQ, map[string]any{"id": c.ID, "r": "oops"}), "CONFLICT", "")
	testkit.OnlyError(t, w.as(w.Lead).Do(cancelQ, map[string]any{"id": a.ID, "r": " "}), "BAD_USER_INPUT", "reason")
}

// TestOverdue: past its due date (domain clock) and not PAID or CANCELLED.
func TestOverdue(t *testing.T) {
	w := newWorld(t)
	w.client()
	item := []map[string]any{{"description": "Item", "unitPrice": eur(1000)}}
	open := w.issue(w.draft(map[string]any{"includeTime": false, "fixedItems": item}).ID)
	paid := w.issue(w.draft(map[string]any{"includeTime": false, "fixedItems": item, "dueOn": day(10)}).ID)
	testkit.Must(w.ec.Invoice.UpdateOneID(testkit.DecodeID(t, paid.ID)).SetPaidCents(1190).SetStatus(invoice.StatusPAID).Save(w.ctx))(t)
	q := `query($id: ID!) { node(id: $id) { ... on Invoice { overdue } } }`
	overdue := func(id string) bool {
		var out struct{ Node struct{ Overdue bool } }
		testkit.OK(t, w.as(w.Lead).Do(q, map[string]any{"id": id}), &out)
		return out.Node.Overdue
	}
	w.clk.AdvanceDays(30) // due today: not yet overdue
	if overdue(open.ID) {
		t.Fatal("overdue on its due date")
	}
	w.clk.AdvanceDays(1)
	if !overdue(open.ID) || overdue(paid.ID) {
		t.Fatalf("after the due date: open %v, paid %v", overdue(open.ID), overdue(paid.ID))
	}
	var fig struct {
		Node struct {
			Invoicing struct{ Overdue, Outstanding, Received amount }
		}
	}
	testkit.OK(t, w.as(w.Lead).Do(`query($id: ID!) { node(id: $id) { ... on Project { invoicing { overdue { amount } outstanding { amount } received { amount } } } } }`,
		map[string]any{"id": testkit.ID(w.P.ID)}), &fig)
	if f := fig.Node.Invoicing; f.Overdue.Amount != 1190 || f.Outstanding.Amount != 1190 || f.Received.Amount != 1190 {
		t.Fatalf("figures %+v", f)
	}
	// Coop.invoices filtered by status.
	var list struct {
		Node struct{ Invoices struct{ TotalCount int } }
	}
	testkit.OK(t, w.as(w.Lead).Do(`query($id: ID!) { node(id: $id) { ... on Coop { invoices(status: [PAID]) { totalCount } } } }`,
		map[string]any{"id": testkit.ID(w.L.ID)}), &list)
	if list.Node.Invoices.TotalCount != 1 {
		t.Fatalf("PAID invoices: %d", list.Node.Invoices.TotalCount)
	}
}
