package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// ArchiveMixin lets an object be archived instead of deleted (issue 16): an
// archived object leaves the default lists but keeps its history and every
// reference to it, and can be restored. Only archive and restore operations
// set the field.
type ArchiveMixin struct{ mixin.Schema }

// Fields of the ArchiveMixin.
func (ArchiveMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("archived_at").Optional().Nillable().
			Comment("When this was archived (RFC 3339); null while it is in use. Archived objects are left out of lists unless includeArchived is true; node(id:) still finds them.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}
