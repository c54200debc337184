package governance

// Network governance (DESIGN.md, "Decisions"): a network decides as a
// federation of its member coops, one vote each (coopvotes.go: cast by the
// coop's delegate or decided by its members in a COOP_VOTE proposal).
//
//   - Who opens network proposals: current members of a member coop. A
//     network's admins run its directory, taxonomy and invitations; they
//     open no proposals as admins, since the coops decide (an admin who is a
//     member of a member coop proposes as that member). Individual
//     participants read the network's proposals (ParticipantMayComment says
//     whether they comment) and never vote.
//   - Kinds: NETWORK_GENERAL (no effect), COOP_EXCLUSION (a member coop
//     leaves the network on pass; not the network's only coop), NETWORK_BYLAWS
//     (the bylaws change it carries applies on pass: applyBylawsChange), and
//     COOP_ADMISSION, opened by the applying coop itself (ApplyToNetwork).
//   - Rule: the network bylaws' rule for the kind (NetworkRule), frozen when
//     the proposal opens, minimum voting period included.
//   - The coop a proposal is about (subject_coop_id) does not vote on it.
//   - Live updates: a network proposal is announced to the subscribers of
//     networkProposalChanged of its network and, when it is about a coop, to
//     that coop's proposalChanged (an applicant's members take no part in
//     the network yet), see announce.
//   - Coops join a network only by decision once it has a coop: the
//     generic updateNetwork(addCoopIDs) brings in the founding coops only,
//     while the network has none (authz edges.go, foundingCoop).

import (
	"context"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/events"
)

// NewNetworkProposal is a decision put to a network's member coops.
type NewNetworkProposal struct {
	NetworkID     int
	Kind          proposal.Kind // NETWORK_GENERAL or COOP_EXCLUSION (ProposeNetworkDecision)
	SubjectCoopID *int          // COOP_EXCLUSION: the coop to exclude
	Title, Body   string
	ClosesAt      time.Time
	Bylaws        *bylaws.Change // NETWORK_BYLAWS (ProposeNetworkBylawsChange)
}

// ProposeNetworkDecision opens a NETWORK_GENERAL or COOP_EXCLUSION proposal
// of a network the viewer reads, as a current member of one of its coops.
// One COOP_EXCLUSION of a coop is open at a time (CONFLICT), and the
// network's only coop cannot be excluded (nobody would be left to decide).
func (svc *Service) ProposeNetworkDecision(ctx context.Context, in NewNetworkProposal) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	n, coops, err := o.proposingNetwork(in.NetworkID)
	if err != nil {
		return nil, err
	}
	switch in.Kind {
	case proposal.KindNETWORK_GENERAL:
		if in.SubjectCoopID != nil {
			return nil, apperr.InvalidField("subjectCoopID", "only a COOP_EXCLUSION names a coop")
		}
	case proposal.KindCOOP_EXCLUSION:
		if in.SubjectCoopID == nil {
			return nil, apperr.InvalidField("subjectCoopID", "a COOP_EXCLUSION names the coop to exclude")
		}
		subject, err := o.C.Coop.Get(o.Ctx, *in.SubjectCoopID)
		if err != nil {
			return nil, apperr.FieldNotFound(err, "subjectCoopID", "subjectCoopID: not found")
		}
		if !slices.Contains(coops, subject.ID) {
			return nil, apperr.InvalidField("subjectCoopID", "%s is not a member coop of the network", subject.Name)
		}
		if len(coops) < 2 {
			return nil, apperr.InvalidField("subjectCoopID", "the network's only coop cannot be excluded: no other coop would decide")
		}
		if err := o.noneOpenAbout(n.ID, subject.ID, proposal.KindCOOP_EXCLUSION,
			"a COOP_EXCLUSION of this coop is already open in the network"); err != nil {
			return nil, err
		}
	default:
		return nil, apperr.InvalidField("kind", "proposeNetworkDecision opens NETWORK_GENERAL and COOP_EXCLUSION proposals")
	}
	in.Bylaws = nil
	return o.openNetwork(authz.OpenNetworkProposal, n, in)
}

