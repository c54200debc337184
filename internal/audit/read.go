package audit

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/auditobject"
	"github.com/coopnetwork/cockpit/ent/auditrecord"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Reading. The log is read only here, under authz.SystemRead, with one
// visibility rule: a record is listed when at least one of its objects is
// in the reader's scope —
//   - its coop is one the reader is a current member of (viewer.IsMember),
//   - its network is one the reader administers,
//   - its person is the reader (their own data).
//
// Objects of a listed record outside the reader's scope show their type and
// action only (Hidden; no ID, no values). Within scope, a field the reader
// may not read through the API is masked (authz.AuditFieldReadable, the
// rules of the read interceptors), and fields the API does not show at all
// are masked too.

// Filter narrows the log. Object, coop and network filters match only
// objects in the reader's scope, so they cannot probe hidden objects.
type Filter struct {
	ObjectID  *int
	ActorID   *int
	CoopID    *int
	NetworkID *int
	Operation *string
	Since     *time.Time // at ≥ since
	Until     *time.Time // at < until
}

// Actor kinds.
const (
	ActorPerson  = "PERSON"       // a person the reader may read (Record.Actor)
	ActorHidden  = "SOMEONE_ELSE" // a person the reader may not read
	ActorCockpit = "COCKPIT"      // Cockpit on its own behalf (the deadline worker, the demo seeder)
)

// Record is one listed audit record.
type Record struct {
	ID        int
	At        time.Time
	Operation string
	Reason    *string
	Actor     *ent.Person
	ActorKind string
	Rules     []string
	Objects   []*Object
}

// Object is one object of a listed record.
type Object struct {
	ObjectID   *int // nil when Hidden
	ObjectType string
	Action     string
	Hidden     bool
	Changes    []*FieldChange
	Links      []*LinkChange
}

// FieldChange is one changed field, by its GraphQL name.
type FieldChange struct {
	Field         string
	Before, After any
	Masked        bool
}

// LinkChange is one changed list edge.
type LinkChange struct {
	Edge           string
	Added, Removed []int
}

// Page is a page of records, newest first.
type Page struct {
	Edges      []*Edge
	PageInfo   entgql.PageInfo[int]
	TotalCount int
}

// Edge is one record of a page.
type Edge struct {
	Node   *Record
	Cursor entgql.Cursor[int]
}

// DefaultFirst is the page size without first and last.
const DefaultFirst = 20

// List returns a page of the records the viewer of ctx may see, newest
// (last written) first. schema is the GraphQL schema: changes are named by
// its field names, and fields it does not show are masked.
func List(ctx context.Context, c *ent.Client, schema *ast.Schema, first *int, after *entgql.Cursor[int], last *int, before *entgql.Cursor[int], f *Filter) (*Page, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return nil, apperr.New(apperr.Unauthenticated, "sign in to read the audit log")
	}
	for name, n := range map[string]*int{"first": first, "last": last} {
		if n != nil && *n < 0 {
			return nil, apperr.InvalidField(name, "%s must not be negative", name)
		}
	}
	sys := authz.SystemRead(ctx)
	q := c.AuditRecord.Query().Where(auditrecord.HasObjectsWith(inScope(v)))
	if f != nil {
		q = q.Where(filterPredicates(v, f)...)
	}
	if f != nil && f.ActorID != nil {
		// Only an actor the viewer may read can be looked for: otherwise
		// guessing IDs would tell who made a record shown as SOMEONE_ELSE.
		readable, err := c.Person.Query().Where(person.ID(*f.ActorID)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if !readable {
			q = q.Where(auditrecord.IDIn()) // matches nothing
		}
	}
	total, err := q.Clone().Count(sys)
	if err != nil {
		return nil, err
	}
	if after != nil {
		q = q.Where(auditrecord.IDLT(after.ID))
	}
	if before != nil {
		q = q.Where(auditrecord.IDGT(before.ID))
	}
	n, fromEnd := DefaultFirst, false
	switch {
	case first != nil:
		n = *first
	case last != nil:
		n, fromEnd = *last, true
	}
	if fromEnd {
		q = q.Order(ent.Asc(auditrecord.FieldID))
	} else {
		q = q.Order(ent.Desc(auditrecord.FieldID))
	}
	rows, err := q.Limit(n + 1).All(sys)
	if err != nil {
		return nil, err
	}
	more := len(rows) > n
	rows = rows[:min(n, len(rows))]
	if fromEnd {
		slices.Reverse(rows)
	}
	page := &Page{TotalCount: total}
	if fromEnd {
		page.PageInfo.HasPreviousPage, page.PageInfo.HasNextPage = more, before != nil
	} else {
		page.PageInfo.HasNextPage, page.PageInfo.HasPreviousPage = more, after != nil
	}
	recs, err := present(ctx, c, schema, v, rows)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		page.Edges = append(page.Edges, &Edge{Node: r, Cursor: entgql.Cursor[int]{ID: r.ID}})
	}
	if k := len(page.Edges); k > 0 {
		page.PageInfo.StartCursor = &page.Edges[0].Cursor
		page.PageInfo.EndCursor = &page.Edges[k-1].Cursor
	}
	return page, nil
}

// inScope matches the objects in v's scope.
func inScope(v *viewer.Viewer) predicate.AuditObject {
	return auditobject.Or(
		auditobject.CoopIDIn(v.MemberCoops()...),
		auditobject.NetworkIDIn(v.AdminNetworkIDs()...),
		auditobject.PersonID(v.PersonID),
	)
}

