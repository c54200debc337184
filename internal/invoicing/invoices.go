package invoicing

// Invoices (issue 17, item 3).
//
// A DRAFT is made from the project's time entries not yet invoiced (one
// TIME line per budget share: its minutes at the share's hourly rate), fixed
// items and, if asked, the PM charge (the project's pm_charge_percent of the
// TIME lines' net). Its lines change freely until it is issued.
//
// Rounding (internal/money vat.go): a FIXED line's net is quantity × unit
// price rounded half away from zero to the minor unit; a TIME line's net is
// minutes × hourly rate / 60 rounded the same way, once per line
// (money.CostOfMinutes, as the budget report counts what was spent), its
// quantity the hours in thousandths (rounded, for display); the PM charge
// is money.PercentOf the TIME lines' net. Each line's VAT is its net × rate
// rounded half away from zero; the invoice's VAT is the sum of its lines'
// VAT, its gross net + VAT.
//
// A time entry is invoiced at most once: creating a draft locks the project
// row (as logging time does), reads the entries without an invoice line, and
// links them with the conditional update "invoice_line_id IS NULL"; if any
// of them was taken meanwhile the draft is refused (CONFLICT), so two
// drafts racing for the same entries never both bill one. Deleting a draft,
// removing its TIME line or cancelling the issued invoice releases them.
//
// Issuing locks the coop's books (ledger.LockBooks, through CheckOpen), so
// the coop's documents are numbered one at a time: the next sequence of the
// coop and year ("2026-0007"), shared by invoices and credit notes, without
// gaps (a number is taken only in the transaction that commits the invoice)
// and in date order (a document dated before the coop's last one of the
// year is refused). The invoice is booked: Dr CLIENT_RECEIVABLE(client)
// gross / Cr PROJECT_REVENUE net / Cr VAT_PAYABLE VAT (INVOICE).
//
// Cancelling: an ISSUED invoice on which no payment was recorded is
// cancelled by a CREDIT_NOTE with its own number, the invoice's lines
// negated, booked as the invoice's entry the other way round (CREDIT_NOTE);
// the invoice becomes CANCELLED and its time entries are free for a new
// invoice. Once a payment was recorded (PARTIALLY_PAID, PAID) it is refused
// with CONFLICT: the payment is settled with the client first (payments).

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/invoiceline"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
)

// DefaultPaymentDays is the payment term of an invoice without a due date.
const DefaultPaymentDays = 30

// Limits of the input.
const (
	MaxQuantityMilli = 1_000_000_000 // one million units
	MaxNote          = 5000
	MaxDescription   = 1000
	MaxItems         = 200
)

// Item is a FIXED line: description, quantity in thousandths (1000 = 1),
// unit price in the project's currency, VAT rate (nil: the invoice's).
type Item struct {
	Description    string
	QuantityMilli  int64
	UnitPrice      money.Money
	VATBasisPoints *int
}

// Draft is what createInvoiceDraft asks for.
type Draft struct {
	ProjectID       int
	DueOn           *time.Time
	Note            *string
	IncludeTime     bool
	TimeUntil       *time.Time // default: today
	Items           []Item
	IncludePMCharge bool
	VATBasisPoints  int // of the TIME and PM_CHARGE lines and of items without their own
}

// line is a line to write.
type line struct {
	kind        invoiceline.Kind
	description string
	shareID     *int
	minutes     *int
	qty, price  int64
	net, vat    int64
	rate        int
	entries     []int
}

func (l *line) create(o *domainop.Op, invoiceID, position int) *ent.InvoiceLineCreate {
	return o.C.InvoiceLine.Create().SetInvoiceID(invoiceID).SetPosition(position).SetKind(l.kind).
		SetDescription(l.description).SetNillableShareID(l.shareID).SetNillableMinutes(l.minutes).
		SetQuantityMilli(l.qty).SetUnitPriceCents(l.price).SetNetCents(l.net).
		SetVatRateBasisPoints(l.rate).SetVatCents(l.vat)
}

