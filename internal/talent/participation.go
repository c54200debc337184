package talent

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/commit"
)

// Talent search finds a person's skill only while the person takes part in
// the skill's network: directly (a NetworkMembership) or through a current
// membership (any state but LEFT) in one of the network's coops. Checking
// that per match cost a search for a broad skill two thirds of its time, so
// person_skills.in_network keeps the answer. The hooks below note every
// change that can alter it; the flags of the persons concerned are
// recomputed once, just before the transaction commits (at once outside a
// transaction).
//
// Doing it at commit gives every transaction one order of locks (coops,
// then persons, each by ID), so two of them never wait for each other in a
// circle, and it lets a transaction that waited see what the other one
// committed: on PostgreSQL, rows locked FOR NO KEY UPDATE (others can still
// insert rows that refer to them) serialize two transactions changing the
// same person's participation and skills, or a coop's network and its
// members, while each statement after the lock sees the other's commit.

// participates is true for the person_skills row being updated or counted
// when its person takes part in its skill's network. It refers to the table
// by name, so it works in UPDATE and SELECT on SQLite and PostgreSQL alike.
const participates = `EXISTS (SELECT 1 FROM skills s WHERE s.id = person_skills.skill_id AND (
    EXISTS (SELECT 1 FROM network_memberships nm WHERE nm.network_id = s.network_id AND nm.person_id = person_skills.person_id)
    OR EXISTS (SELECT 1 FROM memberships m JOIN network_coops nc ON nc.coop_id = m.coop_id
               WHERE nc.network_id = s.network_id AND m.person_id = person_skills.person_id AND m.state <> 'LEFT')))`

// refreshChunk bounds the persons of one statement (SQLite allows only so
// many terms, and a statement should stay small).
const refreshChunk = 500

// RefreshParticipation recomputes in_network for all skills of the persons,
// writing only the rows that change, through drv (inside a transaction, the
// transaction's driver), and returns how many it changed. On PostgreSQL it
// first locks the persons until the transaction ends.
func RefreshParticipation(ctx context.Context, drv dialect.Driver, persons []int) (int64, error) {
	persons = sortedDistinct(persons)
	var changed int64
	for len(persons) > 0 {
		n := min(len(persons), refreshChunk)
		in := idList(persons[:n])
		persons = persons[n:]
		if err := lockRows(ctx, drv, "persons", in); err != nil {
			return changed, err
		}
		var res sql.Result
		q := "UPDATE person_skills SET in_network = NOT in_network WHERE person_id IN (" + in +
			") AND in_network <> " + participates
		if err := drv.Exec(ctx, q, []any{}, &res); err != nil {
			return changed, fmt.Errorf("refreshing network participation of person skills: %w", err)
		}
		if k, err := res.RowsAffected(); err == nil {
			changed += k
		}
	}
	return changed, nil
}

// lockRows holds the rows of table with the given IDs (a list of integers)
// until the transaction ends, on PostgreSQL; SQLite runs one writer at a
// time anyway.
func lockRows(ctx context.Context, drv dialect.Driver, table, ids string) error {
	if drv.Dialect() != dialect.Postgres || ids == "" {
		return nil
	}
	rows := &entsql.Rows{}
	if err := drv.Query(ctx, "SELECT id FROM "+table+" WHERE id IN ("+ids+") ORDER BY id FOR NO KEY UPDATE", []any{}, rows); err != nil {
		return fmt.Errorf("locking %s to refresh network participation: %w", table, err)
	}
	for rows.Next() { // the lock is all we want
	}
	return errors.Join(rows.Err(), rows.Close())
}

