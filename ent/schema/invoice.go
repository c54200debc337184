package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
)

// Invoice is what the lead coop of a project asks its client to pay (issue
// 17), or a credit note cancelling an issued invoice. A DRAFT has no number
// and can change; issuing gives it the next number of the coop and year
// (gap-free) and books it; from then on only payments and a credit note
// change its status.
type Invoice struct{ ent.Schema }

// Fields of the Invoice.
func (Invoice) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable().
			Comment("The coop that issues it: the project's lead coop."),
		field.Int("project_id").Immutable(),
		field.Int("client_id").
			Comment("Who is invoiced."),
		field.Enum("kind").Values("INVOICE", "CREDIT_NOTE").Default("INVOICE").Immutable().
			Comment("INVOICE, or CREDIT_NOTE cancelling an issued invoice (its lines negated)."),
		field.Int("credit_note_for_id").Optional().Nillable().Immutable().Unique().
			Comment("For CREDIT_NOTE: the invoice it cancels (at most one credit note per invoice)."),
		field.Enum("status").Values("DRAFT", "ISSUED", "PARTIALLY_PAID", "PAID", "CANCELLED").Default("DRAFT").
			Comment("DRAFT -> ISSUED -> PARTIALLY_PAID / PAID, or CANCELLED by a credit note.").
			Annotations(entgql.OrderField("STATUS")),
		field.Int("fiscal_year").Optional().Nillable().
			Comment("The year of the number (the year it was issued)."),
		field.Int("sequence").Optional().Nillable().Positive().
			Comment("The number within the coop and year: 1, 2, 3... without gaps."),
		field.String("number").Optional().Nillable().MaxLen(40).
			Comment("The invoice number as printed, e.g. 2026-0007; set when issued.").
			Annotations(entgql.OrderField("NUMBER")),
		field.Time("issued_on").Optional().Nillable().
			Comment("The invoice date (UTC midnight); set when issued.").
			Annotations(entgql.OrderField("ISSUED_ON")),
		field.Time("due_on").Optional().Nillable().
			Comment("When payment is due (UTC midnight).").
			Annotations(entgql.OrderField("DUE_ON")),
		field.String("currency").Immutable().Validate(validateCurrency).
			Comment("ISO-4217 code: the project's currency."),
		field.Int64("net_cents").Default(0).Annotations(moneyField()).
			Comment("Sum of the lines' net amounts (negative for a credit note)."),
		field.Int64("vat_cents").Default(0).Annotations(moneyField()).
			Comment("Sum of the lines' VAT, each line rounded on its own."),
		field.Int64("gross_cents").Default(0).Annotations(moneyField()).
			Comment("net + VAT: what the client owes."),
		field.Int64("paid_cents").Default(0).NonNegative().Annotations(moneyField()).
			Comment("Sum of the payments recorded."),
		field.Text("note").Optional().MaxLen(5000).
			Comment("Free text printed on the invoice."),
		field.Int("created_by_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the Invoice.
func (Invoice) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Required().Immutable(),
		edge.To("project", Project.Type).Comment("The project invoiced.").Field("project_id").Unique().Required().Immutable(),
		edge.To("client", ClientOrganisation.Type).Field("client_id").Unique().Required(),
		edge.To("credit_note", Invoice.Type).Comment("The credit note cancelling this invoice, if any (at most one).").From("credit_note_for").Field("credit_note_for_id").Unique().Immutable().
			Comment("The credit note that cancelled this invoice / the invoice this credit note cancels."),
		edge.To("created_by", Person.Type).Comment("Who drafted the invoice.").Field("created_by_id").Unique().Immutable(),
		edge.To("lines", InvoiceLine.Type).Comment("The invoice's lines.").
			Comment("The invoice's lines, in position order.").
			Annotations(entgql.RelayConnection()),
		edge.To("payments", Payment.Type).Comment("The client's payments on this invoice.").
			Comment("Payments received for it.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the Invoice.
func (Invoice) Indexes() []ent.Index {
	return []ent.Index{
		// Gap-free numbering: one invoice per coop, year and sequence.
		index.Fields("coop_id", "fiscal_year", "sequence").Unique().
			StorageKey("invoices_number_per_coop_year").
			Annotations(entsql.IndexWhere("(sequence IS NOT NULL)")),
		index.Fields("project_id"),
		index.Fields("client_id"),
	}
}

// Mixin of the Invoice.
func (Invoice) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Invoice.
func (Invoice) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An invoice of a project's lead coop to its client, or a credit note cancelling one."),
		checks("invoice_currency_iso", currencyCheck("currency"),
			"invoice_sums", "gross_cents = net_cents + vat_cents",
			"invoice_numbered_when_issued", "status = 'DRAFT' OR (sequence IS NOT NULL AND number IS NOT NULL AND issued_on IS NOT NULL)"),
		entgql.RelayConnection(),
	}
}

// Policy of the Invoice: see internal/authz.
func (Invoice) Policy() ent.Policy { return authz.InvoicePolicy() }
