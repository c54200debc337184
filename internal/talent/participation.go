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
	"github.com/coopnetwork/cockpit/internal/authz"
)

// Talent search finds a person's skill only while the person takes part in
// the skill's network: directly (a NetworkMembership) or through a current
// membership (any state but LEFT) in one of the network's coops. Checking
// that per match cost a search for a broad skill two thirds of its time, so
// person_skills.in_network keeps the answer, and the hooks below keep it in
// step with every change that can alter it, in the same transaction.

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
// writing only the rows that change, through drv (inside a transaction,
// the transaction's driver).
//
// On PostgreSQL it first locks the persons' rows until the transaction
// ends (FOR NO KEY UPDATE: rows referring to a person can still be
// inserted). Two transactions that change one person's participation and
// skills at the same time, say joining a network while adding a skill,
// would otherwise each recompute without seeing the other's uncommitted
// row, and both miss the new skill's flag. With the lock the second one
// waits, and its UPDATE, a statement of its own, sees what the first
// committed. SQLite runs one writer at a time anyway.
func RefreshParticipation(ctx context.Context, drv dialect.Driver, persons []int) error {
	persons = distinct(persons)
	slices.Sort(persons) // one lock order for every transaction
	for len(persons) > 0 {
		n := min(len(persons), refreshChunk)
		ids := make([]string, n)
		for i, id := range persons[:n] {
			ids[i] = strconv.Itoa(id)
		}
		persons = persons[n:]
		in := strings.Join(ids, ", ")
		if err := lockRows(ctx, drv, "persons", in); err != nil {
			return err
		}
		var res sql.Result
		q := "UPDATE person_skills SET in_network = NOT in_network WHERE person_id IN (" + in +
			") AND in_network <> " + participates
		if err := drv.Exec(ctx, q, []any{}, &res); err != nil {
			return fmt.Errorf("refreshing network participation of person skills: %w", err)
		}
	}
	return nil
}

// lockRows holds the rows (ids: a list of integers) of table until the
// transaction ends, on PostgreSQL; FOR NO KEY UPDATE still lets others
// insert rows that refer to them.
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

// lockCoops locks the coops whose members' participation a mutation is about
// to change (a membership, or the coop joining or leaving a network): the
// edge's hook reads a coop's members after taking the lock, so a membership
// created meanwhile is either seen there or, waiting for the lock, recomputed
// after the edge changed.
func lockCoops(ctx context.Context, c *ent.Client, coops []int) error {
	coops = distinct(coops)
	slices.Sort(coops)
	ids := make([]string, len(coops))
	for i, id := range coops {
		ids[i] = strconv.Itoa(id)
	}
	return lockRows(ctx, c.Driver(), "coops", strings.Join(ids, ", "))
}

// ParticipationMismatches counts the person skills whose in_network flag
// disagrees with the memberships: zero unless something wrote memberships
// past the hooks. Tests check it; RepairParticipation fixes it.
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

// RepairParticipation recomputes the flag of every person skill (after data
// was loaded past the hooks, e.g. by a bulk import).
func RepairParticipation(ctx context.Context, drv dialect.Driver) (int64, error) {
	var res sql.Result
	if err := drv.Exec(ctx, "UPDATE person_skills SET in_network = NOT in_network WHERE in_network <> "+participates, []any{}, &res); err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// A mutation's client (in a transaction, bound to it) and the IDs an update
// or delete will touch: the generated mutations have both.
type clientMutation interface {
	ent.Mutation
	Client() *ent.Client
	IDs(context.Context) ([]int, error)
}

// participationHook runs before and after a mutation: before collects the
// persons whose participation the mutation may change while the rows still
// say who they are; after adds, for a create, those known only from the
// stored value. Then their skills' flags are refreshed.
func participationHook(before func(context.Context, *ent.Client, clientMutation) ([]int, error), after func(ent.Value) []int) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			cm, ok := m.(clientMutation)
			if !ok {
				return nil, fmt.Errorf("participation hook: unexpected mutation %T", m)
			}
			c := cm.Client()
			sys := authz.SystemContext(ctx)
			var persons []int
			if before != nil {
				p, err := before(sys, c, cm)
				if err != nil {
					return nil, err
				}
				persons = p
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			if after != nil && m.Op().Is(ent.OpCreate) {
				persons = append(persons, after(v)...)
			}
			if len(persons) == 0 {
				return v, nil
			}
			return v, RefreshParticipation(sys, c.Driver(), persons)
		})
	}
}

// updatedIDs returns the IDs an update or delete touches (none for a
// create).
func updatedIDs(ctx context.Context, m clientMutation) ([]int, error) {
	if m.Op().Is(ent.OpCreate) {
		return nil, nil
	}
	return m.IDs(ctx)
}

