package profileexport

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/profileprojectlisting"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// UnnamedEndorser names an endorser the person cannot read.
const UnnamedEndorser = "A network participant"

// Load reads the viewer's own data for their resume with c under ctx, the
// viewer's context: every read obeys the privacy rules, so the export
// holds nothing the person could not read through the API. A project
// shows only while the person can read it (a former member of the lead or
// partner coop no longer can).
func Load(ctx context.Context, c *ent.Client, now time.Time, includeEmail bool) (Input, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return Input{}, apperr.New(apperr.Unauthenticated, "sign in to export your profile")
	}
	me, err := c.Person.Query().Where(person.ID(v.PersonID)).Only(ctx)
	if err != nil {
		return Input{}, err
	}
	in := Input{Name: me.Name, City: me.City, Bio: me.Bio, Email: me.Email, IncludeEmail: includeEmail, Now: now}
	if in.Skills, err = loadSkills(ctx, c, v.PersonID); err != nil {
		return Input{}, err
	}
	if in.Coops, err = loadCoops(ctx, c, v.PersonID); err != nil {
		return Input{}, err
	}
	if in.Projects, err = Projects(ctx, c, v.PersonID); err != nil {
		return Input{}, err
	}
	return in, nil
}

func loadSkills(ctx context.Context, c *ent.Client, me int) ([]SkillInput, error) {
	pss, err := c.PersonSkill.Query().Where(personskill.PersonID(me)).
		WithSkill().WithEndorsements(func(q *ent.EndorsementQuery) { q.WithEndorser() }).
		All(ctx)
	if err != nil {
		return nil, err
	}
	out := []SkillInput{}
	for _, ps := range pss {
		if ps.Edges.Skill == nil {
			continue // a skill of a network the person no longer reads
		}
		s := SkillInput{Name: ps.Edges.Skill.Name, Level: ps.Level, Years: ps.Years, WantsToLearn: ps.WantsToLearn, Aliases: ps.Edges.Skill.Aliases}
		for _, e := range ps.Edges.Endorsements {
			name := UnnamedEndorser
			if e.Edges.Endorser != nil {
				name = e.Edges.Endorser.Name
			}
			s.Endorsers = append(s.Endorsers, Endorser{ID: e.EndorserID, Name: name})
		}
		out = append(out, s)
	}
	return out, nil
}

// loadCoops: the coops where the person is or was a MEMBER, with when they
// first became one and when they left.
func loadCoops(ctx context.Context, c *ent.Client, me int) ([]CoopInput, error) {
	ms, err := c.Membership.Query().Where(membership.PersonID(me)).WithCoop().
		WithEvents(func(q *ent.PathwayEventQuery) {
			q.Where(pathwayevent.ToStateIn(pathwayevent.ToStateMEMBER, pathwayevent.ToStateLEFT)).
				Order(ent.Asc(pathwayevent.FieldAt), ent.Asc(pathwayevent.FieldID))
		}).All(ctx)
	if err != nil {
		return nil, err
	}
	out := []CoopInput{}
	for _, m := range ms {
		if m.Edges.Coop == nil {
			continue
		}
		var since, until *time.Time
		for _, e := range m.Edges.Events {
			if e.ToState == pathwayevent.ToStateMEMBER && since == nil {
				at := e.At
				since = &at
			}
		}
		current := m.State == membership.StateMEMBER || m.State == membership.StatePAUSED
		if since == nil && current {
			at := m.StateSince
			since = &at
		}
		if since == nil {
			continue // never a member
		}
		if m.State == membership.StateLEFT {
			at := m.StateSince
			until = &at
		}
		out = append(out, CoopInput{Name: m.Edges.Coop.Name, Since: since, Until: until, Paused: m.State == membership.StatePAUSED})
	}
	return out, nil
}

// Projects lists the projects the person worked on and can read: those
// where they hold a budget share or logged time, with their roles, their
// first and last day and minutes of logged time, and whether their profile
// lists them; most recent first.
func Projects(ctx context.Context, c *ent.Client, me int) ([]*ProfileProject, error) {
	return projects(ctx, c, me)
}