// ProposeNetworkBylawsChange opens a NETWORK_BYLAWS proposal carrying the
// change (ValidateNetworkBylawsChange), applied when it passes.
func (svc *Service) ProposeNetworkBylawsChange(ctx context.Context, in NewNetworkProposal) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	n, _, err := o.proposingNetwork(in.NetworkID)
	if err != nil {
		return nil, err
	}
	if in.Bylaws == nil {
		return nil, apperr.InvalidField("change", "a NETWORK_BYLAWS proposal carries the change")
	}
	if err := ValidateNetworkBylawsChange(*in.Bylaws); err != nil {
		return nil, err
	}
	in.Kind, in.SubjectCoopID = proposal.KindNETWORK_BYLAWS, nil
	return o.openNetwork(authz.OpenNetworkProposal, n, in)
}

// proposingNetwork reads the network (NOT_FOUND when the viewer does not
// take part in it) and its member coops, and checks that the viewer is a
// current member of one of them.
func (o *op) proposingNetwork(id int) (*ent.Network, []int, error) {
	n, err := o.C.Network.Get(o.Ctx, id)
	if err != nil {
		return nil, nil, apperr.FieldNotFound(err, "networkID", "networkID: not found")
	}
	coops, err := o.networkCoops(n.ID)
	if err != nil {
		return nil, nil, err
	}
	if err := authz.CanOpenNetworkProposal(o.V, coops); err != nil {
		return nil, nil, err
	}
	return n, coops, nil
}

func (o *op) networkCoops(networkID int) ([]int, error) {
	return o.C.Coop.Query().Where(coop.HasNetworksWith(network.ID(networkID))).IDs(o.Sys)
}

// NewApplication is a coop's application to join a network.
type NewApplication struct {
	NetworkID, CoopID int
	Title, Body       string
	ClosesAt          time.Time
}

// ApplyToNetwork opens the COOP_ADMISSION proposal of a coop applying to
// join a network, as a current member of the coop. The network need not be
// readable to the applicant (its members take part in it only once
// admitted): it is found by its ID, an unknown ID is NOT_FOUND on
// networkID. A coop already in the network, a network without member coops
// (its founders bring theirs in) and a second open application of the coop
// are CONFLICT. The applicant's members read the application and its votes
// (authz.ProposalReadable) and hear of it on their coop's proposalChanged;
// the coop becomes a member in the transaction that closes it passed.
func (svc *Service) ApplyToNetwork(ctx context.Context, in NewApplication) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	c, err := o.C.Coop.Get(o.Ctx, in.CoopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanApplyToNetwork(o.V, c.ID); err != nil {
		return nil, err
	}
	// Past the read filter: see the doc comment.
	n, err := o.C.Network.Get(o.Sys, in.NetworkID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "networkID", "networkID: not found")
	}
	coops, err := o.networkCoops(n.ID)
	if err != nil {
		return nil, err
	}
	switch {
	case slices.Contains(coops, c.ID):
		return nil, apperr.New(apperr.Conflict, "%s is already a member coop of this network", c.Name)
	case len(coops) == 0:
		return nil, apperr.New(apperr.Conflict, "this network has no member coop to decide on applications yet: its founders bring in the founding coops")
	}
	if err := o.noneOpenAbout(n.ID, c.ID, proposal.KindCOOP_ADMISSION,
		"the coop's application to this network is already open"); err != nil {
		return nil, err
	}
	if in.Title == "" {
		// Not the network's name: the applicant may not read the network.
		in.Title = c.Name + " applies to join the network"
	}
	return o.openNetwork(authz.ApplyToNetwork, n, NewNetworkProposal{NetworkID: n.ID, Kind: proposal.KindCOOP_ADMISSION,
		SubjectCoopID: &c.ID, Title: in.Title, Body: in.Body, ClosesAt: in.ClosesAt})
}

