package money

import "testing"

func TestBasisPointsOf(t *testing.T) {
	for _, tc := range []struct {
		amount int64
		bp     int
		want   int64
	}{
		{12345, 500, 617}, // 6.1725 -> 6.17
		{20, 250, 1},      // 0.005 -> 0.01 (half up)
		{19, 250, 0},      // 0.00475 -> 0.00
		{4999, 1, 0},      // 0.004999 -> 0.00
		{5000, 1, 1},      // 0.005 -> 0.01
		{-20, 250, -1},    // symmetric
		{100000, 10000, 100000},
		{100000, 0, 0},
		{0, 500, 0},
		{9_223_372_036_854_775_807, 10000, 9_223_372_036_854_775_807},
	} {
		got, err := BasisPointsOf(tc.amount, tc.bp)
		if err != nil || got != tc.want {
			t.Errorf("BasisPointsOf(%d, %d) = %d, %v; want %d", tc.amount, tc.bp, got, err, tc.want)
		}
	}
	for _, bp := range []int{-1, 10001} {
		if _, err := BasisPointsOf(100, bp); err != ErrInvalidBasisPoints {
			t.Errorf("BasisPointsOf(100, %d): %v", bp, err)
		}
	}
}
