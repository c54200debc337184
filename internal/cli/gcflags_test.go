package cli

import (
	"log/slog"
	"runtime/debug"
	"testing"
)

// TestApplyGCPercent: serve sets the collector's target, unless GOGC is in
// the environment (the runtime follows it already).
func TestApplyGCPercent(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	logger := slog.New(slog.DiscardHandler)
	for _, tc := range []struct {
		name string
		env  map[string]string
		want int
	}{
		{"default", nil, DefaultGCPercent},
		{"GOGC set", map[string]string{"GOGC": "80"}, 100},
	} {
		debug.SetGCPercent(100)
		ApplyGCPercent(DefaultGCPercent, func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }, logger)
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("%s: GC percent %d, want %d", tc.name, got, tc.want)
		}
	}
}
