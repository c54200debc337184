// Package archive archives instead of deleting (issue 16): projects,
// groups, skills, milestone templates, availability windows and coops are
// archived by those with the right (one rule per type, internal/authz
// archive.go) and restored by the same people. An archived object leaves the
// default lists (every connection of its type takes includeArchived, see
// ent/template/archive*.tmpl), is still found by node(id:) by those who may
// read it, keeps its history and every reference to it, and refuses new
// references and changes until it is restored (Guard). Real deletion is left
// to what nothing refers to: a mistaken availability window.
package archive

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/availability"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/milestonetemplate"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Service archives, restores and deletes. Build it once; each call runs in
// the request's transaction as its viewer (domainop.Env.Begin).
type Service struct{ Env domainop.Env }

// LockForArchive holds a row for archiving or restoring it until the
// transaction ends. On PostgreSQL it is SELECT … FOR UPDATE: stronger than
// the FOR NO KEY UPDATE of other operations (domainop.LockRows), because it
// must also wait for, and hold off, transactions that are adding a
// reference to the row. Those take FOR KEY SHARE on it (Guard, and the
// foreign-key check of their insert), which FOR UPDATE alone conflicts
// with. So a reference is either committed before the archive looks for
// what still runs, or it waits and then sees the row archived. SQLite
// needs no clause: its writing transactions run one at a time.
func LockForArchive(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.For(sql.LockUpdate)
	}
}

// MaxReasonLength bounds the reason of an archive or restore.
const MaxReasonLength = 2000

// Archive archives the object id names; reason, if given, is kept with the
// operation's audit record.
func (svc *Service) Archive(ctx context.Context, id int, reason string) (ent.Noder, error) {
	if err := noteReason(ctx, reason); err != nil {
		return nil, err
	}
	return svc.set(ctx, id, true)
}

// Restore brings an archived object back into use.
func (svc *Service) Restore(ctx context.Context, id int, reason string) (ent.Noder, error) {
	if err := noteReason(ctx, reason); err != nil {
		return nil, err
	}
	return svc.set(ctx, id, false)
}

// noteReason checks an archive's or restore's reason and gives it to the
// audit record.
func noteReason(ctx context.Context, reason string) error {
	if len(reason) > MaxReasonLength {
		return apperr.InvalidField("reason", "at most %d characters", MaxReasonLength)
	}
	audit.NoteReason(ctx, reason)
	return nil
}

// kind is what archive and restore need of one archivable type.
type kind struct {
	// check says whether the viewer may archive or restore n.
	check func(v *viewer.Viewer, n ent.Noder) error
	rule  *authz.Rule
	// lock reads the row fresh under LockForArchive; archived reports its mark.
	lock func(o *domainop.Op, id int) (archived bool, n ent.Noder, err error)
	// blocked returns why n cannot be archived now, or nil.
	blocked func(o *domainop.Op, n ent.Noder) error
	// write sets (at != nil) or clears archived_at.
	write func(o *domainop.Op, id int, archive bool) error
}

func (svc *Service) set(ctx context.Context, id int, archive bool) (ent.Noder, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	n, err := lookup(o, id)
	if err != nil {
		return nil, err
	}
	name := typeName(n)
	k, ok := kinds[name]
	if !ok {
		return nil, apperr.InvalidField("id", "a %s is not archived; archivable are projects, groups, skills, milestone templates, availability windows and coops", name)
	}
	if err := k.check(o.V, n); err != nil {
		return nil, err
	}
	archived, fresh, err := k.lock(o, id)
	if err != nil {
		return nil, err
	}
	switch {
	case archive && archived:
		return nil, apperr.New(apperr.Conflict, "this %s is archived already", name)
	case !archive && !archived:
		return nil, apperr.New(apperr.Conflict, "this %s is not archived", name)
	}
	if archive && k.blocked != nil {
		if err := k.blocked(o, fresh); err != nil {
			return nil, err
		}
	}
	if err := k.write(o, id, archive); err != nil {
		return nil, err
	}
	return lookup(o, id)
}

