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

// Invitation is a network admin's offer to an e-mail address to take part in
// the network. Until it is accepted it reserves nothing: no person exists for
// the address because of it, and only the inviting network's admins (and,
// once they exist, the person with that address) can read it. It is accepted
// by the person whose verified e-mail is the address, or with its one-time
// token (internal/people).
type Invitation struct{ ent.Schema }

// Fields of the Invitation.
func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("network_id").Immutable(),
		field.String("email").Immutable().MaxLen(254).Validate(validateEmail).
			Comment("The invited address (stored lower-cased)."),
		field.String("name").Optional().MaxLen(200).Immutable().
			Comment("How the inviting admin addresses the invitee."),
		field.Text("message").Optional().MaxLen(5000).Immutable().
			Comment("A note from the inviting admin."),
		field.Enum("state").Values("OPEN", "ACCEPTED", "DECLINED", "REVOKED", "EXPIRED").Default("OPEN").
			Comment("Stored state; an OPEN invitation past expiresAt reads as EXPIRED (see the state field).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("expires_at").Immutable().
			Comment("After this instant the invitation can no longer be accepted.").
			Annotations(entgql.OrderField("EXPIRES_AT")),
		field.String("token_hash").Optional().Nillable().Unique().Immutable().Sensitive().MaxLen(64).
			Comment("SHA-256 (hex) of the one-time token; the token itself is shown once, to the inviting admin.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("invited_by_id").Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("accepted_by_id").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("closed_at").Optional().Nillable().
			Comment("When the invitation was accepted, declined or revoked."),
	}
}

// Edges of the Invitation. They point away from the invitation only, so the
// network and person schemas stay untouched.
func (Invitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("network", Network.Type).Field("network_id").Unique().Required().Immutable().
			Comment("The inviting network; null for the invitee, who reads networkName.").
			Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput)),
		edge.To("invited_by", Person.Type).Field("invited_by_id").Unique().Immutable().
			Comment("The admin who invited (when readable)."),
		edge.To("accepted_by", Person.Type).Field("accepted_by_id").Unique().
			Comment("The person who accepted (when readable)."),
	}
}

// Indexes of the Invitation.
func (Invitation) Indexes() []ent.Index {
	return []ent.Index{
		// A first login looks up the open invitations of its address.
		index.Fields("email"),
		// An admin's list, and the check for an open invitation of the
		// same address (people.Invite).
		index.Fields("network_id", "email"),
	}
}

// Hooks of the Invitation.
func (Invitation) Hooks() []ent.Hook { return []ent.Hook{normalizeEmailHook} }

// Mixin of the Invitation.
func (Invitation) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Invitation.
func (Invitation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An admin's offer to an e-mail address to join a network; reserves nothing until accepted."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}

// Policy of the Invitation: see internal/authz (invitations.go).
func (Invitation) Policy() ent.Policy { return authz.InvitationPolicy() }
