// Package money holds Cockpit's money arithmetic: amounts in integer minor
// units of an ISO-4217 currency, exact percentages, the cost of time worked,
// largest-remainder splits for surplus distribution and budget reports.
//
// There are no floats anywhere in this package. Every rounding step is
// explicit, exact and documented; every operation that could leave the int64
// range reports ErrOverflow instead of wrapping around. The package is pure:
// no database, no clock, no I/O. Callers map its sentinel errors to API
// error codes (all of them are BAD_USER_INPUT from a client's point of view,
// except ErrOverflow, which realistic data never reaches).
package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/coopnetwork/cockpit/internal/validate"
)

var (
	// ErrCurrencyMismatch is returned when two amounts of different
	// currencies are combined. Cockpit never converts currencies.
	ErrCurrencyMismatch = errors.New("currencies differ")
	// ErrOverflow is returned when a result does not fit into int64 minor units.
	ErrOverflow = errors.New("amount out of range")
	// ErrNegative is returned for a negative input where only zero or more
	// makes sense (a surplus, a weight, minutes worked, a rate, a budget).
	ErrNegative = errors.New("must not be negative")
	// ErrInvalidPercent is returned for a percentage outside 0..100.
	ErrInvalidPercent = errors.New("percent must be between 0 and 100")
	// ErrNoBasis is returned when a positive amount is to be split but all
	// weights are zero (e.g. nobody worked any hours): there is nothing to
	// split it in proportion to.
	ErrNoBasis = errors.New("nothing to distribute in proportion to: all weights are zero")
)

// MaxAmount is the largest amount Cockpit keeps or reports, in minor units:
// 2^53 − 1, the largest integer a JavaScript client reads exactly (the
// GraphQL MinorUnits scalar refuses anything beyond ±MaxAmount). Inputs are
// bounded so that every derived figure stays within it as well:
//
//   - a project's total ≤ MaxAmount, and shares + PM charge ≤ total, so the
//     allocated sum of any set of its shares ≤ MaxAmount;
//   - a share's hourly rate ≤ MaxHourlyRate, so one entry (≤ 1,440 minutes)
//     costs at most 24 × MaxHourlyRate ≤ MaxAmount;
//   - what was spent on a project (Σ over its shares of minutes × rate,
//     rounded once per share) ≤ MaxAmount: a time entry (or a rate) that
//     would bring it higher is refused (internal/invariant);
//
// hence for a share, a project or a coop's part of a project: spent and the
// last four weeks' spend ≤ MaxAmount, the burn rate ≤ MaxAmount / 4 + the
// number of shares (one rounding each, far below the margin), remaining =
// allocated − spent within ±MaxAmount. Intermediate products use 128 bits.
const MaxAmount = 1<<53 - 1

// MaxHourlyRate is the highest hourly rate of a share: a full day (1,440
// minutes, the most a person logs on a day) at it costs at most MaxAmount.
const MaxHourlyRate = MaxAmount / 24

// Money is an amount of money: an integer number of minor units of an
// ISO-4217 currency.
//
// Cents holds minor units of Currency, whatever they are called and however
// many there are per major unit: euro cents for EUR (1/100), yen for JPY
// (no minor unit, so 1 JPY = 1), fils for KWD (1/1000). Cockpit never
// converts between currencies and never formats with a decimal point here;
// it only adds, subtracts and compares amounts of the same currency.
//
// The zero value has no currency and is not valid; build values with New.
type Money struct {
	Cents    int64
	Currency string
}

// New returns cents minor units of currency. The currency must be an active
// ISO-4217 code in upper case (validate.Currency); the returned error
// then wraps validate.ErrUnknownCurrency.
func New(cents int64, currency string) (Money, error) {
	m := Money{Cents: cents, Currency: currency}
	if err := m.Validate(); err != nil {
		return Money{}, err
	}
	return m, nil
}

// Zero returns no money in currency, validated like New.
func Zero(currency string) (Money, error) { return New(0, currency) }

// Validate reports whether m's currency is an active ISO-4217 code.
func (m Money) Validate() error {
	if err := validate.Currency(m.Currency); err != nil {
		return fmt.Errorf("currency %q: %w", m.Currency, err)
	}
	return nil
}

// String returns the amount in minor units followed by the currency code,
// e.g. "12345 EUR" for 123.45 EUR. It is meant for logs and error messages.
func (m Money) String() string { return fmt.Sprintf("%d %s", m.Cents, m.Currency) }

