package demo

// The demo's decisions beyond a coop's own members (issue 15): a network
// decision in progress with the coop votes of two coops' closed COOP_VOTE
// proposals, a bylaws change with its version history, a project decided
// by its share holders where a freelancer voted, and a discussion. The plan
// checks them with the rules governance applies (governance.CoopRule and
// NetworkRule, decision.Decide); the seeder writes them as the operations
// would have left them.

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/governance"
)

// plannedNetworkProposal is a network decision with the coop votes cast on it.
type plannedNetworkProposal struct {
	networkProposalSpec
	coopVotes []plannedCoopVote
}

// plannedCoopVote is a coop's one vote, cast by the close of its COOP_VOTE.
type plannedCoopVote struct {
	coop      string
	choice    vote.Choice
	decidedBy *plannedProposal
}

// coopRule is the rule the coop's bylaws give kind (governance.CoopRule).
func coopRule(c *coopSpec, kind proposal.Kind) decision.Rule {
	return governance.CoopRule(&ent.Coop{AdmissionRule: c.rule, QuorumPercent: c.quorumPercent, DecisionRules: c.decisionRules}, kind)
}

// networkRule is the rule the network's bylaws give kind (governance.NetworkRule).
func networkRule(kind proposal.Kind) decision.Rule {
	return governance.NetworkRule(&ent.Network{DefaultRule: demoNetwork.defaultRule, QuorumPercent: demoNetwork.quorumPercent}, kind)
}

// networkVotesAt is how the coop casts its network votes on day t: as
// founded, or as the last BYLAWS proposal passed before t says.
func networkVotesAt(coopKey string, t time.Time) coop.NetworkVotes {
	votes, last := coop.NetworkVotesINTERNAL_PROPOSAL, time.Time{}
	for _, ps := range demoProposals {
		if ps.coop == coopKey && ps.bylaws != nil && ps.bylaws.networkVotes != "" &&
			ps.status == proposal.StatusPASSED && ps.closes.Before(t) && ps.closes.After(last) {
			votes, last = ps.bylaws.networkVotes, ps.closes
		}
	}
	return votes
}

func (p *plan) networkProposal(title string) *plannedNetworkProposal {
	for _, np := range p.networkProposals {
		if np.title == title {
			return np
		}
	}
	return nil
}

func (p *plan) holdsPersonShare(person, projectKey string) bool {
	pr := p.projects[projectKey]
	return pr != nil && slices.ContainsFunc(pr.shares, func(sh shareSpec) bool { return sh.person == person })
}

// coopChoice is the coop vote a closed COOP_VOTE casts, as governance
// casts it: PASSED YES, REJECTED NO, a missed quorum ABSTAIN.
func coopChoice(o decision.Outcome) vote.Choice {
	switch {
	case !o.QuorumReached:
		return vote.ChoiceABSTAIN
	case o.Passed:
		return vote.ChoiceYES
	}
	return vote.ChoiceNO
}

