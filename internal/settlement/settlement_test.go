// Package settlement_test checks the inter-coop settlement through the real
// handler, on SQLite and (with COCKPIT_TEST_DATABASE) on PostgreSQL.
package settlement_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/settlement"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	ec    *ent.Client
	c     *testkit.Client
	N, N2 *ent.Network
	coops []*ent.Coop // in N; the last one in N2
	// members[i] is a MEMBER of coops[i]
	members           []*ent.Person
	admin, freelancer *ent.Person
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// newEnv: network N with n coops, each with one member; a coop in N2; an
// admin of N and a freelancer of the first coop, in N.
func newEnv(t *testing.T, n int) *env {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	e := &env{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client, c: testkit.NewServer(t, db)}
	c, ctx := e.ec, e.ctx
	e.N = testkit.Must(c.Network.Create().SetName("Network N").SetSlug("network-n").Save(ctx))(t)
	e.N2 = testkit.Must(c.Network.Create().SetName("Network N2").SetSlug("network-n2").Save(ctx))(t)
	for i := range n + 1 {
		nw := e.N
		if i == n {
			nw = e.N2
		}
		co := testkit.Must(c.Coop.Create().SetName(fmt.Sprint("Coop ", i)).SetSlug(fmt.Sprint("coop-", i)).AddNetworks(nw).Save(ctx))(t)
		p := testkit.Must(c.Person.Create().SetName(fmt.Sprint("Member ", i)).SetEmail(fmt.Sprintf("m%d@example.org", i)).Save(ctx))(t)
		testkit.Must(c.Membership.Create().SetPerson(p).SetCoop(co).SetState("MEMBER").Save(ctx))(t)
		testkit.Must(c.NetworkMembership.Create().SetNetwork(nw).SetPerson(p).Save(ctx))(t)
		e.coops, e.members = append(e.coops, co), append(e.members, p)
	}
	e.admin = testkit.Must(c.Person.Create().SetName("Ada Admin").SetEmail("ada@example.org").Save(ctx))(t)
	testkit.Must(c.NetworkMembership.Create().SetNetwork(e.N).SetPerson(e.admin).SetRole(networkmembership.RoleADMIN).Save(ctx))(t)
	e.freelancer = testkit.Must(c.Person.Create().SetName("Frida F").SetEmail("frida@example.org").Save(ctx))(t)
	testkit.Must(c.Membership.Create().SetPerson(e.freelancer).SetCoop(e.coops[0]).SetState("FREELANCER").Save(ctx))(t)
	testkit.Must(c.NetworkMembership.Create().SetNetwork(e.N).SetPerson(e.freelancer).Save(ctx))(t)
	return e
}

// owe books, as the payment operation does, that lead owes partner amount
// on day: in lead's books Dr PARTNER_COSTS / Cr COOP_PAYABLE(partner), in
// partner's Dr COOP_RECEIVABLE(lead) / Cr SHARE_REVENUE.
func (e *env) owe(lead, partner int, amount int64, on time.Time) {
	e.t.Helper()
	tx := testkit.Must(e.ec.Tx(e.ctx))(e.t)
	o := domainop.Env{}.System(ent.NewTxContext(e.ctx, tx), tx.Client())
	if err := ledger.LockBooks(o, lead, partner); err != nil {
		e.t.Fatal(err)
	}
	for _, en := range []ledger.Entry{
		{CoopID: lead, Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.PartnerCosts}, amount),
			ledger.Credit(ledger.Account{Code: plan.CoopPayable, CoopID: partner}, amount)}},
		{CoopID: partner, Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.CoopReceivable, CoopID: lead}, amount),
			ledger.Credit(ledger.Account{Code: plan.ShareRevenue}, amount)}},
	} {
		en.Kind, en.BookedOn, en.Currency, en.Description = plan.ShareEarned, on, "EUR", "share earned"
		if _, err := ledger.Post(o, authz.TestFixture, en); err != nil {
			_ = tx.Rollback()
			e.t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		e.t.Fatal(err)
	}
}

