package money

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestLineNet(t *testing.T) {
	for _, c := range []struct {
		name          string
		qMilli, price int64
		want          int64
	}{
		{"one unit", 1000, 12345, 12345},
		{"1.5 x 33.33 = 49.995 rounds up", 1500, 3333, 5000},
		{"1.5 x 33.31 = 49.965 rounds up", 1500, 3331, 4997},
		{"0.333 x 0.01 = 0.00333 rounds down", 333, 1, 0},
		{"0.5 x 0.01 = 0.005 rounds away from zero", 500, 1, 1},
		{"0.499 x 0.01 rounds down", 499, 1, 0},
		{"negated: -0.5 x 0.01 = -0.005 rounds away from zero", -500, 1, -1},
		{"negated: -1.5 x 33.33", -1500, 3333, -5000},
		{"zero quantity", 0, 99999, 0},
		{"2.25 h x 85.00", 2250, 8500, 19125},
		{"7.333 h x 95.50 = 700.3015", 7333, 9550, 70030},
	} {
		got, err := LineNet(c.qMilli, c.price)
		if err != nil || got != c.want {
			t.Errorf("%s: LineNet(%d, %d) = %d, %v; want %d", c.name, c.qMilli, c.price, got, err, c.want)
		}
	}
	if _, err := LineNet(math.MaxInt64, math.MaxInt64); err != ErrOverflow {
		t.Errorf("overflow: got %v", err)
	}
}

func TestVATOf(t *testing.T) {
	for _, c := range []struct {
		name string
		net  int64
		rate int
		want int64
	}{
		{"19 % of 100.00", 10000, 1900, 1900},
		{"19 % of 0.05 = 0.0095 rounds up", 5, 1900, 1},
		{"19 % of 0.02 = 0.0038 rounds down", 2, 1900, 0},
		{"7 % of 12.50 = 0.875 rounds up", 1250, 700, 88},
		{"19 % of 49.97 = 9.4943", 4997, 1900, 949},
		{"19 % of 0.50 = 0.095 half rounds away", 50, 1900, 10},
		{"negated: 19 % of -0.50", -50, 1900, -10},
		{"negated: 7 % of -12.50", -1250, 700, -88},
		{"0 %", 123456, 0, 0},
		{"100 %", 123456, 10000, 123456},
		{"16 % of 33.33 = 5.3328", 3333, 1600, 533},
		{"5.5 % of 10.10 = 0.5555", 1010, 550, 56},
	} {
		if got := VATOf(c.net, c.rate); got != c.want {
			t.Errorf("%s: VATOf(%d, %d) = %d, want %d", c.name, c.net, c.rate, got, c.want)
		}
	}
	for _, bad := range []int{-1, 10001} {
		if ValidateVATRate(bad) == nil {
			t.Errorf("rate %d accepted", bad)
		}
	}
}

// TestInvoiceRoundingRandom checks LineNet and VATOf against exact rational
// arithmetic, and that negating the inputs negates the results (a credit
// note is the exact opposite of its invoice).
func TestInvoiceRoundingRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	for range 20000 {
		q := rng.Int64N(2_000_000) - 1_000_000
		p := rng.Int64N(10_000_000)
		r := rng.IntN(MaxVATRate + 1)
		net, err := LineNet(q, p)
		if err != nil {
			t.Fatal(err)
		}
		want := roundHalfAway(new(big.Int).Mul(big.NewInt(q), big.NewInt(p)), big.NewInt(1000)).Int64()
		if net != want {
			t.Fatalf("LineNet(%d, %d) = %d, want %d", q, p, net, want)
		}
		if neg, _ := LineNet(-q, p); neg != -net {
			t.Fatalf("LineNet(%d, %d) = %d, not -%d", -q, p, neg, net)
		}
		vat := VATOf(net, r)
		wantVAT := roundHalfAway(new(big.Int).Mul(big.NewInt(net), big.NewInt(int64(r))), big.NewInt(10000)).Int64()
		if vat != wantVAT || VATOf(-net, r) != -vat {
			t.Fatalf("VATOf(%d, %d) = %d, want %d (negated %d)", net, r, vat, wantVAT, VATOf(-net, r))
		}
	}
}
