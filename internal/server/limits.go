package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/coopnetwork/cockpit/internal/apperr"
)

// Limits are the abuse limits every GraphQL operation is checked against
// after it parsed and validated, before anything runs. Zero fields take the
// defaults below (see README, "Limits").
type Limits struct {
	// MaxDepth caps how deeply fields nest (root fields are depth 1).
	MaxDepth int
	// MaxComplexity caps the estimated cost of an operation (cost model below).
	MaxComplexity int
	// MaxAliases caps the aliased fields of an operation, fragments expanded.
	MaxAliases int
	// DefaultFirst is the page size of a connection queried without first
	// and last; MaxFirst the largest first or last accepted.
	DefaultFirst int
	MaxFirst     int
	// MaxTokens caps the lexical tokens of a query document: parsing and
	// validating stop there (GRAPHQL_PARSE_FAILED), whatever the body size.
	MaxTokens int
	// MaxFields caps the field selections written in a query document
	// (fragments counted once). It is checked before validation, whose
	// cost grows with the square of the fields of one selection set.
	MaxFields int
	// DisableIntrospection refuses __schema and __type (GraphiQL needs them,
	// so they are on by default).
	DisableIntrospection bool
}

// Default limits: generous for every query of the README and the apps, far
// below what hurts the database. The complexity limit matches the order of
// magnitude of public GraphQL APIs (GitHub allows 500,000 nodes per call):
// three nested connections at the default page size pass, four do not.
const (
	DefaultMaxDepth      = 15
	DefaultMaxComplexity = 500_000
	DefaultMaxAliases    = 30
	DefaultMaxTokens     = 10_000
	DefaultMaxFields     = 1_000
	DefaultPageSize      = 50
	DefaultMaxPageSize   = 500
	// listFactor is what a list field without paging (e.g. Viewer.memberships,
	// Pathway.history) multiplies its items' cost by: such lists are small by
	// nature, but not free.
	listFactor = 10
)

func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxComplexity <= 0 {
		l.MaxComplexity = DefaultMaxComplexity
	}
	if l.MaxAliases <= 0 {
		l.MaxAliases = DefaultMaxAliases
	}
	if l.MaxTokens <= 0 {
		l.MaxTokens = DefaultMaxTokens
	}
	if l.MaxFields <= 0 {
		l.MaxFields = DefaultMaxFields
	}
	if l.MaxFirst <= 0 {
		l.MaxFirst = DefaultMaxPageSize
	}
	if l.DefaultFirst <= 0 {
		l.DefaultFirst = DefaultPageSize
	}
	l.DefaultFirst = min(l.DefaultFirst, l.MaxFirst)
	return l
}

// limitsExtension enforces Limits and gives every connection its default
// page size. It is the one place both happen: the operation is rewritten so
// that a connection without first and last reads "first: DefaultFirst",
// which entgql's eager loading (CollectFields) and the resolvers then both
// see. The rewrite works on a copy: parsed documents are cached and shared
// between requests.
//
// Cost model: a field costs 1 plus the cost of its selections. A connection
// multiplies the cost of its edges (or nodes) by its effective page size
// (first or last, else DefaultFirst); totalCount and pageInfo count once. A
// list without paging multiplies its items by 10. Introspection fields cost
// 1 each (their size is bounded by the schema). Fragments count wherever
// they are spread.
type limitsExtension struct{ Limits }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = limitsExtension{}

func (limitsExtension) ExtensionName() string                   { return "CockpitLimits" }
func (limitsExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (x limitsExtension) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	w := &walker{Limits: x.Limits, vars: rc.Variables, doc: rc.Doc,
		frags: map[fragKey]*fragResult{}, byName: map[string]*ast.FragmentDefinition{}}
	ss, m, err := w.set(rc.Operation.SelectionSet, 0, false)
	if err != nil {
		return err
	}
	switch {
	case m.depth > int64(x.MaxDepth):
		return limitError(apperr.QueryTooDeep, x.MaxDepth, m.depth, "the query nests %d levels deep; at most %d are allowed", m.depth, x.MaxDepth)
	case m.aliases > int64(x.MaxAliases):
		return limitError(apperr.TooManyAliases, x.MaxAliases, m.aliases, "the query uses %d aliases; at most %d are allowed", m.aliases, x.MaxAliases)
	case m.cost > int64(x.MaxComplexity):
		return limitError(apperr.QueryTooComplex, x.MaxComplexity, m.cost,
			"the query's estimated cost is %s, above the limit of %d: ask for smaller pages (first) or fewer nested connections",
			costString(m.cost, x.MaxComplexity), x.MaxComplexity)
	}
	// Swap in the rewritten operation and fragments (copies; see above).
	op := *rc.Operation
	op.SelectionSet = ss
	doc := &ast.QueryDocument{Operations: ast.OperationList{&op}, Position: rc.Doc.Position, Comment: rc.Doc.Comment}
	for _, f := range rc.Doc.Fragments {
		if c := w.byName[f.Name]; c != nil {
			doc.Fragments = append(doc.Fragments, c)
		} else {
			doc.Fragments = append(doc.Fragments, f)
		}
	}
	rc.Doc, rc.Operation = doc, &op
	rc.Stats.SetExtension("complexity", m.cost)
	return nil
}

