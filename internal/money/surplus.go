package money

import (
	"cmp"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
)

// LargestRemainder splits total minor units (≥ 0) into len(weights) parts in
// proportion to the non-negative weights (e.g. minutes each member worked),
// by the largest-remainder (Hamilton) method:
//
//  1. every part gets the floor of its exact share total × w_i / W, where W
//     is the sum of all weights;
//  2. the k units still missing (k < number of non-zero weights) go, one
//     each, to the parts with the largest remainders of that division; equal
//     remainders are broken by the lower index.
//
// So the parts always sum to total exactly, every part is the floor or the
// ceiling of its exact share (a part whose exact share is a whole number gets
// exactly that; a zero weight gets zero), and the result depends only on the
// inputs, never on map order or randomness. Callers that want a tie-break
// other than input order sort the weights first (e.g. by member ID).
//
// All arithmetic is exact: products are 128-bit, and math/big takes over when
// the sum of the weights no longer fits in 64 bits.
//
// Errors: ErrNegative for a negative total or weight; ErrNoBasis when total is
// positive but all weights are zero (or there are none). A total of zero
// splits into zeros, whatever the weights.
func LargestRemainder(total int64, weights []int64) ([]int64, error) {
	if total < 0 {
		return nil, fmt.Errorf("total %d: %w", total, ErrNegative)
	}
	var wHi, wLo uint64 // W as a 128-bit number
	for i, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("weight %d (%d): %w", i, w, ErrNegative)
		}
		var c uint64
		wLo, c = bits.Add64(wLo, uint64(w), 0)
		wHi += c // at most len(weights) < 2^64 carries
	}
	parts := make([]int64, len(weights))
	if wHi == 0 && wLo == 0 {
		if total == 0 {
			return parts, nil
		}
		return nil, ErrNoBasis
	}
	if total == 0 {
		return parts, nil
	}
	if wHi == 0 {
		largestRemainder64(parts, total, weights, wLo)
	} else {
		largestRemainderBig(parts, total, weights, wHi, wLo)
	}
	return parts, nil
}

// largestRemainder64 is LargestRemainder for a weight sum W < 2^64: the
// product total × w < 2^63 × W needs 128 bits, its quotient by W fits in 64.
func largestRemainder64(parts []int64, total int64, weights []int64, w uint64) {
	rems := make([]uint64, len(weights))
	var assigned int64
	for i, wi := range weights {
		hi, lo := bits.Mul64(uint64(total), uint64(wi))
		q, r := bits.Div64(hi, lo, w) // hi < w because q ≤ total
		parts[i] = int64(q)
		rems[i] = r
		assigned += int64(q) // Σ floors ≤ total
	}
	giveLeftover(parts, total-assigned, func(i, j int) int { return cmp.Compare(rems[i], rems[j]) })
}

// largestRemainderBig is LargestRemainder for a weight sum W ≥ 2^64.
func largestRemainderBig(parts []int64, total int64, weights []int64, wHi, wLo uint64) {
	w := new(big.Int).SetUint64(wHi)
	w.Lsh(w, 64).Or(w, new(big.Int).SetUint64(wLo))
	t := big.NewInt(total)
	rems := make([]*big.Int, len(weights))
	var assigned int64
	for i, wi := range weights {
		prod := new(big.Int).Mul(t, big.NewInt(wi))
		q, r := prod.QuoRem(prod, w, new(big.Int))
		parts[i] = q.Int64() // q ≤ total
		rems[i] = r
		assigned += parts[i]
	}
	giveLeftover(parts, total-assigned, func(i, j int) int { return rems[i].Cmp(rems[j]) })
}

// giveLeftover adds one unit to each of the left parts with the largest
// remainders (cmpRem compares the remainders of two indexes), lower index
// first among equal remainders. left is smaller than the number of parts with
// a non-zero remainder, so no part is pushed past the ceiling of its share.
func giveLeftover(parts []int64, left int64, cmpRem func(i, j int) int) {
	if left == 0 {
		return
	}
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		if c := cmpRem(j, i); c != 0 { // larger remainder first
			return c
		}
		return cmp.Compare(i, j) // then lower index
	})
	for _, i := range order[:left] {
		parts[i]++
	}
}

// Distribute computes a surplus distribution (patronage): percent % of
// surplus, rounded half up by PercentOf, is distributed in proportion to
// basis (e.g. minutes each member worked for the coop in the fiscal year) by
// LargestRemainder; the rest is retained by the coop.
//
// Always distributed + retained == surplus and Σ parts == distributed,
// exactly. A negative surplus is a loss, and a loss is not distributed
// (ErrNegative); percent outside 0..100 is ErrInvalidPercent; a positive
// distributed amount with no hours worked at all is ErrNoBasis.
func Distribute(surplus int64, percent int, basis []int64) (parts []int64, distributed, retained int64, err error) {
	if surplus < 0 {
		return nil, 0, 0, fmt.Errorf("surplus %d: %w (a loss is not distributed)", surplus, ErrNegative)
	}
	if err := ValidatePercent(percent); err != nil {
		return nil, 0, 0, err
	}
	distributed = PercentOf(surplus, percent)
	retained = surplus - distributed // 0 ≤ distributed ≤ surplus
	parts, err = LargestRemainder(distributed, basis)
	if err != nil {
		return nil, 0, 0, err
	}
	return parts, distributed, retained, nil
}
