package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/invariant"
)

// BudgetShare holds the schema definition for the BudgetShare entity.
type BudgetShare struct{ ent.Schema }

// Fields of the BudgetShare.
func (BudgetShare) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("The partner coop holding the share (exactly one of coop and person)."),
		field.Int("person_id").Optional().Nillable().Immutable().
			Comment("The freelancer holding the share (exactly one of coop and person)."),
		field.Int64("amount_cents").NonNegative().
			Comment("Allocated amount in minor units of the project currency.").
			Annotations(moneyField()),
		field.Int64("hourly_rate_cents").NonNegative().
			Comment("Agreed hourly rate in minor units; spending = hours x rate.").
			Annotations(moneyField()),
		field.Int("planned_minutes").NonNegative().Default(0).
			Comment("Planned working time in minutes."),
		field.String("currency").Validate(validateCurrency).
			Comment("ISO-4217 code; always the project currency."),
		field.String("description").Comment("What the share is for (the work of the partner coop or freelancer).").Optional().MaxLen(1000),
	}
}

// Edges of the BudgetShare.
func (BudgetShare) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", Project.Type).Comment("The project whose budget the share is part of.").Ref("budget_shares").Field("project_id").Unique().Required().Immutable(),
		edge.From("coop", Coop.Type).Ref("budget_shares").Field("coop_id").Unique().Immutable(),
		edge.From("person", Person.Type).Ref("budget_shares").Field("person_id").Unique().Immutable(),
		edge.To("time_entries", TimeEntry.Type).Comment("Time worked against this share.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the BudgetShare.
func (BudgetShare) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("project_id"),
		// Whether a person is visible through their shares of visible
		// projects (internal/authz) asks for shares by person: without it,
		// a scan of all shares for every such person (issue 19).
		index.Fields("person_id"),
	}
}

// Hooks of the BudgetShare: its invariants (see internal/invariant).
func (BudgetShare) Hooks() []ent.Hook { return []ent.Hook{invariant.BudgetShareHook()} }

// Mixin of the BudgetShare.
func (BudgetShare) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the BudgetShare.
func (BudgetShare) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Part of a project's budget given to a partner coop or a freelancer."),
		checks(
			"share_holder_exactly_one", "((coop_id IS NULL) <> (person_id IS NULL))",
			"share_money_non_negative", "amount_cents >= 0 AND hourly_rate_cents >= 0 AND planned_minutes >= 0",
			"share_currency_iso", currencyCheck("currency"),
		),
		entgql.RelayConnection(),
	}
}

// Policy of the BudgetShare: see internal/authz.
func (BudgetShare) Policy() ent.Policy { return authz.BudgetSharePolicy() }
