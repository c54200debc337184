// Package subscription serves Cockpit's GraphQL subscriptions from the events the
// domain operations publish (internal/events). Every event is checked and
// resolved as the subscriber is now: the viewer is reloaded, access to the
// topic is checked again (a subscriber who lost it sees the subscription
// end) and the changed object is read through the privacy-filtered client
// (an object the subscriber may not read is not sent).
package subscription

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// ProposalChange is one proposalChanged event.
type ProposalChange struct {
	Kind     string
	Proposal *ent.Proposal
	// Comment is the comment added or edited (COMMENT_ADDED,
	// COMMENT_EDITED); nil for the other kinds.
	Comment *ent.ProposalComment
	// EventID is the event's outbox row (nil when the outbox does not keep it).
	EventID *int
}

// ProjectBudgetChange is one projectBudgetChanged event.
type ProjectBudgetChange struct {
	Kind    string
	Project *ent.Project
	// Share is the share concerned; nil for a change of the total.
	Share *ent.BudgetShare
	// EventID is the event's outbox row (nil when the outbox does not keep it).
	EventID *int
}

// Service streams live updates. Build it once with the shared client, the
// broker and the governance service that describes pathways.
type Service struct {
	Client     *ent.Client
	Events     events.Broker
	Governance *governance.Service
}

// PathwayChanged streams the membership's pathway after every change. Who
// may read the membership (the person, their coop's members) may subscribe.
// A pathway is a snapshot of the whole state, so a resume sends it once for
// all the events missed (see snapshot in watch).
func (svc *Service) PathwayChanged(ctx context.Context, membershipID int, after *int) (<-chan *governance.Pathway, error) {
	c, b := svc.Client, svc.Events
	access := func(ctx context.Context) error {
		_, err := c.Membership.Get(ctx, membershipID)
		return err
	}
	return watch(ctx, c, b, events.Topic{Kind: events.Pathway, ID: membershipID}, resume{after: after, snapshot: true}, access,
		func(ctx context.Context, e events.Event) (*governance.Pathway, error) {
			p, err := svc.Governance.Describe(ctx, c, membershipID)
			if err != nil {
				return nil, err
			}
			p.EventID = eventID(e)
			return p, nil
		})
}

// ProposalChanged streams the coop's proposals as they open, get votes and
// comments, and close; each subscriber receives only the proposals (and
// comments) they may read (members: all; a candidate: their own admission).
func (svc *Service) ProposalChanged(ctx context.Context, coopID int, after *int) (<-chan *ProposalChange, error) {
	c, b := svc.Client, svc.Events
	access := func(ctx context.Context) error {
		_, err := c.Coop.Get(ctx, coopID)
		return err
	}
	return watch(ctx, c, b, events.Topic{Kind: events.Proposals, ID: coopID}, resume{after: after}, access,
		func(ctx context.Context, e events.Event) (*ProposalChange, error) { return proposalChange(ctx, c, e) })
}

// proposalChange resolves an event of a proposals topic (a coop's or a
// network's) as the subscriber, who receives only what they may read.
func proposalChange(ctx context.Context, c *ent.Client, e events.Event) (*ProposalChange, error) {
	if e.Change == governance.CommentAdded || e.Change == governance.CommentEdited {
		return commentChange(ctx, c, e)
	}
	p, err := c.Proposal.Get(ctx, e.Object)
	if err != nil {
		return nil, err
	}
	return &ProposalChange{Kind: e.Change, Proposal: p, EventID: eventID(e)}, nil
}

// commentChange resolves a change of a proposal's discussion, whose object
// is the comment: read as the subscriber, so only those who may read the
// proposal receive it.
func commentChange(ctx context.Context, c *ent.Client, e events.Event) (*ProposalChange, error) {
	cm, err := c.ProposalComment.Get(ctx, e.Object)
	if err != nil {
		return nil, err
	}
	p, err := c.Proposal.Get(ctx, cm.ProposalID)
	if err != nil {
		return nil, err
	}
	return &ProposalChange{Kind: e.Change, Proposal: p, Comment: cm, EventID: eventID(e)}, nil
}

