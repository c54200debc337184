package subscription

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/migrate"
	"github.com/coopnetwork/cockpit/ent/outboxevent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/events"
)

// ReplayLimit is how many missed events a subscription resumes with; a
// client further behind refetches the state and subscribes again.
const ReplayLimit = 1000

// eventID is the payload's eventId: the event's outbox row, nil when the
// outbox does not keep it.
func eventID(e events.Event) *int {
	if e.Seq == 0 {
		return nil
	}
	id := int(e.Seq)
	return &id
}

// isOutboxID reports whether id is in the outbox's range of global IDs.
func isOutboxID(id int) bool {
	start := migrate.OutboxEventsTable.Annotation.IncrementStart
	return start != nil && id > 0 && id>>32 == *start>>32
}

// since returns the topic's events kept in the transactional outbox after
// the outbox event after, in the order they were written (nil without
// after). The outbox is read past the viewer's filters (nobody reads it
// through the API); each event is then resolved as the subscriber, like a
// live one, so what they may not read is not sent. Events pruned by the
// retention sweep are gone.
func since(ctx context.Context, c *ent.Client, topic events.Topic, after *int) ([]events.Event, error) {
	if after == nil {
		return nil, nil
	}
	if !isOutboxID(*after) {
		return nil, apperr.InvalidField("after", "not an eventId of a subscription payload")
	}
	rows, err := c.OutboxEvent.Query().
		Where(outboxevent.TopicKind(string(topic.Kind)), outboxevent.TopicID(topic.ID), outboxevent.IDGT(*after)).
		Order(ent.Asc(outboxevent.FieldID)).Limit(ReplayLimit + 1).
		All(authz.SystemRead(ctx))
	if err != nil {
		return nil, err
	}
	if len(rows) > ReplayLimit {
		return nil, apperr.New(apperr.Conflict, "more than %d events since after: refetch the state and subscribe without after", ReplayLimit)
	}
	evs := make([]events.Event, len(rows))
	for i, r := range rows {
		evs[i] = events.Event{Topic: topic, Change: r.Change, Seq: int64(r.ID)}
		if r.ObjectID != nil {
			evs[i].Object = *r.ObjectID
		}
	}
	return evs, nil
}
