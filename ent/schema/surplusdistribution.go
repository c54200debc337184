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

// SurplusDistribution holds the schema definition for the SurplusDistribution entity.
type SurplusDistribution struct{ ent.Schema }

// Fields of the SurplusDistribution.
func (SurplusDistribution) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable(),
		field.Int("fiscal_year").Comment("The fiscal year whose surplus is distributed.").Range(1900, 9999).Immutable().
			Annotations(entgql.OrderField("FISCAL_YEAR")),
		field.Int64("surplus_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("The year's surplus, in minor units of currency."),
		field.Int("distributed_percent").Comment("Percent of the surplus paid out to members; the rest is retained.").Range(0, 100).Immutable(),
		field.Int64("distributed_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("The part paid out to members; the parts sum to it exactly."),
		field.Int64("retained_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("The part the coop keeps."),
		field.String("currency").Comment("ISO-4217 code of every amount: the coop's currency.").Immutable().Validate(validateCurrency),
		field.Time("recorded_at").Comment("When the distribution was recorded.").Default(time.Now).Immutable(),
		field.Int("recorded_by_id").Optional().Nillable().Immutable().
			Comment("Who proposed the distribution."),
		field.Int("proposal_id").Optional().Nillable().Immutable().
			Comment("The SURPLUS decision that set the distribution."),
		field.Enum("source").Values("BOOKS", "OVERRIDE").Default("OVERRIDE").Immutable().
			Comment("Where the surplus amount came from: BOOKS, the year's result in the coop's ledger; OVERRIDE, an amount typed in with a reason."),
		field.Text("override_reason").Optional().Nillable().Immutable().MaxLen(5000).
			Comment("For OVERRIDE: why the amount was typed in."),
		field.Int64("books_result_cents").Optional().Nillable().Immutable().Annotations(moneyField()).
			Comment("The year's result in the books when the distribution was recorded (for comparison with an override)."),
	}
}

// Edges of the SurplusDistribution.
func (SurplusDistribution) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Comment("The coop distributing.").Field("coop_id").Unique().Required().Immutable(),
		edge.To("recorded_by", Person.Type).Field("recorded_by_id").Unique().Immutable(),
		edge.To("proposal", Proposal.Type).Field("proposal_id").Unique().Immutable().
			Comment("The SURPLUS decision that set the distribution."),
		edge.To("parts", SurplusPart.Type).Comment("Each member's part.").
			Comment("Each member's part and its basis (minutes worked for the coop that year).").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the SurplusDistribution: one recorded distribution per coop and year.
func (SurplusDistribution) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id", "fiscal_year").Unique()}
}

// Hooks of the SurplusDistribution: a recorded distribution is immutable.
func (SurplusDistribution) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Annotations of the SurplusDistribution.
func (SurplusDistribution) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A coop's surplus of a fiscal year, distributed to members by hours worked (patronage)."),
		checks("surplus_sums", "distributed_cents + retained_cents = surplus_cents",
			"surplus_currency_iso", currencyCheck("currency")),
		entgql.RelayConnection(),
	}
}

// Policy of the SurplusDistribution: see internal/authz.
func (SurplusDistribution) Policy() ent.Policy { return authz.SurplusDistributionPolicy() }
