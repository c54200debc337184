package budgets

import (
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/events"
)

// Live updates of a project's budget (projectBudgetChanged): published with
// the operation's transaction, delivered after it commits.

// Changes of a project's budget as projectBudgetChanged names them.
const (
	ShareAdded   = "SHARE_ADDED"
	ShareChanged = "SHARE_CHANGED"
	TotalChanged = "TOTAL_CHANGED"
	TimeRecorded = "TIME_RECORDED"
	// PMChargeChanged: the PM charge percent changed (a change of both total
	// and PM charge announces both).
	PMChargeChanged = "PM_CHARGE_CHANGED"
)

var changeOfKind = map[budgetchange.Kind]string{
	budgetchange.KindSHARE_CREATED:     ShareAdded,
	budgetchange.KindSHARE_RESIZED:     ShareChanged,
	budgetchange.KindTOTAL_CHANGED:     TotalChanged,
	budgetchange.KindPM_CHARGE_CHANGED: PMChargeChanged,
}

// budgetChanged announces a change of the project's budget; shareID is the
// share concerned (0: the project's total).
func budgetChanged(o *domainop.Op, projectID, shareID int, change string) {
	o.Publish(events.Event{Topic: events.Topic{Kind: events.ProjectBudget, ID: projectID}, Object: shareID, Change: change})
}

// proposalsClosed announces proposals that ended without a vote count
// (withdrawn); the governance package announces the others.
func proposalsClosed(o *domainop.Op, coopIDs map[int]int) {
	for proposalID, coopID := range coopIDs {
		o.Publish(events.Event{Topic: events.Topic{Kind: events.Proposals, ID: coopID}, Object: proposalID, Change: "CLOSED"})
	}
}
