// Package invoicing_test checks issue 17's clients and invoices end to end:
// real HTTP requests with real tokens against the real handler, a fake
// clock, on SQLite and (with COCKPIT_TEST_DATABASE) on PostgreSQL.
package invoicing_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// t0 is the fake clock's start: Monday 2026-03-02, 09:00 UTC.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

// world: lead coop L (members lead, lead2) leads project P (10 % PM
// charge) with shares for L (85.00/h), partner coop B (90.00/h, member
// partner) and the freelancer F (70.00/h); an outsider in the network.
type world struct {
	t   *testing.T
	ctx context.Context
	ec  *ent.Client
	clk *clock.Fake
	c   *testkit.Client

	net                                      *ent.Network
	L, B                                     *ent.Coop
	Lead, Lead2, Partner, Freelancer, Outsdr *ent.Person
	P                                        *ent.Project
	ShareL, ShareB, ShareF                   *ent.BudgetShare
	clients                                  map[int]*testkit.Client
	seq                                      int
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	clk := clock.NewFake(t0)
	w := &world{t: t, ctx: testkit.System(context.Background()), ec: db.Client, clk: clk,
		c: testkit.NewServerWithClock(t, db, clk), clients: map[int]*testkit.Client{}}
	w.net = testkit.Must(w.ec.Network.Create().SetName("Network I").SetSlug("network-i").Save(w.ctx))(t)
	w.L = w.coop("Lead Coop")
	w.B = w.coop("Partner Coop")
	w.Lead = w.member(w.L, "Lena Lead")
	w.Lead2 = w.member(w.L, "Lars Lead")
	w.Partner = w.member(w.B, "Paula Partner")
	w.Freelancer = w.person("Fred Freelancer")
	w.Outsdr = w.person("Otto Outsider")
	w.P = testkit.Must(w.ec.Project.Create().SetLeadCoopID(w.L.ID).SetNetworkID(w.net.ID).SetName("Stadtteilnetz").
		SetClientName("Stadt GmbH").SetTotalBudgetCents(10_000_000).SetPmChargePercent(10).
		SetStatus(project.StatusACTIVE).SetStartsOn(day(-60)).Save(w.ctx))(t)
	w.ShareL = w.share(w.L.ID, 0, 8500)
	w.ShareB = w.share(w.B.ID, 0, 9000)
	w.ShareF = w.share(0, w.Freelancer.ID, 7000)
	return w
}

func (w *world) next() int { w.seq++; return w.seq }

func (w *world) person(name string) *ent.Person {
	p := testkit.Must(w.ec.Person.Create().SetName(name).SetEmail(fmt.Sprintf("p%d@example.org", w.next())).Save(w.ctx))(w.t)
	testkit.Must(w.ec.NetworkMembership.Create().SetNetwork(w.net).SetPerson(p).SetRole(networkmembership.RolePARTICIPANT).Save(w.ctx))(w.t)
	return p
}

func (w *world) coop(name string) *ent.Coop {
	k := w.next()
	return testkit.Must(w.ec.Coop.Create().SetName(name).SetSlug(fmt.Sprintf("coop-%d", k)).AddNetworks(w.net).Save(w.ctx))(w.t)
}

func (w *world) member(c *ent.Coop, name string) *ent.Person {
	p := w.person(name)
	since := t0.AddDate(-2, 0, 0)
	testkit.Must(w.ec.Membership.Create().SetPerson(p).SetCoop(c).SetState(membership.StateMEMBER).
		SetStateSince(since).SetJoinedAt(since).Save(w.ctx))(w.t)
	return p
}

func (w *world) share(coopID, personID int, rate int64) *ent.BudgetShare {
	b := w.ec.BudgetShare.Create().SetProjectID(w.P.ID).SetAmountCents(2_000_000).SetHourlyRateCents(rate).SetCurrency("EUR")
	if coopID != 0 {
		b.SetCoopID(coopID)
	} else {
		b.SetPersonID(personID)
	}
	return testkit.Must(b.Save(w.ctx))(w.t)
}

func (w *world) entry(s *ent.BudgetShare, who *ent.Person, d time.Time, minutes int) *ent.TimeEntry {
	return testkit.Must(w.ec.TimeEntry.Create().SetProjectID(s.ProjectID).SetShareID(s.ID).SetPersonID(who.ID).
		SetDate(d).SetMinutes(minutes).Save(w.ctx))(w.t)
}

func (w *world) as(p *ent.Person) *testkit.Client {
	if c, ok := w.clients[p.ID]; ok {
		return c
	}
	c := w.c.As(p.ID)
	w.clients[p.ID] = c
	return c
}

// client creates a client of L through the API and sets it as P's client
// with lead as contact.
func (w *world) client() string {
	w.t.Helper()
	var out struct {
		CreateClient struct{ Client struct{ ID string } }
	}
	testkit.OK(w.t, w.as(w.Lead).Do(createClientQ, map[string]any{"coop": testkit.ID(w.L.ID),
		"in": map[string]any{"name": "Stadt Leipzig GmbH", "street": "Markt 1", "postalCode": "04109", "city": "Leipzig", "vatID": "DE123456789"}}), &out)
	testkit.OK(w.t, w.as(w.Lead).Do(setClientQ, map[string]any{"p": testkit.ID(w.P.ID), "c": out.CreateClient.Client.ID,
		"contact": testkit.ID(w.Lead.ID)}), nil)
	return out.CreateClient.Client.ID
}

