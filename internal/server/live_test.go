package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// wsMsg is a graphql-transport-ws message.
type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
	msgs chan wsMsg
	// closeCode is the server's close status, once msgs is closed.
	closeCode websocket.StatusCode
}

// dialWS opens a graphql-transport-ws connection to the server at baseURL
// and sends connection_init with the token (none when empty); header is sent
// with the upgrade request. It returns the client and the first answer to
// connection_init.
func dialWS(t *testing.T, baseURL, initToken string, header http.Header) (*wsClient, wsMsg) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(baseURL, "http")+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header,
	})
	if err != nil {
		t.Fatalf("dialing: %v", err)
	}
	c := &wsClient{t: t, conn: conn, msgs: make(chan wsMsg, 16)}
	t.Cleanup(func() { conn.CloseNow() })
	payload := map[string]any{}
	if initToken != "" {
		payload["Authorization"] = "Bearer " + initToken
	}
	if err := wsjson.Write(ctx, conn, wsMsg{Type: "connection_init", Payload: mustJSON(payload)}); err != nil {
		t.Fatalf("connection_init: %v", err)
	}
	go func() {
		defer close(c.msgs)
		for {
			var m wsMsg
			if err := wsjson.Read(context.Background(), conn, &m); err != nil {
				c.closeCode = websocket.CloseStatus(err)
				return
			}
			if m.Type == "ping" {
				_ = wsjson.Write(context.Background(), conn, wsMsg{Type: "pong"})
				continue
			}
			c.msgs <- m
		}
	}()
	first, _ := c.next(5 * time.Second)
	return c, first
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func (c *wsClient) subscribe(id, query string, vars map[string]any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := wsjson.Write(ctx, c.conn, wsMsg{ID: id, Type: "subscribe",
		Payload: mustJSON(map[string]any{"query": query, "variables": vars})}); err != nil {
		c.t.Fatalf("subscribe: %v", err)
	}
}

// next returns the next message, or false after timeout or when the
// connection closed.
func (c *wsClient) next(timeout time.Duration) (wsMsg, bool) {
	select {
	case m, ok := <-c.msgs:
		return m, ok
	case <-time.After(timeout):
		return wsMsg{}, false
	}
}

