// Package webhook delivers Cockpit's events to HTTPS endpoints that coops
// and networks register (issue 18, item 5).
//
// Every event a domain operation publishes (internal/events) is written to
// the transactional outbox (ent OutboxEvent) in the transaction of its
// change, with a delivery (WebhookDelivery) for each active endpoint whose
// owner may read it (Audience) and that asked for its type. After the
// commit a Dispatcher sends the deliveries, signed (Sign), retrying with
// exponential backoff until the endpoint answers 2xx or the attempts run
// out (DEAD). Delivery is at least once: receivers deduplicate by the
// event ID (the Cockpit-Event-Id header, the payload's id).
package webhook

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/outboxevent"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/ent/webhookendpoint"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/events"
)

// Type is an event type (GraphQL WebhookEventType).
type Type = webhookdelivery.EventType

// The event types.
const (
	ProposalOpened = webhookdelivery.EventTypePROPOSAL_OPENED
	ProposalClosed = webhookdelivery.EventTypePROPOSAL_CLOSED
	VoteCast       = webhookdelivery.EventTypeVOTE_CAST
	PathwayChanged = webhookdelivery.EventTypePATHWAY_CHANGED
	BudgetChanged  = webhookdelivery.EventTypeBUDGET_CHANGED
	TimeLogged     = webhookdelivery.EventTypeTIME_LOGGED
)

// TypeOf maps a live update to its outbox event type; ok is false for
// changes the outbox does not carry (comments, cache invalidations).
func TypeOf(e events.Event) (t Type, ok bool) {
	switch e.Topic.Kind {
	case events.Proposals, events.NetworkProposals:
		switch e.Change {
		case "OPENED":
			return ProposalOpened, true
		case "CLOSED":
			return ProposalClosed, true
		case "VOTE_CAST":
			return VoteCast, true
		}
	case events.Pathway:
		return PathwayChanged, true
	case events.ProjectBudget:
		switch e.Change {
		case "TIME_RECORDED":
			return TimeLogged, true
		case "SHARE_ADDED", "SHARE_CHANGED", "TOTAL_CHANGED", "PM_CHARGE_CHANGED":
			return BudgetChanged, true
		}
	}
	return "", false
}

// Owner is who registered an endpoint: a coop or a network.
type Owner struct {
	Coop, Network *int
}

// Audience is who may receive an event: the coops whose current members
// read it, or the network whose admins do.
type Audience struct {
	Coops   []int
	Network *int
}

// Facts are what deciding an event's audience needs besides the event:
// the membership's coop (pathway events), the project's lead coop and the
// coops holding a share in it (budget events).
type Facts struct {
	MembershipCoop int
	ProjectLead    int
	ShareCoops     []int
}

