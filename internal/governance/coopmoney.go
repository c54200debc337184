package governance

// Decisions about the coop's own money (issue 17; internal/coopmoney):
// closing a period of the books by decision (CLOSE_BOOKS).

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/coopmoney"
)

// CloseBooksDecision is the closing of a month or a year of a coop's books
// put to its members.
type CloseBooksDecision struct {
	CoopID                 int
	PeriodStart, PeriodEnd time.Time
	Title, Body            string
	ClosesAt               time.Time
}

// ProposeCloseBooks opens a CLOSE_BOOKS proposal naming the period (a month
// or a year that has ended, overlapping no closed period), decided by the
// bylaws' rule for CLOSE_BOOKS; the period closes when it passes.
func (svc *Service) ProposeCloseBooks(ctx context.Context, in CloseBooksDecision) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	c, err := o.C.Coop.Get(o.Ctx, in.CoopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanProposeCloseBooks(o.V, c.ID); err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	p, err := coopmoney.CheckCloseBooksProposal(o.Op, c.ID, in.PeriodStart, in.PeriodEnd)
	if err != nil {
		return nil, err
	}
	if in.Title == "" {
		in.Title = fmt.Sprintf("Close the books of %s to %s", p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly))
	}
	return o.open(authz.ProposeCloseBooks, c, NewProposal{CoopID: c.ID, Kind: proposal.KindCLOSE_BOOKS,
		Title: in.Title, Body: in.Body, ClosesAt: in.ClosesAt, BooksPeriod: &p}, nil)
}

// applyCoopMoneyDecision is the effect of a closed CLOSE_BOOKS proposal; a
// passed decision that can no longer take effect says why in the outcome.
func (o *op) applyCoopMoneyDecision(p *ent.Proposal, passed bool, reason *string) error {
	if p.Kind == proposal.KindBUY_IN_WAIVER {
		return o.applyBuyInWaiver(p, passed, reason) // dues.go
	}
	if p.Kind != proposal.KindCLOSE_BOOKS {
		return nil
	}
	note, err := coopmoney.ApplyCloseBooksDecision(o.Op, p, passed)
	if note != "" {
		*reason += "; " + note
	}
	return err
}

// coopMoneyBylaws adds the coop money fields of c's bylaws (issue 17) to a
// whole version.
func coopMoneyBylaws(c *ent.Coop, ch *bylaws.Change) {
	ch.MonthlyDuesCents, ch.OverheadLevyBasisPoints = c.MonthlyDuesCents, c.OverheadLevyBasisPoints
	if c.SurplusBasis != nil {
		s := string(*c.SurplusBasis)
		ch.SurplusBasis = &s
	}
	if c.BooksClosedBy != nil {
		s := string(*c.BooksClosedBy)
		ch.BooksClosedBy = &s
	}
}

// setCoopMoneyBylaws writes the coop money fields a passed BYLAWS decision
// changes.
func setCoopMoneyBylaws(u *ent.CoopUpdateOne, ch bylaws.Change) {
	u.SetNillableMonthlyDuesCents(ch.MonthlyDuesCents).SetNillableOverheadLevyBasisPoints(ch.OverheadLevyBasisPoints)
	if ch.SurplusBasis != nil {
		u.SetSurplusBasis(coop.SurplusBasis(*ch.SurplusBasis))
	}
	if ch.BooksClosedBy != nil {
		u.SetBooksClosedBy(coop.BooksClosedBy(*ch.BooksClosedBy))
	}
}