// closed reports whether the server closed the connection within timeout.
func (c *wsClient) closed(timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		select {
		case _, ok := <-c.msgs:
			if !ok {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

const proposalSub = `subscription($coop: ID!) { proposalChanged(coopID: $coop) {
	kind proposal { id status votes { totalCount } } } }`

type proposalEvent struct {
	Data struct {
		ProposalChanged struct {
			Kind     string
			Proposal struct {
				ID     string
				Status string
				Votes  struct{ TotalCount int }
			}
		}
	}
}

// liveWorld is seedWorld plus a second member who votes and an outsider: a
// member of another coop of the same network, who can read the coop but
// none of its proposals.
type liveWorld struct {
	*world
	Voter, Outsider *ent.Person
}

func seedLiveWorld(t *testing.T, e *env) *liveWorld {
	w := &liveWorld{world: seedWorld(t, e.ctx, e.db.Client)}
	c := e.db.Client
	w.Voter = testkit.Must(c.Person.Create().SetName("Carla Voss").SetEmail("carla@example.org").Save(e.ctx))(t)
	testkit.Must(c.Membership.Create().SetPerson(w.Voter).SetCoop(w.Coop).SetState("MEMBER").Save(e.ctx))(t)
	other := testkit.Must(c.Coop.Create().SetName("Hafenbits").SetSlug("hafenbits").AddNetworks(w.Network).Save(e.ctx))(t)
	w.Outsider = testkit.Must(c.Person.Create().SetName("Finn").SetEmail("finn@example.org").Save(e.ctx))(t)
	testkit.Must(c.Membership.Create().SetPerson(w.Outsider).SetCoop(other).SetState("MEMBER").Save(e.ctx))(t)
	e.participate(w.Network, w.Voter, w.Outsider)
	return w
}

// proposalsOf, pathwayOf and budgetOf are the broker topics of the
// subscriptions below: tests wait until the server has registered a
// subscription (testkit.WaitSubscribers) before they make the change.
func proposalsOf(coopID int) events.Topic {
	return events.Topic{Kind: events.Proposals, ID: coopID}
}
func pathwayOf(membershipID int) events.Topic {
	return events.Topic{Kind: events.Pathway, ID: membershipID}
}
func budgetOf(projectID int) events.Topic {
	return events.Topic{Kind: events.ProjectBudget, ID: projectID}
}

func subject(t *testing.T, c *testkit.Client) string {
	return strings.TrimPrefix(c.Header.Get("Authorization"), "Bearer ")
}

func vote(t *testing.T, c *testkit.Client, proposalID int, choice string) {
	t.Helper()
	c.MustDo(`mutation($p: ID!, $c: VoteChoice!) { castVote(proposalID: $p, choice: $c) { vote { choice } } }`,
		map[string]any{"p": testkit.ID(proposalID), "c": choice}, nil)
}

func expectProposalEvent(t *testing.T, c *wsClient, subID string, proposalID, votes int) {
	t.Helper()
	m, ok := c.next(10 * time.Second)
	if !ok || m.Type != "next" || m.ID != subID {
		t.Fatalf("want a next message for %s, got %+v (ok %v)", subID, m, ok)
	}
	var ev proposalEvent
	if err := json.Unmarshal(m.Payload, &ev); err != nil {
		t.Fatal(err)
	}
	got := ev.Data.ProposalChanged
	if got.Kind != "VOTE_CAST" || got.Proposal.ID != testkit.ID(proposalID) || got.Proposal.Votes.TotalCount != votes {
		t.Fatalf("event %s, want VOTE_CAST of %s with %d votes", m.Payload, testkit.ID(proposalID), votes)
	}
}

// TestSubscriptionAcrossReplicas: a member subscribes on one server, another
// member votes through a second server on the same database, and the event
// arrives (on PostgreSQL through LISTEN/NOTIFY; on SQLite both use the one
// server, since the in-process broker serves one replica). A member of
// another coop subscribed to the same coop receives nothing.
func TestSubscriptionAcrossReplicas(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	writer := e.c
	if testkit.Postgres() {
		writer = testkit.NewServer(t, testkit.NewReplica(t, e.db))
	}
	// The insider authenticates in connection_init, the outsider with the
	// upgrade request's header: both ways give the same viewer.
	insider, ack := dialWS(t, e.c.URL, subject(t, e.insider(w.world)), nil)
	if ack.Type != "connection_ack" {
		t.Fatalf("connection_init answered %+v", ack)
	}
	outsider, ack := dialWS(t, e.c.URL, "", e.c.As(w.Outsider.ID).Header)
	if ack.Type != "connection_ack" {
		t.Fatalf("connection_init answered %+v", ack)
	}
	vars := map[string]any{"coop": testkit.ID(w.Coop.ID)}
	insider.subscribe("1", proposalSub, vars)
	outsider.subscribe("1", proposalSub, vars)
	e.c.WaitSubscribers(proposalsOf(w.Coop.ID), 2) // both subscriptions started

	vote(t, writer.As(w.Voter.ID), w.Proposal.ID, "YES")
	expectProposalEvent(t, insider, "1", w.Proposal.ID, 2)
	if m, ok := outsider.next(time.Second); ok {
		t.Errorf("the outsider received %+v", m)
	}

	// A failed mutation publishes nothing: the transaction rolled back.
	res := writer.As(w.Outsider.ID).Do(`mutation($p: ID!) { castVote(proposalID: $p, choice: NO) { vote { choice } } }`,
		map[string]any{"p": testkit.ID(w.Proposal.ID)})
	if len(res.Errors) == 0 {
		t.Fatalf("an outsider voted: %s", res.Data)
	}
	if m, ok := insider.next(500 * time.Millisecond); ok {
		t.Errorf("event after a failed mutation: %+v", m)
	}
}

// TestSubscriptionAuthentication: a bad token in connection_init closes the
// connection; an anonymous subscription is refused with UNAUTHENTICATED; a
// subscription to what the viewer may not read is NOT_FOUND, like node(id:).
func TestSubscriptionAuthentication(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)

	bad, first := dialWS(t, e.c.URL, "not-a-token", nil)
	if first.Type == "connection_ack" || !bad.closed(5*time.Second) || bad.closeCode != 4403 {
		t.Errorf("a bad token was accepted: %+v, close code %d", first, bad.closeCode)
	}
	var status int
	if _, res, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(e.c.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"},
			HTTPHeader: http.Header{"Authorization": {"Bearer not-a-token"}}}); err == nil {
		t.Errorf("a bad token in the header was accepted")
	} else if res != nil {
		status = res.StatusCode
	}
	if status != http.StatusUnauthorized {
		t.Errorf("a bad token in the header: status %d, want 401", status)
	}

	anon, ack := dialWS(t, e.c.URL, "", nil)
	if ack.Type != "connection_ack" {
		t.Fatalf("connection_init answered %+v", ack)
	}
	anon.subscribe("1", proposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID)})
	if m, ok := anon.next(5 * time.Second); !ok || m.Type == "complete" || !strings.Contains(string(m.Payload), `"code":"UNAUTHENTICATED"`) {
		t.Errorf("anonymous subscription: %s %s", m.Type, m.Payload)
	}

	outsider, _ := dialWS(t, e.c.URL, subject(t, e.c.As(w.Outsider.ID)), nil)
	outsider.subscribe("1", `subscription($p: ID!) { projectBudgetChanged(projectID: $p) { kind } }`,
		map[string]any{"p": testkit.ID(w.Project.ID)})
	if m, ok := outsider.next(5 * time.Second); !ok || m.Type == "complete" || !strings.Contains(string(m.Payload), `"code":"NOT_FOUND"`) {
		t.Errorf("subscription to another coop's project: %s %s", m.Type, m.Payload)
	}
}