// lookup finds the object with the viewer's read rights: what the viewer
// may not read is NOT_FOUND. The lookup runs outside the GraphQL field
// (ent's Noder would collect the field's selections for the object).
func lookup(o *domainop.Op, id int) (ent.Noder, error) {
	ctx := viewer.NewContext(ent.NewContext(context.Background(), o.C), o.V)
	n, err := o.C.Noder(ctx, id)
	if apperr.Missing(err) {
		// Noder's error is a multierror the error presenter would
		// report without the field: report the missing ID alone.
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "id: not found"}
	}
	if err != nil {
		return nil, err
	}
	return n, nil
}

func typeName(n ent.Noder) string {
	switch n.(type) {
	case *ent.Project:
		return "Project"
	case *ent.Group:
		return "Group"
	case *ent.Skill:
		return "Skill"
	case *ent.MilestoneTemplate:
		return "MilestoneTemplate"
	case *ent.Availability:
		return "Availability"
	case *ent.Coop:
		return "Coop"
	}
	return fmt.Sprintf("%T", n)[len("*ent."):]
}

var kinds = map[string]kind{
	"Project": {
		rule: authz.ArchiveProject,
		check: func(v *viewer.Viewer, n ent.Noder) error {
			return authz.CanArchiveProject(v, n.(*ent.Project).LeadCoopID)
		},
		lock: func(o *domainop.Op, id int) (bool, ent.Noder, error) {
			p, err := o.C.Project.Query().Where(project.ID(id)).Unique(false).Modify(LockForArchive).Only(o.Sys)
			if err != nil {
				return false, nil, err
			}
			return p.ArchivedAt != nil, p, nil
		},
		blocked: func(o *domainop.Op, n ent.Noder) error { return projectBlocked(o, n.(*ent.Project)) },
		write: func(o *domainop.Op, id int, archive bool) error {
			u := o.C.Project.UpdateOneID(id)
			if archive {
				u.SetArchivedAt(o.Now)
			} else {
				u.ClearArchivedAt()
			}
			return u.Exec(o.As(authz.ArchiveProject))
		},
	},
	"Group": {
		rule: authz.ArchiveGroup,
		check: func(v *viewer.Viewer, n ent.Noder) error {
			return authz.CanArchiveGroup(v, n.(*ent.Group).NetworkID)
		},
		lock: func(o *domainop.Op, id int) (bool, ent.Noder, error) {
			g, err := o.C.Group.Query().Where(group.ID(id)).Unique(false).Modify(LockForArchive).Only(o.Sys)
			if err != nil {
				return false, nil, err
			}
			return g.ArchivedAt != nil, g, nil
		},
		write: func(o *domainop.Op, id int, archive bool) error {
			u := o.C.Group.UpdateOneID(id)
			if archive {
				u.SetArchivedAt(o.Now)
			} else {
				u.ClearArchivedAt()
			}
			return u.Exec(o.As(authz.ArchiveGroup))
		},
	},
	"Skill": {
		rule: authz.ArchiveSkill,
		check: func(v *viewer.Viewer, n ent.Noder) error {
			return authz.CanArchiveSkill(v, n.(*ent.Skill).NetworkID)
		},
		lock: func(o *domainop.Op, id int) (bool, ent.Noder, error) {
			s, err := o.C.Skill.Query().Where(skill.ID(id)).Unique(false).Modify(LockForArchive).Only(o.Sys)
			if err != nil {
				return false, nil, err
			}
			return s.ArchivedAt != nil, s, nil
		},
		write: func(o *domainop.Op, id int, archive bool) error {
			u := o.C.Skill.UpdateOneID(id)
			if archive {
				u.SetArchivedAt(o.Now)
			} else {
				u.ClearArchivedAt()
			}
			return u.Exec(o.As(authz.ArchiveSkill))
		},
	},
	"MilestoneTemplate": {
		rule: authz.ArchiveMilestoneTemplate,
		check: func(v *viewer.Viewer, n ent.Noder) error {
			return authz.CanArchiveMilestoneTemplate(v, n.(*ent.MilestoneTemplate).CoopID)
		},
		lock: func(o *domainop.Op, id int) (bool, ent.Noder, error) {
			t, err := o.C.MilestoneTemplate.Query().Where(milestonetemplate.ID(id)).Unique(false).Modify(LockForArchive).Only(o.Sys)
			if err != nil {
				return false, nil, err
			}
			return t.ArchivedAt != nil, t, nil
		},
		write: func(o *domainop.Op, id int, archive bool) error {
			u := o.C.MilestoneTemplate.UpdateOneID(id)
			if archive {
				u.SetArchivedAt(o.Now)
				return u.Exec(o.As(authz.ArchiveMilestoneTemplate))
			}
			// A restored milestone comes back last, not at the place it
			// had before it was retired (others have taken it since).
			// Without the coop's lock, which reorders take before the
			// templates' rows: taking it after this row's would deadlock
			// with them; a tie with a concurrent create orders by ID.
			t, err := o.C.MilestoneTemplate.Get(o.Sys, id)
			if err != nil {
				return err
			}
			positions, err := o.C.MilestoneTemplate.Query().
				Where(milestonetemplate.CoopID(t.CoopID), milestonetemplate.ArchivedAtIsNil()).
				Select(milestonetemplate.FieldPosition).Ints(o.Sys)
			if err != nil {
				return err
			}
			last := 0
			for _, p := range positions {
				last = max(last, p+1)
			}
			return u.ClearArchivedAt().SetPosition(last).Exec(o.As(authz.ArchiveMilestoneTemplate))
		},
	},
	"Availability": {
		rule: authz.ArchiveAvailability,
		check: func(v *viewer.Viewer, n ent.Noder) error {
			return authz.CanArchiveAvailability(v, n.(*ent.Availability).PersonID)
		},
		lock: func(o *domainop.Op, id int) (bool, ent.Noder, error) {
			a, err := o.C.Availability.Query().Where(availability.ID(id)).Unique(false).Modify(LockForArchive).Only(o.Sys)
			if err != nil {
				return false, nil, err
			}
			return a.ArchivedAt != nil, a, nil
		},
		write: func(o *domainop.Op, id int, archive bool) error {
			u := o.C.Availability.UpdateOneID(id)
			if archive {
				u.SetArchivedAt(o.Now)
			} else {
				u.ClearArchivedAt()
			}
			return u.Exec(o.As(authz.ArchiveAvailability))
		},
	},
	"Coop": {
		rule: authz.ArchiveCoop,
		check: func(v *viewer.Viewer, n ent.Noder) error {
			return authz.CanArchiveCoop(v, n.(*ent.Coop).ID)
		},
		lock: func(o *domainop.Op, id int) (bool, ent.Noder, error) {
			c, err := o.C.Coop.Query().Where(coop.ID(id)).Unique(false).Modify(LockForArchive).Only(o.Sys)
			if err != nil {
				return false, nil, err
			}
			return c.ArchivedAt != nil, c, nil
		},
		blocked: func(o *domainop.Op, n ent.Noder) error { return coopBlocked(o, n.(*ent.Coop)) },
		write: func(o *domainop.Op, id int, archive bool) error {
			u := o.C.Coop.UpdateOneID(id)
			if archive {
				u.SetArchivedAt(o.Now)
			} else {
				u.ClearArchivedAt()
			}
			return u.Exec(o.As(authz.ArchiveCoop))
		},
	},
}

