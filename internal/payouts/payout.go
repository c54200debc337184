package payouts

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/payout"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
)

// PayoutInput is recordPayout's input.
type PayoutInput struct {
	// CoopID is the paying coop; without it, the project's lead coop.
	CoopID *int
	// To is the coop or person paid.
	To int
	// ProjectID is the project the payout is for, if any.
	ProjectID *int
	Kind      payout.Kind
	Amount    money.Money
	PaidOn    time.Time
	Reference *string
	// Advance pays more than is owed, explicitly.
	Advance bool
}

// RecordPayout records money a coop paid to a coop or a person (rule
// RecordPayout) and books it: in the paying coop's books Dr COOP_PAYABLE or
// PERSON_PAYABLE / Cr BANK (PAYOUT), and for a coop payee in its books Dr
// BANK / Cr COOP_RECEIVABLE (PAYOUT_RECEIVED). A payout above what the
// paying coop owes the payee (on the project, when given) is a CONFLICT
// whose extensions carry "owed", unless Advance is set. Owed on a project is
// the project's part of the payable account, and never more than the whole
// account's balance.
func (s *Service) RecordPayout(ctx context.Context, in PayoutInput) (*ent.Payout, error) {
	o, err := s.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	payer, currency := 0, ""
	if in.ProjectID != nil {
		p, err := o.C.Project.Query().Where(project.ID(*in.ProjectID)).Only(o.Ctx)
		if err != nil {
			return nil, apperr.FieldNotFound(err, "projectID", "projectID: not found")
		}
		payer, currency = p.LeadCoopID, p.Currency
		if in.CoopID != nil && *in.CoopID != payer {
			return nil, apperr.InvalidField("coopID", "coopID: a project's payouts are paid by its lead coop")
		}
	} else {
		if in.CoopID == nil {
			return nil, apperr.InvalidField("coopID", "coopID: give the paying coop, or the project whose lead coop pays")
		}
		c, err := o.C.Coop.Query().Where(coop.ID(*in.CoopID)).Only(o.Ctx)
		if err != nil {
			return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
		}
		payer, currency = c.ID, in.Amount.Currency
	}
	if err := authz.CanRecordPayout(o.V, payer); err != nil {
		return nil, err
	}
	to, err := payeeOf(o, in.To)
	if err != nil {
		return nil, err
	}
	if to.coop == payer {
		return nil, apperr.InvalidField("to", "to: a coop does not pay itself")
	}
	if in.Kind != payout.KindSHARE && in.Kind != payout.KindPM_CHARGE {
		return nil, apperr.InvalidField("kind", "kind: recordPayout pays a SHARE or the PM_CHARGE; surplus parts and buy-in refunds are paid by their own operations")
	}
	if in.Kind == payout.KindPM_CHARGE && in.ProjectID == nil {
		return nil, apperr.InvalidField("projectID", "projectID: the PM charge is paid for a project")
	}
	if err := validAmount("amount", in.Amount, currency); err != nil {
		return nil, err
	}
	day := ledger.Day(in.PaidOn)
	if day.After(ledger.Day(o.Now)) {
		return nil, apperr.InvalidField("paidOn", "paidOn: a payout is recorded once paid, not on a future day")
	}
	if err := validReference(in.Reference); err != nil {
		return nil, err
	}
	books := []int{payer}
	if to.coop != 0 {
		books = append(books, to.coop)
	}
	if err := ledger.CheckOpen(o, day, books...); err != nil {
		return nil, err
	}
	owed, err := Owed(o, payer, to.payable(), currency, nil)
	if err != nil {
		return nil, err
	}
	if in.ProjectID != nil {
		// What is owed on the project, but never more than the account's
		// whole balance (a settlement offsets it outside any project).
		onProject, err := Owed(o, payer, to.payable(), currency, in.ProjectID)
		if err != nil {
			return nil, err
		}
		owed = min(owed, onProject)
	}
	if in.Amount.Cents > owed && in.Advance {
		// An advance is paid against a share the payee holds (or the PM
		// charge it is due): never into the books of a coop, or to a
		// person, that nothing on the project links to the payer.
		if err := advanceable(o, in, to); err != nil {
			return nil, err
		}
	}
	if in.Amount.Cents > owed && !in.Advance {
		shown := max(owed, 0)
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "amount",
			Message: fmt.Sprintf("amount: %s is more than the %s owed; set advance to pay it in advance",
				money.Format(in.Amount.Cents, currency), money.Format(shown, currency)),
			Extra: map[string]any{"owed": map[string]any{"amount": shown, "currency": currency}}}
	}
	ctxW := o.As(authz.RecordPayout)
	c := o.C.Payout.Create().SetCoopID(payer).SetNillableProjectID(in.ProjectID).SetKind(in.Kind).
		SetAmountCents(in.Amount.Cents).SetCurrency(currency).SetPaidOn(day).SetAdvance(in.Amount.Cents > owed).
		SetNillableReference(in.Reference).SetNillableRecordedByID(o.ActorID())
	if to.coop != 0 {
		c.SetToCoopID(to.coop)
	} else {
		c.SetToPersonID(to.person)
	}
	po, err := c.Save(ctxW)
	if err != nil {
		return nil, err
	}
	e := ledger.Entry{CoopID: payer, Kind: plan.Payout, BookedOn: day, Currency: currency,
		Description: fmt.Sprintf("Payout (%s)", in.Kind), PayoutID: &po.ID, ProjectID: in.ProjectID,
		Lines: []ledger.Line{
			ledger.Debit(to.payable(), in.Amount.Cents),
			ledger.Credit(ledger.Account{Code: plan.Bank}, in.Amount.Cents),
		}}
	if _, err := ledger.Post(o, authz.RecordPayout, e); err != nil {
		return nil, err
	}
	if to.coop != 0 {
		e := ledger.Entry{CoopID: to.coop, Kind: plan.PayoutReceived, BookedOn: day, Currency: currency,
			Description: fmt.Sprintf("Payout received (%s)", in.Kind), PayoutID: &po.ID, ProjectID: in.ProjectID,
			Lines: []ledger.Line{
				ledger.Debit(ledger.Account{Code: plan.Bank}, in.Amount.Cents),
				ledger.Credit(ledger.Account{Code: plan.CoopReceivable, CoopID: payer}, in.Amount.Cents),
			}}
		if _, err := ledger.Post(o, authz.RecordPayout, e); err != nil {
			return nil, err
		}
	}
	return po, nil
}

