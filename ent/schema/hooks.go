package schema

import (
	"context"
	"errors"
	"strings"
	"time"

	"entgo.io/ent"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// normalizeEmailHook stores e-mail addresses lower-cased and trimmed, so the
// unique index also rejects "Anna@Example.org" next to "anna@example.org".
func normalizeEmailHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if v, ok := m.Field("email"); ok {
			if s, ok := v.(string); ok {
				if err := m.SetField("email", strings.ToLower(strings.TrimSpace(s))); err != nil {
					return nil, err
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// slugFromNameHook fills an empty slug from the name on create, so clients may
// omit it; a given slug is kept and validated as is.
func slugFromNameHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if m.Op().Is(ent.OpCreate) {
			slug, _ := m.Field("slug")
			if s, _ := slug.(string); s == "" {
				if name, ok := m.Field("name"); ok {
					if err := m.SetField("slug", validate.Slugify(name.(string))); err != nil {
						return nil, err
					}
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// ErrAppendOnly is returned when a mutation tries to edit or delete history.
var ErrAppendOnly = errors.New("history is append-only: records cannot be changed or deleted")

// appendOnlyHook rejects updates and deletes, for records that are history.
func appendOnlyHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate) {
			return nil, ErrAppendOnly
		}
		return next.Mutate(ctx, m)
	})
}

// periodHook rejects a period whose end lies before its start, naming the end
// field, before the database CHECK constraint would. On updates it compares
// against the stored value of whichever bound is not being changed.
func periodHook(startField, endField string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			start, startSet := m.Field(startField)
			end, endSet := m.Field(endField)
			if !startSet && !endSet {
				return next.Mutate(ctx, m)
			}
			// An unset field reads as the zero time; it is not a bound.
			if !startSet {
				start = nil
			}
			if !endSet {
				end = nil
			}
			if m.Op().Is(ent.OpUpdateOne) {
				if !startSet {
					start, _ = m.OldField(ctx, startField)
				}
				if !endSet && !m.FieldCleared(endField) {
					end, _ = m.OldField(ctx, endField)
				}
			}
			s, sok := asTime(start)
			e, eok := asTime(end)
			if sok && eok && e.Before(s) {
				return nil, apperr.InvalidField(apperr.GraphQLName(endField),
					"%s must not be before %s", apperr.GraphQLName(endField), apperr.GraphQLName(startField))
			}
			return next.Mutate(ctx, m)
		})
	}
}

func asTime(v ent.Value) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case *time.Time:
		if t != nil {
			return *t, true
		}
	}
	return time.Time{}, false
}

// coopCurrencyHook keeps a coop's amounts meaningful: its bylaws amounts are
// in its currency (Cockpit never converts money). Amounts a client gives must
// be in the coop's currency (the new one, if the same write changes it), and
// the currency changes only together with both amounts. It runs after the
// privacy policy, so it reads the stored currency only for authorized writes.
func coopCurrencyHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		cur, set := m.Field("currency")
		currency, _ := cur.(string)
		if set && validate.Currency(currency) != nil {
			return next.Mutate(ctx, m) // the field's validator names the problem
		}
		if m.Op().Is(ent.OpUpdateOne) {
			old, err := m.OldField(ctx, "currency")
			if err != nil {
				return nil, err
			}
			if !set {
				currency = old.(string)
			}
			if set && old != cur {
				_, buyIn := m.Field("buy_in_cents")
				_, threshold := m.Field("budget_change_threshold_cents")
				if !buyIn || !threshold {
					return nil, apperr.InvalidField("currency",
						"the coop keeps its books in %v: change the currency together with buyIn and budgetChangeThreshold in it", old)
				}
			}
		}
		if currency == "" {
			currency = "EUR" // the schema default
		}
		for _, field := range []string{"buyIn", "budgetChangeThreshold"} {
			if given, ok := money.GivenFrom(ctx)[field]; ok && given != currency {
				return nil, apperr.InvalidField(field, "the coop keeps its books in %s, not %s", currency, given)
			}
		}
		return next.Mutate(ctx, m)
	})
}
