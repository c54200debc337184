package scalar

import (
	"bytes"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string // "" when refused
	}{
		{"2026-03-01", "2026-03-01"},
		{"2024-02-29", "2024-02-29"},
		{"2026-02-29", ""},
		{"2026-03-01T00:00:00Z", ""},
		{"01.03.2026", ""},
		{"", ""},
		{20260301, ""},
		{nil, ""},
	} {
		got, err := UnmarshalDate(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%v: accepted as %v", tc.in, got)
			}
			continue
		}
		if err != nil || got != time.Date(got.Year(), got.Month(), got.Day(), 0, 0, 0, 0, time.UTC) {
			t.Errorf("%v: %v, %v", tc.in, got, err)
			continue
		}
		var b bytes.Buffer
		MarshalDate(got).MarshalGQL(&b)
		if b.String() != `"`+tc.want+`"` {
			t.Errorf("%v: marshalled as %s", tc.in, b.String())
		}
	}
	// A time of day in another zone is written as its UTC day.
	var b bytes.Buffer
	MarshalDate(time.Date(2026, 3, 1, 23, 30, 0, 0, time.FixedZone("X", -2*3600))).MarshalGQL(&b)
	if b.String() != `"2026-03-02"` {
		t.Errorf("marshalled %s", b.String())
	}
}
