package budgets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/cooptimeentry"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/surplusdistribution"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// SurplusPlan is how a coop's surplus of a fiscal year splits: the
// distributed part goes to the persons who were MEMBERs during the year, in
// proportion to the minutes they worked for the coop while MEMBER
// (largest-remainder rounding, exact to the cent); the rest is retained.
// Those who left before the distribution keep their part unless the bylaws
// say otherwise (surplusIncludesFormerMembers).
type SurplusPlan struct {
	Coop                            *ent.Coop
	FiscalYear                      int
	Currency                        string
	SurplusCents                    int64
	DistributedPercent              int
	DistributedCents, RetainedCents int64
	Parts                           []*SurplusPlanPart
}

// SurplusPlanPart is one member's part and its basis: the minutes worked
// for the coop in the year on days the person was a MEMBER.
type SurplusPlanPart struct {
	Person      *ent.Person
	Minutes     int64
	AmountCents int64
	Currency    string
}

// Surplus is the year's surplus.
func (p *SurplusPlan) Surplus() money.Money {
	return money.Money{Cents: p.SurplusCents, Currency: p.Currency}
}

// Distributed is the part paid out to members.
func (p *SurplusPlan) Distributed() money.Money {
	return money.Money{Cents: p.DistributedCents, Currency: p.Currency}
}

// Retained is the part the coop keeps.
func (p *SurplusPlan) Retained() money.Money {
	return money.Money{Cents: p.RetainedCents, Currency: p.Currency}
}

// Amount is the member's part.
func (p *SurplusPlanPart) Amount() money.Money {
	return money.Money{Cents: p.AmountCents, Currency: p.Currency}
}

// SurplusTerms is a distribution put to a decision: the fiscal year, its
// surplus and the percent distributed. Frozen on the SURPLUS proposal when
// it opens.
type SurplusTerms struct {
	FiscalYear         int
	Surplus            money.Money
	DistributedPercent int
	// OverrideReason is why the amount was typed in rather than taken from
	// the books (issue 17); nil when it is the books' result.
	OverrideReason *string
}

// Set writes the terms onto a SURPLUS proposal being opened (nil: none).
func (t *SurplusTerms) Set(c *ent.ProposalCreate) {
	if t == nil {
		return
	}
	c.SetFiscalYear(t.FiscalYear).SetSurplusCents(t.Surplus.Cents).SetSurplusCurrency(t.Surplus.Currency).
		SetDistributedPercent(t.DistributedPercent).SetNillableSurplusOverrideReason(t.OverrideReason)
}

// surplusTerms validates a distribution's input against the coop; percent
// defaults to the bylaws' surplus share.
func surplusTerms(c *ent.Coop, year int, surplus money.Money, percent *int) (SurplusTerms, error) {
	if surplus.Currency != c.Currency {
		return SurplusTerms{}, apperr.InvalidField("surplus", "the coop keeps its books in %s, not %s", c.Currency, surplus.Currency)
	}
	if year < 1900 || year > 9999 {
		return SurplusTerms{}, apperr.InvalidField("fiscalYear", "must be a year such as 2026")
	}
	if surplus.Cents < 0 {
		return SurplusTerms{}, apperr.InvalidField("surplus", "a loss is not distributed")
	}
	if c.SurplusSharePercent == nil {
		return SurplusTerms{}, errors.New("budgets: the coop's bylaws were read without its surplus share")
	}
	pct := *c.SurplusSharePercent
	if percent != nil {
		pct = *percent
	}
	if money.ValidatePercent(pct) != nil {
		return SurplusTerms{}, apperr.InvalidField("distributedPercent", "must be between 0 and 100")
	}
	return SurplusTerms{FiscalYear: year, Surplus: surplus, DistributedPercent: pct}, nil
}

// fiscalYear is the calendar year in UTC (the days time entries are dated on).
func fiscalYear(year int) (from, to time.Time) {
	from = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(1, 0, 0)
}

