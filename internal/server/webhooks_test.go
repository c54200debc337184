package server_test

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

	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"github.com/coopnetwork/cockpit/internal/webhook"
	"github.com/coopnetwork/cockpit/internal/webhook/target"
)

// receiver is a loopback webhook receiver that verifies every signature
// with the endpoint's secret, as a real receiver does, and counts the
// events it accepted by event ID (its deduplication).
type receiver struct {
	t       *testing.T
	srv     *httptest.Server
	secret  atomic.Value // string
	fail    atomic.Bool
	hits    atomic.Int64
	badSigs atomic.Int64
	mu      sync.Mutex
	ok      map[string]int // event ID -> accepted deliveries
	bodies  []webhook.Payload
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t, ok: map[string]int{}}
	r.secret.Store("")
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.hits.Add(1)
		body, _ := io.ReadAll(req.Body)
		if err := webhook.Verify(r.secret.Load().(string), req.Header.Get(webhook.HeaderSignature), body, time.Now()); err != nil {
			r.badSigs.Add(1)
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if r.fail.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil || p.ID != req.Header.Get(webhook.HeaderEventID) {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.ok[p.ID]++
		r.bodies = append(r.bodies, p)
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) accepted() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int{}
	for k, v := range r.ok {
		out[k] = v
	}
	return out
}

const createEndpoint = `mutation($in: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $in) { secret endpoint { id url eventTypes active } } }`

type createdEndpoint struct {
	CreateWebhookEndpoint struct {
		Secret   string
		Endpoint struct {
			ID         string
			URL        string
			EventTypes []string
		}
	}
}

// TestWebhookDeliveryRetriesDeadLetterAndRedelivery: a coop member
// registers a loopback endpoint; a vote is delivered signed; while the
// receiver fails, the delivery is retried and ends DEAD; redelivered, it
// arrives once. An endpoint of another coop (which may not read the vote)
// gets no delivery.
func TestWebhookDeliveryRetriesDeadLetterAndRedelivery(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	opts := webhook.Options{
		Targets:     target.Policy{AllowPrivate: true, AllowHTTP: true},
		BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond, MaxAttempts: 3,
		PollInterval: 10 * time.Millisecond, Timeout: 5 * time.Second,
		Jitter: func(d time.Duration) time.Duration { return d },
	}
	c := testkit.NewServerWithOptions(t, e.db, server.Options{Webhooks: opts})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); server.RunWebhooks(ctx, e.db, server.Options{Webhooks: opts}) }()
	t.Cleanup(func() { stop(); <-done })

	rec, other := newReceiver(t), newReceiver(t)
	var mine, theirs createdEndpoint
	c.As(w.Buddy.ID).MustDo(createEndpoint, map[string]any{"in": map[string]any{
		"coopID": testkit.ID(w.Coop.ID), "url": rec.srv.URL + "/hook", "eventTypes": []string{"VOTE_CAST", "PROPOSAL_CLOSED"}}}, &mine)
	rec.secret.Store(mine.CreateWebhookEndpoint.Secret)
	if mine.CreateWebhookEndpoint.Secret == "" || len(mine.CreateWebhookEndpoint.Endpoint.EventTypes) != 2 {
		t.Fatalf("created %+v", mine)
	}
	outsiderCoop := testkit.Must(e.db.Client.Coop.Query().Where().All(e.ctx))(t)
	var otherCoop int
	for _, co := range outsiderCoop {
		if co.ID != w.Coop.ID {
			otherCoop = co.ID
		}
	}
	c.As(w.Outsider.ID).MustDo(createEndpoint, map[string]any{"in": map[string]any{
		"coopID": testkit.ID(otherCoop), "url": other.srv.URL, "eventTypes": []string{"VOTE_CAST"}}}, &theirs)
	other.secret.Store(theirs.CreateWebhookEndpoint.Secret)

	// The secret is never readable again.
	res := c.As(w.Buddy.ID).Do(`query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { url secret } } }`,
		map[string]any{"id": mine.CreateWebhookEndpoint.Endpoint.ID})
	if len(res.Errors) == 0 {
		t.Fatalf("secret readable: %s", res.Data)
	}

	// Listed for the coop's members only, with their deliveries.
	const list = `query($id: ID!) { node(id: $id) { ... on Coop { webhookEndpoints { totalCount edges { node { url eventTypes active deliveries { totalCount } } } } } } }`
	var listed struct {
		Node struct {
			WebhookEndpoints struct{ TotalCount int }
		}
	}
	c.As(w.Buddy.ID).MustDo(list, map[string]any{"id": testkit.ID(w.Coop.ID)}, &listed)
	if listed.Node.WebhookEndpoints.TotalCount != 1 {
		t.Fatalf("member lists %d endpoints, want 1", listed.Node.WebhookEndpoints.TotalCount)
	}
	c.As(w.Outsider.ID).MustDo(list, map[string]any{"id": testkit.ID(w.Coop.ID)}, &listed)
	if listed.Node.WebhookEndpoints.TotalCount != 0 {
		t.Fatalf("another coop's member lists %d endpoints, want 0", listed.Node.WebhookEndpoints.TotalCount)
	}

	rec.fail.Store(true)
	vote(t, c.As(w.Voter.ID), w.Proposal.ID, "YES")
	sys := authz.SystemRead(context.Background())
	var dead bool
	if !testkit.PollUntil(20*time.Second, func() bool {
		d, err := e.db.Client.WebhookDelivery.Query().Only(sys)
		dead = err == nil && d.State == webhookdelivery.StateDEAD
		return dead
	}) {
		ds, _ := e.db.Client.WebhookDelivery.Query().All(sys)
		t.Fatalf("delivery not DEAD: %+v", ds)
	}
	d := testkit.Must(e.db.Client.WebhookDelivery.Query().Only(sys))(t)
	if d.Attempts != 3 || d.LastStatus == nil || *d.LastStatus != 503 || d.NextAttemptAt != nil {
		t.Fatalf("dead delivery %+v", d)
	}
	if n := rec.hits.Load(); n != 3 {
		t.Fatalf("receiver hit %d times, want 3", n)
	}
	if n := rec.badSigs.Load(); n != 0 {
		t.Fatalf("%d signatures did not verify", n)
	}
	if n := other.hits.Load(); n != 0 {
		t.Fatalf("the other coop's endpoint got %d requests for a vote it may not read", n)
	}

	// Redelivery: a DEAD delivery goes out again, once.
	rec.fail.Store(false)
	var redo struct {
		RedeliverWebhookDelivery struct{ State string }
	}
	c.As(w.Buddy.ID).MustDo(`mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { state } }`,
		map[string]any{"id": testkit.ID(d.ID)}, &redo)
	if !testkit.PollUntil(20*time.Second, func() bool {
		d, err := e.db.Client.WebhookDelivery.Get(sys, d.ID)
		return err == nil && d.State == webhookdelivery.StateDELIVERED
	}) {
		t.Fatal("redelivered delivery not DELIVERED")
	}
	got := rec.accepted()
	if len(got) != 1 {
		t.Fatalf("accepted %v, want one event", got)
	}
	for id, n := range got {
		if n != 1 || id != testkit.ID(d.EventID) {
			t.Fatalf("accepted %v, want event %s once", got, testkit.ID(d.EventID))
		}
	}
	p := rec.bodies[0]
	if p.Type != "VOTE_CAST" || p.ObjectID != testkit.ID(w.Proposal.ID) || p.CoopID != testkit.ID(w.Coop.ID) {
		t.Fatalf("payload %+v", p)
	}
	// A delivered one may be redelivered; one already on its way may not.
	res = c.As(w.Outsider.ID).Do(`mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { state } }`,
		map[string]any{"id": testkit.ID(d.ID)})
	testkit.OnlyError(t, res, "NOT_FOUND", "id")
	if n := testkit.Must(e.db.Client.WebhookDelivery.Query().Count(sys))(t); n != 1 {
		t.Fatalf("%d deliveries, want 1 (none for the other coop)", n)
	}
}

