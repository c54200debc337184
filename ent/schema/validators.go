package schema

import (
	"entgo.io/ent/dialect/entsql"

	"github.com/coopnetwork/cockpit/internal/domain"
)

// Database CHECK constraints shared by several schemas. They repeat the Go
// validators so that rows written outside Cockpit obey the same rules.
func checks(kv ...string) entsql.Annotation {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return entsql.Annotation{Checks: m}
}

// currencyCheck is the portable (SQLite and PostgreSQL) form of "three upper-case letters".
func currencyCheck(column string) string {
	return "length(" + column + ") = 3 AND upper(" + column + ") = " + column
}

var (
	validateCurrency = domain.ValidateCurrency
	validateSlug     = domain.ValidateSlug
	validateEmail    = domain.ValidateEmail
)
