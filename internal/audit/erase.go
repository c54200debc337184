package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/auditobject"
	"github.com/coopnetwork/cockpit/ent/auditrecord"
	"github.com/coopnetwork/cockpit/internal/auditlog"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// PersonalFields are the stored fields, per object type, whose values an
// erasure removes from the audit log: what identifies or describes the
// person. Everything else (IDs, states, amounts of kept records) stays, so
// the log still says what happened.
var PersonalFields = map[string][]string{
	"Person":       {"name", "email", "pending_email", "subject", "phone", "bio", "city", "hourly_rate_cents"},
	"Availability": {"note"},
	"Invitation":   {"email", "name", "message"},
}

// ErasedSubject is what a login subject becomes once its person is erased:
// a one-way hash, so the same login is recognised (and refused) without the
// subject being kept.
func ErasedSubject(subject string) string {
	if strings.HasPrefix(subject, "erased:") {
		return subject
	}
	sum := sha256.Sum256([]byte(subject))
	return "erased:" + hex.EncodeToString(sum[:])
}

// ErasePerson scrubs a person's personal values from the audit log, in the
// transaction of c (the erasure's): in the objects about them (the Person
// itself, and their availability windows and invitations) every value of a
// PersonalFields field becomes "[erased]", and the token subject of the
// records they made becomes its ErasedSubject. Which fields changed, when
// and by which operation stays.
func ErasePerson(ctx context.Context, c *ent.Client, personID int) error {
	ctx = authz.Under(ctx, authz.ScrubErasedPersonFromAudit)
	objs, err := c.AuditObject.Query().Where(auditobject.Or(
		auditobject.And(auditobject.ObjectType("Person"), auditobject.ObjectID(personID)),
		auditobject.And(auditobject.PersonID(personID), auditobject.ObjectTypeIn(typesOf(PersonalFields)...)),
	)).All(ctx)
	if err != nil {
		return err
	}
	if err := scrub(ctx, c, objs); err != nil {
		return err
	}
	subjects, err := c.AuditRecord.Query().Where(auditrecord.ActorID(personID), auditrecord.SubjectNotNil()).
		Unique(true).Select(auditrecord.FieldSubject).Strings(ctx)
	if err != nil {
		return err
	}
	for _, s := range subjects {
		if s == ErasedSubject(s) {
			continue
		}
		// The subject is immutable in ent (a record never changes but by
		// an erasure): one UPDATE through the driver.
		q, args := entsql.Dialect(c.Driver().Dialect()).Update(auditrecord.Table).
			Set(auditrecord.FieldSubject, ErasedSubject(s)).
			Where(entsql.And(entsql.EQ(auditrecord.FieldActorID, personID), entsql.EQ(auditrecord.FieldSubject, s))).Query()
		var res sql.Result
		if err := c.Driver().Exec(ctx, q, args, &res); err != nil {
			return err
		}
	}
	return nil
}

// ScrubObjects replaces the values of fields in the audit objects of the
// given type and IDs with "[erased]" (an erasure's other objects, e.g. the
// invitations sent to the erased person's address).
func ScrubObjects(ctx context.Context, c *ent.Client, objectType string, ids []int) error {
	if len(ids) == 0 {
		return nil
	}
	ctx = authz.Under(ctx, authz.ScrubErasedPersonFromAudit)
	objs, err := c.AuditObject.Query().Where(auditobject.ObjectType(objectType), auditobject.ObjectIDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	return scrub(ctx, c, objs)
}

func scrub(ctx context.Context, c *ent.Client, objs []*ent.AuditObject) error {
	for _, o := range objs {
		fields, changed := auditlog.Fields{}, false
		for name, ch := range o.Fields {
			for _, f := range PersonalFields[o.ObjectType] {
				if name != f {
					continue
				}
				if ch.Before != nil && ch.Before != Erased {
					ch.Before, changed = Erased, true
				}
				if ch.After != nil && ch.After != Erased {
					ch.After, changed = Erased, true
				}
			}
			fields[name] = ch
		}
		if !changed {
			continue
		}
		if err := c.AuditObject.UpdateOneID(o.ID).SetFields(fields).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func typesOf(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	return out
}
