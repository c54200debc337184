package talent_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/talent"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestSearchFollowsNetworkParticipation: talent search reads a kept flag
// (person_skills.in_network) instead of checking memberships per match.
// Every way of joining or leaving the network, through the API or any ent
// path, must move a person in or out of the results at once, and the flag
// must never disagree with the memberships.
func TestSearchFollowsNetworkParticipation(t *testing.T) {
	e := newEnv(t)
	viewer := e.person("Viewer", "Leipzig")
	admin := e.person("Admin", "Leipzig")
	e.admin(admin)
	goSkill := e.skill("Go", nil)
	coop := e.coop("Quelltext")
	other := e.coop("Netzwerkstatt") // in no network yet
	testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).RemoveCoops(other).Save(e.ctx))(t)

	// Skills are recorded before the persons take part anywhere.
	ana := e.outsider("Ana", "Leipzig")
	ben := e.outsider("Ben", "Halle")
	e.has(ana, goSkill, 4, false)
	e.has(ben, goSkill, 3, false)

	var anaMembership, benMembership *ent.Membership
	// found also checks the count: person privacy would hide a stale match
	// from the page, but not from totalCount.
	found := func(t *testing.T) []string {
		t.Helper()
		p := e.search(e.as(viewer), reqs(req("Go", 1)), 10, nil)
		if p.TotalCount != len(p.Edges) {
			t.Errorf("totalCount %d, but %d matches on the page", p.TotalCount, len(p.Edges))
		}
		return p.names()
	}
	steps := []struct {
		name   string
		change func(t *testing.T)
		want   []string
	}{
		{"outsiders are not found", func(*testing.T) {}, nil},
		{"joining the network directly", func(*testing.T) {
			testkit.Must(e.ec.NetworkMembership.Create().SetNetwork(e.net).SetPerson(ana).Save(e.ctx))(t)
		}, []string{"Ana"}},
		{"the network drops a participant (participants edge)", func(t *testing.T) {
			testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).RemoveParticipants(ana).Save(e.ctx))(t)
		}, nil},
		{"and takes them back (participants edge)", func(t *testing.T) {
			testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).AddParticipants(ana).Save(e.ctx))(t)
		}, []string{"Ana"}},
		{"the person side of that edge", func(t *testing.T) {
			testkit.Must(e.ec.Person.UpdateOneID(ana.ID).RemoveNetworks(e.net).Save(e.ctx))(t)
		}, nil},
		{"and back", func(t *testing.T) {
			testkit.Must(e.ec.Person.UpdateOneID(ana.ID).AddNetworks(e.net).Save(e.ctx))(t)
		}, []string{"Ana"}},
		{"joining a coop of the network", func(t *testing.T) {
			benMembership = testkit.Must(e.ec.Membership.Create().SetPerson(ben).SetCoop(coop).SetState(membership.StateFREELANCER).Save(e.ctx))(t)
		}, []string{"Ana", "Ben"}},
		{"leaving the network directly", func(*testing.T) {
			testkit.Must(e.ec.NetworkMembership.Delete().Where(networkmembership.PersonID(ana.ID)).Exec(e.ctx))(t)
		}, []string{"Ben"}},
		{"membership in a coop outside the network", func(*testing.T) {
			anaMembership = testkit.Must(e.ec.Membership.Create().SetPerson(ana).SetCoop(other).SetState(membership.StateMEMBER).Save(e.ctx))(t)
		}, []string{"Ben"}},
		{"that coop joins the network (coop side)", func(*testing.T) {
			testkit.Must(e.ec.Coop.UpdateOneID(other.ID).AddNetworks(e.net).Save(e.ctx))(t)
		}, []string{"Ana", "Ben"}},
		{"leaving the coop (API)", func(t *testing.T) {
			e.as(ana).MustDo(`mutation($m: ID!) { transitionMembership(membershipID: $m, transition: LEAVE) { membership { state } } }`,
				map[string]any{"m": testkit.ID(anaMembership.ID)}, nil)
		}, []string{"Ben"}},
		{"rejoining the coop", func(*testing.T) {
			testkit.Must(e.ec.Membership.UpdateOneID(anaMembership.ID).SetState(membership.StateMEMBER).Save(e.ctx))(t)
			// The admin is a member of that coop too: only a coop's own
			// members take it out of a network.
			testkit.Must(e.ec.Membership.Create().SetPerson(admin).SetCoop(other).SetState(membership.StateMEMBER).Save(e.ctx))(t)
		}, []string{"Ana", "Ben"}},
		{"the coop leaves the network (network side, API: a member of the coop who administers the network)", func(t *testing.T) {
			e.as(admin).MustDo(`mutation($n: ID!, $c: ID!) { updateNetwork(id: $n, input: {removeCoopIDs: [$c]}) { network { id } } }`,
				map[string]any{"n": testkit.ID(e.net.ID), "c": testkit.ID(other.ID)}, nil)
		}, []string{"Ben"}},
		{"the network takes it back", func(*testing.T) {
			testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).AddCoops(other).Save(e.ctx))(t)
		}, []string{"Ana", "Ben"}},
		{"all coops leave at once", func(*testing.T) {
			testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).ClearCoops().Save(e.ctx))(t)
		}, nil},
		{"all coops come back", func(*testing.T) {
			testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).AddCoops(coop, other).Save(e.ctx))(t)
		}, []string{"Ana", "Ben"}},
		{"a bulk update of a coop's memberships", func(*testing.T) {
			testkit.Must(e.ec.Membership.Update().Where(membership.CoopID(coop.ID)).SetState(membership.StateLEFT).Save(e.ctx))(t)
		}, []string{"Ana"}},
		{"another membership (no history yet) while the first one ends", func(*testing.T) {
			testkit.Must(e.ec.Membership.UpdateOneID(anaMembership.ID).SetState(membership.StateLEFT).Save(e.ctx))(t)
			anaMembership = testkit.Must(e.ec.Membership.Create().SetPerson(ana).SetCoop(coop).SetState(membership.StateINTERESTED).Save(e.ctx))(t)
		}, []string{"Ana"}},
		{"that membership deleted", func(*testing.T) {
			testkit.Must(0, e.ec.Membership.DeleteOneID(anaMembership.ID).Exec(e.ctx))(t)
		}, nil},
		{"a skill added while taking part", func(*testing.T) {
			testkit.Must(e.ec.Membership.UpdateOneID(benMembership.ID).SetState(membership.StateMEMBER).Save(e.ctx))(t)
			e.has(ben, e.skill("Rust", goSkill), 5, false)
		}, []string{"Ben"}},
	}
	for _, s := range steps {
		s.change(t)
		if got := found(t); !slices.Equal(got, s.want) {
			t.Errorf("%s: found %q, want %q", s.name, got, s.want)
		}
		if n, err := talent.ParticipationMismatches(e.ctx, e.db.Driver); err != nil || n != 0 {
			t.Errorf("%s: %d person skills disagree with the memberships (err %v)", s.name, n, err)
		}
	}
}

