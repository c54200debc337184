package schema

import (
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/decision"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ProposalKinds are the kinds of decision (DESIGN.md, "Decisions"): a
// coop's own (ADMISSION, BUDGET, BYLAWS, EXCLUSION, GENERAL, SURPLUS,
// COOP_VOTE), a project's (PROJECT_GENERAL; BUDGET on a project) and a
// network's (NETWORK_GENERAL, COOP_ADMISSION, COOP_EXCLUSION,
// NETWORK_BYLAWS).
var ProposalKinds = []string{
	"ADMISSION", "BUDGET", "BYLAWS", "EXCLUSION", "GENERAL", "SURPLUS", "COOP_VOTE",
	"PROJECT_GENERAL",
	"NETWORK_GENERAL", "COOP_ADMISSION", "COOP_EXCLUSION", "NETWORK_BYLAWS",
	"BUY_IN_WAIVER", "CLOSE_BOOKS",
}

// Proposal holds the schema definition for the Proposal entity.
type Proposal struct{ ent.Schema }

// Fields of the Proposal.
func (Proposal) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Optional().Immutable().
			Comment("The coop that decides, or whose member proposes on a project; none for a network proposal."),
		field.Int("network_id").Optional().Nillable().Immutable().
			Comment("For network kinds: the network whose member coops decide."),
		field.Enum("kind").Comment("What is decided; decides the electorate and the bylaws' rule used.").Values(ProposalKinds...).Immutable().
			Annotations(entgql.OrderField("KIND")),
		field.Enum("electorate").Values("MEMBERS", "COOPS", "SHARE_HOLDERS").Default("MEMBERS").Immutable().
			Comment("Who votes, fixed when the proposal opens: the coop's MEMBERs (one person, one vote), the network's member COOPS (one coop, one vote), or a project's SHARE_HOLDERS (each coop one vote, each freelancer one vote)."),
		field.String("title").Comment("Short title.").NotEmpty().MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("body").Comment("The proposal's text.").Optional().MaxLen(50000),
		field.Enum("status").Values("OPEN", "PASSED", "REJECTED", "WITHDRAWN").Default("OPEN").
			Comment("OPEN until closed; the outcome of a closed proposal is final.").
			Annotations(entgql.OrderField("STATUS")),
		field.Enum("rule").Values("CONSENSUS", "CONSENT", "SUPERMAJORITY", "TWO_THIRDS", "SIMPLE_MAJORITY").Immutable().
			Comment("Decision method, copied from the bylaws' rule for the proposal's kind when it opened (the DecisionMethod of that rule): CONSENSUS (fewer BLOCKs than blockThreshold, enough support, stand-asides counted as standAsides says), CONSENT (passes unless a reasoned objection, a BLOCK), SUPERMAJORITY (YES at least thresholdPercent of YES, NO and BLOCK), TWO_THIRDS, SIMPLE_MAJORITY (YES more than NO and BLOCK; a tie fails); abstentions count for the quorum only."),
		field.Int("threshold_percent").Optional().Nillable().Immutable().Range(51, 100).
			Comment("SUPERMAJORITY: the share of YES (percent of YES, NO and BLOCK) needed; copied from the bylaws."),
		field.Int("block_threshold").Optional().Nillable().Immutable().Range(1, 1000).
			Comment("CONSENSUS: how many BLOCKs stop the proposal; copied from the bylaws."),
		field.Enum("stand_asides").Values("QUORUM_ONLY", "AS_SUPPORT").Optional().Nillable().Immutable().
			Comment("CONSENSUS: whether STAND_ASIDE votes count for the quorum only or as support; copied from the bylaws."),
		field.Int("quorum_percent").Range(0, 100).Immutable().
			Comment("Quorum, copied from the bylaws' rule for the proposal's kind when it opened."),
		field.Int("min_voting_days").Default(0).NonNegative().Immutable().
			Comment("Minimum voting period, copied from the bylaws: closesAt is at least this long after openedAt, and voting does not end early before."),
		field.Time("opened_at").Comment("When the proposal opened for votes.").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("OPENED_AT")),
		field.Time("closes_at").
			Comment("When voting ends at the latest.").
			Annotations(entgql.OrderField("CLOSES_AT")),
		field.Time("closed_at").Comment("When it closed; none while OPEN.").Optional().Nillable(),
		field.Text("close_reason").Optional().Nillable().MaxLen(5000).
			Comment("Why the proposal closed as it did: how the votes counted when voting ended, or why it was withdrawn."),
		field.Int("author_id").Optional().Nillable().Immutable(),
		field.Int("membership_id").Optional().Nillable().Immutable().
			Comment("For ADMISSION and EXCLUSION: the membership being decided on (the candidate's, or the member's to exclude)."),
		field.Int("project_id").Optional().Nillable().Immutable().
			Comment("For BUDGET: the project whose budget changes."),
		field.Int("budget_motion_id").Optional().Nillable().Immutable().
			Comment("For BUDGET: the budget change this proposal decides; applied when every decision it needs has passed."),
		field.Int("fiscal_year").Optional().Nillable().Immutable().Range(1900, 9999).
			Comment("For SURPLUS: the fiscal year whose surplus distribution this proposal decides."),
		field.Int64("surplus_cents").Optional().Nillable().Immutable().NonNegative().Annotations(moneyField()).
			Comment("For SURPLUS: the year's surplus, in minor units of surplus_currency."),
		field.String("surplus_currency").Optional().Nillable().Immutable().Validate(validateCurrency).
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("For SURPLUS: the coop's currency when the proposal opened."),
		field.Int("subject_coop_id").Optional().Nillable().Immutable().
			Comment("For COOP_ADMISSION and COOP_EXCLUSION: the coop applying to, or to be excluded from, the network."),
		field.Int("parent_id").Optional().Nillable().Immutable().
			Comment("For COOP_VOTE: the network or project proposal whose coop vote this internal proposal decides."),
		field.JSON("bylaws_change", bylaws.Change{}).Optional().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("For BYLAWS and NETWORK_BYLAWS: the new values, applied in the transaction that closes the proposal when it passes."),
		field.JSON("voters", &decision.Voters{}).Optional().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("For network and project decisions (electorate COOPS, SHARE_HOLDERS): the coops and persons who decide it, fixed when it opens. Empty for a coop's own decision, whose electorate is its MEMBERs as voting ends."),
		field.Int("waiver_membership_id").Optional().Nillable().Immutable().
			Comment("For BUY_IN_WAIVER: the membership whose buy-in is waived when the proposal passes."),
		field.Time("books_period_start").Optional().Nillable().Immutable().
			Comment("For CLOSE_BOOKS: first day of the period whose books close when the proposal passes."),
		field.Time("books_period_end").Optional().Nillable().Immutable().
			Comment("For CLOSE_BOOKS: last day (inclusive) of that period."),
		field.Text("surplus_override_reason").Optional().Nillable().Immutable().MaxLen(5000).
			Comment("For SURPLUS: why the surplus amount was typed in instead of taken from the books; null when it is the books' result."),
		field.Int("distributed_percent").Optional().Nillable().Immutable().Range(0, 100).
			Comment("For SURPLUS: the percent of the surplus distributed to members, the bylaws' surplusSharePercent unless the proposal says otherwise; frozen when the proposal opens."),
	}
}