// checkDecisions checks the network decisions with their coop votes, the
// bylaws changes and the discussions, once every proposal is planned.
func (p *plan) checkDecisions() []error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	for _, np := range p.networkProposals {
		open := np.status == proposal.StatusOPEN
		check(np.kind == proposal.KindNETWORK_GENERAL, "network proposal %q: the demo's network decisions are NETWORK_GENERAL", np.title)
		check(np.opened.Before(np.closes) && np.opened.Before(ReferenceDate) && open == np.closes.After(ReferenceDate),
			"network proposal %q: bad dates", np.title)
		rule := networkRule(np.kind)
		check(!np.closes.Before(np.opened.AddDate(0, 0, rule.MinVotingDays)), "network proposal %q: closes before the minimum voting period", np.title)
		// Proposed by a current member of a member coop (every demo coop is one).
		author := false
		for _, c := range demoCoops {
			author = author || p.memberAt(np.author, c.key, np.opened)
		}
		check(author, "network proposal %q: author %q is a member of no member coop", np.title, np.author)
		// Each coop votes once: its COOP_VOTE's outcome, cast when it closed.
		var count decision.Count
		for _, pp := range p.proposals {
			if pp.kind != proposal.KindCOOP_VOTE || pp.parent != np.title || pp.status == proposal.StatusOPEN {
				continue
			}
			check(!slices.ContainsFunc(np.coopVotes, func(v plannedCoopVote) bool { return v.coop == pp.coop }),
				"network proposal %q: coop %q votes twice", np.title, pp.coop)
			v := plannedCoopVote{coop: pp.coop, choice: coopChoice(pp.outcome), decidedBy: pp}
			np.coopVotes = append(np.coopVotes, v)
			check(count.Add(decision.Choice(v.choice)) == nil, "network proposal %q: bad coop vote", np.title)
		}
		if !open {
			o, err := decision.Decide(rule, len(demoCoops), count)
			check(err == nil && o.Passed == (np.status == proposal.StatusPASSED),
				"network proposal %q: decision.Decide gives passed=%v (%s), data says %s", np.title, o.Passed, o.Reason, np.status)
		}
	}
	// Bylaws: a coop's versions follow each other; a change applies once.
	for _, c := range demoCoops {
		check(!p.founded[c.key].IsZero(), "coop %q has no founder", c.key)
		var last time.Time
		for _, pp := range p.proposals {
			if pp.coop == c.key && pp.kind == proposal.KindBYLAWS && pp.status == proposal.StatusPASSED {
				check(pp.closes.After(last), "coop %q: two bylaws changes on one day", c.key)
				last = pp.closes
			}
		}
	}
	// Discussions: on open proposals, by persons who may read them, while
	// they were open; replies answer a top-level comment.
	for _, ds := range demoDiscussions {
		np := p.networkProposal(ds.proposal)
		var pp *plannedProposal
		for _, cand := range p.proposals {
			if cand.title == ds.proposal && cand.status == proposal.StatusOPEN {
				check(pp == nil, "discussion %q: two open proposals of that title", ds.proposal)
				pp = cand
			}
		}
		if (np == nil) == (pp == nil) {
			check(false, "discussion %q: no single open proposal of that title", ds.proposal)
			continue
		}
		opened, isOpen := ReferenceDate, true
		if np != nil {
			opened, isOpen = np.opened, np.status == proposal.StatusOPEN
		} else {
			opened = pp.opened
		}
		check(isOpen, "discussion %q: the proposal is closed", ds.proposal)
		var walk func(cs []commentSpec, depth int)
		walk = func(cs []commentSpec, depth int) {
			for _, cm := range cs {
				check(p.persons[cm.author] != nil && cm.body != "", "discussion %q: bad comment by %q", ds.proposal, cm.author)
				check(cm.at.After(opened) && cm.at.Before(ReferenceDate), "discussion %q: comment by %q outside the voting period", ds.proposal, cm.author)
				// A network decision is read by every participant of the
				// network (everyone in the demo; its participant voice is
				// ADVISORY), a coop's by its members, paused ones too, and
				// a share holders' decision by those on the project.
				if pp != nil {
					m := p.membershipOf[[2]string{cm.author, pp.coop}]
					st := membershipStateAt(m, cm.at)
					check(st == "MEMBER" || st == "PAUSED" || (pp.electorate == proposal.ElectorateSHARE_HOLDERS && p.holdsPersonShare(cm.author, pp.project)),
						"discussion %q: %q may not read the proposal", ds.proposal, cm.author)
				}
				check(depth == 0 || len(cm.replies) == 0, "discussion %q: replies are one level deep", ds.proposal)
				for _, r := range cm.replies {
					check(r.at.After(cm.at), "discussion %q: a reply before its comment", ds.proposal)
				}
				walk(cm.replies, depth+1)
			}
		}
		walk(ds.comments, 0)
	}
	return errs
}

func membershipStateAt(m *plannedMembership, t time.Time) string {
	if m == nil {
		return ""
	}
	return string(m.stateAt(t))
}

// createNetworkProposals opens the network decisions, before the coops'
// proposals, whose COOP_VOTEs name them.
func (s *seeder) createNetworkProposals(ctx context.Context) error {
	s.networkProposals = map[string]*ent.Proposal{}
	for _, np := range s.plan.networkProposals {
		b := s.tx.Proposal.Create().
			SetNetworkID(s.network.ID).
			SetElectorate(proposal.ElectorateCOOPS).
			SetKind(np.kind).
			SetTitle(np.title).
			SetBody(np.body).
			SetStatus(np.status).
			SetOpenedAt(s.at(np.opened)).
			SetClosesAt(openUntil(ctx, np.status, s.at(np.closes))).
			SetAuthorID(s.persons[np.author].ID)
		governance.CopyRule(b, networkRule(np.kind))
		if np.status != proposal.StatusOPEN {
			b.SetClosedAt(s.at(np.closes))
		}
		created, err := b.Save(ctx)
		if err != nil {
			return fmt.Errorf("%q: %w", np.title, err)
		}
		s.networkProposals[np.title] = created
	}
	return nil
}

