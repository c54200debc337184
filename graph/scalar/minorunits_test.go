package scalar

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestMinorUnits(t *testing.T) {
	ok := []struct {
		in   any
		want int64
	}{
		{int64(12345), 12345}, {0, 0}, {json.Number("-5"), -5}, {"900", 900}, {float64(100), 100}, {int64(maxSafe), maxSafe},
	}
	for _, c := range ok {
		got, err := UnmarshalMinorUnits(c.in)
		if err != nil || got != c.want {
			t.Errorf("UnmarshalMinorUnits(%#v) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []any{10.5, json.Number("10.5"), "1.00", "abc", true, nil, int64(maxSafe + 1), float64(1 << 60)} {
		if got, err := UnmarshalMinorUnits(in); err == nil {
			t.Errorf("UnmarshalMinorUnits(%#v) = %d, want an error", in, got)
		}
	}
	var b bytes.Buffer
	MarshalMinorUnits(-123450).MarshalGQL(&b)
	if b.String() != "-123450" {
		t.Errorf("MarshalMinorUnits = %s", b.String())
	}
}
