package money

import (
	"fmt"
	"math/bits"
)

// OwedOfPaid is the rule of what a share holder is owed from a client's
// payments (issue 17): of an invoice line of net minor units on an invoice
// of gross minor units of which the client paid paid in total so far, the
// holder is owed
//
//	net × paid / gross, rounded down (toward zero),
//	exactly net once the invoice is fully paid (paid ≥ gross).
//
// The rule is cumulative: each payment books owed(paid after) − owed(paid
// before), never its own rounded part, so several partial payments owe
// exactly what one payment of their sum would, and a fully paid invoice
// owes every holder exactly its line's net, to the cent. Rounding down
// means a holder is never owed more than the client's money covers; the
// cents it withholds on the way are owed with the last payment.
//
// Inputs: 0 ≤ net ≤ gross, paid ≥ 0, gross > 0 (the caller's invoice);
// anything else is a programming error and returns an error. The product
// is computed in 128 bits, so no amount within int64 overflows.
func OwedOfPaid(net, paid, gross int64) (int64, error) {
	if gross <= 0 || net < 0 || net > gross || paid < 0 {
		return 0, fmt.Errorf("money: owed of %d paid on a line of %d of %d: out of range", paid, net, gross)
	}
	if paid >= gross {
		return net, nil
	}
	hi, lo := bits.Mul64(uint64(net), uint64(paid))
	q, _ := bits.Div64(hi, lo, uint64(gross)) // hi < gross since net ≤ gross and paid < gross
	return int64(q), nil
}
