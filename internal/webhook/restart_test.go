package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/outboxevent"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"github.com/coopnetwork/cockpit/internal/webhook"
	"github.com/coopnetwork/cockpit/internal/webhook/target"
)

const childDB = "COCKPIT_WEBHOOK_CHILD_DB"

// TestDispatcherChildProcess is the dispatcher process of
// TestDeliverySurvivesKill; it runs only when that test starts it.
func TestDispatcherChildProcess(t *testing.T) {
	u := os.Getenv(childDB)
	if u == "" {
		t.Skip("started by TestDeliverySurvivesKill only")
	}
	db, err := store.Open(context.Background(), u, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	webhook.NewDispatcher(db.Client, webhook.Options{
		Targets:     target.Policy{AllowPrivate: true, AllowHTTP: true},
		BackoffBase: 10 * time.Millisecond, BackoffMax: 40 * time.Millisecond, MaxAttempts: 10_000,
		PollInterval: 10 * time.Millisecond, Timeout: time.Second,
	}).Run(context.Background()) // until killed
}

// TestDeliverySurvivesKill: deliveries are retrying (the receiver fails)
// when the dispatcher's process is killed with SIGKILL; a new process on
// the same database delivers every event once the receiver recovers: none
// is lost, and the receiver, deduplicating by event ID, accepts each once.
func TestDeliverySurvivesKill(t *testing.T) {
	if os.Getenv(childDB) != "" {
		t.Skip("the child process runs TestDispatcherChildProcess only")
	}
	u := testkit.NewDatabaseURL(t)
	ctx := context.Background()
	db, err := store.Open(ctx, u, testkit.StoreOptions(store.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var (
		fail            atomic.Bool
		attempts        atomic.Int64
		mu              sync.Mutex
		accepted        = map[string]int{} // event ID -> times the success handler ran
		seenSuccessfuls = map[string]bool{}
	)
	fail.Store(true)
	secret := webhook.NewSecret()
	rec := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		body, _ := io.ReadAll(r.Body)
		if webhook.Verify(secret, r.Header.Get(webhook.HeaderSignature), body, time.Now()) != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if fail.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		id := r.Header.Get(webhook.HeaderEventID)
		mu.Lock()
		defer mu.Unlock()
		if !seenSuccessfuls[id] { // dedupe by event ID
			seenSuccessfuls[id] = true
			accepted[id]++
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer rec.Close()

	sys := authz.SystemRead(ctx)
	ep := testkit.Must(db.Client.WebhookEndpoint.Create().SetCoopID(1).SetURL(rec.URL).SetEventTypes([]string{"VOTE_CAST"}).
		SetSecret(secret).Save(authz.Under(sys, authz.ManageWebhooks)))(t)
	const n = 5
	now := time.Now()
	w := authz.Under(sys, authz.RecordOutbox)
	for i := 0; i < n; i++ {
		ev := testkit.Must(db.Client.OutboxEvent.Create().SetType(outboxevent.TypeVOTE_CAST).SetTopicKind("proposals").
			SetTopicID(1).SetObjectID(100 + i).SetCoopID(1).SetOccurredAt(now).Save(w))(t)
		testkit.Must(db.Client.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(ev.ID).SetEventType("VOTE_CAST").
			SetOccurredAt(now).SetNextAttemptAt(now).Save(w))(t)
	}
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDispatcherChildProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), childDB+"="+u)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd
	}
	first := start()
	// Every delivery is retrying: failed at least twice.
	if !testkit.PollUntil(60*time.Second, func() bool {
		c, err := db.Client.WebhookDelivery.Query().Where(webhookdelivery.AttemptsGTE(2), webhookdelivery.StateEQ(webhookdelivery.StateFAILED)).Count(sys)
		return err == nil && c == n
	}) {
		t.Fatal("deliveries are not retrying")
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = first.Wait()
	fail.Store(false)
	start()
	if !testkit.PollUntil(60*time.Second, func() bool {
		c, err := db.Client.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StateDELIVERED)).Count(sys)
		return err == nil && c == n
	}) {
		ds, _ := db.Client.WebhookDelivery.Query().All(sys)
		t.Fatalf("not every delivery was delivered after the restart: %+v", ds)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(accepted) != n {
		t.Fatalf("receiver accepted %d events, want %d: %v", len(accepted), n, accepted)
	}
	for id, k := range accepted {
		if k != 1 {
			t.Fatalf("event %s accepted %d times", id, k)
		}
	}
	if attempts.Load() < 2*n { // at least one failure and one success each
		t.Fatalf("only %d attempts", attempts.Load())
	}
}
