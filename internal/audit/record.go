package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/auditobject"
	"github.com/coopnetwork/cockpit/internal/auditlog"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/commit"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Recording. Hook is registered once on every ent client Cockpit builds
// (store.Open). For every write it snapshots the rows before (updates,
// deletes) and after (creates, updates), and adds the object to the record
// of its operation: the GraphQL root mutation field (Mutation, called by the
// server for every root field of a mutation request, so that a mutation
// writing no row still gets its record), else the operation named with
// Operation, else one record per transaction named after the rule of its
// first write (a first login: provisionPersonForLogin). Records are written
// just before the transaction commits, in it (commit.BeforeCommit): a
// rolled-back write leaves none.
//
// Not recorded:
//   - the audit log's own rows;
//   - the talent benchmark's seeder (authz.SeedBenchmark) and test
//     fixtures (authz.TestFixture), with the writes they cause (founding
//     hooks): bulk writes that must stay fast and are nobody's act. The demo seeder (authz.SeedDemo) is recorded, as one
//     record "seedDemo" (internal/demo names it);
//   - statements that go past ent (talent search's participation flags,
//     the taxonomy version counter): derived data, kept in step with the
//     recorded writes they follow.
//
// A write made outside a transaction (the operator's `cockpit token` giving
// a person a login subject; ent allows it anywhere) is recorded right after
// it, in a transaction of its own: not atomically — an error there is
// returned, but the write itself has happened.

// Erased is what a redacted write (Redacted) records instead of values,
// and what an erasure (ErasePerson) leaves of a value in the log.
const Erased = "[erased]"

// timestamps are left out of the changes: the record has its time.
var timestamps = map[string]bool{"created_at": true, "updated_at": true}

// Hook returns the ent hook that records writes in the audit log.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if skip(ctx, m) {
				// Writes the skipped one makes in turn (founding hooks) are skipped too.
				return next.Mutate(context.WithValue(ctx, unrecordedKey{}, true), m)
			}
			cm, ok := m.(mutation)
			if !ok {
				return nil, fmt.Errorf("audit: unexpected mutation %T", m)
			}
			read := readContext(ctx)
			var ids []int
			before := map[int]snapshot{}
			var readErr error // reported only if the write succeeds: the policies answer first
			if !m.Op().Is(ent.OpCreate) {
				if ids, readErr = cm.IDs(read); readErr == nil {
					before, readErr = load(read, cm.Client(), ids)
				}
			}
			wctx, notes := authz.WithRuleNotes(ctx)
			v, err := next.Mutate(wctx, m)
			if err != nil {
				return v, err
			}
			if readErr != nil {
				return nil, readErr
			}
			after := map[int]snapshot{}
			switch {
			case m.Op().Is(ent.OpCreate | ent.OpUpdateOne):
				id, s, ok := snapshotOf(v)
				if !ok {
					return nil, fmt.Errorf("audit: %s returned %T", m.Type(), v)
				}
				after[id] = s
				if m.Op().Is(ent.OpCreate) {
					ids = []int{id}
				}
			case m.Op().Is(ent.OpUpdate):
				if after, err = load(read, cm.Client(), ids); err != nil {
					return nil, err
				}
			}
			ch := change{
				typ: m.Type(), op: m.Op(), ids: ids, before: before, after: after,
				links: links(m), redacted: IsRedacted(ctx), rules: rulesOf(ctx, notes),
			}
			tx, err := cm.Tx()
			if err != nil { // outside a transaction: recorded on its own
				return v, writeAlone(ctx, cm.Client(), newRecord(ctx, implicitOperation(ctx)), ch)
			}
			rec := recordOf(ctx)
			collect(tx, func(l *txLog) { l.add(ctx, rec, ch) })
			return v, nil
		})
	}
}

// Mutation starts the record of a GraphQL root mutation field named name in
// the transaction tx: it is written when tx commits, with the objects the
// field's writes touched, none if it wrote nothing. Writes made with the
// returned context go to it.
func Mutation(ctx context.Context, tx *ent.Tx, name string) context.Context {
	rec := newRecord(ctx, name)
	rec.root = true
	collect(tx, func(l *txLog) { l.start(rec) })
	return context.WithValue(ctx, recordKey{}, rec)
}