// ParticipationMismatches counts the person skills whose in_network flag
// disagrees with the memberships: zero unless something wrote memberships
// or person skills past Cockpit. RepairParticipation fixes them.
func ParticipationMismatches(ctx context.Context, drv dialect.Driver) (int, error) {
	rows := &entsql.Rows{}
	if err := drv.Query(ctx, "SELECT COUNT(*) FROM person_skills WHERE in_network <> "+participates, []any{}, rows); err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// RepairParticipation recomputes the flags that disagree, person by person
// with the same locks as the hooks (so it may run while Cockpit serves), and
// raises every network's taxonomy version, so that servers also drop
// taxonomies that skills written past Cockpit made stale. It returns how
// many flags it changed.
func RepairParticipation(ctx context.Context, c *ent.Client) (int64, error) {
	rows := &entsql.Rows{}
	if err := c.Driver().Query(ctx, "SELECT DISTINCT person_id FROM person_skills WHERE in_network <> "+participates, []any{}, rows); err != nil {
		return 0, err
	}
	var persons []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		persons = append(persons, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, err
	}
	var changed int64
	for len(persons) > 0 {
		n := min(len(persons), refreshChunk)
		chunk := persons[:n]
		persons = persons[n:]
		tx, err := c.Tx(ctx)
		if err != nil {
			return changed, err
		}
		k, err := RefreshParticipation(ctx, tx.Client().Driver(), chunk)
		if err != nil {
			return changed, errors.Join(err, tx.Rollback())
		}
		if err := tx.Commit(); err != nil {
			return changed, err
		}
		changed += k
	}
	var res sql.Result
	if err := c.Driver().Exec(ctx, "UPDATE networks SET taxonomy_version = taxonomy_version + 1", []any{}, &res); err != nil {
		return changed, err
	}
	return changed, nil
}

// change is what one mutation may have changed: persons whose flags to
// recompute, coops to lock first (a membership changed), and coops whose
// members to recompute (the coop joined or left a network; its members are
// read after the lock).
type change struct{ persons, lockCoops, memberCoops []int }

func (c change) plus(o change) change {
	return change{append(c.persons, o.persons...), append(c.lockCoops, o.lockCoops...), append(c.memberCoops, o.memberCoops...)}
}

func (c change) empty() bool {
	return len(c.persons) == 0 && len(c.lockCoops) == 0 && len(c.memberCoops) == 0
}

// schedule records a mutation's change for its transaction's commit, or
// applies it at once outside a transaction.
func schedule(ctx context.Context, m clientMutation, ch change) error {
	if ch.empty() {
		return nil
	}
	tx, err := m.Tx()
	if err != nil { // no transaction
		return apply(ctx, m.Client(), ch)
	}
	commit.Collect(tx, "talent participation", commit.BeforeCommit, func(all *change) { *all = all.plus(ch) },
		func(ctx context.Context, tx *ent.Tx, all change) error {
			return apply(authz.Under(ctx, authz.KeepTalentParticipation), tx.Client(), all)
		})
	return nil
}

// apply locks the coops, reads the members of those that joined or left a
// network, and recomputes the flags of everyone concerned.
func apply(ctx context.Context, c *ent.Client, ch change) error {
	coops := sortedDistinct(append(append([]int{}, ch.lockCoops...), ch.memberCoops...))
	if err := lockRows(ctx, c.Driver(), "coops", idList(coops)); err != nil {
		return err
	}
	persons := ch.persons
	if len(ch.memberCoops) > 0 {
		members, err := c.Membership.Query().Where(membership.CoopIDIn(sortedDistinct(ch.memberCoops)...)).
			Select(membership.FieldPersonID).Ints(ctx)
		if err != nil {
			return err
		}
		persons = append(persons, members...)
	}
	_, err := RefreshParticipation(ctx, c.Driver(), persons)
	return err
}

// A mutation's client (in a transaction, bound to it), its transaction, and
// the IDs an update or delete will touch: the generated mutations have all.
type clientMutation interface {
	ent.Mutation
	Client() *ent.Client
	Tx() (*ent.Tx, error)
	IDs(context.Context) ([]int, error)
}

// participationHook notes what a mutation changes: before it runs, what
// the rows still say (updates and deletes); after a create, what the new
// row says.
func participationHook(before func(context.Context, *ent.Client, clientMutation) (change, error), after func(ent.Mutation, ent.Value) change) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			cm, ok := m.(clientMutation)
			if !ok {
				return nil, fmt.Errorf("participation hook: unexpected mutation %T", m)
			}
			sys := authz.Under(ctx, authz.KeepTalentParticipation)
			var ch change
			if before != nil {
				var err error
				if ch, err = before(sys, cm.Client(), cm); err != nil {
					return nil, err
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			if after != nil && m.Op().Is(ent.OpCreate) {
				ch = ch.plus(after(m, v))
			}
			return v, schedule(sys, cm, ch)
		})
	}
}

// touchedIDs returns the IDs an update or delete touches (none for a
// create).
func touchedIDs(ctx context.Context, m clientMutation) ([]int, error) {
	if m.Op().Is(ent.OpCreate) {
		return nil, nil
	}
	return m.IDs(ctx)
}

// edgeChange tells whether a mutation changes the named edge: all when it
// is cleared or the mutated rows are deleted, else the IDs added and
// removed.
func edgeChange(m ent.Mutation, edge string) (all bool, ids []int) {
	all = m.Op().Is(ent.OpDelete | ent.OpDeleteOne)
	for _, e := range m.ClearedEdges() {
		all = all || e == edge
	}
	for _, v := range append(m.AddedIDs(edge), m.RemovedIDs(edge)...) {
		if id, ok := v.(int); ok {
			ids = append(ids, id)
		}
	}
	return all, ids
}

// NetworkParticipationHook: a person joins or leaves a network directly.
func NetworkParticipationHook() ent.Hook {
	return participationHook(
		func(ctx context.Context, c *ent.Client, m clientMutation) (change, error) {
			if !m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				return change{}, nil // network and person are immutable; a role change changes nothing
			}
			ids, err := touchedIDs(ctx, m)
			if err != nil || len(ids) == 0 {
				return change{}, err
			}
			persons, err := c.NetworkMembership.Query().Where(networkmembership.IDIn(ids...)).
				Select(networkmembership.FieldPersonID).Ints(ctx)
			return change{persons: persons}, err
		},
		func(_ ent.Mutation, v ent.Value) change {
			if nm, ok := v.(*ent.NetworkMembership); ok {
				return change{persons: []int{nm.PersonID}}
			}
			return change{}
		})
}

