package invoicing_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestInvoicedEntryKeepsItsTime: once a time entry is on an invoice its day
// and minutes stay what the invoice line bills (found in review: the author
// could still change them); its note may change.
func TestInvoicedEntryKeepsItsTime(t *testing.T) {
	w := newWorld(t)
	w.client()
	te := w.entry(w.ShareL, w.Lead, day(-3), 600)
	inv := w.issue(w.draft(map[string]any{}).ID)
	const upd = `mutation($id: ID!, $in: UpdateTimeEntryInput!) { updateTimeEntry(id: $id, input: $in) { timeEntry { id minutes note } } }`
	for _, in := range []map[string]any{{"minutes": 60}, {"minutes": 1200}} {
		testkit.OnlyError(t, w.as(w.Lead).Do(upd, map[string]any{"id": testkit.ID(te.ID), "in": in}), "CONFLICT", "")
	}
	testkit.OK(t, w.as(w.Lead).Do(upd, map[string]any{"id": testkit.ID(te.ID), "in": map[string]any{"note": "Review"}}), nil)
	if got := inv.lines()[0].Minutes; got == nil || *got != 600 {
		t.Errorf("the invoice line bills %v minutes, want 600", got)
	}
}
