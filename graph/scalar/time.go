package scalar

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalTime writes an instant as an RFC 3339 date-time in UTC, with as
// many fractional digits as it has ("2026-12-07T17:30:00Z"), whatever the
// zone the value carries (the database session's, the server's).
func MarshalTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
	})
}

// UnmarshalTime reads an RFC 3339 date-time with any offset
// ("2026-12-07T18:30:00+01:00"); a day alone or a time without offset is
// refused.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("must be an RFC 3339 date-time string such as \"2026-12-07T17:30:00Z\", not %T", v)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("must be an RFC 3339 date-time such as \"2026-12-07T17:30:00Z\", not %q", s)
	}
	return t, nil
}