func checkRate(field string, rate int) error {
	if money.ValidateVATRate(rate) != nil {
		return apperr.InvalidField(field, "%s: a VAT rate from 0 to 10000 basis points (1900 = 19 %%)", field)
	}
	return nil
}

func checkDescription(field, d string) error {
	if strings.TrimSpace(d) == "" {
		return apperr.InvalidField(field, "%s: must not be empty", field)
	}
	if utf8.RuneCountInString(d) > MaxDescription {
		return apperr.InvalidField(field, "%s: at most %d characters", field, MaxDescription)
	}
	return nil
}

// fixedLine checks an item and prices it.
func fixedLine(field, currency string, it Item, defaultRate int) (*line, error) {
	if err := checkDescription(field, it.Description); err != nil {
		return nil, err
	}
	if it.QuantityMilli <= 0 || it.QuantityMilli > MaxQuantityMilli {
		return nil, apperr.InvalidField(field, "%s: the quantity (in thousandths) is from 1 to %d", field, MaxQuantityMilli)
	}
	if err := it.UnitPrice.Validate(); err != nil {
		return nil, apperr.InvalidField(field, "%s: %v", field, err)
	}
	if it.UnitPrice.Currency != currency {
		return nil, apperr.InvalidField(field, "%s: the unit price must be in the project's currency %s", field, currency)
	}
	if it.UnitPrice.Cents < 0 || it.UnitPrice.Cents > money.MaxAmount {
		return nil, apperr.InvalidField(field, "%s: the unit price is from 0 to %d minor units", field, int64(money.MaxAmount))
	}
	rate := defaultRate
	if it.VATBasisPoints != nil {
		rate = *it.VATBasisPoints
	}
	if err := checkRate(field, rate); err != nil {
		return nil, err
	}
	net, err := money.LineNet(it.QuantityMilli, it.UnitPrice.Cents)
	if err != nil || net > money.MaxAmount {
		return nil, apperr.InvalidField(field, "%s: the amount is too large", field)
	}
	return &line{kind: invoiceline.KindFIXED, description: strings.TrimSpace(it.Description), qty: it.QuantityMilli,
		price: it.UnitPrice.Cents, net: net, rate: rate, vat: money.VATOf(net, rate)}, nil
}

// CreateDraft makes a DRAFT invoice of the project's lead coop to the
// project's client (ManageInvoices).
func (svc *Service) CreateDraft(ctx context.Context, d Draft) (*ent.Invoice, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	p, err := lockProject(o, d.ProjectID, "projectID")
	if err != nil {
		return nil, err
	}
	if err := authz.CanManageInvoices(o.V, p.LeadCoopID); err != nil {
		return nil, err
	}
	if p.ClientID == nil {
		return nil, apperr.InvalidField("projectID", "projectID: the project has no client yet; set it with setProjectClient")
	}
	if err := checkRate("vatRateBasisPoints", d.VATBasisPoints); err != nil {
		return nil, err
	}
	if d.Note != nil && utf8.RuneCountInString(*d.Note) > MaxNote {
		return nil, apperr.InvalidField("note", "note: at most %d characters", MaxNote)
	}
	if len(d.Items) > MaxItems {
		return nil, apperr.InvalidField("fixedItems", "fixedItems: at most %d", MaxItems)
	}
	var lines []*line
	if d.IncludeTime {
		until := ledger.Day(o.Now)
		if d.TimeUntil != nil {
			until = ledger.Day(*d.TimeUntil)
		}
		lines, err = timeLines(o, p, until, d.VATBasisPoints)
		if err != nil {
			return nil, err
		}
	}
	if d.IncludePMCharge {
		pm, err := pmLine(p, lines, d.VATBasisPoints)
		if err != nil {
			return nil, err
		}
		lines = append(lines, pm)
	}
	for _, it := range d.Items {
		l, err := fixedLine("fixedItems", p.Currency, it, d.VATBasisPoints)
		if err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return nil, apperr.InvalidField("fixedItems", "nothing to invoice: no time entries not yet invoiced and no fixed items")
	}
	var dueOn *time.Time
	if d.DueOn != nil {
		day := ledger.Day(*d.DueOn)
		dueOn = &day
	}
	inv, err := o.C.Invoice.Create().SetCoopID(p.LeadCoopID).SetProjectID(p.ID).SetClientID(*p.ClientID).
		SetCurrency(p.Currency).SetNillableNote(d.Note).SetNillableDueOn(dueOn).SetNillableCreatedByID(o.ActorID()).
		Save(o.As(authz.ManageInvoices))
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		if err := writeLine(o, inv.ID, i, l); err != nil {
			return nil, err
		}
	}
	if err := total(o, inv.ID, p.PmChargePercent); err != nil {
		return nil, err
	}
	return o.C.Invoice.Get(o.Ctx, inv.ID)
}

