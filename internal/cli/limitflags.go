package cli

import (
	"time"

	"github.com/coopnetwork/cockpit/internal/server"
)

// limitFlags are serve's abuse limits (README, "Limits").
type limitFlags struct {
	depth, complexity, aliases, defaultFirst, maxFirst, apqCache *int
	maxBody                                                      *int64
	timeout                                                      *time.Duration
	introspection                                                *bool
}

func (f *flags) limits() limitFlags {
	return limitFlags{
		depth:         f.int("max-depth", server.DefaultMaxDepth, "deepest field nesting an operation may have"),
		complexity:    f.int("max-complexity", server.DefaultMaxComplexity, "highest estimated cost of an operation (connections cost first × their items)"),
		aliases:       f.int("max-aliases", server.DefaultMaxAliases, "most aliased fields in an operation"),
		defaultFirst:  f.int("default-page-size", server.DefaultPageSize, "page size of a connection queried without first or last"),
		maxFirst:      f.int("max-page-size", server.DefaultMaxPageSize, "largest first or last accepted"),
		apqCache:      f.int("apq-cache-size", server.DefaultAPQCacheSize, "automatic persisted queries kept (least recently used dropped)"),
		maxBody:       f.int64("max-body-bytes", server.DefaultMaxBodyBytes, "largest request body accepted (413 PAYLOAD_TOO_LARGE above)"),
		timeout:       f.duration("request-timeout", server.DefaultTimeout, "longest a request may run (TIMEOUT after)"),
		introspection: f.bool("introspection", true, "answer __schema and __type (GraphiQL needs them)"),
	}
}
