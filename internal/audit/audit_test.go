package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/auditobject"
	"github.com/coopnetwork/cockpit/ent/auditrecord"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// world is a small network: coops A and B in network N, coop C in N2;
// Anna and Anton members of A, Berta of B, Ada admin of N, Olga in nothing.
type world struct {
	t                             *testing.T
	db                            *store.DB
	c                             *testkit.Client
	fault                         *testkit.FaultDriver
	ctx                           context.Context
	N, N2                         *ent.Network
	A, B, C                       *ent.Coop
	Anna, Anton, Berta, Ada, Olga *ent.Person
}

func newWorld(t *testing.T) *world {
	t.Helper()
	fd := &testkit.FaultDriver{}
	db := testkit.NewDB(t, store.Options{WrapDriver: fd.Wrap()})
	w := &world{t: t, db: db, c: testkit.NewServer(t, db), fault: fd, ctx: testkit.System(context.Background())}
	c, ctx := db.Client, w.ctx
	w.N = testkit.MustOrPanic(c.Network.Create().SetName("N").SetSlug("n").Save(ctx))
	w.N2 = testkit.MustOrPanic(c.Network.Create().SetName("N2").SetSlug("n2").Save(ctx))
	w.A = testkit.MustOrPanic(c.Coop.Create().SetName("A").SetSlug("a").SetCity("Leipzig").SetBuyInCents(500_000).AddNetworks(w.N).Save(ctx))
	w.B = testkit.MustOrPanic(c.Coop.Create().SetName("B").SetSlug("b").SetCity("Berlin").AddNetworks(w.N).Save(ctx))
	w.C = testkit.MustOrPanic(c.Coop.Create().SetName("C").SetSlug("c").AddNetworks(w.N2).Save(ctx))
	person := func(name string) *ent.Person {
		return testkit.MustOrPanic(c.Person.Create().SetName(name).SetEmail(strings.ToLower(name) + "@example.org").
			SetPhone("+49 30 1").SetCity("Leipzig").Save(ctx))
	}
	w.Anna, w.Anton, w.Berta, w.Ada, w.Olga = person("Anna"), person("Anton"), person("Berta"), person("Ada"), person("Olga")
	member := func(p *ent.Person, co *ent.Coop) {
		testkit.MustOrPanic(c.Membership.Create().SetPerson(p).SetCoop(co).SetState(membership.StateMEMBER).Save(ctx))
	}
	member(w.Anna, w.A)
	member(w.Anton, w.A)
	member(w.Berta, w.B)
	testkit.MustOrPanic(c.NetworkMembership.Create().SetNetwork(w.N).SetPerson(w.Ada).SetRole(networkmembership.RoleADMIN).Save(ctx))
	if n := w.records(); n != 0 {
		t.Fatalf("the fixtures left %d audit records; test fixtures are not recorded", n)
	}
	return w
}

func (w *world) records() int {
	return testkit.MustOrPanic(w.db.Client.AuditRecord.Query().Count(authz.SystemRead(context.Background())))
}

func (w *world) last() *ent.AuditRecord {
	return testkit.MustOrPanic(w.db.Client.AuditRecord.Query().Order(ent.Desc(auditrecord.FieldID)).WithObjects().
		First(authz.SystemRead(context.Background())))
}