// writeLine creates l and links its time entries, each only if no other
// line took it meanwhile.
func writeLine(o *domainop.Op, invoiceID, position int, l *line) error {
	saved, err := l.create(o, invoiceID, position).Save(o.As(authz.ManageInvoices))
	if err != nil {
		return err
	}
	if len(l.entries) == 0 {
		return nil
	}
	n, err := o.C.TimeEntry.Update().Where(timeentry.IDIn(l.entries...), timeentry.InvoiceLineIDIsNil()).
		SetInvoiceLineID(saved.ID).Save(o.As(authz.ManageInvoices))
	if err != nil {
		return err
	}
	if n != len(l.entries) {
		return apperr.New(apperr.Conflict, "some of these time entries were invoiced meanwhile; try again")
	}
	return nil
}

// timeLines prices the project's time entries not yet invoiced up to until:
// one TIME line per share, in share order.
func timeLines(o *domainop.Op, p *ent.Project, until time.Time, rate int) ([]*line, error) {
	entries, err := o.C.TimeEntry.Query().Where(timeentry.ProjectID(p.ID), timeentry.InvoiceLineIDIsNil(),
		timeentry.DateLT(until.AddDate(0, 0, 1))).Order(ent.Asc(timeentry.FieldID)).All(o.Sys)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	byShare := map[int][]*ent.TimeEntry{}
	var ids []int
	for _, e := range entries {
		if byShare[e.ShareID] == nil {
			ids = append(ids, e.ShareID)
		}
		byShare[e.ShareID] = append(byShare[e.ShareID], e)
	}
	slices.Sort(ids)
	shares, err := o.C.BudgetShare.Query().Where(budgetshare.IDIn(ids...)).WithCoop().WithPerson().All(o.Sys)
	if err != nil {
		return nil, err
	}
	byID := map[int]*ent.BudgetShare{}
	for _, s := range shares {
		byID[s.ID] = s
	}
	var out []*line
	for _, id := range ids {
		s := byID[id]
		var minutes int
		var entryIDs []int
		for _, e := range byShare[id] {
			minutes += e.Minutes
			entryIDs = append(entryIDs, e.ID)
		}
		net, err := money.CostOfMinutes(int64(minutes), s.HourlyRateCents)
		if err != nil || net > money.MaxAmount {
			return nil, apperr.New(apperr.Conflict, "the time of share %d is too large to invoice at once; invoice it in parts with timeUntil", id)
		}
		holder := "share"
		switch {
		case s.Edges.Coop != nil:
			holder = s.Edges.Coop.Name
		case s.Edges.Person != nil:
			// Not the freelancer's name: an issued invoice is kept for
			// years (and its audit record with it), while a person's name
			// must go when they ask for erasure.
			holder = "a freelancer"
		}
		desc := fmt.Sprintf("Work by %s until %s: %d:%02d h", holder, until.Format(time.DateOnly), minutes/60, minutes%60)
		if s.Description != "" {
			desc = fmt.Sprintf("%s (%s)", desc, s.Description)
		}
		shareID, m := s.ID, minutes
		out = append(out, &line{kind: invoiceline.KindTIME, description: desc, shareID: &shareID, minutes: &m,
			qty: (int64(minutes)*1000 + 30) / 60, price: s.HourlyRateCents, net: net, rate: rate,
			vat: money.VATOf(net, rate), entries: entryIDs})
	}
	return out, nil
}

