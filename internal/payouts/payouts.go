// Package payouts is issue 17's item 4: a client's payments on an issued
// invoice (recordPayment), what became owed to each share holder from them,
// the payouts a coop makes to partner coops and persons (recordPayout), and
// the receivables and payables read from the books.
//
// What a holder is owed follows money.OwedOfPaid, cumulatively: after each
// payment, each TIME line of a share held by a partner coop or a freelancer
// (not the lead coop's own share) and the PM_CHARGE line (when the project's
// PM is a person or a coop other than the lead) is owed net × paid / gross
// rounded down, exactly net once the invoice is paid in full; the payment
// books the difference to what was owed before it (SHARE_EARNED), in the
// lead coop's books and in each partner coop's, in the payment's
// transaction (money.md's conventions).
package payouts

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/invoiceline"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
)

// Service records payments and payouts.
type Service struct{ Env domainop.Env }

// maxReference is the longest bank reference kept (the columns' limit).
const maxReference = 200

// payee is who a coop owes: a coop or a person (exactly one).
type payee struct{ coop, person int }

func (p payee) payable() ledger.Account {
	if p.coop != 0 {
		return ledger.Account{Code: plan.CoopPayable, CoopID: p.coop}
	}
	return ledger.Account{Code: plan.PersonPayable, PersonID: p.person}
}

// owedLine is a line of an invoice whose net is owed to a holder once paid.
type owedLine struct {
	to  payee
	net int64
}

// Holders lists the lines of an invoice that are owed to someone other than
// the lead coop, with who is owed them: TIME lines of shares held by
// another coop or a person, and the PM_CHARGE line when the project's PM is
// a person or a coop other than the lead.
func holders(lines []*ent.InvoiceLine, shares map[int]*ent.BudgetShare, p *ent.Project) []owedLine {
	var out []owedLine
	for _, l := range lines {
		switch l.Kind {
		case invoiceline.KindTIME:
			if l.ShareID == nil {
				continue
			}
			s := shares[*l.ShareID]
			switch {
			case s == nil:
			case s.PersonID != nil:
				out = append(out, owedLine{payee{person: *s.PersonID}, l.NetCents})
			case s.CoopID != nil && *s.CoopID != p.LeadCoopID:
				out = append(out, owedLine{payee{coop: *s.CoopID}, l.NetCents})
			}
		case invoiceline.KindPM_CHARGE:
			switch {
			case p.PmPersonID != nil:
				out = append(out, owedLine{payee{person: *p.PmPersonID}, l.NetCents})
			case p.PmCoopID != nil && *p.PmCoopID != p.LeadCoopID:
				out = append(out, owedLine{payee{coop: *p.PmCoopID}, l.NetCents})
			}
		}
	}
	return out
}

// Earned is what becomes owed to each payee when the invoice's paid amount
// goes from before to after (money.OwedOfPaid per line, cumulatively), in
// the order the payees first appear on the invoice; payees owed nothing
// more are left out.
func earned(lines []owedLine, before, after, gross int64) ([]payee, map[payee]int64, error) {
	var order []payee
	delta := map[payee]int64{}
	for _, l := range lines {
		a, err := money.OwedOfPaid(l.net, before, gross)
		if err != nil {
			return nil, nil, err
		}
		b, err := money.OwedOfPaid(l.net, after, gross)
		if err != nil {
			return nil, nil, err
		}
		if b == a {
			continue
		}
		if _, ok := delta[l.to]; !ok {
			order = append(order, l.to)
		}
		delta[l.to] += b - a
	}
	return order, delta, nil
}

// PaymentInput is recordPayment's input.
type PaymentInput struct {
	InvoiceID  int
	Amount     money.Money
	ReceivedOn time.Time
	Reference  *string
}

