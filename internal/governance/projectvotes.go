package governance

// Project decisions with everyone on the project (DESIGN.md, "Decisions";
// issue 15, item 4). A project's settings say who decides its budget and
// operation (Project.deciders):
//
//   - LEAD_COOP (the default): the lead coop's members, one vote each, as
//     for any decision of the coop. Its proposals are the lead coop's and
//     are read by its members only.
//   - SHARE_HOLDERS: the lead coop and every partner coop holding a share
//     one vote each (cast by its delegate or decided in a COOP_VOTE
//     proposal, coopvotes.go), every freelancer holding a share one vote in
//     person. The proposal is the lead coop's (coop_id), with electorate
//     SHARE_HOLDERS, and is read by everyone who reads the project.
//
// Whose bylaws govern a share-holder decision: the lead coop's rule for
// the kind (BUDGET, PROJECT_GENERAL), copied onto the proposal when it
// opens, as for the lead coop's own decisions: the project is the lead
// coop's, and a partner's bylaws only say how that partner decides its
// own vote.
//
// Changing who decides is itself a governance change. Widening (LEAD_COOP
// to SHARE_HOLDERS) gives the lead coop's power away: its members may do it
// directly (setProjectDeciders), or decide it. Narrowing (SHARE_HOLDERS to
// LEAD_COOP) takes the vote away from the share holders: only a passed
// PROJECT_GENERAL decision of the share holders carrying that change does
// it, in the transaction that closes it. updateProject never changes it
// (the field is not in its input, and the Project policy refuses a
// generic update that sets it).
//
// Whatever the setting, a cut of someone's share needs its holder's
// consent (internal/budgets PlanMotion): the setting changes who takes the
// project's decision, not the consent decisions.

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// NewProjectDecision is a PROJECT_GENERAL decision proposed on a project.
type NewProjectDecision struct {
	ProjectID   int
	Title, Body string
	ClosesAt    time.Time
	// Deciders, if set, is the change of who decides the project this
	// decision carries, applied when it passes.
	Deciders *project.Deciders
}

// ProposeProjectDecision opens a PROJECT_GENERAL decision of a project: of
// its lead coop's members (electorate MEMBERS) when the lead coop decides
// it, of all its share holders (electorate SHARE_HOLDERS) when they do.
// Proposed by a member of the lead coop, or, when the share holders
// decide, by any of them. The rule is the lead coop's for PROJECT_GENERAL.
func (svc *Service) ProposeProjectDecision(ctx context.Context, in NewProjectDecision) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	pr, err := o.C.Project.Get(o.Ctx, in.ProjectID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "projectID", "projectID: not found")
	}
	byShareHolders := pr.Deciders == project.DecidersSHARE_HOLDERS
	holder := false
	if byShareHolders {
		if holder, err = o.holdsShare(pr.ID); err != nil {
			return nil, err
		}
	}
	if err := authz.CanOpenProjectDecision(o.V, pr.LeadCoopID, byShareHolders, holder); err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	np := NewProposal{CoopID: pr.LeadCoopID, Kind: proposal.KindPROJECT_GENERAL, Title: in.Title, Body: in.Body,
		ClosesAt: in.ClosesAt, ProjectID: &pr.ID}
	if byShareHolders {
		np.Electorate = proposal.ElectorateSHARE_HOLDERS
	}
	if in.Deciders != nil {
		if err := project.DecidersValidator(*in.Deciders); err != nil {
			return nil, apperr.InvalidField("deciders", "deciders: %v", err)
		}
		if *in.Deciders == pr.Deciders {
			return nil, apperr.InvalidField("deciders", "the project is already decided by %s", decidersText(pr.Deciders))
		}
		d := string(*in.Deciders)
		np.Bylaws = &bylaws.Change{ProjectDeciders: &d}
	}
	lead, err := o.C.Coop.Get(o.Sys, pr.LeadCoopID)
	if err != nil {
		return nil, err
	}
	return o.open(authz.OpenProjectDecision, lead, np, nil)
}