// pmLine is the PM charge on the TIME lines.
func pmLine(p *ent.Project, lines []*line, rate int) (*line, error) {
	if p.PmChargePercent == 0 {
		return nil, apperr.InvalidField("includePMCharge", "includePMCharge: the project has no PM charge")
	}
	var timeNet int64
	for _, l := range lines {
		if l.kind == invoiceline.KindTIME {
			timeNet += l.net
		}
	}
	if timeNet == 0 {
		return nil, apperr.InvalidField("includePMCharge", "includePMCharge: the PM charge is on the time invoiced, and this invoice bills no time")
	}
	net := money.PercentOf(timeNet, p.PmChargePercent)
	return &line{kind: invoiceline.KindPM_CHARGE, description: fmt.Sprintf("Project management (%d %% of the time billed)", p.PmChargePercent),
		qty: 1000, price: net, net: net, rate: rate, vat: money.VATOf(net, rate)}, nil
}

// total recomputes the PM charge lines (from the TIME lines) and the
// invoice's sums.
func total(o *domainop.Op, invoiceID, pmPercent int) error {
	lines, err := o.C.InvoiceLine.Query().Where(invoiceline.InvoiceID(invoiceID)).All(o.Sys)
	if err != nil {
		return err
	}
	var timeNet, net, vat int64
	for _, l := range lines {
		if l.Kind == invoiceline.KindTIME {
			timeNet += l.NetCents
		}
	}
	for _, l := range lines {
		if l.Kind == invoiceline.KindPM_CHARGE {
			pm := money.PercentOf(timeNet, pmPercent)
			if pm != l.NetCents {
				l.NetCents, l.UnitPriceCents, l.VatCents = pm, pm, money.VATOf(pm, l.VatRateBasisPoints)
				if err := o.C.InvoiceLine.UpdateOneID(l.ID).SetNetCents(pm).SetUnitPriceCents(pm).
					SetVatCents(l.VatCents).Exec(o.As(authz.ManageInvoices)); err != nil {
					return err
				}
			}
		}
		net += l.NetCents
		vat += l.VatCents
	}
	return o.C.Invoice.UpdateOneID(invoiceID).SetNetCents(net).SetVatCents(vat).SetGrossCents(net + vat).
		Exec(o.As(authz.ManageInvoices))
}