func costString(cost int64, limit int) string {
	if cost > int64(limit)*1000 {
		return fmt.Sprintf("more than %d", int64(limit)*1000)
	}
	return strconv.FormatInt(cost, 10)
}

// limitError is a refusal naming the limit and, unless it is beyond
// counting, the measured value.
func limitError(code apperr.Code, limit int, actual int64, format string, args ...any) *gqlerror.Error {
	ext := map[string]any{"code": string(code), "limit": limit}
	if actual < saturate {
		ext["actual"] = actual
	}
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: ext}
}

// measure is what a selection set adds up to; every number saturates.
type measure struct{ cost, depth, aliases int64 }

// fragKey names a fragment in the context it is spread in: the page size
// of the connection it is spread directly in (0: none) and whether it is
// inside introspection; both change its cost, not its rewrite.
type fragKey struct {
	name          string
	page          int64
	introspection bool
}

type fragResult struct {
	def  *ast.FragmentDefinition
	m    measure
	busy bool
}

type walker struct {
	Limits
	vars   map[string]any
	doc    *ast.QueryDocument
	frags  map[fragKey]*fragResult
	byName map[string]*ast.FragmentDefinition
}

const saturate = math.MaxInt64 / 4

func add(a, b int64) int64 { return min(a+b, saturate) }
func mul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > saturate/b {
		return saturate
	}
	return a * b
}

// set copies and measures a selection set. page > 0 means ss are the
// selections of a connection with that page size.
func (w *walker) set(ss ast.SelectionSet, page int64, introspection bool) (ast.SelectionSet, measure, *gqlerror.Error) {
	out := make(ast.SelectionSet, 0, len(ss))
	var total measure
	for _, sel := range ss {
		var m measure
		switch s := sel.(type) {
		case *ast.Field:
			f, fm, err := w.field(s, page, introspection)
			if err != nil {
				return nil, measure{}, err
			}
			out, m = append(out, f), fm
		case *ast.InlineFragment:
			c := *s
			var err *gqlerror.Error
			if c.SelectionSet, m, err = w.set(s.SelectionSet, page, introspection); err != nil {
				return nil, measure{}, err
			}
			out = append(out, &c)
		case *ast.FragmentSpread:
			r, err := w.fragment(s.Name, page, introspection)
			if err != nil {
				return nil, measure{}, err
			}
			c := *s
			c.Definition = r.def
			out, m = append(out, &c), r.m
		}
		total.cost = add(total.cost, m.cost)
		total.aliases = add(total.aliases, m.aliases)
		total.depth = max(total.depth, m.depth)
	}
	return out, total, nil
}

// fragment copies and measures a fragment definition once per context (it
// may be spread many times: memoising keeps the walk linear in the size of
// the document).
func (w *walker) fragment(name string, page int64, introspection bool) (*fragResult, *gqlerror.Error) {
	key := fragKey{name, page, introspection}
	if r := w.frags[key]; r != nil {
		if r.busy {
			// Validation refuses fragment cycles; never loop all the same.
			return nil, &gqlerror.Error{Message: "fragment " + name + " spreads itself", Extensions: map[string]any{"code": string(apperr.BadUserInput)}}
		}
		return r, nil
	}
	def := w.doc.Fragments.ForName(name)
	if def == nil {
		return nil, &gqlerror.Error{Message: "unknown fragment " + name, Extensions: map[string]any{"code": string(apperr.BadUserInput)}}
	}
	r := &fragResult{busy: true}
	w.frags[key] = r
	c := *def
	ss, m, err := w.set(def.SelectionSet, page, introspection)
	if err != nil {
		return nil, err
	}
	c.SelectionSet = ss
	r.def, r.m, r.busy = &c, m, false
	w.byName[name] = &c
	return r, nil
}

