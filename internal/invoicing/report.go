package invoicing

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Figures are a project's invoicing figures (issue 17, item 9), in the
// project's currency, from its issued invoices and credit notes (drafts
// do not count):
//
//   - Invoiced: the gross of the issued invoices (cancelled ones included)
//     plus that of the credit notes, which is negative: what the client was
//     asked to pay and still is;
//   - InvoicedNet: the same without VAT;
//   - Received: the payments recorded on the invoices (paid_cents);
//   - Outstanding: gross − paid of the invoices still open (ISSUED,
//     PARTIALLY_PAID), which is Invoiced − Received, since an invoice with
//     payments is never cancelled;
//   - Overdue: the part of Outstanding past its due date;
//   - Drafts: the number of drafts not yet issued.
type Figures struct {
	Currency                                              string
	Invoiced, InvoicedNet, Received, Outstanding, Overdue int64
	Drafts                                                int
}

// M is an amount of the figures as Money.
func (f *Figures) M(cents int64) money.Money { return money.Money{Cents: cents, Currency: f.Currency} }

// ProjectFigures computes p's figures for the viewer, or nil when the
// viewer may not read the project's invoices (only the lead coop's
// members may: a partner, a freelancer or an outsider gets null, not
// zeros that would look like "nothing invoiced").
func (svc *Service) ProjectFigures(ctx context.Context, c *ent.Client, p *ent.Project) (*Figures, error) {
	if !viewer.FromContext(ctx).IsMember(p.LeadCoopID) {
		return nil, nil
	}
	invs, err := c.Invoice.Query().Where(invoice.ProjectID(p.ID)).
		Select(invoice.FieldKind, invoice.FieldStatus, invoice.FieldDueOn, invoice.FieldNetCents,
			invoice.FieldGrossCents, invoice.FieldPaidCents).All(ctx)
	if err != nil {
		return nil, err
	}
	return figures(p.Currency, invs, svc.Env.Now()), nil
}

func figures(currency string, invs []*ent.Invoice, now time.Time) *Figures {
	f := &Figures{Currency: currency}
	for _, inv := range invs {
		if inv.Status == invoice.StatusDRAFT {
			f.Drafts++
			continue
		}
		f.Invoiced += inv.GrossCents
		f.InvoicedNet += inv.NetCents
		if inv.Kind != invoice.KindINVOICE {
			continue
		}
		f.Received += inv.PaidCents
		if inv.Status == invoice.StatusISSUED || inv.Status == invoice.StatusPARTIALLY_PAID {
			open := inv.GrossCents - inv.PaidCents
			f.Outstanding += open
			if Overdue(inv, now) {
				f.Overdue += open
			}
		}
	}
	return f
}
