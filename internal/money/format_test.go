package money

import (
	"math"
	"testing"
)

func TestDecimal(t *testing.T) {
	cases := []struct {
		minor    int64
		currency string
		want     string
	}{
		{0, "EUR", "0.00"},
		{5, "EUR", "0.05"},
		{-5, "EUR", "-0.05"},
		{123450, "EUR", "1234.50"},
		{100, "JPY", "100"},
		{1, "KWD", "0.001"},
		{12345, "KWD", "12.345"},
		{math.MinInt64, "EUR", "-92233720368547758.08"},
		{math.MaxInt64, "USD", "92233720368547758.07"},
	}
	for _, c := range cases {
		if got := Decimal(c.minor, c.currency); got != c.want {
			t.Errorf("Decimal(%d, %s) = %q, want %q", c.minor, c.currency, got, c.want)
		}
	}
	if got := Format(123450, "EUR"); got != "1234.50 EUR" {
		t.Errorf("Format = %q", got)
	}
}
