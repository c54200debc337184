package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/outboxevent"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/webhook/target"
)

// Options configure the Dispatcher. Zero values take the defaults.
type Options struct {
	// Targets is the operator's SSRF setting, checked again on every
	// connection.
	Targets target.Policy
	// Timeout bounds one attempt: connecting, sending and the answer's
	// headers (default 10 s).
	Timeout time.Duration
	// BackoffBase is the wait after the first failed attempt; it doubles
	// with every further failure (default 30 s) up to BackoffMax (default
	// 1 h), with jitter (each wait is between half and all of it).
	BackoffBase, BackoffMax time.Duration
	// MaxAttempts: a delivery whose attempts all failed is DEAD (default 8:
	// about 2 hours of retries with the defaults).
	MaxAttempts int
	// PollInterval: how often due retries are looked for (default 5 s);
	// new events wake the dispatcher at once.
	PollInterval time.Duration
	// Retention: outbox events and their deliveries older than this are
	// pruned (default 30 days).
	Retention time.Duration
	// Concurrency: how many deliveries are sent at once (default 4).
	Concurrency int
	Clock       clock.Clock
	Logger      *slog.Logger
	// Jitter turns a backoff into the wait used (default: a random wait
	// between half and all of it). Tests make it exact.
	Jitter func(time.Duration) time.Duration
}

// Defaults of Options.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultBackoffBase  = 30 * time.Second
	DefaultBackoffMax   = time.Hour
	DefaultMaxAttempts  = 8
	DefaultPollInterval = 5 * time.Second
	DefaultRetention    = 30 * 24 * time.Hour
)

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = DefaultBackoffBase
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = DefaultBackoffMax
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.Clock == nil {
		o.Clock = clock.System{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration {
			half := d / 2
			if half <= 0 {
				return d
			}
			return half + rand.N(d-half+1)
		}
	}
	return o
}

// Backoff is the wait after the attempts-th failed attempt, before jitter.
func (o Options) Backoff(attempts int) time.Duration {
	o = o.withDefaults()
	d := o.BackoffBase
	for i := 1; i < attempts && d < o.BackoffMax; i++ {
		d *= 2
	}
	return min(d, o.BackoffMax)
}

// Dispatcher sends due deliveries. Any number of replicas may run one on
// the same database: a delivery is claimed in a short transaction (on
// PostgreSQL with SELECT … FOR UPDATE SKIP LOCKED), which moves its next
// attempt past the attempt's timeout, so one replica sends it; if that
// replica dies mid-attempt, the claim runs out and another sends it again
// (at least once).
type Dispatcher struct {
	c    *ent.Client
	o    Options
	http *http.Client
}

// NewDispatcher returns a dispatcher of c's deliveries.
func NewDispatcher(c *ent.Client, o Options) *Dispatcher {
	o = o.withDefaults()
	return &Dispatcher{c: c, o: o, http: o.Targets.Client(o.Timeout)}
}