// TestSubscriptionReconnectAndLostAccess: a client that reconnects and
// subscribes again receives the next events; a member who leaves the coop
// stops receiving its proposals.
func TestSubscriptionReconnectAndLostAccess(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	vars := map[string]any{"coop": testkit.ID(w.Coop.ID)}
	tok := subject(t, e.insider(w.world))

	first, _ := dialWS(t, e.c.URL, tok, nil)
	first.subscribe("a", proposalSub, vars)
	e.c.WaitSubscribers(proposalsOf(w.Coop.ID), 1)
	vote(t, e.c.As(w.Voter.ID), w.Proposal.ID, "YES")
	expectProposalEvent(t, first, "a", w.Proposal.ID, 2)
	first.conn.Close(websocket.StatusGoingAway, "network change")
	e.c.WaitSubscribers(proposalsOf(w.Coop.ID), 0) // the server ended the first subscription

	again, _ := dialWS(t, e.c.URL, tok, nil)
	again.subscribe("b", proposalSub, vars)
	e.c.WaitSubscribers(proposalsOf(w.Coop.ID), 1)
	vote(t, e.c.As(w.Voter.ID), w.Proposal.ID, "ABSTAIN") // a changed vote is an event too
	expectProposalEvent(t, again, "b", w.Proposal.ID, 2)

	// The voter subscribes, then leaves the coop: later votes are not hers to see.
	voter, _ := dialWS(t, e.c.URL, subject(t, e.c.As(w.Voter.ID)), nil)
	voter.subscribe("v", proposalSub, vars)
	e.c.WaitSubscribers(proposalsOf(w.Coop.ID), 2)
	ms := testkit.Must(e.db.Client.Person.QueryMemberships(w.Voter).Only(e.ctx))(t)
	e.c.As(w.Voter.ID).MustDo(`mutation($m: ID!) { transitionMembership(membershipID: $m, transition: LEAVE) { membership { state } } }`,
		map[string]any{"m": testkit.ID(ms.ID)}, nil)
	vote(t, e.insider(w.world), w.Proposal.ID, "NO")
	expectProposalEvent(t, again, "b", w.Proposal.ID, 2)
	if m, ok := voter.next(time.Second); ok && m.Type == "next" {
		t.Errorf("a member who left received %s", m.Payload)
	}
}

// TestSubscriptionOverSSE: the same subscription as a Server-Sent Events
// stream, authenticated with the Authorization header.
func TestSubscriptionOverSSE(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	body := mustJSON(map[string]any{"query": proposalSub, "variables": map[string]any{"coop": testkit.ID(w.Coop.ID)}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.c.URL+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", e.insider(w.world).Header.Get("Authorization"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	e.c.WaitSubscribers(proposalsOf(w.Coop.ID), 1)
	vote(t, e.c.As(w.Voter.ID), w.Proposal.ID, "YES")
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended without an event")
			}
			if data, found := strings.CutPrefix(l, "data: "); found && strings.Contains(data, "VOTE_CAST") {
				return
			}
		case <-ctx.Done():
			t.Fatal("no event within 15 s")
		}
	}
}