// noneOpenAbout checks, under the coop's row lock (so that two racing
// requests cannot both find none), that no proposal of kind about coopID is
// open in the network; CONFLICT with msg otherwise.
func (o *op) noneOpenAbout(networkID, coopID int, kind proposal.Kind, msg string) error {
	if _, err := o.C.Coop.Query().Where(coop.ID(coopID)).Unique(false).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return err
	}
	open, err := o.C.Proposal.Query().Where(proposal.NetworkID(networkID), proposal.SubjectCoopID(coopID),
		proposal.KindEQ(kind), proposal.StatusEQ(proposal.StatusOPEN)).Exist(o.Sys)
	if err != nil {
		return err
	}
	if open {
		return apperr.New(apperr.Conflict, "%s", msg)
	}
	return nil
}

// openNetwork opens a proposal of network n decided by its member coops,
// with the rule its bylaws give the kind now (NetworkRule).
func (o *op) openNetwork(rule *authz.Rule, n *ent.Network, in NewNetworkProposal) (*ent.Proposal, error) {
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	c := o.C.Proposal.Create().
		SetNetworkID(n.ID).SetElectorate(proposal.ElectorateCOOPS).SetKind(in.Kind).
		SetTitle(in.Title).SetBody(in.Body).SetOpenedAt(o.Now).SetClosesAt(in.ClosesAt).
		SetAuthorID(o.V.PersonID).SetNillableSubjectCoopID(in.SubjectCoopID)
	if in.Bylaws != nil {
		c.SetBylawsChange(*in.Bylaws)
	}
	if err := freezeRule(c, NetworkRule(n, in.Kind), o.Now, in.ClosesAt); err != nil {
		return nil, err
	}
	if err := o.freezeVoters(c, &ent.Proposal{Electorate: proposal.ElectorateCOOPS, NetworkID: &n.ID, SubjectCoopID: in.SubjectCoopID}); err != nil {
		return nil, err
	}
	p, err := c.Save(o.As(rule))
	if err == nil {
		o.announce(p, ProposalOpened)
	}
	return p, err
}

// announce publishes a change of p: a coop's (or project's) proposal to its
// coop's proposalChanged; a network proposal to networkProposalChanged of
// its network and, when it is about a coop, to that coop's proposalChanged
// too (an applicant's members take no part in the network yet). Each
// subscriber then receives it only if they may read it.
func (o *op) announce(p *ent.Proposal, change string) { o.announceObject(p, p.ID, change) }

// announceObject is announce for a change whose object is not the proposal
// itself (a comment on it).
func (o *op) announceObject(p *ent.Proposal, object int, change string) {
	if p.NetworkID == nil {
		o.proposalChanged(p.CoopID, object, change)
		return
	}
	o.Publish(events.Event{Topic: events.Topic{Kind: events.NetworkProposals, ID: *p.NetworkID}, Object: object, Change: change})
	if p.SubjectCoopID != nil {
		o.proposalChanged(*p.SubjectCoopID, object, change)
	}
}