// projectBlocked: a running project is finished or cancelled first, and no
// decision or budget motion may still be pending on it (their effects would
// write to it).
func projectBlocked(o *domainop.Op, p *ent.Project) error {
	if p.Status == project.StatusACTIVE {
		return &apperr.Error{Code: apperr.Conflict,
			Message: "the project is ACTIVE: complete or cancel it (setProjectStatus) before archiving it",
			Extra:   map[string]any{"blockedBy": []string{"ACTIVE_PROJECT"}}}
	}
	open, err := o.C.Proposal.Query().Where(proposal.ProjectID(p.ID), proposal.StatusEQ(proposal.StatusOPEN)).Count(o.Sys)
	if err != nil {
		return err
	}
	motions, err := o.C.BudgetMotion.Query().Where(budgetmotion.ProjectID(p.ID), budgetmotion.StatusEQ(budgetmotion.StatusPENDING)).Count(o.Sys)
	if err != nil {
		return err
	}
	return blockers(map[string]int{"OPEN_PROPOSALS": open, "PENDING_BUDGET_MOTIONS": motions}, "the project")
}

// coopBlocked: a coop dissolves when nothing runs any more: no open
// proposal of it or about it, no ACTIVE project it leads, no pending budget
// motion of a project it leads or of its share.
func coopBlocked(o *domainop.Op, c *ent.Coop) error {
	open, err := o.C.Proposal.Query().Where(proposal.StatusEQ(proposal.StatusOPEN),
		proposal.Or(proposal.CoopID(c.ID), proposal.SubjectCoopID(c.ID))).Count(o.Sys)
	if err != nil {
		return err
	}
	active, err := o.C.Project.Query().Where(project.LeadCoopID(c.ID), project.StatusEQ(project.StatusACTIVE)).Count(o.Sys)
	if err != nil {
		return err
	}
	motions, err := o.C.BudgetMotion.Query().Where(budgetmotion.StatusEQ(budgetmotion.StatusPENDING),
		budgetmotion.Or(budgetmotion.CoopID(c.ID), budgetmotion.HasProjectWith(project.LeadCoopID(c.ID)))).Count(o.Sys)
	if err != nil {
		return err
	}
	return blockers(map[string]int{"OPEN_PROPOSALS": open, "ACTIVE_PROJECTS": active, "PENDING_BUDGET_MOTIONS": motions}, "the coop")
}

