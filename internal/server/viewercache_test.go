package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestViewerCacheInvalidation: the token's person and the viewer's facts
// are cached per replica (internal/viewercache), and a change of what they
// derive from, made through the API on this replica or (PostgreSQL) on
// another server on the same database, is seen by the affected viewer's
// next request on this replica: at once for a change made here, as soon as
// the NOTIFY arrives (polled, bounded) for one made on the other replica.
// Covered: an admin role revoked and granted (AdminOf), a coop mate
// leaving (another person's membership changes the viewer's CoopMates), an
// erasure (the erased login gets 401).
func TestViewerCacheInvalidation(t *testing.T) {
	writers := []string{"this replica"}
	if testkit.Postgres() {
		writers = append(writers, "another replica")
	}
	for _, where := range writers {
		t.Run(where, func(t *testing.T) {
			e := newEnv(t, store.Options{})
			w := seedWorld(t, e.ctx, e.db.Client)
			ada := testkit.Must(e.db.Client.Person.Create().SetName("Ada").SetEmail("ada@example.org").Save(e.ctx))(t)
			e.administer(ada, w.Network)
			testkit.Must(e.db.Client.Invitation.Create().SetNetworkID(w.Network.ID).SetEmail("new@example.org").
				SetExpiresAt(time.Now().Add(24 * time.Hour)).Save(e.ctx))(t)
			writer := e.c
			if where == "another replica" {
				writer = testkit.NewServer(t, testkit.NewReplica(t, e.db))
			}
			buddy, anna := e.insider(w), e.anna(w)
			// seen asserts that cond holds for the reader's next request
			// (this replica), or soon (another replica: the NOTIFY travels).
			seen := func(what string, cond func() bool) {
				t.Helper()
				if where == "this replica" {
					if !cond() {
						t.Fatalf("%s: not seen by the next request", what)
					}
					return
				}
				if !testkit.PollUntil(testkit.WaitTimeout, cond) {
					t.Fatalf("%s: not seen within %s", what, testkit.WaitTimeout)
				}
			}
			cached := func(person int) {
				t.Helper()
				if _, ok := e.db.Viewers.Viewer(person); !ok {
					t.Fatalf("person %d's viewer is not cached", person)
				}
			}
			invitations := func() int {
				var out struct{ Invitations struct{ TotalCount int } }
				buddy.MustDo(`{ invitations(first: 10) { totalCount } }`, nil, &out)
				return out.Invitations.TotalCount
			}
			annasEmail := func() string {
				var out struct{ Node struct{ Email *string } }
				buddy.MustDo(`query($id: ID!) { node(id: $id) { ... on Person { email } } }`, map[string]any{"id": testkit.ID(w.Person.ID)}, &out)
				return testkit.Deref(out.Node.Email)
			}
			roleVars := map[string]any{"n": testkit.ID(w.Network.ID), "p": testkit.ID(w.Buddy.ID)}
			asAda := writer.As(ada.ID)

			// Buddy administers the network and shares a coop with Anna.
			if n := invitations(); n != 1 {
				t.Fatalf("the admin reads %d invitations, want 1", n)
			}
			if got := annasEmail(); got != "anna@example.org" {
				t.Fatalf("a coop mate reads Anna's e-mail as %q", got)
			}
			cached(w.Buddy.ID)

			testkit.OK(t, testkit.Must(asAda.Post(`mutation($n: ID!, $p: ID!) { revokeNetworkAdmin(networkID: $n, personID: $p) { networkMembership { role } } }`, roleVars))(t), nil)
			seen("admin role revoked", func() bool { return invitations() == 0 })
			cached(w.Buddy.ID)
			testkit.OK(t, testkit.Must(asAda.Post(`mutation($n: ID!, $p: ID!) { grantNetworkAdmin(networkID: $n, personID: $p) { networkMembership { role } } }`, roleVars))(t), nil)
			seen("admin role granted", func() bool { return invitations() == 1 })

			// Anna leaves the coop: Buddy is no longer her coop mate.
			cached(w.Buddy.ID)
			testkit.OK(t, testkit.Must(writer.As(w.Person.ID).Post(`mutation($m: ID!) { transitionMembership(membershipID: $m, transition: LEAVE, reason: "moving on") { membership { state } } }`,
				map[string]any{"m": testkit.ID(w.Membership.ID)}))(t), nil)
			if s := testkit.Must(e.db.Client.Membership.Get(e.ctx, w.Membership.ID))(t).State; s != membership.StateLEFT {
				t.Fatalf("Anna's membership is %s after leaving", s)
			}
			seen("a coop mate left", func() bool { return annasEmail() == "" })

			// Anna erases her data: her login is refused from then on.
			anna.MustDo(`{ __typename }`, nil, nil)
			cached(w.Person.ID)
			testkit.OK(t, testkit.Must(writer.As(w.Person.ID).Post(`mutation($c: String!) { eraseMe(confirm: $c) { personID } }`,
				map[string]any{"c": "anna@example.org"}))(t), nil)
			seen("erasure", func() bool {
				res, err := anna.Post(`{ __typename }`, nil)
				return err == nil && res.Status == http.StatusUnauthorized
			})
		})
	}
}