// TestNettingMatchesBruteForce: random amounts owed between random pairs
// of a network's coops over several projects and days, booked in both
// books; the plan up to a random day nets every pair exactly as a
// brute-force model of the individual debts does, and settlementPlan over
// HTTP shows the admin every pair and each coop's member their own pairs.
func TestNettingMatchesBruteForce(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 17))
	const n = 4
	e := newEnv(t, n)
	type debt struct {
		from, to int // coop indexes: from owes to
		amount   int64
		on       time.Time
	}
	var debts []debt
	projects := 1 + r.IntN(4)
	for range projects {
		lead := r.IntN(n)
		for range 1 + r.IntN(5) {
			partner := r.IntN(n)
			if partner == lead {
				continue
			}
			d := debt{lead, partner, 1 + r.Int64N(300_000), day(2026, 1, 1).AddDate(0, 0, r.IntN(120))}
			debts = append(debts, d)
			e.owe(e.coops[d.from].ID, e.coops[d.to].ID, d.amount, d.on)
		}
	}
	for range 3 {
		upTo := day(2026, 1, 1).AddDate(0, 0, r.IntN(130))
		// The model: every pair, debt by debt.
		type want struct {
			payer, payee int
			net          int64
		}
		model := map[[2]int]want{}
		for i := range n {
			for j := i + 1; j < n; j++ {
				var ij, ji int64
				for _, d := range debts {
					if d.on.After(upTo) {
						continue
					}
					if d.from == i && d.to == j {
						ij += d.amount
					}
					if d.from == j && d.to == i {
						ji += d.amount
					}
				}
				a, b := e.coops[i].ID, e.coops[j].ID
				switch {
				case ij == 0 && ji == 0:
				case ij >= ji:
					model[[2]int{a, b}] = want{a, b, ij - ji}
				default:
					model[[2]int{a, b}] = want{b, a, ji - ij}
				}
			}
		}
		lines := testkit.Must(settlement.Plan(e.ctx, e.ec, e.N.ID, upTo))(t)
		if len(lines) != len(model) {
			t.Errorf("up to %s: %d pairs, model %d", upTo.Format(time.DateOnly), len(lines), len(model))
		}
		for _, l := range lines {
			w, ok := model[[2]int{min(l.PayerID, l.PayeeID), max(l.PayerID, l.PayeeID)}]
			if !ok || w.payer != l.PayerID || w.payee != l.PayeeID || w.net != l.Net || l.PayerOwed-l.PayeeOwed != l.Net || l.Net < 0 {
				t.Errorf("up to %s: %+v, model %+v (found %v)", upTo.Format(time.DateOnly), *l, w, ok)
			}
		}
		// Over HTTP: the admin sees every pair, a member their coop's.
		var out struct {
			Node struct {
				SettlementPlan []struct {
					Payer, Payee struct{ ID string }
					Net          struct{ Amount json.Number }
				} `json:"settlementPlan"`
			} `json:"node"`
		}
		e.gql(e.c.As(e.admin.ID), planQuery, map[string]any{"n": testkit.ID(e.N.ID), "d": upTo.Format(time.DateOnly)}, &out)
		if len(out.Node.SettlementPlan) != len(model) {
			t.Errorf("admin's plan: %d pairs, want %d", len(out.Node.SettlementPlan), len(model))
		}
		mine := 0
		for k := range model {
			if k[0] == e.coops[0].ID || k[1] == e.coops[0].ID {
				mine++
			}
		}
		e.gql(e.c.As(e.members[0].ID), planQuery, map[string]any{"n": testkit.ID(e.N.ID), "d": upTo.Format(time.DateOnly)}, &out)
		if len(out.Node.SettlementPlan) != mine {
			t.Errorf("member of coop 0: %d pairs, want %d", len(out.Node.SettlementPlan), mine)
		}
	}
}

const planQuery = `query($n: ID!, $d: Date!) { node(id: $n) { ... on Network { settlementPlan(upTo: $d) {
	payer { id } payee { id } currency payerOwed { amount } payeeOwed { amount } net { amount } } } } }`

func (e *env) gql(c *testkit.Client, query string, vars map[string]any, out any) {
	e.t.Helper()
	res, err := c.Post(query, vars)
	if err != nil {
		e.t.Fatal(err)
	}
	testkit.OK(e.t, res, out)
}

