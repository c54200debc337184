package invoicing_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestInvoiceVisibility: a coop's clients and invoices are its members'
// alone. A partner coop's member, the freelancer holding a share and an
// outsider find none: by node(id:), in the coop's and the project's lists,
// in the project's figures, through a time entry, nor as an export.
func TestInvoiceVisibility(t *testing.T) {
	w := newWorld(t)
	clientID := w.client()
	entryF := w.entry(w.ShareF, w.Freelancer, day(-1), 60)
	inv := w.issue(w.draft(map[string]any{}).ID)
	lineID := inv.lines()[0].ID

	const q = `query($inv: ID!, $cl: ID!, $line: ID!, $coop: ID!, $p: ID!, $te: ID!) {
		inv: node(id: $inv) { id }
		cl: node(id: $cl) { id }
		line: node(id: $line) { id }
		coop: node(id: $coop) { ... on Coop { clients(first: 10) { totalCount } invoices(first: 10) { totalCount } } }
		project: node(id: $p) { ... on Project { invoices(first: 10) { totalCount } invoicesByStatus(first: 10) { totalCount }
			invoicing { invoiced { amount } } client { id } } }
		te: node(id: $te) { ... on TimeEntry { invoiceLine { id } } }
	}`
	vars := map[string]any{"inv": inv.ID, "cl": clientID, "line": lineID, "coop": testkit.ID(w.L.ID), "p": testkit.ID(w.P.ID), "te": testkit.ID(entryF.ID)}
	type view struct {
		Inv, Cl, Line *struct{ ID string }
		Coop          *struct {
			Clients, Invoices struct{ TotalCount int }
		}
		Project *struct {
			Invoices, InvoicesByStatus struct{ TotalCount int }
			Invoicing                  *struct{ Invoiced amount }
			Client                     *struct{ ID string }
		}
		Te *struct{ InvoiceLine *struct{ ID string } }
	}
	see := func(p *ent.Person) view {
		res := w.as(p).Do(q, vars)
		var v view
		if err := jsonUnmarshal(res.Data, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}

	v := see(w.Lead2)
	if v.Inv == nil || v.Cl == nil || v.Line == nil || v.Coop.Clients.TotalCount != 1 || v.Coop.Invoices.TotalCount != 1 ||
		v.Project.Invoices.TotalCount != 1 || v.Project.InvoicesByStatus.TotalCount != 1 || v.Project.Invoicing == nil ||
		v.Project.Invoicing.Invoiced.Amount != inv.Gross.Amount || v.Project.Client == nil || v.Te.InvoiceLine == nil {
		t.Fatalf("a member of the lead coop: %+v", v)
	}
	for _, p := range []*ent.Person{w.Partner, w.Freelancer, w.Outsdr} {
		v := see(p)
		if v.Inv != nil || v.Cl != nil || v.Line != nil {
			t.Errorf("%s finds the invoice, client or line by ID: %+v", p.Name, v)
		}
		if v.Coop == nil || v.Coop.Clients.TotalCount != 0 || v.Coop.Invoices.TotalCount != 0 {
			t.Errorf("%s lists the lead coop's clients or invoices: %+v", p.Name, v.Coop)
		}
		if v.Project != nil && (v.Project.Invoices.TotalCount != 0 || v.Project.InvoicesByStatus.TotalCount != 0 ||
			v.Project.Invoicing != nil || v.Project.Client != nil) {
			t.Errorf("%s sees the project's invoices, figures or client: %+v", p.Name, v.Project)
		}
		if v.Te != nil && v.Te.InvoiceLine != nil {
			t.Errorf("%s reaches the invoice line through a time entry", p.Name)
		}
		for _, ext := range []string{".json", ".csv"} {
			if code, body, _ := w.get(p, "/export/invoices/"+inv.ID+ext); code != 404 || strings.Contains(body, "Stadt Leipzig") {
				t.Errorf("%s exports the invoice: %d %s", p.Name, code, body)
			}
		}
	}
	if v := see(w.Partner); v.Project == nil {
		t.Error("the partner no longer reads the project itself")
	}
	if code, _, _ := w.get(nil, "/export/invoices/"+inv.ID+".json"); code != 401 {
		t.Errorf("anonymous export: %d", code)
	}
	if code, _, _ := w.get(w.Lead, "/export/invoices/"+inv.ID+".pdf"); code != 400 {
		t.Errorf("unknown format: %d", code)
	}
	if code, _, _ := w.get(w.Lead, "/export/invoices/nonsense.json"); code != 404 {
		t.Errorf("bad ID: %d", code)
	}
}

// TestInvoiceExport: the JSON document and the CSV lines carry the
// invoice as issued, exactly.
func TestInvoiceExport(t *testing.T) {
	w := newWorld(t)
	w.client()
	w.entry(w.ShareL, w.Lead, day(-1), 135)
	inv := w.issue(w.draft(map[string]any{"note": "Thank you",
		"fixedItems": []map[string]any{{"description": "=HYPERLINK(1)", "quantityMilli": 1500, "unitPrice": eur(3333), "vatRateBasisPoints": 700}}}).ID)

	code, body, h := w.get(w.Lead, "/export/invoices/"+inv.ID+".json")
	if code != 200 || h.Get("Content-Type") != "application/json" || !strings.Contains(h.Get("Content-Disposition"), "invoice-2026-0001.json") {
		t.Fatalf("json export: %d %v %s", code, h, body)
	}
	doc := decode[struct {
		Format, Kind, Status, Currency, Note string
		Number, IssuedOn, DueOn              string
		Buyer                                struct{ Name, VatID, Country, City string }
		Seller                               struct{ Name string }
		Lines                                []struct {
			Kind, Quantity, UnitPrice, Net, VatRate, Vat string
			NetCents                                     int64
			Minutes                                      *int
		}
		VATBreakdown []struct {
			VatRate, Net, Vat string
		}
		Totals struct {
			Net, Vat, Gross, Due string
			GrossCents           int64
		}
	}](t, body)
	if doc.Format != "cockpit-invoice/1" || doc.Kind != "INVOICE" || doc.Number != "2026-0001" || doc.IssuedOn != "2026-03-02" ||
		doc.DueOn != "2026-04-01" || doc.Currency != "EUR" || doc.Note != "Thank you" || doc.Buyer.Name != "Stadt Leipzig GmbH" ||
		doc.Buyer.VatID != "DE123456789" || doc.Buyer.Country != "DE" || doc.Seller.Name != "Lead Coop" {
		t.Fatalf("document head: %+v", doc)
	}
	if len(doc.Lines) != 2 || doc.Lines[0].Kind != "TIME" || doc.Lines[0].Quantity != "2.250" || doc.Lines[0].UnitPrice != "85.00" ||
		doc.Lines[0].Net != "191.25" || doc.Lines[0].VatRate != "19.00" || doc.Lines[0].Vat != "36.34" || *doc.Lines[0].Minutes != 135 ||
		doc.Lines[1].Quantity != "1.500" || doc.Lines[1].Net != "50.00" || doc.Lines[1].Vat != "3.50" || doc.Lines[1].VatRate != "7.00" {
		t.Fatalf("document lines: %+v", doc.Lines)
	}
	if len(doc.VATBreakdown) != 2 || doc.VATBreakdown[0].VatRate != "7.00" || doc.VATBreakdown[1].Net != "191.25" ||
		doc.Totals.Net != "241.25" || doc.Totals.Vat != "39.84" || doc.Totals.Gross != "281.09" || doc.Totals.Due != "281.09" ||
		doc.Totals.GrossCents != inv.Gross.Amount {
		t.Fatalf("document totals: %+v %+v", doc.VATBreakdown, doc.Totals)
	}

	code, body, h = w.get(w.Lead, "/export/invoices/"+inv.ID+".csv")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv export: %d %s", code, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "number" || rows[1][9] != "TIME" || rows[1][14] != "191.25" ||
		rows[2][10] != "'=HYPERLINK(1)" || rows[3][9] != "TOTAL" || rows[3][17] != "281.09" {
		t.Fatalf("csv rows: %q", rows)
	}

	// The same through GraphQL.
	var out struct{ Node struct{ Export string } }
	testkit.OK(t, w.as(w.Lead).Do(`query($id: ID!) { node(id: $id) { ... on Invoice { export(format: CSV) } } }`, map[string]any{"id": inv.ID}), &out)
	if out.Node.Export != body {
		t.Fatalf("GraphQL export differs from the download:\n%s\n%s", out.Node.Export, body)
	}
}