// lockInvoice reads an invoice with the viewer's rights (NOT_FOUND naming
// field otherwise), checks that the viewer may manage the coop's invoices,
// and reads it again under its row lock.
func lockInvoice(o *domainop.Op, id int, field string) (*ent.Invoice, error) {
	inv, err := o.C.Invoice.Get(o.Ctx, id)
	if err != nil {
		return nil, apperr.FieldNotFound(err, field, field+": not found")
	}
	if err := authz.CanManageInvoices(o.V, inv.CoopID); err != nil {
		return nil, err
	}
	return o.C.Invoice.Query().Where(invoice.ID(id)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
}

// lockDraft is lockInvoice of a DRAFT (CONFLICT otherwise).
func lockDraft(o *domainop.Op, id int, field string) (*ent.Invoice, error) {
	inv, err := lockInvoice(o, id, field)
	if err != nil {
		return nil, err
	}
	if inv.Status != invoice.StatusDRAFT {
		return nil, apperr.New(apperr.Conflict, "this invoice is %s: only a DRAFT changes", inv.Status)
	}
	return inv, nil
}

func pmPercent(o *domainop.Op, inv *ent.Invoice) (int, error) {
	p, err := o.C.Project.Get(o.Sys, inv.ProjectID)
	if err != nil {
		return 0, err
	}
	return p.PmChargePercent, nil
}

// AddLine adds a FIXED line to a draft (ManageInvoices).
func (svc *Service) AddLine(ctx context.Context, invoiceID int, it Item) (*ent.Invoice, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := lockDraft(o, invoiceID, "invoiceID")
	if err != nil {
		return nil, err
	}
	if it.VATBasisPoints == nil {
		return nil, apperr.InvalidField("item", "item: give the VAT rate (vatRateBasisPoints)")
	}
	l, err := fixedLine("item", inv.Currency, it, 0)
	if err != nil {
		return nil, err
	}
	last, err := o.C.InvoiceLine.Query().Where(invoiceline.InvoiceID(inv.ID)).Order(ent.Desc(invoiceline.FieldPosition)).First(o.Sys)
	pos := 0
	switch {
	case err == nil:
		pos = last.Position + 1
	case !ent.IsNotFound(err):
		return nil, err
	}
	if err := writeLine(o, inv.ID, pos, l); err != nil {
		return nil, err
	}
	return svc.retotal(o, inv)
}

func (svc *Service) retotal(o *domainop.Op, inv *ent.Invoice) (*ent.Invoice, error) {
	pct, err := pmPercent(o, inv)
	if err != nil {
		return nil, err
	}
	if err := total(o, inv.ID, pct); err != nil {
		return nil, err
	}
	return o.C.Invoice.Get(o.Ctx, inv.ID)
}

// LineChange changes a draft's line; nil leaves a field as it is. Only
// FIXED lines change quantity and price.
type LineChange struct {
	Description    *string
	QuantityMilli  *int64
	UnitPrice      *money.Money
	VATBasisPoints *int
}

// lockLine finds a line and locks its draft.
func lockLine(o *domainop.Op, lineID int) (*ent.InvoiceLine, *ent.Invoice, error) {
	l, err := o.C.InvoiceLine.Get(o.Ctx, lineID)
	if err != nil {
		return nil, nil, apperr.FieldNotFound(err, "lineID", "lineID: not found")
	}
	inv, err := lockDraft(o, l.InvoiceID, "lineID")
	if err != nil {
		return nil, nil, err
	}
	return l, inv, nil
}

// UpdateLine changes a line of a draft (ManageInvoices).
func (svc *Service) UpdateLine(ctx context.Context, lineID int, ch LineChange) (*ent.Invoice, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	l, inv, err := lockLine(o, lineID)
	if err != nil {
		return nil, err
	}
	if l.Kind != invoiceline.KindFIXED && (ch.QuantityMilli != nil || ch.UnitPrice != nil) {
		return nil, apperr.InvalidField("lineID", "lineID: a %s line's amount follows from the time billed; only its description and VAT rate change", l.Kind)
	}
	it := Item{Description: l.Description, QuantityMilli: l.QuantityMilli,
		UnitPrice: money.Money{Cents: l.UnitPriceCents, Currency: inv.Currency}, VATBasisPoints: &l.VatRateBasisPoints}
	if ch.Description != nil {
		it.Description = *ch.Description
	}
	if ch.QuantityMilli != nil {
		it.QuantityMilli = *ch.QuantityMilli
	}
	if ch.UnitPrice != nil {
		it.UnitPrice = *ch.UnitPrice
	}
	if ch.VATBasisPoints != nil {
		it.VATBasisPoints = ch.VATBasisPoints
	}
	u := o.C.InvoiceLine.UpdateOneID(l.ID)
	if l.Kind == invoiceline.KindFIXED {
		fl, err := fixedLine("line", inv.Currency, it, 0)
		if err != nil {
			return nil, err
		}
		u.SetDescription(fl.description).SetQuantityMilli(fl.qty).SetUnitPriceCents(fl.price).
			SetNetCents(fl.net).SetVatRateBasisPoints(fl.rate).SetVatCents(fl.vat)
	} else {
		if err := checkDescription("line", it.Description); err != nil {
			return nil, err
		}
		if err := checkRate("line", *it.VATBasisPoints); err != nil {
			return nil, err
		}
		u.SetDescription(strings.TrimSpace(it.Description)).SetVatRateBasisPoints(*it.VATBasisPoints).
			SetVatCents(money.VATOf(l.NetCents, *it.VATBasisPoints))
	}
	if err := u.Exec(o.As(authz.ManageInvoices)); err != nil {
		return nil, err
	}
	return svc.retotal(o, inv)
}

// RemoveLine removes a line of a draft, releasing its time entries
// (ManageInvoices).
func (svc *Service) RemoveLine(ctx context.Context, lineID int) (*ent.Invoice, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	l, inv, err := lockLine(o, lineID)
	if err != nil {
		return nil, err
	}
	if err := release(o, authz.ManageInvoices, l.ID); err != nil {
		return nil, err
	}
	if err := o.C.InvoiceLine.DeleteOneID(l.ID).Exec(o.As(authz.ManageInvoices)); err != nil {
		return nil, err
	}
	return svc.retotal(o, inv)
}

// release frees the time entries of lines for another invoice.
func release(o *domainop.Op, rule *authz.Rule, lineIDs ...int) error {
	if len(lineIDs) == 0 {
		return nil
	}
	_, err := o.C.TimeEntry.Update().Where(timeentry.InvoiceLineIDIn(lineIDs...)).ClearInvoiceLineID().Save(o.As(rule))
	return err
}

// DeleteDraft deletes a draft and its lines, releasing its time entries
// (ManageInvoices). It returns the deleted ID.
func (svc *Service) DeleteDraft(ctx context.Context, id int) (int, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return 0, err
	}
	inv, err := lockDraft(o, id, "id")
	if err != nil {
		return 0, err
	}
	lines, err := o.C.InvoiceLine.Query().Where(invoiceline.InvoiceID(inv.ID)).IDs(o.Sys)
	if err != nil {
		return 0, err
	}
	if err := release(o, authz.ManageInvoices, lines...); err != nil {
		return 0, err
	}
	if _, err := o.C.InvoiceLine.Delete().Where(invoiceline.InvoiceID(inv.ID)).Exec(o.As(authz.ManageInvoices)); err != nil {
		return 0, err
	}
	if err := o.C.Invoice.DeleteOneID(inv.ID).Exec(o.As(authz.ManageInvoices)); err != nil {
		return 0, err
	}
	return inv.ID, nil
}

