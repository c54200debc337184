package apperr

import (
	"errors"
	"regexp"
	"strings"

	"entgo.io/ent/dialect/sql/schema"
	"github.com/lib/pq"

	"github.com/coopnetwork/cockpit/ent"
	entmigrate "github.com/coopnetwork/cockpit/ent/migrate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/internal/gid"
)

// Classify turns any error into an *Error. Unknown errors become INTERNAL
// with a generic message; the caller logs the original.
func Classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var ve *ent.ValidationError
	switch {
	case errors.As(err, &ve):
		field := GraphQLName(ve.Name)
		return &Error{Code: BadUserInput, Field: field, Message: "invalid " + field + ": " + validationReason(ve), Err: err}
	case ent.IsNotFound(err):
		return &Error{Code: NotFound, Message: "not found", Err: err}
	case ent.IsConstraintError(err):
		return constraint(err)
	case errors.Is(err, privacy.Deny):
		return &Error{Code: NotFound, Message: "not found", Err: err}
	case errors.Is(err, gid.ErrMalformed):
		return &Error{Code: BadUserInput, Message: err.Error(), Err: err}
	case isRetryable(err):
		return &Error{Code: Conflict, Message: "the change collided with another one made at the same moment, and nothing was written: retry it", Err: err}
	}
	return &Error{Code: Internal, Message: "internal error", Err: err}
}

// isRetryable reports PostgreSQL's verdicts on concurrent transactions
// (deadlock detected, serialization failure): the transaction was rolled
// back as a whole and the same request may simply be sent again.
func isRetryable(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && (pqErr.Code == "40P01" || pqErr.Code == "40001")
}

// validationReason strips ent's "validator failed for field" prefix.
func validationReason(ve *ent.ValidationError) string {
	msg := ve.Error()
	if i := strings.LastIndex(msg, "\": "); i >= 0 {
		return msg[i+3:]
	}
	if strings.Contains(msg, "missing required") {
		return "is required"
	}
	return msg
}

var sqliteConstraint = regexp.MustCompile(`(UNIQUE|CHECK|FOREIGN KEY) constraint failed(?::\s*([^(]*))?`)

// constraint maps a database constraint violation: unique → CONFLICT naming
// the fields, check and foreign key → BAD_USER_INPUT.
func constraint(err error) *Error {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505":
			return conflict(indexFields(pqErr.Constraint), err)
		case "23514":
			return &Error{Code: BadUserInput, Message: "violates the rule " + pqErr.Constraint, Err: err}
		case "23503":
			return &Error{Code: BadUserInput, Message: "refers to an object that does not exist", Err: err}
		}
	}
	if m := sqliteConstraint.FindStringSubmatch(err.Error()); m != nil {
		switch m[1] {
		case "UNIQUE":
			var fields []string
			for _, col := range strings.Split(m[2], ",") {
				col = strings.TrimSpace(col)
				if i := strings.IndexByte(col, '.'); i >= 0 {
					col = col[i+1:]
				}
				fields = append(fields, GraphQLName(col))
			}
			return conflict(fields, err)
		case "CHECK":
			return &Error{Code: BadUserInput, Message: "violates the rule " + strings.TrimSpace(m[2]), Err: err}
		case "FOREIGN KEY":
			return &Error{Code: BadUserInput, Message: "refers to an object that does not exist", Err: err}
		}
	}
	return &Error{Code: Conflict, Message: "conflicts with existing data", Err: err}
}

func conflict(fields []string, err error) *Error {
	e := &Error{Code: Conflict, Message: "already exists", Err: err}
	if len(fields) > 0 {
		e.Field = fields[len(fields)-1]
		e.Message = "an object with the same " + strings.Join(fields, " and ") + " already exists"
	}
	return e
}

// indexFields finds the GraphQL field names of a unique index by its name.
func indexFields(name string) []string {
	for _, t := range entmigrate.Tables {
		for _, idx := range t.Indexes {
			if idx.Name == name {
				return columnNames(idx.Columns)
			}
		}
		for _, c := range t.Columns {
			if c.Unique && t.Name+"_"+c.Name+"_key" == name {
				return []string{GraphQLName(c.Name)}
			}
		}
	}
	return nil
}

func columnNames(cols []*schema.Column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = GraphQLName(c.Name)
	}
	return names
}

// GraphQLName converts a column name to its GraphQL field name:
// "total_budget_cents" → "totalBudgetCents", "coop_id" → "coopID".
func GraphQLName(column string) string {
	parts := strings.Split(column, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
			continue
		}
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// Missing reports whether err means an object does not exist for the caller:
// it is absent, or a privacy rule hides it (which must look the same).
func Missing(err error) bool {
	return ent.IsNotFound(err) || errors.Is(err, privacy.Deny)
}

// FieldNotFound returns NOT_FOUND naming field when err means the object the
// field refers to is missing for the caller (see Missing), and err itself
// otherwise: a database failure or a cancelled request is not a missing
// object, and reaches the error presenter as what it is (INTERNAL, 503).
func FieldNotFound(err error, field, message string) error {
	if !Missing(err) {
		return err
	}
	return &Error{Code: NotFound, Field: field, Message: message, Err: err}
}
