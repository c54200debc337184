package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// Postgres sends events through PostgreSQL's LISTEN/NOTIFY so that every
// replica on the database receives them: Publish NOTIFYs, and a lib/pq
// listener on each replica hands what arrives to a Local broker. The channel
// is named after the current schema, so deployments (and tests) sharing a
// database in separate schemas do not hear each other.
type Postgres struct {
	*Local
	db       *sql.DB
	channel  string
	listener *pq.Listener
	done     chan struct{}
	wg       sync.WaitGroup
	log      *slog.Logger
	// epoch counts the listener's disconnections and reconnections;
	// listening is whether it is connected now (Continuity).
	epoch     atomic.Uint64
	listening atomic.Bool
}

// channelSQL computes the channel of the current schema: "cockpit_events",
// or "cockpit_events_<schema>" with anything but [a-z0-9_] replaced, at
// most 63 characters. The listener and NotifyQuery (a NOTIFY sent inside a
// transaction, by any process) both use it.
const channelSQL = `left('cockpit_events' || CASE WHEN current_schema() = 'public' THEN '' ` +
	`ELSE '_' || regexp_replace(current_schema(), '[^a-z0-9_]', '_', 'g') END, 63)`

// NotifyQuery returns the statement and arguments that NOTIFY evs on
// PostgreSQL: run inside a transaction, they are delivered to every replica
// when it commits, and dropped when it rolls back.
func NotifyQuery(evs []Event) (string, []any, error) {
	payload, err := json.Marshal(evs)
	if err != nil {
		return "", nil, err
	}
	return `SELECT pg_notify(` + channelSQL + `, $1)`, []any{string(payload)}, nil
}

// NewPostgres listens on dsn: the database URL the pool db was opened with,
// or a direct connection to the same database when the pool goes through a
// transaction-mode pooler (PgBouncer), where LISTEN does not work. NOTIFY
// goes through the pool, inside the writing transaction.
func NewPostgres(ctx context.Context, db *sql.DB, dsn string, logger *slog.Logger) (*Postgres, error) {
	if logger == nil {
		logger = slog.Default()
	}
	var channel string
	if err := db.QueryRowContext(ctx, `SELECT `+channelSQL).Scan(&channel); err != nil {
		return nil, fmt.Errorf("events: reading the current schema: %w", err)
	}
	if err := sameChannel(ctx, dsn, channel); err != nil {
		return nil, err
	}
	p := &Postgres{Local: NewLocal(), db: db, channel: channel, done: make(chan struct{}), log: logger}
	p.listener = pq.NewListener(dsn, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventDisconnected:
			p.listening.Store(false)
			p.epoch.Add(1)
		case pq.ListenerEventReconnected:
			p.epoch.Add(1)
			p.listening.Store(true)
		}
		if err != nil {
			// Never log the DSN: it carries the password.
			logger.Warn("events: PostgreSQL listener", "event", int(ev), "err", err)
		}
	})
	if err := p.listener.Listen(channel); err != nil {
		p.listener.Close()
		return nil, fmt.Errorf("events: LISTEN: %w", err)
	}
	p.listening.Store(true)
	p.wg.Add(1)
	go p.receive()
	return p, nil
}

// Publish NOTIFYs evs; PostgreSQL delivers them to every listening replica,
// this one included.
func (p *Postgres) Publish(ctx context.Context, evs []Event) error {
	// A NOTIFY payload is limited to 8000 bytes; events are a few dozen,
	// so they are sent in small batches.
	for start := 0; start < len(evs); start += 50 {
		end := min(start+50, len(evs))
		payload, err := json.Marshal(evs[start:end])
		if err != nil {
			return err
		}
		if _, err := p.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, p.channel, string(payload)); err != nil {
			return fmt.Errorf("events: NOTIFY: %w", err)
		}
	}
	return nil
}

func (p *Postgres) receive() {
	defer p.wg.Done()
	for {
		select {
		case <-p.done:
			return
		case n, ok := <-p.listener.Notify:
			if !ok {
				return
			}
			if n == nil {
				// The connection was re-established; events sent
				// meanwhile are lost (subscribers see the next one).
				continue
			}
			var evs []Event
			if err := json.Unmarshal([]byte(n.Extra), &evs); err != nil {
				p.log.Warn("events: malformed notification", "err", err)
				continue
			}
			p.dispatch(evs)
		}
	}
}

// Continuity implements Continuity.
func (p *Postgres) Continuity() (epoch uint64, listening bool) {
	return p.epoch.Load(), p.listening.Load()
}

// Close stops listening and ends every subscription.
func (p *Postgres) Close() error {
	p.listening.Store(false)
	close(p.done)
	err := p.listener.Close()
	p.wg.Wait()
	p.Local.Close()
	return err
}

// sameChannel checks that the listen URL dsn reaches the schema the pool
// writes to: a listener on another schema's channel would hear no event
// (and a per-replica cache would never be flushed).
func sameChannel(ctx context.Context, dsn, channel string) error {
	direct, err := sql.Open("postgres", dsn)
	if err != nil {
		return fmt.Errorf("events: listen URL: %w", err)
	}
	defer direct.Close()
	var got string
	if err := direct.QueryRowContext(ctx, `SELECT `+channelSQL).Scan(&got); err != nil {
		return fmt.Errorf("events: connecting on the listen URL: %w", err)
	}
	if got != channel {
		return fmt.Errorf("events: the listen URL reaches channel %q but the database URL %q: they must name the same database and schema (search_path)", got, channel)
	}
	return nil
}
