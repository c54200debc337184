package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/talent"
)

// Network holds the schema definition for the Network entity.
type Network struct{ ent.Schema }

// Fields of the Network.
func (Network) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).
			Comment("Display name, e.g. \"IT-Kollektiv\".").
			Annotations(entgql.OrderField("NAME")),
		field.String("slug").Unique().Validate(validateSlug).
			Comment("URL-safe unique identifier, e.g. \"it-kollektiv\".").
			Annotations(entgql.OrderField("SLUG")),
		field.Text("description").Optional().MaxLen(10000).
			Comment("What the network is about."),
		field.Text("etiquette").Optional().MaxLen(50000).
			Comment("The network's code of conduct that every participant agrees to."),
		field.Int("etiquette_version").Default(1).Positive().
			Comment("Version of the etiquette; it rises with every change of its text, and participants are asked to accept it again.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Bool("self_sign_up").Default(false).
			Comment("Whether a first login with a valid token may create a Person in this network."),
		field.Enum("default_rule").Values("CONSENSUS", "CONSENT", "TWO_THIRDS", "SIMPLE_MAJORITY").Default("TWO_THIRDS").Annotations(bylawsField()).
			Comment("Bylaws: how network proposals of a kind without its own rule are decided, each member coop one vote."),
		field.Int("quorum_percent").Range(0, 100).Default(50).Annotations(bylawsField()).
			Comment("Bylaws: share of member coops (percent) whose votes make a network decision of a kind without its own rule valid."),
		field.JSON("decision_rules", decision.Rules{}).Optional().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Bylaws: the decision rule of each network proposal kind that has its own."),
		field.Enum("participant_voice").Values("NONE", "ADVISORY").Default("ADVISORY").Annotations(bylawsField()).
			Comment("Bylaws: the voice of individual participants (freelancers, persons in no coop) in network decisions: NONE (they read them) or ADVISORY (they read and comment); they never vote."),
		field.Text("bylaws_text").Optional().MaxLen(200000).Annotations(bylawsField()).
			Comment("Bylaws: the network's bylaws text, changed by a passed NETWORK_BYLAWS proposal."),
		field.Int("bylaws_version").Default(1).Positive().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)).
			Comment("Bylaws: the current version, one more with every passed NETWORK_BYLAWS proposal."),
		field.Int("taxonomy_version").Default(1).
			Comment("Counts changes of the network's skills (kept by a Skill hook, internal/talent), so a server may keep the taxonomy in memory while it is unchanged. Never 0, so 0 means a network read without this column.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("public_directory").Default(false).
			Comment("Public directory (issue 18; internal/publicface): anyone may read the network's publicDirectory and publicTalentSearch, showing only coops and persons that opted in. Set by the network's admins.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Network.
func (Network) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("groups", Group.Type).Comment("The network's city, competence and working groups.").
			Comment("City, competence and working groups of the network.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("participants", Person.Type).Comment("Persons taking part in the network directly (freelancers, persons in no coop, admins).").
			Through("memberships", NetworkMembership.Type).
			Comment("Persons taking part in the network directly (with or without a coop).").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("skills", Skill.Type).Comment("The network's skill taxonomy.").
			Comment("The network's skill taxonomy.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("projects", Project.Type).Comment("Projects announced in the network.").
			Comment("Projects announced in the network (only those you are involved in).").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("proposals", Proposal.Type).Comment("Decisions of the network's member coops.").
			Comment("Decisions of the network, taken by its member coops.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("coops", Coop.Type).Comment("The network's member coops.").
			Through("network_coops", NetworkCoop.Type).
			Comment("Coops that are members of the network.").
			Annotations(entgql.RelayConnection()),
	}
}

// Hooks of the Network.
func (Network) Hooks() []ent.Hook {
	return []ent.Hook{governance.FoundingNetworkBylaws(), people.CreatorAdministersNetwork(), talent.NetworkHook(),
		rights.EtiquetteVersionHook()}
}

// Mixin of the Network.
func (Network) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Network.
func (Network) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A federation of coops and individuals, with a code of conduct and groups."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Network: see internal/authz.
func (Network) Policy() ent.Policy { return authz.NetworkPolicy() }
