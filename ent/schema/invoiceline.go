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

// InvoiceLine is one line of an invoice: the time of one budget share (hours
// x the share's rate, the time entries it bills linked to it), a fixed item,
// or the project's PM charge.
type InvoiceLine struct{ ent.Schema }

// Fields of the InvoiceLine.
func (InvoiceLine) Fields() []ent.Field {
	return []ent.Field{
		field.Int("invoice_id").Immutable(),
		field.Int("position").NonNegative().
			Comment("Order on the invoice, 0 first.").
			Annotations(entgql.OrderField("POSITION")),
		field.Enum("kind").Values("TIME", "FIXED", "PM_CHARGE").Immutable().
			Comment("TIME: a share's time entries at its hourly rate; FIXED: an item with a price; PM_CHARGE: the project's PM charge."),
		field.String("description").Comment("Text of the line as printed on the invoice.").NotEmpty().MaxLen(1000),
		field.Int("share_id").Optional().Nillable().Immutable().
			Comment("For TIME: the budget share whose time is billed (its holder is owed the line once paid)."),
		field.Int("minutes").Optional().Nillable().NonNegative().
			Comment("For TIME: the minutes billed (sum of the linked time entries)."),
		field.Int64("quantity_milli").Default(1000).
			Comment("Quantity in thousandths (1000 = 1; for TIME, hours x 1000); negative on a credit note."),
		field.Int64("unit_price_cents").Annotations(moneyField()).
			Comment("Price per unit in minor units (for TIME, the share's hourly rate)."),
		field.Int64("net_cents").Annotations(moneyField()).
			Comment("quantity x unit price, rounded half away from zero to the minor unit."),
		field.Int("vat_rate_basis_points").Range(0, 10000).
			Comment("VAT rate in hundredths of a percent (1900 = 19 %)."),
		field.Int64("vat_cents").Annotations(moneyField()).
			Comment("net x rate, rounded half away from zero per line."),
	}
}

// Edges of the InvoiceLine.
func (InvoiceLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("invoice", Invoice.Type).Comment("The invoice the line belongs to.").Ref("lines").Field("invoice_id").Unique().Required().Immutable(),
		edge.To("share", BudgetShare.Type).Field("share_id").Unique().Immutable(),
		edge.From("time_entries", TimeEntry.Type).Comment("TIME: the time entries this line bills.").Ref("invoice_line").
			Comment("For TIME: the time entries this line bills.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the InvoiceLine.
func (InvoiceLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("invoice_id", "position"), index.Fields("share_id")}
}

// Annotations of the InvoiceLine.
func (InvoiceLine) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A line of an invoice."),
		entgql.RelayConnection(),
	}
}

// Policy of the InvoiceLine: see internal/authz.
func (InvoiceLine) Policy() ent.Policy { return authz.InvoiceLinePolicy() }