// Owed is what coop owes on its payable account acct (COOP_PAYABLE or
// PERSON_PAYABLE of a payee) in currency: credits - debits of the account,
// of the entries for projectID only when it is given. Negative when the
// coop paid in advance. Read past the viewer's filters (the caller decided
// the viewer may act for the coop).
func Owed(o *domainop.Op, coopID int, acct ledger.Account, currency string, projectID *int) (int64, error) {
	q := o.C.LedgerLine.Query().Where(ledgerline.CoopID(coopID),
		ledgerline.HasAccountWith(ledgeraccount.CoopID(coopID), ledgeraccount.Key(ledger.Key(acct, currency))))
	if projectID != nil {
		q.Where(ledgerline.HasEntryWith(ledgerentry.ProjectID(*projectID)))
	}
	lines, err := q.All(o.Sys)
	if err != nil {
		return 0, err
	}
	var owed int64
	for _, l := range lines {
		owed += l.CreditCents - l.DebitCents
	}
	return owed, nil
}

// advanceable is the rule for an advance (more than is owed): it needs the
// project, and the payee must hold a share of it (a SHARE advance) or be its
// PM person or PM coop (a PM_CHARGE advance).
func advanceable(o *domainop.Op, in PayoutInput, to payee) error {
	if in.ProjectID == nil {
		return apperr.InvalidField("projectID", "projectID: an advance is paid on a project, to one of its share holders or its PM")
	}
	p, err := o.C.Project.Query().Where(project.ID(*in.ProjectID)).Only(o.Sys)
	if err != nil {
		return err
	}
	if in.Kind == payout.KindPM_CHARGE {
		if (to.person != 0 && p.PmPersonID != nil && *p.PmPersonID == to.person) ||
			(to.coop != 0 && p.PmCoopID != nil && *p.PmCoopID == to.coop) {
			return nil
		}
		return apperr.InvalidField("to", "to: the PM charge is advanced only to the project's PM")
	}
	holds := budgetshare.ProjectID(p.ID)
	if to.coop != 0 {
		holds = budgetshare.And(holds, budgetshare.CoopID(to.coop))
	} else {
		holds = budgetshare.And(holds, budgetshare.PersonID(to.person))
	}
	n, err := o.C.BudgetShare.Query().Where(holds).Count(o.Sys)
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.InvalidField("to", "to: holds no share of the project; an advance is paid only against a share")
	}
	return nil
}