// NoteReason gives the record of the mutation being resolved in ctx the
// reason its caller stated (an admin's erasure, an archive): kept with the
// record, readable as AuditRecord.reason. Outside a mutation it does
// nothing. Empty reasons are not kept.
func NoteReason(ctx context.Context, reason string) {
	rec := recordOf(ctx)
	if reason = strings.TrimSpace(reason); rec == nil || reason == "" {
		return
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reason = &reason
}

type subjectKey struct{}

// WithSubject returns ctx carrying the subject (sub claim) of the token the
// request was made with: the auth middleware sets it, records keep it.
func WithSubject(ctx context.Context, subject string) context.Context {
	return context.WithValue(ctx, subjectKey{}, subject)
}

func subjectOf(ctx context.Context) *string {
	if s, ok := ctx.Value(subjectKey{}).(string); ok && s != "" {
		return &s
	}
	return nil
}

type unrecordedKey struct{}

// skip reports whether m is not recorded (see the package comment): the
// log's own rows, and writes of benchmark and test fixtures, with the
// writes they cause.
func skip(ctx context.Context, m ent.Mutation) bool {
	switch m.Type() {
	case "AuditRecord", "AuditObject":
		return true
	case "OutboxEvent":
		// The outbox (internal/webhook) repeats changes the log holds.
		return true
	case "WebhookDelivery":
		// Deliveries the outbox creates and the dispatcher's attempts are
		// bookkeeping; a member's redelivery (ManageWebhooks) is recorded.
		return authz.RuleOf(ctx) != authz.ManageWebhooks
	}
	r := authz.RuleOf(ctx)
	return r == authz.SeedBenchmark || r == authz.TestFixture || ctx.Value(unrecordedKey{}) != nil
}

// mutation is what every generated mutation offers.
type mutation interface {
	ent.Mutation
	Client() *ent.Client
	Tx() (*ent.Tx, error)
	IDs(context.Context) ([]int, error)
}

// readContext reads rows on Cockpit's behalf, without the GraphQL field
// being resolved (ent's Noder would collect that field's selections).
func readContext(ctx context.Context) context.Context {
	return authz.SystemRead(context.Background())
}

// A change is one mutation's effect on its objects.
type change struct {
	typ           string
	op            ent.Op
	ids           []int
	before, after map[int]snapshot
	links         auditlog.Links
	redacted      bool
	rules         []string
}

// links are the list edges a mutation changed.
func links(m ent.Mutation) auditlog.Links {
	var l auditlog.Links
	add := func(edge string, ids []ent.Value, added bool) {
		if len(ids) == 0 {
			return
		}
		if _, ok := m.Field(edge + "_id"); ok || m.FieldCleared(edge+"_id") {
			return // a foreign-key field: among the fields
		}
		if l == nil {
			l = auditlog.Links{}
		}
		c := l[edge]
		for _, v := range ids {
			if id, ok := v.(int); ok {
				if added {
					c.Added = append(c.Added, id)
				} else {
					c.Removed = append(c.Removed, id)
				}
			}
		}
		l[edge] = c
	}
	for _, e := range m.AddedEdges() {
		add(e, m.AddedIDs(e), true)
	}
	for _, e := range m.RemovedEdges() {
		add(e, m.RemovedIDs(e), false)
	}
	return l
}

// rulesOf names the rule of a write: the domain operation's, else those
// the generic policy noted.
func rulesOf(ctx context.Context, notes *authz.RuleNotes) []string {
	if r := authz.RuleOf(ctx); r != nil {
		return []string{r.Name}
	}
	var out []string
	for _, r := range notes.Rules() {
		if !slices.Contains(out, r.Name) {
			out = append(out, r.Name)
		}
	}
	return out
}

// A snapshot is a row's fields as JSON values, by stored name.
type snapshot map[string]json.RawMessage

// load snapshots the rows of ids, read through c (the mutation's own
// client: inside its transaction).
func load(ctx context.Context, c *ent.Client, ids []int) (map[int]snapshot, error) {
	out := make(map[int]snapshot, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	nodes, err := c.Noders(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("audit: reading the rows a write touches: %w", err)
	}
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if id, s, ok := snapshotOf(n); ok {
			out[id] = s
		}
	}
	return out, nil
}

type structField struct {
	index int
	name  string
}

var structFields sync.Map // reflect.Type -> []structField

// snapshotOf returns the ID and fields of an ent entity (*ent.T). The
// fields are those of its JSON form, whatever their value (not omitted
// when zero); ent leaves Sensitive fields out of it, and edges are left out.
func snapshotOf(v any) (int, snapshot, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return 0, nil, false
	}
	rv = rv.Elem()
	idField := rv.FieldByName("ID")
	if !idField.IsValid() || idField.Kind() != reflect.Int {
		return 0, nil, false
	}
	fields := fieldsOf(rv.Type())
	s := make(snapshot, len(fields))
	for _, f := range fields {
		b, err := json.Marshal(rv.Field(f.index).Interface())
		if err != nil {
			b = []byte("null")
		}
		s[f.name] = b
	}
	return int(idField.Int()), s, true
}

