package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/entsql"

	"github.com/coopnetwork/cockpit/internal/validate"
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
	validateCurrency = validate.Currency
	validateSlug     = validate.Slug
	validateEmail    = validate.Email
)

// privateField marks a field only some viewers may read: it is null for the
// others, so it must not be usable in where filters or orderBy either (those
// would reveal it by elimination).
func privateField() entgql.Annotation {
	return entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)
}

// privateRequiredField is privateField for a field every row has: entgql
// would declare it non-null, so its nullable GraphQL declaration is written
// by hand in graph/schema/cockpit.graphql.
func privateRequiredField() entgql.Annotation {
	return entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipOrderField)
}

// moneyField marks an amount in minor units: GraphQL shows it as a Money
// (amount and currency) declared by hand in graph/schema/cockpit.graphql,
// and takes it as a MoneyInput, so the generated Int field, its filters
// (meaningless across currencies) and the generated input fields go.
func moneyField() entgql.Annotation {
	return entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipOrderField,
		entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
}

// crossNetworkEdge marks an edge that can reach rows of networks the viewer
// does not take part in (a coop or person in several networks). Reading the
// edge is filtered by the privacy rules, but a hasXWith predicate in the
// parent's where input would test the unfiltered rows, so the edge offers no
// where input at all.
const crossNetworkEdge = entgql.SkipWhereInput

// bylawsField marks a bylaws field of a coop or network: set when it is
// founded (createCoop, createNetwork) and changed only by a passed bylaws
// decision (internal/governance), so it is not in the update input.
func bylawsField() entgql.Annotation {
	return entgql.Skip(entgql.SkipMutationUpdateInput)
}
