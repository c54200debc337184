package settlement

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/settlement"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Service carries out the settlement operations. Each call runs in the
// request's transaction as its viewer.
type Service struct{ Env domainop.Env }

func notFound(field string) error {
	return &apperr.Error{Code: apperr.NotFound, Field: field, Message: field + ": not found"}
}

// VisiblePlan is Network.settlementPlan for the viewer: a participant of
// the network sees the pairs one of their coops (MEMBER or PAUSED) is in; an
// admin of the network sees every pair. Others get NOT_FOUND.
func VisiblePlan(ctx context.Context, c *ent.Client, networkID int, upTo time.Time) ([]*Line, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() || !v.InNetwork(networkID) {
		return nil, notFound("networkID")
	}
	lines, err := Plan(authz.SystemRead(ctx), c, networkID, upTo)
	if err != nil {
		return nil, err
	}
	if v.IsAdmin(networkID) {
		return lines, nil
	}
	return slices.DeleteFunc(lines, func(l *Line) bool { return !v.IsMember(l.PayerID) && !v.IsMember(l.PayeeID) }), nil
}

// pairLine is the netted line of coops a and b in currency up to upTo (a
// zero line when nothing is owed), read past the viewer's filters.
func pairLine(o *domainop.Op, a, b int, currency string, upTo time.Time) (*Line, error) {
	owed, err := Owed(o.Sys, o.C, []int{a, b}, upTo)
	if err != nil {
		return nil, err
	}
	for _, l := range Net(owed) {
		if l.Currency == currency {
			return l, nil
		}
	}
	return &Line{PayerID: min(a, b), PayeeID: max(a, b), Currency: currency}, nil
}

