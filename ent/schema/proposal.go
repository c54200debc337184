package schema

import (
	"github.com/coopnetwork/cockpit/internal/authz"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Proposal holds the schema definition for the Proposal entity.
type Proposal struct{ ent.Schema }

// Fields of the Proposal.
func (Proposal) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable(),
		field.Enum("kind").Values("ADMISSION", "BUDGET", "BYLAWS", "GENERAL", "SURPLUS").Immutable().
			Annotations(entgql.OrderField("KIND")),
		field.String("title").NotEmpty().MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("body").Optional().MaxLen(50000),
		field.Enum("status").Values("OPEN", "PASSED", "REJECTED", "WITHDRAWN").Default("OPEN").
			Comment("OPEN until closed; the outcome of a closed proposal is final.").
			Annotations(entgql.OrderField("STATUS")),
		field.Enum("rule").Values("CONSENSUS", "TWO_THIRDS", "SIMPLE_MAJORITY").Immutable().
			Comment("Decision rule, copied from the coop's bylaws when the proposal opened."),
		field.Int("quorum_percent").Range(0, 100).Immutable().
			Comment("Quorum, copied from the coop's bylaws when the proposal opened."),
		field.Time("opened_at").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("OPENED_AT")),
		field.Time("closes_at").
			Comment("When voting ends at the latest.").
			Annotations(entgql.OrderField("CLOSES_AT")),
		field.Time("closed_at").Optional().Nillable(),
		field.Text("close_reason").Optional().Nillable().MaxLen(5000).
			Comment("Why the proposal closed as it did: how the votes counted when voting ended, or why it was withdrawn."),
		field.Int("author_id").Optional().Nillable().Immutable(),
		field.Int("membership_id").Optional().Nillable().Immutable().
			Comment("For ADMISSION: the membership being decided on."),
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
		field.Int("distributed_percent").Optional().Nillable().Immutable().Range(0, 100).
			Comment("For SURPLUS: the percent of the surplus distributed to members, the bylaws' surplusSharePercent unless the proposal says otherwise; frozen when the proposal opens."),
	}
}

// Edges of the Proposal.
func (Proposal) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("coop", Coop.Type).Ref("proposals").Field("coop_id").Unique().Required().Immutable(),
		edge.To("author", Person.Type).Field("author_id").Unique().Immutable(),
		edge.From("membership", Membership.Type).Ref("admission_proposals").Field("membership_id").Unique().Immutable(),
		edge.From("project", Project.Type).Ref("proposals").Field("project_id").Unique().Immutable(),
		edge.From("budget_motion", BudgetMotion.Type).Ref("proposals").Field("budget_motion_id").Unique().Immutable(),
		edge.To("votes", Vote.Type).
			Comment("Votes cast; visible to the coop's members only.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Proposal.
func (Proposal) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("coop_id", "status"),
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
		schema.Comment("A decision of a coop: admission, budget, bylaws, surplus distribution or general; one member, one vote."),
		entgql.QueryField(),
		checks("proposal_quorum_range", "quorum_percent BETWEEN 0 AND 100"),
		entgql.RelayConnection(),
	}
}

// Policy of the Proposal: see internal/authz.
func (Proposal) Policy() ent.Policy { return authz.ProposalPolicy() }
