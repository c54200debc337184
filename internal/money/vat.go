package money

import "errors"

// Invoice arithmetic (issue 17). The rounding rule of every invoice, written
// once here:
//
//   - a line's net amount is quantity × unit price, the quantity in
//     thousandths (1000 = 1), rounded once, half away from zero, to the
//     minor unit: LineNet;
//   - a line's VAT is its net × the rate in basis points (1900 = 19 %),
//     rounded once per line, half away from zero: VATOf;
//   - an invoice's VAT is the sum of its lines' VAT (not the VAT of the
//     summed net), its gross the sum of net and VAT.
//
// Half away from zero keeps a credit note (every line negated) the exact
// negative of the invoice it cancels: LineNet(−q, p) == −LineNet(q, p) and
// VATOf(−n, r) == −VATOf(n, r).

// ErrInvalidVATRate is returned for a VAT rate outside 0..MaxVATRate basis
// points (0 % to 100 %).
var ErrInvalidVATRate = errors.New("VAT rate must be between 0 and 10000 basis points")

// MaxVATRate is the highest VAT rate in basis points (100 %).
const MaxVATRate = 10000

// LineNet returns quantityMilli / 1000 × unitPriceCents rounded half away
// from zero to the minor unit, exactly (128-bit intermediate), or
// ErrOverflow when it leaves the int64 range.
//
// Examples: 1.5 × 33.33 = 49.995 → 50.00 (LineNet(1500, 3333) = 5000);
// 0.333 × 0.01 → 0.00; −1.5 × 33.33 → −50.00.
func LineNet(quantityMilli, unitPriceCents int64) (int64, error) {
	return mulDivHalfUp(quantityMilli, unitPriceCents, 1000)
}

// VATOf returns the VAT of a line's net amount at rateBasisPoints
// (0..MaxVATRate), net × rate / 10000 rounded half away from zero. The rate
// must be in range (ValidateVATRate); VATOf panics otherwise.
//
// Examples: 19 % of 0.05 = 0.0095 → 0.01 (VATOf(5, 1900) = 1); 19 % of
// 0.02 = 0.0038 → 0.00; 7 % of 12.50 = 0.875 → 0.88.
func VATOf(netCents int64, rateBasisPoints int) int64 {
	if err := ValidateVATRate(rateBasisPoints); err != nil {
		panic("money.VATOf: " + err.Error())
	}
	v, err := mulDivHalfUp(netCents, int64(rateBasisPoints), 10000)
	if err != nil {
		// Unreachable: |net| × rate / 10000 ≤ |net| for rate ≤ 10000.
		panic("money.VATOf: " + err.Error())
	}
	return v
}

// ValidateVATRate accepts rates from 0 to MaxVATRate basis points.
func ValidateVATRate(rateBasisPoints int) error {
	if rateBasisPoints < 0 || rateBasisPoints > MaxVATRate {
		return ErrInvalidVATRate
	}
	return nil
}
