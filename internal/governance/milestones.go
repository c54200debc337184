package governance

import (
	"context"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/milestonetemplate"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// A coop's pathway milestones (issue 16, item 2): its current members
// create, change and reorder them (authz.ManageMilestones). Retiring one is
// archiving it (archive(id:)): an archived template is no longer required
// for admission nor open on anyone's pathway (facts, transitions.go), and
// the progress of those who completed it is kept.

// MilestoneTemplateInput is what createMilestoneTemplate takes.
type MilestoneTemplateInput struct {
	CoopID      int
	Name        string
	Description *string
	Required    *bool
	// Position among the coop's templates in use (0 first); nil appends it last.
	Position *int
}

// MilestoneTemplateChange is what updateMilestoneTemplate takes; nil fields
// stay as they are.
type MilestoneTemplateChange struct {
	Name        *string
	Description *string
	Required    *bool
}

// lockCoopTemplates locks the coop's row (so that every change of its
// milestones' order runs one after the other) and returns its templates in
// use, in their order.
func (o *op) lockCoopTemplates(coopID int) ([]*ent.MilestoneTemplate, error) {
	if _, err := o.C.Coop.Query().Where(coop.ID(coopID)).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return nil, err
	}
	return o.C.MilestoneTemplate.Query().
		Where(milestonetemplate.CoopID(coopID), milestonetemplate.ArchivedAtIsNil()).
		Order(ent.Asc(milestonetemplate.FieldPosition), ent.Asc(milestonetemplate.FieldID)).All(o.Sys)
}

// nameTaken reports a CONFLICT when another template of the coop (archived
// ones too: the name stays theirs) has the name.
func (o *op) nameTaken(coopID int, name string, except int) error {
	taken, err := o.C.MilestoneTemplate.Query().
		Where(milestonetemplate.CoopID(coopID), milestonetemplate.Name(name), milestonetemplate.IDNEQ(except)).Exist(o.Sys)
	if err != nil {
		return err
	}
	if taken {
		return &apperr.Error{Code: apperr.Conflict, Field: "name", Message: "the coop already has a milestone named " + name + " (maybe archived: restore it instead)"}
	}
	return nil
}

// CreateMilestoneTemplate adds a milestone to a coop's pathway, at the given
// position among those in use (the ones from there move down by one) or last.
func (svc *Service) CreateMilestoneTemplate(ctx context.Context, in MilestoneTemplateInput) (*ent.MilestoneTemplate, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := o.C.Coop.Query().Where(coop.ID(in.CoopID)).OnlyID(o.Ctx); err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanManageMilestones(o.V, in.CoopID); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, apperr.InvalidField("name", "a milestone needs a name")
	}
	tpls, err := o.lockCoopTemplates(in.CoopID)
	if err != nil {
		return nil, err
	}
	pos := len(tpls)
	if in.Position != nil {
		if *in.Position < 0 || *in.Position > len(tpls) {
			return nil, apperr.InvalidField("position", "position must be between 0 and %d (the number of milestones in use)", len(tpls))
		}
		pos = *in.Position
	}
	if err := o.nameTaken(in.CoopID, name, 0); err != nil {
		return nil, err
	}
	// Positions stay 0..n-1 in the order shown: those at and after pos move down.
	for i, t := range tpls {
		want := i
		if i >= pos {
			want = i + 1
		}
		if t.Position != want {
			if err := o.C.MilestoneTemplate.UpdateOneID(t.ID).SetPosition(want).Exec(o.As(authz.ManageMilestones)); err != nil {
				return nil, err
			}
		}
	}
	b := o.C.MilestoneTemplate.Create().SetCoopID(in.CoopID).SetName(name).SetPosition(pos).
		SetNillableDescription(in.Description).SetNillableRequired(in.Required)
	t, err := b.Save(o.As(authz.ManageMilestones))
	if err != nil {
		return nil, err
	}
	return o.C.MilestoneTemplate.Get(o.Ctx, t.ID)
}

// UpdateMilestoneTemplate changes a milestone's name, description or
// whether admission requires it. A retired (archived) milestone is restored
// before it is changed.
func (svc *Service) UpdateMilestoneTemplate(ctx context.Context, id int, in MilestoneTemplateChange) (*ent.MilestoneTemplate, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	t, err := o.C.MilestoneTemplate.Get(o.Ctx, id)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "id", "id: not found")
	}
	if err := authz.CanManageMilestones(o.V, t.CoopID); err != nil {
		return nil, err
	}
	if t.ArchivedAt != nil {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "id", Message: "the milestone is retired (archived): restore it before changing it"}
	}
	upd := o.C.MilestoneTemplate.UpdateOneID(t.ID)
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		if name == "" {
			return nil, apperr.InvalidField("name", "a milestone needs a name")
		}
		if _, err := o.lockCoopTemplates(t.CoopID); err != nil {
			return nil, err
		}
		if err := o.nameTaken(t.CoopID, name, t.ID); err != nil {
			return nil, err
		}
		upd.SetName(name)
	}
	if in.Description != nil {
		upd.SetDescription(*in.Description)
	}
	if in.Required != nil {
		upd.SetRequired(*in.Required)
	}
	if err := upd.Exec(o.As(authz.ManageMilestones)); err != nil {
		return nil, err
	}
	return o.C.MilestoneTemplate.Get(o.Ctx, t.ID)
}

// ReorderMilestoneTemplates puts a coop's milestones in use in the given
// order (positions 0..n-1). The list must name every one of them exactly
// once; a concurrent create or reorder waits on the coop's row lock and then
// sees the new order.
func (svc *Service) ReorderMilestoneTemplates(ctx context.Context, coopID int, ids []int) ([]*ent.MilestoneTemplate, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := o.C.Coop.Query().Where(coop.ID(coopID)).OnlyID(o.Ctx); err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanManageMilestones(o.V, coopID); err != nil {
		return nil, err
	}
	tpls, err := o.lockCoopTemplates(coopID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.MilestoneTemplate, len(tpls))
	for _, t := range tpls {
		byID[t.ID] = t
	}
	seen := map[int]bool{}
	for _, id := range ids {
		// Another coop's template, an archived one and a missing one get the
		// same answer: the list is not the coop's milestones in use.
		if byID[id] == nil || seen[id] {
			return nil, apperr.InvalidField("templateIDs", "list each of the coop's %d milestones in use exactly once", len(tpls))
		}
		seen[id] = true
	}
	if len(ids) != len(tpls) {
		return nil, apperr.InvalidField("templateIDs", "list each of the coop's %d milestones in use exactly once", len(tpls))
	}
	for i, id := range ids {
		if byID[id].Position != i {
			if err := o.C.MilestoneTemplate.UpdateOneID(id).SetPosition(i).Exec(o.As(authz.ManageMilestones)); err != nil {
				return nil, err
			}
		}
	}
	return o.C.MilestoneTemplate.Query().
		Where(milestonetemplate.CoopID(coopID), milestonetemplate.ArchivedAtIsNil()).
		Order(ent.Asc(milestonetemplate.FieldPosition), ent.Asc(milestonetemplate.FieldID)).All(o.Ctx)
}
