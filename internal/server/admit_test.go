package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestAdmitQueues: with one slot, requests that arrive while it is taken
// wait and then run one at a time; a stream is not held back; a request
// whose deadline passes while it waits gets 503 TIMEOUT with Retry-After
// and never runs.
func TestAdmitQueues(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan string, 10)
	var running, most atomic.Int64
	h := admit(1, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("n")
		if name != "stream" {
			most.Store(max(most.Load(), running.Add(1)))
			defer running.Add(-1)
		}
		entered <- name
		if name == "first" {
			<-release
		}
	})).(*gate)
	serve := func(ctx context.Context, name string, hdr http.Header) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql?n="+name, nil).WithContext(ctx)
		for k, v := range hdr {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var wg sync.WaitGroup
	wg.Go(func() { serve(context.Background(), "first", nil) })
	if got := <-entered; got != "first" {
		t.Fatalf("entered %s", got)
	}
	for _, name := range []string{"second", "third"} {
		wg.Go(func() { serve(context.Background(), name, nil) })
	}
	waitFor(t, func() bool { return h.waiting.Load() == 2 })
	if rec := serve(context.Background(), "stream", http.Header{"Accept": {"text/event-stream"}}); rec.Code != http.StatusOK {
		t.Errorf("a stream waited or failed: %d", rec.Code)
	}
	if got := <-entered; got != "stream" {
		t.Fatalf("entered %s while the slot was taken, want only the stream", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	rec := serve(ctx, "late", nil)
	var body struct {
		Errors []struct{ Extensions map[string]any }
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" ||
		len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "TIMEOUT" {
		t.Errorf("past its deadline in the queue: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if n := h.waiting.Load(); n != 2 {
		t.Errorf("%d waiting after the late request left, want 2", n)
	}
	close(release)
	wg.Wait()
	close(entered)
	var after []string
	for name := range entered {
		after = append(after, name)
	}
	if len(after) != 2 || most.Load() != 1 || h.waiting.Load() != 0 {
		t.Errorf("after the release ran %v (want second and third), at most %d at once (want 1), %d still waiting", after, most.Load(), h.waiting.Load())
	}
}

// waitFor polls cond until it holds (10 s at most).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
