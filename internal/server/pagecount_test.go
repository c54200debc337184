package server_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestRootTotalCountInThePageStatement: a root connection's first or last
// page with totalCount costs one statement, its count taken in the page's
// own statement (a scalar subquery, ent/template/pagination_count.tmpl, issue
// 19); a page after a cursor, first: 0 and a count without edges count with
// a statement of their own; pageInfo with edges counts nothing. Whatever the
// way, totalCount is the same: every row the filters keep, not only the
// page's.
func TestRootTotalCountInThePageStatement(t *testing.T) {
	counter := &testkit.CountingDriver{}
	e := newEnv(t, store.Options{WrapDriver: counter.Wrap()})
	_, persons, c := connectionFixture(t, e)
	total := len(persons)

	c.MustDo(`{ __typename }`, nil, nil) // the token's first request fills the viewer cache
	counter.Reset()
	c.MustDo(`{ __typename }`, nil, nil)
	viewer := counter.Count() // the token's person and the viewer: none once cached

	var first struct{ Persons personConn }
	decode(t, c.Do(`{ persons(first: 3) { `+personConnFields+` } }`, nil), &first)
	cursor := first.Persons.Edges[2].Cursor

	for _, tc := range []struct {
		name, query  string
		vars         map[string]any
		statements   int64
		count, edges int // count -1: totalCount not asked for
		hasNext      bool
	}{
		{"first page", `{ persons(first: 3) { ` + personConnFields + ` } }`, nil, 1, total, 3, true},
		{"whole list in one page", `{ persons(first: 50) { ` + personConnFields + ` } }`, nil, 1, total, total, false},
		{"last page", `{ persons(last: 2) { ` + personConnFields + ` } }`, nil, 1, total, 2, false},
		{"ordered first page", `{ persons(first: 4, orderBy: {field: CITY, direction: DESC}) { ` + personConnFields + ` } }`, nil, 1, total, 4, true},
		{"filtered first page", `{ persons(first: 2, where: {city: "Dresden"}) { ` + personConnFields + ` } }`, nil, 1, 3, 2, true},
		{"filter that keeps nothing", `{ persons(first: 2, where: {city: "Paris"}) { ` + personConnFields + ` } }`, nil, 1, 0, 0, false},
		{"page after a cursor", `query($a: Cursor) { persons(first: 3, after: $a) { ` + personConnFields + ` } }`, map[string]any{"a": cursor}, 2, total, 3, true},
		{"first: 0", `{ persons(first: 0) { totalCount pageInfo { hasNextPage } } }`, nil, 1, total, 0, true},
		{"count without edges", `{ persons(first: 3) { totalCount } }`, nil, 1, total, 0, false},
		{"pageInfo without edges", `{ persons(first: 3) { pageInfo { hasNextPage } } }`, nil, 1, -1, 0, true},
		{"pageInfo with edges, no count", `{ persons(first: 3) { pageInfo { hasNextPage } edges { node { id } } } }`, nil, 1, -1, 3, true},
		{"coops", `{ coops(first: 2) { totalCount pageInfo { hasNextPage } edges { node { id } } } }`, nil, 1, 5, 2, true},
	} {
		counter.Reset()
		var got struct{ Persons, Coops personConn }
		decode(t, c.Do(tc.query, tc.vars), &got)
		conn := got.Persons
		if tc.name == "coops" {
			conn = got.Coops
		}
		if n := counter.Count() - viewer; n != tc.statements {
			t.Errorf("%s: %d statements besides the viewer's, want %d", tc.name, n, tc.statements)
		}
		if tc.count >= 0 && conn.TotalCount != tc.count {
			t.Errorf("%s: totalCount %d, want %d", tc.name, conn.TotalCount, tc.count)
		}
		if len(conn.Edges) != tc.edges {
			t.Errorf("%s: %d edges, want %d", tc.name, len(conn.Edges), tc.edges)
		}
		if conn.PageInfo.HasNextPage != tc.hasNext {
			t.Errorf("%s: hasNextPage %v, want %v", tc.name, conn.PageInfo.HasNextPage, tc.hasNext)
		}
	}
}
