package invoicing_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestClients: a coop's current members keep its clients; a project's
// client is one of the lead coop's, its contact a current member of it;
// an archived client is invoiced no more.
func TestClients(t *testing.T) {
	w := newWorld(t)
	var out struct {
		CreateClient struct {
			Client struct{ ID, Name, Country, CoopID string }
		}
	}
	testkit.OK(t, w.as(w.Lead).Do(createClientQ, map[string]any{"coop": testkit.ID(w.L.ID), "in": map[string]any{"name": " Acme AG ", "country": "CH"}}), &out)
	cl := out.CreateClient.Client
	if cl.Name != "Acme AG" || cl.Country != "CH" || cl.CoopID != testkit.ID(w.L.ID) {
		t.Fatalf("client %+v", cl)
	}
	before := testkit.RowCounts(t, w.c.DB())
	for _, c := range []struct {
		name, code, field string
		res               *testkit.Response
	}{
		{"no name", "BAD_USER_INPUT", "name", w.as(w.Lead).Do(createClientQ, map[string]any{"coop": testkit.ID(w.L.ID), "in": map[string]any{"city": "Bern"}})},
		{"bad country", "BAD_USER_INPUT", "country", w.as(w.Lead).Do(createClientQ, map[string]any{"coop": testkit.ID(w.L.ID), "in": map[string]any{"name": "X", "country": "de"}})},
		{"a partner for L", "FORBIDDEN", "", w.as(w.Partner).Do(createClientQ, map[string]any{"coop": testkit.ID(w.L.ID), "in": map[string]any{"name": "X"}})},
		{"a partner updates L's client", "NOT_FOUND", "id", w.as(w.Partner).Do(updateClientQ, map[string]any{"id": cl.ID, "in": map[string]any{"name": "Y"}})},
		{"an outsider sets P's client", "NOT_FOUND", "projectID", w.as(w.Outsdr).Do(setClientQ, map[string]any{"p": testkit.ID(w.P.ID), "c": cl.ID})},
		{"a partner sets P's client", "FORBIDDEN", "", w.as(w.Partner).Do(setClientQ, map[string]any{"p": testkit.ID(w.P.ID), "c": cl.ID})},
		{"contact not a member of L", "BAD_USER_INPUT", "contactID", w.as(w.Lead).Do(setClientQ, map[string]any{"p": testkit.ID(w.P.ID), "c": cl.ID, "contact": testkit.ID(w.Partner.ID)})},
	} {
		testkit.OnlyError(t, c.res, c.code, c.field)
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w.c.DB()))

	// A client of another coop is not found by L's members.
	var bOut struct {
		CreateClient struct{ Client struct{ ID string } }
	}
	testkit.OK(t, w.as(w.Partner).Do(createClientQ, map[string]any{"coop": testkit.ID(w.B.ID), "in": map[string]any{"name": "B's client"}}), &bOut)
	testkit.OnlyError(t, w.as(w.Lead).Do(setClientQ, map[string]any{"p": testkit.ID(w.P.ID), "c": bOut.CreateClient.Client.ID}), "NOT_FOUND", "clientID")

	var upd struct {
		UpdateClient struct {
			Client struct {
				Name, Street string
				VatID        *string
			}
		}
	}
	testkit.OK(t, w.as(w.Lead2).Do(updateClientQ, map[string]any{"id": cl.ID, "in": map[string]any{"street": "Bahnhofstr. 1", "vatID": "CHE-123"}}), &upd)
	testkit.OK(t, w.as(w.Lead2).Do(updateClientQ, map[string]any{"id": cl.ID, "in": map[string]any{"vatID": ""}}), &upd)
	if u := upd.UpdateClient.Client; u.Name != "Acme AG" || u.Street != "Bahnhofstr. 1" || (u.VatID != nil && *u.VatID != "") {
		t.Fatalf("updated %+v", u)
	}
	testkit.OK(t, w.as(w.Lead).Do(setClientQ, map[string]any{"p": testkit.ID(w.P.ID), "c": cl.ID, "contact": testkit.ID(w.Lead2.ID)}), nil)
	draft := w.draft(map[string]any{"includeTime": false, "fixedItems": []map[string]any{{"description": "x", "unitPrice": eur(100)}}})

	// Archived: out of the list, not set on a project, its draft not issued.
	testkit.OnlyError(t, w.as(w.Partner).Do(`mutation($id: ID!) { archive(id: $id) { node { id } } }`, map[string]any{"id": cl.ID}), "NOT_FOUND", "id")
	testkit.OK(t, w.as(w.Lead).Do(`mutation($id: ID!) { archive(id: $id) { node { ... on ClientOrganisation { archived } } } }`, map[string]any{"id": cl.ID}), nil)
	var list struct {
		Node struct{ Clients, All struct{ TotalCount int } }
	}
	testkit.OK(t, w.as(w.Lead).Do(`query($id: ID!) { node(id: $id) { ... on Coop { clients { totalCount } all: clients(includeArchived: true) { totalCount } } } }`,
		map[string]any{"id": testkit.ID(w.L.ID)}), &list)
	if list.Node.Clients.TotalCount != 0 || list.Node.All.TotalCount != 1 {
		t.Fatalf("clients after archiving: %+v", list)
	}
	testkit.OnlyError(t, w.as(w.Lead).Do(setClientQ, map[string]any{"p": testkit.ID(w.P.ID), "c": cl.ID}), "CONFLICT", "")
	testkit.OnlyError(t, w.as(w.Lead).Do(issueQ, map[string]any{"id": draft.ID}), "CONFLICT", "")
	testkit.OK(t, w.as(w.Lead).Do(`mutation($id: ID!) { restore(id: $id) { node { id } } }`, map[string]any{"id": cl.ID}), nil)
	w.issue(draft.ID)
}