func (m Money) sameCurrency(o Money) error {
	if m.Currency != o.Currency {
		return fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	return nil
}

// Add returns m + o. It fails with ErrCurrencyMismatch when the currencies
// differ and with ErrOverflow when the sum leaves the int64 range.
func (m Money) Add(o Money) (Money, error) {
	if err := m.sameCurrency(o); err != nil {
		return Money{}, err
	}
	s, err := AddCents(m.Cents, o.Cents)
	if err != nil {
		return Money{}, err
	}
	return Money{Cents: s, Currency: m.Currency}, nil
}

// Sub returns m − o. It fails with ErrCurrencyMismatch when the currencies
// differ and with ErrOverflow when the difference leaves the int64 range.
func (m Money) Sub(o Money) (Money, error) {
	if err := m.sameCurrency(o); err != nil {
		return Money{}, err
	}
	d, err := SubCents(m.Cents, o.Cents)
	if err != nil {
		return Money{}, err
	}
	return Money{Cents: d, Currency: m.Currency}, nil
}

// Neg returns −m. Only the smallest int64 has no negation (ErrOverflow).
func (m Money) Neg() (Money, error) {
	if m.Cents == math.MinInt64 {
		return Money{}, ErrOverflow
	}
	return Money{Cents: -m.Cents, Currency: m.Currency}, nil
}

// IsNegative reports whether m is less than zero.
func (m Money) IsNegative() bool { return m.Cents < 0 }

// IsZero reports whether m is zero (of any currency).
func (m Money) IsZero() bool { return m.Cents == 0 }

// Cmp compares m and o: −1 if m < o, 0 if equal, +1 if m > o. Amounts of
// different currencies are not comparable (ErrCurrencyMismatch).
func (m Money) Cmp(o Money) (int, error) {
	if err := m.sameCurrency(o); err != nil {
		return 0, err
	}
	switch {
	case m.Cents < o.Cents:
		return -1, nil
	case m.Cents > o.Cents:
		return 1, nil
	}
	return 0, nil
}

// AddCents returns a + b, or ErrOverflow when the sum leaves the int64 range.
func AddCents(a, b int64) (int64, error) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, ErrOverflow
	}
	return s, nil
}

// SubCents returns a − b, or ErrOverflow when the difference leaves the
// int64 range.
func SubCents(a, b int64) (int64, error) {
	d := a - b
	if (b < 0 && d < a) || (b > 0 && d > a) {
		return 0, ErrOverflow
	}
	return d, nil
}

// ValidatePercent accepts whole percentages from 0 to 100 inclusive.
func ValidatePercent(percent int) error {
	if percent < 0 || percent > 100 {
		return fmt.Errorf("%w (got %d)", ErrInvalidPercent, percent)
	}
	return nil
}

// PercentOf returns percent % of amount in minor units, computed exactly
// (128-bit intermediate, no floats) and rounded once, half up: a result of
// exactly .5 minor units goes to the next unit away from zero, anything
// below .5 is dropped. For negative amounts the rounding is symmetric
// (PercentOf(−a, p) == −PercentOf(a, p)).
//
// Examples: the PM charge of a 12,345.67 EUR budget at 10 % is
// PercentOf(1234567, 10) = 123457 (123456.7 rounds up); 75 % of 1 cent is
// 1 (0.75), 50 % of 1 cent is 1 (0.5), 25 % of 1 cent is 0 (0.25).
//
// percent must be in 0..100, which also guarantees the result fits in int64;
// PercentOf panics otherwise, so validate user input with ValidatePercent
// first.
func PercentOf(amount int64, percent int) int64 {
	if err := ValidatePercent(percent); err != nil {
		panic("money.PercentOf: " + err.Error())
	}
	r, err := mulDivHalfUp(amount, int64(percent), 100)
	if err != nil {
		// Unreachable: |amount| × percent / 100 ≤ |amount| for percent ≤ 100.
		panic("money.PercentOf: " + err.Error())
	}
	return r
}

// CostOfMinutes returns what minutes of work cost at hourlyRateCents minor
// units per hour: minutes × hourlyRateCents / 60, computed exactly and rounded
// once, half up (away from zero; symmetric for negative inputs). It fails with
// ErrOverflow when the result leaves the int64 range.
//
// Round once per sum of minutes, not per entry: the caller sums the minutes
// of all time entries of a share first and calls CostOfMinutes once. Rounding
// every entry would drift (three entries of 1 minute at 1.00/h cost
// 3 × round(1.67) = 6 cents, but 3 minutes cost round(5.00) = 5 cents).
func CostOfMinutes(minutes int64, hourlyRateCents int64) (int64, error) {
	return mulDivHalfUp(minutes, hourlyRateCents, 60)
}

// mulDivHalfUp returns a × b / d rounded half away from zero, with an exact
// 128-bit intermediate product. d must be positive.
func mulDivHalfUp(a, b int64, d uint64) (int64, error) {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	if hi >= d { // quotient would need more than 64 bits
		return 0, ErrOverflow
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // 2r ≥ d: the fraction is at least one half
		if q == math.MaxUint64 {
			return 0, ErrOverflow
		}
		q++
	}
	return signed(q, neg)
}

// abs64 returns |a| as uint64; |MinInt64| = 2^63 fits.
func abs64(a int64) uint64 {
	if a < 0 {
		return uint64(-a) // -MinInt64 wraps to MinInt64, whose uint64 is 2^63
	}
	return uint64(a)
}

// signed returns q or −q as int64, or ErrOverflow when it does not fit.
func signed(q uint64, neg bool) (int64, error) {
	if neg {
		if q > 1<<63 {
			return 0, ErrOverflow
		}
		return int64(-q), nil // −2^63 becomes MinInt64
	}
	if q > math.MaxInt64 {
		return 0, ErrOverflow
	}
	return int64(q), nil
}
