package graph

import (
	"entgo.io/contrib/entgql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/coopmoney"
)

// coopMoney is the service of the coop's own money (issue 17; internal/coopmoney).
func (r *Resolver) coopMoney() *coopmoney.Service { return &coopmoney.Service{Env: r.env} }

// coopMoneyBylawsIn turns the coop money fields of a BylawsChangeInput
// (issue 17) into the change, noting the currency of the dues.
func coopMoneyBylawsIn(c *model.BylawsChangeInput, ch *bylaws.Change, currencies map[string]string) {
	if c.MonthlyDues != nil {
		ch.MonthlyDuesCents = &c.MonthlyDues.Cents
		currencies["monthlyDues"] = c.MonthlyDues.Currency
	}
	ch.OverheadLevyBasisPoints = c.OverheadLevyBasisPoints
	if c.SurplusBasis != nil {
		s := string(*c.SurplusBasis)
		ch.SurplusBasis = &s
	}
	if c.BooksClosedBy != nil {
		s := string(*c.BooksClosedBy)
		ch.BooksClosedBy = &s
	}
}

// newestDayFirst is a coop time list's order: as asked, or by day from the newest.
func newestDayFirst(o *ent.CoopTimeEntryOrder) *ent.CoopTimeEntryOrder {
	if o != nil {
		return o
	}
	return &ent.CoopTimeEntryOrder{Direction: entgql.OrderDirectionDesc, Field: ent.CoopTimeEntryOrderFieldDate}
}
