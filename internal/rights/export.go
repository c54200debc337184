package rights

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/migrate"
	"github.com/coopnetwork/cockpit/internal/gid"
)

// ExportFormat names the shape of the export document.
const ExportFormat = "cockpit-export/1"

// Export is everything Cockpit stores about one person, as one JSON
// document (GDPR articles 15 and 20):
//
//	{
//	  "format": "cockpit-export/1",
//	  "exportedAt": "2026-11-01T10:00:00Z",
//	  "personID": "<global ID>",
//	  "person": { the person's row },
//	  "records": { "<table>.<column>": [ rows whose column is the person ], ... },
//	  "related": { "<table>.<column>": [ rows about the person's own rows ], ... },
//	  "invitationsToYourAddress": [ invitations sent to the person's e-mail ],
//	  "auditAboutYou": [ audit objects of changes to the person ]
//	}
//
// Rows are as stored, one object per row with the column names as keys; IDs
// are the API's global IDs, times RFC 3339, JSON columns embedded. Every key
// of PersonRefs and RelatedRefs is present (an empty list when there is
// nothing). Invitations' token hashes are left out (SecretColumns).
type Export struct {
	Format                   string                      `json:"format"`
	ExportedAt               time.Time                   `json:"exportedAt"`
	PersonID                 string                      `json:"personID"`
	Person                   map[string]any              `json:"person"`
	Records                  map[string][]map[string]any `json:"records"`
	Related                  map[string][]map[string]any `json:"related"`
	InvitationsToYourAddress []map[string]any            `json:"invitationsToYourAddress"`
	AuditAboutYou            []map[string]any            `json:"auditAboutYou"`
}

// ExportPerson gathers the export of personID. It reads past the privacy
// rules (the driver of c), so the caller decides who may export whom: the
// person themself (exportMyData, /export/me).
func ExportPerson(ctx context.Context, c *ent.Client, personID int, now time.Time) (*Export, error) {
	x := &exporter{ctx: ctx, drv: c.Driver(), tables: tablesByName()}
	out := &Export{Format: ExportFormat, ExportedAt: now.UTC(), PersonID: gid.Encode(personID),
		Records: map[string][]map[string]any{}, Related: map[string][]map[string]any{}}
	people, err := x.rows("persons", entsql.EQ("id", personID))
	if err != nil {
		return nil, err
	}
	if len(people) != 1 {
		return nil, fmt.Errorf("rights: person %d not found", personID)
	}
	out.Person = people[0]
	own := map[string][]int{} // ref key -> IDs of the rows found
	for _, r := range PersonRefs {
		var rows []map[string]any
		if r.JSON {
			rows, err = x.jsonRef(r, personID)
		} else {
			rows, err = x.rows(r.Table, entsql.EQ(r.Column, personID))
		}
		if err != nil {
			return nil, err
		}
		out.Records[r.Key()] = rows
		own[r.Key()] = x.lastIDs
	}
	for _, r := range RelatedRefs {
		ids := own[r.Parent.Key()]
		rows := []map[string]any{}
		if len(ids) > 0 {
			if rows, err = x.rows(r.Table, entsql.InInts(r.Column, ids...)); err != nil {
				return nil, err
			}
		}
		out.Related[r.Key()] = rows
	}
	out.InvitationsToYourAddress = []map[string]any{}
	if email, ok := out.Person["email"].(string); ok && email != "" {
		if out.InvitationsToYourAddress, err = x.rows("invitations", entsql.EQ("email", email)); err != nil {
			return nil, err
		}
	}
	if out.AuditAboutYou, err = x.rows("audit_objects", entsql.And(entsql.EQ("object_type", "Person"), entsql.EQ("object_id", personID))); err != nil {
		return nil, err
	}
	return out, nil
}

type exporter struct {
	ctx context.Context
	drv interface {
		Query(context.Context, string, any, any) error
		Dialect() string
	}
	tables  map[string]*schema.Table
	lastIDs []int
}

func tablesByName() map[string]*schema.Table {
	m := map[string]*schema.Table{}
	for _, t := range migrate.Tables {
		m[t.Name] = t
	}
	return m
}

