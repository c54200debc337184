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

// BudgetChange holds the schema definition for the BudgetChange entity.
type BudgetChange struct{ ent.Schema }

// Fields of the BudgetChange.
func (BudgetChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Int("share_id").Optional().Nillable().Immutable().
			Comment("The share changed; empty for a change of the project's total."),
		field.Enum("kind").Values("SHARE_CREATED", "SHARE_RESIZED", "TOTAL_CHANGED", "PM_CHARGE_CHANGED").Immutable().
			Comment("What changed: a new share, a share's amount, the project's total, or its PM charge percent (PM_CHARGE_CHANGED: before and after are the PM charge in money, the room it takes from the shares)."),
		field.Int64("before_cents").Immutable().Annotations(moneyField()).
			Comment("Amount before the change, in minor units of the project currency (0 for a new share; the PM charge in money for PM_CHARGE_CHANGED)."),
		field.Int64("after_cents").Immutable().Annotations(moneyField()).
			Comment("Amount after the change."),
		field.Int("pm_charge_percent_before").Optional().Nillable().Immutable().
			Comment("PM_CHARGE_CHANGED: the PM charge percent before the change (empty for other kinds)."),
		field.Int("pm_charge_percent_after").Optional().Nillable().Immutable().
			Comment("PM_CHARGE_CHANGED: the PM charge percent after the change (empty for other kinds)."),
		field.String("currency").Comment("ISO-4217 code of before and after: the project's currency.").Immutable().Validate(validateCurrency),
		field.Time("at").Comment("When the change was made.").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("AT")),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.Int("proposal_id").Optional().Nillable().Immutable().
			Comment("The BUDGET proposal that decided the change, if it needed one."),
		field.Text("reason").Comment("Why the budget changed, as given by who changed it.").Optional().MaxLen(2000).Immutable(),
	}
}

// Edges of the BudgetChange.
func (BudgetChange) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", Project.Type).Comment("The project whose budget changed.").Ref("budget_changes").Field("project_id").Unique().Required().Immutable(),
		edge.To("share", BudgetShare.Type).Field("share_id").Unique().Immutable(),
		edge.To("actor", Person.Type).Comment("Who made the change; none when a decision applied it.").Field("actor_id").Unique().Immutable(),
		edge.To("proposal", Proposal.Type).Field("proposal_id").Unique().Immutable(),
	}
}

// Indexes of the BudgetChange.
func (BudgetChange) Indexes() []ent.Index {
	return []ent.Index{index.Fields("project_id", "at")}
}

// Hooks of the BudgetChange: the record is never edited or deleted.
func (BudgetChange) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Annotations of the BudgetChange.
func (BudgetChange) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One change of a project's budget: who, when, before and after, and the decision behind it."),
		checks("budget_change_amounts_non_negative", "before_cents >= 0 AND after_cents >= 0"),
		entgql.RelayConnection(),
	}
}

// Policy of the BudgetChange: see internal/authz.
func (BudgetChange) Policy() ent.Policy { return authz.BudgetChangePolicy() }
