package money

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/coopnetwork/cockpit/internal/validate"
)

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		cents    int64
		currency string
		ok       bool
	}{
		{12345, "EUR", true},
		{0, "CHF", true},
		{-5, "USD", true},
		{100, "JPY", true},
		{math.MaxInt64, "KWD", true},
		{1, "", false},
		{1, "eur", false},
		{1, "EURO", false},
		{1, "XYZ", false},
	} {
		m, err := New(tc.cents, tc.currency)
		if tc.ok {
			if err != nil || m != (Money{tc.cents, tc.currency}) {
				t.Errorf("New(%d, %q) = %v, %v", tc.cents, tc.currency, m, err)
			}
			continue
		}
		if !errors.Is(err, validate.ErrUnknownCurrency) || m != (Money{}) {
			t.Errorf("New(%d, %q) = %v, %v; want ErrUnknownCurrency", tc.cents, tc.currency, m, err)
		}
	}
	if _, err := Zero("GBP"); err != nil {
		t.Errorf("Zero(GBP): %v", err)
	}
	if err := (Money{}).Validate(); err == nil {
		t.Error("zero Money validates")
	}
	if s := (Money{12345, "EUR"}).String(); s != "12345 EUR" {
		t.Errorf("String = %q", s)
	}
}

func mustNew(t *testing.T, cents int64, currency string) Money {
	t.Helper()
	m, err := New(cents, currency)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAddSub(t *testing.T) {
	eur := func(c int64) Money { return mustNew(t, c, "EUR") }
	for _, tc := range []struct {
		a, b     Money
		sum, dif int64
		sumErr   error
		difErr   error
	}{
		{a: eur(150), b: eur(250), sum: 400, dif: -100},
		{a: eur(-7), b: eur(7), sum: 0, dif: -14},
		{a: eur(math.MaxInt64), b: eur(0), sum: math.MaxInt64, dif: math.MaxInt64},
		{a: eur(math.MaxInt64), b: eur(1), sumErr: ErrOverflow, dif: math.MaxInt64 - 1},
		{a: eur(math.MinInt64), b: eur(-1), sumErr: ErrOverflow, dif: math.MinInt64 + 1},
		{a: eur(math.MinInt64), b: eur(1), sum: math.MinInt64 + 1, difErr: ErrOverflow},
		{a: eur(math.MaxInt64), b: eur(-1), sum: math.MaxInt64 - 1, difErr: ErrOverflow},
		{a: eur(0), b: eur(math.MinInt64), sum: math.MinInt64, difErr: ErrOverflow},
		{a: eur(-1), b: eur(math.MinInt64), sumErr: ErrOverflow, dif: math.MaxInt64},
		{a: eur(math.MaxInt64), b: eur(math.MinInt64), sum: -1, difErr: ErrOverflow},
		{a: eur(5), b: mustNew(t, 5, "USD"), sumErr: ErrCurrencyMismatch, difErr: ErrCurrencyMismatch},
	} {
		s, err := tc.a.Add(tc.b)
		if tc.sumErr != nil {
			if !errors.Is(err, tc.sumErr) {
				t.Errorf("%v + %v: err %v, want %v", tc.a, tc.b, err, tc.sumErr)
			}
		} else if err != nil || s != (Money{tc.sum, "EUR"}) {
			t.Errorf("%v + %v = %v, %v; want %d", tc.a, tc.b, s, err, tc.sum)
		}
		d, err := tc.a.Sub(tc.b)
		if tc.difErr != nil {
			if !errors.Is(err, tc.difErr) {
				t.Errorf("%v - %v: err %v, want %v", tc.a, tc.b, err, tc.difErr)
			}
		} else if err != nil || d != (Money{tc.dif, "EUR"}) {
			t.Errorf("%v - %v = %v, %v; want %d", tc.a, tc.b, d, err, tc.dif)
		}
	}
}

// TestAddSubRandom checks AddCents/SubCents against math/big, including
// values near the int64 limits.
func TestAddSubRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	minI, maxI := big.NewInt(math.MinInt64), big.NewInt(math.MaxInt64)
	fits := func(x *big.Int) bool { return x.Cmp(minI) >= 0 && x.Cmp(maxI) <= 0 }
	for range 20000 {
		a, b := randInt64(rng), randInt64(rng)
		for _, op := range []struct {
			name string
			f    func(a, b int64) (int64, error)
			ref  func(x, y *big.Int) *big.Int
		}{
			{"+", AddCents, func(x, y *big.Int) *big.Int { return new(big.Int).Add(x, y) }},
			{"-", SubCents, func(x, y *big.Int) *big.Int { return new(big.Int).Sub(x, y) }},
		} {
			want := op.ref(big.NewInt(a), big.NewInt(b))
			got, err := op.f(a, b)
			if !fits(want) {
				if !errors.Is(err, ErrOverflow) {
					t.Fatalf("%d %s %d = %d, %v; want ErrOverflow", a, op.name, b, got, err)
				}
			} else if err != nil || got != want.Int64() {
				t.Fatalf("%d %s %d = %d, %v; want %s", a, op.name, b, got, err, want)
			}
		}
	}
}

