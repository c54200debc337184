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
	"github.com/coopnetwork/cockpit/internal/talent"
)

// Coop holds the schema definition for the Coop entity. Its bylaws are plain
// fields, read with the coop, set at its founding (createCoop) and changed
// only by a passed BYLAWS proposal (proposeBylawsChange), never by updateCoop.
type Coop struct{ ent.Schema }

// Fields of the Coop.
func (Coop) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).
			Comment("Display name of the cooperative.").
			Annotations(entgql.OrderField("NAME")),
		field.String("slug").Unique().Validate(validateSlug).
			Comment("URL-safe unique identifier.").
			Annotations(entgql.OrderField("SLUG")),
		field.String("legal_form").Optional().MaxLen(100).
			Comment("Free text: GmbH, eG, LLC, informal, ..."),
		field.String("city").Comment("City the coop is based in.").Optional().MaxLen(200).
			Annotations(entgql.OrderField("CITY")),
		field.String("website").Comment("The coop's public website address.").Optional().MaxLen(500),
		field.Text("description").Comment("What the coop does, in its own words.").Optional().MaxLen(10000),
		// Bylaws.
		field.Int("candidacy_days").NonNegative().Max(3650).Default(180).Annotations(bylawsField()).
			Comment("Bylaws: length of the candidacy (probation) in days before admission is possible."),
		field.Int("freelancer_right_to_join_days").NonNegative().Max(3650).Default(365).Annotations(bylawsField()).
			Comment("Bylaws: days a freelancer works with the coop before they may apply for candidacy."),
		field.Enum("admission_rule").Values("CONSENSUS", "CONSENT", "TWO_THIRDS", "SIMPLE_MAJORITY").Default("CONSENSUS").Annotations(bylawsField()).
			Comment("Bylaws: how proposals of a kind without its own rule (decision_rules) are decided."),
		field.Int("quorum_percent").Range(0, 100).Default(50).Annotations(bylawsField()).
			Comment("Bylaws: share of members (percent) whose votes, abstentions included, make a decision of a kind without its own rule valid."),
		field.Int64("buy_in_cents").NonNegative().Default(0).Nillable().Annotations(moneyField()).
			Comment("Bylaws: capital a new member pays in, in minor units of the coop currency. Members only: null for others."),
		field.Int("surplus_share_percent").Range(0, 100).Default(75).Nillable().Annotations(privateRequiredField(), bylawsField()).
			Comment("Bylaws: percent of the yearly surplus distributed to members by hours worked; the rest is retained. Members only: null for others."),
		field.Int64("budget_change_threshold_cents").NonNegative().Default(0).Nillable().Annotations(moneyField()).
			Comment("Bylaws: budget changes above this amount (minor units) need a passed BUDGET proposal. Members only: null for others."),
		field.String("currency").Default("EUR").Validate(validateCurrency).Annotations(bylawsField()).
			Comment("ISO-4217 code the coop keeps its books in, set at its founding: the bylaws amounts are in it."),
		field.Enum("share_reduction_consent").Values("PROPOSAL", "MEMBER").Default("PROPOSAL").Annotations(bylawsField()).
			Comment("Bylaws: how the coop consents when a lead coop reduces its share of a project: by a BUDGET proposal, or by the approval of one of its members."),
		field.JSON("decision_rules", decision.Rules{}).Optional().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Bylaws: the decision rule of each proposal kind that has its own; other kinds are decided by admission_rule and quorum_percent."),
		field.Text("bylaws_text").Optional().MaxLen(200000).Annotations(bylawsField()).
			Comment("Bylaws: the text of the bylaws, changed like every bylaws field by a passed BYLAWS proposal."),
		field.Int("bylaws_version").Default(1).Positive().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)).
			Comment("Bylaws: the current version, one more with every passed BYLAWS proposal."),
		field.Enum("network_votes").Values("INTERNAL_PROPOSAL", "DELEGATE").Default("INTERNAL_PROPOSAL").Annotations(bylawsField()).
			Comment("Bylaws: how the coop casts its one vote in network and project decisions: decided by an internal COOP_VOTE proposal of its members, or by its delegate."),
		field.Int("network_delegate_id").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)).
			Comment("Bylaws: the member who casts the coop's vote when network_votes is DELEGATE."),
		field.Bool("surplus_includes_former_members").Default(true).Nillable().Annotations(privateRequiredField(), bylawsField()).
			Comment("Bylaws: whether members who left before a surplus is distributed get their part for the minutes they worked as MEMBERs that year. Members only: null for others."),
		field.Int64("monthly_dues_cents").NonNegative().Default(0).Nillable().Annotations(moneyField()).
			Comment("Bylaws: dues every member pays each month, in minor units of the coop's currency (0: none). Members only."),
		field.Int("overhead_levy_basis_points").Range(0, 10000).Default(0).Nillable().Annotations(privateRequiredField(), bylawsField()).
			Comment("Bylaws: overhead levy on a member's paid hours, in hundredths of a percent of their value (500 = 5 %). Members only: null for others."),
		field.Enum("surplus_basis").Values("BILLABLE_ONLY", "ALL_WORK").Default("BILLABLE_ONLY").Nillable().Annotations(privateRequiredField(), bylawsField()).
			Comment("Bylaws: which hours count for the surplus: BILLABLE_ONLY (time entries on project shares) or ALL_WORK (also internal, care and pro-bono time). Members only: null for others."),
		field.Enum("books_closed_by").Values("DECISION", "MEMBER").Default("DECISION").Nillable().Annotations(privateRequiredField(), bylawsField()).
			Comment("Bylaws: who closes a period of the books: a CLOSE_BOOKS DECISION, or any MEMBER. Members only: null for others."),
		// Public profile (issue 18; internal/publicface), set by the coop's
		// members with setCoopPublicProfile.
		field.Bool("public_profile").Default(false).
			Comment("Public profile: the coop is shown to anyone in the public directory of the networks that publish one.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Text("public_services").Optional().MaxLen(5000).
			Comment("Public profile: the services the coop offers, as shown to anyone.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("public_contact_email").Optional().MaxLen(254).
			Comment("Public profile: the contact e-mail shown to anyone (empty: none).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("public_website").Optional().MaxLen(500).
			Comment("Public profile: the website shown to anyone (empty: none).").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Coop.
func (Coop) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("networks", Network.Type).Comment("Networks the coop is a member of.").Ref("coops").
			Comment("Networks the coop is a member of (only those you take part in); network admins add coops to their network.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, crossNetworkEdge)),
		edge.From("groups", Group.Type).Comment("Groups the coop is in.").Ref("coops").
			Comment("Groups the coop takes part in (only those of your networks).").
			Annotations(entgql.RelayConnection(), entgql.Skip(crossNetworkEdge, entgql.SkipMutationCreateInput)),
		edge.To("memberships", Membership.Type).Comment("Every person's relation to this coop, with their pathway state.").
			Comment("Persons on their pathway with this coop, and its members.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("milestone_templates", MilestoneTemplate.Type).Comment("The milestones of this coop's pathway to membership.").
			Comment("Milestones a person completes on the pathway to membership.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("led_projects", Project.Type).Comment("Projects this coop leads.").
			Comment("Projects this coop leads.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("budget_shares", BudgetShare.Type).Comment("Shares of project budgets this coop holds as a partner.").
			Comment("Shares of project budgets given to this coop.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("network_delegate", Person.Type).Field("network_delegate_id").Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)).
			Comment("The member who casts the coop's vote in network and project decisions when the bylaws say DELEGATE."),
		edge.To("proposals", Proposal.Type).Comment("Decisions of this coop.").
			Comment("Decisions of this coop.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Hooks of the Coop.
func (Coop) Hooks() []ent.Hook {
	return []ent.Hook{coopCurrencyHook, governance.FoundingBylaws(), people.FounderJoinsCoop(), talent.CoopHook()}
}

// Mixin of the Coop.
func (Coop) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}, ArchiveMixin{}} }

// Annotations of the Coop.
func (Coop) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An autonomous worker-owned cooperative, with its bylaws."),
		checks(
			"coop_currency_iso", currencyCheck("currency"),
			"coop_money_non_negative", "buy_in_cents >= 0 AND budget_change_threshold_cents >= 0",
			"coop_percent_range", "quorum_percent BETWEEN 0 AND 100 AND surplus_share_percent BETWEEN 0 AND 100",
			"coop_days_non_negative", "candidacy_days >= 0 AND freelancer_right_to_join_days >= 0",
		),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Coop: see internal/authz.
func (Coop) Policy() ent.Policy { return authz.CoopPolicy() }

// Interceptors of the Coop: private fields read as null for other viewers.
func (Coop) Interceptors() []ent.Interceptor { return []ent.Interceptor{authz.RedactCoop()} }
