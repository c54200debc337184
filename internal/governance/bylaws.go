package governance

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/bylawsversion"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/hook"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// Bylaws change only by decision (DESIGN.md, "Decisions"). A coop's or a
// network's first bylaws are set when it is founded and recorded as version
// 1 of its history (FoundingBylaws, FoundingNetworkBylaws); afterwards a
// BYLAWS proposal (ProposeBylawsChange) carries the new values, and when it
// passes, the transaction that closes it changes the bylaws and appends the
// next version (applyBylawsChange). updateCoop and updateNetwork offer no
// bylaws field.

// CoopDecisionRules is the effective rule of every kind a coop decides: the
// kind's own rule in the bylaws, or the default method and quorum.
func CoopDecisionRules(c *ent.Coop) decision.Rules {
	out := make(decision.Rules, len(CoopKinds))
	for i, k := range CoopKinds {
		out[i] = decision.KindRule{Kind: k, Rule: CoopRule(c, proposal.Kind(k))}
	}
	return out
}

// NetworkDecisionRules is the effective rule of every kind a network decides.
func NetworkDecisionRules(n *ent.Network) decision.Rules {
	out := make(decision.Rules, len(NetworkKinds))
	for i, k := range NetworkKinds {
		out[i] = decision.KindRule{Kind: k, Rule: NetworkRule(n, proposal.Kind(k))}
	}
	return out
}

// checkRules validates bylaws' decision rules for kinds, naming the API
// field decisionRules.
func checkRules(rs decision.Rules, kinds []string) error {
	if err := rs.Validate(kinds); err != nil {
		fe, _ := err.(*decision.FieldError)
		if fe == nil {
			return apperr.InvalidField("decisionRules", "%v", err)
		}
		return apperr.InvalidField("decisionRules", "decisionRules (%s): %s", fe.Field, fe.Message)
	}
	return nil
}

// FoundingBylaws is a Coop hook: the decision rules a write sets must be
// valid for the coop's kinds, and a new coop's bylaws are recorded as
// version 1 of its history in the founding transaction (under every
// context: fixtures and the demo seeder found coops too).
func FoundingBylaws() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.CoopFunc(func(ctx context.Context, m *ent.CoopMutation) (ent.Value, error) {
			if rs, ok := m.DecisionRules(); ok {
				if err := checkRules(rs, CoopKinds); err != nil {
					return nil, err
				}
				m.SetDecisionRules(rs.Normalized())
			}
			v, err := next.Mutate(ctx, m)
			if err != nil || !m.Op().Is(ent.OpCreate) {
				return v, err
			}
			c := v.(*ent.Coop)
			err = m.Client().BylawsVersion.Create().SetCoopID(c.ID).SetVersion(c.BylawsVersion).
				SetValues(CoopBylaws(c)).SetText(c.BylawsText).SetCurrency(c.Currency).SetDecidedAt(c.CreatedAt).
				Exec(authz.Under(ctx, authz.RecordFoundingBylaws))
			return v, err
		})
	}
}

// FoundingNetworkBylaws is FoundingBylaws for a Network.
func FoundingNetworkBylaws() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.NetworkFunc(func(ctx context.Context, m *ent.NetworkMutation) (ent.Value, error) {
			if rs, ok := m.DecisionRules(); ok {
				if err := checkRules(rs, NetworkKinds); err != nil {
					return nil, err
				}
				m.SetDecisionRules(rs.Normalized())
			}
			v, err := next.Mutate(ctx, m)
			if err != nil || !m.Op().Is(ent.OpCreate) {
				return v, err
			}
			n := v.(*ent.Network)
			err = m.Client().BylawsVersion.Create().SetNetworkID(n.ID).SetVersion(n.BylawsVersion).
				SetValues(NetworkBylaws(n)).SetText(n.BylawsText).SetDecidedAt(n.CreatedAt).
				Exec(authz.Under(ctx, authz.RecordFoundingBylaws))
			return v, err
		})
	}
}

