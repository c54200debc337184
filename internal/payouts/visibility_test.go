package payouts_test

import (
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/payout"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

type balanceOut struct {
	DebtorID         string
	CreditorCoopID   *string
	CreditorPersonID *string
	ProjectID        *string
	Debtor           *struct{ Name string }
	Earned           struct{ Amount int64 }
	PaidOut          struct{ Amount int64 }
	Owed             struct{ Amount int64 }
}

const balanceFields = `debtorID creditorCoopID creditorPersonID projectID debtor { name } earned { amount } paidOut { amount } owed { amount }`

const coopMoney = `query($id: ID!, $from: Time) { node(id: $id) { ... on Coop {
  receivables(from: $from) { ` + balanceFields + ` }
  payables(from: $from) { ` + balanceFields + ` }
  payouts { totalCount edges { node { id amount { amount } toCoopID toPersonID } } }
} } }`

type coopMoneyOut struct {
	Node struct {
		Receivables []balanceOut
		Payables    []balanceOut
		Payouts     struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID         string
					ToCoopID   *string
					ToPersonID *string
				}
			}
		}
	}
}

const personMoney = `query($id: ID!) { node(id: $id) { ... on Person { receivables { ` + balanceFields + ` } } }
  viewer { receivables { ` + balanceFields + ` } payouts { totalCount } } }`

type personMoneyOut struct {
	Node   struct{ Receivables []balanceOut }
	Viewer *struct {
		Receivables []balanceOut
		Payouts     struct{ TotalCount int }
	}
}