// Propose (rule ProposeSettlement) proposes to settle what the viewer's coop
// and otherCoopID owe each other up to upTo in currency (default: the
// viewer's coop's). coopID names the viewer's side when they are a current
// member of several coops of the network.
func (svc *Service) Propose(ctx context.Context, networkID, otherCoopID int, coopID *int, upTo time.Time, currency *string) (*ent.Settlement, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if !o.V.InNetwork(networkID) {
		return nil, notFound("networkID")
	}
	if ok, err := o.C.Network.Query().Where(network.ID(networkID)).Exist(o.Ctx); err != nil {
		return nil, err
	} else if !ok {
		return nil, notFound("networkID")
	}
	coops, err := NetworkCoops(o.Sys, o.C, networkID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(coops, otherCoopID) {
		return nil, notFound("otherCoopID")
	}
	var mine []int
	for _, c := range coops {
		if o.V.IsActiveMember(c) && c != otherCoopID && (coopID == nil || *coopID == c) {
			mine = append(mine, c)
		}
	}
	switch {
	case coopID != nil && len(mine) == 0:
		if !slices.Contains(coops, *coopID) {
			return nil, notFound("coopID")
		}
		if *coopID == otherCoopID {
			return nil, apperr.InvalidField("coopID", "coopID: a coop does not settle with itself")
		}
		return nil, authz.CanProposeSettlement(o.V, *coopID)
	case len(mine) == 0 && o.V.IsActiveMember(otherCoopID):
		return nil, apperr.InvalidField("otherCoopID", "otherCoopID: that is your own coop; name the coop you settle with")
	case len(mine) == 0:
		return nil, domainop.Forbidden("only a current member of a coop of the network proposes a settlement with another of its coops")
	case len(mine) > 1:
		return nil, apperr.InvalidField("coopID", "coopID: you are a member of several coops of the network; name the one you propose for")
	}
	own := mine[0]
	if err := authz.CanProposeSettlement(o.V, own); err != nil {
		return nil, err
	}
	upTo = ledger.Day(upTo)
	if upTo.After(ledger.Day(o.Now)) {
		return nil, apperr.InvalidField("upTo", "upTo: settle up to today at the latest")
	}
	cur, err := o.C.Coop.Query().Where(coop.ID(own)).Select(coop.FieldCurrency).String(o.Sys)
	if err != nil {
		return nil, err
	}
	if currency != nil {
		if err := (money.Money{Currency: *currency}).Validate(); err != nil {
			return nil, apperr.InvalidField("currency", "currency: %v", err)
		}
		cur = *currency
	}
	if err := ledger.LockBooks(o, own, otherCoopID); err != nil {
		return nil, err
	}
	if err := noOpenSettlement(o, own, otherCoopID, cur); err != nil {
		return nil, err
	}
	l, err := pairLine(o, own, otherCoopID, cur, upTo)
	if err != nil {
		return nil, err
	}
	if l.PayerOwed == 0 && l.PayeeOwed == 0 {
		return nil, apperr.InvalidField("otherCoopID", "otherCoopID: the two coops owe each other nothing in %s up to %s", cur, upTo.Format(time.DateOnly))
	}
	return o.C.Settlement.Create().SetNetworkID(networkID).SetPayerCoopID(l.PayerID).SetPayeeCoopID(l.PayeeID).
		SetUpTo(upTo).SetCurrency(cur).SetPayerOwedCents(l.PayerOwed).SetPayeeOwedCents(l.PayeeOwed).
		SetNetCents(l.Net).SetNillableProposedByID(o.ActorID()).SetProposedByCoopID(own).
		Save(o.As(authz.ProposeSettlement))
}

func noOpenSettlement(o *domainop.Op, a, b int, currency string) error {
	open, err := o.C.Settlement.Query().Where(
		settlement.Or(settlement.And(settlement.PayerCoopID(a), settlement.PayeeCoopID(b)),
			settlement.And(settlement.PayerCoopID(b), settlement.PayeeCoopID(a))),
		settlement.Currency(currency),
		settlement.StatusIn(settlement.StatusPROPOSED, settlement.StatusCONFIRMED)).First(o.Sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return apperr.New(apperr.Conflict, "the two coops have an open settlement (%s, up to %s); confirm, reject or pay it first",
		open.Status, open.UpTo.Format(time.DateOnly))
}

// load reads the settlement as the viewer (NOT_FOUND unless one of its
// coops' members), locks both coops' books and the row, and reads it again.
func load(o *domainop.Op, id int) (*ent.Settlement, error) {
	s, err := o.C.Settlement.Query().Where(settlement.ID(id)).Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "id", "id: not found")
	}
	if err := ledger.LockBooks(o, s.PayerCoopID, s.PayeeCoopID); err != nil {
		return nil, err
	}
	return o.C.Settlement.Query().Where(settlement.ID(id)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
}

func wrongStatus(s *ent.Settlement, want settlement.Status) error {
	return apperr.New(apperr.Conflict, "the settlement is %s, not %s", s.Status, want)
}

// Confirm (rule ConfirmSettlement): the other side agrees; the amounts are
// recomputed (CONFLICT if either book moved since the proposal) and the
// offset is booked in both books today.
func (svc *Service) Confirm(ctx context.Context, id int) (*ent.Settlement, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	s, err := load(o, id)
	if err != nil {
		return nil, err
	}
	if err := authz.CanAnswerSettlement(o.V, s.ProposedByCoopID, s.PayerCoopID, s.PayeeCoopID); err != nil {
		return nil, err
	}
	if s.Status != settlement.StatusPROPOSED {
		return nil, wrongStatus(s, settlement.StatusPROPOSED)
	}
	l, err := pairLine(o, s.PayerCoopID, s.PayeeCoopID, s.Currency, s.UpTo)
	if err != nil {
		return nil, err
	}
	if l.PayerID != s.PayerCoopID || l.PayerOwed != s.PayerOwedCents || l.PayeeOwed != s.PayeeOwedCents {
		return nil, &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf(
			"the books moved since the proposal: the payer now owes %s and the payee %s (proposed %s and %s); reject it and propose again",
			money.Format(l.PayerOwed, s.Currency), money.Format(l.PayeeOwed, s.Currency),
			money.Format(s.PayerOwedCents, s.Currency), money.Format(s.PayeeOwedCents, s.Currency))}
	}
	today := ledger.Day(o.Now)
	if m := s.PayeeOwedCents; m > 0 {
		for _, side := range [][2]int{{s.PayerCoopID, s.PayeeCoopID}, {s.PayeeCoopID, s.PayerCoopID}} {
			if _, err := ledger.Post(o, authz.ConfirmSettlement, ledger.Entry{
				CoopID: side[0], Kind: plan.Settlement, BookedOn: today, Currency: s.Currency,
				Description:  fmt.Sprintf("Settlement %d up to %s: mutual debts offset", s.ID, s.UpTo.Format(time.DateOnly)),
				SettlementID: &s.ID,
				Lines: []ledger.Line{
					ledger.Debit(ledger.Account{Code: plan.CoopPayable, CoopID: side[1]}, m),
					ledger.Credit(ledger.Account{Code: plan.CoopReceivable, CoopID: side[1]}, m),
				},
			}); err != nil {
				return nil, err
			}
		}
	}
	u := o.C.Settlement.UpdateOneID(s.ID).SetStatus(settlement.StatusCONFIRMED).
		SetNillableConfirmedByID(o.ActorID()).SetConfirmedAt(o.Now)
	if s.NetCents == 0 {
		u.SetStatus(settlement.StatusPAID).SetPaidOn(today)
	}
	return u.Save(o.As(authz.ConfirmSettlement))
}

