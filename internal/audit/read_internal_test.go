package audit

import (
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/auditlog"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// TestPresentObjectMasks: an object in the reader's scope shows its changes
// by GraphQL name, IDs as global IDs, amounts under their Money field; a
// private field the reader may not read and a field the API does not show
// are masked; out of scope, nothing but type and action.
func TestPresentObjectMasks(t *testing.T) {
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `
		type Query { x: Int }
		type Person { id: ID! city: String phone: String hourlyRate: Money leadCoopID: ID }
		type Money { amount: Int }`})
	network, personID := 7, 42
	o := &ent.AuditObject{ObjectType: "Person", ObjectID: personID, Action: "UPDATE", NetworkID: &network,
		Fields: auditlog.Fields{
			"city":              {Before: "Halle", After: "Jena"},
			"phone":             {Before: nil, After: "+49"},
			"hourly_rate_cents": {Before: float64(100), After: float64(200)},
			"lead_coop_id":      {Before: nil, After: float64(99)},
			"subject":           {Before: nil, After: "test|1"},
		}}
	admin := &viewer.Viewer{PersonID: 1, AdminOf: map[int]bool{network: true}}
	got := presentObject(schema, admin, o)
	if got.Hidden || got.ObjectID == nil || *got.ObjectID != personID {
		t.Fatalf("in scope: %+v", got)
	}
	want := map[string]struct {
		masked        bool
		before, after any
	}{
		"city":       {false, "Halle", "Jena"},
		"phone":      {true, nil, nil},
		"hourlyRate": {true, nil, nil},
		"leadCoopID": {false, nil, gid.Encode(99)},
		"subject":    {true, nil, nil}, // not in the API
	}
	if len(got.Changes) != len(want) {
		t.Fatalf("changes %+v", got.Changes)
	}
	for _, ch := range got.Changes {
		w, ok := want[ch.Field]
		if !ok || ch.Masked != w.masked || ch.Before != w.before || ch.After != w.after {
			t.Errorf("%s: %+v, want %+v", ch.Field, ch, w)
		}
	}
	// The person themselves reads their rate.
	self := &viewer.Viewer{PersonID: personID}
	o.PersonID = &personID
	for _, ch := range presentObject(schema, self, o).Changes {
		if ch.Field == "hourlyRate" && (ch.Masked || ch.After != float64(200)) {
			t.Errorf("the person's own rate: %+v", ch)
		}
	}
	// Someone else: hidden.
	other := &viewer.Viewer{PersonID: 2}
	if h := presentObject(schema, other, o); !h.Hidden || h.ObjectID != nil || len(h.Changes) != 0 {
		t.Errorf("out of scope: %+v", h)
	}
}
