package cli

import (
	"time"

	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
)

// limitFlags are serve's abuse limits (README, "Limits").
type limitFlags struct {
	depth, complexity, aliases, tokens, fields, defaultFirst, maxFirst, apqCache *int
	concurrent                                                                   *int
	maxBody                                                                      *int64
	timeout                                                                      *time.Duration
	introspection                                                                *bool
}

func (f *flags) limits() limitFlags {
	return limitFlags{
		depth:         f.int("max-depth", server.DefaultMaxDepth, "deepest field nesting an operation may have"),
		complexity:    f.int("max-complexity", server.DefaultMaxComplexity, "highest estimated cost of an operation (connections cost first × their items)"),
		aliases:       f.int("max-aliases", server.DefaultMaxAliases, "most aliased fields in an operation"),
		tokens:        f.int("max-tokens", server.DefaultMaxTokens, "most lexical tokens in a query document (parsing stops there)"),
		fields:        f.int("max-fields", server.DefaultMaxFields, "most field selections written in a query document (checked before validation)"),
		defaultFirst:  f.int("default-page-size", server.DefaultPageSize, "page size of a connection queried without first or last"),
		maxFirst:      f.int("max-page-size", server.DefaultMaxPageSize, "largest first or last accepted"),
		apqCache:      f.int("apq-cache-size", server.DefaultAPQCacheSize, "automatic persisted queries kept (least recently used dropped)"),
		maxBody:       f.int64("max-body-bytes", server.DefaultMaxBodyBytes, "largest request body accepted (413 PAYLOAD_TOO_LARGE above)"),
		timeout:       f.duration("request-timeout", server.DefaultTimeout, "longest a request may run (TIMEOUT after)"),
		concurrent:    f.int("max-concurrent-requests", server.DefaultMaxConcurrent(), "requests of an endpoint that run at once (subscriptions not counted); the others wait their turn in arrival order, within --request-timeout. Raise it when the database is far away (a request waits for about 5 statements) or requests are slow; 0: no limit"),
		introspection: f.bool("introspection", true, "answer __schema and __type (GraphiQL needs them)"),
	}
}

// poolFlags are serve's database connection pool settings.
type poolFlags struct {
	maxOpen, maxIdle      *int
	maxLifetime, maxIdleT *time.Duration
	prepared              *bool
}

func (f *flags) pool() poolFlags {
	return poolFlags{
		maxOpen:     f.int("db-max-open-conns", 25, "most open database connections (requests beyond wait for one)"),
		maxIdle:     f.int("db-max-idle-conns", 25, "idle database connections kept for reuse (as many as --db-max-open-conns by default: a connection closed on return must prepare its statements again)"),
		maxLifetime: f.duration("db-conn-max-lifetime", 30*time.Minute, "close database connections older than this (0: never)"),
		maxIdleT:    f.duration("db-conn-max-idle-time", 5*time.Minute, "close database connections idle longer than this"),
		prepared:    f.bool("db-prepared-statements", true, "PostgreSQL: prepare each statement once per connection and reuse it; false behind a transaction-mode pooler without prepared statements (PgBouncer before 1.21)"),
	}
}

func (p poolFlags) options() store.Options {
	return store.Options{MaxOpenConns: *p.maxOpen, MaxIdleConns: *p.maxIdle, ConnMaxLifetime: *p.maxLifetime, ConnMaxIdleTime: *p.maxIdleT, NoPreparedStatements: !*p.prepared}
}