// RecordPayment records a client's payment on an issued invoice (rule
// RecordPayment): the payment, the invoice's paid amount and status, the
// PAYMENT booking and what became owed to the share holders (SHARE_EARNED in
// the lead coop's and each partner coop's books), in one transaction, with
// the invoice's row locked so two payments cannot both pass the check
// against what is outstanding.
func (s *Service) RecordPayment(ctx context.Context, in PaymentInput) (*ent.Payment, error) {
	o, err := s.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := o.C.Invoice.Query().Where(invoice.ID(in.InvoiceID)).Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "invoiceID", "invoiceID: not found")
	}
	if err := authz.CanRecordPayment(o.V, inv.CoopID); err != nil {
		return nil, err
	}
	if err := validAmount("amount", in.Amount, inv.Currency); err != nil {
		return nil, err
	}
	day := ledger.Day(in.ReceivedOn)
	if day.After(ledger.Day(o.Now)) {
		return nil, apperr.InvalidField("receivedOn", "receivedOn: a payment is recorded once received, not on a future day")
	}
	if inv.IssuedOn != nil && day.Before(ledger.Day(*inv.IssuedOn)) {
		return nil, apperr.InvalidField("receivedOn", "receivedOn: before the invoice was issued (%s)", inv.IssuedOn.Format(time.DateOnly))
	}
	if err := validReference(in.Reference); err != nil {
		return nil, err
	}
	// What the invoice owes whom: its lines are fixed once issued.
	p, err := o.C.Project.Query().Where(project.ID(inv.ProjectID)).Only(o.Sys)
	if err != nil {
		return nil, err
	}
	lines, err := o.C.InvoiceLine.Query().Where(invoiceline.InvoiceID(inv.ID)).Order(ent.Asc(invoiceline.FieldPosition)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	var shareIDs []int
	for _, l := range lines {
		if l.ShareID != nil {
			shareIDs = append(shareIDs, *l.ShareID)
		}
	}
	shareRows, err := o.C.BudgetShare.Query().Where(budgetshare.IDIn(shareIDs...)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	shares := map[int]*ent.BudgetShare{}
	for _, s := range shareRows {
		shares[s.ID] = s
	}
	owed := holders(lines, shares, p)
	books := []int{inv.CoopID}
	for _, l := range owed {
		if l.to.coop != 0 {
			books = append(books, l.to.coop)
		}
	}
	// The books first (ascending, as every booking operation takes them),
	// then the invoice: the check against what is outstanding and the new
	// paid amount are one step.
	if err := ledger.CheckOpen(o, day, books...); err != nil {
		return nil, err
	}
	inv, err = o.C.Invoice.Query().Where(invoice.ID(inv.ID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return nil, err
	}
	if inv.Kind != invoice.KindINVOICE {
		return nil, apperr.New(apperr.Conflict, "a credit note is not paid by a client")
	}
	if inv.Status != invoice.StatusISSUED && inv.Status != invoice.StatusPARTIALLY_PAID {
		return nil, apperr.New(apperr.Conflict, "invoice %s is %s: payments are recorded on ISSUED or PARTIALLY_PAID invoices only", numberOf(inv), inv.Status)
	}
	outstanding := inv.GrossCents - inv.PaidCents
	if in.Amount.Cents > outstanding {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "amount",
			Message: fmt.Sprintf("amount: %s is more than the %s outstanding on invoice %s",
				money.Format(in.Amount.Cents, inv.Currency), money.Format(outstanding, inv.Currency), numberOf(inv)),
			Extra: map[string]any{"outstanding": map[string]any{"amount": outstanding, "currency": inv.Currency}}}
	}
	before, after := inv.PaidCents, inv.PaidCents+in.Amount.Cents
	order, delta, err := earned(owed, before, after, inv.GrossCents)
	if err != nil {
		// A holder's line below zero or above the invoice's gross (a
		// discount larger than the rest): the split has no meaning.
		return nil, apperr.New(apperr.Conflict, "invoice %s: a share holder's line is negative or larger than the invoice's gross; cancel it by a credit note and invoice again", numberOf(inv))
	}
	status := invoice.StatusPARTIALLY_PAID
	if after == inv.GrossCents {
		status = invoice.StatusPAID
	}
	ctxW := o.As(authz.RecordPayment)
	pay, err := o.C.Payment.Create().SetInvoiceID(inv.ID).SetCoopID(inv.CoopID).SetAmountCents(in.Amount.Cents).
		SetCurrency(inv.Currency).SetReceivedOn(day).SetNillableReference(in.Reference).
		SetNillableRecordedByID(o.ActorID()).Save(ctxW)
	if err != nil {
		return nil, err
	}
	n, err := o.C.Invoice.Update().Where(invoice.ID(inv.ID), invoice.PaidCents(before)).
		SetPaidCents(after).SetStatus(status).Save(ctxW)
	if err != nil {
		return nil, err
	}
	if n != 1 {
		return nil, apperr.New(apperr.Conflict, "invoice %s changed meanwhile; try again", numberOf(inv))
	}
	lead := inv.CoopID
	cause := ledger.Entry{InvoiceID: &inv.ID, PaymentID: &pay.ID, ProjectID: &inv.ProjectID}
	e := cause
	e.CoopID, e.Kind, e.BookedOn, e.Currency = lead, plan.ClientPayment, day, inv.Currency
	e.Description = fmt.Sprintf("Payment on invoice %s", numberOf(inv))
	e.Lines = []ledger.Line{
		ledger.Debit(ledger.Account{Code: plan.Bank}, in.Amount.Cents),
		ledger.Credit(ledger.Account{Code: plan.ClientReceivable, ClientID: inv.ClientID}, in.Amount.Cents),
	}
	if _, err := ledger.Post(o, authz.RecordPayment, e); err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return pay, nil
	}
	var total int64
	e = cause
	e.CoopID, e.Kind, e.BookedOn, e.Currency = lead, plan.ShareEarned, day, inv.Currency
	e.Description = fmt.Sprintf("Shares earned from the payment on invoice %s", numberOf(inv))
	for _, to := range order {
		total += delta[to]
	}
	e.Lines = []ledger.Line{ledger.Debit(ledger.Account{Code: plan.PartnerCosts}, total)}
	for _, to := range order {
		e.Lines = append(e.Lines, ledger.Credit(to.payable(), delta[to]))
	}
	if _, err := ledger.Post(o, authz.RecordPayment, e); err != nil {
		return nil, err
	}
	for _, to := range order {
		if to.coop == 0 {
			continue
		}
		e = cause
		e.CoopID, e.Kind, e.BookedOn, e.Currency = to.coop, plan.ShareEarned, day, inv.Currency
		e.Description = fmt.Sprintf("Share earned from the payment on invoice %s", numberOf(inv))
		e.Lines = []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.CoopReceivable, CoopID: lead}, delta[to]),
			ledger.Credit(ledger.Account{Code: plan.ShareRevenue}, delta[to]),
		}
		if _, err := ledger.Post(o, authz.RecordPayment, e); err != nil {
			return nil, err
		}
	}
	return pay, nil
}

