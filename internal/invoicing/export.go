package invoicing

// Structured export of an invoice (issue 17, item 3). No Go library for
// EN 16931 / XRechnung (UBL or CII) was solid enough to depend on when this
// was written (the maintained ones were AGPL or pre-1.0 wrappers around a
// whole invoicing model), so an invoice is exported as a documented JSON
// document (format "cockpit-invoice/1") or as CSV lines, carrying the
// fields an EN 16931 mapping needs: number, kind and dates, seller and
// buyer, currency, every line with quantity, unit price, net, VAT rate and
// VAT, the VAT breakdown per rate, and the totals.
//
// JSON (Content-Type application/json):
//
//	{
//	  "format": "cockpit-invoice/1",
//	  "id": "<global ID>", "kind": "INVOICE" | "CREDIT_NOTE", "status": "ISSUED", ...
//	  "number": "2026-0007" (null for a draft), "issuedOn": "2026-03-02", "dueOn": "2026-04-01",
//	  "creditNoteFor": "2026-0006" (credit notes), "currency": "EUR", "note": "...",
//	  "overdue": false,
//	  "seller": {"name", "legalForm", "city"},
//	  "buyer": {"name", "street", "postalCode", "city", "country", "vatID", "email"},
//	  "project": {"id", "name"},
//	  "lines": [{"position", "kind": "TIME"|"FIXED"|"PM_CHARGE", "description",
//	             "minutes" (TIME), "quantity": "2.250", "unitPrice": "85.00",
//	             "net": "191.25", "vatRate": "19.00", "vat": "36.34",
//	             "quantityMilli", "unitPriceCents", "netCents", "vatRateBasisPoints", "vatCents"}],
//	  "vatBreakdown": [{"vatRate", "vatRateBasisPoints", "net", "netCents", "vat", "vatCents"}],
//	  "totals": {"net", "vat", "gross", "paid", "due", and each in minor units: "netCents", ...}
//	}
//
// Amounts appear twice: as exact decimal strings in major units (what an
// EN 16931 document carries) and as integer minor units.
//
// CSV (Content-Type text/csv): a header row, then one row per line with
// the invoice's number, kind, dates, currency and buyer repeated, and a
// last row of kind TOTAL with the invoice's sums.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/invoiceline"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/money"
)

// Export formats.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// fixed writes v with digits decimal places, exactly.
func fixed(v int64, digits int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if len(s) <= digits {
		s = strings.Repeat("0", digits-len(s)+1) + s
	}
	s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	if neg {
		s = "-" + s
	}
	return s
}

type exportParty struct {
	Name       string  `json:"name"`
	LegalForm  *string `json:"legalForm,omitempty"`
	Street     *string `json:"street,omitempty"`
	PostalCode *string `json:"postalCode,omitempty"`
	City       *string `json:"city,omitempty"`
	Country    string  `json:"country,omitempty"`
	VatID      *string `json:"vatID,omitempty"`
	Email      *string `json:"email,omitempty"`
}

type exportLine struct {
	Position           int    `json:"position"`
	Kind               string `json:"kind"`
	Description        string `json:"description"`
	Minutes            *int   `json:"minutes,omitempty"`
	Quantity           string `json:"quantity"`
	UnitPrice          string `json:"unitPrice"`
	Net                string `json:"net"`
	VatRate            string `json:"vatRate"`
	Vat                string `json:"vat"`
	QuantityMilli      int64  `json:"quantityMilli"`
	UnitPriceCents     int64  `json:"unitPriceCents"`
	NetCents           int64  `json:"netCents"`
	VatRateBasisPoints int    `json:"vatRateBasisPoints"`
	VatCents           int64  `json:"vatCents"`
}

type exportVAT struct {
	VatRate            string `json:"vatRate"`
	VatRateBasisPoints int    `json:"vatRateBasisPoints"`
	Net                string `json:"net"`
	NetCents           int64  `json:"netCents"`
	Vat                string `json:"vat"`
	VatCents           int64  `json:"vatCents"`
}

type exportTotals struct {
	Net, Vat, Gross, Paid, Due                          string
	NetCents, VatCents, GrossCents, PaidCents, DueCents int64
}

// MarshalJSON writes the totals with lower-case names.
func (t exportTotals) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"net": t.Net, "vat": t.Vat, "gross": t.Gross, "paid": t.Paid, "due": t.Due,
		"netCents": t.NetCents, "vatCents": t.VatCents, "grossCents": t.GrossCents, "paidCents": t.PaidCents, "dueCents": t.DueCents})
}

// Document is the JSON export of an invoice.
type Document struct {
	Format        string            `json:"format"`
	ID            string            `json:"id"`
	Kind          string            `json:"kind"`
	Status        string            `json:"status"`
	Number        *string           `json:"number"`
	IssuedOn      *string           `json:"issuedOn"`
	DueOn         *string           `json:"dueOn"`
	CreditNoteFor *string           `json:"creditNoteFor,omitempty"`
	Currency      string            `json:"currency"`
	Note          string            `json:"note,omitempty"`
	Overdue       bool              `json:"overdue"`
	Seller        exportParty       `json:"seller"`
	Buyer         exportParty       `json:"buyer"`
	Project       map[string]string `json:"project"`
	Lines         []exportLine      `json:"lines"`
	VATBreakdown  []exportVAT       `json:"vatBreakdown"`
	Totals        exportTotals      `json:"totals"`
}

