package scalar

import (
	"bytes"
	"testing"
	"time"
)

func TestTime(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string // "" when refused
	}{
		{"2026-12-07T17:30:00Z", `"2026-12-07T17:30:00Z"`},
		{"2026-12-07T18:30:00+01:00", `"2026-12-07T17:30:00Z"`},
		{"2026-12-07T17:30:00.25Z", `"2026-12-07T17:30:00.25Z"`},
		{"2026-12-07", ""},
		{"2026-12-07T17:30:00", ""},
		{"07.12.2026 17:30", ""},
		{int64(1765128600), ""},
		{nil, ""},
	} {
		got, err := UnmarshalTime(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%v: accepted as %v", tc.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tc.in, err)
			continue
		}
		var b bytes.Buffer
		MarshalTime(got).MarshalGQL(&b)
		if b.String() != tc.want {
			t.Errorf("%v: marshalled as %s, want %s", tc.in, b.String(), tc.want)
		}
	}
	// A value in another zone (a database session's) is written in UTC.
	var b bytes.Buffer
	MarshalTime(time.Date(2026, 3, 1, 23, 30, 0, 0, time.FixedZone("X", -2*3600))).MarshalGQL(&b)
	if b.String() != `"2026-03-02T01:30:00Z"` {
		t.Errorf("marshalled %s", b.String())
	}
}
