package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/outboxevent"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/subscription"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Subscription replay (issue 18, item 5): payloads carry the eventId of
// their outbox row, and a subscription with after resumes from it.

const replayProposalSub = `subscription($coop: ID!, $after: ID) { proposalChanged(coopID: $coop, after: $after) {
	kind eventId proposal { id } } }`

const replayBudgetSub = `subscription($p: ID!, $after: ID) { projectBudgetChanged(projectID: $p, after: $after) {
	kind eventId share { id } } }`

// outboxIDs returns the IDs of the topic's outbox events, oldest first.
func outboxIDs(t *testing.T, e *env, topic events.Topic) []string {
	t.Helper()
	ids := testkit.Must(e.db.Client.OutboxEvent.Query().
		Where(outboxevent.TopicKind(string(topic.Kind)), outboxevent.TopicID(topic.ID)).
		Order(ent.Asc(outboxevent.FieldID)).IDs(e.ctx))(t)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = testkit.ID(id)
	}
	return out
}

// nextEventID waits for the subscription's next payload and returns its
// kind and eventId (field is the subscription's field name).
func nextEventID(t *testing.T, c *wsClient, subID, field string) (kind, eventID string) {
	t.Helper()
	m, ok := c.next(10 * time.Second)
	if !ok || m.Type != "next" || m.ID != subID {
		t.Fatalf("want a next message for %s, got %s %s (ok %v)", subID, m.Type, m.Payload, ok)
	}
	var res struct {
		Data   map[string]struct{ Kind, EventID string }
		Errors []any
	}
	if err := json.Unmarshal(m.Payload, &res); err != nil {
		t.Fatal(err)
	}
	got, ok := res.Data[field]
	if !ok || len(res.Errors) > 0 {
		t.Fatalf("payload %s", m.Payload)
	}
	return got.Kind, got.EventID
}

// TestSubscriptionReplay: a client receives votes 1 and 2, disconnects,
// votes 3 and 4 happen, and it subscribes again after the eventId of 2: it
// receives exactly 3 and 4 (from the outbox), then 5 live, and nothing else.
func TestSubscriptionReplay(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	topic := proposalsOf(w.Coop.ID)
	tok := subject(t, e.insider(w.world))
	voter := e.c.As(w.Voter.ID)

	first, _ := dialWS(t, e.c.URL, tok, nil)
	first.subscribe("a", replayProposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID)})
	e.c.WaitSubscribers(topic, 1)
	var seen []string
	for _, choice := range []string{"YES", "NO"} {
		vote(t, voter, w.Proposal.ID, choice)
		kind, id := nextEventID(t, first, "a", "proposalChanged")
		if kind != "VOTE_CAST" || id == "" {
			t.Fatalf("live vote %s: kind %s, eventId %q", choice, kind, id)
		}
		seen = append(seen, id)
	}
	if ids := outboxIDs(t, e, topic); len(ids) != 2 || ids[0] != seen[0] || ids[1] != seen[1] {
		t.Fatalf("live eventIds %v, outbox %v", seen, ids)
	}
	first.conn.Close(websocket.StatusGoingAway, "network change")
	e.c.WaitSubscribers(topic, 0)

	vote(t, voter, w.Proposal.ID, "ABSTAIN") // 3
	vote(t, voter, w.Proposal.ID, "YES")     // 4
	missed := outboxIDs(t, e, topic)[2:]
	if len(missed) != 2 {
		t.Fatalf("outbox after votes 3 and 4: %v", missed)
	}

	again, _ := dialWS(t, e.c.URL, tok, nil)
	again.subscribe("b", replayProposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID), "after": seen[1]})
	e.c.WaitSubscribers(topic, 1)
	for i, want := range missed {
		if kind, id := nextEventID(t, again, "b", "proposalChanged"); kind != "VOTE_CAST" || id != want {
			t.Fatalf("replayed event %d: %s %s, want VOTE_CAST %s", i+3, kind, id, want)
		}
	}
	vote(t, voter, w.Proposal.ID, "NO") // 5, live
	live := outboxIDs(t, e, topic)
	if kind, id := nextEventID(t, again, "b", "proposalChanged"); kind != "VOTE_CAST" || id != live[len(live)-1] || len(live) != 5 {
		t.Fatalf("live event 5: %s %s, outbox %v", kind, id, live)
	}
	if m, ok := again.next(500 * time.Millisecond); ok {
		t.Errorf("a duplicate or extra event: %s %s", m.Type, m.Payload)
	}

	// Resuming after the newest event sends nothing until the next one.
	last, _ := dialWS(t, e.c.URL, tok, nil)
	last.subscribe("c", replayProposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID), "after": live[4]})
	e.c.WaitSubscribers(topic, 2)
	if m, ok := last.next(300 * time.Millisecond); ok {
		t.Errorf("resuming after the newest event: %s %s", m.Type, m.Payload)
	}
}

