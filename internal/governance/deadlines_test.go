package governance_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Deadlines act by themselves (issue 15, item 7): governance.CloseDue, the
// deadline worker's sweep, closes what is due with the members' close, once,
// even when several replicas sweep at the same moment.

// dlBroker records the live updates a sweep publishes.
type dlBroker struct {
	mu  sync.Mutex
	evs []events.Event
}

func (b *dlBroker) Publish(_ context.Context, evs []events.Event) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.evs = append(b.evs, evs...)
	return nil
}

func (b *dlBroker) Subscribe(events.Topic) (<-chan events.Event, func()) {
	ch := make(chan events.Event)
	close(ch)
	return ch, func() {}
}

func (b *dlBroker) Close() error { return nil }

// closed returns how often each proposal was announced CLOSED.
func (b *dlBroker) closed() map[int]int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := map[int]int{}
	for _, ev := range b.evs {
		if ev.Topic.Kind == events.Proposals && ev.Change == governance.ProposalClosed {
			n[ev.Object]++
		}
	}
	return n
}

// dlLog records what a sweep logs.
type dlLog struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *dlLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *dlLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Clone())
	return nil
}
func (l *dlLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *dlLog) WithGroup(string) slog.Handler      { return l }

// errors returns the error records as "message key=value ...".
func (l *dlLog) errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.records {
		if r.Level < slog.LevelError {
			continue
		}
		s := r.Message
		r.Attrs(func(a slog.Attr) bool { s += " " + a.String(); return true })
		out = append(out, s)
	}
	return out
}

// dlSweeper is one replica's deadline worker: its own database connection,
// broker and log, the test's clock.
type dlSweeper struct {
	svc    *governance.Service
	client *ent.Client
	broker *dlBroker
	log    *dlLog
}

func (e *gtEnv) sweeper(db *store.DB) *dlSweeper {
	b, l := &dlBroker{}, &dlLog{}
	return &dlSweeper{svc: &governance.Service{Env: domainop.Env{Events: b, Clock: e.clk}}, client: db.Client, broker: b, log: l}
}

// sweep runs one sweep and returns the IDs it closed.
func (s *dlSweeper) sweep(t testing.TB) []int {
	t.Helper()
	closed, err := s.svc.CloseDue(context.Background(), s.client, slog.New(s.log))
	if err != nil {
		t.Fatalf("CloseDue: %v", err)
	}
	ids := make([]int, len(closed))
	for i, c := range closed {
		ids[i] = c.Proposal.ID
	}
	slices.Sort(ids)
	return ids
}

