package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
)

// BudgetMotion holds the schema definition for the BudgetMotion entity.
type BudgetMotion struct{ ent.Schema }

// Fields of the BudgetMotion. Everything describing the change is fixed when
// it is proposed, so members vote on exactly what will be applied.
func (BudgetMotion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Enum("kind").Values("SHARE_CREATED", "SHARE_RESIZED", "TOTAL_CHANGED").Immutable().
			Comment("What the motion changes: a new share, a share's size, or the project's total."),
		field.Int("share_id").Optional().Nillable().Immutable().
			Comment("SHARE_RESIZED: the share."),
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("SHARE_CREATED: the partner coop receiving the share."),
		field.Int("person_id").Optional().Nillable().Immutable().
			Comment("SHARE_CREATED: the freelancer receiving the share."),
		field.Int64("amount_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("The new share's amount, the share's new size, or the new total, in minor units of currency."),
		field.Int64("before_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("The amount when the change was proposed (0 for a new share)."),
		field.String("currency").Comment("ISO-4217 code of the amounts: the project's currency.").Immutable().Validate(validateCurrency),
		field.Int64("hourly_rate_cents").Optional().Nillable().Immutable().Annotations(moneyField()).
			Comment("SHARE_CREATED: agreed rate per hour."),
		field.Int("planned_minutes").Optional().Nillable().Immutable().
			Comment("SHARE_CREATED: planned working time."),
		field.Int("pm_charge_percent").Optional().Nillable().Immutable().
			Comment("TOTAL_CHANGED: the new PM charge, when it changes too."),
		field.Text("description").Comment("Description of the change, e.g. what a new share is for.").Optional().MaxLen(5000).Immutable(),
		field.Text("reason").Comment("Why the change is proposed.").Optional().MaxLen(2000).Immutable(),
		field.Int("author_id").Optional().Nillable().Immutable(),
		field.Time("proposed_at").Comment("When the change was proposed.").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("PROPOSED_AT")),
		field.Bool("needs_lead_decision").Immutable().
			Comment("True when the lead coop decides by a BUDGET proposal (the change exceeds its threshold, or a member asked for a vote)."),
		field.Int("consent_coop_id").Optional().Nillable().Immutable().
			Comment("The partner coop whose consent the change needs (a reduction of its share)."),
		field.Enum("consent_by").Values("PROPOSAL", "MEMBER").Optional().Nillable().Immutable().
			Comment("How the partner coop consents, from its bylaws: by a BUDGET proposal, or by one member's approval."),
		field.Int("consented_by_id").Optional().Nillable().
			Comment("Who consented: the partner coop's member who approved (MEMBER consent), or the freelancer whose share is cut."),
		field.Time("consented_at").Comment("When the partner coop or the freelancer consented.").Optional().Nillable(),
		field.Int("consent_person_id").Optional().Nillable().Immutable().
			Comment("The freelancer whose consent the change needs (a reduction of their own share); they consent or decline in person."),
		field.Int("declined_by_id").Optional().Nillable().
			Comment("Who declined the cut for the share's holder (the freelancer, or the partner coop's member where one member's approval decides); the motion is then REJECTED."),
		field.Enum("status").Values("PENDING", "APPLIED", "REJECTED", "NOT_APPLIED").Default("PENDING").
			Comment("PENDING until every decision it needs is in; APPLIED, REJECTED by a decision, or NOT_APPLIED when the budget no longer allowed it.").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("settled_at").Comment("When the motion left PENDING.").Optional().Nillable(),
		field.String("outcome").Optional().MaxLen(1000).
			Comment("Why the motion ended as it did."),
		field.Int("applied_change_id").Optional().Nillable().
			Comment("The budget change it made, once APPLIED."),
	}
}

// Edges of the BudgetMotion.
func (BudgetMotion) Edges() []ent.Edge {
	noInputs := entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)
	return []ent.Edge{
		edge.From("project", Project.Type).Comment("The project whose budget the motion changes.").Ref("budget_motions").Field("project_id").Unique().Required().Immutable(),
		edge.To("share", BudgetShare.Type).Field("share_id").Unique().Immutable().Annotations(noInputs),
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Immutable().Annotations(noInputs),
		edge.To("person", Person.Type).Field("person_id").Unique().Immutable().Annotations(noInputs),
		edge.To("author", Person.Type).Comment("Who proposed the change.").Field("author_id").Unique().Immutable().Annotations(noInputs),
		edge.To("consent_coop", Coop.Type).Field("consent_coop_id").Unique().Immutable().Annotations(noInputs),
		edge.To("consented_by", Person.Type).Field("consented_by_id").Unique().Annotations(noInputs),
		edge.To("consent_person", Person.Type).Field("consent_person_id").Unique().Immutable().Annotations(noInputs),
		edge.To("declined_by", Person.Type).Field("declined_by_id").Unique().Annotations(noInputs),
		edge.To("proposals", Proposal.Type).
			Comment("The proposals deciding it: the lead coop's and/or the partner coop's.").
			Annotations(noInputs),
		edge.To("applied_change", BudgetChange.Type).Field("applied_change_id").Unique().Annotations(noInputs),
	}
}

// Indexes of the BudgetMotion.
func (BudgetMotion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("project_id", "status")}
}

// Mixin of the BudgetMotion.
func (BudgetMotion) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the BudgetMotion.
func (BudgetMotion) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A proposed budget change waiting for the decisions it needs; applied by them in the same transaction."),
		checks("budget_motion_amounts_non_negative", "amount_cents >= 0 AND before_cents >= 0"),
		entgql.RelayConnection(),
	}
}

// Policy of the BudgetMotion: see internal/authz.
func (BudgetMotion) Policy() ent.Policy { return authz.BudgetMotionPolicy() }