// TestShutdownWithOpenSockets: closing Done ends open WebSocket connections,
// the server then closes at once, and the goroutines of the subscriptions
// are gone.
func TestShutdownWithOpenSockets(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	v, err := auth.NewVerifier(context.Background(), auth.Config{Secret: testkit.Secret})
	if err != nil {
		t.Fatal(err)
	}
	broker := testkit.NewBroker(t, e.db)
	before := runtime.NumGoroutine()
	done := make(chan struct{})
	ts := httptest.NewServer(server.New(e.db, server.Options{Verifier: v, Events: broker, Done: done}))
	tok := subject(t, e.insider(w.world))
	var clients []*wsClient
	for range 5 {
		c, _ := dialWS(t, ts.URL, tok, nil)
		c.subscribe("1", proposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID)})
		clients = append(clients, c)
	}
	testkit.WaitSubscribers(t, broker, proposalsOf(w.Coop.ID), len(clients))

	close(done)
	for i, c := range clients {
		if !c.closed(5 * time.Second) {
			t.Errorf("connection %d still open after shutdown", i)
		} else if c.closeCode != websocket.StatusNormalClosure {
			t.Errorf("connection %d closed with %d, want 1000 (gqlgen's close on a cancelled context)", i, c.closeCode)
		}
	}
	closed := make(chan struct{})
	go func() { ts.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not close within 5 s")
	}
	// Each subscription's goroutine ends it in the broker as it returns.
	testkit.WaitSubscribers(t, broker, proposalsOf(w.Coop.ID), 0)
	// What else the connections ran (readers, writers) ends right after;
	// nothing signals that, so the count is polled until it is down.
	testkit.PollUntil(5*time.Second, func() bool { return runtime.NumGoroutine() <= before+2 })
	if n := runtime.NumGoroutine(); n > before+2 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before the server, %d after it closed:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// TestPathwayAndBudgetSubscriptions: the candidate and her coop's members
// follow her pathway; on a project, the lead coop's member sees every share
// change while the freelancer sees the changes of her own share only.
func TestPathwayAndBudgetSubscriptions(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	// Time is logged on ACTIVE projects, with the project's currency.
	testkit.Must(e.db.Client.Project.UpdateOne(w.Project).SetStatus("ACTIVE").Save(e.ctx))(t)
	testkit.Must(e.db.Client.Coop.UpdateOne(w.Coop).SetBudgetChangeThresholdCents(10_000_000).Save(e.ctx))(t)

	const pathwaySub = `subscription($m: ID!) { pathwayChanged(membershipID: $m) { state membership { id } history { toState } } }`
	anna, _ := dialWS(t, e.c.URL, subject(t, e.anna(w.world)), nil)
	member, _ := dialWS(t, e.c.URL, subject(t, e.insider(w.world)), nil)
	outsider, _ := dialWS(t, e.c.URL, subject(t, e.c.As(w.Outsider.ID)), nil)
	for _, c := range []*wsClient{anna, member, outsider} {
		c.subscribe("p", pathwaySub, map[string]any{"m": testkit.ID(w.Membership.ID)})
	}
	if m, ok := outsider.next(5 * time.Second); !ok || !strings.Contains(string(m.Payload), `"code":"NOT_FOUND"`) {
		t.Errorf("an outsider subscribed to Anna's pathway: %s %s", m.Type, m.Payload)
	}
	e.c.WaitSubscribers(pathwayOf(w.Membership.ID), 2) // Anna's and the member's
	e.anna(w.world).MustDo(`mutation($m: ID!) { transitionMembership(membershipID: $m, transition: LEAVE) { membership { state } } }`,
		map[string]any{"m": testkit.ID(w.Membership.ID)}, nil)
	for name, c := range map[string]*wsClient{"anna": anna, "member": member} {
		m, ok := c.next(10 * time.Second)
		if !ok || m.Type != "next" || !strings.Contains(string(m.Payload), `"state":"LEFT"`) {
			t.Errorf("%s: pathwayChanged %s %s, want state LEFT", name, m.Type, m.Payload)
		}
	}

	const budgetSub = `subscription($p: ID!) { projectBudgetChanged(projectID: $p) { kind project { id } share { id } } }`
	lead, _ := dialWS(t, e.c.URL, subject(t, e.insider(w.world)), nil)
	freelancer, _ := dialWS(t, e.c.URL, subject(t, e.anna(w.world)), nil)
	lead.subscribe("b", budgetSub, map[string]any{"p": testkit.ID(w.Project.ID)})
	freelancer.subscribe("b", budgetSub, map[string]any{"p": testkit.ID(w.Project.ID)})
	e.c.WaitSubscribers(budgetOf(w.Project.ID), 2)

	// A share for the voter: the lead coop's member sees it, Anna does not.
	e.insider(w.world).MustDo(`mutation($p: ID!, $who: ID!) { createBudgetShare(input: {projectID: $p, personID: $who,
		amount: {amount: 100000, currency: "EUR"}, hourlyRate: {amount: 5000, currency: "EUR"}}) { budgetShare { id } } }`,
		map[string]any{"p": testkit.ID(w.Project.ID), "who": testkit.ID(w.Voter.ID)}, nil)
	if m, ok := lead.next(10 * time.Second); !ok || !strings.Contains(string(m.Payload), `"kind":"SHARE_ADDED"`) {
		t.Errorf("lead: %s %s, want SHARE_ADDED", m.Type, m.Payload)
	}
	// Anna logs time on her own share: both see it.
	e.anna(w.world).MustDo(`mutation($s: ID!) { logTime(input: {shareID: $s, date: "2026-03-03T00:00:00Z", minutes: 60}) { timeEntry { minutes } } }`,
		map[string]any{"s": testkit.ID(w.BudgetShare.ID)}, nil)
	for name, c := range map[string]*wsClient{"lead": lead, "freelancer": freelancer} {
		m, ok := c.next(10 * time.Second)
		if !ok || !strings.Contains(string(m.Payload), `"kind":"TIME_RECORDED"`) || !strings.Contains(string(m.Payload), testkit.ID(w.BudgetShare.ID)) {
			t.Errorf("%s: %s %s, want TIME_RECORDED on Anna's share", name, m.Type, m.Payload)
		}
	}
	if m, ok := freelancer.next(500 * time.Millisecond); ok {
		t.Errorf("freelancer received another event: %s", m.Payload)
	}
}

