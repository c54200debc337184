package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
)

// ProfileProjectListing is a person's consent to list a project they worked
// on (held a budget share or logged time) on their exported profile
// (issue 18, item 6; internal/profileexport). A project is not listed
// unless the person says so; a withdrawn listing is kept with the time it
// was withdrawn, and listing the project again adds a new row.
type ProfileProjectListing struct{ ent.Schema }

// Fields of the ProfileProjectListing.
func (ProfileProjectListing) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_id").Immutable().
			Comment("The person whose profile lists the project."),
		field.Int("project_id").Immutable().
			Comment("The project listed."),
		field.Time("listed_at").Default(time.Now).Immutable().
			Comment("When the person chose to list the project."),
		field.Time("withdrawn_at").Optional().Nillable().
			Comment("When the person withdrew the listing; null while it holds."),
	}
}

// Edges of the ProfileProjectListing.
func (ProfileProjectListing) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("person", Person.Type).Field("person_id").Unique().Required().Immutable().
			Comment("The person whose profile lists the project."),
		edge.To("project", Project.Type).Field("project_id").Unique().Required().Immutable().
			Comment("The project listed."),
	}
}

// Indexes of the ProfileProjectListing.
func (ProfileProjectListing) Indexes() []ent.Index {
	return []ent.Index{index.Fields("person_id", "project_id"), index.Fields("project_id")}
}

// Annotations of the ProfileProjectListing: a node (so node(id:) and the
// audit log read it like every other row), reached through
// ProfileProject.listing; written only by setProjectListedOnProfile.
func (ProfileProjectListing) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person's consent to list a project they worked on in their exported profile (setProjectListedOnProfile). Read by the person only."),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Policy of the ProfileProjectListing: see internal/authz.
func (ProfileProjectListing) Policy() ent.Policy { return authz.ProfileProjectListingPolicy() }
