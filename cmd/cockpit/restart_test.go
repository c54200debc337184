package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"github.com/coopnetwork/cockpit/internal/webhook"
)

// TestWebhookDeliverySurvivesServerKill is issue 18's "delivery survives a
// restart (tested by killing the server mid-retry)" on the built binary:
// members vote through the real GraphQL endpoint of `cockpit serve`, its
// dispatcher retries the VOTE_CAST deliveries while the receiver fails, the
// server is killed with SIGKILL, and a new `cockpit serve` on the same
// database delivers every one of them once the receiver recovers.
func TestWebhookDeliverySurvivesServerKill(t *testing.T) {
	bin := buildCockpit(t)
	db := testkit.NewDB(t, store.Options{})
	dbURL := testkit.URLOf(t, db)
	ctx := context.Background()
	// The demo network (what `cockpit seed --demo` loads): coops whose
	// members have logins and open proposals to vote on.
	if err := demo.SeedWith(ctx, db.Client, demo.Today(ctx)); err != nil {
		t.Fatal(err)
	}
	sys := authz.SystemRead(ctx)
	prop := testkit.Must(db.Client.Proposal.Query().Where(proposal.StatusEQ(proposal.StatusOPEN),
		proposal.KindEQ(proposal.KindGENERAL), proposal.NetworkIDIsNil()).Order(proposal.ByID()).First(sys))(t)
	members := testkit.Must(db.Client.Membership.Query().Where(membership.CoopID(prop.CoopID),
		membership.StateEQ(membership.StateMEMBER)).Order(membership.ByID()).WithPerson().Limit(3).All(sys))(t)
	if len(members) < 3 {
		t.Fatalf("the demo coop %d has %d members, want 3 voters", prop.CoopID, len(members))
	}
	token := func(m int) string { return testkit.Token(t, *members[m].Edges.Person.Subject) }

	// The receiver verifies every signature, fails while fail is set and
	// deduplicates by event ID, as a real receiver does.
	var (
		secret    atomic.Value // string: the endpoint's, once registered
		fail      atomic.Bool
		hits      atomic.Int64
		badSigs   atomic.Int64
		mu        sync.Mutex
		successes = map[string]int{}             // event ID -> 2xx answers
		accepted  = map[string]webhook.Payload{} // event ID -> the body taken in (first success)
	)
	secret.Store("")
	fail.Store(true)
	rec := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		if webhook.Verify(secret.Load().(string), r.Header.Get(webhook.HeaderSignature), body, time.Now()) != nil {
			badSigs.Add(1)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if fail.Load() {
			http.Error(w, "upstream down", http.StatusBadGateway)
			return
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		id := r.Header.Get(webhook.HeaderEventID)
		mu.Lock()
		defer mu.Unlock()
		successes[id]++
		if _, dup := accepted[id]; !dup {
			accepted[id] = p
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(rec.Close)

	args := []string{"--database", dbURL, "--addr", "127.0.0.1:0", "--jwt-secret", string(testkit.Secret),
		"--webhook-allow-private-targets", "--webhook-allow-http",
		"--webhook-backoff-base", "100ms", "--webhook-backoff-max", "300ms", "--webhook-poll-interval", "50ms",
		// No delivery may go DEAD while the test waits to kill the server.
		"--webhook-max-attempts", "10000",
		// A delivery claimed when the server dies waits out twice this
		// before another process sends it (the claim's lease).
		"--webhook-timeout", "2s"}
	if l := testkit.ListenURL(dbURL); l != dbURL { // tests through a pooler
		args = append(args, "--listen-database-url", l)
	}
	first := startCockpit(t, bin, args...)

	var created struct {
		CreateWebhookEndpoint struct{ Secret string }
	}
	first.graphQL(t, token(0), `mutation($in: CreateWebhookEndpointInput!) {
		createWebhookEndpoint(input: $in) { secret endpoint { id } } }`,
		map[string]any{"in": map[string]any{"coopID": testkit.ID(prop.CoopID), "url": rec.URL + "/hook", "eventTypes": []string{"VOTE_CAST"}}},
		&created)
	if created.CreateWebhookEndpoint.Secret == "" {
		t.Fatal("no secret returned for the new endpoint")
	}
	secret.Store(created.CreateWebhookEndpoint.Secret)
	for i, choice := range []string{"YES", "NO", "ABSTAIN"} {
		first.graphQL(t, token(i), `mutation($p: ID!, $c: VoteChoice!) { castVote(proposalID: $p, choice: $c) { vote { choice } } }`,
			map[string]any{"p": testkit.ID(prop.ID), "c": choice}, nil)
	}
	const n = 3 // one VOTE_CAST delivery per vote

	// Mid-retry: attempts counts claimed attempts (the claim adds one
	// before sending), so two or more in FAILED means the first attempt
	// failed and a retry is scheduled or under way. A retry claimed when
	// the server dies is sent by the next process once its claim (twice
	// --webhook-timeout) runs out.
	retrying := func() bool {
		c, err := db.Client.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StateFAILED),
			webhookdelivery.AttemptsGTE(2)).Count(sys)
		return err == nil && c == n
	}
	if !testkit.PollUntil(60*time.Second, retrying) {
		ds, _ := db.Client.WebhookDelivery.Query().All(sys)
		t.Fatalf("the deliveries are not retrying: %+v", ds)
	}
	first.Kill(t)
	// What the killed server left: n deliveries, each still to be sent.
	before := map[int]int{} // delivery ID -> attempts at the kill
	for _, d := range testkit.Must(db.Client.WebhookDelivery.Query().All(sys))(t) {
		if d.State != webhookdelivery.StateFAILED || d.EventType != webhookdelivery.EventTypeVOTE_CAST {
			t.Fatalf("after the kill: delivery %+v, want a FAILED VOTE_CAST", d)
		}
		before[d.ID] = d.Attempts
	}
	if len(before) != n {
		t.Fatalf("%d deliveries after the kill, want %d", len(before), n)
	}
	hitsBefore := hits.Load()

	fail.Store(false)
	startCockpit(t, bin, args...) // a new process, on a new port
	if !testkit.PollUntil(60*time.Second, func() bool {
		c, err := db.Client.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StateDELIVERED)).Count(sys)
		return err == nil && c == n
	}) {
		ds, _ := db.Client.WebhookDelivery.Query().All(sys)
		t.Fatalf("not every delivery was delivered after the restart: %+v", ds)
	}

	ds := testkit.Must(db.Client.WebhookDelivery.Query().All(sys))(t)
	mu.Lock()
	defer mu.Unlock()
	if len(ds) != n || len(accepted) != n {
		t.Fatalf("%d deliveries, receiver accepted %d events, want %d each: %v", len(ds), len(accepted), n, successes)
	}
	totalAttempts := 0
	for _, d := range ds {
		totalAttempts += d.Attempts
		id := testkit.ID(d.EventID)
		// The same delivery went on counting its attempts: the new process
		// took over the old one's retries, it did not start afresh.
		if d.State != webhookdelivery.StateDELIVERED || d.Attempts <= before[d.ID] || d.DeliveredAt == nil {
			t.Errorf("delivery %d: %s after %d attempts (%d at the kill), delivered at %v", d.ID, d.State, d.Attempts, before[d.ID], d.DeliveredAt)
		}
		// At least once: an attempt of the killed server still in the
		// receiver's handler when fail was cleared may count a success
		// nobody recorded; the receiver's deduplication takes it in once.
		if successes[id] < 1 {
			t.Errorf("event %s of delivery %d: %d successful deliveries, want at least 1", id, d.ID, successes[id])
		}
		p, ok := accepted[id]
		if !ok || p.ID != id || p.Type != "VOTE_CAST" || p.ObjectID != testkit.ID(prop.ID) || p.CoopID != testkit.ID(prop.CoopID) {
			t.Errorf("event %s: accepted body %+v (present %v), want the VOTE_CAST of proposal %s for coop %s",
				id, p, ok, testkit.ID(prop.ID), testkit.ID(prop.CoopID))
		}
	}
	if totalAttempts <= n {
		t.Errorf("%d attempts for %d deliveries: nothing was retried", totalAttempts, n)
	}
	// Each first attempt reached the receiver and was refused before the
	// kill (a second one may have been claimed but not sent yet).
	if h := hits.Load(); hitsBefore < n || h <= hitsBefore {
		t.Errorf("receiver hit %d times before the kill and %d in all, want at least %d before and more after", hitsBefore, h, n)
	}
	t.Logf("attempts per delivery at the kill %v, %d in all; receiver: %d requests before the kill, %d in all; successes per event %v",
		before, totalAttempts, hitsBefore, hits.Load(), successes)
	if b := badSigs.Load(); b != 0 {
		t.Errorf("%d deliveries carried a signature that does not verify", b)
	}
}