// TestRepairParticipation: rows written past the hooks (a bulk import) are
// found after a repair, and a repair of a consistent database changes
// nothing.
func TestRepairParticipation(t *testing.T) {
	e := newEnv(t)
	viewer := e.person("Viewer", "Leipzig")
	goSkill := e.skill("Go", nil)
	ana := e.person("Ana", "Leipzig")
	e.has(ana, goSkill, 4, false)
	if n, err := talent.RepairParticipation(e.ctx, e.ec); err != nil || n != 0 {
		t.Fatalf("repair of a consistent database changed %d rows (err %v)", n, err)
	}
	if _, err := e.db.SQL.ExecContext(e.ctx, `UPDATE person_skills SET in_network = false`); err != nil {
		t.Fatal(err)
	}
	if got := e.search(e.as(viewer), reqs(req("Go", 1)), 10, nil).names(); len(got) != 0 {
		t.Fatalf("with the flag cleared the search still found %q: it does not read the flag", got)
	}
	if n, err := talent.ParticipationMismatches(e.ctx, e.db.Driver); err != nil || n != 1 {
		t.Fatalf("mismatches after clearing: %d (err %v), want 1", n, err)
	}
	if n, err := talent.RepairParticipation(e.ctx, e.ec); err != nil || n != 1 {
		t.Fatalf("repair changed %d rows (err %v), want 1", n, err)
	}
	equal(t, "after the repair", e.search(e.as(viewer), reqs(req("Go", 1)), 10, nil).names(), []string{"Ana"})
}

