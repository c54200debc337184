package rights_test

import (
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"

	"github.com/coopnetwork/cockpit/ent/migrate"
	"github.com/coopnetwork/cockpit/internal/rights"
)

// The export is complete by construction: it is driven by rights.PersonRefs
// (and RelatedRefs), and this test compares that list with ent's schema
// (the generated ent/migrate tables). It fails, naming the table and
// column, when
//   - a foreign key to persons is not a PersonRef (a new entity that
//     references a person and is not exported);
//   - an ID column without a foreign key (name ending in _id), or a JSON
//     column, is neither a PersonRef nor listed in NotPersonColumns (a
//     plain person ID would slip through);
//   - a listed ref or related ref names a table or column the schema no
//     longer has.
func TestExportCoversEveryPersonReference(t *testing.T) {
	tables := map[string]*schema.Table{}
	for _, tb := range migrate.Tables {
		tables[tb.Name] = tb
	}
	covered := map[string]bool{}
	for _, r := range rights.PersonRefs {
		covered[r.Key()] = true
	}
	for _, tb := range migrate.Tables {
		fks := map[string]string{}
		for _, fk := range tb.ForeignKeys {
			for _, c := range fk.Columns {
				fks[c.Name] = fk.RefTable.Name
			}
		}
		for _, c := range tb.Columns {
			key := tb.Name + "." + c.Name
			ref, hasFK := fks[c.Name]
			switch {
			case hasFK && ref == "persons":
				if !covered[key] {
					t.Errorf("%s references a person (foreign key to persons) but the export does not cover it: add it to rights.PersonRefs", key)
				}
			case hasFK:
				// A reference to another entity: exported with the rows that hold it.
			case c.Name != "id" && (strings.HasSuffix(c.Name, "_id") || c.Type == field.TypeJSON):
				if !covered[key] && !slices.Contains(rights.NotPersonColumns, key) {
					t.Errorf("%s may hold a person's ID without a foreign key: add it to rights.PersonRefs (it does) or rights.NotPersonColumns (it does not)", key)
				}
			}
		}
	}
	has := func(table, column string) bool {
		tb, ok := tables[table]
		return ok && slices.ContainsFunc(tb.Columns, func(c *schema.Column) bool { return c.Name == column })
	}
	for _, r := range rights.PersonRefs {
		if !has(r.Table, r.Column) {
			t.Errorf("rights.PersonRefs lists %s, which the schema does not have", r.Key())
		}
	}
	for _, key := range rights.NotPersonColumns {
		table, column, _ := strings.Cut(key, ".")
		if !has(table, column) {
			t.Errorf("rights.NotPersonColumns lists %s, which the schema does not have", key)
		}
		if covered[key] {
			t.Errorf("%s is listed both as a person reference and as not one", key)
		}
	}
	for _, r := range rights.RelatedRefs {
		if !has(r.Table, r.Column) {
			t.Errorf("rights.RelatedRefs lists %s, which the schema does not have", r.Key())
		}
		if !covered[r.Parent.Key()] {
			t.Errorf("rights.RelatedRefs: %s hangs off %s, which is not a person reference", r.Key(), r.Parent.Key())
		}
		// The related column must point at the parent's table.
		tb := tables[r.Table]
		ok := tb != nil && slices.ContainsFunc(tb.ForeignKeys, func(fk *schema.ForeignKey) bool {
			return fk.RefTable.Name == r.Parent.Table && slices.ContainsFunc(fk.Columns, func(c *schema.Column) bool { return c.Name == r.Column })
		})
		if !ok {
			t.Errorf("rights.RelatedRefs: %s is not a foreign key to %s", r.Key(), r.Parent.Table)
		}
	}
	for _, key := range rights.SecretColumns {
		table, column, _ := strings.Cut(key, ".")
		if !has(table, column) {
			t.Errorf("rights.SecretColumns lists %s, which the schema does not have", key)
		}
	}
}
