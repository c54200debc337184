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

// Settlement is the netting of what two coops of a network owe each other
// across all their shared projects up to a day (issue 17): coop A owes B
// 3,000, B owes A 1,000, so A pays B 2,000. One side proposes it, the other
// confirms; confirmed, it is booked in both coops' books.
type Settlement struct{ ent.Schema }

// Fields of the Settlement.
func (Settlement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("network_id").Immutable(),
		field.Int("payer_coop_id").Immutable().Comment("The coop that owes the net amount."),
		field.Int("payee_coop_id").Immutable().Comment("The coop owed the net amount."),
		field.Time("up_to").Immutable().
			Comment("Amounts owed up to and including this day are settled (UTC midnight).").
			Annotations(entgql.OrderField("UP_TO")),
		field.String("currency").Comment("ISO-4217 code of every amount of the settlement.").Immutable().Validate(validateCurrency),
		field.Int64("payer_owed_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("What the payer owed the payee before netting."),
		field.Int64("payee_owed_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("What the payee owed the payer before netting."),
		field.Int64("net_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("payer owed - payee owed: what the payer pays."),
		field.Enum("status").Values("PROPOSED", "CONFIRMED", "REJECTED", "PAID").Default("PROPOSED").
			Comment("PROPOSED by one side, CONFIRMED by the other (then booked), or REJECTED; PAID when the net amount was paid.").
			Annotations(entgql.OrderField("STATUS")),
		field.Int("proposed_by_id").Optional().Nillable().Immutable(),
		field.Int("proposed_by_coop_id").Immutable().Comment("The side that proposed it."),
		field.Int("confirmed_by_id").Optional().Nillable().Comment("Who confirmed it for the other side."),
		field.Time("confirmed_at").Comment("When the other coop confirmed.").Optional().Nillable(),
		field.Time("paid_on").Comment("Day the net amount was paid (UTC midnight); none until PAID.").Optional().Nillable(),
	}
}

// Edges of the Settlement.
func (Settlement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("network", Network.Type).Comment("The network of the two coops.").Field("network_id").Unique().Required().Immutable(),
		edge.To("payer_coop", Coop.Type).Field("payer_coop_id").Unique().Required().Immutable(),
		edge.To("payee_coop", Coop.Type).Field("payee_coop_id").Unique().Required().Immutable(),
		edge.To("proposed_by", Person.Type).Comment("The member who proposed the settlement.").Field("proposed_by_id").Unique().Immutable(),
		edge.To("proposed_by_coop", Coop.Type).Field("proposed_by_coop_id").Unique().Required().Immutable(),
		edge.To("confirmed_by", Person.Type).Field("confirmed_by_id").Unique(),
	}
}

// Indexes of the Settlement.
func (Settlement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("payer_coop_id", "payee_coop_id", "up_to"), index.Fields("network_id")}
}

// Mixin of the Settlement.
func (Settlement) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Settlement.
func (Settlement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("What two coops owe each other across their shared projects, netted, confirmed by both sides."),
		checks("settlement_two_coops", "payer_coop_id <> payee_coop_id",
			"settlement_net", "net_cents = payer_owed_cents - payee_owed_cents",
			"settlement_currency_iso", currencyCheck("currency")),
		entgql.RelayConnection(),
	}
}

// Policy of the Settlement: see internal/authz.
func (Settlement) Policy() ent.Policy { return authz.SettlementPolicy() }