// TestSettlementLifecycle: A owes B 3,000 and B owes A 1,000; A's member
// proposes (A pays B 2,000), B's member confirms (the 1,000 offset in both
// books) after a refused confirmation on moved books, A's member records
// the payment; both books end with nothing owed, mirrored. Wrong actors,
// states and inputs change nothing.
func TestSettlementLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 3)
	A, B := e.coops[0], e.coops[1]
	ma, mb, mc := e.c.As(e.members[0].ID), e.c.As(e.members[1].ID), e.c.As(e.members[2].ID)
	e.owe(A.ID, B.ID, 250_000, day(2026, 1, 10))
	e.owe(A.ID, B.ID, 50_000, day(2026, 1, 20))
	e.owe(B.ID, A.ID, 100_000, day(2026, 1, 15))
	const (
		propose = `mutation($n: ID!, $o: ID!, $d: Date!) { proposeSettlement(networkID: $n, otherCoopID: $o, upTo: $d) {
			settlement { id status payerCoopID payeeCoopID payerOwed { amount } payeeOwed { amount } net { amount } upToDay } } }`
		confirm = `mutation($id: ID!) { confirmSettlement(id: $id) { settlement { id status } } }`
		reject  = `mutation($id: ID!) { rejectSettlement(id: $id) { settlement { id status } } }`
		pay     = `mutation($id: ID!, $d: Date!) { recordSettlementPayment(id: $id, paidOn: $d) { settlement { id status } } }`
	)
	n, a, b := testkit.ID(e.N.ID), testkit.ID(A.ID), testkit.ID(B.ID)
	type st struct {
		ID, Status, PayerCoopID, PayeeCoopID, UpToDay string
		Net                                           struct{ Amount json.Number }
	}
	var p struct {
		ProposeSettlement struct{ Settlement st }
	}
	e.gql(ma, propose, map[string]any{"n": n, "o": b, "d": "2026-01-31"}, &p)
	s := p.ProposeSettlement.Settlement
	if s.Status != "PROPOSED" || s.PayerCoopID != a || s.PayeeCoopID != b || s.Net.Amount != "200000" || s.UpToDay != "2026-01-31" {
		t.Fatalf("proposed: %+v", s)
	}
	before := testkit.RowCounts(t, e.db)
	for _, tc := range []struct {
		name        string
		c           *testkit.Client
		query       string
		vars        map[string]any
		code, field string
	}{
		{"the proposing side confirms", ma, confirm, map[string]any{"id": s.ID}, "FORBIDDEN", ""},
		{"a third coop confirms", mc, confirm, map[string]any{"id": s.ID}, "NOT_FOUND", "id"},
		{"the freelancer confirms", e.c.As(e.freelancer.ID), confirm, map[string]any{"id": s.ID}, "NOT_FOUND", "id"},
		{"anonymous confirms", e.c.Anonymous(), confirm, map[string]any{"id": s.ID}, "UNAUTHENTICATED", ""},
		{"a second proposal", mb, propose, map[string]any{"n": n, "o": a, "d": "2026-01-31"}, "CONFLICT", ""},
		{"paid before confirmed", ma, pay, map[string]any{"id": s.ID, "d": "2026-02-01"}, "CONFLICT", ""},
		{"with itself", ma, propose, map[string]any{"n": n, "o": a, "d": "2026-01-31"}, "BAD_USER_INPUT", "otherCoopID"},
		{"with a coop of another network", ma, propose, map[string]any{"n": n, "o": testkit.ID(e.coops[3].ID), "d": "2026-01-31"}, "NOT_FOUND", "otherCoopID"},
		{"in a network one is not in", e.c.As(e.members[3].ID), propose, map[string]any{"n": n, "o": a, "d": "2026-01-31"}, "NOT_FOUND", "networkID"},
		{"nothing owed", mc, propose, map[string]any{"n": n, "o": a, "d": "2026-01-31"}, "BAD_USER_INPUT", "otherCoopID"},
		{"in the future", mc, propose, map[string]any{"n": n, "o": a, "d": "2999-01-31"}, "BAD_USER_INPUT", "upTo"},
		{"the freelancer proposes", e.c.As(e.freelancer.ID), propose, map[string]any{"n": n, "o": b, "d": "2026-01-31"}, "FORBIDDEN", ""},
	} {
		res := testkit.Must(tc.c.Post(tc.query, tc.vars))(t)
		testkit.OnlyError(t, res, tc.code, tc.field)
		_ = tc.name
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))

	// The books move (a late booking dated before upTo): confirming is
	// refused; B rejects, A proposes again, B confirms.
	e.owe(B.ID, A.ID, 5_000, day(2026, 1, 31))
	res := testkit.Must(mb.Post(confirm, map[string]any{"id": s.ID}))(t)
	testkit.OnlyError(t, res, "CONFLICT", "")
	var out struct {
		RejectSettlement, ConfirmSettlement, RecordSettlementPayment struct{ Settlement st }
	}
	e.gql(mb, reject, map[string]any{"id": s.ID}, &out)
	if out.RejectSettlement.Settlement.Status != "REJECTED" {
		t.Fatalf("rejected: %+v", out.RejectSettlement)
	}
	e.gql(ma, propose, map[string]any{"n": n, "o": b, "d": "2026-01-31"}, &p)
	s = p.ProposeSettlement.Settlement
	if s.Net.Amount != "195000" {
		t.Fatalf("proposed again: %+v", s)
	}
	e.gql(mb, confirm, map[string]any{"id": s.ID}, &out)
	if out.ConfirmSettlement.Settlement.Status != "CONFIRMED" {
		t.Fatalf("confirmed: %+v", out.ConfirmSettlement)
	}
	lines := testkit.Must(settlement.Plan(e.ctx, e.ec, e.N.ID, time.Now()))(t)
	if len(lines) != 1 || lines[0].PayerID != A.ID || lines[0].PayerOwed != 195_000 || lines[0].PayeeOwed != 0 {
		t.Errorf("after the offset: %+v", lines)
	}
	res = testkit.Must(mb.Post(pay, map[string]any{"id": s.ID, "d": time.Now().UTC().Format(time.DateOnly)}))(t)
	testkit.OnlyError(t, res, "FORBIDDEN", "")
	res = testkit.Must(ma.Post(pay, map[string]any{"id": s.ID, "d": "2026-01-30"}))(t)
	testkit.OnlyError(t, res, "BAD_USER_INPUT", "paidOn")
	e.gql(ma, pay, map[string]any{"id": s.ID, "d": time.Now().UTC().Format(time.DateOnly)}, &out)
	if out.RecordSettlementPayment.Settlement.Status != "PAID" {
		t.Fatalf("paid: %+v", out.RecordSettlementPayment)
	}
	if lines := testkit.Must(settlement.Plan(e.ctx, e.ec, e.N.ID, time.Now()))(t); len(lines) != 0 {
		t.Errorf("after the payment: %+v", lines)
	}
	// Both books: nothing owed either way, A's bank paid 195,000, B's got it.
	bal := func(coop int, code ledgeraccount.Code) int64 {
		acc, err := e.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(coop), ledgeraccount.CodeEQ(code)).Only(e.ctx)
		if ent.IsNotFound(err) {
			return 0
		}
		m := testkit.Must(ledger.Balance(e.ctx, e.ec, testkit.Must(acc, err)(t), ledger.Period{}))(t)
		return m.Cents
	}
	for _, x := range []struct {
		coop int
		code ledgeraccount.Code
		want int64
	}{
		{A.ID, ledgeraccount.CodeCOOP_PAYABLE, 0}, {A.ID, ledgeraccount.CodeCOOP_RECEIVABLE, 0}, {A.ID, ledgeraccount.CodeBANK, -195_000},
		{B.ID, ledgeraccount.CodeCOOP_PAYABLE, 0}, {B.ID, ledgeraccount.CodeCOOP_RECEIVABLE, 0}, {B.ID, ledgeraccount.CodeBANK, 195_000},
	} {
		if got := bal(x.coop, x.code); got != x.want {
			t.Errorf("coop %d %s: %d, want %d", x.coop, x.code, got, x.want)
		}
	}
	for _, id := range []int{A.ID, B.ID} {
		tb := testkit.Must(ledger.ComputeTrialBalance(e.ctx, e.ec, id, "EUR", time.Now()))(t)
		if !tb.Balanced() {
			t.Errorf("coop %d: books do not balance", id)
		}
	}
	// The plan is NOT_FOUND outside the network.
	res = testkit.Must(e.c.As(e.members[3].ID).Post(planQuery, map[string]any{"n": n, "d": "2026-01-31"}))(t)
	if len(res.Errors) == 0 {
		var o struct {
			Node *struct{ SettlementPlan []any }
		}
		testkit.OK(t, res, &o)
		if o.Node != nil && len(o.Node.SettlementPlan) > 0 {
			t.Errorf("outsider reads the plan: %+v", o)
		}
	}
}

