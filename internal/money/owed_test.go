package money

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestOwedOfPaid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name             string
		net, paid, gross int64
		want             int64
		wantErr          bool
	}{
		{"nothing paid", 10000, 0, 11900, 0, false},
		{"fully paid is exactly net", 10000, 11900, 11900, 10000, false},
		{"overpaid is still net", 10000, 20000, 11900, 10000, false},
		{"half paid", 10000, 5950, 11900, 5000, false},
		{"rounded down", 1, 1, 3, 0, false},
		{"rounded down, not half up", 2, 1, 3, 0, false},
		{"two thirds of 100", 100, 200, 300, 66, false},
		{"one cent short of full", 33333, 99999, 100000, 33332, false},
		{"line is the whole invoice", 500, 499, 500, 499, false},
		{"zero line", 0, 50, 100, 0, false},
		{"large amounts do not overflow", MaxAmount, MaxAmount - 1, MaxAmount, MaxAmount - 1, false},
		{"int64 extremes", math.MaxInt64 - 1, math.MaxInt64 - 2, math.MaxInt64, math.MaxInt64 - 3, false},
		{"net above gross", 101, 1, 100, 0, true},
		{"negative net", -1, 1, 100, 0, true},
		{"negative paid", 1, -1, 100, 0, true},
		{"zero gross", 0, 0, 0, 0, true},
	}
	for _, c := range cases {
		got, err := OwedOfPaid(c.net, c.paid, c.gross)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("%s: OwedOfPaid(%d, %d, %d) = %d, %v; want %d, error %v", c.name, c.net, c.paid, c.gross, got, err, c.want, c.wantErr)
		}
	}
}

// TestOwedOfPaidCumulative: whatever the partial payments, the deltas booked
// never go negative, never exceed the line, and sum to exactly the line's
// net once the invoice is paid in full.
func TestOwedOfPaidCumulative(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(17, 4))
	for range 2000 {
		gross := 1 + r.Int64N(1_000_000)
		nets := []int64{}
		rest := gross
		for rest > 0 && len(nets) < 5 {
			n := r.Int64N(rest + 1)
			nets = append(nets, n)
			rest -= n
		}
		paid := int64(0)
		booked := make([]int64, len(nets))
		for paid < gross {
			pay := 1 + r.Int64N(gross-paid)
			before := paid
			paid += pay
			for i, n := range nets {
				a, err := OwedOfPaid(n, before, gross)
				if err != nil {
					t.Fatal(err)
				}
				b, err := OwedOfPaid(n, paid, gross)
				if err != nil {
					t.Fatal(err)
				}
				if b < a || b > n {
					t.Fatalf("line %d of %d: owed went from %d to %d after %d of %d paid", n, gross, a, b, paid, gross)
				}
				booked[i] += b - a
			}
		}
		for i, n := range nets {
			if booked[i] != n {
				t.Fatalf("line %d of gross %d: booked %d in total", n, gross, booked[i])
			}
		}
	}
}
