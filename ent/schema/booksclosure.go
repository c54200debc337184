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

// BooksClosure closes a period of a coop's books (issue 17): a month or a
// year, closed when its surplus is recorded or its books are closed (by
// decision or by a member, as the coop's bylaws say). Nothing dated in a
// closed period is created, changed or moved into it afterwards: time
// entries, invoices, payments, payouts, ledger entries. Closures are never
// undone; corrections go into an open period.
type BooksClosure struct{ ent.Schema }

// Fields of the BooksClosure.
func (BooksClosure) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable(),
		field.Time("period_start").Immutable().
			Comment("First day of the closed period (UTC midnight).").
			Annotations(entgql.OrderField("PERIOD_START")),
		field.Time("period_end").Immutable().
			Comment("Last day of the closed period, inclusive (UTC midnight)."),
		field.Enum("reason").Values("SURPLUS", "BOOKS_CLOSED").Immutable().
			Comment("SURPLUS: the year's surplus distribution was recorded; BOOKS_CLOSED: the books of the period were closed."),
		field.Time("closed_at").Comment("When the period was closed.").Immutable(),
		field.Int("closed_by_id").Optional().Nillable().Immutable(),
		field.Int("proposal_id").Optional().Nillable().Immutable().
			Comment("The decision that closed it, if any."),
	}
}

// Edges of the BooksClosure.
func (BooksClosure) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Comment("The coop whose books were closed.").Field("coop_id").Unique().Required().Immutable(),
		edge.To("closed_by", Person.Type).Comment("The member who closed the period, when the bylaws let any member close it.").Field("closed_by_id").Unique().Immutable(),
		edge.To("proposal", Proposal.Type).Field("proposal_id").Unique().Immutable(),
	}
}

// Indexes of the BooksClosure.
func (BooksClosure) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id", "period_start", "period_end").Unique()}
}

// Hooks of the BooksClosure: never changed or undone.
func (BooksClosure) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Annotations of the BooksClosure.
func (BooksClosure) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A closed period of a coop's books."),
		checks("books_closure_ordered", "period_end >= period_start"),
		entgql.RelayConnection(),
	}
}

// Policy of the BooksClosure: see internal/authz.
func (BooksClosure) Policy() ent.Policy { return authz.BooksClosurePolicy() }
