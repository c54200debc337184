package validate

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// CommentMaxChars is the longest comment on a proposal, in characters.
const CommentMaxChars = 20_000

// CommentBody accepts the body of a comment on a proposal: not empty once
// surrounding white space is trimmed, at most CommentMaxChars characters.
// Callers store the body trimmed (strings.TrimSpace).
func CommentBody(s string) error {
	switch t := strings.TrimSpace(s); {
	case t == "":
		return errors.New("a comment says something: the body is empty")
	case utf8.RuneCountInString(t) > CommentMaxChars:
		return fmt.Errorf("a comment is at most %d characters long", CommentMaxChars)
	}
	return nil
}
