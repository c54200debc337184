package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Regression: an unset end date read as the zero time and made every
// open-ended availability "end before it starts".
func TestPeriodBoundsOnUpdate(t *testing.T) {
	db := testkit.NewDB(t, store.Options{})
	sys := testkit.System(context.Background())
	p, err := db.Client.Person.Create().SetName("Anna").SetEmail("anna@example.org").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	// Anna keeps her own availability.
	c := testkit.NewServer(t, db).As(p.ID)
	var created struct {
		CreateAvailability struct{ Availability struct{ ID string } }
	}
	c.MustDo(`mutation($p: ID!) { createAvailability(input: {personID: $p, hoursPerWeek: 20, availableFrom: "2027-01-01T00:00:00Z"}) { availability { id } } }`,
		map[string]any{"p": gid.Encode(p.ID)}, &created)
	id := created.CreateAvailability.Availability.ID

	steps := []struct {
		name, input, wantCode string
	}{
		{"set an end after the start", `{availableUntil: "2027-06-30T00:00:00Z"}`, ""},
		{"move the start past the stored end", `{availableFrom: "2027-07-01T00:00:00Z"}`, "BAD_USER_INPUT"},
		{"clear the end again", `{clearAvailableUntil: true}`, ""},
		{"move the start once open-ended", `{availableFrom: "2027-07-01T00:00:00Z"}`, ""},
	}
	for _, s := range steps {
		res := c.Do(`mutation($id: ID!) { updateAvailability(id: $id, input: `+s.input+`) { availability { availableFrom availableUntil } } }`, map[string]any{"id": id})
		var got string
		if len(res.Errors) > 0 {
			got = res.Errors[0].Code()
		}
		if got != s.wantCode {
			t.Fatalf("%s: got code %q, want %q (%+v)", s.name, got, s.wantCode, res.Errors)
		}
	}
	a, err := db.Client.Availability.Get(sys, decodePeriodID(t, id))
	if err != nil {
		t.Fatal(err)
	}
	if a.AvailableUntil != nil || !a.AvailableFrom.Equal(time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("stored availability %v – %v", a.AvailableFrom, a.AvailableUntil)
	}
}

func decodePeriodID(t *testing.T, id string) int {
	t.Helper()
	n, err := gid.Decode(id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
