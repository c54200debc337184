package archive

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/gid"
)

// Guard is the hook (installed on every client, internal/store) that keeps
// archived objects as they are, whoever writes and under whichever rule:
//
//   - a write that sets or adds an edge to an archived object (a time entry
//     on an archived project, a membership of an archived coop, a person
//     skill or project need of an archived skill, progress on a retired
//     milestone, a group membership of an archived group …) is refused with
//     CONFLICT;
//   - an update of an archived object itself is refused with CONFLICT,
//     except the one that archives or restores it (it sets or clears
//     archived_at) and a skill merge moving archived child skills under
//     the skill they are merged into. Nothing is merged into an archived
//     skill.
//
// Deletes pass: removing a reference adds none. The archived rows are read
// under FOR KEY SHARE on PostgreSQL, which waits for an archive holding the
// row (LockForArchive) and holds off one that comes later, so a reference
// never slips in beside an archive.
func Guard() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				return next.Mutate(ctx, m)
			}
			cm, ok := m.(interface{ Client() *ent.Client })
			if !ok {
				return next.Mutate(ctx, m)
			}
			c := cm.Client()
			sys := authz.SystemRead(ctx)
			if err := refuseReferences(sys, c, m); err != nil {
				return nil, err
			}
			if err := refuseChanges(sys, c, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// lockKeyShare reads referenced rows FOR KEY SHARE on PostgreSQL: the lock
// a foreign key takes, which conflicts only with LockForArchive's FOR UPDATE
// (and deletes), not with the FOR NO KEY UPDATE of other operations.
func lockKeyShare(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.For(sql.LockKeyShare)
	}
}

// refuseReferences refuses new edges to archived objects.
func refuseReferences(ctx context.Context, c *ent.Client, m ent.Mutation) error {
	refs := ent.ArchiveRefs[m.Type()]
	if refs == nil {
		return nil
	}
	edges := m.AddedEdges()
	sort.Strings(edges)
	for _, edge := range edges {
		target, ok := refs[edge]
		if !ok {
			continue
		}
		var ids []int
		for _, v := range m.AddedIDs(edge) {
			if id, ok := v.(int); ok {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		archived, err := ent.ArchivedIDs(ctx, c, target, ids, lockKeyShare)
		if err != nil {
			return err
		}
		if len(archived) > 0 {
			return &apperr.Error{Code: apperr.Conflict,
				Message: fmt.Sprintf("%s %s is archived: it takes no new %s; restore it first", article(target), gid.Encode(archived[0]), human(m.Type())),
				Extra:   map[string]any{"archived": gid.Encode(archived[0])}}
		}
	}
	return nil
}

// refuseChanges refuses updates of archived objects, except archiving and
// restoring them (and a merge's moves, see Guard).
func refuseChanges(ctx context.Context, c *ent.Client, m ent.Mutation) error {
	if !m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) || !archivable(m.Type()) {
		return nil
	}
	if _, set := m.Field("archived_at"); set || m.FieldCleared("archived_at") {
		return nil
	}
	// A merge moves the merged skill's children, archived ones too, under
	// the skill it is merged into (a bulk update); the skill merged into is
	// updated one by one and must not be archived.
	if m.Type() == "Skill" && m.Op().Is(ent.OpUpdate) && authz.RuleOf(ctx) == authz.MergeSkills {
		return nil
	}
	im, ok := m.(interface {
		IDs(context.Context) ([]int, error)
	})
	if !ok {
		return nil
	}
	ids, err := im.IDs(ctx)
	if err != nil || len(ids) == 0 {
		return err
	}
	archived, err := ent.ArchivedIDs(ctx, c, m.Type(), ids, lockKeyShare)
	if err != nil {
		return err
	}
	if len(archived) > 0 {
		return &apperr.Error{Code: apperr.Conflict,
			Message: fmt.Sprintf("%s %s is archived: restore it before changing it", article(m.Type()), gid.Encode(archived[0])),
			Extra:   map[string]any{"archived": gid.Encode(archived[0])}}
	}
	return nil
}

func archivable(t string) bool {
	for _, a := range ent.ArchivableTypes {
		if a == t {
			return true
		}
	}
	return false
}

// human is a type's name in a sentence: "MilestoneTemplate" → "milestone template".
func human(t string) string {
	var b strings.Builder
	for i, r := range t {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

func article(t string) string { return "the " + human(t) }