// TestWebhookTargetsRefused: without the operator's setting, URLs on
// loopback, private, link-local and metadata addresses and plain http are
// refused at registration, and nothing is written.
func TestWebhookTargetsRefused(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	for _, url := range []string{
		"http://hooks.example.org/x", "https://127.0.0.1/x", "https://[::1]/", "https://169.254.169.254/latest/meta-data",
		"https://10.1.2.3/", "https://192.168.0.1/", "https://[fd00::1]/", "https://100.64.0.1/", "https://2130706433/",
		"https://0x7f000001/", "https://localhost/", "https://user:pw@hooks.example.org/", "ftp://hooks.example.org/",
		"https://[::ffff:127.0.0.1]/",
	} {
		before := e.rowCounts()
		res := e.insider(w.world).Do(createEndpoint, map[string]any{"in": map[string]any{
			"coopID": testkit.ID(w.Coop.ID), "url": url, "eventTypes": []string{"VOTE_CAST"}}})
		testkit.OnlyError(t, res, "BAD_USER_INPUT", "url")
		testkit.NothingWritten(t, before, e.rowCounts())
	}
}

// TestNetworkWebhookEndpoint: a network's admins register its endpoints
// (a public address literal: nothing is looked up or sent); its other
// participants may not.
func TestNetworkWebhookEndpoint(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedLiveWorld(t, e)
	in := map[string]any{"in": map[string]any{"networkID": testkit.ID(w.Network.ID), "url": "https://93.184.216.34/cockpit",
		"eventTypes": []string{"PROPOSAL_OPENED", "PROPOSAL_CLOSED", "PROPOSAL_OPENED"}}}
	before := e.rowCounts()
	testkit.OnlyError(t, e.c.As(w.Voter.ID).Do(createEndpoint, in), "FORBIDDEN", "")
	testkit.NothingWritten(t, before, e.rowCounts())
	var out createdEndpoint
	e.insider(w.world).MustDo(createEndpoint, in, &out)
	if got := out.CreateWebhookEndpoint.Endpoint.EventTypes; len(got) != 2 || out.CreateWebhookEndpoint.Secret == "" {
		t.Fatalf("created %+v", out)
	}
	var rotated struct {
		RotateWebhookSecret struct{ Secret string }
	}
	e.insider(w.world).MustDo(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`,
		map[string]any{"id": out.CreateWebhookEndpoint.Endpoint.ID}, &rotated)
	if rotated.RotateWebhookSecret.Secret == "" || rotated.RotateWebhookSecret.Secret == out.CreateWebhookEndpoint.Secret {
		t.Fatal("rotation kept the secret")
	}
	var deleted struct{ DeleteWebhookEndpoint string }
	e.insider(w.world).MustDo(`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`,
		map[string]any{"id": out.CreateWebhookEndpoint.Endpoint.ID}, &deleted)
	if deleted.DeleteWebhookEndpoint != out.CreateWebhookEndpoint.Endpoint.ID {
		t.Fatalf("deleted %q", deleted.DeleteWebhookEndpoint)
	}
}