func eur(cents int64) map[string]any { return map[string]any{"amount": cents, "currency": "EUR"} }

const (
	createClientQ = `mutation($coop: ID!, $in: ClientInput!) { createClient(coopID: $coop, input: $in) { client { id name country vatID coopID } } }`
	updateClientQ = `mutation($id: ID!, $in: ClientInput!) { updateClient(id: $id, input: $in) { client { id name street vatID } } }`
	setClientQ    = `mutation($p: ID!, $c: ID!, $contact: ID) { setProjectClient(projectID: $p, clientID: $c, contactID: $contact) { project { id client { id } clientContact { id } } } }`
	setPMQ        = `mutation($p: ID!, $person: ID, $coop: ID) { setProjectPM(projectID: $p, personID: $person, coopID: $coop) { project { id pmPerson { id } pmCoop { id } } } }`
	invoiceSel    = `invoice { ` + invoiceFields + ` }`
	invoiceFields = `id kind status number fiscalYear sequence issuedOn dueOn currency overdue
		net { amount } vat { amount } gross { amount } paid { amount } due { amount }
		lines(first: 100, orderBy: {field: POSITION, direction: ASC}) { edges { node { id position kind description shareID minutes quantityMilli
			vatRateBasisPoints unitPrice { amount } net { amount } vat { amount } timeEntries(first: 100) { totalCount } } } }`
	draftQ  = `mutation($in: CreateInvoiceDraftInput!) { createInvoiceDraft(input: $in) { ` + invoiceSel + ` } }`
	issueQ  = `mutation($id: ID!, $on: Time) { issueInvoice(id: $id, issuedOn: $on) { ` + invoiceSel + ` } }`
	cancelQ = `mutation($id: ID!, $r: String!) { cancelInvoice(id: $id, reason: $r) { invoice { id status } creditNote { ` + invoiceFields + ` creditNoteFor { id } } } }`
	addQ    = `mutation($id: ID!, $item: InvoiceItemInput!) { addInvoiceLine(invoiceID: $id, item: $item) { ` + invoiceSel + ` } }`
	updQ    = `mutation($id: ID!, $in: UpdateInvoiceLineInput!) { updateInvoiceLine(lineID: $id, input: $in) { ` + invoiceSel + ` } }`
	rmQ     = `mutation($id: ID!) { removeInvoiceLine(lineID: $id) { ` + invoiceSel + ` } }`
	delQ    = `mutation($id: ID!) { deleteInvoiceDraft(id: $id) { deletedID } }`
)

type amount struct {
	Amount int64 `json:"amount"`
}

type lineJSON struct {
	ID                 string
	Position           int
	Kind               string
	Description        string
	ShareID            *string
	Minutes            *int
	QuantityMilli      int64
	VatRateBasisPoints int
	UnitPrice, Net     amount
	Vat                amount
	TimeEntries        struct{ TotalCount int }
}

type invoiceJSON struct {
	ID, Kind, Status      string
	Number                *string
	FiscalYear, Sequence  *int
	IssuedOn, DueOn       *time.Time
	Currency              string
	Overdue               bool
	Net, Vat, Gross, Paid amount
	Due                   amount
	Lines                 struct{ Edges []struct{ Node lineJSON } }
	CreditNoteFor         *struct{ ID string }
}

func (i invoiceJSON) lines() []lineJSON {
	var out []lineJSON
	for _, e := range i.Lines.Edges {
		out = append(out, e.Node)
	}
	return out
}

// draft creates a draft as lead and returns it.
func (w *world) draft(in map[string]any) invoiceJSON {
	w.t.Helper()
	in["projectID"] = testkit.ID(w.P.ID)
	if _, ok := in["vatRateBasisPoints"]; !ok {
		in["vatRateBasisPoints"] = 1900
	}
	var out struct{ CreateInvoiceDraft struct{ Invoice invoiceJSON } }
	testkit.OK(w.t, w.as(w.Lead).Do(draftQ, map[string]any{"in": in}), &out)
	return out.CreateInvoiceDraft.Invoice
}

func (w *world) issue(id string) invoiceJSON {
	w.t.Helper()
	var out struct{ IssueInvoice struct{ Invoice invoiceJSON } }
	testkit.OK(w.t, w.as(w.Lead).Do(issueQ, map[string]any{"id": id}), &out)
	return out.IssueInvoice.Invoice
}

// get fetches a URL with p's token.
func (w *world) get(p *ent.Person, path string) (int, string, http.Header) {
	w.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, w.c.URL+path, nil)
	if p != nil {
		for k, v := range w.as(p).Header {
			req.Header[k] = v
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decoding %s: %v", s, err)
	}
	return v
}

func jsonUnmarshal(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}