// Reject (rule RejectSettlement): either side turns down (or withdraws) a
// proposal; nothing is booked.
func (svc *Service) Reject(ctx context.Context, id int) (*ent.Settlement, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	s, err := load(o, id)
	if err != nil {
		return nil, err
	}
	if err := authz.CanRejectSettlement(o.V, s.PayerCoopID, s.PayeeCoopID); err != nil {
		return nil, err
	}
	if s.Status != settlement.StatusPROPOSED {
		return nil, wrongStatus(s, settlement.StatusPROPOSED)
	}
	return o.C.Settlement.UpdateOneID(s.ID).SetStatus(settlement.StatusREJECTED).Save(o.As(authz.RejectSettlement))
}

// RecordPayment (rule RecordSettlementPayment): the payer paid the net
// amount on paidOn (an open period of both coops, not in the future, not
// before the settlement's day); booked in both books.
func (svc *Service) RecordPayment(ctx context.Context, id int, paidOn time.Time) (*ent.Settlement, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	s, err := load(o, id)
	if err != nil {
		return nil, err
	}
	if err := authz.CanPaySettlement(o.V, s.PayerCoopID); err != nil {
		return nil, err
	}
	if s.Status != settlement.StatusCONFIRMED {
		return nil, wrongStatus(s, settlement.StatusCONFIRMED)
	}
	paidOn = ledger.Day(paidOn)
	if paidOn.After(ledger.Day(o.Now)) || paidOn.Before(s.UpTo) {
		return nil, apperr.InvalidField("paidOn", "paidOn: a day from %s to today", s.UpTo.Format(time.DateOnly))
	}
	desc := fmt.Sprintf("Settlement %d up to %s paid", s.ID, s.UpTo.Format(time.DateOnly))
	for _, e := range []ledger.Entry{
		{CoopID: s.PayerCoopID, Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.CoopPayable, CoopID: s.PayeeCoopID}, s.NetCents),
			ledger.Credit(ledger.Account{Code: plan.Bank}, s.NetCents)}},
		{CoopID: s.PayeeCoopID, Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.Bank}, s.NetCents),
			ledger.Credit(ledger.Account{Code: plan.CoopReceivable, CoopID: s.PayerCoopID}, s.NetCents)}},
	} {
		e.Kind, e.BookedOn, e.Currency, e.Description, e.SettlementID = plan.Settlement, paidOn, s.Currency, desc, &s.ID
		if _, err := ledger.Post(o, authz.RecordSettlementPayment, e); err != nil {
			return nil, err
		}
	}
	return o.C.Settlement.UpdateOneID(s.ID).SetStatus(settlement.StatusPAID).SetPaidOn(paidOn).
		Save(o.As(authz.RecordSettlementPayment))
}