// randInt64 returns int64s of all magnitudes, with the limits and small
// numbers over-represented.
func randInt64(rng *rand.Rand) int64 {
	switch rng.IntN(6) {
	case 0:
		return []int64{0, 1, -1, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}[rng.IntN(7)]
	case 1:
		return rng.Int64N(2001) - 1000
	case 2:
		return math.MaxInt64 - rng.Int64N(1000)
	case 3:
		return math.MinInt64 + rng.Int64N(1000)
	default:
		x := int64(rng.Uint64() >> rng.UintN(64))
		if rng.IntN(2) == 0 {
			x = -x
		}
		return x
	}
}

func TestNegCmpSign(t *testing.T) {
	m := mustNew(t, 250, "EUR")
	n, err := m.Neg()
	if err != nil || n != (Money{-250, "EUR"}) || !n.IsNegative() || m.IsNegative() {
		t.Errorf("Neg(%v) = %v, %v", m, n, err)
	}
	if _, err := (Money{math.MinInt64, "EUR"}).Neg(); !errors.Is(err, ErrOverflow) {
		t.Errorf("Neg(MinInt64): %v", err)
	}
	if n, err := (Money{math.MaxInt64, "EUR"}).Neg(); err != nil || n.Cents != -math.MaxInt64 {
		t.Errorf("Neg(MaxInt64) = %v, %v", n, err)
	}
	if z := (Money{0, "EUR"}); !z.IsZero() || z.IsNegative() {
		t.Error("zero")
	}
	for _, tc := range []struct {
		a, b int64
		want int
	}{{1, 2, -1}, {2, 1, 1}, {3, 3, 0}, {math.MinInt64, math.MaxInt64, -1}, {-1, -2, 1}} {
		if c, err := (Money{tc.a, "EUR"}).Cmp(Money{tc.b, "EUR"}); err != nil || c != tc.want {
			t.Errorf("Cmp(%d, %d) = %d, %v", tc.a, tc.b, c, err)
		}
	}
	if _, err := m.Cmp(Money{250, "CHF"}); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("Cmp across currencies: %v", err)
	}
}

func TestPercentOf(t *testing.T) {
	for _, tc := range []struct {
		amount  int64
		percent int
		want    int64
	}{
		{100000, 10, 10000},   // PM charge 10 % of 1,000.00
		{1234567, 10, 123457}, // 123456.7 → up
		{1234564, 10, 123456}, // 123456.4 → down
		{1234565, 10, 123457}, // 123456.5 → half up
		{1, 50, 1},            // 0.5 → 1
		{1, 49, 0},            // 0.49 → 0
		{1, 75, 1},
		{1, 25, 0},
		{3, 50, 2}, // 1.5 → 2
		{5, 50, 3}, // 2.5 → 3 (half up, not to even)
		{7, 0, 0},
		{7, 100, 7},
		{0, 75, 0},
		{-5, 50, -3}, // symmetric: −2.5 → −3
		{-1234565, 10, -123457},
		{-1234564, 10, -123456},
		{math.MaxInt64, 100, math.MaxInt64},
		{math.MinInt64, 100, math.MinInt64},
		{math.MaxInt64, 50, 4611686018427387904}, // 4611686018427387903.5 → up
		{math.MinInt64, 50, math.MinInt64 / 2},
		{math.MaxInt64, 1, 92233720368547758},    // …758.07
		{math.MaxInt64, 99, 9131138316486228049}, // …048.93
	} {
		if got := PercentOf(tc.amount, tc.percent); got != tc.want {
			t.Errorf("PercentOf(%d, %d) = %d, want %d", tc.amount, tc.percent, got, tc.want)
		}
	}
	for _, p := range []int{-1, 101, 1000} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("PercentOf(1, %d) did not panic", p)
				}
			}()
			PercentOf(1, p)
		}()
		if err := ValidatePercent(p); !errors.Is(err, ErrInvalidPercent) {
			t.Errorf("ValidatePercent(%d) = %v", p, err)
		}
	}
	for _, p := range []int{0, 1, 75, 100} {
		if err := ValidatePercent(p); err != nil {
			t.Errorf("ValidatePercent(%d) = %v", p, err)
		}
	}
}