// PlanSurplus computes a distribution without recording it (a preview; a
// distribution is recorded only by a passed SURPLUS decision). percent
// defaults to the bylaws' surplus share. Members of the coop only.
func (svc *Service) PlanSurplus(ctx context.Context, c *ent.Client, coopID, year int, surplus money.Money, percent *int) (*SurplusPlan, error) {
	co, err := c.Coop.Get(ctx, coopID)
	if err != nil {
		return nil, err
	}
	if !viewer.FromContext(ctx).IsMember(coopID) {
		return nil, domainop.Forbidden("only members of the coop see its surplus")
	}
	terms, err := surplusTerms(co, year, surplus, percent)
	if err != nil {
		return nil, err
	}
	plan, err := planSurplus(authz.SystemRead(ctx), c, co, terms)
	if err != nil {
		return nil, noBasis(err, year)
	}
	// Persons are read with the viewer's rights (private fields stay
	// private); fellow members read everyone who was ever a member of
	// their coop.
	ids := make([]int, len(plan.Parts))
	for i, p := range plan.Parts {
		ids[i] = p.Person.ID
	}
	persons, err := c.Person.Query().Where(person.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int]*ent.Person{}
	for _, p := range persons {
		byID[p.ID] = p
	}
	for _, part := range plan.Parts {
		if part.Person = byID[part.Person.ID]; part.Person == nil {
			return nil, errors.New("budgets: a member of the coop is not readable by a fellow member")
		}
	}
	return plan, nil
}

func noBasis(err error, year int) error {
	if errors.Is(err, money.ErrNoBasis) {
		return apperr.InvalidField("fiscalYear", "no member worked for the coop in %d: there is no basis to distribute on", year)
	}
	return err
}