const logQuery = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $filter: AuditLogFilter) {
	auditLog(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
		totalCount
		pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id at operation actorKind actor { id name } rules
			objects { objectID objectType action hidden changes { field before after masked } links { edge added removed } } } }
	}
}`

type logPage struct {
	AuditLog struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       *string
		}
		Edges []struct {
			Cursor string
			Node   logRecord
		}
	}
}

type logRecord struct {
	ID        string
	At        time.Time
	Operation string
	ActorKind string
	Actor     *struct{ ID, Name string }
	Rules     []string
	Objects   []struct {
		ObjectID   *string
		ObjectType string
		Action     string
		Hidden     bool
		Changes    []struct {
			Field         string
			Before, After any
			Masked        bool
		}
		Links []struct {
			Edge           string
			Added, Removed []string
		}
	}
}

// log reads the audit log as p; raw is the answer's data.
func (w *world) log(p *ent.Person, vars map[string]any) (logPage, string) {
	w.t.Helper()
	res := w.c.As(p.ID).Do(logQuery, vars)
	var out logPage
	testkit.OK(w.t, res, &out)
	return out, string(res.Data)
}

func (w *world) operations(p *ent.Person, vars map[string]any) []string {
	w.t.Helper()
	page, _ := w.log(p, vars)
	var ops []string
	for _, e := range page.AuditLog.Edges {
		ops = append(ops, e.Node.Operation)
	}
	return ops
}

// TestCommittedMutationIsRecordedOnce: one record, in the database as in the
// API, with actor, subject, operation, rules and the object's change.
func TestCommittedMutationIsRecordedOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	testkit.OK(t, w.c.As(w.Anna.ID).Do(`mutation($id: ID!) { updateCoop(id: $id, input: {city: "Halle"}) { coop { id } } }`,
		map[string]any{"id": testkit.ID(w.A.ID)}), nil)
	if n := w.records(); n != 1 {
		t.Fatalf("%d audit records, want 1", n)
	}
	r := w.last()
	if r.Operation != "updateCoop" || r.ActorID == nil || *r.ActorID != w.Anna.ID ||
		r.Subject == nil || *r.Subject != fmt.Sprintf("test|%d", w.Anna.ID) || fmt.Sprint(r.Rules) != "[ChangeCoop]" {
		t.Errorf("record: operation %q actor %v subject %v rules %v", r.Operation, r.ActorID, r.Subject, r.Rules)
	}
	if len(r.Edges.Objects) != 1 {
		t.Fatalf("%d objects, want 1", len(r.Edges.Objects))
	}
	o := r.Edges.Objects[0]
	if o.ObjectType != "Coop" || o.ObjectID != w.A.ID || o.Action != auditobject.ActionUPDATE || o.CoopID == nil || *o.CoopID != w.A.ID {
		t.Errorf("object: %s %d %s coop %v", o.ObjectType, o.ObjectID, o.Action, o.CoopID)
	}
	city, ok := o.Fields["city"]
	if !ok || fmt.Sprint(city.Before) != "Leipzig" || fmt.Sprint(city.After) != "Halle" || len(o.Fields) != 1 {
		t.Errorf("fields %v, want only city Leipzig -> Halle (no updated_at)", o.Fields)
	}

	page, _ := w.log(w.Anna, nil)
	if page.AuditLog.TotalCount != 1 || len(page.AuditLog.Edges) != 1 {
		t.Fatalf("Anna sees %+v", page.AuditLog)
	}
	rec := page.AuditLog.Edges[0].Node
	if rec.Operation != "updateCoop" || rec.ActorKind != "PERSON" || rec.Actor == nil || rec.Actor.ID != testkit.ID(w.Anna.ID) ||
		len(rec.Objects) != 1 || *rec.Objects[0].ObjectID != testkit.ID(w.A.ID) || rec.Objects[0].Action != "UPDATE" {
		t.Fatalf("Anna reads %+v", rec)
	}
	ch := rec.Objects[0].Changes
	if len(ch) != 1 || ch[0].Field != "city" || ch[0].Before != "Leipzig" || ch[0].After != "Halle" || ch[0].Masked {
		t.Errorf("changes %+v", ch)
	}
}

// TestRolledBackWritesLeaveNoRecord: a request whose second mutation is
// refused rolls back the first one's write and its record; a failing
// audit write rolls back the change it records.
func TestRolledBackWritesLeaveNoRecord(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	vars := map[string]any{"a": testkit.ID(w.A.ID), "b": testkit.ID(w.B.ID)}
	res := w.c.As(w.Anna.ID).Do(`mutation($a: ID!, $b: ID!) {
		first: updateCoop(id: $a, input: {city: "Halle"}) { coop { id } }
		second: updateCoop(id: $b, input: {city: "Halle"}) { coop { id } } }`, vars)
	if len(res.Errors) == 0 {
		t.Fatalf("Anna changed coop B: %s", res.Data)
	}
	if n := w.records(); n != 0 {
		t.Errorf("a rolled-back request left %d audit records", n)
	}
	w.fault.Fail("audit_objects")
	res = w.c.As(w.Anna.ID).Do(`mutation($a: ID!) { updateCoop(id: $a, input: {city: "Halle"}) { coop { id } } }`, vars)
	w.fault.Fail("")
	// The commit fails: INTERNAL, with no database text in the answer.
	if len(res.Errors) != 1 || res.Errors[0].Code() != "INTERNAL" || strings.Contains(res.Errors[0].Message, "audit_objects") || strings.Contains(res.Errors[0].Message, "fault") {
		t.Fatalf("a failing audit write: want INTERNAL without the database's text, got %+v", res.Errors)
	}
	if city := testkit.MustOrPanic(w.db.Client.Coop.Query().Where(coop.ID(w.A.ID)).Only(w.ctx)).City; city != "Leipzig" {
		t.Errorf("the change whose record failed was kept: city %q", city)
	}
	if n := w.records(); n != 0 {
		t.Errorf("%d audit records after the failed write", n)
	}
	// Two mutations in one request: two records, in order.
	testkit.OK(t, w.c.As(w.Anna.ID).Do(`mutation($a: ID!) {
		one: updateCoop(id: $a, input: {city: "Halle"}) { coop { id } }
		two: updateCoop(id: $a, input: {city: "Jena"}) { coop { id } } }`, vars), nil)
	if got := w.operations(w.Anna, nil); fmt.Sprint(got) != "[updateCoop updateCoop]" {
		t.Errorf("two mutations: %v", got)
	}
}

// TestVisibility: coop members see their coop's records, members of other
// coops none; network admins see network-level ones; a person sees records
// about themselves; anonymous readers are refused.
func TestVisibility(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	testkit.OK(t, w.c.As(w.Anna.ID).Do(`mutation($id: ID!) { updateCoop(id: $id, input: {city: "Halle"}) { coop { id } } }`,
		map[string]any{"id": testkit.ID(w.A.ID)}), nil)
	testkit.OK(t, w.c.As(w.Ada.ID).Do(`mutation($n: ID!) { createSkill(input: {networkID: $n, name: "Elm", competenceArea: "Frontend"}) { skill { id } } }`,
		map[string]any{"n": testkit.ID(w.N.ID)}), nil)
	testkit.OK(t, w.c.As(w.Berta.ID).Do(`mutation($id: ID!) { updatePerson(id: $id, input: {bio: "Hello"}) { person { id } } }`,
		map[string]any{"id": testkit.ID(w.Berta.ID)}), nil)

	for _, tc := range []struct {
		who  *ent.Person
		want string
	}{
		{w.Anna, "[updateCoop]"},
		{w.Anton, "[updateCoop]"},
		{w.Berta, "[updatePerson]"}, // her own profile; not coop A's change
		{w.Ada, "[createSkill]"},    // network admin: the taxonomy, not coop A's profile
		{w.Olga, "[]"},
	} {
		if got := w.operations(tc.who, nil); fmt.Sprint(got) != tc.want {
			t.Errorf("%s sees %v, want %s", tc.who.Name, got, tc.want)
		}
	}
	res := w.c.Anonymous().Do(logQuery, nil)
	if len(res.Errors) != 1 || res.Errors[0].Code() != "UNAUTHENTICATED" {
		t.Errorf("anonymous: %+v", res.Errors)
	}
	// A filter on a coop outside the reader's scope finds nothing, even
	// though records of it exist.
	if got := w.operations(w.Berta, map[string]any{"filter": map[string]any{"coopID": testkit.ID(w.A.ID)}}); len(got) != 0 {
		t.Errorf("Berta filtering on coop A: %v", got)
	}
}

// TestHiddenObjectsAndCockpitActor: an operation outside GraphQL touching
// coops A and B is one record named by audit.Operation, made by Cockpit;
// Anna sees coop A's change and of coop B only type and action — not its ID.
func TestHiddenObjectsAndCockpitActor(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := audit.Operation(authz.Under(context.Background(), authz.ChangeCoop), "relocateCoops")
	tx := testkit.MustOrPanic(w.db.Client.Tx(ctx))
	for _, co := range []*ent.Coop{w.A, w.B} {
		if err := tx.Coop.UpdateOneID(co.ID).SetCity("Dresden").Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	page, raw := w.log(w.Anna, nil)
	if len(page.AuditLog.Edges) != 1 {
		t.Fatalf("Anna sees %d records, want 1", len(page.AuditLog.Edges))
	}
	rec := page.AuditLog.Edges[0].Node
	if rec.Operation != "relocateCoops" || rec.ActorKind != "COCKPIT" || rec.Actor != nil || fmt.Sprint(rec.Rules) != "[ChangeCoop]" {
		t.Errorf("record %+v", rec)
	}
	if len(rec.Objects) != 2 {
		t.Fatalf("objects %+v", rec.Objects)
	}
	a, b := rec.Objects[0], rec.Objects[1]
	if a.Hidden || a.ObjectID == nil || *a.ObjectID != testkit.ID(w.A.ID) || len(a.Changes) != 1 {
		t.Errorf("coop A: %+v", a)
	}
	if !b.Hidden || b.ObjectID != nil || b.ObjectType != "Coop" || b.Action != "UPDATE" || len(b.Changes) != 0 || len(b.Links) != 0 {
		t.Errorf("coop B: %+v", b)
	}
	if strings.Contains(raw, testkit.ID(w.B.ID)) {
		t.Errorf("the answer holds coop B's ID: %s", raw)
	}
	// Filtering on the hidden object's ID finds nothing.
	if got := w.operations(w.Anna, map[string]any{"filter": map[string]any{"objectID": testkit.ID(w.B.ID)}}); len(got) != 0 {
		t.Errorf("Anna filtering on coop B: %v", got)
	}
	// Berta sees the same record from the other side.
	page, raw = w.log(w.Berta, nil)
	if len(page.AuditLog.Edges) != 1 || !page.AuditLog.Edges[0].Node.Objects[0].Hidden || strings.Contains(raw, testkit.ID(w.A.ID)) {
		t.Errorf("Berta reads %s", raw)
	}
}

// TestRedactedWritesKeepNoValues: under audit.Redacted the log keeps which
// fields changed, not their values.
func TestRedactedWritesKeepNoValues(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := audit.Redacted(audit.Operation(authz.Under(context.Background(), authz.EditOwnProfile), "forget"))
	tx := testkit.MustOrPanic(w.db.Client.Tx(ctx))
	if err := tx.Person.UpdateOneID(w.Anna.ID).SetName("Erased").SetPhone("").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	o := w.last().Edges.Objects[0]
	for _, name := range []string{"name", "phone"} {
		if fc := o.Fields[name]; fc.Before != audit.Erased || fc.After != audit.Erased {
			t.Errorf("%s: %+v, want both %q", name, fc, audit.Erased)
		}
	}
	b, _ := json.Marshal(o.Fields)
	if strings.Contains(string(b), "Anna") {
		t.Errorf("the redacted record keeps a value: %s", b)
	}
}

// TestFiltersAndPages: newest first; cursors page both ways; filters by
// operation, actor, object, network and time.
func TestFiltersAndPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, city := range []string{"Halle", "Jena", "Gera"} {
		testkit.OK(t, w.c.As(w.Anna.ID).Do(`mutation($id: ID!, $c: String) { updateCoop(id: $id, input: {city: $c}) { coop { id } } }`,
			map[string]any{"id": testkit.ID(w.A.ID), "c": city}), nil)
	}
	testkit.OK(t, w.c.As(w.Anton.ID).Do(`mutation($id: ID!) { updateCoop(id: $id, input: {description: "We build things"}) { coop { id } } }`,
		map[string]any{"id": testkit.ID(w.A.ID)}), nil)

	page, _ := w.log(w.Anna, map[string]any{"first": 2})
	p := page.AuditLog
	if p.TotalCount != 4 || len(p.Edges) != 2 || !p.PageInfo.HasNextPage || p.PageInfo.HasPreviousPage {
		t.Fatalf("first page %+v", p)
	}
	if p.Edges[0].Node.Actor.ID != testkit.ID(w.Anton.ID) {
		t.Errorf("newest first: %+v", p.Edges[0].Node)
	}
	page2, _ := w.log(w.Anna, map[string]any{"first": 2, "after": *p.PageInfo.EndCursor})
	if len(page2.AuditLog.Edges) != 2 || page2.AuditLog.PageInfo.HasNextPage || !page2.AuditLog.PageInfo.HasPreviousPage {
		t.Fatalf("second page %+v", page2.AuditLog)
	}
	if got := page2.AuditLog.Edges[1].Node.Objects[0].Changes[0].After; got != "Halle" {
		t.Errorf("oldest record sets city %v, want Halle", got)
	}
	back, _ := w.log(w.Anna, map[string]any{"last": 1, "before": page2.AuditLog.Edges[0].Cursor})
	if len(back.AuditLog.Edges) != 1 || back.AuditLog.Edges[0].Cursor != p.Edges[1].Cursor || !back.AuditLog.PageInfo.HasPreviousPage {
		t.Errorf("last 1 before the second page: %+v", back.AuditLog)
	}
	count := func(filter map[string]any) int {
		page, _ := w.log(w.Anna, map[string]any{"filter": filter})
		return page.AuditLog.TotalCount
	}
	since := page.AuditLog.Edges[0].Node.At.Add(-time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		filter map[string]any
		want   int
	}{
		{map[string]any{"actorID": testkit.ID(w.Anton.ID)}, 1},
		{map[string]any{"objectID": testkit.ID(w.A.ID)}, 4},
		{map[string]any{"coopID": testkit.ID(w.A.ID), "operation": "updateCoop"}, 4},
		{map[string]any{"operation": "castVote"}, 0},
		{map[string]any{"networkID": testkit.ID(w.N.ID)}, 0},
		{map[string]any{"since": since}, 4},
		{map[string]any{"until": since}, 0},
	} {
		if got := count(tc.filter); got != tc.want {
			t.Errorf("filter %v: %d records, want %d", tc.filter, got, tc.want)
		}
	}
}

// TestFieldMasking: within scope, a field the reader may not read through
// the API is masked by the API's own rules (authz.AuditFieldReadable).
func TestFieldMasking(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// Anna changes her e-mail-free profile fields; Anna reads them all.
	testkit.OK(t, w.c.As(w.Anna.ID).Do(`mutation($id: ID!) { updatePerson(id: $id, input: {phone: "+49 341 2"}) { person { id } } }`,
		map[string]any{"id": testkit.ID(w.Anna.ID)}), nil)
	page, _ := w.log(w.Anna, nil)
	ch := page.AuditLog.Edges[0].Node.Objects[0].Changes
	if len(ch) != 1 || ch[0].Field != "phone" || ch[0].Masked || ch[0].After != "+49 341 2" {
		t.Errorf("Anna reads her own change %+v", ch)
	}
	// The rules themselves: a coop's financial bylaws for members only, a
	// person's contact details for the person and coop-mates.
	anna := testkit.MustOrPanic(authz.LoadViewer(context.Background(), w.db.Client, w.Anna.ID))
	ada := testkit.MustOrPanic(authz.LoadViewer(context.Background(), w.db.Client, w.Ada.ID))
	for _, tc := range []struct {
		who        string
		readable   bool
		typ, field string
		id         int
	}{
		{"Anna", true, "Coop", "buy_in_cents", w.A.ID},
		{"Ada", false, "Coop", "buy_in_cents", w.A.ID},
		{"Ada", true, "Coop", "city", w.A.ID},
		{"Anna", true, "Person", "phone", w.Anton.ID},
		{"Ada", false, "Person", "phone", w.Anton.ID},
		{"Anna", false, "Person", "pending_email", w.Anton.ID},
	} {
		got := authz.AuditFieldReadable(map[string]*viewer.Viewer{"Anna": anna, "Ada": ada}[tc.who], tc.typ, tc.id, tc.field)
		if got != tc.readable {
			t.Errorf("%s reads %s.%s: %v, want %v", tc.who, tc.typ, tc.field, got, tc.readable)
		}
	}
}

// TestDeadlineCloseIsCockpits: the deadline worker's close is one record
// of closeProposalAtDeadline, made by Cockpit (no actor), under its rule.
func TestDeadlineCloseIsCockpits(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	db := testkit.NewDB(t, store.Options{})
	ctx := clock.NewContext(testkit.System(context.Background()), clk)
	co := testkit.Must(db.Client.Coop.Create().SetName("Deadline coop").SetSlug("deadline-coop").Save(ctx))(t)
	member := testkit.Must(db.Client.Person.Create().SetName("Mia Member").SetEmail("mia@example.org").Save(ctx))(t)
	testkit.Must(db.Client.Membership.Create().SetPerson(member).SetCoop(co).SetState(membership.StateMEMBER).Save(ctx))(t)
	p := testkit.Must(db.Client.Proposal.Create().SetCoop(co).SetKind("GENERAL").SetTitle("Buy a kettle").
		SetRule("SIMPLE_MAJORITY").SetQuorumPercent(50).SetOpenedAt(clk.Now()).
		SetClosesAt(clk.Now().Add(time.Hour)).Save(ctx))(t)
	opts := server.Options{Clock: clk, Events: testkit.NewBroker(t, db), Logger: slog.New(slog.DiscardHandler)}
	c := testkit.NewServerWithOptions(t, db, opts)
	closed, stop := opts.Events.Subscribe(events.Topic{Kind: events.Proposals, ID: co.ID})
	defer stop()
	workerCtx, cancel := context.WithCancel(context.Background())
	worker := make(chan struct{})
	go func() {
		defer close(worker)
		server.RunDeadlines(workerCtx, db, time.Millisecond, opts)
	}()
	defer func() { cancel(); <-worker }()
	clk.Advance(time.Hour)
	timeout := time.After(10 * time.Second)
	for done := false; !done; {
		select {
		case ev := <-closed:
			done = ev.Object == p.ID && ev.Change == governance.ProposalClosed
		case <-timeout:
			t.Fatal("the worker did not close the due proposal within 10s")
		}
	}
	var page logPage
	testkit.OK(t, c.As(member.ID).Do(logQuery, nil), &page)
	if len(page.AuditLog.Edges) != 1 {
		t.Fatalf("the member sees %d records, want the close", len(page.AuditLog.Edges))
	}
	rec := page.AuditLog.Edges[0].Node
	if rec.Operation != "closeProposalAtDeadline" || rec.ActorKind != "COCKPIT" || rec.Actor != nil ||
		rec.Rules[0] != "CloseProposalAtDeadline" || !rec.At.Equal(clk.Now()) {
		t.Errorf("record %+v", rec)
	}
	var status bool
	for _, o := range rec.Objects {
		for _, ch := range o.Changes {
			if o.ObjectType == "Proposal" && *o.ObjectID == testkit.ID(p.ID) && ch.Field == "status" {
				status = ch.Before == "OPEN" && ch.After == "REJECTED"
			}
		}
	}
	if !status {
		t.Errorf("no status OPEN -> REJECTED among %+v", rec.Objects)
	}
}

// TestWritesOutsideGraphQL: unnamed writes of one transaction are one
// record named after the first rule; a write outside any transaction is
// recorded on its own.
func TestWritesOutsideGraphQL(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := authz.Under(context.Background(), authz.ProvisionPersonForLogin)
	tx := testkit.MustOrPanic(w.db.Client.Tx(ctx))
	if err := tx.Person.UpdateOneID(w.Olga.ID).SetCity("Gera").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Person.UpdateOneID(w.Olga.ID).SetBio("Hi").Exec(authz.Under(ctx, authz.EditOwnProfile)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	r := w.last()
	if w.records() != 1 || r.Operation != "provisionPersonForLogin" || r.ActorID != nil ||
		fmt.Sprint(r.Rules) != "[ProvisionPersonForLogin EditOwnProfile]" || len(r.Edges.Objects) != 1 || len(r.Edges.Objects[0].Fields) != 2 {
		t.Errorf("one transaction: %d records, last %+v objects %+v", w.records(), r, r.Edges.Objects)
	}
	// Outside a transaction (as `cockpit token` links a login).
	if err := w.db.Client.Person.UpdateOneID(w.Olga.ID).SetCity("Jena").Exec(authz.Under(context.Background(), authz.LinkDevelopmentLogin)); err != nil {
		t.Fatal(err)
	}
	if r := w.last(); w.records() != 2 || r.Operation != "linkDevelopmentLogin" || len(r.Edges.Objects) != 1 {
		t.Errorf("outside a transaction: %d records, last %+v", w.records(), r)
	}
	if got := w.operations(w.Olga, nil); fmt.Sprint(got) != "[linkDevelopmentLogin provisionPersonForLogin]" {
		t.Errorf("Olga reads %v", got)
	}
}

// TestHiddenActorCannotBeFilteredFor: a record in the reader's scope made
// by a person the reader may not read shows actorKind SOMEONE_ELSE, and
// filtering by that person's ID finds nothing (it would name them).
func TestHiddenActorCannotBeFilteredFor(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// Olga takes part in nothing of Anna's; a record of hers about coop A
	// (as an operator's tool might leave) is written as the hook would.
	rec := testkit.MustOrPanic(w.db.Client.AuditRecord.Create().SetOperation("updateCoop").SetActorID(w.Olga.ID).
		Save(authz.Under(w.ctx, authz.RecordAudit)))
	testkit.MustOrPanic(w.db.Client.AuditObject.Create().SetRecordID(rec.ID).SetObjectType("Coop").SetObjectID(w.A.ID).
		SetAction(auditobject.ActionUPDATE).SetCoopID(w.A.ID).Save(authz.Under(w.ctx, authz.RecordAudit)))
	testkit.OK(t, w.c.As(w.Anton.ID).Do(`mutation($id: ID!) { updateCoop(id: $id, input: {city: "Jena"}) { coop { id } } }`,
		map[string]any{"id": testkit.ID(w.A.ID)}), nil)

	page, _ := w.log(w.Anna, nil)
	kinds := map[string]int{}
	for _, e := range page.AuditLog.Edges {
		kinds[e.Node.ActorKind]++
	}
	if kinds["SOMEONE_ELSE"] != 1 || kinds["PERSON"] != 1 {
		t.Fatalf("actor kinds %v, want one SOMEONE_ELSE and one PERSON", kinds)
	}
	for who, want := range map[*ent.Person]int{w.Olga: 0, w.Anton: 1} {
		page, _ := w.log(w.Anna, map[string]any{"filter": map[string]any{"actorID": testkit.ID(who.ID)}})
		if page.AuditLog.TotalCount != want || len(page.AuditLog.Edges) != want {
			t.Errorf("filter actorID %s: %d records, want %d", who.Name, page.AuditLog.TotalCount, want)
		}
	}
}