// NetworkParticipationHook keeps the flag in step with a person joining or
// leaving a network directly.
func NetworkParticipationHook() ent.Hook {
	return participationHook(
		func(ctx context.Context, c *ent.Client, m clientMutation) ([]int, error) {
			if !m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				return nil, nil // network and person are immutable; a role change changes nothing
			}
			ids, err := updatedIDs(ctx, m)
			if err != nil || len(ids) == 0 {
				return nil, err
			}
			return c.NetworkMembership.Query().Where(networkmembership.IDIn(ids...)).
				Select(networkmembership.FieldPersonID).Ints(ctx)
		},
		func(v ent.Value) []int {
			if nm, ok := v.(*ent.NetworkMembership); ok {
				return []int{nm.PersonID}
			}
			return nil
		})
}

// MembershipParticipationHook keeps the flag in step with coop memberships
// starting, leaving (state LEFT), coming back, or being deleted.
func MembershipParticipationHook() ent.Hook {
	return participationHook(
		func(ctx context.Context, c *ent.Client, m clientMutation) ([]int, error) {
			if m.Op().Is(ent.OpCreate) {
				if coop, ok := m.(*ent.MembershipMutation).CoopID(); ok {
					return nil, lockCoops(ctx, c, []int{coop})
				}
				return nil, nil
			}
			if _, changed := m.Field(membership.FieldState); !changed && !m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
				return nil, nil
			}
			ids, err := updatedIDs(ctx, m)
			if err != nil || len(ids) == 0 {
				return nil, err
			}
			ms, err := c.Membership.Query().Where(membership.IDIn(ids...)).
				Select(membership.FieldPersonID, membership.FieldCoopID).All(ctx)
			if err != nil {
				return nil, err
			}
			var persons, coops []int
			for _, ms := range ms {
				persons, coops = append(persons, ms.PersonID), append(coops, ms.CoopID)
			}
			return persons, lockCoops(ctx, c, coops)
		},
		func(v ent.Value) []int {
			if ms, ok := v.(*ent.Membership); ok {
				return []int{ms.PersonID}
			}
			return nil
		})
}

// coopEdgeMutation is a mutation of one side of the Network–Coop edge.
type coopEdgeMutation interface {
	clientMutation
	AddedEdges() []string
	RemovedEdges() []string
	ClearedEdges() []string
	AddedIDs(name string) []ent.Value
	RemovedIDs(name string) []ent.Value
}

// coopEdgeHook keeps the flag in step with coops joining or leaving
// networks, from either side of the edge: edge is the edge's name on the
// mutated type, self says the mutated type is the coop, and cleared returns
// the coops the mutated networks hold.
func coopEdgeHook(edge string, self bool, cleared func(context.Context, *ent.Client, []int) ([]int, error)) ent.Hook {
	return participationHook(
		func(ctx context.Context, c *ent.Client, m clientMutation) ([]int, error) {
			em, ok := m.(coopEdgeMutation)
			if !ok {
				return nil, fmt.Errorf("participation hook: unexpected mutation %T", m)
			}
			// Deleting a network or coop, or clearing the edge, concerns
			// every coop it held; adding or removing names the coops.
			all := m.Op().Is(ent.OpDelete | ent.OpDeleteOne)
			for _, e := range em.ClearedEdges() {
				all = all || e == edge
			}
			if !all && len(em.AddedIDs(edge)) == 0 && len(em.RemovedIDs(edge)) == 0 {
				return nil, nil
			}
			ids, err := updatedIDs(ctx, m)
			if err != nil {
				return nil, err
			}
			var coops []int
			switch {
			case self:
				// The mutated type is the coop: its members are concerned. A
				// new coop has none yet (its founder joins through a
				// Membership, whose hook runs then).
				coops = ids
			case all && len(ids) > 0:
				held, err := cleared(ctx, c, ids)
				if err != nil {
					return nil, err
				}
				coops = held
			}
			if !self {
				for _, v := range append(em.AddedIDs(edge), em.RemovedIDs(edge)...) {
					if id, ok := v.(int); ok {
						coops = append(coops, id)
					}
				}
			}
			if len(coops) == 0 {
				return nil, nil
			}
			if err := lockCoops(ctx, c, coops); err != nil {
				return nil, err
			}
			return c.Membership.Query().Where(membership.CoopIDIn(distinct(coops)...)).
				Select(membership.FieldPersonID).Ints(ctx)
		}, nil)
}

// NetworkCoopsHook is the Network side: coops added to or removed from a
// network, all of them when the edge is cleared or the network deleted.
func NetworkCoopsHook() ent.Hook {
	return coopEdgeHook(network.EdgeCoops, false, func(ctx context.Context, c *ent.Client, networks []int) ([]int, error) {
		return c.Network.Query().Where(network.IDIn(networks...)).QueryCoops().IDs(ctx)
	})
}

// CoopNetworksHook is the Coop side: the coop joining or leaving networks,
// or being deleted.
func CoopNetworksHook() ent.Hook {
	return coopEdgeHook(coop.EdgeNetworks, true, nil)
}

// PersonSkillParticipationHook sets the flag of a new person skill.
func PersonSkillParticipationHook() ent.Hook {
	return participationHook(nil, func(v ent.Value) []int {
		if ps, ok := v.(*ent.PersonSkill); ok {
			return []int{ps.PersonID}
		}
		return nil
	})
}

func distinct(ids []int) []int {
	seen := make(map[int]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
