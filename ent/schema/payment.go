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

// Payment is money a client paid on an issued invoice (issue 17): full,
// partial or one of several. Recording it books it and makes the share
// holders' parts of what was paid owed to them.
type Payment struct{ ent.Schema }

// Fields of the Payment.
func (Payment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("invoice_id").Immutable(),
		field.Int("coop_id").Immutable().Comment("The coop that received it (the invoice's)."),
		field.Int64("amount_cents").Positive().Immutable().Annotations(moneyField()),
		field.String("currency").Comment("ISO-4217 code of the amount: the invoice's currency.").Immutable().Validate(validateCurrency),
		field.Time("received_on").Immutable().
			Comment("The day the money arrived (UTC midnight).").
			Annotations(entgql.OrderField("RECEIVED_ON")),
		field.String("reference").Optional().MaxLen(200).Immutable().
			Comment("The bank reference."),
		field.Int("recorded_by_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the Payment.
func (Payment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("invoice", Invoice.Type).Comment("The invoice paid.").Ref("payments").Field("invoice_id").Unique().Required().Immutable(),
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Required().Immutable(),
		edge.To("recorded_by", Person.Type).Comment("The member who recorded the payment.").Field("recorded_by_id").Unique().Immutable(),
	}
}

// Indexes of the Payment.
func (Payment) Indexes() []ent.Index { return []ent.Index{index.Fields("invoice_id")} }

// Hooks of the Payment: immutable (a wrong one is reversed in the books).
func (Payment) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Mixin of the Payment.
func (Payment) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Payment.
func (Payment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A client's payment on an invoice."),
		checks("payment_currency_iso", currencyCheck("currency")),
		entgql.RelayConnection(),
	}
}

// Policy of the Payment: see internal/authz.
func (Payment) Policy() ent.Policy { return authz.PaymentPolicy() }