func fieldsOf(t reflect.Type) []structField {
	if fs, ok := structFields.Load(t); ok {
		return fs.([]structField)
	}
	var fs []structField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" || name == "id" || name == "edges" || timestamps[name] {
			continue
		}
		fs = append(fs, structField{i, name})
	}
	structFields.Store(t, fs)
	return fs
}

// A record is one operation's entry, built while its transaction runs.
type record struct {
	operation string
	reason    *string
	// root: a GraphQL mutation field's record, written even when its
	// writes touched nothing; other records only when they touched a row
	// (a login's conditional update that matched none is no write).
	root    bool
	actor   *int
	subject *string
	mu      sync.Mutex
	rules   []string
	objects []*object
	byKey   map[int]*object
}

// An object is one row a record's writes touched, first state and last.
type object struct {
	typ           string
	id            int
	created       bool
	deleted       bool
	before, after snapshot
	links         auditlog.Links
	redacted      bool
}

type recordKey struct{}

func newRecord(ctx context.Context, operation string) *record {
	r := &record{operation: operation, subject: subjectOf(ctx), byKey: map[int]*object{}}
	if v := viewer.FromContext(ctx); v.Authenticated() {
		id := v.PersonID
		r.actor = &id
	}
	return r
}

// recordOf returns the record writes of ctx go to: the root field's, or
// nil for the transaction's record of the operation named in ctx.
func recordOf(ctx context.Context) *record {
	r, _ := ctx.Value(recordKey{}).(*record)
	return r
}

// implicitOperation names writes made outside a GraphQL mutation: the name
// given with Operation, else the rule they were made under ("provisionPersonForLogin").
func implicitOperation(ctx context.Context) string {
	if op := OperationOf(ctx); op != "" {
		return op
	}
	if r := authz.RuleOf(ctx); r != nil {
		return strings.ToLower(r.Name[:1]) + r.Name[1:]
	}
	return "unnamed"
}

// txLog is what a transaction will record.
type txLog struct {
	records  []*record
	started  map[*record]bool   // root fields' records (Mutation)
	implicit map[string]*record // outside GraphQL, by operation name ("": unnamed)
}

func (l *txLog) start(rec *record) {
	if l.started == nil {
		l.started = map[*record]bool{}
	}
	l.started[rec] = true
	l.records = append(l.records, rec)
}

func (l *txLog) add(ctx context.Context, rec *record, ch change) {
	if rec == nil || !l.started[rec] {
		// Outside GraphQL, or in a transaction other than the mutation's
		// own: a record of this transaction.
		// Unnamed writes of one transaction are one record, named after
		// the rule of the first.
		key := OperationOf(ctx)
		if rec != nil {
			key = rec.operation
		}
		if rec = l.implicit[key]; rec == nil {
			if l.implicit == nil {
				l.implicit = map[string]*record{}
			}
			name := key
			if name == "" {
				name = implicitOperation(ctx)
			}
			rec = newRecord(ctx, name)
			l.implicit[key] = rec
			l.records = append(l.records, rec)
		}
	}
	rec.add(ch)
}

// add merges a change into the record: an object keeps its first state
// before and its last after.
func (r *record) add(ch change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, name := range ch.rules {
		if !slices.Contains(r.rules, name) {
			r.rules = append(r.rules, name)
		}
	}
	for _, id := range ch.ids {
		o := r.byKey[id]
		if o == nil {
			o = &object{typ: ch.typ, id: id, created: ch.op.Is(ent.OpCreate), before: ch.before[id]}
			r.byKey[id] = o
			r.objects = append(r.objects, o)
		}
		if ch.op.Is(ent.OpDelete | ent.OpDeleteOne) {
			o.deleted, o.after = true, nil
		} else {
			o.after = ch.after[id]
		}
		o.redacted = o.redacted || ch.redacted
		for edge, lc := range ch.links { // a bulk write's links are each object's
			if o.links == nil {
				o.links = auditlog.Links{}
			}
			c := o.links[edge]
			c.Added = append(c.Added, lc.Added...)
			c.Removed = append(c.Removed, lc.Removed...)
			o.links[edge] = c
		}
	}
}

