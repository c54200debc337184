package money

import "errors"

// BasisPointsOf returns bp hundredths of a percent of amount (500 = 5 %),
// amount × bp / 10000 computed exactly (128-bit intermediate) and rounded
// once, half away from zero, like PercentOf. It is the rounding rule of the
// overhead levy (issue 17): the levy of a member's month is
// BasisPointsOf(value of their paid hours that month, the bylaws'
// overheadLevyBasisPoints), rounded once per member and month, never per
// time entry or share.
//
// Examples: 5 % of 123.45 = 6.1725 → 6.17 (BasisPointsOf(12345, 500) =
// 617); 2.5 % of 0.20 = 0.005 → 0.01; 0.01 % of 49.99 = 0.004999 → 0.00.
//
// bp must be in 0..10000 (ErrInvalidBasisPoints otherwise), which keeps the
// result within |amount|.
func BasisPointsOf(amount int64, bp int) (int64, error) {
	if bp < 0 || bp > 10000 {
		return 0, ErrInvalidBasisPoints
	}
	return mulDivHalfUp(amount, int64(bp), 10000)
}

// ErrInvalidBasisPoints is returned for a rate outside 0..10000 basis
// points (0 % to 100 %).
var ErrInvalidBasisPoints = errors.New("rate must be between 0 and 10000 basis points")