var blockerText = map[string]string{
	"ACTIVE_PROJECTS":        "%d ACTIVE project(s) it leads (complete or cancel them)",
	"OPEN_PROPOSALS":         "%d open proposal(s) (close or withdraw them)",
	"PENDING_BUDGET_MOTIONS": "%d pending budget motion(s)",
}

// blockers is the CONFLICT naming what still runs, or nil.
func blockers(counts map[string]int, what string) error {
	var codes []string
	msg := ""
	for _, k := range []string{"ACTIVE_PROJECTS", "OPEN_PROPOSALS", "PENDING_BUDGET_MOTIONS"} {
		if counts[k] == 0 {
			continue
		}
		codes = append(codes, k)
		if msg != "" {
			msg += ", "
		}
		msg += fmt.Sprintf(blockerText[k], counts[k])
	}
	if codes == nil {
		return nil
	}
	return &apperr.Error{Code: apperr.Conflict, Message: what + " still has " + msg + "; archive it when nothing runs",
		Extra: map[string]any{"blockedBy": codes}}
}

// DeleteAvailability deletes one of the viewer's availability windows,
// entered by mistake: nothing refers to an availability window, so nothing
// is lost. It returns the deleted window's ID.
func (svc *Service) DeleteAvailability(ctx context.Context, id int) (int, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return 0, err
	}
	a, err := o.C.Availability.Get(o.Ctx, id)
	if err != nil {
		return 0, apperr.FieldNotFound(err, "id", "id: not found")
	}
	if err := authz.CanDeleteAvailability(o.V, a.PersonID); err != nil {
		return 0, err
	}
	if err := o.C.Availability.DeleteOneID(a.ID).Exec(o.As(authz.DeleteAvailability)); err != nil {
		return 0, err
	}
	return a.ID, nil
}