// TestSubscriptionReplayPrivacy: a replayed event obeys the same privacy
// as a live one: the freelancer does not get the share of another person
// on replay, the lead coop's member does.
func TestSubscriptionReplayPrivacy(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	testkit.Must(e.db.Client.Project.UpdateOne(w.Project).SetStatus("ACTIVE").Save(e.ctx))(t)
	testkit.Must(e.db.Client.Coop.UpdateOne(w.Coop).SetBudgetChangeThresholdCents(10_000_000).Save(e.ctx))(t)
	topic := budgetOf(w.Project.ID)
	logTime := func(date string) {
		e.anna(w.world).MustDo(`mutation($s: ID!, $d: Time!) { logTime(input: {shareID: $s, date: $d, minutes: 60}) { timeEntry { minutes } } }`,
			map[string]any{"s": testkit.ID(w.BudgetShare.ID), "d": date}, nil)
	}
	logTime("2026-03-02T00:00:00Z")
	start := outboxIDs(t, e, topic)
	if len(start) != 1 {
		t.Fatalf("outbox after logging time: %v", start)
	}
	// While nobody listens: a share for the voter (hidden from Anna), then Anna's time.
	var created struct {
		CreateBudgetShare struct{ BudgetShare struct{ ID string } }
	}
	e.insider(w.world).MustDo(`mutation($p: ID!, $who: ID!) { createBudgetShare(input: {projectID: $p, personID: $who,
		amount: {amount: 100000, currency: "EUR"}, hourlyRate: {amount: 5000, currency: "EUR"}}) { budgetShare { id } } }`,
		map[string]any{"p": testkit.ID(w.Project.ID), "who": testkit.ID(w.Voter.ID)}, &created)
	share := created.CreateBudgetShare.BudgetShare.ID
	logTime("2026-03-03T00:00:00Z")
	ids := outboxIDs(t, e, topic)
	if len(ids) != 3 {
		t.Fatalf("outbox: %v", ids)
	}

	vars := map[string]any{"p": testkit.ID(w.Project.ID), "after": start[0]}
	lead, _ := dialWS(t, e.c.URL, subject(t, e.insider(w.world)), nil)
	lead.subscribe("b", replayBudgetSub, vars)
	freelancer, _ := dialWS(t, e.c.URL, subject(t, e.anna(w.world)), nil)
	freelancer.subscribe("b", replayBudgetSub, vars)
	e.c.WaitSubscribers(topic, 2)
	for i, want := range []string{"SHARE_ADDED", "TIME_RECORDED"} {
		if kind, id := nextEventID(t, lead, "b", "projectBudgetChanged"); kind != want || id != ids[i+1] {
			t.Errorf("lead, replayed event %d: %s %s, want %s %s", i, kind, id, want, ids[i+1])
		}
	}
	if kind, id := nextEventID(t, freelancer, "b", "projectBudgetChanged"); kind != "TIME_RECORDED" || id != ids[2] {
		t.Errorf("freelancer, replayed: %s %s, want TIME_RECORDED %s (not the voter's share %s)", kind, id, ids[2], share)
	}
	if m, ok := freelancer.next(500 * time.Millisecond); ok {
		t.Errorf("freelancer received another event: %s", m.Payload)
	}
}

