package schema

import (
	"context"
	"errors"
	"strings"

	"entgo.io/ent"

	"github.com/coopnetwork/cockpit/internal/domain"
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
					if err := m.SetField("slug", domain.Slugify(name.(string))); err != nil {
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