// TestViewerCacheFixtureWrites: writes made directly with ent (the
// operator's tools, fixtures) flush the cache too, in a transaction or not.
func TestViewerCacheFixtureWrites(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	buddy := e.insider(w)
	invitations := func() int {
		var out struct{ Invitations struct{ TotalCount int } }
		buddy.MustDo(`{ invitations(first: 10) { totalCount } }`, nil, &out)
		return out.Invitations.TotalCount
	}
	testkit.Must(e.db.Client.Invitation.Create().SetNetworkID(w.Network.ID).SetEmail("new@example.org").
		SetExpiresAt(time.Now().Add(24 * time.Hour)).Save(e.ctx))(t)
	if n := invitations(); n != 1 {
		t.Fatalf("the admin reads %d invitations, want 1", n)
	}
	// Outside a transaction.
	testkit.Must(e.db.Client.NetworkMembership.Update().Where(networkmembership.PersonID(w.Buddy.ID)).
		SetRole(networkmembership.RolePARTICIPANT).Save(e.ctx))(t)
	if n := invitations(); n != 0 {
		t.Fatalf("after the role was taken (no transaction) the former admin reads %d invitations", n)
	}
	// In a transaction: flushed when it commits, not before.
	tx := testkit.Must(e.db.Client.Tx(e.ctx))(t)
	testkit.Must(tx.NetworkMembership.Update().Where(networkmembership.PersonID(w.Buddy.ID)).
		SetRole(networkmembership.RoleADMIN).Save(e.ctx))(t)
	if n := invitations(); n != 0 {
		t.Fatalf("before the commit the participant reads %d invitations", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := invitations(); n != 1 {
		t.Fatalf("after the commit the admin reads %d invitations, want 1", n)
	}
}

// TestViewerCacheListenerDropped (PostgreSQL): while this replica's LISTEN
// connection is down, notifications of other replicas are lost; the cache
// serves nothing then, and what it held before is dropped when the
// listener reconnects. An admin revoked on another replica meanwhile is seen
// by the next request, without waiting for any notification.
func TestViewerCacheListenerDropped(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("LISTEN/NOTIFY: PostgreSQL only")
	}
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	ada := testkit.Must(e.db.Client.Person.Create().SetName("Ada").SetEmail("ada@example.org").Save(e.ctx))(t)
	e.administer(ada, w.Network)
	testkit.Must(e.db.Client.Invitation.Create().SetNetworkID(w.Network.ID).SetEmail("new@example.org").
		SetExpiresAt(time.Now().Add(24 * time.Hour)).Save(e.ctx))(t)
	other := testkit.NewServer(t, testkit.NewReplica(t, e.db))
	buddy := e.insider(w)
	invitations := func() int {
		var out struct{ Invitations struct{ TotalCount int } }
		buddy.MustDo(`{ invitations(first: 10) { totalCount } }`, nil, &out)
		return out.Invitations.TotalCount
	}
	if n := invitations(); n != 1 {
		t.Fatalf("the admin reads %d invitations, want 1", n)
	}
	if _, ok := e.db.Viewers.Viewer(w.Buddy.ID); !ok {
		t.Fatal("the admin's viewer is not cached")
	}
	cont, ok := e.c.Events().(events.Continuity)
	if !ok {
		t.Fatalf("%T does not report its continuity", e.c.Events())
	}
	epoch, _ := cont.Continuity()
	// Both replicas' listeners are cut (they name themselves after the
	// test's schema).
	var killed int
	if err := e.db.SQL.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = current_schema() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`).Scan(&killed); err != nil || killed == 0 {
		t.Fatalf("terminating the listeners: %d, %v", killed, err)
	}
	if !testkit.PollUntil(testkit.WaitTimeout, func() bool { e2, _ := cont.Continuity(); return e2 != epoch }) {
		t.Fatal("the broker did not notice that its listener was cut")
	}
	testkit.OK(t, testkit.Must(other.As(ada.ID).Post(`mutation($n: ID!, $p: ID!) { revokeNetworkAdmin(networkID: $n, personID: $p) { networkMembership { role } } }`,
		map[string]any{"n": testkit.ID(w.Network.ID), "p": testkit.ID(w.Buddy.ID)}))(t), nil)
	if n := invitations(); n != 0 {
		t.Fatalf("after losing its listener, the replica served stale facts: %d invitations", n)
	}
	// Once listening again, the cache serves again.
	if !testkit.PollUntil(testkit.WaitTimeout, func() bool { _, l := cont.Continuity(); return l }) {
		t.Fatal("the listener did not reconnect")
	}
	invitations()
	if _, ok := e.db.Viewers.Viewer(w.Buddy.ID); !ok {
		t.Error("the viewer is not cached again after the listener reconnected")
	}
}