// roundHalfAway is the reference rounding: num/den (den > 0) rounded to the
// nearest integer, exact halves away from zero.
func roundHalfAway(num, den *big.Int) *big.Int {
	abs := new(big.Int).Abs(num)
	q, r := new(big.Int).QuoRem(abs, den, new(big.Int))
	if new(big.Int).Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if num.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

func TestPercentOfRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		a, p := randInt64(rng), rng.IntN(101)
		want := roundHalfAway(new(big.Int).Mul(big.NewInt(a), big.NewInt(int64(p))), big.NewInt(100))
		if got := PercentOf(a, p); got != want.Int64() || !want.IsInt64() {
			t.Fatalf("PercentOf(%d, %d) = %d, want %s", a, p, got, want)
		}
		if a != math.MinInt64 && PercentOf(-a, p) != -PercentOf(a, p) {
			t.Fatalf("PercentOf(%d, %d) not symmetric", a, p)
		}
	}
}

func TestCostOfMinutes(t *testing.T) {
	for _, tc := range []struct {
		minutes, rate int64
		want          int64
		err           error
	}{
		{60, 9000, 9000, nil},
		{90, 9000, 13500, nil},
		{1, 100, 2, nil},      // 1.666… → 2
		{3, 100, 5, nil},      // exactly 5: round once per sum, not 3 × 2
		{1, 30, 1, nil},       // 0.5 → 1 (half up)
		{1, 29, 0, nil},       // 0.4833… → 0
		{1, 31, 1, nil},       // 0.5166… → 1
		{7, 90, 11, nil},      // 10.5 → 11
		{45, 8550, 6413, nil}, // 6412.5 → 6413
		{0, 9000, 0, nil},
		{480, 0, 0, nil},
		{-1, 30, -1, nil}, // symmetric
		{-90, 9000, -13500, nil},
		{math.MaxInt64, 60, math.MaxInt64, nil},
		{60, math.MaxInt64, math.MaxInt64, nil},
		{math.MinInt64, 60, math.MinInt64, nil},
		{math.MaxInt64, 61, 0, ErrOverflow},
		{math.MaxInt64, math.MaxInt64, 0, ErrOverflow},
		{math.MinInt64, math.MinInt64, 0, ErrOverflow},
		{math.MinInt64, 61, 0, ErrOverflow},
		{1 << 40, 1 << 40, 0, ErrOverflow},
		{1_000_000 * 60, 1_000_000_00, 100_000_000_000_000, nil}, // a million hours at 1,000,000.00/h
	} {
		got, err := CostOfMinutes(tc.minutes, tc.rate)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("CostOfMinutes(%d, %d) = %d, %v; want %v", tc.minutes, tc.rate, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("CostOfMinutes(%d, %d) = %d, %v; want %d", tc.minutes, tc.rate, got, err, tc.want)
		}
	}
}

func TestCostOfMinutesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 30000 {
		var m, r int64
		if i%2 == 0 { // realistic sizes
			m, r = rng.Int64N(1_000_000), rng.Int64N(100_000)
		} else {
			m, r = randInt64(rng), randInt64(rng)
		}
		want := roundHalfAway(new(big.Int).Mul(big.NewInt(m), big.NewInt(r)), big.NewInt(60))
		got, err := CostOfMinutes(m, r)
		if !want.IsInt64() {
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("CostOfMinutes(%d, %d) = %d, %v; want ErrOverflow", m, r, got, err)
			}
			continue
		}
		if err != nil || got != want.Int64() {
			t.Fatalf("CostOfMinutes(%d, %d) = %d, %v; want %s", m, r, got, err, want)
		}
	}
}
