// Package coopmoney is the coop's own money the bylaws define (issue 17,
// items 6 to 8): periods of the books that stay closed (closeBooks, the
// CLOSE_BOOKS decision), and the bookings that go with them. The rule of a
// closed period itself is internal/ledger's CheckOpen; this package decides
// when a period closes.
package coopmoney

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
)

// Service carries out the coop money operations; each call runs in the
// request's transaction as its viewer (domainop.Env.Begin).
type Service struct{ Env domainop.Env }

// Period is a month or a calendar year of a coop's books: from Start to
// End, both days included (UTC midnight).
type Period struct{ Start, End time.Time }

// CheckPeriod validates a period to close: a whole calendar month or a
// whole calendar year (UTC) that has ended by now (BAD_USER_INPUT naming
// periodStart or periodEnd).
func CheckPeriod(start, end, now time.Time) (Period, error) {
	start, end = ledger.Day(start), ledger.Day(end)
	if start.Day() != 1 {
		return Period{}, apperr.InvalidField("periodStart", "a period starts on the first day of a month or a year")
	}
	monthEnd := start.AddDate(0, 1, -1)
	yearEnd := start.AddDate(1, 0, -1)
	switch {
	case end.Equal(monthEnd):
	case start.Month() == time.January && end.Equal(yearEnd):
	default:
		return Period{}, apperr.InvalidField("periodEnd", "a period is a whole month (%s to %s) or a whole year from 1 January",
			start.Format(time.DateOnly), monthEnd.Format(time.DateOnly))
	}
	if !ledger.Day(now).After(end) {
		return Period{}, apperr.InvalidField("periodEnd", "the period runs until %s: only a period that has ended is closed",
			end.Format(time.DateOnly))
	}
	return Period{Start: start, End: end}, nil
}

// NotClosed refuses a period that overlaps one of the coop's closed
// periods (CONFLICT naming it): a period is closed once. Call it under the
// coop's books lock (ledger.LockBooks).
func NotClosed(o *domainop.Op, coopID int, p Period) error {
	c, err := o.C.BooksClosure.Query().Where(booksclosure.CoopID(coopID),
		booksclosure.PeriodStartLTE(p.End), booksclosure.PeriodEndGTE(p.Start)).First(o.Sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return &apperr.Error{Code: apperr.Conflict, Field: "periodStart",
		Message: "the books of " + c.PeriodStart.Format(time.DateOnly) + " to " + c.PeriodEnd.Format(time.DateOnly) +
			" are already closed: a period overlapping it is not closed again",
		Extra: map[string]any{"periodStart": c.PeriodStart.Format(time.DateOnly), "periodEnd": c.PeriodEnd.Format(time.DateOnly)}}
}

// CloseBooks closes a month or a year of the coop's books on a member's
// word, when the bylaws say books are closed by a MEMBER (else FORBIDDEN:
// propose a CLOSE_BOOKS decision). The period must have ended and must not
// overlap a closed one (CONFLICT). From the close on, nothing dated in it is
// created, changed or moved into it (ledger.CheckOpen): the close holds the
// coop's books lock, so a time entry or booking racing it either committed
// before (and is in the period) or is refused.
func (svc *Service) CloseBooks(ctx context.Context, coopID int, start, end time.Time) (*ent.BooksClosure, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	c, err := o.C.Coop.Get(o.Ctx, coopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanCloseBooks(o.V, c.ID, c.BooksClosedBy != nil && *c.BooksClosedBy == coop.BooksClosedByMEMBER); err != nil {
		return nil, err
	}
	p, err := CheckPeriod(start, end, o.Now)
	if err != nil {
		return nil, err
	}
	cl, err := closePeriod(o, authz.CloseBooks, c.ID, p, booksclosure.ReasonBOOKS_CLOSED, nil)
	if err != nil {
		return nil, err
	}
	return o.C.BooksClosure.Get(o.Ctx, cl.ID)
}

// closePeriod records the closure under the coop's books lock, after
// checking no closed period overlaps it.
func closePeriod(o *domainop.Op, rule *authz.Rule, coopID int, p Period, reason booksclosure.Reason, proposalID *int) (*ent.BooksClosure, error) {
	if err := ledger.LockBooks(o, coopID); err != nil {
		return nil, err
	}
	if err := NotClosed(o, coopID, p); err != nil {
		return nil, err
	}
	return o.C.BooksClosure.Create().SetCoopID(coopID).SetPeriodStart(p.Start).SetPeriodEnd(p.End).
		SetReason(reason).SetClosedAt(o.Now).SetNillableClosedByID(o.ActorID()).SetNillableProposalID(proposalID).
		Save(o.As(rule))
}

// CheckCloseBooksProposal checks the period a CLOSE_BOOKS proposal would
// close (internal/governance opens it): a month or a year that has ended,
// not overlapping a closed period.
func CheckCloseBooksProposal(o *domainop.Op, coopID int, start, end time.Time) (Period, error) {
	p, err := CheckPeriod(start, end, o.Now)
	if err != nil {
		return Period{}, err
	}
	if err := ledger.LockBooks(o, coopID); err != nil {
		return Period{}, err
	}
	return p, NotClosed(o, coopID, p)
}

// ApplyCloseBooksDecision is the effect of a closed CLOSE_BOOKS proposal,
// in the transaction that closes it: when it passed, its period closes
// (reason BOOKS_CLOSED, naming the proposal). A decision that cannot take
// effect any more (a closed period overlaps it meanwhile) stands without
// effect; the returned note says why.
func ApplyCloseBooksDecision(o *domainop.Op, pr *ent.Proposal, passed bool) (string, error) {
	if !passed || pr.Kind != proposal.KindCLOSE_BOOKS || pr.BooksPeriodStart == nil || pr.BooksPeriodEnd == nil {
		return "", nil
	}
	p := Period{Start: ledger.Day(*pr.BooksPeriodStart), End: ledger.Day(*pr.BooksPeriodEnd)}
	_, err := closePeriod(o, authz.ApplyCloseBooksDecision, pr.CoopID, p, booksclosure.ReasonBOOKS_CLOSED, &pr.ID)
	if apperr.CodeOf(err) == apperr.Conflict {
		return "no effect: " + err.Error(), nil
	}
	return "", err
}
