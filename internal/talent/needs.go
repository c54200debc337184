package talent

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/projectskillneed"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// A project's skill needs (issue 16, item 2): what suggestTeam covers.
// Current members of the lead coop add, change and remove them
// (authz.ManageSkillNeeds); the skill is one of a network the lead coop
// belongs to, not archived; one need per skill and project; the need's
// period lies within the project's dates where those are set.

// SkillNeedInput is what addProjectSkillNeed takes.
type SkillNeedInput struct {
	ProjectID    int
	SkillID      int
	MinLevel     *int
	HoursPerWeek *int
	Headcount    *int
	StartsOn     *time.Time
	EndsOn       *time.Time
}

// SkillNeedChange is what updateProjectSkillNeed takes; nil fields stay as
// they are, Clear* empty the period's ends (back to the project's dates).
type SkillNeedChange struct {
	MinLevel      *int
	HoursPerWeek  *int
	Headcount     *int
	StartsOn      *time.Time
	EndsOn        *time.Time
	ClearStartsOn bool
	ClearEndsOn   bool
}

// lockProject reads the project the viewer may see, checks the rule, and
// locks its row so that two writes of its needs run one after the other.
func lockProject(o *domainop.Op, id int, field string) (*ent.Project, error) {
	p, err := o.C.Project.Get(o.Ctx, id)
	if err != nil {
		return nil, apperr.FieldNotFound(err, field, field+": not found")
	}
	if err := authz.CanManageSkillNeeds(o.V, p.LeadCoopID); err != nil {
		return nil, err
	}
	if _, err := o.C.Project.Query().Where(project.ID(p.ID)).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return nil, err
	}
	return p, nil
}

// checkPeriod: starts before it ends, within the project's dates.
func checkPeriod(p *ent.Project, starts, ends *time.Time) error {
	if starts != nil && ends != nil && ends.Before(*starts) {
		return apperr.InvalidField("endsOn", "the need ends before it starts")
	}
	if starts != nil && p.StartsOn != nil && starts.Before(*p.StartsOn) {
		return apperr.InvalidField("startsOn", "the need starts before the project (%s)", p.StartsOn.Format(time.DateOnly))
	}
	if starts != nil && p.EndsOn != nil && starts.After(*p.EndsOn) {
		return apperr.InvalidField("startsOn", "the need starts after the project ends (%s)", p.EndsOn.Format(time.DateOnly))
	}
	if ends != nil && p.EndsOn != nil && ends.After(*p.EndsOn) {
		return apperr.InvalidField("endsOn", "the need ends after the project (%s)", p.EndsOn.Format(time.DateOnly))
	}
	if ends != nil && p.StartsOn != nil && ends.Before(*p.StartsOn) {
		return apperr.InvalidField("endsOn", "the need ends before the project starts (%s)", p.StartsOn.Format(time.DateOnly))
	}
	return nil
}

// AddSkillNeed records a skill the project needs.
func (svc *Service) AddSkillNeed(ctx context.Context, in SkillNeedInput) (*ent.ProjectSkillNeed, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	p, err := lockProject(o, in.ProjectID, "projectID")
	if err != nil {
		return nil, err
	}
	sk, err := o.C.Skill.Get(o.Ctx, in.SkillID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "skillID", "skillID: not found")
	}
	inLeadNetwork, err := o.C.Coop.Query().Where(coop.ID(p.LeadCoopID)).QueryNetworks().
		Where(network.ID(sk.NetworkID)).Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	if !inLeadNetwork {
		return nil, apperr.InvalidField("skillID", "the skill belongs to a network the lead coop is not in")
	}
	if sk.ArchivedAt != nil {
		return nil, apperr.InvalidField("skillID", "the skill %q is archived", sk.Name)
	}
	if err := checkPeriod(p, in.StartsOn, in.EndsOn); err != nil {
		return nil, err
	}
	dup, err := o.C.ProjectSkillNeed.Query().
		Where(projectskillneed.ProjectID(p.ID), projectskillneed.SkillID(sk.ID)).Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	if dup {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "skillID", Message: "the project already needs " + sk.Name + ": change that need instead"}
	}
	n, err := o.C.ProjectSkillNeed.Create().SetProjectID(p.ID).SetSkillID(sk.ID).
		SetNillableMinLevel(in.MinLevel).SetNillableHoursPerWeek(in.HoursPerWeek).SetNillableHeadcount(in.Headcount).
		SetNillableStartsOn(in.StartsOn).SetNillableEndsOn(in.EndsOn).Save(o.As(authz.ManageSkillNeeds))
	if err != nil {
		return nil, err
	}
	return o.C.ProjectSkillNeed.Get(o.Ctx, n.ID)
}

// beginOnNeed starts an operation on the need id names (NOT_FOUND on id if
// the viewer cannot read it) with its project's row locked.
func (svc *Service) beginOnNeed(ctx context.Context, id int) (*domainop.Op, *ent.ProjectSkillNeed, *ent.Project, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	n, err := o.C.ProjectSkillNeed.Get(o.Ctx, id)
	if err != nil {
		return nil, nil, nil, apperr.FieldNotFound(err, "id", "id: not found")
	}
	p, err := lockProject(o, n.ProjectID, "id")
	if err != nil {
		return nil, nil, nil, err
	}
	return o, n, p, nil
}

// UpdateSkillNeed changes a need's level, hours, headcount or period.
func (svc *Service) UpdateSkillNeed(ctx context.Context, id int, in SkillNeedChange) (*ent.ProjectSkillNeed, error) {
	o, n, p, err := svc.beginOnNeed(ctx, id)
	if err != nil {
		return nil, err
	}
	starts, ends := n.StartsOn, n.EndsOn
	if in.StartsOn != nil {
		starts = in.StartsOn
	}
	if in.ClearStartsOn {
		starts = nil
	}
	if in.EndsOn != nil {
		ends = in.EndsOn
	}
	if in.ClearEndsOn {
		ends = nil
	}
	if err := checkPeriod(p, starts, ends); err != nil {
		return nil, err
	}
	upd := o.C.ProjectSkillNeed.UpdateOneID(n.ID).
		SetNillableMinLevel(in.MinLevel).SetNillableHoursPerWeek(in.HoursPerWeek).SetNillableHeadcount(in.Headcount)
	if starts == nil {
		upd.ClearStartsOn()
	} else {
		upd.SetStartsOn(*starts)
	}
	if ends == nil {
		upd.ClearEndsOn()
	} else {
		upd.SetEndsOn(*ends)
	}
	if err := upd.Exec(o.As(authz.ManageSkillNeeds)); err != nil {
		return nil, err
	}
	return o.C.ProjectSkillNeed.Get(o.Ctx, n.ID)
}

// RemoveSkillNeed deletes a need: nothing refers to one, so it is really
// deleted. It returns the project.
func (svc *Service) RemoveSkillNeed(ctx context.Context, id int) (*ent.Project, error) {
	o, n, p, err := svc.beginOnNeed(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := o.C.ProjectSkillNeed.DeleteOneID(n.ID).Exec(o.As(authz.ManageSkillNeeds)); err != nil {
		return nil, err
	}
	return o.C.Project.Get(o.Ctx, p.ID)
}