// MembershipParticipationHook: coop memberships starting, leaving (state
// LEFT), coming back, or being deleted.
func MembershipParticipationHook() ent.Hook {
	return participationHook(
		func(ctx context.Context, c *ent.Client, m clientMutation) (change, error) {
			if m.Op().Is(ent.OpCreate) {
				if coop, ok := m.(*ent.MembershipMutation).CoopID(); ok {
					return change{lockCoops: []int{coop}}, nil
				}
				return change{}, nil
			}
			if _, changed := m.Field(membership.FieldState); !changed && !m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
				return change{}, nil
			}
			ids, err := touchedIDs(ctx, m)
			if err != nil || len(ids) == 0 {
				return change{}, err
			}
			ms, err := c.Membership.Query().Where(membership.IDIn(ids...)).
				Select(membership.FieldPersonID, membership.FieldCoopID).All(ctx)
			var ch change
			for _, ms := range ms {
				ch.persons, ch.lockCoops = append(ch.persons, ms.PersonID), append(ch.lockCoops, ms.CoopID)
			}
			return ch, err
		},
		func(_ ent.Mutation, v ent.Value) change {
			if ms, ok := v.(*ent.Membership); ok {
				return change{persons: []int{ms.PersonID}}
			}
			return change{}
		})
}

// NetworkHook: the network's coops or its direct participants (the
// participants edge writes network memberships without their hooks)
// change, or the network is deleted.
func NetworkHook() ent.Hook {
	return participationHook(func(ctx context.Context, c *ent.Client, m clientMutation) (change, error) {
		var ch change
		allCoops, coops := edgeChange(m, network.EdgeCoops)
		allPersons, persons := edgeChange(m, network.EdgeParticipants)
		ch.memberCoops, ch.persons = coops, persons
		if !allCoops && !allPersons {
			return ch, nil
		}
		ids, err := touchedIDs(ctx, m)
		if err != nil || len(ids) == 0 {
			return ch, err
		}
		if allCoops {
			held, err := c.Network.Query().Where(network.IDIn(ids...)).QueryCoops().IDs(ctx)
			if err != nil {
				return ch, err
			}
			ch.memberCoops = append(ch.memberCoops, held...)
		}
		if allPersons {
			held, err := c.NetworkMembership.Query().Where(networkmembership.NetworkIDIn(ids...)).
				Select(networkmembership.FieldPersonID).Ints(ctx)
			if err != nil {
				return ch, err
			}
			ch.persons = append(ch.persons, held...)
		}
		return ch, nil
	}, nil)
}

// CoopHook: the coop joins or leaves networks, or is deleted. A new coop
// has no members yet (its founder joins through a Membership, whose hook
// runs then).
func CoopHook() ent.Hook {
	return participationHook(func(ctx context.Context, c *ent.Client, m clientMutation) (change, error) {
		all, networks := edgeChange(m, coop.EdgeNetworks)
		if !all && len(networks) == 0 {
			return change{}, nil
		}
		ids, err := touchedIDs(ctx, m)
		return change{memberCoops: ids}, err
	}, nil)
}

// PersonHook: the person's direct networks or skills change through the
// Person's edges (which write network memberships and person skills
// without their hooks).
func PersonHook() ent.Hook {
	touched := func(m ent.Mutation) bool {
		for _, edge := range []string{person.EdgeNetworks, person.EdgeSkills} {
			if all, ids := edgeChange(m, edge); (all && !m.Op().Is(ent.OpDelete|ent.OpDeleteOne)) || len(ids) > 0 {
				return true
			}
		}
		return false
	}
	return participationHook(
		func(ctx context.Context, c *ent.Client, m clientMutation) (change, error) {
			if m.Op().Is(ent.OpCreate) || !touched(m) {
				return change{}, nil
			}
			ids, err := touchedIDs(ctx, m)
			return change{persons: ids}, err
		},
		func(m ent.Mutation, v ent.Value) change {
			if p, ok := v.(*ent.Person); ok && touched(m) {
				return change{persons: []int{p.ID}}
			}
			return change{}
		})
}

// PersonSkillParticipationHook sets the flag of a new person skill.
func PersonSkillParticipationHook() ent.Hook {
	return participationHook(nil, func(_ ent.Mutation, v ent.Value) change {
		if ps, ok := v.(*ent.PersonSkill); ok {
			return change{persons: []int{ps.PersonID}}
		}
		return change{}
	})
}

// sortedDistinct returns the IDs sorted, once each.
func sortedDistinct(ids []int) []int {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// idList writes integer IDs for an IN list.
func idList(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ", ")
}