func projects(ctx context.Context, c *ent.Client, me int, only ...int) ([]*ProfileProject, error) {
	held := c.BudgetShare.Query().Where(budgetshare.PersonID(me))
	logged := c.TimeEntry.Query().Where(timeentry.PersonID(me))
	if len(only) > 0 {
		held.Where(budgetshare.ProjectIDIn(only...))
		logged.Where(timeentry.ProjectIDIn(only...))
	}
	own, err := held.All(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := logged.All(ctx)
	if err != nil {
		return nil, err
	}
	ids := []int{}
	shareIDs := []int{}
	for _, s := range own {
		ids = append(ids, s.ProjectID)
	}
	for _, e := range entries {
		ids = append(ids, e.ProjectID)
		shareIDs = append(shareIDs, e.ShareID)
	}
	if len(ids) == 0 {
		return []*ProfileProject{}, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ps, err := c.Project.Query().Where(project.IDIn(ids...)).WithLeadCoop().All(ctx)
	if err != nil {
		return nil, err
	}
	// The shares the person's time was billed against: theirs, or their
	// coop's (readable to the coop's members), for the roles.
	slices.Sort(shareIDs)
	shareIDs = slices.Compact(shareIDs)
	shares, err := c.BudgetShare.Query().Where(budgetshare.IDIn(shareIDs...)).WithCoop().All(ctx)
	if err != nil {
		return nil, err
	}
	shareByID := map[int]*ent.BudgetShare{}
	for _, s := range shares {
		shareByID[s.ID] = s
	}
	listings, err := c.ProfileProjectListing.Query().
		Where(profileprojectlisting.PersonID(me), profileprojectlisting.WithdrawnAtIsNil(), profileprojectlisting.ProjectIDIn(ids...)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	listing := map[int]*ent.ProfileProjectListing{}
	for _, l := range listings {
		if held, ok := listing[l.ProjectID]; !ok || l.ListedAt.Before(held.ListedAt) {
			listing[l.ProjectID] = l
		}
	}

	out := make([]*ProfileProject, 0, len(ps))
	for _, p := range ps {
		pp := &ProfileProject{ProjectID: p.ID, Project: p, Name: p.Name, Description: p.Description, StartsOn: p.StartsOn, EndsOn: p.EndsOn, Roles: []string{}}
		if p.Edges.LeadCoop != nil {
			pp.LeadCoop = p.Edges.LeadCoop.Name
		}
		if l, ok := listing[p.ID]; ok {
			at := l.ListedAt
			pp.Listed, pp.ListedAt, pp.Listing = true, &at, l
		}
		role := func(r string) {
			if !slices.Contains(pp.Roles, r) {
				pp.Roles = append(pp.Roles, r)
			}
		}
		if p.PmPersonID != nil && *p.PmPersonID == me {
			role("Project manager")
		}
		for _, s := range own {
			if s.ProjectID == p.ID {
				role("Freelancer")
			}
		}
		for _, e := range entries {
			if e.ProjectID != p.ID {
				continue
			}
			d := e.Date
			if pp.FirstDay == nil || d.Before(*pp.FirstDay) {
				pp.FirstDay = &d
			}
			if pp.LastDay == nil || d.After(*pp.LastDay) {
				d2 := d
				pp.LastDay = &d2
			}
			pp.MinutesWorked += e.Minutes
			if s := shareByID[e.ShareID]; s != nil && s.CoopID != nil && s.Edges.Coop != nil {
				role("Team member, " + s.Edges.Coop.Name)
			}
		}
		out = append(out, pp)
	}
	slices.SortStableFunc(out, func(a, b *ProfileProject) int {
		as, _ := a.Dates()
		bs, _ := b.Dates()
		return cmp.Or(-cmpTime(as, bs), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ProjectID, b.ProjectID))
	})
	return out, nil
}
