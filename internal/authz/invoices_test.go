package authz_test

import (
	"fmt"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/clientorganisation"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/invoiceline"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// invoiceOperationCases: clients, a project's client and PM, and invoices
// (issue 17; internal/invoicing). A's clients and invoices are A's
// members' alone: everyone else finds none (NOT_FOUND); who reads the
// project but is not a current member of its lead coop (B's member, the
// freelancer holding a share) is FORBIDDEN to set its client or PM or to
// invoice it.
func (f *fixture) invoiceOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	var (
		clientA, clientB *ent.ClientOrganisation
		draft, issued    *ent.Invoice
		line             *ent.InvoiceLine
	)
	id := func(n *int) func(string) map[string]any {
		return func(string) map[string]any { return map[string]any{"id": testkit.ID(*n)} }
	}
	newClient := func(coop *ent.Coop, name string) *ent.ClientOrganisation {
		return testkit.MustOrPanic(c.ClientOrganisation.Create().SetCoopID(coop.ID).SetName(name).Save(ctx))
	}
	// withClient gives A a fresh client and makes it P's.
	withClient := func(f *fixture) {
		clientA = newClient(f.A, "A's client")
		clientB = newClient(f.B, "B's client")
		testkit.MustOrPanic(c.Project.UpdateOneID(f.P.ID).SetClientID(clientA.ID).Save(ctx))
	}
	// withDraft adds a draft of P with one FIXED line of 10.00 at 19 %.
	withDraft := func(f *fixture) {
		withClient(f)
		draft = testkit.MustOrPanic(c.Invoice.Create().SetCoopID(f.A.ID).SetProjectID(f.P.ID).SetClientID(clientA.ID).
			SetCurrency("EUR").SetNetCents(1000).SetVatCents(190).SetGrossCents(1190).Save(ctx))
		line = testkit.MustOrPanic(c.InvoiceLine.Create().SetInvoiceID(draft.ID).SetPosition(0).SetKind(invoiceline.KindFIXED).
			SetDescription("Item").SetQuantityMilli(1000).SetUnitPriceCents(1000).SetNetCents(1000).
			SetVatRateBasisPoints(1900).SetVatCents(190).Save(ctx))
	}
	// withIssued adds an ISSUED invoice of P dated today.
	withIssued := func(f *fixture) {
		withClient(f)
		n := testkit.MustOrPanic(c.Invoice.Query().Where(invoice.CoopID(f.A.ID), invoice.SequenceNotNil()).Count(ctx)) + 1
		day := testkit.MustOrPanic(c.Coop.Get(ctx, f.A.ID)).CreatedAt.UTC().Truncate(24 * 3600e9)
		issued = testkit.MustOrPanic(c.Invoice.Create().SetCoopID(f.A.ID).SetProjectID(f.P.ID).SetClientID(clientA.ID).
			SetCurrency("EUR").SetNetCents(1000).SetVatCents(190).SetGrossCents(1190).SetStatus(invoice.StatusISSUED).
			SetFiscalYear(day.Year()).SetSequence(500 + n).SetNumber(fmt.Sprintf("%d-%04d", day.Year(), 500+n)).
			SetIssuedOn(day).SetDueOn(day.AddDate(0, 0, 30)).Save(ctx))
	}
	invoiceOf := func(inv **ent.Invoice) func(f *fixture) string {
		return func(f *fixture) string {
			i := testkit.MustOrPanic(c.Invoice.Get(ctx, (*inv).ID))
			return fmt.Sprint(i.Status, " ", i.NetCents, " ", i.GrossCents, " ", i.Number != nil)
		}
	}
	projectClient := func(f *fixture) string {
		p := testkit.MustOrPanic(c.Project.Get(ctx, f.P.ID))
		show := func(v *int) string {
			if v == nil {
				return "-"
			}
			return fmt.Sprint(*v)
		}
		return show(p.ClientID) + " " + show(p.ClientContactID) + " " + show(p.PmPersonID) + " " + show(p.PmCoopID)
	}
	// Who reads P but does not lead it, and who does not read it at all.
	forbiddenOnP := func(allowed string) map[string]string {
		return expect("NOT_FOUND", memberOfA, allowed, memberOfB, "FORBIDDEN", freelancer, "FORBIDDEN")
	}
	const (
		createClient = `mutation($coop: ID!) { createClient(coopID: $coop, input: {name: "New client"}) { client { id } } }`
		updateClient = `mutation($id: ID!) { updateClient(id: $id, input: {name: "Renamed"}) { client { id } } }`
		setClient    = `mutation($p: ID!, $c: ID!, $contact: ID) { setProjectClient(projectID: $p, clientID: $c, contactID: $contact) { project { id } } }`
		setPM        = `mutation($p: ID!, $person: ID, $coop: ID) { setProjectPM(projectID: $p, personID: $person, coopID: $coop) { project { id } } }`
		draftQ       = `mutation($in: CreateInvoiceDraftInput!) { createInvoiceDraft(input: $in) { invoice { id } } }`
		addLine      = `mutation($id: ID!) { addInvoiceLine(invoiceID: $id, item: {description: "More", unitPrice: {amount: 500, currency: "EUR"}, vatRateBasisPoints: 1900}) { invoice { id } } }`
		updLine      = `mutation($id: ID!) { updateInvoiceLine(lineID: $id, input: {quantityMilli: 2000}) { invoice { id } } }`
		rmLine       = `mutation($id: ID!) { removeInvoiceLine(lineID: $id) { invoice { id } } }`
		delDraft     = `mutation($id: ID!) { deleteInvoiceDraft(id: $id) { deletedID } }`
		issue        = `mutation($id: ID!) { issueInvoice(id: $id) { invoice { id number } } }`
		cancel       = `mutation($id: ID!) { cancelInvoice(id: $id, reason: "matrix") { creditNote { id } } }`
		archiveQ     = `mutation($id: ID!) { archive(id: $id) { node { id } } }`
	)
	var clientAID, draftID, issuedID, lineID int
	return []writeCase{
		{
			name:  "createClient for A",
			query: createClient,
			vars:  func(string) map[string]any { return map[string]any{"coop": testkit.ID(f.A.ID)} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "coopID",
			state: func(f *fixture) string {
				return f.count(c.ClientOrganisation.Query().Where(clientorganisation.CoopID(f.A.ID)))
			},
		},
		{
			name:  "updateClient of A's client",
			query: updateClient,
			setup: func(f *fixture) { withClient(f); clientAID = clientA.ID },
			vars:  id(&clientAID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: func(f *fixture) string { return testkit.MustOrPanic(c.ClientOrganisation.Get(ctx, clientA.ID)).Name },
		},
		{
			name:  "archive A's client",
			query: archiveQ,
			setup: func(f *fixture) { withClient(f); clientAID = clientA.ID },
			vars:  id(&clientAID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.ClientOrganisation.Get(ctx, clientA.ID)).ArchivedAt != nil)
			},
		},
		{
			name:  "setProjectClient of P to A's client",
			query: setClient,
			setup: func(f *fixture) {
				withClient(f)
				testkit.MustOrPanic(c.Project.UpdateOneID(f.P.ID).ClearClientID().Save(ctx))
			},
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(f.P.ID), "c": testkit.ID(clientA.ID), "contact": testkit.ID(f.MemberA.ID)}
			},
			want:  forbiddenOnP(ok),
			field: "projectID",
			state: projectClient,
		},
		{
			name:  "setProjectClient of P to B's client",
			query: setClient,
			setup: withClient,
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(f.P.ID), "c": testkit.ID(clientB.ID)}
			},
			want:     forbiddenOnP("NOT_FOUND"),
			field:    "projectID",
			fieldFor: map[string]string{memberOfA: "clientID"},
			state:    projectClient,
		},
		{
			name:  "setProjectClient of P with B's member as contact",
			query: setClient,
			setup: withClient,
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(f.P.ID), "c": testkit.ID(clientA.ID), "contact": testkit.ID(f.MemberB.ID)}
			},
			want:     forbiddenOnP("BAD_USER_INPUT"),
			field:    "projectID",
			fieldFor: map[string]string{memberOfA: "contactID"},
			state:    projectClient,
		},
		{
			name:  "setProjectPM of P to the freelancer",
			query: setPM,
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(f.P.ID), "person": testkit.ID(f.Freelancer.ID)}
			},
			want:  forbiddenOnP(ok),
			field: "projectID",
			state: projectClient,
		},
		{
			name:  "setProjectPM of P to the outsider",
			query: setPM,
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(f.P.ID), "person": testkit.ID(f.Outsider.ID)}
			},
			want:     forbiddenOnP("BAD_USER_INPUT"),
			field:    "projectID",
			fieldFor: map[string]string{memberOfA: "personID"},
			state:    projectClient,
		},
		{
			name:  "setProjectPM of P to coop C (another network)",
			query: setPM,
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(f.P.ID), "coop": testkit.ID(f.C.ID)}
			},
			want:     forbiddenOnP("BAD_USER_INPUT"),
			field:    "projectID",
			fieldFor: map[string]string{memberOfA: "coopID"},
			state:    projectClient,
		},
		{
			name:  "createInvoiceDraft on P",
			query: draftQ,
			setup: withClient,
			vars: func(string) map[string]any {
				return map[string]any{"in": map[string]any{"projectID": testkit.ID(f.P.ID), "vatRateBasisPoints": 1900, "includeTime": false,
					"fixedItems": []map[string]any{{"description": "Item", "unitPrice": map[string]any{"amount": 100, "currency": "EUR"}}}}}
			},
			want:  forbiddenOnP(ok),
			field: "projectID",
		},
		{
			name:  "addInvoiceLine to A's draft",
			query: addLine,
			setup: func(f *fixture) { withDraft(f); draftID = draft.ID },
			vars:  func(string) map[string]any { return map[string]any{"id": testkit.ID(draftID)} },
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "invoiceID",
			state: invoiceOf(&draft),
		},
		{
			name:  "updateInvoiceLine of A's draft",
			query: updLine,
			setup: func(f *fixture) { withDraft(f); lineID = line.ID },
			vars:  id(&lineID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "lineID",
			state: invoiceOf(&draft),
		},
		{
			name:  "removeInvoiceLine of A's draft",
			query: rmLine,
			setup: func(f *fixture) { withDraft(f); lineID = line.ID },
			vars:  id(&lineID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "lineID",
			state: invoiceOf(&draft),
		},
		{
			name:  "deleteInvoiceDraft of A's draft",
			query: delDraft,
			setup: func(f *fixture) { withDraft(f); draftID = draft.ID },
			vars:  id(&draftID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: func(f *fixture) string { return f.count(c.Invoice.Query().Where(invoice.ID(draftID))) },
		},
		{
			name:  "issueInvoice of A's draft",
			query: issue,
			setup: func(f *fixture) { withDraft(f); draftID = draft.ID },
			vars:  id(&draftID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: invoiceOf(&draft),
		},
		{
			name:  "cancelInvoice of A's issued invoice",
			query: cancel,
			setup: func(f *fixture) { withIssued(f); issuedID = issued.ID },
			vars:  id(&issuedID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: invoiceOf(&issued),
		},
	}
}