// createDecisionRecords writes what closing and discussing the decisions
// left behind: the coop votes the COOP_VOTEs cast, the bylaws the BYLAWS
// proposals changed with their versions, and the discussions.
func (s *seeder) createDecisionRecords(ctx context.Context) error {
	for _, np := range s.plan.networkProposals {
		parent := s.networkProposals[np.title]
		for _, v := range np.coopVotes {
			by := s.proposals[v.decidedBy]
			if err := s.tx.Vote.Create().
				SetProposalID(parent.ID).
				SetVoterCoopID(s.coops[v.coop].ID).
				SetDecidedByID(by.ID).
				SetChoice(v.choice).
				SetReason(fmt.Sprintf("decided by proposal %q: %s", by.Title, v.decidedBy.outcome.Reason)).
				SetCastAt(s.at(v.decidedBy.closes)).
				Exec(ctx); err != nil {
				return fmt.Errorf("%s's vote on %q: %w", v.coop, np.title, err)
			}
		}
	}
	for _, pp := range s.plan.proposals { // in each coop's closing order (checkDecisions)
		if pp.kind != proposal.KindBYLAWS || pp.status != proposal.StatusPASSED {
			continue
		}
		c, err := s.tx.Coop.Get(ctx, s.coops[pp.coop].ID)
		if err != nil {
			return err
		}
		u := c.Update().SetBylawsVersion(c.BylawsVersion + 1)
		if b := pp.bylaws; b.networkVotes != "" {
			u.SetNetworkVotes(b.networkVotes)
		}
		if b := pp.bylaws; b.delegate != "" {
			u.SetNetworkDelegateID(s.persons[b.delegate].ID)
		}
		if b := pp.bylaws; b.text != "" {
			u.SetBylawsText(b.text)
		}
		if c, err = u.Save(ctx); err != nil {
			return fmt.Errorf("bylaws of %s: %w", pp.coop, err)
		}
		s.coops[pp.coop] = c
		if err := s.tx.BylawsVersion.Create().SetCoopID(c.ID).SetVersion(c.BylawsVersion).
			SetValues(governance.CoopBylaws(c)).SetText(c.BylawsText).SetCurrency(c.Currency).
			SetProposalID(s.proposals[pp].ID).SetDecidedAt(s.at(pp.closes)).Exec(ctx); err != nil {
			return fmt.Errorf("bylaws version of %s: %w", pp.coop, err)
		}
	}
	for _, ds := range demoDiscussions {
		target := s.networkProposals[ds.proposal]
		for pp, created := range s.proposals {
			if target == nil && pp.title == ds.proposal && pp.status == proposal.StatusOPEN {
				target = created
			}
		}
		for _, cm := range ds.comments {
			top, err := s.comment(ctx, target.ID, nil, cm)
			if err != nil {
				return err
			}
			for _, r := range cm.replies {
				if _, err := s.comment(ctx, target.ID, &top, r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *seeder) comment(ctx context.Context, proposalID int, parent *int, cm commentSpec) (int, error) {
	c, err := s.tx.ProposalComment.Create().
		SetProposalID(proposalID).
		SetAuthorID(s.persons[cm.author].ID).
		SetNillableParentID(parent).
		SetBody(cm.body).
		SetCreatedAt(s.at(cm.at)).
		SetUpdatedAt(s.at(cm.at)).
		Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("comment of %s: %w", cm.author, err)
	}
	return c.ID, nil
}

// networkBylaws sets the network's bylaws as the data gives them.
func networkBylaws(b *ent.NetworkCreate) *ent.NetworkCreate {
	return b.SetDefaultRule(network.DefaultRule(demoNetwork.defaultRule)).SetQuorumPercent(demoNetwork.quorumPercent)
}
