package talent

import (
	"slices"

	"context"

	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/endorsement"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/projectskillneed"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// Endorse records that the viewer vouches for another person's skill: never
// their own, only in a network the viewer takes part in, once per endorser
// (CONFLICT). The person skill's endorsement count moves with it.
func (svc *Service) Endorse(ctx context.Context, personSkillID int) (*ent.Endorsement, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := o.C.PersonSkill.Get(o.Ctx, personSkillID)
	if err != nil {
		return nil, err
	}
	sk, err := o.C.Skill.Get(o.Sys, ps.SkillID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanEndorseSkill(o.V, ps.PersonID, sk.NetworkID); err != nil {
		return nil, err
	}
	dup, err := o.C.Endorsement.Query().
		Where(endorsement.PersonSkillID(ps.ID), endorsement.EndorserID(o.V.PersonID)).Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	if dup {
		return nil, apperr.New(apperr.Conflict, "you already endorse this skill")
	}
	// The unique index settles a race between two requests of one endorser:
	// the second fails and its transaction, count included, rolls back.
	e, err := o.C.Endorsement.Create().SetPersonSkillID(ps.ID).SetEndorserID(o.V.PersonID).SetCreatedAt(o.Now).Save(o.As(authz.EndorseSkill))
	if ent.IsConstraintError(err) {
		return nil, apperr.New(apperr.Conflict, "you already endorse this skill")
	}
	if err != nil {
		return nil, err
	}
	if err := o.C.PersonSkill.UpdateOneID(ps.ID).AddEndorsementCount(1).Exec(o.As(authz.EndorseSkill)); err != nil {
		return nil, err
	}
	return o.C.Endorsement.Get(o.Ctx, e.ID)
}

// Withdraw removes the viewer's endorsement of a person skill.
func (svc *Service) Withdraw(ctx context.Context, personSkillID int) (*ent.PersonSkill, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := o.C.PersonSkill.Get(o.Ctx, personSkillID)
	if err != nil {
		return nil, err
	}
	n, err := o.C.Endorsement.Delete().
		Where(endorsement.PersonSkillID(ps.ID), endorsement.EndorserID(o.V.PersonID)).Exec(o.As(authz.WithdrawEndorsement))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.NotFound, "you do not endorse this skill")
	}
	if err := o.C.PersonSkill.UpdateOneID(ps.ID).AddEndorsementCount(-n).Exec(o.As(authz.WithdrawEndorsement)); err != nil {
		return nil, err
	}
	return o.C.PersonSkill.Get(o.Ctx, ps.ID)
}

// Merge folds the skill from into the skill into (network admins, one
// network) without losing anyone's levels: see mergeSkills in talent.graphql
// for what moves where. It runs in the request's transaction.
func (svc *Service) Merge(ctx context.Context, fromID, intoID int) (*ent.Skill, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if fromID == intoID {
		return nil, apperr.InvalidField("intoID", "a skill cannot be merged into itself")
	}
	from, err := o.C.Skill.Get(o.Ctx, fromID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "fromID", "fromID: not found")
	}
	into, err := o.C.Skill.Get(o.Ctx, intoID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "intoID", "intoID: not found")
	}
	if from.NetworkID != into.NetworkID {
		return nil, apperr.InvalidField("intoID", "both skills must belong to one network")
	}
	if err := authz.CanMergeSkills(o.V, from.NetworkID); err != nil {
		return nil, err
	}
	// Lock both skills: two merges of one skill run one after the other.
	if _, err := o.C.Skill.Query().Where(skill.IDIn(from.ID, into.ID)).Modify(domainop.LockRows).All(o.Sys); err != nil {
		return nil, err
	}
	if err := mergePersonSkills(o, from.ID, into.ID); err != nil {
		return nil, err
	}
	if err := mergeNeeds(o, from.ID, into.ID); err != nil {
		return nil, err
	}
	if err := moveChildren(o, from, into); err != nil {
		return nil, err
	}
	if err := o.C.Skill.DeleteOneID(from.ID).Exec(o.As(authz.MergeSkills)); err != nil {
		return nil, err
	}
	// from's names live on as aliases of into (the names hook checks them;
	// from is gone, so they no longer clash).
	aliases := slices.Clone(into.Aliases)
	seen := map[string]bool{Key(into.Name): true}
	for _, a := range aliases {
		seen[Key(a)] = true
	}
	for _, n := range append([]string{from.Name}, from.Aliases...) {
		if !seen[Key(n)] {
			seen[Key(n)] = true
			aliases = append(aliases, n)
		}
	}
	if err := o.C.Skill.UpdateOneID(into.ID).SetAliases(aliases).Exec(o.As(authz.MergeSkills)); err != nil {
		return nil, err
	}
	return o.C.Skill.Get(o.Ctx, into.ID)
}

