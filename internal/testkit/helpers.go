package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	entmigrate "github.com/coopnetwork/cockpit/ent/migrate"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/store"
)

// Must returns v, or stops the test with t.Fatal when err is not nil (a
// fixture that cannot be built is a broken test, not a finding). It takes
// the (value, error) pair first so that a builder's result passes straight
// in, and the test second:
//
//	p := testkit.Must(c.Person.Create().SetName("Anna").Save(ctx))(t)
//
// Call it from the test's goroutine (t.Fatal ends only the goroutine it runs
// in); a Must without its (t) checks nothing, which TestMustIsAlwaysApplied
// catches.
func Must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
		return v
	}
}

// MustOrPanic returns v and panics on err: Must for fixture code that has no
// testing.TB at hand. Prefer Must.
func MustOrPanic[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("fixture: %v", err))
	}
	return v
}

// ID returns the opaque GraphQL ID of an ent ID.
func ID(entID int) string { return gid.Encode(entID) }

// DecodeID returns the ent ID of a GraphQL ID, failing the test if it is not one.
func DecodeID(t testing.TB, id string) int {
	t.Helper()
	n, err := gid.Decode(id)
	if err != nil {
		t.Fatalf("decoding ID %q: %v", id, err)
	}
	return n
}

// Post is Do without a testing.TB: it returns what went wrong instead of
// failing the test, so goroutines (see Race) may call it.
func (c *Client) Post(query string, vars map[string]any) (*Response, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, c.endpoint(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range c.Header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out := &Response{Status: res.StatusCode}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return nil, fmt.Errorf("decoding response (status %d): %w", res.StatusCode, err)
	}
	return out, nil
}

// Race sends the requests at the same moment (each on its own goroutine,
// released together by a start barrier once all of them run) and returns
// their responses in order. A request that could not be sent fails the test.
func Race(t testing.TB, reqs ...func() (*Response, error)) []*Response {
	t.Helper()
	out := make([]*Response, len(reqs))
	errs := make([]error, len(reqs))
	start := make(chan struct{})
	var ready, done sync.WaitGroup
	for i, req := range reqs {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			out[i], errs[i] = req()
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	return out
}

// RowCounts counts the rows of every table of the ent schema (join tables
// included), straight from the database.
func RowCounts(t testing.TB, db *store.DB) map[string]int {
	t.Helper()
	counts := make(map[string]int, len(entmigrate.Tables))
	for _, tbl := range entmigrate.Tables {
		var n int
		if err := db.SQL.QueryRowContext(context.Background(), `SELECT count(*) FROM "`+tbl.Name+`"`).Scan(&n); err != nil {
			t.Fatalf("counting %s: %v", tbl.Name, err)
		}
		counts[tbl.Name] = n
	}
	return counts
}

// NothingWritten compares two RowCounts snapshots: a denied or failed
// write must leave every table as it was.
func NothingWritten(t testing.TB, before, after map[string]int) {
	t.Helper()
	for table, n := range before {
		if after[table] != n {
			t.Errorf("table %s: %d rows before, %d after the refused write", table, n, after[table])
		}
	}
}

// OK asserts that res succeeded (HTTP 200, no errors) and decodes its data
// into out (if not nil).
func OK(t testing.TB, res *Response, out any) {
	t.Helper()
	if res.Status != http.StatusOK || len(res.Errors) > 0 {
		t.Fatalf("want success, got HTTP %d, errors %+v (data %s)", res.Status, res.Errors, res.Data)
	}
	if out != nil {
		if err := json.Unmarshal(res.Data, out); err != nil {
			t.Fatalf("decoding %s: %v", res.Data, err)
		}
	}
}

// OnlyError asserts that res failed with exactly one error of code (and,
// when field is not empty, extensions.field == field: an Errorf), no data,
// and a message a client can act on; it returns that error.
func OnlyError(t testing.TB, res *Response, code, field string) Error {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("want exactly one %s error, got %d: %+v (data %s)", code, len(res.Errors), res.Errors, res.Data)
	}
	e := res.Errors[0]
	if e.Code() != code {
		t.Fatalf("want code %s, got %q: %+v (data %s)", code, e.Code(), e, res.Data)
	}
	if got, _ := e.Extensions["field"].(string); field != "" && got != field {
		t.Errorf("want extensions.field %q, got %q (%+v)", field, got, e)
	}
	if strings.TrimSpace(e.Message) == "" || e.Message == "internal error" {
		t.Fatalf("want a message a client can act on, got %q", e.Message)
	}
	if len(res.Data) > 0 && string(res.Data) != "null" {
		var data map[string]any
		if err := json.Unmarshal(res.Data, &data); err != nil {
			t.Fatalf("decoding %s: %v", res.Data, err)
		}
		for k, v := range data {
			if v != nil {
				t.Fatalf("want no data with the error, got %s = %v", k, v)
			}
		}
	}
	return e
}

// WaitTimeout is how long the Wait helpers wait for what they wait for
// before they fail the test.
const WaitTimeout = 10 * time.Second

// Events returns the live-update broker of the client's server.
func (c *Client) Events() events.Broker { return c.events }

// WaitSubscribers waits until the client's server has exactly n
// subscriptions of topic (see WaitSubscribers).
func (c *Client) WaitSubscribers(topic events.Topic, n int) {
	c.t.Helper()
	WaitSubscribers(c.t, c.events, topic, n)
}

// WaitSubscribers waits until broker b has exactly n subscriptions of topic:
// a test subscribes, waits for the broker to register the subscription, and
// only then makes the change it expects an event of. It fails the test after
// WaitTimeout.
func WaitSubscribers(t testing.TB, b events.Broker, topic events.Topic, n int) {
	t.Helper()
	o, ok := b.(events.Observable)
	if !ok {
		t.Fatalf("the broker %T does not tell its subscriptions", b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
	defer cancel()
	if err := o.WaitSubscribers(ctx, topic, n); err != nil {
		t.Fatal(err)
	}
}

// PollUntil polls cond until it holds and reports whether it did within
// timeout: for conditions that nothing signals (e.g. goroutines that have
// ended). Prefer waiting on an event (WaitSubscribers, a channel) where
// there is one.
func PollUntil(timeout time.Duration, cond func() bool) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline.C:
			return cond()
		}
	}
	return true
}

// Weighted draws the index of one of the weights, each in proportion to
// its weight: how the randomized model tests pick their next operation.
func Weighted(r *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// Get sends GET url with header (nil: none) and returns the response with
// its whole body read: for the endpoints beside /graphql (exports, the
// résumé) and GraphQL over GET.
func Get(t testing.TB, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}