// TestSubscriptionEndsWhenTheTokenExpires: a connection lives no longer than
// the token it was opened with.
func TestSubscriptionEndsWhenTheTokenExpires(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	e.insider(w.world) // gives Buddy a login subject
	p := testkit.Must(e.db.Client.Person.Get(e.ctx, w.Buddy.ID))(t)
	short, err := auth.MintHS256(testkit.Secret, *p.Subject, 2*time.Second, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c, ack := dialWS(t, e.c.URL, short, nil)
	if ack.Type != "connection_ack" {
		t.Fatalf("connection_init answered %+v", ack)
	}
	c.subscribe("1", proposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID)})
	if !c.closed(10 * time.Second) {
		t.Fatal("the connection outlived its token")
	}
	// The same with the token in the upgrade request's header.
	h, _ := dialWS(t, e.c.URL, "", http.Header{"Authorization": {"Bearer " + short}})
	if !h.closed(10 * time.Second) {
		t.Fatal("the connection outlived its header token")
	}
}

// TestWebSocketOrigins: browsers may open WebSockets from the server's own
// origin and from the origins CORS allows, not from others.
func TestWebSocketOrigins(t *testing.T) {
	e := newEnv(t, store.Options{})
	ts := httptest.NewServer(server.New(e.db, server.Options{AllowedOrigins: []string{"https://app.example.org"}}))
	defer ts.Close()
	for origin, ok := range map[string]bool{"https://app.example.org": true, "https://evil.example.net": false} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, res, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/graphql", &websocket.DialOptions{
			Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: http.Header{"Origin": {origin}}})
		cancel()
		if ok != (err == nil) {
			status := 0
			if res != nil {
				status = res.StatusCode
			}
			t.Errorf("origin %s: err %v (status %d), want allowed %v", origin, err, status, ok)
		}
		if conn != nil {
			conn.CloseNow()
		}
	}
}

// TestSubscriptionsOutliveTheRequestTimeout: the per-request timeout bounds
// queries and mutations, not a subscription's stream (regression: the
// timeout wrapped WebSocket connections too and ended them after it).
func TestSubscriptionsOutliveTheRequestTimeout(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	const timeout = 300 * time.Millisecond
	c := testkit.NewServerWithOptions(t, e.db, server.Options{Timeout: timeout})
	ws, _ := dialWS(t, c.URL, subject(t, e.insider(w.world)), nil)
	ws.subscribe("a", proposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID)})
	c.WaitSubscribers(proposalsOf(w.Coop.ID), 1)
	// The request's timeout started with the upgrade request, before this
	// deadline: had it bound the stream, the server would have ended the
	// subscription (a message or a closed connection) by then.
	past, cancel := context.WithTimeout(context.Background(), 2*timeout)
	defer cancel()
	select {
	case m, open := <-ws.msgs:
		t.Fatalf("the subscription ended within the request timeout: %s %s (connection open %v)", m.Type, m.Payload, open)
	case <-past.Done():
	}
	if n := c.Events().(events.Observable).Subscribers(proposalsOf(w.Coop.ID)); n != 1 {
		t.Fatalf("%d subscriptions after the request timeout, want 1", n)
	}
	vote(t, c.As(w.Voter.ID), w.Proposal.ID, "YES")
	expectProposalEvent(t, ws, "a", w.Proposal.ID, 2)
}