func day(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

// Document builds the export of invoice id as the viewer may read it
// (NOT_FOUND otherwise: the issuing coop's members only).
func (svc *Service) Document(ctx context.Context, c *ent.Client, id int) (*Document, error) {
	inv, err := c.Invoice.Query().Where(invoice.ID(id)).WithCoop().WithClient().WithProject().WithCreditNoteFor().
		WithLines(func(q *ent.InvoiceLineQuery) { q.Order(ent.Asc(invoiceline.FieldPosition)) }).Only(ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "id", "id: not found")
	}
	cur := inv.Currency
	m := func(v int64) string { return money.Decimal(v, cur) }
	cl, co := inv.Edges.Client, inv.Edges.Coop
	d := &Document{Format: "cockpit-invoice/1", ID: gid.Encode(inv.ID), Kind: inv.Kind.String(), Status: inv.Status.String(),
		Number: inv.Number, IssuedOn: day(inv.IssuedOn), DueOn: day(inv.DueOn), Currency: cur, Note: inv.Note,
		Overdue: Overdue(inv, svc.Env.Now()),
		Seller:  exportParty{Name: co.Name, LegalForm: nonEmpty(co.LegalForm), City: nonEmpty(co.City)},
		Buyer: exportParty{Name: cl.Name, Street: nonEmpty(cl.Street), PostalCode: nonEmpty(cl.PostalCode), City: nonEmpty(cl.City),
			Country: cl.Country, VatID: nonEmpty(cl.VatID), Email: nonEmpty(cl.Email)},
		Project: map[string]string{"id": gid.Encode(inv.ProjectID), "name": inv.Edges.Project.Name},
		Lines:   []exportLine{}, VATBreakdown: []exportVAT{}}
	if f := inv.Edges.CreditNoteFor; f != nil {
		d.CreditNoteFor = f.Number
	}
	byRate := map[int]*exportVAT{}
	for _, l := range inv.Edges.Lines {
		d.Lines = append(d.Lines, exportLine{Position: l.Position, Kind: l.Kind.String(), Description: l.Description,
			Minutes: l.Minutes, Quantity: fixed(l.QuantityMilli, 3), UnitPrice: m(l.UnitPriceCents), Net: m(l.NetCents),
			VatRate: fixed(int64(l.VatRateBasisPoints), 2), Vat: m(l.VatCents), QuantityMilli: l.QuantityMilli,
			UnitPriceCents: l.UnitPriceCents, NetCents: l.NetCents, VatRateBasisPoints: l.VatRateBasisPoints, VatCents: l.VatCents})
		b := byRate[l.VatRateBasisPoints]
		if b == nil {
			b = &exportVAT{VatRateBasisPoints: l.VatRateBasisPoints, VatRate: fixed(int64(l.VatRateBasisPoints), 2)}
			byRate[l.VatRateBasisPoints] = b
		}
		b.NetCents += l.NetCents
		b.VatCents += l.VatCents
	}
	rates := make([]int, 0, len(byRate))
	for r := range byRate {
		rates = append(rates, r)
	}
	slices.Sort(rates)
	for _, r := range rates {
		b := byRate[r]
		b.Net, b.Vat = m(b.NetCents), m(b.VatCents)
		d.VATBreakdown = append(d.VATBreakdown, *b)
	}
	due := inv.GrossCents - inv.PaidCents
	d.Totals = exportTotals{Net: m(inv.NetCents), Vat: m(inv.VatCents), Gross: m(inv.GrossCents), Paid: m(inv.PaidCents), Due: m(due),
		NetCents: inv.NetCents, VatCents: inv.VatCents, GrossCents: inv.GrossCents, PaidCents: inv.PaidCents, DueCents: due}
	return d, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Export renders invoice id in format (json or csv) as the viewer may read
// it, with its content type and a file name.
func (svc *Service) Export(ctx context.Context, c *ent.Client, id int, format string) (body []byte, contentType, filename string, err error) {
	d, err := svc.Document(ctx, c, id)
	if err != nil {
		return nil, "", "", err
	}
	name := "invoice-draft-" + d.ID
	if d.Number != nil {
		name = strings.ToLower(strings.ReplaceAll(d.Kind, "_", "-")) + "-" + *d.Number
	}
	switch format {
	case FormatJSON:
		b, err := json.MarshalIndent(d, "", "  ")
		return b, "application/json", name + ".json", err
	case FormatCSV:
		b, err := d.csv()
		return b, "text/csv; charset=utf-8", name + ".csv", err
	}
	return nil, "", "", apperr.InvalidField("format", "format: json or csv")
}

func (d *Document) csv() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	head := []string{"number", "kind", "status", "issued_on", "due_on", "currency", "buyer", "buyer_vat_id",
		"position", "line_kind", "description", "minutes", "quantity", "unit_price", "net", "vat_rate", "vat", "gross"}
	rows := [][]string{head}
	common := []string{s(d.Number), d.Kind, d.Status, s(d.IssuedOn), s(d.DueOn), d.Currency, cell(d.Buyer.Name), cell(s(d.Buyer.VatID))}
	for _, l := range d.Lines {
		minutes := ""
		if l.Minutes != nil {
			minutes = strconv.Itoa(*l.Minutes)
		}
		rows = append(rows, append(slices.Clone(common), strconv.Itoa(l.Position), l.Kind, cell(l.Description), minutes,
			l.Quantity, l.UnitPrice, l.Net, l.VatRate, l.Vat, money.Decimal(l.NetCents+l.VatCents, d.Currency)))
	}
	rows = append(rows, append(slices.Clone(common), "", "TOTAL", "", "", "", "", d.Totals.Net, "", d.Totals.Vat, d.Totals.Gross))
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("invoice csv: %w", err)
	}
	return buf.Bytes(), nil
}

// cell keeps a text cell from being read as a formula by a spreadsheet.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