func numberOf(inv *ent.Invoice) string {
	if inv.Number != nil {
		return *inv.Number
	}
	return fmt.Sprint(inv.ID)
}

// validAmount: a positive amount in the currency it must have.
func validAmount(field string, m money.Money, currency string) error {
	if err := m.Validate(); err != nil {
		return apperr.InvalidField(field, "%s: %v", field, err)
	}
	if m.Currency != currency {
		return apperr.InvalidField(field, "%s: must be in %s, got %s (nothing is converted)", field, currency, m.Currency)
	}
	if m.Cents <= 0 {
		return apperr.InvalidField(field, "%s: must be more than zero", field)
	}
	if m.Cents > money.MaxAmount {
		return apperr.InvalidField(field, "%s: too large", field)
	}
	return nil
}

func validReference(ref *string) error {
	if ref != nil && len([]rune(*ref)) > maxReference {
		return apperr.InvalidField("reference", "reference: at most %d characters", maxReference)
	}
	return nil
}

// payeeOf finds the coop or person an ID names, among those the viewer may
// read (NOT_FOUND on field "to" otherwise).
func payeeOf(o *domainop.Op, id int) (payee, error) {
	if ok, err := o.C.Coop.Query().Where(coop.ID(id)).Exist(o.Ctx); err != nil {
		return payee{}, err
	} else if ok {
		return payee{coop: id}, nil
	}
	if ok, err := o.C.Person.Query().Where(person.ID(id)).Exist(o.Ctx); err != nil {
		return payee{}, err
	} else if ok {
		return payee{person: id}, nil
	}
	return payee{}, &apperr.Error{Code: apperr.NotFound, Field: "to", Message: "to: no coop or person found"}
}
