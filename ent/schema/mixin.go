package schema

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/coopnetwork/cockpit/internal/clock"
)

// TimestampsMixin records when a row was created and last changed. Both are
// set by the server; clients can order by them but never write them.
//
// The time is Cockpit's injectable clock (clock.Now of the mutation's
// context), so a test that moves its fake clock moves these too: the hook
// replaces the ent defaults with it. A time the code sets itself is kept.
type TimestampsMixin struct{ mixin.Schema }

// Fields of the TimestampsMixin.
func (TimestampsMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Immutable().
			Default(nowByDefault).
			Comment("When this record was created.").
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").
			Default(nowByDefault).
			UpdateDefault(nowByDefault).
			Comment("When this record was last changed.").
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// Hooks of the TimestampsMixin.
func (TimestampsMixin) Hooks() []ent.Hook { return []ent.Hook{timestampsHook} }

// byDefault is the zone of the times the ent defaults put into a mutation:
// UTC, but a *time.Location of its own, by which the hook tells them from
// times the code set itself. Its name is "UTC" so that a time written
// without the hook reads back from SQLite's text like any other.
var byDefault = time.FixedZone("UTC", 0)

// nowByDefault is the ent default of the timestamps: the system's time, for
// a write the hook does not see; the hook replaces it with the clock's.
func nowByDefault() time.Time { return time.Now().In(byDefault) }

// timestampsHook sets created_at and updated_at from clock.Now(ctx) where
// the ent defaults filled them in: both on create, updated_at on update.
func timestampsHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		var fields []string
		switch {
		case m.Op().Is(ent.OpCreate):
			fields = []string{"created_at", "updated_at"}
		case m.Op().Is(ent.OpUpdate) || m.Op().Is(ent.OpUpdateOne):
			fields = []string{"updated_at"}
		}
		var now time.Time
		for _, f := range fields {
			v, ok := m.Field(f)
			if t, isTime := v.(time.Time); ok && isTime && t.Location() != byDefault {
				continue // set by the code: kept
			}
			if now.IsZero() {
				now = clock.Now(ctx)
			}
			if err := m.SetField(f, now); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}
