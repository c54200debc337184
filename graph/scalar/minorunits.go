// Package scalar holds Cockpit's custom GraphQL scalars.
package scalar

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// maxSafe is the largest integer JavaScript clients read exactly (2^53 − 1).
const maxSafe = 1<<53 - 1

// MarshalMinorUnits writes an amount of minor units as a JSON number.
func MarshalMinorUnits(v int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.FormatInt(v, 10)) })
}

// UnmarshalMinorUnits reads an amount of minor units: a whole number (or a
// string of digits) within ±(2^53 − 1). Fractions are refused: money never
// passes through floating point.
func UnmarshalMinorUnits(v any) (int64, error) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case json.Number:
		i, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("must be a whole number of minor units (e.g. cents), not %s", x)
		}
		n = i
	case string:
		i, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("must be a whole number of minor units (e.g. cents), not %q", x)
		}
		n = i
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > maxSafe {
			return 0, fmt.Errorf("must be a whole number of minor units (e.g. cents), not %v", x)
		}
		n = int64(x)
	default:
		return 0, fmt.Errorf("must be a whole number of minor units (e.g. cents), not %T", v)
	}
	if n > maxSafe || n < -maxSafe {
		return 0, fmt.Errorf("must lie within ±%d minor units", int64(maxSafe))
	}
	return n, nil
}