// CoopBylaws are a coop's whole bylaws as a version records them: every
// field set (the delegate only when there is one), but the text, which the
// version keeps in its own column.
func CoopBylaws(c *ent.Coop) bylaws.Change {
	rules := c.DecisionRules
	if rules == nil {
		rules = decision.Rules{}
	}
	rule, votes, consent := string(c.AdmissionRule), string(c.NetworkVotes), string(c.ShareReductionConsent)
	ch := bylaws.Change{
		CandidacyDays: &c.CandidacyDays, FreelancerRightToJoinDays: &c.FreelancerRightToJoinDays,
		BuyInCents: c.BuyInCents, SurplusSharePercent: c.SurplusSharePercent,
		BudgetChangeThresholdCents: c.BudgetChangeThresholdCents, ShareReductionConsent: &consent,
		SurplusIncludesFormerMembers: c.SurplusIncludesFormerMembers, NetworkVotes: &votes,
		NetworkDelegateID: c.NetworkDelegateID, DefaultRule: &rule, QuorumPercent: &c.QuorumPercent,
		DecisionRules: &rules,
	}
	coopMoneyBylaws(c, &ch) // coopmoney.go
	return ch
}

// NetworkBylaws are a network's whole bylaws as a version records them.
func NetworkBylaws(n *ent.Network) bylaws.Change {
	rules := n.DecisionRules
	if rules == nil {
		rules = decision.Rules{}
	}
	rule, voice := string(n.DefaultRule), string(n.ParticipantVoice)
	return bylaws.Change{DefaultRule: &rule, QuorumPercent: &n.QuorumPercent, DecisionRules: &rules, ParticipantVoice: &voice}
}

// BylawsValues are bylaws values as the API shows them (BylawsChange): a
// proposal's change or a version's whole bylaws, with the currency of the
// amounts (the coop's; empty for a network).
type BylawsValues struct {
	bylaws.Change
	Currency string
	// Network tells network bylaws (defaultRule) from a coop's (admissionRule).
	Network bool
}

// BylawsDecision is a change of a coop's bylaws put to its members.
type BylawsDecision struct {
	CoopID      int
	Title, Body string
	ClosesAt    time.Time
	// Change holds the new values; amounts in minor units of Currencies.
	Change bylaws.Change
	// Currencies are the currencies of the amounts given, by API field
	// (buyIn, budgetChangeThreshold): they must be the coop's.
	Currencies map[string]string
}

// ProposeBylawsChange opens a BYLAWS proposal carrying a change of the
// coop's bylaws, decided by the coop's rule for BYLAWS. The change is
// checked now as the bylaws fields are when written (an empty change is
// BAD_USER_INPUT) and frozen on the proposal; it applies when the proposal
// passes (applyBylawsChange).
func (svc *Service) ProposeBylawsChange(ctx context.Context, in BylawsDecision) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	c, err := o.C.Coop.Get(o.Ctx, in.CoopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanProposeBylawsChange(o.V, c.ID); err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	change, err := o.checkCoopChange(c, in.Change, in.Currencies)
	if err != nil {
		return nil, err
	}
	return o.open(authz.ProposeBylawsChange, c, NewProposal{CoopID: c.ID, Kind: proposal.KindBYLAWS,
		Title: in.Title, Body: in.Body, ClosesAt: in.ClosesAt, Bylaws: &change}, nil)
}

