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

// ClientOrganisation is an organisation (a client) a coop works for and invoices (issue 17). It is
// the coop's own record: other coops do not see it.
type ClientOrganisation struct{ ent.Schema }

// Fields of the ClientOrganisation.
func (ClientOrganisation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable().
			Comment("The coop whose client this is."),
		field.String("name").NotEmpty().MaxLen(200).
			Comment("The organisation's legal name, as invoices show it.").
			Annotations(entgql.OrderField("NAME")),
		field.String("street").Optional().MaxLen(200).Comment("Street and number."),
		field.String("postal_code").Comment("Postal code of the client's address.").Optional().MaxLen(20),
		field.String("city").Comment("City of the client's address.").Optional().MaxLen(200),
		field.String("country").Default("DE").MaxLen(2).
			Comment("ISO 3166-1 alpha-2 country code."),
		field.String("vat_id").Optional().MaxLen(30).
			Comment("The client's VAT identification number (e.g. DE123456789), printed on invoices."),
		field.String("email").Optional().MaxLen(320).
			Comment("Where invoices are sent."),
	}
}

// Edges of the ClientOrganisation.
func (ClientOrganisation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Required().Immutable(),
		edge.From("projects", Project.Type).Comment("The coop's projects for this client.").Ref("client").
			Comment("Projects done for this client.").
			Annotations(entgql.RelayConnection()),
		edge.From("invoices", Invoice.Type).Comment("Invoices the coop sent this client.").Ref("client").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the ClientOrganisation.
func (ClientOrganisation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id", "name")}
}

// Mixin of the ClientOrganisation.
func (ClientOrganisation) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}, ArchiveMixin{}} }

// Annotations of the ClientOrganisation.
func (ClientOrganisation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An organisation a coop works for and invoices; the coop's own record."),
		checks("client_country_iso", "length(country) = 2 AND upper(country) = country"),
		entgql.RelayConnection(),
	}
}

// Policy of the ClientOrganisation: see internal/authz.
func (ClientOrganisation) Policy() ent.Policy { return authz.ClientOrganisationPolicy() }