// planSurplus splits terms.Surplus by the minutes each person worked for
// the coop during the fiscal year while a MEMBER (PathwayEvent history);
// persons who are no longer MEMBER or PAUSED count only when the bylaws
// include former members. Parts are ordered by person; Person carries only
// the ID. sys reads past the viewer's filters.
func planSurplus(sys context.Context, c *ent.Client, co *ent.Coop, terms SurplusTerms) (*SurplusPlan, error) {
	from, to := fiscalYear(terms.FiscalYear)
	memberships, err := c.Membership.Query().Where(membership.CoopID(co.ID)).
		Order(ent.Asc(membership.FieldPersonID)).All(sys)
	if err != nil {
		return nil, err
	}
	evs, err := c.PathwayEvent.Query().Where(pathwayevent.HasMembershipWith(membership.CoopID(co.ID))).
		Order(ent.Asc(pathwayevent.FieldAt), ent.Asc(pathwayevent.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	history := map[int][]*ent.PathwayEvent{}
	for _, e := range evs {
		history[e.MembershipID] = append(history[e.MembershipID], e)
	}
	includeFormer := co.SurplusIncludesFormerMembers == nil || *co.SurplusIncludesFormerMembers
	var eligible []*ent.Membership
	periods := map[int][]period{} // by person
	for _, m := range memberships {
		current := m.State == membership.StateMEMBER || m.State == membership.StatePAUSED
		if !current && !includeFormer {
			continue
		}
		var during []period
		for _, p := range memberPeriods(m, history[m.ID]) {
			if p.overlaps(from, to) {
				during = append(during, p)
			}
		}
		if len(during) > 0 {
			eligible = append(eligible, m)
			periods[m.PersonID] = during
		}
	}
	entries, err := c.TimeEntry.Query().Where(
		timeentry.DateGTE(from), timeentry.DateLT(to),
		timeentry.HasShareWith(budgetshare.CoopID(co.ID)),
	).Select(timeentry.FieldPersonID, timeentry.FieldDate, timeentry.FieldMinutes).All(sys)
	if err != nil {
		return nil, err
	}
	worked := map[int]int64{}
	count := func(personID int, date time.Time, minutes int) {
		day := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
		for _, p := range periods[personID] {
			if p.overlaps(day, day.AddDate(0, 0, 1)) {
				worked[personID] += int64(minutes)
				break
			}
		}
	}
	for _, e := range entries {
		count(e.PersonID, e.Date, e.Minutes)
	}
	// Bylaws counting all work (issue 17): non-billable coop time too.
	if co.SurplusBasis != nil && *co.SurplusBasis == coop.SurplusBasisALL_WORK {
		coopTime, err := c.CoopTimeEntry.Query().Where(cooptimeentry.CoopID(co.ID), cooptimeentry.DateGTE(from),
			cooptimeentry.DateLT(to)).All(sys)
		if err != nil {
			return nil, err
		}
		for _, e := range coopTime {
			count(e.PersonID, e.Date, e.Minutes)
		}
	}
	basis := make([]int64, len(eligible))
	for i, m := range eligible {
		basis[i] = worked[m.PersonID]
	}
	parts, distributed, retained, err := money.Distribute(terms.Surplus.Cents, terms.DistributedPercent, basis)
	if err != nil {
		return nil, err
	}
	cur := terms.Surplus.Currency
	plan := &SurplusPlan{Coop: co, FiscalYear: terms.FiscalYear, Currency: cur, SurplusCents: terms.Surplus.Cents,
		DistributedPercent: terms.DistributedPercent, DistributedCents: distributed, RetainedCents: retained}
	for i, m := range eligible {
		plan.Parts = append(plan.Parts, &SurplusPlanPart{Person: &ent.Person{ID: m.PersonID}, Minutes: basis[i], AmountCents: parts[i], Currency: cur})
	}
	return plan, nil
}

// period is a span of time [from, to); a zero to is open-ended.
type period struct{ from, to time.Time }

func (p period) overlaps(from, to time.Time) bool {
	return p.from.Before(to) && (p.to.IsZero() || p.to.After(from))
}

// memberPeriods are the spans in which a membership was MEMBER, read from
// its pathway history: each event starts the state it moves to; before the
// first event the membership was in that event's from state since it
// joined; a membership without history has been in its current state since
// stateSince.
func memberPeriods(m *ent.Membership, evs []*ent.PathwayEvent) []period {
	if len(evs) == 0 {
		if m.State == membership.StateMEMBER {
			return []period{{from: m.StateSince}}
		}
		return nil
	}
	var out []period
	if first := evs[0]; first.FromState != nil && *first.FromState == pathwayevent.FromStateMEMBER {
		out = append(out, period{from: m.JoinedAt, to: first.At})
	}
	for i, e := range evs {
		if e.ToState != pathwayevent.ToStateMEMBER {
			continue
		}
		p := period{from: e.At}
		if i+1 < len(evs) {
			p.to = evs[i+1].At
		}
		out = append(out, p)
	}
	return out
}

// CheckSurplusProposal checks a distribution proposed for decision in coop
// c (read by the proposer, a member) and returns the terms to freeze on the
// SURPLUS proposal. The surplus is the year's result in the coop's books
// (BooksResult) unless an amount is given with the reason for overriding
// it (surplusbooks.go). The fiscal year must have ended, nothing may be
// distributed for it yet nor another SURPLUS proposal for it be open
// (CONFLICT), and someone must have worked for the coop as a MEMBER that
// year. The caller (internal/governance) checks who may propose and opens
// the proposal.
func CheckSurplusProposal(o *domainop.Op, c *ent.Coop, year int, override *money.Money, percent *int, overrideReason *string) (SurplusTerms, error) {
	if year < 1900 || year > 9999 {
		return SurplusTerms{}, apperr.InvalidField("fiscalYear", "must be a year such as 2026")
	}
	if _, end := fiscalYear(year); o.Now.Before(end) {
		return SurplusTerms{}, apperr.InvalidField("fiscalYear",
			"the fiscal year %d ends on 31 December %d: its surplus is distributed once it has ended", year, year)
	}
	surplus, reason, err := surplusAmount(o, c, year, override, overrideReason)
	if err != nil {
		return SurplusTerms{}, err
	}
	terms, err := surplusTerms(c, year, surplus, percent)
	if err != nil {
		return SurplusTerms{}, err
	}
	terms.OverrideReason = reason
	// One proposal or distribution per coop and year at a time: opening and
	// applying hold the coop's row (the partial unique index
	// proposals_open_surplus_per_year backs it).
	if err := lockCoop(o, c.ID); err != nil {
		return SurplusTerms{}, err
	}
	if err := notDistributed(o, c.ID, year); err != nil {
		return SurplusTerms{}, err
	}
	open, err := o.C.Proposal.Query().Where(proposal.CoopID(c.ID), proposal.FiscalYear(year),
		proposal.StatusEQ(proposal.StatusOPEN)).Exist(o.Sys)
	if err != nil {
		return SurplusTerms{}, err
	}
	if open {
		return SurplusTerms{}, conflictOn("fiscalYear", "a SURPLUS proposal for %d is already open", year)
	}
	if _, err := planSurplus(o.Sys, o.C, c, terms); err != nil {
		return SurplusTerms{}, noBasis(err, year)
	}
	return terms, nil
}

// yearOpen refuses time on a coop's share dated in a fiscal year whose
// surplus the coop has distributed (BAD_USER_INPUT date): the distribution
// is final, and so is the basis it was split on, the minutes its members
// worked that year. Only a year that has ended is distributed, so only
// days before this year are looked up, under the coop's row lock, which
// applying a distribution holds too (ApplySurplusDecision): an entry and a
// distribution of its year never miss each other. Time on a freelancer's
// share is no coop's patronage and stays open.
func yearOpen(o *domainop.Op, s *ent.BudgetShare, days ...time.Time) error {
	if s.CoopID == nil {
		return nil
	}
	thisYear := o.Now.UTC().Year()
	var years []int
	for _, d := range days {
		if y := d.UTC().Year(); y < thisYear && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		return nil
	}
	if err := lockCoop(o, *s.CoopID); err != nil {
		return err
	}
	for _, y := range years {
		if err := notDistributed(o, *s.CoopID, y); err != nil {
			if apperr.CodeOf(err) == apperr.Conflict {
				return apperr.InvalidField("date", "the surplus of %d is distributed: time on the coop's share is closed for that year", y)
			}
			return err
		}
	}
	return nil
}

func lockCoop(o *domainop.Op, coopID int) error {
	_, err := o.C.Coop.Query().Where(coop.ID(coopID)).Unique(false).Modify(domainop.LockRows).OnlyID(o.Sys)
	return err
}

func notDistributed(o *domainop.Op, coopID, year int) error {
	done, err := o.C.SurplusDistribution.Query().Where(surplusdistribution.CoopID(coopID),
		surplusdistribution.FiscalYear(year)).Exist(o.Sys)
	if err != nil {
		return err
	}
	if done {
		return conflictOn("fiscalYear", "the surplus of %d is already distributed; a distribution is final", year)
	}
	return nil
}

func conflictOn(field, format string, args ...any) error {
	return &apperr.Error{Code: apperr.Conflict, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ApplySurplusDecision is the effect of a closed SURPLUS proposal, in the
// closing transaction (internal/governance CloseProposal): when it passed,
// the year's distribution and its parts are recorded under
// ApplySurplusDecision, with the proposal's frozen terms and the minutes as
// they stand now. A decision that cannot take effect (the year was
// distributed meanwhile, or nobody worked as a MEMBER that year any more)
// stands without effect; the returned note says why.
func ApplySurplusDecision(o *domainop.Op, p *ent.Proposal, passed bool) (string, error) {
	if !passed || p.Kind != proposal.KindSURPLUS || p.FiscalYear == nil || p.SurplusCents == nil ||
		p.SurplusCurrency == nil || p.DistributedPercent == nil {
		return "", nil
	}
	year := *p.FiscalYear
	if err := lockCoop(o, p.CoopID); err != nil {
		return "", err
	}
	if err := notDistributed(o, p.CoopID, year); err != nil {
		if apperr.CodeOf(err) == apperr.Conflict {
			return fmt.Sprintf("no effect: the surplus of %d was distributed meanwhile", year), nil
		}
		return "", err
	}
	co, err := o.C.Coop.Get(o.Sys, p.CoopID)
	if err != nil {
		return "", err
	}
	terms := SurplusTerms{FiscalYear: year, Surplus: money.Money{Cents: *p.SurplusCents, Currency: *p.SurplusCurrency},
		DistributedPercent: *p.DistributedPercent}
	plan, err := planSurplus(o.Sys, o.C, co, terms)
	if errors.Is(err, money.ErrNoBasis) {
		return fmt.Sprintf("no effect: nobody worked for the coop as a MEMBER in %d", year), nil
	}
	if err != nil {
		return "", err
	}
	books, err := yearBalances(o, co.ID, year, plan.Currency) // surplusbooks.go
	if err != nil {
		return "", err
	}
	source := surplusdistribution.SourceBOOKS
	if p.SurplusOverrideReason != nil {
		source = surplusdistribution.SourceOVERRIDE
	}
	w := o.As(authz.ApplySurplusDecision)
	d, err := o.C.SurplusDistribution.Create().
		SetCoopID(p.CoopID).SetFiscalYear(year).SetSurplusCents(plan.SurplusCents).
		SetDistributedPercent(plan.DistributedPercent).SetDistributedCents(plan.DistributedCents).
		SetRetainedCents(plan.RetainedCents).SetCurrency(plan.Currency).
		SetSource(source).SetNillableOverrideReason(p.SurplusOverrideReason).SetBooksResultCents(books.result).
		SetRecordedAt(o.Now).SetNillableRecordedByID(p.AuthorID).SetProposalID(p.ID).Save(w)
	if err != nil {
		return "", err
	}
	if err := bookSurplus(o, p, d, plan, books); err != nil { // surplusbooks.go
		return "", err
	}
	bulk := make([]*ent.SurplusPartCreate, 0, len(plan.Parts))
	for _, part := range plan.Parts {
		bulk = append(bulk, o.C.SurplusPart.Create().SetDistributionID(d.ID).SetPersonID(part.Person.ID).
			SetMinutes(part.Minutes).SetAmountCents(part.AmountCents).SetCurrency(plan.Currency))
	}
	return "", o.C.SurplusPart.CreateBulk(bulk...).Exec(w)
}
