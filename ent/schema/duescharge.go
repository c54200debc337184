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

// DuesCharge is what a coop charges a member for a month (issue 17): the
// bylaws' monthly dues, or the overhead levy in percent of the member's paid
// hours that month. One charge per member, month and kind; booked in the
// coop's books when charged, paid with recordMemberPayment.
type DuesCharge struct{ ent.Schema }

// Fields of the DuesCharge.
func (DuesCharge) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable(),
		field.Int("person_id").Immutable(),
		field.Enum("kind").Values("DUES", "LEVY").Immutable().
			Comment("DUES: the monthly dues; LEVY: the overhead levy on paid hours."),
		field.Time("month").Immutable().
			Comment("First day of the month charged (UTC midnight).").
			Annotations(entgql.OrderField("MONTH")),
		field.Int64("amount_cents").NonNegative().Immutable().Annotations(moneyField()),
		field.String("currency").Comment("ISO-4217 code of the amount: the coop's currency.").Immutable().Validate(validateCurrency),
		field.Int64("basis_cents").Optional().Nillable().Immutable().Annotations(moneyField()).
			Comment("For LEVY: the value of the member's paid hours that month the percentage was taken of."),
		field.Int64("paid_cents").Default(0).NonNegative().Annotations(moneyField()).
			Comment("How much of it the member paid so far."),
	}
}

// Edges of the DuesCharge.
func (DuesCharge) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Comment("The coop charging.").Field("coop_id").Unique().Required().Immutable(),
		edge.To("person", Person.Type).Comment("The member charged.").Field("person_id").Unique().Required().Immutable(),
	}
}

// Indexes of the DuesCharge: one per member, month and kind.
func (DuesCharge) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id", "person_id", "kind", "month").Unique()}
}

// Mixin of the DuesCharge.
func (DuesCharge) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the DuesCharge.
func (DuesCharge) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A member's monthly dues or overhead levy charged by the coop."),
		checks("dues_charge_currency_iso", currencyCheck("currency"),
			"dues_charge_paid_at_most", "paid_cents <= amount_cents"),
		entgql.RelayConnection(),
	}
}

// Policy of the DuesCharge: see internal/authz.
func (DuesCharge) Policy() ent.Policy { return authz.DuesChargePolicy() }
