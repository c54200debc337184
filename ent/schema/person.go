package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/talent"
)

// Person holds the schema definition for the Person entity.
type Person struct{ ent.Schema }

// Fields of the Person.
func (Person) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).
			Comment("Display name.").
			Annotations(entgql.OrderField("NAME")),
		field.String("email").Optional().Unique().Nillable().Validate(validateEmail).
			Comment("Contact e-mail address, unique across Cockpit, always one a login verified (or Cockpit's own seeding set). Changed only with changeEmail and a verified login. Private: null unless you are this person or a member of one of their coops.").
			Annotations(privateRequiredField(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("pending_email").Optional().Nillable().MaxLen(254).
			Comment("An address the person asked to change to (changeEmail); it becomes email at a later login whose verified e-mail claim is this address, if no one holds it then. Private: null unless you are this person.").
			Annotations(privateField(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("subject").Optional().Nillable().Unique().MaxLen(255).
			Comment("The `sub` claim of the person's identity provider; links logins to this person.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Text("bio").Optional().MaxLen(10000).
			Comment("Public profile text."),
		field.String("city").Optional().MaxLen(200).
			Comment("City the person works from (public).").
			Annotations(entgql.OrderField("CITY")),
		field.String("phone").Optional().Nillable().MaxLen(50).
			Comment("Phone number. Private: null unless you are this person or a member of one of their coops.").
			Annotations(privateField()),
		field.Int64("hourly_rate_cents").Optional().Nillable().NonNegative().
			Comment("Usual hourly rate in minor units of rateCurrency. Private: null unless you are this person or a member of one of their coops.").
			Annotations(moneyField()),
		field.String("rate_currency").Default("EUR").Validate(validateCurrency).
			Comment("ISO-4217 code of the hourly rate (set with hourlyRate).").
			Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Bool("claim_on_first_login").Default(false).
			Comment("Set by `cockpit init` for the first admin: the first login whose verified e-mail is this person's becomes this person (no other person is ever linked by e-mail).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("erased_at").Optional().Nillable().
			Comment("When the person's data was erased at their request (eraseMe): personal fields are gone, records the coops must keep show a former participant.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		// Public profile choices (issue 18; internal/publicface). Shown to
		// anonymous callers only while the person also holds the current
		// PUBLIC_PROFILE consent; set with setMyPublicProfile.
		field.Bool("public_name").Default(false).
			Comment("Public profile: the name is shown to anyone (with the current PUBLIC_PROFILE consent). Without it the person is not listed publicly at all.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("public_city").Default(false).
			Comment("Public profile: the city is shown to anyone.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("public_skills").Default(false).
			Comment("Public profile: the skills with their levels are shown to anyone and found by publicTalentSearch.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("public_availability").Default(false).
			Comment("Public profile: a summary of the availability (hours per week, from/until dates) is shown to anyone.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("public_coops").Default(false).
			Comment("Public profile: the person's current MEMBER affiliations with coops that have a public profile are shown to anyone.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Person.
func (Person) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("networks", Network.Type).Comment("Networks the person takes part in directly.").Ref("participants").
			Through("network_memberships", NetworkMembership.Type).
			Comment("Networks the person takes part in directly (only those you take part in too).").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, crossNetworkEdge)),
		edge.From("groups", Group.Type).Comment("Groups the person is in.").Ref("members").
			Comment("Groups the person takes part in (only those of your networks).").
			Annotations(entgql.RelayConnection(), entgql.Skip(crossNetworkEdge, entgql.SkipMutationCreateInput)),
		edge.To("memberships", Membership.Type).Comment("The person's relations to coops, each with its pathway state.").
			Comment("The person's relations to coops, with their pathway state.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("skills", Skill.Type).Comment("The person's skills; levels are on personSkills.").
			Through("person_skills", PersonSkill.Type).
			Comment("Skills the person has or wants to learn (only those of your networks); levels are on personSkills.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, crossNetworkEdge)),
		edge.To("availabilities", Availability.Type).Comment("Hours per week the person offers, by period.").
			Comment("Hours per week the person offers, by period. Private: the person and their coops' members.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("budget_shares", BudgetShare.Type).Comment("Shares of project budgets the person holds as a freelancer.").
			Comment("Project budget shares held by the person as a freelancer.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("time_entries", TimeEntry.Type).Comment("Time the person logged on projects.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("votes", Vote.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("endorsements_given", Endorsement.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("consents", Consent.Type).
			Comment("The person's consents (etiquette, public profile), with versions. Private: the person only.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("buddy_of", Membership.Type).
			Comment("Memberships where this person is the onboarding buddy.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Hooks of the Person.
func (Person) Hooks() []ent.Hook {
	return []ent.Hook{normalizeEmailHook, talent.PersonHook()}
}

// Mixin of the Person.
func (Person) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Person.
func (Person) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Anyone in the network: interested person, freelancer, candidate or worker-owner."),
		checks(
			"person_rate_non_negative", "hourly_rate_cents IS NULL OR hourly_rate_cents >= 0",
			"person_rate_currency_iso", currencyCheck("rate_currency"),
		),
		entgql.QueryField(),
		entgql.RelayConnection(),
		// No createPerson: persons come into being by their own login or by
		// accepting an invitation (internal/people), or by Cockpit's seeding.
		entgql.Mutations(entgql.MutationUpdate()),
	}
}

// Policy of the Person: see internal/authz.
func (Person) Policy() ent.Policy { return authz.PersonPolicy() }

// Interceptors of the Person: private fields read as null for other viewers.
func (Person) Interceptors() []ent.Interceptor { return []ent.Interceptor{authz.RedactPerson()} }
