// Package gid encodes Cockpit's global object IDs. Inside Cockpit an ID is the
// integer primary key; ent's global-ID feature gives every type its own range,
// so an integer names exactly one object. Clients see an opaque string, so they
// never build IDs themselves or rely on their order.
package gid

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// prefix versions the encoding, so it can change without breaking stored IDs.
const prefix = "ck1:"

// ErrMalformed is returned for a string that is not a Cockpit ID.
var ErrMalformed = errors.New("malformed ID")

// Encode returns the opaque form of id.
func Encode(id int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(prefix + strconv.Itoa(id)))
}

// Decode parses an opaque ID.
func Decode(s string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(raw), prefix) {
		return 0, ErrMalformed
	}
	id, err := strconv.Atoi(string(raw[len(prefix):]))
	if err != nil || id <= 0 {
		return 0, ErrMalformed
	}
	return id, nil
}

// MarshalID writes an ID for GraphQL responses.
func MarshalID(id int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(Encode(id)))
	})
}

// UnmarshalID reads an ID from GraphQL input.
func UnmarshalID(v any) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("%w: an ID is a string", ErrMalformed)
	}
	id, err := Decode(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", err, s)
	}
	return id, nil
}
