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

// Group holds the schema definition for the Group entity.
type Group struct{ ent.Schema }

// Fields of the Group.
func (Group) Fields() []ent.Field {
	return []ent.Field{
		field.Int("network_id").Immutable().Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Enum("kind").Values("CITY", "COMPETENCE", "WORKING").
			Comment("CITY group, COMPETENCE group (Kompetenzgruppe) or WORKING group (AG).").
			Annotations(entgql.OrderField("KIND")),
		field.String("name").NotEmpty().MaxLen(200).
			Comment("Display name, e.g. \"Leipzig\" or \"Infrastructure\".").
			Annotations(entgql.OrderField("NAME")),
		field.String("slug").Default("").Validate(validateSlug).
			Comment("URL-safe identifier, unique within the network; derived from the name when omitted.").
			Annotations(entgql.OrderField("SLUG")),
		field.Text("description").Comment("What the group is about.").Optional().MaxLen(10000),
		field.String("city").Optional().MaxLen(200).
			Comment("For CITY groups: the city they meet in."),
	}
}

// Edges of the Group.
func (Group) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("network", Network.Type).Comment("The network the group belongs to.").Ref("groups").Field("network_id").Unique().Required().Immutable(),
		edge.To("members", Person.Type).Comment("Persons in the group.").
			Comment("Persons taking part in the group (each joins or leaves with updatePerson).").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("coops", Coop.Type).Comment("Coops in the group.").
			Comment("Coops taking part in the group (each joins or leaves with updateCoop).").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Group.
func (Group) Indexes() []ent.Index {
	return []ent.Index{index.Fields("network_id", "slug").Unique()}
}

// Hooks of the Group.
func (Group) Hooks() []ent.Hook { return []ent.Hook{slugFromNameHook} }

// Mixin of the Group.
func (Group) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}, ArchiveMixin{}} }

// Annotations of the Group.
func (Group) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A city, competence or working group inside a network."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Group: see internal/authz.
func (Group) Policy() ent.Policy { return authz.GroupPolicy() }