// checkCoopChange checks a change of c's bylaws with the validators of the
// fields it changes and returns it with its decision rules normalized.
func (o *op) checkCoopChange(c *ent.Coop, ch bylaws.Change, currencies map[string]string) (bylaws.Change, error) {
	if ch == (bylaws.Change{}) {
		return ch, apperr.InvalidField("change", "a bylaws change changes at least one field")
	}
	if ch.ParticipantVoice != nil {
		return ch, apperr.InvalidField("participantVoice", "only a network's bylaws give participants a voice")
	}
	for field, cur := range currencies {
		if err := validate.Currency(cur); err != nil {
			return ch, apperr.InvalidField(field, "%s: currency %q: %v", field, cur, err)
		}
		if cur != c.Currency {
			return ch, apperr.InvalidField(field, "the coop keeps its books in %s, not %s", c.Currency, cur)
		}
	}
	checks := []struct {
		field string
		set   bool
		check func() error
	}{
		{"candidacyDays", ch.CandidacyDays != nil, func() error { return coop.CandidacyDaysValidator(*ch.CandidacyDays) }},
		{"freelancerRightToJoinDays", ch.FreelancerRightToJoinDays != nil, func() error {
			return coop.FreelancerRightToJoinDaysValidator(*ch.FreelancerRightToJoinDays)
		}},
		{"admissionRule", ch.DefaultRule != nil, func() error { return coop.AdmissionRuleValidator(coop.AdmissionRule(*ch.DefaultRule)) }},
		{"quorumPercent", ch.QuorumPercent != nil, func() error { return coop.QuorumPercentValidator(*ch.QuorumPercent) }},
		{"buyIn", ch.BuyInCents != nil, func() error { return coop.BuyInCentsValidator(*ch.BuyInCents) }},
		{"surplusSharePercent", ch.SurplusSharePercent != nil, func() error { return coop.SurplusSharePercentValidator(*ch.SurplusSharePercent) }},
		{"budgetChangeThreshold", ch.BudgetChangeThresholdCents != nil, func() error {
			return coop.BudgetChangeThresholdCentsValidator(*ch.BudgetChangeThresholdCents)
		}},
		{"shareReductionConsent", ch.ShareReductionConsent != nil, func() error {
			return coop.ShareReductionConsentValidator(coop.ShareReductionConsent(*ch.ShareReductionConsent))
		}},
		{"networkVotes", ch.NetworkVotes != nil, func() error { return coop.NetworkVotesValidator(coop.NetworkVotes(*ch.NetworkVotes)) }},
		{"text", ch.Text != nil, func() error { return coop.BylawsTextValidator(*ch.Text) }},
		// Coop money (issue 17).
		{"monthlyDues", ch.MonthlyDuesCents != nil, func() error { return coop.MonthlyDuesCentsValidator(*ch.MonthlyDuesCents) }},
		{"overheadLevyBasisPoints", ch.OverheadLevyBasisPoints != nil, func() error {
			return coop.OverheadLevyBasisPointsValidator(*ch.OverheadLevyBasisPoints)
		}},
		{"surplusBasis", ch.SurplusBasis != nil, func() error { return coop.SurplusBasisValidator(coop.SurplusBasis(*ch.SurplusBasis)) }},
		{"booksClosedBy", ch.BooksClosedBy != nil, func() error { return coop.BooksClosedByValidator(coop.BooksClosedBy(*ch.BooksClosedBy)) }},
	}
	for _, k := range checks {
		if !k.set {
			continue
		}
		if err := k.check(); err != nil {
			return ch, apperr.InvalidField(k.field, "%s: %v", k.field, err)
		}
	}
	if ch.DecisionRules != nil {
		if err := checkRules(*ch.DecisionRules, CoopKinds); err != nil {
			return ch, err
		}
		rs := ch.DecisionRules.Normalized()
		ch.DecisionRules = &rs
	}
	if ch.NetworkDelegateID != nil {
		member, err := o.C.Membership.Query().Where(membership.CoopID(c.ID), membership.PersonID(*ch.NetworkDelegateID),
			membership.StateEQ(membership.StateMEMBER)).Exist(o.Sys)
		if err != nil {
			return ch, err
		}
		if !member {
			return ch, apperr.InvalidField("networkDelegateID", "networkDelegateID: the delegate is a current member of the coop")
		}
	}
	return ch, nil
}

// applyBylawsChange is the effect of a closed BYLAWS (coop) or
// NETWORK_BYLAWS (network) proposal: when it passed, the change it carries
// is written on top of the bylaws as they are now (fields the change leaves
// out keep their current values, also when another decision changed them
// since the proposal opened), the version rises by one and the whole new
// bylaws are appended to the history with the proposal and the close time,
// all under the coop's (network's) row lock. CloseProposal closes a
// proposal once, so a decision applies once; the unique version per coop
// (network) backs that.
func (o *op) applyBylawsChange(p *ent.Proposal, passed bool) error {
	if !passed {
		return nil
	}
	if p.NetworkID != nil {
		return o.applyNetworkBylaws(*p.NetworkID, p)
	}
	return o.applyCoopBylaws(p.CoopID, p)
}