func dlIDs(t testing.TB, ps ...gtProposalJSON) []int {
	ids := make([]int, len(ps))
	for i, p := range ps {
		ids[i] = testkit.DecodeID(t, p.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestDeadlineSweepClosesDueProposals: a sweep closes exactly the OPEN
// proposals whose closesAt has passed, as a member's close after the
// deadline would (same status and reason, the admission's effect with the
// pathway event naming the proposal and no actor), announces each once, and
// a second sweep finds nothing to do.
func TestDeadlineSweepClosesDueProposals(t *testing.T) {
	e := gtNewEnv(t)
	s := e.sweeper(e.db)
	c := e.coop("SIMPLE_MAJORITY", 50, 3)
	_, ms := e.readyCandidate(c, gtReady{})
	admission := e.propose(c, "ADMISSION", ms)
	e.votes(c, admission.ID, "YES", "YES")
	rejected := e.propose(c, "GENERAL", nil)
	e.votes(c, rejected.ID, "NO", "NO", "YES")
	twin := e.propose(c, "GENERAL", nil) // closed by a member after the deadline
	e.votes(c, twin.ID, "NO", "NO", "YES")
	noQuorum := e.propose(c, "GENERAL", nil)
	e.votes(c, noQuorum.ID, "YES")
	e.clk.AdvanceDays(1)
	later := e.propose(c, "GENERAL", nil) // closes a day after the others
	eventsBefore := e.eventCount(ms.ID)

	if got := s.sweep(t); len(got) != 0 {
		t.Fatalf("a sweep before any deadline closed %v", got)
	}
	e.clk.Advance(time.Duration(gtProposalLength-1)*24*time.Hour + time.Minute)
	closed := e.closeOK(c, twin.ID)
	if got, want := s.sweep(t), dlIDs(t, admission, rejected, noQuorum); !slices.Equal(got, want) {
		t.Fatalf("the sweep closed %v, want %v (the due proposals but the one a member closed)", got, want)
	}

	for _, tc := range []struct {
		name   string
		p      gtProposalJSON
		status string
		reason string
	}{
		{"admission passed", admission, "PASSED", ""},
		{"general rejected", rejected, "REJECTED", closed.Outcome.Reason},
		{"quorum missed", noQuorum, "REJECTED", "quorum missed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row := e.proposalRow(testkit.DecodeID(t, tc.p.ID))
			if string(row.Status) != tc.status || row.ClosedAt == nil || !row.ClosedAt.Equal(e.clk.Now()) {
				t.Errorf("status %s closed at %v, want %s at %s", row.Status, row.ClosedAt, tc.status, e.clk.Now())
			}
			if !strings.Contains(testkit.Deref(row.CloseReason), tc.reason) {
				t.Errorf("close reason %q, want %q (as a member's close)", testkit.Deref(row.CloseReason), tc.reason)
			}
		})
	}
	if got := e.proposalRow(testkit.DecodeID(t, later.ID)).Status; got != proposal.StatusOPEN {
		t.Errorf("the proposal closing tomorrow is %s, want OPEN", got)
	}
	if got := e.reload(ms.ID).State; got != "MEMBER" {
		t.Errorf("the admitted candidate is %s, want MEMBER", got)
	}
	if n := e.eventCount(ms.ID); n != eventsBefore+1 {
		t.Fatalf("%d pathway events, want %d", n, eventsBefore+1)
	}
	ev := e.lastEvent(ms.ID)
	admissionID := testkit.DecodeID(t, admission.ID)
	if ev.ToState != pathwayevent.ToStateMEMBER || ev.ProposalID == nil || *ev.ProposalID != admissionID || ev.ActorID != nil ||
		!strings.HasPrefix(ev.Reason, "admission decided") {
		t.Errorf("pathway event %+v, want → MEMBER naming proposal %d, without actor (Cockpit closed it)", ev, admissionID)
	}
	want := map[int]int{}
	for _, id := range dlIDs(t, admission, rejected, noQuorum) {
		want[id] = 1
	}
	if got := s.broker.closed(); !mapsEqual(got, want) {
		t.Errorf("CLOSED announcements %v, want %v", got, want)
	}
	if errs := s.log.errors(); len(errs) > 0 {
		t.Errorf("the sweep logged errors: %v", errs)
	}

	if got := s.sweep(t); len(got) != 0 {
		t.Errorf("a second sweep closed %v, want nothing", got)
	}
	if got := s.broker.closed(); !mapsEqual(got, want) {
		t.Errorf("after a second sweep: CLOSED announcements %v, want %v", got, want)
	}
}

func mapsEqual(a, b map[int]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestDeadlineSweepGoesOnAfterAFailure: a due proposal whose close fails
// (its stored rule is corrupt, so counting fails) is logged with its ID and
// stays OPEN; the proposals due after it still close, and once repaired the
// next sweep closes it.
func TestDeadlineSweepGoesOnAfterAFailure(t *testing.T) {
	e := gtNewEnv(t)
	s := e.sweeper(e.db)
	c := e.coop("SIMPLE_MAJORITY", 50, 2)
	first := e.propose(c, "GENERAL", nil)
	broken := e.propose(c, "GENERAL", nil)
	last := e.propose(c, "GENERAL", nil)
	brokenID := testkit.DecodeID(t, broken.ID)
	// The rule is immutable in ent: corrupt the row behind its back.
	corrupt := func(rule string) {
		t.Helper()
		if _, err := e.db.SQL.ExecContext(context.Background(),
			fmt.Sprintf("UPDATE proposals SET rule = '%s' WHERE id = %d", rule, brokenID)); err != nil {
			t.Fatal(err)
		}
	}
	corrupt("NO_SUCH_METHOD") // Decide refuses an unknown method
	e.clk.AdvanceDays(gtProposalLength)

	if got, want := s.sweep(t), dlIDs(t, first, last); !slices.Equal(got, want) {
		t.Fatalf("the sweep closed %v, want %v", got, want)
	}
	if got := e.proposalRow(brokenID).Status; got != proposal.StatusOPEN {
		t.Errorf("the proposal whose close failed is %s, want OPEN (rolled back)", got)
	}
	errs := s.log.errors()
	if len(errs) != 1 || !strings.Contains(errs[0], fmt.Sprintf("proposal=%d", brokenID)) {
		t.Errorf("logged errors %q, want one naming proposal=%d", errs, brokenID)
	}
	if got := s.broker.closed(); got[brokenID] != 0 || len(got) != 2 {
		t.Errorf("CLOSED announcements %v: want the two closed ones only", got)
	}

	corrupt("SIMPLE_MAJORITY")
	if got := s.sweep(t); !slices.Equal(got, []int{brokenID}) {
		t.Errorf("after the repair the sweep closed %v, want [%d]", got, brokenID)
	}
}

// TestDeadlineSweepByTwoReplicasAtOnce: two replicas (two connections to one
// database, each with its own broker) sweep at the same moment, round after
// round, over many due proposals: every proposal is closed exactly once
// (by one replica or the other, never both), each admission's pathway event
// appears once, CLOSED is announced once per proposal across both, and
// neither replica logs an error (they never wait for each other into a
// timeout, nor trip over the other's close).
func TestDeadlineSweepByTwoReplicasAtOnce(t *testing.T) {
	e := gtNewEnv(t)
	a, b := e.sweeper(e.db), e.sweeper(testkit.NewReplica(t, e.db))
	const rounds, admissions, generals = 3, 4, 8
	coops := []*gtCoop{e.coop("SIMPLE_MAJORITY", 50, 3), e.coop("CONSENSUS", 50, 3)}
	seen := map[int]bool{}
	for round := range rounds {
		t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
			defer e.use(t)()
			var due []gtProposalJSON
			candidates := map[int]int{} // admission proposal → membership
			eventsBefore := map[int]int{}
			for i := range admissions + generals {
				c := coops[i%len(coops)]
				if i < admissions {
					_, ms := e.readyCandidate(c, gtReady{})
					p := e.propose(c, "ADMISSION", ms)
					candidates[testkit.DecodeID(t, p.ID)] = ms.ID
					eventsBefore[ms.ID] = e.eventCount(ms.ID)
					e.votes(c, p.ID, "YES", "YES", []string{"NO", "YES"}[i%2])
					due = append(due, p)
					continue
				}
				p := e.propose(c, "GENERAL", nil)
				e.votes(c, p.ID, "YES", []string{"", "NO"}[i%2])
				due = append(due, p)
			}
			e.clk.AdvanceDays(gtProposalLength)

			var got [2][]int
			testkit.Race(t,
				func() (*testkit.Response, error) { got[0] = a.sweep(t); return nil, nil },
				func() (*testkit.Response, error) { got[1] = b.sweep(t); return nil, nil },
			)
			t.Logf("replica A closed %d, replica B %d", len(got[0]), len(got[1]))
			both := slices.Sorted(slices.Values(append(slices.Clone(got[0]), got[1]...)))
			if want := dlIDs(t, due...); !slices.Equal(both, want) {
				t.Errorf("the replicas closed %v together, want each of %v exactly once", both, want)
			}
			for _, p := range due {
				id := testkit.DecodeID(t, p.ID)
				seen[id] = true
				if st := e.proposalRow(id).Status; st == proposal.StatusOPEN {
					t.Errorf("proposal %d is still OPEN", id)
				}
			}
			for pid, ms := range candidates {
				if n := e.eventCount(ms); n != eventsBefore[ms]+1 {
					t.Errorf("admission %d: %d new pathway events, want 1", pid, n-eventsBefore[ms])
				}
				if ev := e.lastEvent(ms); ev.ProposalID == nil || *ev.ProposalID != pid {
					t.Errorf("admission %d: the last pathway event names proposal %v", pid, ev.ProposalID)
				}
			}
		})
	}
	announced := a.broker.closed()
	for id, n := range b.broker.closed() {
		announced[id] += n
	}
	want := map[int]int{}
	for id := range seen {
		want[id] = 1
	}
	if !mapsEqual(announced, want) {
		t.Errorf("CLOSED announcements across both replicas %v, want one for each of the %d proposals", announced, len(want))
	}
	for name, s := range map[string]*dlSweeper{"A": a, "B": b} {
		if errs := s.log.errors(); len(errs) > 0 {
			t.Errorf("replica %s logged errors: %v", name, errs)
		}
	}
}

const dlPendingQ = `query($id: ID!) { node(id: $id) { ... on Proposal { status pendingVoters { id name } } } }`

// dlPending reads a proposal's pendingVoters as c: the names, or nil when
// the proposal reads as null.
func dlPending(t *testing.T, c *testkit.Client, p string) []string {
	t.Helper()
	var out struct {
		Node *struct {
			PendingVoters []struct{ ID, Name string } `json:"pendingVoters"`
		} `json:"node"`
	}
	testkit.OK(t, c.Do(dlPendingQ, map[string]any{"id": p}), &out)
	if out.Node == nil {
		return nil
	}
	names := []string{}
	for _, v := range out.Node.PendingVoters {
		names = append(names, v.Name)
	}
	return names
}

// TestPendingVoters: the members who may vote and have not, for whoever
// reads the proposal's votes (the coop's members, paused ones too); an
// empty list for the candidate reading their own admission proposal, and
// for everyone once voting has ended (closesAt passed, or closed).
func TestPendingVoters(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 3)
	paused := e.person("Paused member")
	e.membership(paused, c, "PAUSED", gtT0.AddDate(0, 0, -10))
	other := e.coop("SIMPLE_MAJORITY", 50, 1)
	candidate, ms := e.readyCandidate(c, gtReady{})
	p := e.propose(c, "ADMISSION", ms)
	e.votes(c, p.ID, "YES")
	m := c.Members
	names := func(ps ...*ent.Person) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, p.Name)
		}
		slices.Sort(out)
		return out
	}

	for _, tc := range []struct {
		who    string
		as     *ent.Person
		want   []string
		hidden bool // the proposal itself reads as null
	}{
		{"a member who voted", m[0], names(m[1], m[2]), false},
		{"a member who has not voted", m[1], names(m[1], m[2]), false},
		{"a paused member (reads votes, does not vote)", paused, names(m[1], m[2]), false},
		{"the candidate (reads the proposal, not its votes)", candidate, []string{}, false},
		{"a member of another coop", other.Members[0], nil, true},
	} {
		t.Run(tc.who, func(t *testing.T) {
			defer e.use(t)()
			if tc.hidden {
				res := e.as(tc.as).Do(dlPendingQ, map[string]any{"id": p.ID})
				testkit.OnlyError(t, res, "NOT_FOUND", "")
				if strings.Contains(string(res.Data), "pendingVoters") {
					t.Errorf("LEAK: another coop's member read %s", res.Data)
				}
				return
			}
			got := dlPending(t, e.as(tc.as), p.ID)
			if !slices.Equal(got, tc.want) {
				t.Errorf("pendingVoters %v, want %v", got, tc.want)
			}
		})
	}

	e.votes(c, p.ID, "", "NO")
	if got, want := dlPending(t, e.as(m[0]), p.ID), names(m[2]); !slices.Equal(got, want) {
		t.Errorf("after a second vote: pendingVoters %v, want %v", got, want)
	}
	e.clk.AdvanceDays(gtProposalLength)
	if got := dlPending(t, e.as(m[0]), p.ID); len(got) != 0 {
		t.Errorf("past closesAt, not yet closed: pendingVoters %v, want none (voting has ended)", got)
	}
	e.closeOK(c, p.ID)
	if got := dlPending(t, e.as(m[0]), p.ID); len(got) != 0 {
		t.Errorf("closed: pendingVoters %v, want none", got)
	}
}

