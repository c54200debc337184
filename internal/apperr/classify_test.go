package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/lib/pq"

	"github.com/coopnetwork/cockpit/internal/apperr"
)

// TestClassifyConcurrentFailures: PostgreSQL's verdicts on transactions
// that collided (deadlock, serialization failure), however deeply wrapped
// at commit, are CONFLICT ("retry"); other database errors stay INTERNAL
// with a message that tells nothing of the database.
func TestClassifyConcurrentFailures(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code apperr.Code
	}{
		{fmt.Errorf("cannot commit: locking persons: %w", &pq.Error{Code: "40P01", Message: "deadlock detected"}), apperr.Conflict},
		{fmt.Errorf("audit: %w", &pq.Error{Code: "40001", Message: "could not serialize access"}), apperr.Conflict},
		{fmt.Errorf("x: %w", &pq.Error{Code: "57014", Message: "canceling statement"}), apperr.Internal},
		{errors.New("disk full"), apperr.Internal},
	} {
		got := apperr.Classify(tc.err)
		if got.Code != tc.code {
			t.Errorf("%v: %s, want %s", tc.err, got.Code, tc.code)
		}
		if tc.code == apperr.Internal && got.Message != "internal error" {
			t.Errorf("%v: message %q tells the database's error", tc.err, got.Message)
		}
	}
}