// Run sends deliveries as they become due until ctx ends: at once when
// this process commits events (Wake), else every PollInterval. It prunes
// the outbox at start and then hourly.
func (d *Dispatcher) Run(ctx context.Context) {
	var lastPrune time.Time
	for {
		if ctx.Err() != nil {
			return
		}
		wake := woken()
		if time.Since(lastPrune) > time.Hour {
			if _, err := d.Prune(ctx); err != nil && ctx.Err() == nil {
				d.o.Logger.ErrorContext(ctx, "webhooks: pruning the outbox failed", "error", err.Error())
			}
			lastPrune = time.Now()
		}
		if _, err := d.DispatchDue(ctx); err != nil && ctx.Err() == nil {
			d.o.Logger.ErrorContext(ctx, "webhooks: dispatching failed", "error", err.Error())
		}
		t := time.NewTimer(d.o.PollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// claimed is a delivery this dispatcher took for one attempt.
type claimed struct {
	d        *ent.WebhookDelivery
	attempts int
}

// DispatchDue sends every delivery due now, in batches, and returns how
// many attempts it made.
func (d *Dispatcher) DispatchDue(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		batch, err := d.claim(ctx)
		if err != nil || len(batch) == 0 {
			return n, err
		}
		var wg sync.WaitGroup
		sem := make(chan struct{}, d.o.Concurrency)
		for _, cl := range batch {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				d.attempt(ctx, cl)
			}()
		}
		wg.Wait()
		n += len(batch)
	}
	return n, ctx.Err()
}

// claim takes up to a batch of due deliveries for one attempt each.
func (d *Dispatcher) claim(ctx context.Context) ([]claimed, error) {
	now := d.o.Clock.Now()
	sys := authz.SystemRead(ctx)
	tx, err := d.c.Tx(sys)
	if err != nil {
		return nil, err
	}
	rows, err := tx.WebhookDelivery.Query().
		Where(webhookdelivery.StateIn(webhookdelivery.StatePENDING, webhookdelivery.StateFAILED),
			webhookdelivery.NextAttemptAtLTE(now)).
		Order(webhookdelivery.ByNextAttemptAt(), webhookdelivery.ByID()).
		Limit(4 * d.o.Concurrency).
		Modify(domainop.LockRowsSkipLocked).All(sys)
	if err != nil {
		return nil, rollback(tx, err)
	}
	w := authz.Under(sys, authz.DeliverWebhooks)
	// The claim: nobody else takes it until the attempt had its time
	// (twice its timeout: a dispatcher killed mid-attempt delays the
	// delivery by that much, then another sends it).
	until := now.Add(2 * d.o.Timeout)
	out := make([]claimed, 0, len(rows))
	for _, r := range rows {
		if err := tx.WebhookDelivery.UpdateOneID(r.ID).AddAttempts(1).SetLastAttemptAt(now).SetNextAttemptAt(until).Exec(w); err != nil {
			return nil, rollback(tx, err)
		}
		out = append(out, claimed{d: r, attempts: r.Attempts + 1})
	}
	return out, tx.Commit()
}

func rollback(tx *ent.Tx, err error) error {
	_ = tx.Rollback()
	return err
}

// Payload is the JSON body of a delivery: a thin event. Receivers fetch
// the details they need with their own token.
type Payload struct {
	// ID is the event's ID: the same on every attempt; deduplicate by it.
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	OccurredAt time.Time `json:"occurredAt"`
	// CoopID or NetworkID: the endpoint's owner.
	CoopID    string `json:"coopId,omitempty"`
	NetworkID string `json:"networkId,omitempty"`
	// ObjectID is the changed object (proposal, budget share, membership).
	ObjectID string `json:"objectId"`
	// TopicID is what the object belongs to (the coop, network, project or
	// membership whose subscription carries the event), TopicKind its kind.
	TopicID   string `json:"topicId"`
	TopicKind string `json:"topicKind"`
	// Change is the finer change (e.g. SHARE_ADDED for BUDGET_CHANGED).
	Change string `json:"change,omitempty"`
}

// PayloadOf builds the body sent to ep for ev.
func PayloadOf(ev *ent.OutboxEvent, ep *ent.WebhookEndpoint) Payload {
	p := Payload{ID: gid.Encode(ev.ID), Type: string(ev.Type), OccurredAt: ev.OccurredAt.UTC(),
		TopicID: gid.Encode(ev.TopicID), TopicKind: ev.TopicKind, Change: ev.Change, ObjectID: gid.Encode(ev.TopicID)}
	if ev.ObjectID != nil {
		p.ObjectID = gid.Encode(*ev.ObjectID)
	}
	if ep.CoopID != nil {
		p.CoopID = gid.Encode(*ep.CoopID)
	}
	if ep.NetworkID != nil {
		p.NetworkID = gid.Encode(*ep.NetworkID)
	}
	return p
}

// attempt sends one claimed delivery and records the outcome.
func (d *Dispatcher) attempt(ctx context.Context, cl claimed) {
	sys := authz.SystemRead(ctx)
	ep, err := d.c.WebhookEndpoint.Get(sys, cl.d.EndpointID)
	if ent.IsNotFound(err) {
		return // deleted with its endpoint
	}
	if err != nil {
		d.record(ctx, cl, nil, fmt.Errorf("loading the endpoint: %w", err), false)
		return
	}
	if !ep.Active {
		d.record(ctx, cl, nil, fmt.Errorf("the endpoint is inactive"), true)
		return
	}
	ev, err := d.c.OutboxEvent.Query().Where(outboxevent.ID(cl.d.EventID)).Only(sys)
	if ent.IsNotFound(err) {
		d.record(ctx, cl, nil, fmt.Errorf("the event was pruned"), true)
		return
	}
	if err != nil {
		d.record(ctx, cl, nil, fmt.Errorf("loading the event: %w", err), false)
		return
	}
	body, _ := json.Marshal(PayloadOf(ev, ep))
	now := d.o.Clock.Now()
	rctx, cancel := context.WithTimeout(ctx, d.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		d.record(ctx, cl, nil, fmt.Errorf("bad URL"), true)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Cockpit-Webhooks/1")
	req.Header.Set(HeaderEventID, gid.Encode(ev.ID))
	req.Header.Set(HeaderEventType, string(ev.Type))
	req.Header.Set(HeaderDelivery, gid.Encode(cl.d.ID))
	req.Header.Set(HeaderTimestamp, now.UTC().Format(time.RFC3339))
	req.Header.Set(HeaderSignature, Sign(ep.Secret, now, body))
	resp, err := d.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return // shutting down: the claim runs out and the attempt is made again
		}
		d.record(ctx, cl, nil, err, false)
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	status := resp.StatusCode
	if status >= 200 && status < 300 {
		d.record(ctx, cl, &status, nil, false)
		return
	}
	d.record(ctx, cl, &status, fmt.Errorf("HTTP %d", status), false)
}

// record writes an attempt's outcome, unless the delivery changed since it
// was claimed (a redelivery). final makes a failure DEAD at once.
func (d *Dispatcher) record(ctx context.Context, cl claimed, status *int, failure error, final bool) {
	now := d.o.Clock.Now()
	w := authz.Under(authz.SystemRead(context.WithoutCancel(ctx)), authz.DeliverWebhooks)
	u := d.c.WebhookDelivery.Update().Where(webhookdelivery.ID(cl.d.ID), webhookdelivery.Attempts(cl.attempts),
		webhookdelivery.StateIn(webhookdelivery.StatePENDING, webhookdelivery.StateFAILED)).
		SetNillableLastStatus(status)
	if status == nil {
		u.ClearLastStatus()
	}
	switch {
	case failure == nil:
		u.SetState(webhookdelivery.StateDELIVERED).ClearNextAttemptAt().SetDeliveredAt(now).ClearLastError()
	case final || cl.attempts >= d.o.MaxAttempts:
		u.SetState(webhookdelivery.StateDEAD).ClearNextAttemptAt().SetLastError(truncate(failure.Error()))
	default:
		u.SetState(webhookdelivery.StateFAILED).SetNextAttemptAt(now.Add(d.o.Jitter(d.o.Backoff(cl.attempts)))).
			SetLastError(truncate(failure.Error()))
	}
	if _, err := u.Save(w); err != nil {
		d.o.Logger.ErrorContext(ctx, "webhooks: recording an attempt failed", "delivery", cl.d.ID, "error", err.Error())
	}
}

func truncate(s string) string {
	if len(s) > 500 {
		return s[:497] + "..."
	}
	return s
}

// Prune deletes outbox events older than the retention period, with their
// deliveries, and returns how many events it deleted.
func (d *Dispatcher) Prune(ctx context.Context) (int, error) {
	cut := d.o.Clock.Now().Add(-d.o.Retention)
	w := authz.Under(authz.SystemRead(ctx), authz.PruneOutbox)
	if _, err := d.c.WebhookDelivery.Delete().Where(webhookdelivery.OccurredAtLT(cut)).Exec(w); err != nil {
		return 0, err
	}
	return d.c.OutboxEvent.Delete().Where(outboxevent.OccurredAtLT(cut)).Exec(w)
}
