package money

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestLargestRemainder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   int64
		weights []int64
		want    []int64
		err     error
	}{
		{"even", 300, []int64{1, 1, 1}, []int64{100, 100, 100}, nil},
		{"thirds tie to lower index", 100, []int64{1, 1, 1}, []int64{34, 33, 33}, nil},
		{"two leftovers", 200, []int64{1, 1, 1}, []int64{67, 67, 66}, nil},
		{"largest remainder wins", 10, []int64{1, 2, 4}, []int64{1, 3, 6}, nil}, // 1.43, 2.86, 5.71
		{"hours worked", 750000, []int64{9600, 4800, 2400, 0}, []int64{428571, 214286, 107143, 0}, nil},
		{"zero weight gets nothing", 1, []int64{0, 5, 0}, []int64{0, 1, 0}, nil},
		{"one cent, many members", 1, []int64{3, 3, 3, 3}, []int64{1, 0, 0, 0}, nil},
		{"one cent, larger later weight", 1, []int64{3, 4, 3}, []int64{0, 1, 0}, nil},
		{"exact shares untouched", 99, []int64{1, 2, 0, 30}, []int64{3, 6, 0, 90}, nil},
		{"single", 12345, []int64{7}, []int64{12345}, nil},
		{"zero total", 0, []int64{1, 2}, []int64{0, 0}, nil},
		{"zero total no weights", 0, []int64{0, 0}, []int64{0, 0}, nil},
		{"zero total empty", 0, nil, []int64{}, nil},
		{"max total", math.MaxInt64, []int64{1, 1}, []int64{math.MaxInt64/2 + 1, math.MaxInt64 / 2}, nil},
		{"max weights", 10, []int64{math.MaxInt64, math.MaxInt64}, []int64{5, 5}, nil},
		{"weights sum beyond 64 bits", 100, []int64{math.MaxInt64, math.MaxInt64, math.MaxInt64}, []int64{34, 33, 33}, nil},
		{"big path remainders", 10, []int64{math.MaxInt64, math.MaxInt64 / 2, math.MaxInt64, 1}, []int64{4, 2, 4, 0}, nil},
		{"negative total", -1, []int64{1}, nil, ErrNegative},
		{"negative weight", 10, []int64{1, -1}, nil, ErrNegative},
		{"no basis", 10, []int64{0, 0}, nil, ErrNoBasis},
		{"no members", 10, nil, nil, ErrNoBasis},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := LargestRemainder(tc.total, tc.weights)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || got != nil {
					t.Fatalf("= %v, %v; want %v", got, err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) || got == nil {
				t.Fatalf("= %v, %v; want %v", got, err, tc.want)
			}
			checkSplit(t, tc.total, tc.weights, got)
		})
	}
}

// checkSplit verifies a largest-remainder split against exact rational
// arithmetic: the parts sum to total, each is within one unit of (and the
// floor or ceiling of) its exact share, and the units above the floors went
// to the largest remainders, ties to the lower index.
func checkSplit(t *testing.T, total int64, weights, parts []int64) {
	t.Helper()
	if len(parts) != len(weights) {
		t.Fatalf("%d parts for %d weights", len(parts), len(weights))
	}
	var sum int64
	w := new(big.Int)
	for i, p := range parts {
		sum += p
		w.Add(w, big.NewInt(weights[i]))
	}
	if sum != total {
		t.Fatalf("total %d, weights %v: parts %v sum to %d", total, weights, parts, sum)
	}
	if total == 0 {
		return
	}
	one := big.NewRat(1, 1)
	fracs := make([]*big.Rat, len(parts))
	up := make([]bool, len(parts))
	for i, p := range parts {
		exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(total), big.NewInt(weights[i])), w)
		diff := new(big.Rat).Sub(new(big.Rat).SetInt64(p), exact)
		if new(big.Rat).Abs(diff).Cmp(one) >= 0 {
			t.Fatalf("total %d, weights %v: part %d = %d, exact share %s", total, weights, i, p, exact.FloatString(4))
		}
		floor := new(big.Int).Quo(exact.Num(), exact.Denom()) // exact ≥ 0
		fracs[i] = new(big.Rat).Sub(exact, new(big.Rat).SetInt(floor))
		switch p - floor.Int64() {
		case 0:
		case 1:
			up[i] = true
			if fracs[i].Sign() == 0 {
				t.Fatalf("total %d, weights %v: whole share %d rounded up", total, weights, i)
			}
		default:
			t.Fatalf("total %d, weights %v: part %d = %d is not floor or ceil of %s", total, weights, i, p, exact.FloatString(4))
		}
	}
	for i := range parts {
		for j := range parts {
			if !up[i] || up[j] {
				continue
			}
			if c := fracs[i].Cmp(fracs[j]); c < 0 || (c == 0 && i > j) {
				t.Fatalf("total %d, weights %v: part %d rounded up (remainder %s) but not part %d (remainder %s)",
					total, weights, i, fracs[i].FloatString(6), j, fracs[j].FloatString(6))
			}
		}
	}
}