// ProjectBudgetChanged streams changes of the project's budget: shares
// added or resized, time recorded, the total changed. A subscriber receives
// the changes of shares they may read (a freelancer: their own share) and
// of the total.
func (svc *Service) ProjectBudgetChanged(ctx context.Context, projectID int, after *int) (<-chan *ProjectBudgetChange, error) {
	c, b := svc.Client, svc.Events
	access := func(ctx context.Context) error {
		_, err := c.Project.Get(ctx, projectID)
		return err
	}
	return watch(ctx, c, b, events.Topic{Kind: events.ProjectBudget, ID: projectID}, resume{after: after}, access,
		func(ctx context.Context, e events.Event) (*ProjectBudgetChange, error) {
			p, err := c.Project.Get(ctx, projectID)
			if err != nil {
				return nil, err
			}
			ch := &ProjectBudgetChange{Kind: e.Change, Project: p, EventID: eventID(e)}
			if e.Object != 0 {
				if ch.Share, err = c.BudgetShare.Get(ctx, e.Object); err != nil {
					return nil, err
				}
			}
			return ch, nil
		})
}

// resume is where a subscription starts: live only (after nil), or after
// an outbox event.
type resume struct {
	after *int
	// snapshot: the payload is the topic's whole current state, so of the
	// missed events only the newest is sent (resolving each would send
	// the same state several times).
	snapshot bool
}

// watch subscribes to topic after checking access, and turns each event into
// a payload with resolve, both as the subscriber is at that moment. With
// from.after, the topic's events since that outbox event are sent first
// (replay.go). The returned channel closes when ctx ends, the broker
// closes, or the subscriber loses access to the topic.
func watch[T any](ctx context.Context, c *ent.Client, b events.Broker, topic events.Topic, from resume,
	access func(context.Context) error, resolve func(context.Context, events.Event) (T, error)) (<-chan T, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return nil, apperr.New(apperr.Unauthenticated, "sign in to subscribe")
	}
	if b == nil {
		return nil, apperr.New(apperr.Internal, "live updates are not configured")
	}
	if err := access(ctx); err != nil {
		return nil, err
	}
	// The subscription's payloads are marshaled with its operation's
	// context; a Replaceable viewer there (see server) follows the reloads below.
	lv := viewer.ReplaceableFromContext(ctx)
	in, cancel := b.Subscribe(topic)
	// Subscribed first, then the outbox is read: an event committed
	// meanwhile is in both, and sent once (replayed skips it live).
	missed, err := since(ctx, c, topic, from.after)
	if err != nil {
		cancel()
		return nil, err
	}
	replayed := make(map[int64]bool, len(missed))
	for _, e := range missed {
		replayed[e.Seq] = true
	}
	if from.snapshot && len(missed) > 1 {
		missed = missed[len(missed)-1:]
	}
	out := make(chan T)
	go func() {
		defer close(out)
		defer cancel()
		for {
			var e events.Event
			if len(missed) > 0 {
				e, missed = missed[0], missed[1:]
			} else {
				select {
				case <-ctx.Done():
					return
				case ev, ok := <-in:
					if !ok {
						return
					}
					e = ev
				}
				if e.Seq != 0 && replayed[e.Seq] {
					continue // sent from the outbox already
				}
			}
			fresh, err := authz.LoadViewer(ctx, c, v.PersonID)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				continue // the database is away for a moment: skip this event
			}
			vctx := viewer.NewContext(ctx, fresh)
			if err := access(vctx); err != nil {
				if ent.IsNotFound(err) {
					return // access lost: the subscription ends
				}
				continue
			}
			payload, err := resolve(vctx, e)
			if err != nil {
				continue // not readable for this subscriber (or gone): not sent
			}
			if lv != nil {
				lv.Set(fresh)
			}
			select {
			case out <- payload:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
