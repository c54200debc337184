package graph

import (
	"strings"

	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/invoicing"
	"github.com/coopnetwork/cockpit/internal/money"
)

// invoicing is the service of clients and invoices (issue 17).
func (r *Resolver) invoicing() *invoicing.Service { return &invoicing.Service{Env: r.env} }

func clientFields(in model.ClientInput) invoicing.ClientFields {
	return invoicing.ClientFields{Name: in.Name, Street: in.Street, PostalCode: in.PostalCode, City: in.City,
		Country: in.Country, VatID: in.VatID, Email: in.Email}
}

func invoiceItem(in *model.InvoiceItemInput) invoicing.Item {
	it := invoicing.Item{Description: in.Description, QuantityMilli: 1000, UnitPrice: *in.UnitPrice, VATBasisPoints: in.VatRateBasisPoints}
	if in.QuantityMilli != nil {
		it.QuantityMilli = int64(*in.QuantityMilli)
	}
	return it
}

func invoiceDraft(in model.CreateInvoiceDraftInput) invoicing.Draft {
	d := invoicing.Draft{ProjectID: in.ProjectID, DueOn: in.DueOn, Note: in.Note, IncludeTime: in.IncludeTime == nil || *in.IncludeTime,
		TimeUntil: in.TimeUntil, IncludePMCharge: in.IncludePMCharge != nil && *in.IncludePMCharge, VATBasisPoints: in.VatRateBasisPoints}
	for _, it := range in.FixedItems {
		d.Items = append(d.Items, invoiceItem(it))
	}
	return d
}

func lineChange(in model.UpdateInvoiceLineInput) invoicing.LineChange {
	ch := invoicing.LineChange{Description: in.Description, UnitPrice: in.UnitPrice, VATBasisPoints: in.VatRateBasisPoints}
	if in.QuantityMilli != nil {
		q := int64(*in.QuantityMilli)
		ch.QuantityMilli = &q
	}
	return ch
}

func projectInvoicing(f *invoicing.Figures) *model.ProjectInvoicing {
	if f == nil {
		return nil
	}
	m := func(c int64) *money.Money { v := f.M(c); return &v }
	return &model.ProjectInvoicing{Invoiced: m(f.Invoiced), InvoicedNet: m(f.InvoicedNet), Received: m(f.Received),
		Outstanding: m(f.Outstanding), Overdue: m(f.Overdue), Drafts: f.Drafts}
}

func exportFormat(f model.InvoiceExportFormat) string { return strings.ToLower(string(f)) }
