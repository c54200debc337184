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

// Project holds the schema definition for the Project entity.
type Project struct{ ent.Schema }

// Fields of the Project.
func (Project) Fields() []ent.Field {
	return []ent.Field{
		field.Int("lead_coop_id").Immutable().Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Int("network_id").Optional().Nillable().
			Comment("Network the project is announced in, for team search across coops."),
		field.String("name").NotEmpty().MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("client_name").NotEmpty().MaxLen(200).
			Comment("Who the work is for.").
			Annotations(entgql.OrderField("CLIENT_NAME")),
		field.Text("description").Optional().MaxLen(20000),
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
		field.Time("starts_on").Optional().Nillable().
			Annotations(entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").Optional().Nillable(),
	}
}

// Edges of the Project.
func (Project) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("lead_coop", Coop.Type).Ref("led_projects").Field("lead_coop_id").Unique().Required().Immutable(),
		edge.From("network", Network.Type).Ref("projects").Field("network_id").Unique(),
		edge.To("skill_needs", ProjectSkillNeed.Type).
			Comment("Skills the project needs.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("budget_shares", BudgetShare.Type).
			Comment("Parts of the budget given to partner coops and freelancers.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("time_entries", TimeEntry.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("budget_changes", BudgetChange.Type).
			Comment("Every change of the budget, oldest first when ordered by AT.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("budget_motions", BudgetMotion.Type).
			Comment("Budget changes proposed for decision, newest first when ordered by PROPOSED_AT DESC.").
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
func (Project) Hooks() []ent.Hook { return []ent.Hook{periodHook("starts_on", "ends_on")} }

// Mixin of the Project.
func (Project) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Project.
func (Project) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Client work led by one coop, with a total budget shared with partners."),
		checks(
			"project_budget_non_negative", "total_budget_cents >= 0",
			"project_currency_iso", currencyCheck("currency"),
			"project_pm_charge_range", "pm_charge_percent BETWEEN 0 AND 100",
			"project_dates_ordered", "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
		),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// ProjectSkillNeed holds the schema definition for the ProjectSkillNeed entity.
type ProjectSkillNeed struct{ ent.Schema }

// Fields of the ProjectSkillNeed.
func (ProjectSkillNeed) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Int("skill_id").Immutable(),
		field.Int("min_level").Range(1, 5).Default(3).
			Comment("Lowest acceptable level."),
		field.Int("hours_per_week").Range(1, 168).Default(20).
			Comment("Hours per week the project needs of this skill."),
		field.Int("headcount").Range(1, 100).Default(1).
			Comment("How many people with this skill the project needs."),
	}
}

// Edges of the ProjectSkillNeed.
func (ProjectSkillNeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", Project.Type).Ref("skill_needs").Field("project_id").Unique().Required().Immutable(),
		edge.From("skill", Skill.Type).Ref("project_needs").Field("skill_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ProjectSkillNeed.
func (ProjectSkillNeed) Indexes() []ent.Index {
	return []ent.Index{index.Fields("project_id", "skill_id").Unique()}
}

// Annotations of the ProjectSkillNeed.
func (ProjectSkillNeed) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A skill a project needs, at a minimum level and for some hours per week."),
		checks("need_level_range", "min_level BETWEEN 1 AND 5", "need_hours_range", "hours_per_week BETWEEN 1 AND 168"),
		entgql.RelayConnection(),
	}
}

// BudgetShare holds the schema definition for the BudgetShare entity.
type BudgetShare struct{ ent.Schema }

// Fields of the BudgetShare.
func (BudgetShare) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("The partner coop holding the share (exactly one of coop and person)."),
		field.Int("person_id").Optional().Nillable().Immutable().
			Comment("The freelancer holding the share (exactly one of coop and person)."),
		field.Int64("amount_cents").NonNegative().
			Comment("Allocated amount in minor units of the project currency.").
			Annotations(moneyField()),
		field.Int64("hourly_rate_cents").NonNegative().
			Comment("Agreed hourly rate in minor units; spending = hours x rate.").
			Annotations(moneyField()),
		field.Int("planned_minutes").NonNegative().Default(0).
			Comment("Planned working time in minutes."),
		field.String("currency").Validate(validateCurrency).
			Comment("ISO-4217 code; always the project currency."),
		field.String("description").Optional().MaxLen(1000),
	}
}

// Edges of the BudgetShare.
func (BudgetShare) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", Project.Type).Ref("budget_shares").Field("project_id").Unique().Required().Immutable(),
		edge.From("coop", Coop.Type).Ref("budget_shares").Field("coop_id").Unique().Immutable(),
		edge.From("person", Person.Type).Ref("budget_shares").Field("person_id").Unique().Immutable(),
		edge.To("time_entries", TimeEntry.Type).
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the BudgetShare.
func (BudgetShare) Indexes() []ent.Index {
	return []ent.Index{index.Fields("project_id")}
}

// Mixin of the BudgetShare.
func (BudgetShare) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the BudgetShare.
func (BudgetShare) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Part of a project's budget given to a partner coop or a freelancer."),
		checks(
			"share_holder_exactly_one", "((coop_id IS NULL) <> (person_id IS NULL))",
			"share_money_non_negative", "amount_cents >= 0 AND hourly_rate_cents >= 0 AND planned_minutes >= 0",
			"share_currency_iso", currencyCheck("currency"),
		),
		entgql.RelayConnection(),
	}
}

// TimeEntry holds the schema definition for the TimeEntry entity.
type TimeEntry struct{ ent.Schema }

// Fields of the TimeEntry.
func (TimeEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Int("share_id").Immutable().
			Comment("The budget share the work is billed against."),
		field.Int("person_id").Immutable(),
		field.Time("date").
			Comment("Day the work was done.").
			Annotations(entgql.OrderField("DATE")),
		field.Int("minutes").Range(1, 24*60).
			Comment("Time worked that day, in minutes (at most 24 h).").
			Annotations(entgql.OrderField("MINUTES")),
		field.String("note").Optional().MaxLen(2000),
	}
}

// Edges of the TimeEntry.
func (TimeEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", Project.Type).Ref("time_entries").Field("project_id").Unique().Required().Immutable(),
		edge.From("share", BudgetShare.Type).Ref("time_entries").Field("share_id").Unique().Required().Immutable(),
		edge.From("person", Person.Type).Ref("time_entries").Field("person_id").Unique().Required().Immutable(),
	}
}

// Indexes of the TimeEntry.
func (TimeEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("share_id", "date"),
		index.Fields("person_id", "date"),
		index.Fields("project_id", "date"),
	}
}

// Mixin of the TimeEntry.
func (TimeEntry) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the TimeEntry.
func (TimeEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Time a person worked on a project, billed against one budget share."),
		checks("time_entry_minutes_range", "minutes BETWEEN 1 AND 1440"),
		entgql.RelayConnection(),
	}
}

// Policy of the Project: see internal/authz.
func (Project) Policy() ent.Policy { return authz.ProjectPolicy() }

// Policy of the ProjectSkillNeed: see internal/authz.
func (ProjectSkillNeed) Policy() ent.Policy { return authz.ProjectSkillNeedPolicy() }

// Policy of the BudgetShare: see internal/authz.
func (BudgetShare) Policy() ent.Policy { return authz.BudgetSharePolicy() }

// Policy of the TimeEntry: see internal/authz.
func (TimeEntry) Policy() ent.Policy { return authz.TimeEntryPolicy() }