// collect adds to tx's log; the log is written just before tx commits.
func collect(tx *ent.Tx, add func(*txLog)) {
	commit.Collect(tx, "audit log", commit.BeforeCommit, add, func(ctx context.Context, tx *ent.Tx, l txLog) error {
		return write(ctx, tx.Client(), l.records)
	})
}

// writeAlone records a change made outside a transaction, in one of its own.
func writeAlone(ctx context.Context, c *ent.Client, rec *record, ch change) error {
	rec.add(ch)
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := write(ctx, tx.Client(), []*record{rec}); err != nil {
		return fmt.Errorf("audit: %w", errorsJoin(err, tx.Rollback()))
	}
	return tx.Commit()
}

// write stores the records, in the order their operations started.
func write(ctx context.Context, c *ent.Client, recs []*record) error {
	at := clock.Now(ctx)
	sys := authz.Under(readContext(ctx), authz.RecordAudit)
	sc := newScoper(c, readContext(ctx), recs)
	for _, rec := range recs {
		if err := writeRecord(sys, c, sc, rec, at); err != nil {
			return fmt.Errorf("audit: recording %s: %w", rec.operation, err)
		}
	}
	return nil
}

// touched reports whether the record's writes left a trace: an object not
// created and deleted again. The caller holds r.mu.
func (r *record) touched() bool {
	for _, o := range r.objects {
		if action, _ := o.diff(); action != "" {
			return true
		}
	}
	return false
}

// objectBatch keeps a bulk insert's parameters under PostgreSQL's limit.
const objectBatch = 1000

func writeRecord(ctx context.Context, c *ent.Client, sc *scoper, rec *record, at time.Time) error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if !rec.root && !rec.touched() {
		return nil
	}
	saved, err := c.AuditRecord.Create().SetAt(at).SetOperation(rec.operation).SetNillableActorID(rec.actor).
		SetNillableSubject(rec.subject).SetNillableReason(rec.reason).SetRules(rec.rules).Save(ctx)
	if err != nil {
		return err
	}
	var builders []*ent.AuditObjectCreate
	for _, o := range rec.objects {
		action, fields := o.diff()
		if action == "" {
			continue // created and deleted again
		}
		scope, err := sc.scope(o)
		if err != nil {
			return err
		}
		b := c.AuditObject.Create().SetRecordID(saved.ID).SetObjectType(o.typ).SetObjectID(o.id).
			SetAction(auditobject.Action(action)).SetNillableCoopID(scope.coop).SetNillableNetworkID(scope.network).SetNillablePersonID(scope.person)
		if len(fields) > 0 {
			b.SetFields(fields)
		}
		if len(o.links) > 0 {
			b.SetLinks(o.links)
		}
		builders = append(builders, b)
	}
	for len(builders) > 0 {
		n := min(len(builders), objectBatch)
		if err := c.AuditObject.CreateBulk(builders[:n]...).Exec(ctx); err != nil {
			return err
		}
		builders = builders[n:]
	}
	return nil
}

// diff returns the object's action and changed fields.
func (o *object) diff() (string, auditlog.Fields) {
	action := "UPDATE"
	switch {
	case o.created && o.deleted:
		return "", nil
	case o.created:
		action = "CREATE"
	case o.deleted:
		action = "DELETE"
	}
	fields := auditlog.Fields{}
	names := map[string]bool{}
	for k := range o.before {
		names[k] = true
	}
	for k := range o.after {
		names[k] = true
	}
	for k := range names {
		b, a := o.before[k], o.after[k]
		if isNull(b) && isNull(a) || string(b) == string(a) {
			continue
		}
		fc := auditlog.FieldChange{Before: value(b), After: value(a)}
		if o.redacted {
			fc = auditlog.FieldChange{Before: erased(b), After: erased(a)}
		}
		fields[k] = fc
	}
	return action, fields
}

func isNull(b json.RawMessage) bool { return len(b) == 0 || string(b) == "null" }

func value(b json.RawMessage) any {
	if isNull(b) {
		return nil
	}
	return b
}

func erased(b json.RawMessage) any {
	if isNull(b) {
		return nil
	}
	return Erased
}

func errorsJoin(a, b error) error {
	if b == nil {
		return a
	}
	return fmt.Errorf("%w (rollback: %v)", a, b)
}