// TestReceivablesVisibility: a partner coop's members see what the lead
// coop owes their coop and the payouts to it, none of the lead coop's other
// accounts; a freelancer only what is owed and paid to them; the lead coop's
// members everything their coop owes; an outsider nothing.
func TestReceivablesVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 10_000}, line{share: e.shareF, net: 20_000}, line{pm: true, net: 1_000},
		line{share: e.shareL, net: 7_000})
	e.pay(inv, inv.GrossCents)
	lead := e.c.As(e.lead.ID)
	testkit.OK(t, lead.Do(recordPayout, e.payoutVars(e.P.ID, 1_000, false)), nil)
	testkit.OK(t, lead.Do(recordPayout, e.payoutVars(e.fl.ID, 2_000, false)), nil)

	coop := func(as *testkit.Client, id int) coopMoneyOut {
		t.Helper()
		var out coopMoneyOut
		testkit.OK(t, as.Do(coopMoney, map[string]any{"id": testkit.ID(id)}), &out)
		return out
	}
	person := func(as *testkit.Client, id int) personMoneyOut {
		t.Helper()
		var out personMoneyOut
		testkit.OK(t, as.Do(personMoney, map[string]any{"id": testkit.ID(id)}), &out)
		return out
	}
	one := func(what string, bs []balanceOut, debtor int, earned, paid int64) {
		t.Helper()
		if len(bs) != 1 {
			t.Fatalf("%s: %d balances, want 1: %+v", what, len(bs), bs)
		}
		b := bs[0]
		if b.DebtorID != testkit.ID(debtor) || b.Earned.Amount != earned || b.PaidOut.Amount != paid || b.Owed.Amount != earned-paid ||
			b.ProjectID == nil || *b.ProjectID != testkit.ID(e.project.ID) || b.Debtor == nil {
			t.Errorf("%s: %+v, want debtor %d, earned %d, paid %d on the project", what, b, debtor, earned, paid)
		}
	}

	t.Run("partner coop member", func(t *testing.T) {
		p := e.c.As(e.partner.ID)
		own := coop(p, e.P.ID)
		one("P's receivables", own.Node.Receivables, e.L.ID, 10_000, 1_000)
		if own.Node.Payouts.TotalCount != 1 {
			t.Errorf("P's payouts: %d, want 1", own.Node.Payouts.TotalCount)
		}
		ld := coop(p, e.L.ID)
		one("L's payables as P sees them", ld.Node.Payables, e.L.ID, 10_000, 1_000)
		if ld.Node.Payables[0].CreditorCoopID == nil || *ld.Node.Payables[0].CreditorCoopID != testkit.ID(e.P.ID) {
			t.Errorf("L's payable shown to P is not P's: %+v", ld.Node.Payables[0])
		}
		if len(ld.Node.Receivables) != 0 {
			t.Errorf("P sees L's receivables: %+v", ld.Node.Receivables)
		}
		if ld.Node.Payouts.TotalCount != 1 || ld.Node.Payouts.Edges[0].Node.ToCoopID == nil {
			t.Errorf("P sees L's payouts other than its own: %+v", ld.Node.Payouts)
		}
		if got := person(p, e.fl.ID); len(got.Node.Receivables) != 0 || len(got.Viewer.Receivables) != 0 {
			t.Errorf("P sees what is owed to the freelancer: %+v", got)
		}
	})
	t.Run("freelancer", func(t *testing.T) {
		f := e.c.As(e.fl.ID)
		got := person(f, e.fl.ID)
		one("the freelancer's own receivables", got.Node.Receivables, e.L.ID, 20_000, 2_000)
		one("viewer.receivables", got.Viewer.Receivables, e.L.ID, 20_000, 2_000)
		if got.Viewer.Payouts.TotalCount != 1 {
			t.Errorf("viewer.payouts: %d, want 1", got.Viewer.Payouts.TotalCount)
		}
		ld := coop(f, e.L.ID)
		one("L's payables as the freelancer sees them", ld.Node.Payables, e.L.ID, 20_000, 2_000)
		if ld.Node.Payouts.TotalCount != 1 || ld.Node.Payouts.Edges[0].Node.ToPersonID == nil ||
			*ld.Node.Payouts.Edges[0].Node.ToPersonID != testkit.ID(e.fl.ID) {
			t.Errorf("the freelancer lists L's payouts other than their own: %+v", ld.Node.Payouts)
		}
		if p := coop(f, e.P.ID); len(p.Node.Receivables) != 0 || p.Node.Payouts.TotalCount != 0 {
			t.Errorf("the freelancer sees P's money: %+v", p)
		}
		if pm := person(f, e.pmp.ID); len(pm.Node.Receivables) != 0 {
			t.Errorf("the freelancer sees the PM's receivables: %+v", pm.Node.Receivables)
		}
	})
	t.Run("lead coop member", func(t *testing.T) {
		ld := coop(lead, e.L.ID)
		if len(ld.Node.Payables) != 3 {
			t.Fatalf("L's payables: %+v, want P, the freelancer and the PM", ld.Node.Payables)
		}
		var earned, owed int64
		for _, b := range ld.Node.Payables {
			earned += b.Earned.Amount
			owed += b.Owed.Amount
		}
		if earned != 31_000 || owed != 28_000 {
			t.Errorf("L's payables: earned %d, owed %d; want 31000, 28000", earned, owed)
		}
		if ld.Node.Payouts.TotalCount != 2 {
			t.Errorf("L's payouts: %d, want 2", ld.Node.Payouts.TotalCount)
		}
		one("the freelancer's receivables as L sees them", person(lead, e.fl.ID).Node.Receivables, e.L.ID, 20_000, 2_000)
		// The period: nothing was booked after today.
		var later coopMoneyOut
		testkit.OK(t, lead.Do(coopMoney, map[string]any{"id": testkit.ID(e.L.ID), "from": t0.AddDate(0, 0, 1).Format(time.RFC3339)}), &later)
		if len(later.Node.Payables) != 0 {
			t.Errorf("payables booked from tomorrow: %+v", later.Node.Payables)
		}
	})
	t.Run("payment and payout nodes", func(t *testing.T) {
		pay := testkit.Must(e.ec.Payment.Query().Only(e.ctx))(t)
		po := testkit.Must(e.ec.Payout.Query().Where(payout.ToCoopID(e.P.ID)).Only(e.ctx))(t)
		node := `query($id: ID!) { node(id: $id) { id } }`
		for _, c := range []struct {
			name string
			as   *testkit.Client
			id   int
			sees bool
		}{
			{"lead sees the payment", lead, pay.ID, true},
			{"partner does not see the payment", e.c.As(e.partner.ID), pay.ID, false},
			{"freelancer does not see the payment", e.c.As(e.fl.ID), pay.ID, false},
			{"outsider does not see the payment", e.c.As(e.outsider.ID), pay.ID, false},
			{"partner sees the payout to it", e.c.As(e.partner.ID), po.ID, true},
			{"freelancer does not see the payout to P", e.c.As(e.fl.ID), po.ID, false},
			{"outsider does not see the payout to P", e.c.As(e.outsider.ID), po.ID, false},
		} {
			res := c.as.Do(node, map[string]any{"id": testkit.ID(c.id)})
			if c.sees {
				testkit.OK(t, res, nil)
			} else {
				testkit.OnlyError(t, res, "NOT_FOUND", "")
			}
		}
	})
	t.Run("outsider", func(t *testing.T) {
		x := e.c.As(e.outsider.ID)
		for _, id := range []int{e.L.ID, e.P.ID} {
			got := coop(x, id)
			if len(got.Node.Receivables)+len(got.Node.Payables)+got.Node.Payouts.TotalCount != 0 {
				t.Errorf("the outsider sees coop %d's money: %+v", id, got)
			}
		}
		for _, id := range []int{e.fl.ID, e.pmp.ID} {
			if got := person(x, id); len(got.Node.Receivables)+len(got.Viewer.Receivables)+got.Viewer.Payouts.TotalCount != 0 {
				t.Errorf("the outsider sees person %d's money: %+v", id, got)
			}
		}
	})
}