// TestProjectPM: the PM is a share holder, a current member of the lead
// coop or of a share-holding coop, or a partner coop holding a share.
func TestProjectPM(t *testing.T) {
	w := newWorld(t)
	pm := func(person, coop *string) *testkit.Response {
		return w.as(w.Lead).Do(setPMQ, map[string]any{"p": testkit.ID(w.P.ID), "person": person, "coop": coop})
	}
	id := func(n int) *string { s := testkit.ID(n); return &s }
	for _, ok := range []struct {
		name         string
		person, coop *string
	}{
		{"the freelancer holding a share", id(w.Freelancer.ID), nil},
		{"a member of the partner coop", id(w.Partner.ID), nil},
		{"a member of the lead coop", id(w.Lead2.ID), nil},
		{"the partner coop", nil, id(w.B.ID)},
		{"nobody", nil, nil},
	} {
		var out struct {
			SetProjectPM struct {
				Project struct{ PmPerson, PmCoop *struct{ ID string } }
			}
		}
		testkit.OK(t, pm(ok.person, ok.coop), &out)
		got := out.SetProjectPM.Project
		if (got.PmPerson == nil) != (ok.person == nil) || (got.PmCoop == nil) != (ok.coop == nil) ||
			(ok.person != nil && got.PmPerson.ID != *ok.person) || (ok.coop != nil && got.PmCoop.ID != *ok.coop) {
			t.Errorf("%s: %+v", ok.name, got)
		}
	}
	other := w.coop("Other Coop")
	before := testkit.RowCounts(t, w.c.DB())
	testkit.OnlyError(t, pm(id(w.Outsdr.ID), nil), "BAD_USER_INPUT", "personID")
	testkit.OnlyError(t, pm(nil, id(w.L.ID)), "BAD_USER_INPUT", "coopID")
	testkit.OnlyError(t, pm(nil, id(other.ID)), "BAD_USER_INPUT", "coopID")
	testkit.OnlyError(t, pm(id(w.Lead.ID), id(w.B.ID)), "BAD_USER_INPUT", "coopID")
	testkit.OnlyError(t, w.as(w.Partner).Do(setPMQ, map[string]any{"p": testkit.ID(w.P.ID), "person": testkit.ID(w.Partner.ID)}), "FORBIDDEN", "")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w.c.DB()))
}
