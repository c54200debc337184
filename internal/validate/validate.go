// Package validate holds Cockpit's small, dependency-free domain rules: what a
// valid currency, slug or e-mail address is. The ent schema validators and the
// API both call these, so each rule is written once.
package validate

import (
	"errors"
	"net/mail"
	"regexp"
	"strings"
)

var (
	// ErrUnknownCurrency is returned for a code that is not an active ISO-4217 currency.
	ErrUnknownCurrency = errors.New("must be an active ISO-4217 currency code such as EUR")
	// ErrInvalidSlug is returned for a slug that is not lower-case kebab-case.
	ErrInvalidSlug = errors.New("must be 1-64 lower-case letters, digits or single dashes, starting with a letter or digit")
	// ErrInvalidEmail is returned for a malformed e-mail address.
	ErrInvalidEmail = errors.New("must be a plain e-mail address such as name@example.org")
)

// Currency accepts active ISO-4217 alphabetic codes (upper case).
func Currency(code string) error {
	if _, ok := iso4217[code]; !ok {
		return ErrUnknownCurrency
	}
	return nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Slug accepts URL-safe identifiers like "it-kollektiv".
func Slug(s string) error {
	if len(s) == 0 || len(s) > 64 || !slugPattern.MatchString(s) {
		return ErrInvalidSlug
	}
	return nil
}

// Email accepts a bare address (no display name), at most 254 bytes.
func Email(s string) error {
	if len(s) > 254 || strings.TrimSpace(s) != s {
		return ErrInvalidEmail
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return ErrInvalidEmail
	}
	return nil
}

// Slugify derives a slug from a display name: "IT-Kollektiv Leipzig" -> "it-kollektiv-leipzig".
// German umlauts are transliterated so names stay readable in URLs.
func Slugify(name string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss", "+", "plus", "#", "sharp")
	name = strings.ToLower(r.Replace(name))
	var b strings.Builder
	dash := false
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	return s
}

// iso4217 lists the active ISO-4217 alphabetic currency codes.
var iso4217 = func() map[string]struct{} {
	codes := strings.Fields(`
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV
BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE
CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD
KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV
MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB
RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND
TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD
XCG XOF XPF YER ZAR ZMW ZWG`)
	m := make(map[string]struct{}, len(codes))
	for _, c := range codes {
		m[c] = struct{}{}
	}
	return m
}()