// TestSubscriptionReplayBadAfter: an after that is not an eventId (not an
// ID at all, or another object's ID) is BAD_USER_INPUT, on every
// subscription that takes it.
func TestSubscriptionReplayBadAfter(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	c, _ := dialWS(t, e.c.URL, subject(t, e.insider(w.world)), nil)
	subs := map[string]struct {
		query string
		vars  map[string]any
	}{
		"proposalChanged":      {replayProposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID)}},
		"projectBudgetChanged": {replayBudgetSub, map[string]any{"p": testkit.ID(w.Project.ID)}},
		"networkProposalChanged": {`subscription($n: ID!, $after: ID) { networkProposalChanged(networkID: $n, after: $after) { eventId } }`,
			map[string]any{"n": testkit.ID(w.Network.ID)}}, "pathwayChanged": {replayPathwaySub, map[string]any{"m": testkit.ID(w.Membership.ID)}},
	}
	n := 0
	for name, s := range subs {
		for what, after := range map[string]string{"malformed": "not-an-id", "foreign": testkit.ID(w.Proposal.ID)} {
			n++
			id := name + "-" + what
			s.vars["after"] = after
			c.subscribe(id, s.query, s.vars)
			m, ok := c.next(5 * time.Second)
			if !ok || m.ID != id || !strings.Contains(string(m.Payload), `"code":"BAD_USER_INPUT"`) {
				t.Errorf("%s with a %s after: %s %s", name, what, m.Type, m.Payload)
			}
			if m, ok := c.next(5 * time.Second); !ok || m.ID != id || m.Type != "complete" {
				t.Errorf("%s with a %s after: then %s %s, want complete", name, what, m.Type, m.Payload)
			}
		}
	}
	if n != 8 {
		t.Fatalf("%d cases", n)
	}
}

// TestSubscriptionReplayTooFarBehind: a client more than ReplayLimit events
// behind is told to refetch (CONFLICT) rather than sent them.
func TestSubscriptionReplayTooFarBehind(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	rec := authz.Under(authz.SystemRead(context.Background()), authz.RecordOutbox)
	row := func() *ent.OutboxEventCreate {
		return e.db.Client.OutboxEvent.Create().SetType(outboxevent.TypeVOTE_CAST).SetChange("VOTE_CAST").
			SetTopicKind(string(events.Proposals)).SetTopicID(w.Coop.ID).SetObjectID(w.Proposal.ID).
			SetCoopID(w.Coop.ID).SetOccurredAt(time.Now())
	}
	after := testkit.Must(row().Save(rec))(t)
	for left := subscription.ReplayLimit + 1; left > 0; left -= 200 {
		bulk := make([]*ent.OutboxEventCreate, min(left, 200))
		for i := range bulk {
			bulk[i] = row()
		}
		testkit.Must(e.db.Client.OutboxEvent.CreateBulk(bulk...).Save(rec))(t)
	}
	c, _ := dialWS(t, e.c.URL, subject(t, e.insider(w.world)), nil)
	c.subscribe("1", replayProposalSub, map[string]any{"coop": testkit.ID(w.Coop.ID), "after": testkit.ID(after.ID)})
	if m, ok := c.next(10 * time.Second); !ok || !strings.Contains(string(m.Payload), `"code":"CONFLICT"`) {
		t.Errorf("%d events behind: %s %s", subscription.ReplayLimit+1, m.Type, m.Payload)
	}
	if n := testkit.Must(e.db.Client.OutboxEvent.Query().Count(e.ctx))(t); n != subscription.ReplayLimit+2 {
		t.Errorf("%d outbox events", n)
	}
}

const replayPathwaySub = `subscription($m: ID!, $after: ID) { pathwayChanged(membershipID: $m, after: $after) {
	state eventId } }`