func (w *walker) field(f *ast.Field, page int64, introspection bool) (*ast.Field, measure, *gqlerror.Error) {
	c := *f
	if strings.HasPrefix(f.Name, "__") && f.Name != "__typename" {
		if w.DisableIntrospection {
			return nil, measure{}, &gqlerror.Error{
				Message:    "introspection is disabled on this server",
				Extensions: map[string]any{"code": string(apperr.IntrospectionDisabled)},
				Locations:  []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}},
			}
		}
		introspection = true
	}
	var own measure
	own.cost = 1
	if f.Alias != "" && f.Alias != f.Name {
		own.aliases = 1
	}
	// The multiplier of this field's items.
	var factor int64 = 1
	childPage := int64(0)
	def := f.Definition
	switch {
	case introspection || def == nil:
	case isConnection(def):
		n, args, err := w.page(f)
		if err != nil {
			return nil, measure{}, err
		}
		c.Arguments = args
		childPage = n
	case page > 0 && (f.Name == "edges" || f.Name == "nodes"):
		factor = page
	case def.Type.Elem != nil && len(f.SelectionSet) > 0:
		factor = listFactor
	}
	if len(f.SelectionSet) > 0 {
		ss, m, err := w.set(f.SelectionSet, childPage, introspection)
		if err != nil {
			return nil, measure{}, err
		}
		c.SelectionSet = ss
		own.cost = add(own.cost, mul(factor, m.cost))
		own.aliases = add(own.aliases, m.aliases)
		own.depth = m.depth
	}
	own.depth++
	if own.depth > int64(w.MaxDepth) {
		// Stop early: nothing deeper can make it acceptable.
		return nil, measure{}, limitError(apperr.QueryTooDeep, w.MaxDepth, saturate, // the full depth is not measured
			"the query nests more than %d levels deep", w.MaxDepth)
	}
	return &c, own, nil
}

// isConnection reports whether a field returns a Relay connection with
// paging arguments.
func isConnection(def *ast.FieldDefinition) bool {
	return strings.HasSuffix(def.Type.Name(), "Connection") && def.Arguments.ForName("first") != nil
}

// page returns the effective page size of a connection field and its
// arguments with the default page size filled in when first and last are
// both absent (or null). First or last above MaxFirst is refused.
func (w *walker) page(f *ast.Field) (int64, ast.ArgumentList, *gqlerror.Error) {
	vals := f.ArgumentMap(w.vars)
	var n int64
	for _, name := range []string{"first", "last"} {
		v, ok := intValue(vals[name])
		if !ok {
			continue
		}
		if v > int64(w.MaxFirst) {
			return 0, nil, &gqlerror.Error{
				Message: fmt.Sprintf("%s may be at most %d (asked for %d on %s); page through the rest with after/before", name, w.MaxFirst, v, f.Name),
				Extensions: map[string]any{"code": string(apperr.BadUserInput), "field": name,
					"limit": w.MaxFirst},
				Locations: []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}},
			}
		}
		n = max(n, v)
	}
	_, hasFirst := intValue(vals["first"])
	_, hasLast := intValue(vals["last"])
	if hasFirst || hasLast {
		return max(n, 1), f.Arguments, nil
	}
	args := make(ast.ArgumentList, 0, len(f.Arguments)+1)
	for _, a := range f.Arguments {
		if a.Name != "first" && a.Name != "last" {
			args = append(args, a)
		}
	}
	argDef := f.Definition.Arguments.ForName("first")
	args = append(args, &ast.Argument{
		Name:     "first",
		Position: f.Position,
		Value: &ast.Value{
			Kind: ast.IntValue, Raw: strconv.Itoa(w.DefaultFirst),
			ExpectedType: argDef.Type, Position: f.Position,
		},
	})
	return int64(w.DefaultFirst), args, nil
}

// intValue reads an Int argument as the parser (int64) or a variable
// (json.Number, float64, int) gives it; nil is "not given".
func intValue(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case float64:
		return int64(v), true
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// fieldsExtension refuses documents with more than MaxFields field
// selections before gqlgen validates them: validation compares the fields of
// a selection set pairwise, so 5,000 copies of one field cost seconds of CPU.
// Documents already in the query cache passed before and are not parsed
// again.
type fieldsExtension struct {
	Limits
	cache graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = fieldsExtension{}

func (fieldsExtension) ExtensionName() string                   { return "CockpitFieldCount" }
func (fieldsExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (x fieldsExtension) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if raw.Query == "" {
		return nil
	}
	if _, ok := x.cache.Get(ctx, raw.Query); ok {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: raw.Query}, x.MaxTokens)
	if err != nil {
		return nil // gqlgen parses again and reports the error with its code
	}
	n := 0
	var count func(ast.SelectionSet)
	count = func(ss ast.SelectionSet) {
		for _, sel := range ss {
			switch s := sel.(type) {
			case *ast.Field:
				n++
				count(s.SelectionSet)
			case *ast.InlineFragment:
				count(s.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		count(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		count(f.SelectionSet)
	}
	if n > x.MaxFields {
		return limitError(apperr.QueryTooComplex, x.MaxFields, int64(n),
			"the query selects %d fields; at most %d are allowed", n, x.MaxFields)
	}
	return nil
}
