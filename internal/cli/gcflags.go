package cli

import (
	"log/slog"
	"runtime/debug"
)

// DefaultGCPercent is serve's GOGC. A request allocates many small
// short-lived objects (about 80 per directory request) while the live heap
// stays small (tens of MiB), so the collector's work follows how often it
// runs: at 250 instead of Go's 100 it runs 2.5 times less often. Measured
// under the directory load of scripts/peerbench.sh: about 15 % more
// requests per second and a lower p99 for about 20 MiB more memory.
const DefaultGCPercent = 250

func (f *flags) gcPercent() *int {
	return f.int("gc-percent", DefaultGCPercent, "garbage collector target: the heap may grow this many percent over the live heap before a collection (Go's GOGC; GOGC in the environment wins; with a memory limit, set GOMEMLIMIT too)")
}

// ApplyGCPercent sets the collector's target unless the operator set GOGC,
// which the runtime already follows.
func ApplyGCPercent(percent int, env Env, logger *slog.Logger) {
	if v, ok := env("GOGC"); ok && v != "" {
		logger.Info("garbage collector target from GOGC", "gogc", v)
		return
	}
	debug.SetGCPercent(percent)
}