// AudienceOf decides who receives an event (the one place that does):
//   - a coop's proposals, votes and closes (topic: the coop, which includes
//     a network decision about that coop): that coop;
//   - a network's decisions: that network (its admins' endpoints);
//   - a membership's pathway: the membership's coop;
//   - a project's budget and time: the lead coop and every coop holding a
//     share (partners), whose members read the whole budget; freelancers
//     register no endpoints.
func AudienceOf(e events.Event, f Facts) Audience {
	switch e.Topic.Kind {
	case events.Proposals:
		return Audience{Coops: []int{e.Topic.ID}}
	case events.NetworkProposals:
		n := e.Topic.ID
		return Audience{Network: &n}
	case events.Pathway:
		if f.MembershipCoop != 0 {
			return Audience{Coops: []int{f.MembershipCoop}}
		}
	case events.ProjectBudget:
		var cs []int
		if f.ProjectLead != 0 {
			cs = append(cs, f.ProjectLead)
		}
		for _, c := range f.ShareCoops {
			if c != 0 && !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		slices.Sort(cs)
		return Audience{Coops: cs}
	}
	return Audience{}
}

// Includes reports whether an endpoint of o receives the audience's events.
func (a Audience) Includes(o Owner) bool {
	switch {
	case o.Coop != nil:
		return slices.Contains(a.Coops, *o.Coop)
	case o.Network != nil:
		return a.Network != nil && *a.Network == *o.Network
	}
	return false
}

// facts loads what AudienceOf needs for e, past the viewer's filters.
func facts(ctx context.Context, c *ent.Client, e events.Event) (Facts, error) {
	var f Facts
	switch e.Topic.Kind {
	case events.Pathway:
		m, err := c.Membership.Get(ctx, e.Topic.ID)
		if err != nil {
			return f, err
		}
		f.MembershipCoop = m.CoopID
	case events.ProjectBudget:
		p, err := c.Project.Get(ctx, e.Topic.ID)
		if err != nil {
			return f, err
		}
		f.ProjectLead = p.LeadCoopID
		cs, err := c.BudgetShare.Query().Where(budgetshare.ProjectID(p.ID), budgetshare.CoopIDNotNil()).
			Unique(true).Select(budgetshare.FieldCoopID).Ints(ctx)
		if err != nil {
			return f, err
		}
		f.ShareCoops = cs
	}
	return f, nil
}

// Record is the outbox writer (events.Recorder): it writes each event that
// has an outbox type, and its deliveries, in tx, stamps the event's Seq with
// its row's id, and wakes the dispatchers
// of this process once tx has committed.
func Record(ctx context.Context, tx *ent.Tx, evs []events.Event) error {
	c := tx.Client()
	sys := authz.SystemRead(context.WithoutCancel(ctx))
	w := authz.Under(sys, authz.RecordOutbox)
	now := clock.Now(ctx)
	for i, e := range evs {
		t, ok := TypeOf(e)
		if !ok {
			continue
		}
		f, err := facts(sys, c, e)
		if ent.IsNotFound(err) {
			// The topic's object is gone with the change: the event is
			// kept, with nobody to deliver it to.
			f, err = Facts{}, nil
		}
		if err != nil {
			return fmt.Errorf("outbox: %s %d: %w", e.Topic.Kind, e.Topic.ID, err)
		}
		a := AudienceOf(e, f)
		cr := c.OutboxEvent.Create().SetType(outboxevent.Type(t)).SetChange(e.Change).
			SetTopicKind(string(e.Topic.Kind)).SetTopicID(e.Topic.ID).SetOccurredAt(now)
		if e.Object != 0 {
			cr.SetObjectID(e.Object)
		}
		switch e.Topic.Kind {
		case events.Proposals:
			cr.SetCoopID(e.Topic.ID)
		case events.NetworkProposals:
			cr.SetNetworkID(e.Topic.ID)
		case events.Pathway:
			if f.MembershipCoop != 0 {
				cr.SetCoopID(f.MembershipCoop)
			}
		case events.ProjectBudget:
			cr.SetProjectID(e.Topic.ID)
			if f.ProjectLead != 0 {
				cr.SetCoopID(f.ProjectLead)
			}
		}
		ev, err := cr.Save(w)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		evs[i].Seq = int64(ev.ID) // the live event carries its outbox id (subscription replay)
		if len(a.Coops) == 0 && a.Network == nil {
			continue
		}
		q := c.WebhookEndpoint.Query().Where(webhookendpoint.Active(true))
		if a.Network != nil {
			q.Where(webhookendpoint.Or(webhookendpoint.CoopIDIn(a.Coops...), webhookendpoint.NetworkID(*a.Network)))
		} else {
			q.Where(webhookendpoint.CoopIDIn(a.Coops...))
		}
		eps, err := q.All(sys)
		if err != nil {
			return fmt.Errorf("outbox: endpoints: %w", err)
		}
		var ds []*ent.WebhookDeliveryCreate
		for _, ep := range eps {
			if !a.Includes(Owner{Coop: ep.CoopID, Network: ep.NetworkID}) || !slices.Contains(ep.EventTypes, string(t)) {
				continue
			}
			ds = append(ds, c.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(ev.ID).SetEventType(t).
				SetOccurredAt(now).SetState(webhookdelivery.StatePENDING).SetNextAttemptAt(now).SetCreatedAt(now))
		}
		if len(ds) > 0 {
			if err := c.WebhookDelivery.CreateBulk(ds...).Exec(w); err != nil {
				return fmt.Errorf("outbox: deliveries: %w", err)
			}
		}
	}
	return nil
}

// Recorder is the outbox writer internal/store installs in
// internal/events: Record in the transaction, Wake after its commit.
var Recorder = &events.Recorder{Record: Record, Committed: Wake}

// The dispatchers of this process wait on wakeCh; Wake closes it and puts
// a fresh one in its place.
var (
	wakeMu sync.Mutex
	wakeCh = make(chan struct{})
)

// Wake tells this process's dispatchers that deliveries are due.
func Wake() {
	wakeMu.Lock()
	close(wakeCh)
	wakeCh = make(chan struct{})
	wakeMu.Unlock()
}

func woken() <-chan struct{} {
	wakeMu.Lock()
	defer wakeMu.Unlock()
	return wakeCh
}
