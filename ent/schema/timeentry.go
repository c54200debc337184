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

// TimeEntry holds the schema definition for the TimeEntry entity.
type TimeEntry struct{ ent.Schema }

// Fields of the TimeEntry.
func (TimeEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Int("share_id").Immutable().
			Comment("The budget share the work is billed against."),
		field.Int("person_id").Immutable(),
		field.Time("date").
			Comment("Day the work was done.").
			Annotations(entgql.OrderField("DATE")),
		field.Int("minutes").Range(1, 24*60).
			Comment("Time worked that day, in minutes (at most 24 h).").
			Annotations(entgql.OrderField("MINUTES")),
		field.String("note").Comment("What the time was spent on.").Optional().MaxLen(2000),
		field.Int("invoice_line_id").Optional().Nillable().
			Comment("The invoice line that bills this entry; set when invoiced (at most once), cleared when its invoice is cancelled.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Edges of the TimeEntry.
func (TimeEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", Project.Type).Comment("The project worked on.").Ref("time_entries").Field("project_id").Unique().Required().Immutable(),
		edge.From("share", BudgetShare.Type).Ref("time_entries").Field("share_id").Unique().Required().Immutable(),
		edge.From("person", Person.Type).Comment("Who worked.").Ref("time_entries").Field("person_id").Unique().Required().Immutable(),
		edge.To("invoice_line", InvoiceLine.Type).Field("invoice_line_id").Unique().
			Comment("The invoice line that bills this entry, once invoiced.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Indexes of the TimeEntry.
func (TimeEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("share_id", "date"),
		index.Fields("person_id", "date"),
		index.Fields("project_id", "date"),
		index.Fields("invoice_line_id"),
	}
}

// Hooks of the TimeEntry: its invariants (see internal/invariant).
func (TimeEntry) Hooks() []ent.Hook { return []ent.Hook{invariant.TimeEntryHook()} }

// Mixin of the TimeEntry.
func (TimeEntry) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the TimeEntry.
func (TimeEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Time a person worked on a project, billed against one budget share."),
		checks("time_entry_minutes_range", "minutes BETWEEN 1 AND 1440"),
		entgql.RelayConnection(),
	}
}

// Policy of the TimeEntry: see internal/authz.
func (TimeEntry) Policy() ent.Policy { return authz.TimeEntryPolicy() }
