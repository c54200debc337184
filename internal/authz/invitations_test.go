package authz_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invitation"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Invitations (issue 14, item 4): an admin invites an address; the address
// reserves nothing, the invitation is seen only by the inviting network's
// admins and by the addressee, and a person joins only by accepting.

const inviteMutation = `mutation($n: ID!, $e: String!, $d: Int) {
	inviteToNetwork(input: {networkID: $n, email: $e, validDays: $d}) { token invitation { id email state } } }`

type invited struct {
	InviteToNetwork struct {
		Token      string
		Invitation struct{ ID, Email, State string }
	}
}

// invite has c invite email to network and returns the invitation's ID and token.
func invite(t testing.TB, c *testkit.Client, network int, email string) (string, string) {
	t.Helper()
	var out invited
	testkit.OK(t, c.Do(inviteMutation, map[string]any{"n": testkit.ID(network), "e": email}), &out)
	return out.InviteToNetwork.Invitation.ID, out.InviteToNetwork.Token
}

// invitationState reads an invitation's stored state.
func (f *fixture) invitationState(gidStr string) string {
	return string(testkit.MustOrPanic(f.db.Client.Invitation.Get(f.ctx, decodeID(f.t, gidStr))).State)
}

// invitationWriteCases are the rows of the write matrix for invitations and
// e-mail changes.
func (f *fixture) invitationWriteCases() []writeCase {
	admin := f.as(netAdmin)
	ctx, c := f.ctx, f.db.Client
	toRevoke, _ := invite(f.t, admin, f.N.ID, "someone@example.org")
	toOutsider, _ := invite(f.t, admin, f.N.ID, *f.Outsider.Email)
	toParticipant, _ := invite(f.t, admin, f.N.ID, *f.Participant.Email)
	inN2 := testkit.MustOrPanic(c.Invitation.Create().SetNetworkID(f.N2.ID).SetEmail(*f.Participant.Email).
		SetExpiresAt(time.Now().Add(time.Hour)).Save(ctx))
	tokens := map[string]string{}
	for _, a := range actors {
		_, tokens[a] = invite(f.t, admin, f.N.ID, "token-"+strings.ToLower(a)+"@example.org")
	}
	accepted := func(f *fixture) string {
		return fmt.Sprint(testkit.MustOrPanic(c.Invitation.Query().Where(invitation.StateEQ(invitation.StateACCEPTED)).Count(ctx)))
	}
	pending := func(f *fixture) string {
		var all []string
		for _, p := range testkit.MustOrPanic(c.Person.Query().Order(ent.Asc(person.FieldID)).All(ctx)) {
			all = append(all, fmt.Sprint(p.PendingEmail))
		}
		return strings.Join(all, ",")
	}
	return []writeCase{
		{
			name:  "inviteToNetwork N",
			query: inviteMutation,
			vars: func(a string) map[string]any {
				return map[string]any{"n": testkit.ID(f.N.ID), "e": "invitee-" + strings.ToLower(a) + "@example.org"}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "networkID",
		},
		{
			name:  "inviteToNetwork N2 (another network)",
			query: inviteMutation,
			vars:  func(a string) map[string]any { return map[string]any{"n": testkit.ID(f.N2.ID), "e": "n2@example.org"} },
			want:  expect("NOT_FOUND"),
			field: "networkID",
		},
		{
			name:  "revokeInvitation of N",
			query: `mutation($id: ID!) { revokeInvitation(id: $id) { invitation { id state } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": toRevoke} },
			want:  expect("NOT_FOUND", netAdmin, ok),
			state: func(f *fixture) string { return f.invitationState(toRevoke) },
		},
		{
			name:  "revokeInvitation of N2 (its addressee reads it, may not revoke it)",
			query: `mutation($id: ID!) { revokeInvitation(id: $id) { invitation { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(inN2.ID)} },
			want:  expect("NOT_FOUND", participant, "FORBIDDEN"),
			state: func(f *fixture) string { return f.invitationState(testkit.ID(inN2.ID)) },
		},
		{
			name:  "acceptInvitation(id) addressed to the outsider",
			query: `mutation($id: ID!) { acceptInvitation(id: $id) { invitation { id state networkName } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": toOutsider} },
			want:  expect("NOT_FOUND", netAdmin, "FORBIDDEN", outsider, ok),
			state: func(f *fixture) string { return f.invitationState(toOutsider) },
		},
		{
			name:  "declineInvitation addressed to the participant",
			query: `mutation($id: ID!) { declineInvitation(id: $id) { invitation { id state } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": toParticipant} },
			want:  expect("NOT_FOUND", netAdmin, "FORBIDDEN", participant, ok),
			state: func(f *fixture) string { return f.invitationState(toParticipant) },
		},
		{
			name:  "acceptInvitation(token) with one's own token",
			query: `mutation($t: String!) { acceptInvitation(token: $t) { invitation { id state } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"t": tokens[a]} },
			want:  expect(ok),
			state: accepted,
		},
		{
			name:  "acceptInvitation(token) with a wrong token",
			query: `mutation($t: String!) { acceptInvitation(token: $t) { invitation { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"t": "not-a-token-" + a} },
			want:  expect("NOT_FOUND"),
			field: "token",
			state: accepted,
		},
		{
			name:  "changeEmail (one's own, pending until verified)",
			query: `mutation($e: String!) { changeEmail(email: $e) { person { id pendingEmail } } }`,
			vars: func(a string) map[string]any {
				return map[string]any{"e": "new-" + strings.ToLower(a) + "@example.org"}
			},
			want:  expect(ok),
			state: pending,
		},
	}
}

// TestInvitedAddressReservesNothing is the attack of issue 14: a self-made
// network admin invites someone's address. No person is created; the real
// owner's verified first login succeeds, enrols them nowhere, and they join
// the network only by accepting.
func TestInvitedAddressReservesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Anyone founds a network and administers it.
	var created struct {
		CreateNetwork struct{ Network struct{ ID string } }
	}
	testkit.OK(t, f.as(outsider).Do(`mutation { createNetwork(input: {name: "Trap", slug: "trap"}) { network { id } } }`, nil), &created)
	trap := decodeID(t, created.CreateNetwork.Network.ID)

	before := f.rowCounts()
	invID, _ := invite(t, f.as(outsider), trap, "Victim@Example.org")
	after := f.rowCounts()
	if after["persons"] != before["persons"] || after["network_memberships"] != before["network_memberships"] {
		t.Fatalf("inviting wrote persons or participations: %v -> %v", before, after)
	}

	// The owner's verified first login (no network allows self sign-up).
	tok := signUpToken(t, "oidc|victim", jwt.MapClaims{"email": "victim@example.org", "email_verified": true, "name": "Vic Tim"})
	victim := f.c.WithToken(tok)
	var v struct {
		Viewer struct {
			Person             struct{ Email *string }
			NetworkMemberships []struct{ ID string }
		}
		Invitations struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID, State, NetworkName string
					Network                *struct{ ID string }
				}
			}
		}
	}
	const q = `{ viewer { person { email } networkMemberships { id } }
		invitations { totalCount edges { node { id state networkName network { id } } } } }`
	testkit.OK(t, victim.Do(q, nil), &v)
	if v.Viewer.Person.Email == nil || *v.Viewer.Person.Email != "victim@example.org" || len(v.Viewer.NetworkMemberships) != 0 {
		t.Fatalf("the first login should create the owner, enrolled nowhere: %+v", v.Viewer)
	}
	if v.Invitations.TotalCount != 1 || v.Invitations.Edges[0].Node.ID != invID || v.Invitations.Edges[0].Node.State != "OPEN" ||
		v.Invitations.Edges[0].Node.NetworkName != "Trap" || v.Invitations.Edges[0].Node.Network != nil {
		t.Fatalf("the owner should see the open invitation (network by name only): %+v", v.Invitations)
	}
	p := testkit.MustOrPanic(f.db.Client.Person.Query().Where(person.Subject("oidc|victim")).Only(f.ctx))
	if n := testkit.MustOrPanic(f.db.Client.NetworkMembership.Query().Where(networkmembership.PersonID(p.ID)).Count(f.ctx)); n != 0 {
		t.Fatalf("the owner takes part in %d networks without accepting", n)
	}

	// Joining is the owner's act.
	var acc struct {
		AcceptInvitation struct {
			Invitation struct {
				State   string
				Network *struct{ Name string }
			}
		}
	}
	testkit.OK(t, victim.Do(`mutation($id: ID!) { acceptInvitation(id: $id) { invitation { state network { name } } } }`,
		map[string]any{"id": invID}), &acc)
	if acc.AcceptInvitation.Invitation.State != "ACCEPTED" || acc.AcceptInvitation.Invitation.Network == nil ||
		acc.AcceptInvitation.Invitation.Network.Name != "Trap" {
		t.Fatalf("accepting: %+v", acc)
	}
	if !testkit.MustOrPanic(f.db.Client.NetworkMembership.Query().Where(networkmembership.PersonID(p.ID), networkmembership.NetworkID(trap)).Exist(f.ctx)) {
		t.Fatal("accepting did not add the person to the network")
	}
	expectCode(t, victim.Do(`mutation($id: ID!) { acceptInvitation(id: $id) { invitation { id } } }`, map[string]any{"id": invID}),
		"INVALID_TRANSITION")

	// An unverified login with the invited address gets nothing.
	f.db.Client.Invitation.Create().SetNetworkID(trap).SetEmail("other@example.org").SetExpiresAt(time.Now().Add(time.Hour)).SaveX(f.ctx)
	bad := signUpToken(t, "oidc|other", jwt.MapClaims{"email": "other@example.org", "email_verified": false})
	expectUnauthenticated(t, "unverified invitee", post(t, f.c, "Bearer "+bad, q), bad)
}

// TestInvitationsAreSeenOnlyByThoseTheyConcern: outsiders, participants and
// another network's admins cannot read, revoke or answer an invitation.
func TestInvitationsAreSeenOnlyByThoseTheyConcern(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	invID, _ := invite(t, f.as(netAdmin), f.N.ID, "guest@example.org")
	// Nadia administers N2 only.
	nadia := testkit.MustOrPanic(f.db.Client.Person.Create().SetName("Nadia").SetEmail("nadia@example.org").Save(f.ctx))
	testkit.MustOrPanic(f.db.Client.NetworkMembership.Create().SetNetworkID(f.N2.ID).SetPersonID(nadia.ID).SetRole(networkmembership.RoleADMIN).Save(f.ctx))
	otherAdmin := f.c.As(nadia.ID)
	n2Inv, _ := invite(t, otherAdmin, f.N2.ID, "guest@example.org") // the same address, another network

	for name, c := range map[string]*testkit.Client{
		outsider: f.as(outsider), participant: f.as(participant), memberOfA: f.as(memberOfA), "admin of N2": otherAdmin,
	} {
		before := f.rowCounts()
		expectCode(t, c.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": invID}), "NOT_FOUND")
		var list struct {
			Invitations struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		testkit.OK(t, c.Do(`{ invitations { edges { node { id } } } }`, nil), &list)
		for _, e := range list.Invitations.Edges {
			if e.Node.ID == invID {
				t.Errorf("%s lists N's invitation", name)
			}
		}
		for _, m := range []string{"revokeInvitation", "acceptInvitation", "declineInvitation"} {
			expectCode(t, c.Do(fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { invitation { id } } }`, m), map[string]any{"id": invID}), "NOT_FOUND")
		}
		testkit.NothingWritten(t, before, f.rowCounts())
	}
	// N's admin sees N's invitation only.
	var list struct {
		Invitations struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID string } }
		}
	}
	testkit.OK(t, f.as(netAdmin).Do(`{ invitations(where: {email: "guest@example.org"}) { totalCount edges { node { id } } } }`, nil), &list)
	if list.Invitations.TotalCount != 1 || list.Invitations.Edges[0].Node.ID != invID {
		t.Fatalf("N's admin: want only %s, got %+v (N2's is %s)", invID, list, n2Inv)
	}
	// One open invitation per network and address.
	expectCode(t, f.as(netAdmin).Do(inviteMutation, map[string]any{"n": testkit.ID(f.N.ID), "e": "GUEST@example.org"}), "CONFLICT")
	// Revoked, it can no longer be accepted.
	testkit.OK(t, f.as(netAdmin).Do(`mutation($id: ID!) { revokeInvitation(id: $id) { invitation { state } } }`, map[string]any{"id": invID}), nil)
	guest := testkit.MustOrPanic(f.db.Client.Person.Create().SetName("Guest").SetEmail("guest@example.org").Save(f.ctx))
	expectCode(t, f.c.As(guest.ID).Do(`mutation($id: ID!) { acceptInvitation(id: $id) { invitation { id } } }`, map[string]any{"id": invID}),
		"INVALID_TRANSITION")
}

// TestInvitationToken: the token is shown once, stored as a hash, accepted
// once, and not after its expiry (domain time moved by a fake clock).
func TestInvitationToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	clk := clock.NewFake(time.Now().UTC())
	srv := testkit.NewServerWithClock(t, f.db, clk)
	admin := srv.As(f.Admin.ID)

	invID, token := invite(t, admin, f.N.ID, "nomail@example.org")
	stored := testkit.MustOrPanic(f.db.Client.Invitation.Get(f.ctx, decodeID(t, invID)))
	if token == "" || stored.TokenHash == nil || *stored.TokenHash == token || strings.Contains(*stored.TokenHash, token) {
		t.Fatalf("the token must be stored only as a hash: token %q, stored %v", token, stored.TokenHash)
	}

	// A first login without a verified e-mail, with the token in the
	// Cockpit-Invitation header, creates the person in N.
	login := srv.WithToken(signUpToken(t, "oidc|nomail", jwt.MapClaims{"email": "Someone.Else@example.org", "name": "Noa"}))
	login.Header.Set("Cockpit-Invitation", token)
	var v struct {
		Viewer struct {
			Person struct {
				Name         string
				Email        *string
				PendingEmail *string
			}
			NetworkMemberships []struct{ Network struct{ Slug string } }
		}
	}
	testkit.OK(t, login.Do(`{ viewer { person { name email pendingEmail } networkMemberships { network { slug } } } }`, nil), &v)
	if v.Viewer.Person.Name != "Noa" || v.Viewer.Person.Email != nil || v.Viewer.Person.PendingEmail == nil ||
		*v.Viewer.Person.PendingEmail != "someone.else@example.org" ||
		len(v.Viewer.NetworkMemberships) != 1 || v.Viewer.NetworkMemberships[0].Network.Slug != "network-n" {
		t.Fatalf("token login: want Noa in N without a confirmed e-mail (the invited address is not given to the token holder): %+v", v.Viewer)
	}
	if got := f.invitationState(invID); got != "ACCEPTED" {
		t.Fatalf("invitation state %s", got)
	}

	// Single use: a second new login with the same token is refused, and so
	// is a signed-in person.
	second := signUpToken(t, "oidc|second", nil)
	again := srv.WithToken(second)
	again.Header.Set("Cockpit-Invitation", token)
	if res := again.Do(`{ viewer { person { id } } }`, nil); res.Status != 401 || !slices.Equal(res.Codes(), []string{"UNAUTHENTICATED"}) {
		t.Fatalf("reused token on a first login: want 401, got %d %+v", res.Status, res.Errors)
	}
	expectCode(t, srv.As(f.Outsider.ID).Do(`mutation($t: String!) { acceptInvitation(token: $t) { invitation { id } } }`,
		map[string]any{"t": token}), "INVALID_TRANSITION")

	// Expiry.
	var exp invited
	testkit.OK(t, admin.Do(inviteMutation, map[string]any{"n": testkit.ID(f.N.ID), "e": "late@example.org", "d": 2}), &exp)
	clk.AdvanceDays(2)
	clk.Advance(time.Second) // PostgreSQL keeps microseconds, rounded
	expID, expToken := exp.InviteToNetwork.Invitation.ID, exp.InviteToNetwork.Token
	var st struct{ Node struct{ State string } }
	testkit.OK(t, admin.Do(`query($id: ID!) { node(id: $id) { ... on Invitation { state } } }`, map[string]any{"id": expID}), &st)
	if st.Node.State != "EXPIRED" {
		t.Fatalf("state after expiry: %s", st.Node.State)
	}
	late := srv.WithToken(signUpToken(t, "oidc|late", nil))
	late.Header.Set("Cockpit-Invitation", expToken)
	if res := late.Do(`{ viewer { person { id } } }`, nil); res.Status != 401 {
		t.Fatalf("expired token on a first login: want 401, got %d", res.Status)
	}
	e := expectCode(t, srv.As(f.Outsider.ID).Do(`mutation($t: String!) { acceptInvitation(token: $t) { invitation { id } } }`,
		map[string]any{"t": expToken}), "INVALID_TRANSITION")
	if e.Extensions["state"] != "EXPIRED" {
		t.Errorf("want state EXPIRED in the error, got %+v", e)
	}
	expectCode(t, admin.Do(`mutation($id: ID!) { revokeInvitation(id: $id) { invitation { id } } }`, map[string]any{"id": expID}),
		"INVALID_TRANSITION")
	// An expired invitation does not block a new one for the address.
	testkit.OK(t, admin.Do(inviteMutation, map[string]any{"n": testkit.ID(f.N.ID), "e": "late@example.org"}), nil)
	if n := testkit.MustOrPanic(f.db.Client.Person.Query().Where(person.SubjectIn("oidc|second", "oidc|late")).Count(f.ctx)); n != 0 {
		t.Fatalf("refused token logins created %d persons", n)
	}
}

// TestEmailChangeIsNoOracle: changeEmail answers the same for a taken and a
// free address; the new address takes effect only when a login verifies it,
// and never if someone else holds it then.
func TestEmailChangeIsNoOracle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.as(memberOfA)
	const change = `mutation($e: String!) { changeEmail(email: $e) { person { id name email pendingEmail } } }`
	taken, free := *f.MemberB.Email, "anton.new@example.org"
	rt := c.Do(change, map[string]any{"e": taken})
	rf := c.Do(change, map[string]any{"e": free})
	norm := func(r *testkit.Response, addr string) string {
		return fmt.Sprint(r.Status, r.Codes(), strings.ReplaceAll(string(r.Data), addr, "ADDR"))
	}
	if a, b := norm(rt, taken), norm(rf, free); a != b || rt.Status != 200 || len(rt.Errors) != 0 {
		t.Fatalf("taken and free addresses answer differently:\n taken: %s\n free:  %s", a, b)
	}
	// Not effective yet; pending is the person's own business.
	me := testkit.MustOrPanic(f.db.Client.Person.Get(f.ctx, f.MemberA.ID))
	if *me.Email != *f.MemberA.Email || me.PendingEmail == nil || *me.PendingEmail != free {
		t.Fatalf("before verification: email %v pending %v", *me.Email, me.PendingEmail)
	}
	var mate struct {
		Node struct{ Email, PendingEmail *string }
	}
	testkit.OK(t, f.c.As(f.MemberA2.ID).Do(`query($id: ID!) { node(id: $id) { ... on Person { email pendingEmail } } }`,
		map[string]any{"id": testkit.ID(f.MemberA.ID)}), &mate)
	if mate.Node.Email == nil || mate.Node.PendingEmail != nil {
		t.Fatalf("a coop-mate reads the e-mail, not the pending one: %+v", mate.Node)
	}
	login := func(email string, verified bool) {
		t.Helper()
		tok := signUpToken(t, *me.Subject, jwt.MapClaims{"email": email, "email_verified": verified})
		testkit.OK(t, f.c.WithToken(tok).Do(`{ viewer { person { id } } }`, nil), nil)
	}
	login(free, false) // unverified: nothing happens
	if p := testkit.MustOrPanic(f.db.Client.Person.Get(f.ctx, f.MemberA.ID)); *p.Email != *f.MemberA.Email || p.PendingEmail == nil {
		t.Fatalf("an unverified claim confirmed the e-mail: %v %v", *p.Email, p.PendingEmail)
	}
	login(free, true)
	if p := testkit.MustOrPanic(f.db.Client.Person.Get(f.ctx, f.MemberA.ID)); *p.Email != free || p.PendingEmail != nil {
		t.Fatalf("after verification: email %v pending %v", *p.Email, p.PendingEmail)
	}

	// A taken address is never taken over, even with a verified claim.
	testkit.OK(t, c.Do(change, map[string]any{"e": strings.ToUpper(taken)}), nil)
	login(taken, true)
	if p := testkit.MustOrPanic(f.db.Client.Person.Get(f.ctx, f.MemberA.ID)); *p.Email != free || p.PendingEmail != nil {
		t.Fatalf("taken address: email %v pending %v", *p.Email, p.PendingEmail)
	}
	if b := testkit.MustOrPanic(f.db.Client.Person.Get(f.ctx, f.MemberB.ID)); *b.Email != taken {
		t.Fatalf("memberB lost their e-mail: %v", *b.Email)
	}
	// The generic update offers no e-mail at all.
	expectCode(t, c.Do(`mutation($id: ID!) { updatePerson(id: $id, input: {email: "x@example.org"}) { person { id } } }`,
		map[string]any{"id": testkit.ID(f.MemberA.ID)}), "GRAPHQL_VALIDATION_FAILED")
	expectCode(t, c.Do(change, map[string]any{"e": "not an address"}), "BAD_USER_INPUT")
}
