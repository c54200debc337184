package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/auditlog"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// AuditRecord is one committed write (issue 16, "Audit log"): one record per
// mutation, written in the transaction of the change, never changed
// afterwards (only an erasure scrubs the erased person's values from it).
// Its objects are the AuditObject rows.
type AuditRecord struct{ ent.Schema }

// Fields of the AuditRecord.
func (AuditRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Default(time.Now).Immutable().
			Comment("When the write committed (the transaction's domain time)."),
		field.String("operation").NotEmpty().MaxLen(200).Immutable().
			Comment("The operation: the GraphQL mutation field (e.g. castVote), or what Cockpit did on its own behalf (e.g. closeProposalAtDeadline, init)."),
		field.Int("actor_id").Optional().Nillable().Immutable().
			Comment("The person who made the write; null when Cockpit acted on its own behalf. A plain ID, no foreign key: the record outlives everything."),
		field.String("subject").Optional().Nillable().MaxLen(255).Immutable().
			Comment("The token's subject (sub claim) the write was made with."),
		field.Text("reason").Optional().Nillable().MaxLen(2000).Immutable().
			Comment("Why, when the operation asks for a reason (an admin's erasure, an archive)."),
		field.Strings("rules").Optional().Immutable().
			Comment("The write rules (internal/authz) that decided the writes, in order of first use."),
	}
}

// Edges of the AuditRecord.
func (AuditRecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("objects", AuditObject.Type),
	}
}

// Indexes of the AuditRecord.
func (AuditRecord) Indexes() []ent.Index {
	return []ent.Index{index.Fields("actor_id"), index.Fields("at")}
}

// Annotations of the AuditRecord.
func (AuditRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One committed write: when, who, which operation, and the objects it touched."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Policy of the AuditRecord: see internal/authz.
func (AuditRecord) Policy() ent.Policy { return authz.AuditRecordPolicy() }

// AuditObject is one object an audited write touched, with its changed
// fields and links, and the scope that decides who reads it: the coop,
// network and person it belongs to, resolved when it was written.
type AuditObject struct{ ent.Schema }

// Fields of the AuditObject.
func (AuditObject) Fields() []ent.Field {
	return []ent.Field{
		field.Int("record_id").Immutable(),
		field.String("object_type").NotEmpty().MaxLen(100).Immutable().
			Comment("The ent type of the object, e.g. Proposal."),
		field.Int("object_id").Immutable().
			Comment("The object's ID (its global ID in the API)."),
		field.Enum("action").Values("CREATE", "UPDATE", "DELETE").Immutable(),
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("The coop whose members read this change, if any."),
		field.Int("network_id").Optional().Nillable().Immutable().
			Comment("The network whose admins read this change, if any."),
		field.Int("person_id").Optional().Nillable().Immutable().
			Comment("The person this change is about, if any (their own data)."),
		field.JSON("fields", auditlog.Fields{}).Optional().
			Comment("Changed fields, before and after. Changed only by an erasure, which scrubs the erased person's values."),
		field.JSON("links", auditlog.Links{}).Optional().Immutable().
			Comment("Changed list edges: IDs linked and unlinked."),
	}
}

// Edges of the AuditObject.
func (AuditObject) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("record", AuditRecord.Type).Ref("objects").Field("record_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AuditObject.
func (AuditObject) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("record_id"),
		index.Fields("object_id"),
		index.Fields("coop_id", "record_id"),
		index.Fields("network_id", "record_id"),
		index.Fields("person_id", "record_id"),
	}
}

// Annotations of the AuditObject.
func (AuditObject) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An object an audited write touched, with its changes."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Policy of the AuditObject: see internal/authz.
func (AuditObject) Policy() ent.Policy { return authz.AuditObjectPolicy() }
