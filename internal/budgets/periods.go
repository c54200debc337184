package budgets

import (
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
)

// entryPeriodOpen is the closed-period rule of a time entry (issue 17,
// item 8), after validEntry: a new or moved day (moved) lies not before the
// share existed (the day it was created; an entry kept on its day stays
// editable, also one older than the rule), and none of days (the entry's old and new day)
// lies in a period whose books the lead coop or the coop holding the share
// has closed (ledger.CheckOpen: CONFLICT naming the period) or whose
// surplus the holding coop distributed (yearOpen: BAD_USER_INPUT date, as
// before). The books of both coops are locked first, in ascending order,
// so a close racing the entry waits for it or is waited for.
func entryPeriodOpen(o *domainop.Op, p *ent.Project, s *ent.BudgetShare, day time.Time, moved bool, days ...time.Time) error {
	if created := ledger.Day(s.CreatedAt); moved && ledger.Day(day).Before(created) {
		return apperr.InvalidField("date", "the share was created on %s; %s lies before it",
			created.Format(time.DateOnly), ledger.Day(day).Format(time.DateOnly))
	}
	coops := []int{p.LeadCoopID}
	if s.CoopID != nil {
		coops = append(coops, *s.CoopID)
	}
	if err := ledger.LockBooks(o, coops...); err != nil {
		return err
	}
	if err := yearOpen(o, s, days...); err != nil {
		return err
	}
	for _, d := range days {
		if err := ledger.CheckOpen(o, d, coops...); err != nil {
			return err
		}
	}
	return nil
}