// TestConcurrentProposals: members of both sides proposing at once leave
// exactly one open settlement; the others are CONFLICT.
func TestConcurrentProposals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 2)
	A, B := e.coops[0], e.coops[1]
	e.owe(A.ID, B.ID, 10_000, day(2026, 1, 10))
	const propose = `mutation($n: ID!, $o: ID!) { proposeSettlement(networkID: $n, otherCoopID: $o, upTo: "2026-01-31") { settlement { id } } }`
	var reqs []func() (*testkit.Response, error)
	for i := range 10 {
		c, other := e.c.As(e.members[0].ID), B
		if i%2 == 1 {
			c, other = e.c.As(e.members[1].ID), A
		}
		reqs = append(reqs, func() (*testkit.Response, error) {
			return c.Post(propose, map[string]any{"n": testkit.ID(e.N.ID), "o": testkit.ID(other.ID)})
		})
	}
	okN, conflicts := 0, 0
	for _, res := range testkit.Race(t, reqs...) {
		switch {
		case len(res.Errors) == 0:
			okN++
		case res.Errors[0].Code() == "CONFLICT":
			conflicts++
		default:
			t.Errorf("a proposal failed: %v", res.Errors)
		}
	}
	n := testkit.Must(e.ec.Settlement.Query().Count(e.ctx))(t)
	if okN != 1 || conflicts != 9 || n != 1 {
		t.Errorf("%d proposals succeeded, %d conflicts, %d settlements; want 1, 9, 1", okN, conflicts, n)
	}
}