// TestDeadlineSweepSkipsWhatAnotherReplicaHolds: while another transaction
// holds a due proposal's row (a replica closing it, a member's last vote),
// a sweep does not wait for it: it closes the other due proposals at once
// and leaves that one to its holder or the next sweep. PostgreSQL only:
// SQLite runs one writing transaction at a time, so there a sweep waits for
// the holder as every writer does.
func TestDeadlineSweepSkipsWhatAnotherReplicaHolds(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("row locks that can be skipped are PostgreSQL's; SQLite serializes writers")
	}
	e := gtNewEnv(t)
	s := e.sweeper(e.db)
	c := e.coop("SIMPLE_MAJORITY", 50, 2)
	held, free := e.propose(c, "GENERAL", nil), e.propose(c, "GENERAL", nil)
	heldID := testkit.DecodeID(t, held.ID)
	e.clk.AdvanceDays(gtProposalLength)

	tx := testkit.Must(e.ec.Tx(e.ctx))(t)
	defer func() { _ = tx.Rollback() }()
	testkit.Must(tx.Proposal.Query().Where(proposal.ID(heldID)).Unique(false).
		Modify(domainop.LockRows).OnlyID(e.ctx))(t)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	closed, err := s.svc.CloseDue(ctx, s.client, slog.New(s.log))
	if err != nil || ctx.Err() != nil {
		t.Fatalf("the sweep waited for the held row: %v (context: %v)", err, ctx.Err())
	}
	if len(closed) != 1 || closed[0].Proposal.ID != testkit.DecodeID(t, free.ID) {
		t.Errorf("the sweep closed %d proposal(s), want only the one nobody holds", len(closed))
	}
	if errs := s.log.errors(); len(errs) > 0 {
		t.Errorf("skipping a held proposal logged errors: %v", errs)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := s.sweep(t); !slices.Equal(got, []int{heldID}) {
		t.Errorf("once released, the sweep closed %v, want [%d]", got, heldID)
	}
}
