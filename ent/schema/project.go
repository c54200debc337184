package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/invariant"
)

// Project holds the schema definition for the Project entity.
type Project struct{ ent.Schema }

// Fields of the Project.
func (Project) Fields() []ent.Field {
	return []ent.Field{
		field.Int("lead_coop_id").Immutable().Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Int("network_id").Optional().Nillable().
			Comment("Network the project is announced in, for team search across coops."),
		field.String("name").Comment("Name of the project.").NotEmpty().MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("client_name").NotEmpty().MaxLen(200).
			Comment("Who the work is for.").
			Annotations(entgql.OrderField("CLIENT_NAME")),
		field.Text("description").Comment("What the project is about.").Optional().MaxLen(20000),
		field.Enum("status").Values("PROPOSED", "ACTIVE", "COMPLETED", "CANCELLED").Default("PROPOSED").
			Comment("Lifecycle: PROPOSED -> ACTIVE -> COMPLETED or CANCELLED; changed with setProjectStatus.").
			Annotations(entgql.OrderField("STATUS"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int64("total_budget_cents").NonNegative().
			Comment("Total budget in minor units of currency; changed with changeProjectBudget.").
			Annotations(moneyField()),
		field.String("currency").Default("EUR").Validate(validateCurrency).Immutable().
			Comment("ISO-4217 code of every amount of this project and its shares (set with totalBudget).").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput)),
		field.Int("pm_charge_percent").Range(0, 100).Default(0).
			Comment("Project-management surcharge, percent of the total budget, kept by the lead coop; changed with changeProjectBudget.").
			Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Enum("deciders").Values("LEAD_COOP", "SHARE_HOLDERS").Default("LEAD_COOP").
			Comment("Who decides the project's budget and operation: the lead coop's members alone, or every share holder (the lead coop and each partner coop one vote, decided inside the coop; each freelancer one vote). Set at createProject; changed with setProjectDeciders (LEAD_COOP to SHARE_HOLDERS) or by a passed PROJECT_GENERAL decision carrying the change (proposeProjectDecision), never by updateProject.").
			Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Time("starts_on").Comment("When the work is planned to start.").Optional().Nillable().
			Annotations(entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").Comment("When the work is planned to end.").Optional().Nillable(),
		field.Int("client_id").Optional().Nillable().
			Comment("The client the lead coop invoices (one of the lead coop's clients); set with setProjectClient.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("client_contact_id").Optional().Nillable().
			Comment("The client's one contact person in the lead coop (a current member); set with setProjectClient.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("pm_person_id").Optional().Nillable().
			Comment("The person the PM charge is paid to; none (and no pmCoop): the lead coop keeps it. Set with setProjectPM.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("pm_coop_id").Optional().Nillable().
			Comment("The coop the PM charge is paid to, when another coop than the lead manages the project. Set with setProjectPM.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of the Project.
func (Project) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("lead_coop", Coop.Type).Comment("The coop that leads the project, contracts with the client and holds the budget.").Ref("led_projects").Field("lead_coop_id").Unique().Required().Immutable(),
		edge.From("network", Network.Type).Ref("projects").Field("network_id").Unique(),
		edge.To("skill_needs", ProjectSkillNeed.Type).
			Comment("Skills the project needs.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("budget_shares", BudgetShare.Type).
			Comment("Parts of the budget given to partner coops and freelancers.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("time_entries", TimeEntry.Type).Comment("Time worked on the project.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("budget_changes", BudgetChange.Type).
			Comment("Every change of the budget, oldest first when ordered by AT.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("budget_motions", BudgetMotion.Type).
			Comment("Budget changes proposed for decision, newest first when ordered by PROPOSED_AT DESC.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("client", ClientOrganisation.Type).Field("client_id").Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("client_contact", Person.Type).Field("client_contact_id").Unique().
			Comment("The client's one contact person in the lead coop.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("pm_person", Person.Type).Field("pm_person_id").Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("pm_coop", Coop.Type).Field("pm_coop_id").Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("invoices", Invoice.Type).Comment("Invoices of the lead coop for this project.").Ref("project").
			Comment("Invoices and credit notes for this project.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("proposals", Proposal.Type).
			Comment("BUDGET proposals about this project.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Indexes of the Project.
func (Project) Indexes() []ent.Index {
	return []ent.Index{index.Fields("lead_coop_id", "status")}
}

// Hooks of the Project.
func (Project) Hooks() []ent.Hook {
	return []ent.Hook{periodHook("starts_on", "ends_on"), invariant.ProjectHook()}
}

// Mixin of the Project.
func (Project) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}, ArchiveMixin{}} }

// Annotations of the Project.
func (Project) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Client work led by one coop, with a total budget shared with partners."),
		checks(
			"project_budget_non_negative", "total_budget_cents >= 0",
			"project_currency_iso", currencyCheck("currency"),
			"project_pm_charge_range", "pm_charge_percent BETWEEN 0 AND 100",
			"project_dates_ordered", "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
			"project_pm_one", "pm_person_id IS NULL OR pm_coop_id IS NULL",
		),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Project: see internal/authz.
func (Project) Policy() ent.Policy { return authz.ProjectPolicy() }