// number takes the next number of the coop's documents of day's year. The
// caller holds the coop's books (CheckOpen). Numbers follow dates: a
// document dated before the coop's last numbered one of the year is refused.
func number(o *domainop.Op, coopID int, day time.Time, field string) (year, seq int, num string, err error) {
	year = day.Year()
	last, err := o.C.Invoice.Query().Where(invoice.CoopID(coopID), invoice.FiscalYear(year), invoice.SequenceNotNil()).
		Order(ent.Desc(invoice.FieldSequence)).First(o.Sys)
	switch {
	case ent.IsNotFound(err):
		seq = 1
	case err != nil:
		return 0, 0, "", err
	default:
		if last.IssuedOn != nil && day.Before(*last.IssuedOn) {
			return 0, 0, "", &apperr.Error{Code: apperr.Conflict, Field: field,
				Message: fmt.Sprintf("%s: the coop's last document %s is dated %s; numbers follow dates, so date this one on or after it",
					field, deref(last.Number), last.IssuedOn.Format(time.DateOnly))}
		}
		seq = *last.Sequence + 1
	}
	return year, seq, fmt.Sprintf("%04d-%04d", year, seq), nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// documentDay is the date of a document: day (default today), not in the
// future.
func documentDay(o *domainop.Op, day *time.Time, field string) (time.Time, error) {
	today := ledger.Day(o.Now)
	if day == nil {
		return today, nil
	}
	d := ledger.Day(*day)
	if d.After(today) {
		return d, apperr.InvalidField(field, "%s: not in the future", field)
	}
	return d, nil
}

// Issue issues a draft (IssueInvoice): the next number of the coop and the
// year, the invoice date (default today), the due date (the draft's, or
// DefaultPaymentDays later), and its booking.
func (svc *Service) Issue(ctx context.Context, id int, issuedOn *time.Time) (*ent.Invoice, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := lockDraft(o, id, "id")
	if err != nil {
		return nil, err
	}
	day, err := documentDay(o, issuedOn, "issuedOn")
	if err != nil {
		return nil, err
	}
	if inv.GrossCents <= 0 || inv.NetCents <= 0 {
		return nil, apperr.InvalidField("id", "id: an invoice of zero is not issued; add lines or delete the draft")
	}
	due := day.AddDate(0, 0, DefaultPaymentDays)
	if inv.DueOn != nil {
		due = *inv.DueOn
		if due.Before(day) {
			return nil, apperr.InvalidField("issuedOn", "issuedOn: the draft is due on %s, before this date", due.Format(time.DateOnly))
		}
	}
	cl, err := o.C.ClientOrganisation.Get(o.Sys, inv.ClientID)
	if err != nil {
		return nil, err
	}
	if cl.ArchivedAt != nil {
		return nil, apperr.New(apperr.Conflict, "the client %s is archived; restore it to invoice it", cl.Name)
	}
	if err := ledger.CheckOpen(o, day, inv.CoopID); err != nil {
		return nil, err
	}
	year, seq, num, err := number(o, inv.CoopID, day, "issuedOn")
	if err != nil {
		return nil, err
	}
	n, err := o.C.Invoice.Update().Where(invoice.ID(inv.ID), invoice.StatusEQ(invoice.StatusDRAFT)).
		SetStatus(invoice.StatusISSUED).SetFiscalYear(year).SetSequence(seq).SetNumber(num).
		SetIssuedOn(day).SetDueOn(due).Save(o.As(authz.IssueInvoice))
	if err != nil {
		return nil, err
	}
	if n != 1 {
		return nil, apperr.New(apperr.Conflict, "the invoice changed meanwhile; reload it")
	}
	lines := []ledger.Line{
		ledger.Debit(ledger.Account{Code: plan.ClientReceivable, ClientID: inv.ClientID}, inv.GrossCents),
		ledger.Credit(ledger.Account{Code: plan.ProjectRevenue}, inv.NetCents),
	}
	if inv.VatCents > 0 {
		lines = append(lines, ledger.Credit(ledger.Account{Code: plan.VATPayable}, inv.VatCents))
	}
	if _, err := ledger.Post(o, authz.IssueInvoice, ledger.Entry{CoopID: inv.CoopID, Kind: plan.InvoiceIssued,
		BookedOn: day, Currency: inv.Currency, Description: fmt.Sprintf("Invoice %s to %s", num, cl.Name),
		Lines: lines, InvoiceID: &inv.ID, ProjectID: &inv.ProjectID}); err != nil {
		return nil, err
	}
	return o.C.Invoice.Get(o.Ctx, inv.ID)
}

// MaxReason bounds a cancellation's reason.
const MaxReason = 1000

// Cancel cancels an issued invoice without payments by a credit note
// (CancelInvoice) dated on (default today), and returns the credit note.
func (svc *Service) Cancel(ctx context.Context, id int, reason string, on *time.Time) (*ent.Invoice, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := lockInvoice(o, id, "id")
	if err != nil {
		return nil, err
	}
	switch {
	case inv.Kind == invoice.KindCREDIT_NOTE:
		return nil, apperr.InvalidField("id", "id: a credit note is not cancelled")
	case inv.Status == invoice.StatusDRAFT:
		return nil, apperr.New(apperr.Conflict, "a draft is not cancelled; delete it with deleteInvoiceDraft")
	case inv.Status == invoice.StatusCANCELLED:
		return nil, apperr.New(apperr.Conflict, "invoice %s is cancelled already", deref(inv.Number))
	case inv.Status != invoice.StatusISSUED || inv.PaidCents != 0:
		return nil, apperr.New(apperr.Conflict, "payments were recorded for invoice %s (%s); settle them with the client before cancelling it", deref(inv.Number), inv.Status)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxReason {
		return nil, apperr.InvalidField("reason", "reason: from 1 to %d characters", MaxReason)
	}
	day, err := documentDay(o, on, "on")
	if err != nil {
		return nil, err
	}
	if day.Before(*inv.IssuedOn) {
		return nil, apperr.InvalidField("on", "on: not before the invoice's date %s", inv.IssuedOn.Format(time.DateOnly))
	}
	if err := ledger.CheckOpen(o, day, inv.CoopID); err != nil {
		return nil, err
	}
	year, seq, num, err := number(o, inv.CoopID, day, "on")
	if err != nil {
		return nil, err
	}
	rule := o.As(authz.CancelInvoice)
	note := fmt.Sprintf("Cancels invoice %s: %s", deref(inv.Number), reason)
	cn, err := o.C.Invoice.Create().SetCoopID(inv.CoopID).SetProjectID(inv.ProjectID).SetClientID(inv.ClientID).
		SetKind(invoice.KindCREDIT_NOTE).SetCreditNoteForID(inv.ID).SetStatus(invoice.StatusISSUED).
		SetFiscalYear(year).SetSequence(seq).SetNumber(num).SetIssuedOn(day).SetDueOn(day).
		SetCurrency(inv.Currency).SetNetCents(-inv.NetCents).SetVatCents(-inv.VatCents).SetGrossCents(-inv.GrossCents).
		SetNote(note).SetNillableCreatedByID(o.ActorID()).Save(rule)
	if err != nil {
		return nil, err
	}
	lines, err := o.C.InvoiceLine.Query().Where(invoiceline.InvoiceID(inv.ID)).Order(ent.Asc(invoiceline.FieldPosition)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	creates := make([]*ent.InvoiceLineCreate, len(lines))
	ids := make([]int, len(lines))
	for i, l := range lines {
		ids[i] = l.ID
		creates[i] = o.C.InvoiceLine.Create().SetInvoiceID(cn.ID).SetPosition(l.Position).SetKind(l.Kind).
			SetDescription(l.Description).SetNillableShareID(l.ShareID).SetNillableMinutes(l.Minutes).
			SetQuantityMilli(-l.QuantityMilli).SetUnitPriceCents(l.UnitPriceCents).SetNetCents(-l.NetCents).
			SetVatRateBasisPoints(l.VatRateBasisPoints).SetVatCents(-l.VatCents)
	}
	if _, err := o.C.InvoiceLine.CreateBulk(creates...).Save(rule); err != nil {
		return nil, err
	}
	if err := release(o, authz.CancelInvoice, ids...); err != nil {
		return nil, err
	}
	n, err := o.C.Invoice.Update().Where(invoice.ID(inv.ID), invoice.StatusEQ(invoice.StatusISSUED), invoice.PaidCents(0)).
		SetStatus(invoice.StatusCANCELLED).Save(rule)
	if err != nil {
		return nil, err
	}
	if n != 1 {
		return nil, apperr.New(apperr.Conflict, "the invoice changed meanwhile; reload it")
	}
	cl, err := o.C.ClientOrganisation.Get(o.Sys, inv.ClientID)
	if err != nil {
		return nil, err
	}
	entry := []ledger.Line{
		ledger.Debit(ledger.Account{Code: plan.ProjectRevenue}, inv.NetCents),
		ledger.Credit(ledger.Account{Code: plan.ClientReceivable, ClientID: inv.ClientID}, inv.GrossCents),
	}
	if inv.VatCents > 0 {
		entry = append(entry, ledger.Debit(ledger.Account{Code: plan.VATPayable}, inv.VatCents))
	}
	if _, err := ledger.Post(o, authz.CancelInvoice, ledger.Entry{CoopID: inv.CoopID, Kind: plan.CreditNote,
		BookedOn: day, Currency: inv.Currency, Description: fmt.Sprintf("Credit note %s to %s, cancelling invoice %s", num, cl.Name, deref(inv.Number)),
		Lines: entry, InvoiceID: &cn.ID, ProjectID: &inv.ProjectID}); err != nil {
		return nil, err
	}
	return o.C.Invoice.Get(o.Ctx, cn.ID)
}

// Overdue tells whether an invoice is past its due date on now's day and
// not paid in full or cancelled.
func Overdue(inv *ent.Invoice, now time.Time) bool {
	if inv.Kind != invoice.KindINVOICE || inv.DueOn == nil {
		return false
	}
	if inv.Status != invoice.StatusISSUED && inv.Status != invoice.StatusPARTIALLY_PAID {
		return false
	}
	return inv.DueOn.Before(ledger.Day(now))
}
