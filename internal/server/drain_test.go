package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestShutdownEndsStreamsButDrainsRequests: closing Done (on SIGTERM) cancels
// open subscription streams, while an ordinary query or mutation already
// running keeps its context and finishes (regression: every in-flight
// request was cancelled, so draining answered errors).
func TestShutdownEndsStreamsButDrainsRequests(t *testing.T) {
	for _, tc := range []struct {
		name      string
		header    http.Header
		cancelled bool
	}{
		{"query", http.Header{"Content-Type": {"application/json"}}, false},
		{"websocket", http.Header{"Upgrade": {"websocket"}}, true},
		{"sse", http.Header{"Accept": {"text/event-stream"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan struct{})
			inside := make(chan struct{})
			var cancelled bool
			h := withLive(done, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(inside)
				select {
				case <-r.Context().Done():
					cancelled = true
				case <-time.After(300 * time.Millisecond):
				}
			}))
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			req.Header = tc.header
			finished := make(chan struct{})
			go func() { h.ServeHTTP(httptest.NewRecorder(), req); close(finished) }()
			<-inside
			close(done)
			<-finished
			if cancelled != tc.cancelled {
				t.Errorf("cancelled on shutdown: %v, want %v", cancelled, tc.cancelled)
			}
		})
	}
}
