package ledger_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestMoneyVisibility: one row of each of the 12 money types of coop A
// (written under the test rule), read through node(id:), nodes(ids:) and
// the books' lists (Coop.ledgerAccounts, Coop.ledgerEntries,
// LedgerEntry.lines) by a member of A, a member of the partner coop B, the
// freelancer F holding a share in A's project, an outsider and an
// anonymous caller. A's members see everything; B's member sees what
// concerns B (the account A keeps for B, the entry and only its line on
// that account, the payout to B, the settlement); F sees what concerns F;
// the outsider and the anonymous caller nothing.
func TestMoneyVisibility(t *testing.T) {
	t.Parallel()
	b := newBooks(t)
	c, ctx := b.ec, b.ctx
	client := testkit.Must(c.ClientOrganisation.Create().SetCoopID(b.A.ID).SetName("Client GmbH").Save(ctx))(t)
	entry := b.post(ledger.Entry{CoopID: b.A.ID, Kind: plan.ShareEarned, BookedOn: day(2026, 3, 2), Currency: "EUR",
		Description: "shares earned", Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.PartnerCosts}, 300),
			ledger.Credit(ledger.Account{Code: plan.CoopPayable, CoopID: b.B.ID}, 200),
			ledger.Credit(ledger.Account{Code: plan.PersonPayable, PersonID: b.Freelancer.ID}, 100)}})
	acc := func(code ledgeraccount.Code) *ent.LedgerAccount {
		return testkit.Must(c.LedgerAccount.Query().Where(ledgeraccount.CoopID(b.A.ID), ledgeraccount.CodeEQ(code)).Only(ctx))(t)
	}
	costs, payB, payF := acc(ledgeraccount.CodePARTNER_COSTS), acc(ledgeraccount.CodeCOOP_PAYABLE), acc(ledgeraccount.CodePERSON_PAYABLE)
	lines := testkit.Must(c.LedgerEntry.QueryLines(entry).All(ctx))(t)
	lineOn := func(a *ent.LedgerAccount) *ent.LedgerLine {
		for _, l := range lines {
			if l.AccountID == a.ID {
				return l
			}
		}
		t.Fatalf("no line on %s", a.Code)
		return nil
	}
	inv := testkit.Must(c.Invoice.Create().SetCoopID(b.A.ID).SetProjectID(b.P.ID).SetClientID(client.ID).SetCurrency("EUR").Save(ctx))(t)
	invLine := testkit.Must(c.InvoiceLine.Create().SetInvoiceID(inv.ID).SetPosition(1).SetKind("FIXED").SetDescription("Setup").
		SetUnitPriceCents(100).SetNetCents(100).SetVatRateBasisPoints(1900).SetVatCents(19).Save(ctx))(t)
	pay := testkit.Must(c.Payment.Create().SetInvoiceID(inv.ID).SetCoopID(b.A.ID).SetAmountCents(119).SetCurrency("EUR").
		SetReceivedOn(day(2026, 3, 5)).Save(ctx))(t)
	toB := testkit.Must(c.Payout.Create().SetCoopID(b.A.ID).SetToCoopID(b.B.ID).SetKind("SHARE").SetAmountCents(50).SetCurrency("EUR").
		SetPaidOn(day(2026, 3, 6)).Save(ctx))(t)
	toF := testkit.Must(c.Payout.Create().SetCoopID(b.A.ID).SetToPersonID(b.Freelancer.ID).SetKind("SHARE").SetAmountCents(40).
		SetCurrency("EUR").SetPaidOn(day(2026, 3, 6)).Save(ctx))(t)
	st := testkit.Must(c.Settlement.Create().SetNetworkID(b.N.ID).SetPayerCoopID(b.A.ID).SetPayeeCoopID(b.B.ID).SetUpTo(day(2026, 3, 31)).
		SetCurrency("EUR").SetPayerOwedCents(200).SetPayeeOwedCents(0).SetNetCents(200).SetProposedByCoopID(b.A.ID).Save(ctx))(t)
	closure := testkit.Must(c.BooksClosure.Create().SetCoopID(b.A.ID).SetPeriodStart(day(2025, 1, 1)).SetPeriodEnd(day(2025, 12, 31)).
		SetReason("BOOKS_CLOSED").SetClosedAt(time.Now()).Save(ctx))(t)
	dues := testkit.Must(c.DuesCharge.Create().SetCoopID(b.A.ID).SetPersonID(b.MemberA.ID).SetKind("DUES").SetMonth(day(2026, 3, 1)).
		SetAmountCents(2_000).SetCurrency("EUR").Save(ctx))(t)
	coopTime := testkit.Must(c.CoopTimeEntry.Create().SetCoopID(b.A.ID).SetPersonID(b.MemberA.ID).SetKind("CARE").SetDate(day(2026, 3, 3)).
		SetMinutes(60).Save(ctx))(t)

	rows := []struct {
		name string
		id   int
	}{
		{"ClientOrganisation", client.ID}, {"LedgerAccount PARTNER_COSTS", costs.ID}, {"LedgerAccount COOP_PAYABLE(B)", payB.ID},
		{"LedgerAccount PERSON_PAYABLE(F)", payF.ID}, {"LedgerEntry", entry.ID}, {"LedgerLine PARTNER_COSTS", lineOn(costs).ID},
		{"LedgerLine COOP_PAYABLE(B)", lineOn(payB).ID}, {"LedgerLine PERSON_PAYABLE(F)", lineOn(payF).ID}, {"Invoice", inv.ID},
		{"InvoiceLine", invLine.ID}, {"Payment", pay.ID}, {"Payout to B", toB.ID}, {"Payout to F", toF.ID}, {"Settlement", st.ID},
		{"BooksClosure", closure.ID}, {"DuesCharge", dues.ID}, {"CoopTimeEntry", coopTime.ID},
	}
	all := make([]string, len(rows))
	for i, r := range rows {
		all[i] = r.name
	}
	actors := []struct {
		name string
		c    *testkit.Client
		sees []string
		// what the books' lists show: A's accounts, A's entries, the
		// entry's lines (by account code)
		accounts, entries, lines []string
	}{
		{"member of A", b.c.As(b.MemberA.ID), all,
			[]string{"COOP_PAYABLE", "PERSON_PAYABLE", "PARTNER_COSTS"}, []string{"SHARE_EARNED"}, []string{"COOP_PAYABLE", "PERSON_PAYABLE", "PARTNER_COSTS"}},
		{"member of partner B", b.c.As(b.MemberB.ID),
			[]string{"LedgerAccount COOP_PAYABLE(B)", "LedgerEntry", "LedgerLine COOP_PAYABLE(B)", "Payout to B", "Settlement"},
			[]string{"COOP_PAYABLE"}, []string{"SHARE_EARNED"}, []string{"COOP_PAYABLE"}},
		{"freelancer with a share", b.c.As(b.Freelancer.ID),
			[]string{"LedgerAccount PERSON_PAYABLE(F)", "LedgerEntry", "LedgerLine PERSON_PAYABLE(F)", "Payout to F"},
			[]string{"PERSON_PAYABLE"}, []string{"SHARE_EARNED"}, []string{"PERSON_PAYABLE"}},
		{"outsider", b.c.As(b.Outsider.ID), nil, nil, nil, nil},
		{"member of C", b.c.As(b.MemberC.ID), nil, nil, nil, nil},
		{"anonymous", b.c.Anonymous(), nil, nil, nil, nil},
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = testkit.ID(r.id)
	}
	for _, a := range actors {
		// node(id:), one by one.
		var seen []string
		for _, r := range rows {
			res := testkit.Must(a.c.Post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": testkit.ID(r.id)}))(t)
			var out struct {
				Node *struct{ ID string } `json:"node"`
			}
			if len(res.Errors) == 0 {
				testkit.OK(t, res, &out)
			} else if code := res.Errors[0].Code(); code != "NOT_FOUND" && code != "UNAUTHENTICATED" {
				t.Errorf("%s reads %s: %v", a.name, r.name, res.Errors)
			}
			if out.Node != nil {
				if out.Node.ID != testkit.ID(r.id) {
					t.Errorf("%s reads %s: id %s", a.name, r.name, out.Node.ID)
				}
				seen = append(seen, r.name)
			}
		}
		if !slices.Equal(seen, a.sees) {
			t.Errorf("%s: node(id:) finds %v, want %v", a.name, seen, a.sees)
		}
		// nodes(ids:), all at once.
		res := testkit.Must(a.c.Post(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}))(t)
		var nodes struct {
			Nodes []*struct{ ID string } `json:"nodes"`
		}
		_ = decodeLoose(res, &nodes)
		seen = nil
		for i, n := range nodes.Nodes {
			if n != nil && i < len(rows) {
				seen = append(seen, rows[i].name)
			}
		}
		if !slices.Equal(seen, a.sees) {
			t.Errorf("%s: nodes(ids:) finds %v, want %v", a.name, seen, a.sees)
		}
		// The books' lists.
		res = testkit.Must(a.c.Post(`query($c: ID!, $e: ID!) {
			coop: node(id: $c) { ... on Coop { ledgerAccounts { edges { node { code } } } ledgerEntries { edges { node { kind } } } } }
			entry: node(id: $e) { ... on LedgerEntry { lines { edges { node { account { code } } } } } } }`,
			map[string]any{"c": testkit.ID(b.A.ID), "e": testkit.ID(entry.ID)}))(t)
		var lists struct {
			Coop *struct {
				LedgerAccounts struct {
					Edges []struct{ Node struct{ Code string } }
				}
				LedgerEntries struct {
					Edges []struct{ Node struct{ Kind string } }
				}
			}
			Entry *struct {
				Lines struct {
					Edges []struct {
						Node struct{ Account struct{ Code string } }
					}
				}
			}
		}
		_ = decodeLoose(res, &lists)
		var accounts, entries, lineCodes []string
		if lists.Coop != nil {
			for _, e := range lists.Coop.LedgerAccounts.Edges {
				accounts = append(accounts, e.Node.Code)
			}
			for _, e := range lists.Coop.LedgerEntries.Edges {
				entries = append(entries, e.Node.Kind)
			}
		}
		if lists.Entry != nil {
			for _, e := range lists.Entry.Lines.Edges {
				lineCodes = append(lineCodes, e.Node.Account.Code)
			}
		}
		for _, l := range [][]string{accounts, lineCodes, a.accounts, a.lines} {
			slices.Sort(l)
		}
		if fmt.Sprint(accounts, entries, lineCodes) != fmt.Sprint(a.accounts, a.entries, a.lines) {
			t.Errorf("%s: lists show accounts %v, entries %v, lines %v; want %v, %v, %v", a.name,
				accounts, entries, lineCodes, a.accounts, a.entries, a.lines)
		}
	}
}

// decodeLoose decodes the data of a response that may carry errors for
// some of its fields (denied reads).
func decodeLoose(res *testkit.Response, out any) error {
	if len(res.Data) == 0 || string(res.Data) == "null" {
		return nil
	}
	return json.Unmarshal(res.Data, out)
}