func (o *op) applyCoopBylaws(coopID int, p *ent.Proposal) error {
	c, err := o.C.Coop.Query().Where(coop.ID(coopID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return err
	}
	sys := o.As(authz.ApplyBylawsDecision)
	if err := o.keepFirstVersion(bylawsversion.CoopID(c.ID), func() *ent.BylawsVersionCreate {
		return o.C.BylawsVersion.Create().SetCoopID(c.ID).SetVersion(c.BylawsVersion).SetValues(CoopBylaws(c)).
			SetText(c.BylawsText).SetCurrency(c.Currency).SetDecidedAt(c.CreatedAt)
	}); err != nil {
		return err
	}
	ch := p.BylawsChange
	u := o.C.Coop.UpdateOneID(c.ID).SetBylawsVersion(c.BylawsVersion + 1).
		SetNillableCandidacyDays(ch.CandidacyDays).SetNillableFreelancerRightToJoinDays(ch.FreelancerRightToJoinDays).
		SetNillableBuyInCents(ch.BuyInCents).SetNillableSurplusSharePercent(ch.SurplusSharePercent).
		SetNillableBudgetChangeThresholdCents(ch.BudgetChangeThresholdCents).
		SetNillableSurplusIncludesFormerMembers(ch.SurplusIncludesFormerMembers).
		SetNillableNetworkDelegateID(ch.NetworkDelegateID).SetNillableQuorumPercent(ch.QuorumPercent).
		SetNillableBylawsText(ch.Text)
	if ch.DefaultRule != nil {
		u.SetAdmissionRule(coop.AdmissionRule(*ch.DefaultRule))
	}
	if ch.ShareReductionConsent != nil {
		u.SetShareReductionConsent(coop.ShareReductionConsent(*ch.ShareReductionConsent))
	}
	if ch.NetworkVotes != nil {
		u.SetNetworkVotes(coop.NetworkVotes(*ch.NetworkVotes))
	}
	if ch.DecisionRules != nil {
		u.SetDecisionRules(*ch.DecisionRules)
	}
	setCoopMoneyBylaws(u, ch) // coopmoney.go
	c, err = u.Save(sys)
	if err != nil {
		return err
	}
	return o.C.BylawsVersion.Create().SetCoopID(c.ID).SetVersion(c.BylawsVersion).SetValues(CoopBylaws(c)).
		SetText(c.BylawsText).SetCurrency(c.Currency).SetProposalID(p.ID).SetDecidedAt(o.Now).Exec(sys)
}

func (o *op) applyNetworkBylaws(networkID int, p *ent.Proposal) error {
	n, err := o.C.Network.Query().Where(network.ID(networkID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return err
	}
	sys := o.As(authz.ApplyBylawsDecision)
	if err := o.keepFirstVersion(bylawsversion.NetworkID(n.ID), func() *ent.BylawsVersionCreate {
		return o.C.BylawsVersion.Create().SetNetworkID(n.ID).SetVersion(n.BylawsVersion).SetValues(NetworkBylaws(n)).
			SetText(n.BylawsText).SetDecidedAt(n.CreatedAt)
	}); err != nil {
		return err
	}
	ch := p.BylawsChange
	u := o.C.Network.UpdateOneID(n.ID).SetBylawsVersion(n.BylawsVersion + 1).
		SetNillableQuorumPercent(ch.QuorumPercent).SetNillableBylawsText(ch.Text)
	if ch.DefaultRule != nil {
		u.SetDefaultRule(network.DefaultRule(*ch.DefaultRule))
	}
	if ch.ParticipantVoice != nil {
		u.SetParticipantVoice(network.ParticipantVoice(*ch.ParticipantVoice))
	}
	if ch.DecisionRules != nil {
		u.SetDecisionRules(*ch.DecisionRules)
	}
	n, err = u.Save(sys)
	if err != nil {
		return err
	}
	return o.C.BylawsVersion.Create().SetNetworkID(n.ID).SetVersion(n.BylawsVersion).SetValues(NetworkBylaws(n)).
		SetText(n.BylawsText).SetProposalID(p.ID).SetDecidedAt(o.Now).Exec(sys)
}

// keepFirstVersion records the bylaws as they stand before their first
// decided change, for a coop or network founded before bylaws versions were
// kept (it has no history yet): the version it has, set at its founding.
func (o *op) keepFirstVersion(owner predicate.BylawsVersion, first func() *ent.BylawsVersionCreate) error {
	has, err := o.C.BylawsVersion.Query().Where(owner).Exist(o.Sys)
	if err != nil || has {
		return err
	}
	return first().Exec(o.As(authz.ApplyBylawsDecision))
}