// visible reports whether o is in v's scope (inScope, in Go).
func visible(v *viewer.Viewer, o *ent.AuditObject) bool {
	return o.CoopID != nil && v.IsMember(*o.CoopID) ||
		o.NetworkID != nil && v.IsAdmin(*o.NetworkID) ||
		o.PersonID != nil && v.IsSelf(*o.PersonID)
}

func filterPredicates(v *viewer.Viewer, f *Filter) []predicate.AuditRecord {
	var ps []predicate.AuditRecord
	object := func(p predicate.AuditObject) {
		ps = append(ps, auditrecord.HasObjectsWith(p, inScope(v)))
	}
	if f.ObjectID != nil {
		object(auditobject.ObjectID(*f.ObjectID))
	}
	if f.CoopID != nil {
		object(auditobject.CoopID(*f.CoopID))
	}
	if f.NetworkID != nil {
		object(auditobject.NetworkID(*f.NetworkID))
	}
	if f.ActorID != nil {
		ps = append(ps, auditrecord.ActorID(*f.ActorID))
	}
	if f.Operation != nil {
		ps = append(ps, auditrecord.Operation(*f.Operation))
	}
	if f.Since != nil {
		ps = append(ps, auditrecord.AtGTE(*f.Since))
	}
	if f.Until != nil {
		ps = append(ps, auditrecord.AtLT(*f.Until))
	}
	return ps
}

// present turns stored records into what v may see.
func present(ctx context.Context, c *ent.Client, schema *ast.Schema, v *viewer.Viewer, rows []*ent.AuditRecord) ([]*Record, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	sys := authz.SystemRead(ctx)
	ids := make([]int, len(rows))
	var actorIDs []int
	for i, r := range rows {
		ids[i] = r.ID
		if r.ActorID != nil {
			actorIDs = append(actorIDs, *r.ActorID)
		}
	}
	objs, err := c.AuditObject.Query().Where(auditobject.RecordIDIn(ids...)).Order(ent.Asc(auditobject.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	byRecord := map[int][]*Object{}
	for _, o := range objs {
		byRecord[o.RecordID] = append(byRecord[o.RecordID], presentObject(schema, v, o))
	}
	// The actors the viewer may read, with the viewer's own filters.
	actors := map[int]*ent.Person{}
	if len(actorIDs) > 0 {
		ps, err := c.Person.Query().Where(person.IDIn(actorIDs...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			actors[p.ID] = p
		}
	}
	out := make([]*Record, len(rows))
	for i, r := range rows {
		rec := &Record{ID: r.ID, At: r.At, Operation: r.Operation, Reason: r.Reason, Rules: r.Rules, Objects: byRecord[r.ID], ActorKind: ActorCockpit}
		if rec.Rules == nil {
			rec.Rules = []string{}
		}
		if r.ActorID != nil {
			rec.ActorKind = ActorHidden
			if p := actors[*r.ActorID]; p != nil {
				rec.Actor, rec.ActorKind = p, ActorPerson
			}
		}
		out[i] = rec
	}
	return out, nil
}

func presentObject(schema *ast.Schema, v *viewer.Viewer, o *ent.AuditObject) *Object {
	out := &Object{ObjectType: o.ObjectType, Action: string(o.Action), Changes: []*FieldChange{}, Links: []*LinkChange{}}
	if !visible(v, o) {
		out.Hidden = true
		return out
	}
	id := o.ObjectID
	out.ObjectID = &id
	def := schema.Types[o.ObjectType]
	names := make([]string, 0, len(o.Fields))
	for k := range o.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, stored := range names {
		fc := o.Fields[stored]
		name, isID, shown := graphQLField(def, stored)
		ch := &FieldChange{Field: name}
		if !shown || !authz.AuditFieldReadable(v, o.ObjectType, o.ObjectID, stored) {
			ch.Masked = true
		} else {
			ch.Before, ch.After = jsonValue(fc.Before, isID), jsonValue(fc.After, isID)
		}
		out.Changes = append(out.Changes, ch)
	}
	edges := make([]string, 0, len(o.Links))
	for k := range o.Links {
		edges = append(edges, k)
	}
	slices.Sort(edges)
	for _, e := range edges {
		lc := o.Links[e]
		out.Links = append(out.Links, &LinkChange{Edge: apperr.GraphQLName(e), Added: orEmpty(lc.Added), Removed: orEmpty(lc.Removed)})
	}
	return out
}

// graphQLField names a stored field as the GraphQL type does: its
// camel-cased name, or for an amount in minor units (…_cents) the Money
// field without the suffix. shown is false when the type has no such field.
func graphQLField(def *ast.Definition, stored string) (name string, isID, shown bool) {
	name = apperr.GraphQLName(stored)
	if def == nil {
		return name, false, false
	}
	if f := def.Fields.ForName(name); f != nil {
		return name, f.Type.Name() == "ID", true
	}
	if base, ok := strings.CutSuffix(stored, "_cents"); ok {
		if f := def.Fields.ForName(apperr.GraphQLName(base)); f != nil {
			return f.Name, false, true
		}
	}
	return name, false, false
}

// jsonValue is a stored value as the API shows it: IDs as global IDs.
func jsonValue(v any, isID bool) any {
	if v == nil {
		return nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		var x any
		if json.Unmarshal(raw, &x) != nil {
			return nil
		}
		v = x
	}
	if isID {
		switch n := v.(type) {
		case float64:
			return gid.Encode(int(n))
		case json.Number:
			if i, err := n.Int64(); err == nil {
				return gid.Encode(int(i))
			}
		}
	}
	return v
}

func orEmpty(ids []int) []int {
	if ids == nil {
		return []int{}
	}
	return ids
}