// rows returns the rows of table matching p, every column but the secret
// ones, ordered by their first column; lastIDs gets their "id" values.
func (x *exporter) rows(table string, p *entsql.Predicate) ([]map[string]any, error) {
	t, ok := x.tables[table]
	if !ok {
		return nil, fmt.Errorf("rights: no table %q", table)
	}
	var cols []*schema.Column
	for _, c := range t.Columns {
		if !slices.Contains(SecretColumns, table+"."+c.Name) {
			cols = append(cols, c)
		}
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	sel := entsql.Dialect(x.drv.Dialect()).Select(names...).From(entsql.Table(table)).Where(p).OrderBy(names[0])
	q, args := sel.Query()
	rows := &entsql.Rows{}
	if err := x.drv.Query(x.ctx, q, args, rows); err != nil {
		return nil, fmt.Errorf("rights: exporting %s: %w", table, err)
	}
	defer rows.Close()
	fks := foreignKeys(t)
	out := []map[string]any{}
	x.lastIDs = nil
	for rows.Next() {
		dest := make([]any, len(cols))
		for i, c := range cols {
			dest[i] = scanTarget(c.Type)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("rights: exporting %s: %w", table, err)
		}
		row := map[string]any{}
		for i, c := range cols {
			v := value(dest[i])
			if n, ok := v.(int64); ok && (c.Name == "id" || fks[c.Name] || isPersonColumn(table, c.Name) || strings.HasSuffix(c.Name, "_id")) {
				if c.Name == "id" {
					x.lastIDs = append(x.lastIDs, int(n))
				}
				v = gid.Encode(int(n))
			}
			row[c.Name] = v
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// jsonRef returns the rows whose JSON column r lists the person under
// "persons".
func (x *exporter) jsonRef(r Ref, personID int) ([]map[string]any, error) {
	all, err := x.rows(r.Table, entsql.NotNull(r.Column))
	if err != nil {
		return nil, err
	}
	out, ids := []map[string]any{}, []int{}
	for i, row := range all {
		var doc struct {
			Persons []int `json:"persons"`
		}
		raw, _ := row[r.Column].(json.RawMessage)
		if json.Unmarshal(raw, &doc) == nil && slices.Contains(doc.Persons, personID) {
			out = append(out, row)
			ids = append(ids, x.lastIDs[i])
		}
	}
	x.lastIDs = ids
	return out, nil
}

func foreignKeys(t *schema.Table) map[string]bool {
	m := map[string]bool{}
	for _, fk := range t.ForeignKeys {
		for _, c := range fk.Columns {
			m[c.Name] = true
		}
	}
	return m
}

func isPersonColumn(table, column string) bool {
	for _, r := range PersonRefs {
		if r.Table == table && r.Column == column && !r.JSON {
			return true
		}
	}
	return false
}

func scanTarget(t field.Type) any {
	switch t {
	case field.TypeBool:
		return new(sql.NullBool)
	case field.TypeTime:
		return new(sql.NullTime)
	case field.TypeInt, field.TypeInt8, field.TypeInt16, field.TypeInt32, field.TypeInt64,
		field.TypeUint, field.TypeUint8, field.TypeUint16, field.TypeUint32, field.TypeUint64:
		return new(sql.NullInt64)
	case field.TypeFloat32, field.TypeFloat64:
		return new(sql.NullFloat64)
	case field.TypeJSON:
		return new(jsonValue)
	default:
		return new(sql.NullString)
	}
}

// jsonValue scans a JSON column (text on SQLite, bytes on PostgreSQL).
type jsonValue struct{ raw json.RawMessage }

func (j *jsonValue) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		j.raw = nil
	case []byte:
		j.raw = append(json.RawMessage(nil), v...)
	case string:
		j.raw = json.RawMessage(v)
	default:
		return fmt.Errorf("rights: JSON column of type %T", src)
	}
	if j.raw != nil && !json.Valid(j.raw) {
		b, _ := json.Marshal(string(j.raw))
		j.raw = b
	}
	return nil
}

func value(d any) any {
	switch v := d.(type) {
	case *sql.NullBool:
		if v.Valid {
			return v.Bool
		}
	case *sql.NullTime:
		if v.Valid {
			return v.Time.UTC().Format(time.RFC3339Nano)
		}
	case *sql.NullInt64:
		if v.Valid {
			return v.Int64
		}
	case *sql.NullFloat64:
		if v.Valid {
			return v.Float64
		}
	case *jsonValue:
		if v.raw != nil {
			return v.raw
		}
	case *sql.NullString:
		if v.Valid {
			return v.String
		}
	}
	return nil
}
