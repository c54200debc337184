package schema

import (
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/talent"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PathwayStates are the states of the membership pathway (DESIGN.md).
var PathwayStates = []string{"INTERESTED", "FREELANCER", "CANDIDATE", "MEMBER", "PAUSED", "LEFT"}

// Membership holds the schema definition for the Membership entity.
type Membership struct{ ent.Schema }

// Fields of the Membership.
func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_id").Immutable(),
		field.Int("coop_id").Immutable(),
		field.Enum("state").Values(PathwayStates...).Default("INTERESTED").
			Comment("Current pathway state; changed only through pathway transitions, each recorded as a PathwayEvent.").
			Annotations(entgql.OrderField("STATE")),
		field.Time("state_since").Default(time.Now).
			Comment("When the membership entered its current state.").
			Annotations(entgql.OrderField("STATE_SINCE")),
		field.Time("joined_at").Default(time.Now).Immutable().
			Comment("When the person first related to the coop.").
			Annotations(entgql.OrderField("JOINED_AT")),
		field.Int("buddy_id").Optional().Nillable().
			Comment("The member who accompanies the person through onboarding."),
		field.Time("buy_in_recorded_at").Optional().Nillable().
			Comment("When the buy-in payment was recorded."),
		field.Int64("buy_in_paid_cents").Optional().Nillable().NonNegative().Annotations(moneyField()).
			Comment("Amount of buy-in recorded, in minor units of buy_in_currency."),
		field.String("buy_in_currency").Optional().Nillable().Validate(validateCurrency).
			Comment("The coop's currency when the buy-in was recorded.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("left_reason").Values("LEFT", "EXCLUDED").Optional().Nillable().
			Comment("Why the membership ended when its state is LEFT: the person left, or an EXCLUSION decision excluded them."),
		field.Int64("buy_in_refund_owed_cents").Optional().Nillable().NonNegative().
			Annotations(moneyField()).
			Comment("Buy-in the coop owes back since the membership ended (in buy_in_currency), per the bylaws; paying it is booked elsewhere."),
		field.Time("buy_in_waived_at").Optional().Nillable().
			Comment("When a BUY_IN_WAIVER decision waived the buy-in of the current pathway."),
		field.Int("buy_in_waiver_proposal_id").Optional().Nillable().
			Comment("The BUY_IN_WAIVER decision that waived it.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int64("buy_in_refund_paid_cents").Optional().Nillable().NonNegative().
			Annotations(moneyField()).
			Comment("How much of the buy-in refund owed has been paid (in buy_in_currency)."),
		field.Int("pathway").Default(1).Positive().
			Comment("Which of the person's pathways in this coop is current: 1, and one more with every REJOIN. Milestones, the buddy and the buy-in of an earlier pathway stay recorded but do not count for this one."),
		field.Int("buddy_pathway").Default(1).Positive().
			Comment("The pathway in which the buddy was assigned; the buddy accompanies that pathway only.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("buy_in_pathway").Default(1).Positive().
			Comment("The pathway in which the buy-in was recorded; leaving refunds it per the bylaws, so it counts for that pathway only.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Membership.
func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person", Person.Type).Comment("The person.").Ref("memberships").Field("person_id").Unique().Required().Immutable(),
		edge.From("coop", Coop.Type).Comment("The coop.").Ref("memberships").Field("coop_id").Unique().Required().Immutable(),
		edge.From("buddy", Person.Type).Ref("buddy_of").Field("buddy_id").Unique(),
		edge.To("events", PathwayEvent.Type).Comment("Every state change of this membership.").
			Comment("The pathway history, oldest first when ordered by AT.").
			Annotations(entgql.RelayConnection()),
		edge.To("milestones", MilestoneProgress.Type).Comment("The person's progress on the coop's pathway milestones.").
			Comment("Progress on the coop's milestone templates.").
			Annotations(entgql.RelayConnection()),
		edge.To("admission_proposals", Proposal.Type).
			Comment("ADMISSION and EXCLUSION proposals deciding on this membership."),
	}
}

// Indexes of the Membership.
func (Membership) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("person_id", "coop_id").Unique(),
		index.Fields("coop_id", "state"),
	}
}

// Mixin of the Membership.
func (Membership) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Membership.
func (Membership) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person's relation to one coop, carrying the pathway state."),
		entgql.QueryField(),
		checks("membership_buy_in_non_negative", "buy_in_paid_cents IS NULL OR buy_in_paid_cents >= 0"),
		entgql.RelayConnection(),
	}
}

// Hooks of the Membership: leaving or rejoining a coop changes whether talent
// search finds the person in the coop's networks.
func (Membership) Hooks() []ent.Hook { return []ent.Hook{talent.MembershipParticipationHook()} }

// Policy of the Membership: see internal/authz.
func (Membership) Policy() ent.Policy { return authz.MembershipPolicy() }