// nextPathway waits for the subscription's next pathway and returns its
// state and eventId.
func nextPathway(t *testing.T, c *wsClient, subID string) (state, eventID string) {
	t.Helper()
	m, ok := c.next(10 * time.Second)
	if !ok || m.Type != "next" || m.ID != subID {
		t.Fatalf("want a next message for %s, got %s %s (ok %v)", subID, m.Type, m.Payload, ok)
	}
	var res struct {
		Data struct {
			PathwayChanged struct{ State, EventID string }
		}
		Errors []any
	}
	if err := json.Unmarshal(m.Payload, &res); err != nil || len(res.Errors) > 0 {
		t.Fatalf("payload %s (%v)", m.Payload, err)
	}
	return res.Data.PathwayChanged.State, res.Data.PathwayChanged.EventID
}

// TestPathwayReplay: a pathway is the whole current state, so a client that
// missed two changes resumes with one pathway as it is now, carrying the
// newest missed eventId, then the live ones, with no duplicate.
func TestPathwayReplay(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	topic := pathwayOf(w.Membership.ID)
	tok := subject(t, e.anna(w.world))
	vars := func(after string) map[string]any {
		v := map[string]any{"m": testkit.ID(w.Membership.ID)}
		if after != "" {
			v["after"] = after
		}
		return v
	}
	transition := func(c *testkit.Client, tr string) {
		t.Helper()
		c.MustDo(`mutation($m: ID!, $t: PathwayTransition!) { transitionMembership(membershipID: $m, transition: $t) { membership { state } } }`,
			map[string]any{"m": testkit.ID(w.Membership.ID), "t": tr}, nil)
	}

	first, _ := dialWS(t, e.c.URL, tok, nil)
	first.subscribe("a", replayPathwaySub, vars(""))
	e.c.WaitSubscribers(topic, 1)
	transition(e.anna(w.world), "LEAVE")
	state, seen := nextPathway(t, first, "a")
	if ids := outboxIDs(t, e, topic); state != "LEFT" || len(ids) != 1 || seen != ids[0] {
		t.Fatalf("live: state %s, eventId %q, outbox %v", state, seen, ids)
	}
	first.conn.Close(websocket.StatusGoingAway, "network change")
	e.c.WaitSubscribers(topic, 0)

	transition(e.anna(w.world), "REJOIN")               // LEFT -> INTERESTED
	transition(e.insider(w.world), "START_FREELANCING") // INTERESTED -> FREELANCER
	ids := outboxIDs(t, e, topic)
	if len(ids) != 3 {
		t.Fatalf("outbox after two missed changes: %v", ids)
	}

	again, _ := dialWS(t, e.c.URL, tok, nil)
	again.subscribe("b", replayPathwaySub, vars(seen))
	e.c.WaitSubscribers(topic, 1)
	if state, id := nextPathway(t, again, "b"); state != "FREELANCER" || id != ids[2] {
		t.Fatalf("resumed: state %s, eventId %s, want FREELANCER %s (once, for both missed events)", state, id, ids[2])
	}
	transition(e.anna(w.world), "LEAVE") // live
	ids = outboxIDs(t, e, topic)
	if state, id := nextPathway(t, again, "b"); state != "LEFT" || len(ids) != 4 || id != ids[3] {
		t.Fatalf("live after the resume: state %s, eventId %s, outbox %v", state, id, ids)
	}
	if m, ok := again.next(500 * time.Millisecond); ok {
		t.Errorf("a duplicate or extra pathway: %s %s", m.Type, m.Payload)
	}

	// Resuming after the newest event sends nothing until the next one.
	last, _ := dialWS(t, e.c.URL, tok, nil)
	last.subscribe("c", replayPathwaySub, vars(ids[3]))
	e.c.WaitSubscribers(topic, 2)
	if m, ok := last.next(300 * time.Millisecond); ok {
		t.Errorf("resuming after the newest event: %s %s", m.Type, m.Payload)
	}
}
