package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
)

// LedgerEntry is one booking in a coop's books (issue 17): balanced lines
// (debits = credits) in one currency, on a day that falls in an open period,
// linked to what caused it. Entries are immutable: a correction is a
// REVERSAL entry that names the entry it reverses (at most once), followed
// by the right booking. Only internal/ledger Post writes entries.
type LedgerEntry struct{ ent.Schema }

// Fields of the LedgerEntry.
func (LedgerEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable().
			Comment("The coop whose books hold the entry."),
		field.Enum("kind").Values(plan.EntryKinds()...).Immutable().
			Comment("What caused the entry.").
			Annotations(entgql.OrderField("KIND")),
		field.Time("booked_on").Immutable().
			Comment("The day the entry belongs to (its period), UTC midnight.").
			Annotations(entgql.OrderField("BOOKED_ON")),
		field.String("currency").Immutable().Validate(validateCurrency).
			Comment("ISO-4217 code of every line."),
		field.String("description").NotEmpty().MaxLen(500).Immutable().
			Comment("What happened, in words."),
		field.Int("recorded_by_id").Optional().Nillable().Immutable().
			Comment("Who made the write that booked it; none for Cockpit's own work."),
		field.Int("invoice_id").Optional().Nillable().Immutable().Comment("The invoice or credit note that caused it."),
		field.Int("payment_id").Optional().Nillable().Immutable().Comment("The client payment that caused it."),
		field.Int("payout_id").Optional().Nillable().Immutable().Comment("The payout that caused it."),
		field.Int("settlement_id").Optional().Nillable().Immutable().Comment("The inter-coop settlement that caused it."),
		field.Int("surplus_distribution_id").Optional().Nillable().Immutable().Comment("The surplus distribution that caused it."),
		field.Int("dues_charge_id").Optional().Nillable().Immutable().Comment("The dues or levy charge that caused it."),
		field.Int("membership_id").Optional().Nillable().Immutable().Comment("For buy-in entries: the membership."),
		field.Int("project_id").Optional().Nillable().Immutable().Comment("The project the money is for, if any."),
		field.Int("reverses_id").Optional().Nillable().Immutable().Unique().
			Comment("For REVERSAL: the entry it cancels (an entry is reversed at most once)."),
	}
}

// Edges of the LedgerEntry.
func (LedgerEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Required().Immutable(),
		edge.To("recorded_by", Person.Type).Field("recorded_by_id").Unique().Immutable(),
		edge.To("invoice", Invoice.Type).Field("invoice_id").Unique().Immutable(),
		edge.To("payment", Payment.Type).Field("payment_id").Unique().Immutable(),
		edge.To("payout", Payout.Type).Field("payout_id").Unique().Immutable(),
		edge.To("settlement", Settlement.Type).Field("settlement_id").Unique().Immutable(),
		edge.To("surplus_distribution", SurplusDistribution.Type).Field("surplus_distribution_id").Unique().Immutable(),
		edge.To("dues_charge", DuesCharge.Type).Field("dues_charge_id").Unique().Immutable(),
		edge.To("membership", Membership.Type).Field("membership_id").Unique().Immutable(),
		edge.To("project", Project.Type).Field("project_id").Unique().Immutable(),
		edge.To("reversal", LedgerEntry.Type).Comment("The entry correcting this one, if any (at most one).").From("reverses").Field("reverses_id").Unique().Immutable().
			Comment("The entry this one reverses / the entry that reversed this one."),
		edge.To("lines", LedgerLine.Type).Comment("The entry's debits and credits; they balance.").
			Comment("The debit and credit lines; they balance.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the LedgerEntry.
func (LedgerEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("coop_id", "booked_on"),
		index.Fields("invoice_id"),
		index.Fields("payment_id"),
		index.Fields("payout_id"),
		index.Fields("settlement_id"),
	}
}

// Hooks of the LedgerEntry: immutable.
func (LedgerEntry) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Mixin of the LedgerEntry.
func (LedgerEntry) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the LedgerEntry.
func (LedgerEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A balanced, immutable booking in a coop's books."),
		checks("ledger_entry_currency_iso", currencyCheck("currency")),
		entgql.RelayConnection(),
	}
}

// Policy of the LedgerEntry: see internal/authz.
func (LedgerEntry) Policy() ent.Policy { return authz.LedgerEntryPolicy() }