// applyCoopMembershipDecision applies a passed COOP_ADMISSION (the
// applicant joins the network) or COOP_EXCLUSION (the coop leaves it) in
// the transaction that closes it, and says so in the outcome's reason.
func (o *op) applyCoopMembershipDecision(p *ent.Proposal, outcome *decision.Outcome) error {
	if p.NetworkID == nil || p.SubjectCoopID == nil || !outcome.Passed {
		return nil
	}
	// Under the network's row lock, so that two exclusions closing at once
	// (two replicas' deadline sweeps) see each other's effect: a network
	// never loses its last coop.
	if _, err := o.C.Network.Query().Where(network.ID(*p.NetworkID)).Unique(false).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return err
	}
	in, err := o.C.Network.Query().Where(network.ID(*p.NetworkID), network.HasCoopsWith(coop.ID(*p.SubjectCoopID))).Exist(o.Sys)
	if err != nil {
		return err
	}
	switch p.Kind {
	case proposal.KindCOOP_ADMISSION:
		if in {
			outcome.Reason += "; the coop was already a member of the network"
			return nil
		}
		outcome.Reason += "; the coop joins the network"
		return o.C.Network.UpdateOneID(*p.NetworkID).AddCoopIDs(*p.SubjectCoopID).Exec(o.As(authz.AdmitCoopToNetwork))
	case proposal.KindCOOP_EXCLUSION:
		if !in {
			outcome.Reason += "; the coop had already left the network"
			return nil
		}
		coops, err := o.networkCoops(*p.NetworkID)
		if err != nil {
			return err
		}
		if len(coops) <= 1 {
			outcome.Reason += "; not applied: the coop is the network's last one, and a network keeps at least one coop"
			return nil
		}
		outcome.Reason += "; the coop leaves the network"
		return o.C.Network.UpdateOneID(*p.NetworkID).RemoveCoopIDs(*p.SubjectCoopID).Exec(o.As(authz.ExcludeCoopFromNetwork))
	}
	return nil
}

// ValidateNetworkBylawsChange says what is wrong with a change of a
// network's bylaws, naming the field: it changes something, only network
// fields, with valid values and a rule per network kind at most
// (decision.Rules.Validate(NetworkKinds)).
func ValidateNetworkBylawsChange(ch bylaws.Change) error {
	if ch.CandidacyDays != nil || ch.FreelancerRightToJoinDays != nil || ch.BuyInCents != nil ||
		ch.SurplusSharePercent != nil || ch.BudgetChangeThresholdCents != nil || ch.ShareReductionConsent != nil ||
		ch.SurplusIncludesFormerMembers != nil || ch.NetworkVotes != nil || ch.NetworkDelegateID != nil {
		return apperr.InvalidField("change", "a network's bylaws change only its decision rules, participant voice and text")
	}
	if ch.DefaultRule == nil && ch.QuorumPercent == nil && ch.DecisionRules == nil && ch.ParticipantVoice == nil && ch.Text == nil {
		return apperr.InvalidField("change", "the change changes nothing")
	}
	if ch.DefaultRule != nil {
		if err := network.DefaultRuleValidator(network.DefaultRule(*ch.DefaultRule)); err != nil {
			return apperr.InvalidField("defaultRule", "a network's default rule is CONSENSUS, CONSENT, TWO_THIRDS or SIMPLE_MAJORITY")
		}
	}
	if ch.QuorumPercent != nil && (*ch.QuorumPercent < 0 || *ch.QuorumPercent > 100) {
		return apperr.InvalidField("quorumPercent", "the quorum is 0 to 100 percent, got %d", *ch.QuorumPercent)
	}
	if ch.DecisionRules != nil {
		if err := ch.DecisionRules.Validate(NetworkKinds); err != nil {
			if fe, ok := err.(*decision.FieldError); ok {
				return apperr.InvalidField("decisionRules", "decisionRules: %s: %s", fe.Field, fe.Message)
			}
			return apperr.InvalidField("decisionRules", "%s", err.Error())
		}
	}
	if ch.ParticipantVoice != nil {
		v := network.ParticipantVoice(*ch.ParticipantVoice)
		if err := network.ParticipantVoiceValidator(v); err != nil {
			return apperr.InvalidField("participantVoice", "participantVoice is NONE or ADVISORY")
		}
	}
	if ch.Text != nil && utf8.RuneCountInString(*ch.Text) > 200000 {
		return apperr.InvalidField("text", "the bylaws text is at most 200000 characters")
	}
	return nil
}

// ParticipantMayComment says whether the network's individual participants
// (freelancers and persons in no member coop) may comment on its proposals:
// with participant voice ADVISORY (the default) they read and comment, with
// NONE they only read. Members of the member coops, and of a coop a proposal
// is about, always may. Nobody votes in person on a network proposal.
func ParticipantMayComment(n *ent.Network) bool {
	return n.ParticipantVoice != network.ParticipantVoiceNONE
}
