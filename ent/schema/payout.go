package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
)

// Payout is money a coop paid to a partner coop or a person (issue 17): a
// share holder's part of what a client paid, the PM charge, a surplus part,
// a buy-in refund. It never exceeds what is owed unless the coop advances it
// explicitly (advance).
type Payout struct{ ent.Schema }

// Fields of the Payout.
func (Payout) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable().Comment("The coop that paid."),
		field.Int("to_coop_id").Optional().Nillable().Immutable().
			Comment("The coop paid (exactly one of coop and person)."),
		field.Int("to_person_id").Optional().Nillable().Immutable().
			Comment("The person paid (exactly one of coop and person)."),
		field.Int("project_id").Optional().Nillable().Immutable().
			Comment("The project the payout is for, if any."),
		field.Enum("kind").Values("SHARE", "PM_CHARGE", "SURPLUS", "BUY_IN_REFUND").Immutable().
			Comment("What is paid: a budget share's earnings, the PM charge, a surplus part, a buy-in refund."),
		field.Int64("amount_cents").Positive().Immutable().Annotations(moneyField()),
		field.String("currency").Comment("ISO-4217 code of the amount.").Immutable().Validate(validateCurrency),
		field.Time("paid_on").Immutable().
			Comment("The day it was paid (UTC midnight).").
			Annotations(entgql.OrderField("PAID_ON")),
		field.Bool("advance").Default(false).Immutable().
			Comment("Paid before it was owed (more than the client paid so far), by the coop's explicit choice."),
		field.String("reference").Comment("Bank reference of the transfer.").Optional().MaxLen(200).Immutable(),
		field.Int("recorded_by_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the Payout.
func (Payout) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Required().Immutable(),
		edge.To("to_coop", Coop.Type).Field("to_coop_id").Unique().Immutable(),
		edge.To("to_person", Person.Type).Field("to_person_id").Unique().Immutable(),
		edge.To("project", Project.Type).Field("project_id").Unique().Immutable(),
		edge.To("recorded_by", Person.Type).Comment("The member who recorded the payout.").Field("recorded_by_id").Unique().Immutable(),
	}
}

// Indexes of the Payout.
func (Payout) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id", "paid_on"), index.Fields("to_coop_id"), index.Fields("to_person_id")}
}

// Hooks of the Payout: immutable.
func (Payout) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Mixin of the Payout.
func (Payout) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Payout.
func (Payout) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Money a coop paid to a partner coop or a person."),
		checks("payout_one_payee", "((to_coop_id IS NULL) <> (to_person_id IS NULL))",
			"payout_currency_iso", currencyCheck("currency")),
		entgql.RelayConnection(),
	}
}

// Policy of the Payout: see internal/authz.
func (Payout) Policy() ent.Policy { return authz.PayoutPolicy() }
