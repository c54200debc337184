package scalar

import (
	"encoding/json"
	"errors"
	"io"
)

// JSON is a JSON document sent as is (exportMyData): an object in the
// response, not a string holding one.
type JSON json.RawMessage

// MarshalGQL writes the document.
func (j JSON) MarshalGQL(w io.Writer) {
	if len(j) == 0 {
		_, _ = io.WriteString(w, "null")
		return
	}
	_, _ = w.Write(j)
}

// UnmarshalGQL refuses input: JSON is an output-only scalar.
func (j *JSON) UnmarshalGQL(any) error {
	return errors.New("JSON is an output-only scalar")
}
