package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/money"
)

// moneyOf shows an amount in minor units as Money.
func moneyOf(cents int64, currency string) *money.Money {
	return &money.Money{Cents: cents, Currency: currency}
}

// optMoney is moneyOf for a private or optional amount: nil stays nil.
func optMoney(cents *int64, currency string) *money.Money {
	if cents == nil {
		return nil
	}
	return moneyOf(*cents, currency)
}

// MoneyInputs carries the MoneyInput fields of generated ent inputs
// (CreateProjectInput.totalBudget, Coop and Person amounts) from their input
// resolvers to the mutation resolver: the generated input structs have no
// place for an amount with its currency. gqlgen resolves a root field's
// arguments and then the field inside InterceptRootField, so the values of
// one mutation field never mix with another's.
type MoneyInputs struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.RootFieldInterceptor
} = MoneyInputs{}

// ExtensionName implements graphql.HandlerExtension.
func (MoneyInputs) ExtensionName() string { return "CockpitMoneyInputs" }

// Validate implements graphql.HandlerExtension.
func (MoneyInputs) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptRootField gives each root field its own holder.
func (MoneyInputs) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	return next(context.WithValue(ctx, moneyInputsKey{}, &moneyInputs{}))
}

type moneyInputsKey struct{}

type moneyInputs struct {
	mu     sync.Mutex
	values map[string]money.Money
	// rules holds decision rules given in generated inputs (bylaws.go).
	rules map[string]decision.Rules
}

// putMoney checks an input field's Money and keeps it for the mutation
// resolver. The amounts of generated inputs are never negative; errors name
// the API field, not the column behind it.
func putMoney(ctx context.Context, field string, m *money.Money) error {
	h, _ := ctx.Value(moneyInputsKey{}).(*moneyInputs)
	if h == nil {
		return apperr.New(apperr.Internal, "money inputs are not set up")
	}
	if m == nil {
		return nil // an explicit null changes nothing
	}
	if err := m.Validate(); err != nil {
		return apperr.InvalidField(field, "%s: %v", field, err)
	}
	if m.Cents < 0 {
		return apperr.InvalidField(field, "%s: must not be negative", field)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.values == nil {
		h.values = map[string]money.Money{}
	}
	h.values[field] = *m
	return nil
}

// takeMoney returns the Money given for field, if any.
func takeMoney(ctx context.Context, field string) (money.Money, bool) {
	h, _ := ctx.Value(moneyInputsKey{}).(*moneyInputs)
	if h == nil {
		return money.Money{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m, ok := h.values[field]
	return m, ok
}

// coopMoney applies buyIn and budgetChangeThreshold to a coop mutation and
// returns the context to save it with: it carries the currencies given, which
// the Coop hooks (ent/schema) check against the coop's currency once the write
// is authorized. On create without a currency, the amounts' currency is the
// coop's.
func coopMoney(ctx context.Context, m *ent.CoopMutation) context.Context {
	given := money.Given{}
	for _, f := range []struct {
		name string
		set  func(int64)
	}{
		{"buyIn", m.SetBuyInCents},
		{"budgetChangeThreshold", m.SetBudgetChangeThresholdCents},
	} {
		v, ok := takeMoney(ctx, f.name)
		if !ok {
			continue
		}
		if _, set := m.Currency(); !set && m.Op().Is(ent.OpCreate) {
			m.SetCurrency(v.Currency)
		}
		f.set(v.Cents)
		given[f.name] = v.Currency
	}
	return money.WithGiven(ctx, given)
}

// personMoney applies hourlyRate (any currency) to a person mutation.
func personMoney(ctx context.Context, m *ent.PersonMutation) {
	if v, ok := takeMoney(ctx, "hourlyRate"); ok {
		m.SetHourlyRateCents(v.Cents)
		m.SetRateCurrency(v.Currency)
	}
}
