package money

import (
	"strconv"
	"strings"
)

// minorDigits lists the ISO-4217 currencies whose minor unit is not 1/100.
var minorDigits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// MinorDigits is the number of decimal places of currency's minor unit
// (2 for EUR, 0 for JPY, 3 for KWD).
func MinorDigits(currency string) int {
	if d, ok := minorDigits[currency]; ok {
		return d
	}
	return 2
}

// Decimal writes minor units as a decimal string in major units, e.g.
// 123450 EUR as "1234.50" and -5 EUR as "-0.05"; exact, without floats.
func Decimal(minor int64, currency string) string {
	digits := MinorDigits(currency)
	s := strconv.FormatUint(abs64(minor), 10)
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if minor < 0 {
		s = "-" + s
	}
	return s
}

// Format writes minor units with their currency for messages, e.g. "1234.50 EUR".
func Format(minor int64, currency string) string { return Decimal(minor, currency) + " " + currency }

// Amount is m in minor units (the GraphQL field Money.amount).
func (m Money) Amount() int64 { return m.Cents }

// Decimal is m in major units as an exact decimal string, for display.
func (m Money) Decimal() string { return Decimal(m.Cents, m.Currency) }