// TestParticipationUnderConcurrentChanges: two transactions recompute the
// flags of one person at the same time, each before the other commits, so
// neither sees the other's row: one joins the network, the other adds a
// skill. The second must wait for the first (on PostgreSQL a lock on the
// person, held from the first one's recompute to its commit) and then see
// it, or the new skill stays unfindable. Likewise for a coop leaving the
// network while a person joins it (a lock on the coop).
func TestParticipationUnderConcurrentChanges(t *testing.T) {
	e := newEnv(t)
	viewer := e.person("Viewer", "Leipzig")
	goSkill := e.skill("Go", nil)

	// race runs first and second in two transactions: second's changes
	// start once first has recomputed its flags, and first waits (up to a
	// moment) for second to recompute too before it commits.
	race := func(t *testing.T, first, second func(tx *ent.Tx) error) {
		t.Helper()
		firstDone, secondDone := make(chan struct{}), make(chan struct{})
		errs := make(chan error, 2)
		run := func(change func(*ent.Tx) error, wait <-chan struct{}, done chan struct{}, hold bool) {
			if !hold {
				<-wait // before BEGIN: SQLite's BEGIN IMMEDIATE waits for the other writer
			}
			tx, err := e.ec.Tx(e.ctx)
			if err != nil {
				errs <- err
				return
			}
			if err := change(tx); err != nil {
				errs <- errors.Join(err, tx.Rollback())
				return
			}
			// Registered after the change, so it runs after the flags
			// were recomputed, just before the commit.
			tx.OnCommit(func(next ent.Committer) ent.Committer {
				return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
					close(done)
					if hold {
						select {
						case <-wait:
						case <-time.After(300 * time.Millisecond):
						}
					}
					return next.Commit(ctx, tx)
				})
			})
			errs <- tx.Commit()
		}
		go run(first, secondDone, firstDone, true)
		go run(second, firstDone, secondDone, false)
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
	}

	var want []string
	for round := range 2 {
		p := e.outsider(fmt.Sprintf("Person %d", round), "Leipzig")
		want = append(want, p.Name)
		race(t, func(tx *ent.Tx) error {
			_, err := tx.NetworkMembership.Create().SetNetwork(e.net).SetPerson(p).Save(e.ctx)
			return err
		}, func(tx *ent.Tx) error {
			_, err := tx.PersonSkill.Create().SetPerson(p).SetSkill(goSkill).SetLevel(3).Save(e.ctx)
			return err
		})
	}
	if n, err := talent.ParticipationMismatches(e.ctx, e.db.Driver); err != nil || n != 0 {
		t.Errorf("joining while adding a skill: %d person skills disagree with the memberships (err %v)", n, err)
	}
	equal(t, "found", e.search(e.as(viewer), reqs(req("Go", 1)), 10, nil).names(), want)

	for round := range 2 {
		coop := e.coop(fmt.Sprintf("Coop %d", round))
		newcomer := e.outsider(fmt.Sprintf("Newcomer %d", round), "Halle")
		e.has(newcomer, goSkill, 2, false)
		race(t, func(tx *ent.Tx) error {
			_, err := tx.Network.UpdateOneID(e.net.ID).RemoveCoops(coop).Save(e.ctx)
			return err
		}, func(tx *ent.Tx) error {
			_, err := tx.Membership.Create().SetPerson(newcomer).SetCoop(coop).SetState(membership.StateINTERESTED).Save(e.ctx)
			return err
		})
	}
	if n, err := talent.ParticipationMismatches(e.ctx, e.db.Driver); err != nil || n != 0 {
		t.Errorf("joining a coop while it leaves: %d person skills disagree with the memberships (err %v)", n, err)
	}
	p := e.search(e.as(viewer), reqs(req("Go", 1)), 10, nil)
	equal(t, "found after coops left", p.names(), want)
	if p.TotalCount != len(want) {
		t.Errorf("totalCount %d, want %d", p.TotalCount, len(want))
	}
}

// TestParticipationLocksDoNotDeadlock: one transaction adds a person's skill
// and then a membership in a coop outside the network; another adds that
// coop to the network, which concerns the same person. Each took its locks
// when its mutation ran (person, then coop; coop, then person), which
// deadlocked on PostgreSQL; now both lock coops before persons at commit.
func TestParticipationLocksDoNotDeadlock(t *testing.T) {
	e := newEnv(t)
	viewer := e.person("Viewer", "Leipzig")
	goSkill := e.skill("Go", nil)
	p := e.outsider("Pat", "Leipzig")
	q := e.outsider("Quinn", "Leipzig")
	c := e.coop("Outside")
	testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).RemoveCoops(c).Save(e.ctx))(t)
	e.join(p, c, membership.StateMEMBER)

	errs := make(chan error, 2)
	started := make(chan struct{})
	added := make(chan struct{}) // the second transaction has added the coop
	go func() {
		tx, err := e.ec.Tx(e.ctx)
		if err != nil {
			close(started)
			errs <- err
			return
		}
		_, err = tx.PersonSkill.Create().SetPerson(p).SetSkill(goSkill).SetLevel(3).Save(e.ctx)
		close(started)
		if testkit.Postgres() {
			// The second transaction's mutation runs while this one is
			// open. (On SQLite its BEGIN waits for this one's commit.)
			// Had it taken the person's lock there, it would wait for this
			// transaction and never signal: go on after a while, into the
			// deadlock the test is about.
			select {
			case <-added:
			case <-time.After(2 * time.Second):
			}
		}
		if err == nil {
			_, err = tx.Membership.Create().SetPerson(q).SetCoop(c).Save(e.ctx)
		}
		if err != nil {
			errs <- errors.Join(err, tx.Rollback())
			return
		}
		errs <- tx.Commit()
	}()
	go func() {
		<-started
		tx, err := e.ec.Tx(e.ctx)
		if err != nil {
			errs <- err
			return
		}
		if _, err := tx.Network.UpdateOneID(e.net.ID).AddCoops(c).Save(e.ctx); err != nil {
			errs <- errors.Join(err, tx.Rollback())
			return
		}
		close(added)
		errs <- tx.Commit()
	}()
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a transaction failed: %v", err)
		}
	}
	if n, err := talent.ParticipationMismatches(e.ctx, e.db.Driver); err != nil || n != 0 {
		t.Errorf("%d person skills disagree with the memberships (err %v)", n, err)
	}
	equal(t, "found", e.search(e.as(viewer), reqs(req("Go", 1)), 10, nil).names(), []string{"Pat"})
}