// SetProjectDeciders changes who decides a project without a decision, as
// far as that is safe: members of the lead coop let all share holders
// decide (LEAD_COOP to SHARE_HOLDERS). The way back is FORBIDDEN here: only
// a passed PROJECT_GENERAL decision of the share holders carrying it
// (ProposeProjectDecision with deciders LEAD_COOP).
func (svc *Service) SetProjectDeciders(ctx context.Context, projectID int, to project.Deciders) (*ent.Project, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	pr, err := o.C.Project.Get(o.Ctx, projectID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "projectID", "projectID: not found")
	}
	if err := authz.CanWidenProjectDeciders(o.V, pr.LeadCoopID); err != nil {
		return nil, err
	}
	if err := project.DecidersValidator(to); err != nil {
		return nil, apperr.InvalidField("deciders", "deciders: %v", err)
	}
	if to == pr.Deciders {
		return nil, apperr.InvalidField("deciders", "the project is already decided by %s", decidersText(pr.Deciders))
	}
	if to == project.DecidersLEAD_COOP {
		return nil, forbidden("the project's share holders decide it: only their passed PROJECT_GENERAL decision carrying deciders LEAD_COOP gives the decision back to the lead coop (proposeProjectDecision)")
	}
	n, err := o.C.Project.Update().Where(project.ID(pr.ID), project.DecidersEQ(pr.Deciders)).
		SetDeciders(to).Save(o.As(authz.WidenProjectDeciders))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.Conflict, "who decides the project changed meanwhile; reload it and try again")
	}
	return o.C.Project.Get(o.Ctx, pr.ID)
}

// projectElectorate is who takes a project's decisions now: SHARE_HOLDERS
// or the lead coop's MEMBERS.
func (o *op) projectElectorate(projectID int) (proposal.Electorate, error) {
	pr, err := o.C.Project.Get(o.Sys, projectID)
	if err != nil {
		return "", err
	}
	if pr.Deciders == project.DecidersSHARE_HOLDERS {
		return proposal.ElectorateSHARE_HOLDERS, nil
	}
	return proposal.ElectorateMEMBERS, nil
}

// holdsShare says whether the viewer holds a share of the project: in
// person, or through a coop they are a current (not paused) member of.
func (o *op) holdsShare(projectID int) (bool, error) {
	var active []int
	for _, c := range o.V.MemberCoops() {
		if o.V.IsActiveMember(c) {
			active = append(active, c)
		}
	}
	return o.C.BudgetShare.Query().Where(budgetshare.ProjectID(projectID),
		budgetshare.Or(budgetshare.PersonID(o.V.PersonID), budgetshare.CoopIDIn(active...))).Exist(o.Sys)
}

// applyProjectDecision applies the change of who decides the project that
// a passed PROJECT_GENERAL decision p carries, under the project's row
// lock, in p's closing transaction before its outcome is written; the
// reason says what happened. Only a decision of the share holders gives
// the decision back to the lead coop.
func (o *op) applyProjectDecision(p *ent.Proposal, outcome *decision.Outcome) error {
	if p.Kind != proposal.KindPROJECT_GENERAL || p.ProjectID == nil || p.BylawsChange.ProjectDeciders == nil {
		return nil
	}
	to := project.Deciders(*p.BylawsChange.ProjectDeciders)
	if to == project.DecidersLEAD_COOP && p.Electorate != proposal.ElectorateSHARE_HOLDERS {
		outcome.Reason += "; who decides the project is unchanged: only its share holders give the decision back to the lead coop"
		return nil
	}
	pr, err := o.C.Project.Query().Where(project.ID(*p.ProjectID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return err
	}
	if pr.Deciders == to {
		outcome.Reason += fmt.Sprintf("; the project was already decided by %s", decidersText(to))
		return nil
	}
	if err := o.C.Project.UpdateOneID(pr.ID).SetDeciders(to).Exec(o.As(authz.ApplyProjectDecision)); err != nil {
		return err
	}
	outcome.Reason += fmt.Sprintf("; from now on the project is decided by %s", decidersText(to))
	return nil
}

func decidersText(d project.Deciders) string {
	if d == project.DecidersSHARE_HOLDERS {
		return "all its share holders (SHARE_HOLDERS)"
	}
	return "its lead coop (LEAD_COOP)"
}