// mergePersonSkills moves from's person skills to into. A person with both
// keeps one person skill (into's, so its ID stays): the higher level and
// years, the later last use, wants-to-learn if either says so, and the union
// of endorsements. Everyone else's person skill changes its skill in place
// (ID, endorsements and history stay).
func mergePersonSkills(o *domainop.Op, fromID, intoID int) error {
	froms, err := o.C.PersonSkill.Query().Where(personskill.SkillID(fromID)).All(o.Sys)
	if err != nil {
		return err
	}
	persons := make([]int, len(froms))
	for i, ps := range froms {
		persons[i] = ps.PersonID
	}
	intos, err := o.C.PersonSkill.Query().Where(personskill.SkillID(intoID), personskill.PersonIDIn(persons...)).All(o.Sys)
	if err != nil {
		return err
	}
	intoOf := map[int]*ent.PersonSkill{}
	for _, ps := range intos {
		intoOf[ps.PersonID] = ps
	}
	for _, f := range froms {
		t, both := intoOf[f.PersonID]
		if !both {
			continue
		}
		u := o.C.PersonSkill.UpdateOneID(t.ID).
			SetLevel(max(f.Level, t.Level)).SetYears(max(f.Years, t.Years)).
			SetWantsToLearn(f.WantsToLearn || t.WantsToLearn)
		if f.LastUsed != nil && (t.LastUsed == nil || f.LastUsed.After(*t.LastUsed)) {
			u.SetLastUsed(*f.LastUsed)
		}
		if err := u.Exec(o.As(authz.MergeSkills)); err != nil {
			return err
		}
		// Endorsements of from by persons who have not endorsed into yet
		// move over; the rest are duplicates.
		already, err := o.C.Endorsement.Query().Where(endorsement.PersonSkillID(t.ID)).
			Select(endorsement.FieldEndorserID).Ints(o.Sys)
		if err != nil {
			return err
		}
		move := o.C.Endorsement.Update().Where(endorsement.PersonSkillID(f.ID))
		if len(already) > 0 {
			move = move.Where(endorsement.EndorserIDNotIn(already...))
		}
		if _, err := move.Modify(setColumn(endorsement.FieldPersonSkillID, t.ID)).Save(o.As(authz.MergeSkills)); err != nil {
			return err
		}
		if _, err := o.C.Endorsement.Delete().Where(endorsement.PersonSkillID(f.ID)).Exec(o.As(authz.MergeSkills)); err != nil {
			return err
		}
		if err := o.C.PersonSkill.DeleteOneID(f.ID).Exec(o.As(authz.MergeSkills)); err != nil {
			return err
		}
		n, err := o.C.Endorsement.Query().Where(endorsement.PersonSkillID(t.ID)).Count(o.Sys)
		if err != nil {
			return err
		}
		if err := o.C.PersonSkill.UpdateOneID(t.ID).SetEndorsementCount(n).Exec(o.As(authz.MergeSkills)); err != nil {
			return err
		}
	}
	// skill_id is immutable for clients; the merge is the one place that
	// moves a person skill to another skill.
	_, err = o.C.PersonSkill.Update().Where(personskill.SkillID(fromID)).
		SetUpdatedAt(o.Now).Modify(setColumn(personskill.FieldSkillID, intoID)).Save(o.As(authz.MergeSkills))
	return err
}

// mergeNeeds moves from's project needs to into; a project needing both
// keeps into's need with the higher level, hours and headcount.
func mergeNeeds(o *domainop.Op, fromID, intoID int) error {
	froms, err := o.C.ProjectSkillNeed.Query().Where(projectskillneed.SkillID(fromID)).All(o.Sys)
	if err != nil {
		return err
	}
	for _, f := range froms {
		t, err := o.C.ProjectSkillNeed.Query().
			Where(projectskillneed.ProjectID(f.ProjectID), projectskillneed.SkillID(intoID)).Only(o.Sys)
		if ent.IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		if err := o.C.ProjectSkillNeed.UpdateOneID(t.ID).
			SetMinLevel(max(f.MinLevel, t.MinLevel)).SetHoursPerWeek(max(f.HoursPerWeek, t.HoursPerWeek)).
			SetHeadcount(max(f.Headcount, t.Headcount)).Exec(o.As(authz.MergeSkills)); err != nil {
			return err
		}
		if err := o.C.ProjectSkillNeed.DeleteOneID(f.ID).Exec(o.As(authz.MergeSkills)); err != nil {
			return err
		}
	}
	_, err = o.C.ProjectSkillNeed.Update().Where(projectskillneed.SkillID(fromID)).
		Modify(setColumn(projectskillneed.FieldSkillID, intoID)).Save(o.As(authz.MergeSkills))
	return err
}

// moveChildren puts from's child skills under into. When into lies below
// from, it first takes from's place, so the taxonomy stays a tree.
func moveChildren(o *domainop.Op, from, into *ent.Skill) error {
	below, err := isBelow(o, into, from.ID)
	if err != nil {
		return err
	}
	if below {
		u := o.C.Skill.UpdateOneID(into.ID).ClearParentID()
		if from.ParentID != nil {
			u.SetParentID(*from.ParentID)
		}
		if err := u.Exec(o.As(authz.MergeSkills)); err != nil {
			return err
		}
	}
	_, err = o.C.Skill.Update().Where(skill.ParentID(from.ID), skill.IDNEQ(into.ID)).SetParentID(into.ID).Save(o.As(authz.MergeSkills))
	return err
}

// isBelow reports whether s lies in the subtree of ancestor.
func isBelow(o *domainop.Op, s *ent.Skill, ancestor int) (bool, error) {
	seen := map[int]bool{}
	for p := s.ParentID; p != nil && !seen[*p]; {
		if *p == ancestor {
			return true, nil
		}
		seen[*p] = true
		parent, err := o.C.Skill.Get(o.Sys, *p)
		if err != nil {
			return false, err
		}
		p = parent.ParentID
	}
	return false, nil
}

func setColumn(column string, v any) func(*sql.UpdateBuilder) {
	return func(u *sql.UpdateBuilder) { u.Set(column, v) }
}