// randWeights returns n weights of a random scale: realistic minutes,
// small integers full of ties, or huge values that push the weight sum past
// 64 bits; some are zero.
func randWeights(rng *rand.Rand, n int) []int64 {
	ws := make([]int64, n)
	scale := rng.IntN(4)
	for i := range ws {
		if rng.IntN(8) == 0 {
			continue // zero weight
		}
		switch scale {
		case 0: // minutes worked in a year
			ws[i] = rng.Int64N(2000 * 60)
		case 1: // few distinct values: many ties
			ws[i] = 1 + rng.Int64N(3)
		case 2:
			ws[i] = math.MaxInt64 - rng.Int64N(3)
		default:
			ws[i] = int64(rng.Uint64() >> (1 + rng.UintN(63)))
		}
	}
	return ws
}

func randTotal(rng *rand.Rand) int64 {
	switch rng.IntN(4) {
	case 0:
		return rng.Int64N(100)
	case 1:
		return rng.Int64N(10_000_000_00) // up to 10 million
	case 2:
		return math.MaxInt64 - rng.Int64N(100)
	default:
		return int64(rng.Uint64() >> (1 + rng.UintN(63)))
	}
}

func TestLargestRemainderRandom(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		rng := rand.New(rand.NewPCG(seed, 42))
		for range 4000 {
			total := randTotal(rng)
			weights := randWeights(rng, 1+rng.IntN(30))
			parts, err := LargestRemainder(total, weights)
			if slices.Max(weights) == 0 {
				if total > 0 && !errors.Is(err, ErrNoBasis) {
					t.Fatalf("total %d, weights %v: err %v, want ErrNoBasis", total, weights, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("total %d, weights %v: %v", total, weights, err)
			}
			checkSplit(t, total, weights, parts)
			again, _ := LargestRemainder(total, slices.Clone(weights))
			if !slices.Equal(parts, again) {
				t.Fatalf("total %d, weights %v: %v then %v", total, weights, parts, again)
			}
			// Scaling all weights by the same factor changes nothing.
			if slices.Max(weights) < math.MaxInt64/7 {
				scaled := slices.Clone(weights)
				for i := range scaled {
					scaled[i] *= 7
				}
				if s, _ := LargestRemainder(total, scaled); !slices.Equal(parts, s) {
					t.Fatalf("total %d, weights %v: %v, scaled ×7: %v", total, weights, parts, s)
				}
			}
		}
	}
}

func TestDistribute(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		surplus               int64
		percent               int
		basis                 []int64
		parts                 []int64
		distributed, retained int64
		err                   error
	}{
		{"75 % by hours", 1000000, 75, []int64{9600, 4800, 2400}, []int64{428571, 214286, 107143}, 750000, 250000, nil},
		{"rounding of the percent", 1001, 75, []int64{1, 1}, []int64{376, 375}, 751, 250, nil}, // 750.75 → 751
		{"everything", 10, 100, []int64{1, 1, 1}, []int64{4, 3, 3}, 10, 0, nil},
		{"nothing", 10, 0, []int64{1, 1}, []int64{0, 0}, 0, 10, nil},
		{"nothing, nobody worked", 10, 0, []int64{0}, []int64{0}, 0, 10, nil},
		{"zero surplus", 0, 75, []int64{60, 120}, []int64{0, 0}, 0, 0, nil},
		{"half a cent rounds up", 1, 50, []int64{1, 1}, []int64{1, 0}, 1, 0, nil},
		{"loss", -100, 75, []int64{1}, nil, 0, 0, ErrNegative},
		{"percent too high", 100, 101, []int64{1}, nil, 0, 0, ErrInvalidPercent},
		{"percent negative", 100, -1, []int64{1}, nil, 0, 0, ErrInvalidPercent},
		{"nobody worked", 100, 75, []int64{0, 0}, nil, 0, 0, ErrNoBasis},
		{"negative hours", 100, 75, []int64{5, -1}, nil, 0, 0, ErrNegative},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts, d, r, err := Distribute(tc.surplus, tc.percent, tc.basis)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || parts != nil || d != 0 || r != 0 {
					t.Fatalf("= %v, %d, %d, %v; want %v", parts, d, r, err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(parts, tc.parts) || d != tc.distributed || r != tc.retained {
				t.Fatalf("= %v, %d, %d, %v; want %v, %d, %d", parts, d, r, err, tc.parts, tc.distributed, tc.retained)
			}
		})
	}
}

func TestDistributeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		surplus, percent := randTotal(rng), rng.IntN(101)
		basis := randWeights(rng, 1+rng.IntN(20))
		if slices.Max(basis) == 0 {
			basis[0] = 1
		}
		parts, d, r, err := Distribute(surplus, percent, basis)
		if err != nil {
			t.Fatalf("Distribute(%d, %d, %v): %v", surplus, percent, basis, err)
		}
		if d != PercentOf(surplus, percent) || d+r != surplus || d < 0 || r < 0 {
			t.Fatalf("Distribute(%d, %d, %v): distributed %d, retained %d", surplus, percent, basis, d, r)
		}
		checkSplit(t, d, basis, parts)
	}
}
