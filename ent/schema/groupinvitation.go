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

// GroupInvitation asks a person or a coop to join a group (issue 16): a
// network admin adds, the person (or a member of the coop) consents, and
// only then are they in the group. Nothing is reserved before.
type GroupInvitation struct{ ent.Schema }

// Fields of the GroupInvitation.
func (GroupInvitation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("group_id").Immutable(),
		field.Int("person_id").Optional().Nillable().Immutable().
			Comment("The person asked to join; null when a coop is asked."),
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("The coop asked to join; null when a person is asked."),
		field.Int("invited_by_id").Optional().Nillable().Immutable().
			Comment("The admin who asked."),
		field.Enum("state").Values("OPEN", "ACCEPTED", "DECLINED", "REVOKED").Default("OPEN").
			Comment("OPEN until answered; ACCEPTED adds the person or coop to the group."),
		field.Int("answered_by_id").Optional().Nillable().
			Comment("Who accepted, declined or revoked it."),
		field.Time("answered_at").Optional().Nillable().
			Comment("When it was answered."),
	}
}

// Edges of the GroupInvitation.
func (GroupInvitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("group", Group.Type).Comment("The group the invitation is to.").Field("group_id").Unique().Required().Immutable(),
		edge.To("person", Person.Type).Field("person_id").Unique().Immutable(),
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Immutable(),
	}
}

// Indexes of the GroupInvitation.
func (GroupInvitation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("group_id", "state"), index.Fields("person_id"), index.Fields("coop_id")}
}

// Mixin of the GroupInvitation.
func (GroupInvitation) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the GroupInvitation.
func (GroupInvitation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An admin's request that a person or coop join a group, in force once they accept."),
		checks("group_invitation_one_invitee", "person_id IS NULL AND coop_id IS NOT NULL OR person_id IS NOT NULL AND coop_id IS NULL"),
		entgql.RelayConnection(),
	}
}

// Policy of the GroupInvitation: see internal/authz.
func (GroupInvitation) Policy() ent.Policy { return authz.GroupInvitationPolicy() }