// Edges of the Proposal.
func (Proposal) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("coop", Coop.Type).Ref("proposals").Field("coop_id").Unique().Immutable(),
		edge.From("network", Network.Type).Ref("proposals").Field("network_id").Unique().Immutable(),
		edge.To("subject_coop", Coop.Type).Field("subject_coop_id").Unique().Immutable(),
		edge.To("coop_votes", Proposal.Type).Comment("For a network or project proposal: the COOP_VOTE decisions of the member coops casting their votes on it.").
			From("parent").Field("parent_id").Unique().Immutable().
			Comment("For COOP_VOTE: the network or project proposal this internal decision casts the coop's vote on."),
		edge.To("author", Person.Type).Comment("Who proposed it.").Field("author_id").Unique().Immutable(),
		edge.From("membership", Membership.Type).Ref("admission_proposals").Field("membership_id").Unique().Immutable(),
		edge.From("project", Project.Type).Ref("proposals").Field("project_id").Unique().Immutable(),
		edge.From("budget_motion", BudgetMotion.Type).Ref("proposals").Field("budget_motion_id").Unique().Immutable(),
		edge.To("votes", Vote.Type).Comment("The votes cast.").
			Comment("Votes cast; visible to the coop's members only.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Proposal.
func (Proposal) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("coop_id", "status"),
		index.Fields("network_id", "status"),
		// The scheduler finds proposals whose deadline passed.
		index.Fields("status", "closes_at"),
		// Invariant: one COOP_VOTE proposal open per coop and network or
		// project proposal.
		index.Fields("parent_id", "coop_id").Unique().
			StorageKey("proposals_open_coop_vote").
			Annotations(entsql.IndexWhere("((parent_id IS NOT NULL) AND (closed_at IS NULL))")),
		// Invariant: at most one open (not closed) proposal per membership,
		// i.e. one admission vote at a time (internal/invariant). The
		// predicate is written the way PostgreSQL prints it back, so that
		// the migration check sees no difference; status and closed_at
		// change together (OPEN exactly while closed_at is NULL).
		index.Fields("membership_id").Unique().
			StorageKey("proposals_open_per_membership").
			Annotations(entsql.IndexWhere("((membership_id IS NOT NULL) AND (closed_at IS NULL))")),
		// Invariant: at most one open SURPLUS proposal per coop and fiscal
		// year (internal/budgets surplus.go).
		index.Fields("coop_id", "fiscal_year").Unique().
			StorageKey("proposals_open_surplus_per_year").
			Annotations(entsql.IndexWhere("((fiscal_year IS NOT NULL) AND (closed_at IS NULL))")),
	}
}

// Mixin of the Proposal.
func (Proposal) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Proposal.
func (Proposal) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A decision of a coop (one member, one vote), of a project (its lead coop or all share holders) or of a network (one member coop, one vote)."),
		entgql.QueryField(),
		checks(
			"proposal_quorum_range", "quorum_percent BETWEEN 0 AND 100",
			"proposal_decided_by", "coop_id IS NOT NULL OR network_id IS NOT NULL",
		),
		entgql.RelayConnection(),
	}
}

// Policy of the Proposal: see internal/authz.
func (Proposal) Policy() ent.Policy { return authz.ProposalPolicy() }
