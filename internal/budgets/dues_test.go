package budgets_test

// Dues, overhead levy and member payments (issue 17, part dues;
// internal/coopmoney dues.go), over HTTP on SQLite and PostgreSQL.

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/duescharge"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const (
	duSel     = `id kind month personID amount { amount currency } basis { amount currency } paid { amount } unpaid { amount }`
	duChargeQ = `mutation($in: ChargeDuesInput!) { chargeDues(input: $in) { duesCharges { ` + duSel + ` } } }`
	duPayQ    = `mutation($in: RecordMemberPaymentInput!) { recordMemberPayment(input: $in) { duesCharge { ` + duSel + ` } } }`
	duCoopQ   = `query($id: ID!, $month: Time, $person: ID) { node(id: $id) { ... on Coop { duesCharges(month: $month, personID: $person, first: 50) {
		totalCount edges { node { ` + duSel + ` } } } } } }`
	duViewerQ = `{ viewer { duesCharges(first: 50) { totalCount edges { node { ` + duSel + ` } } } } }`
)

type duCharge struct {
	ID, Kind, PersonID string
	Month              time.Time
	Amount             struct{ Amount int64 }
	Basis              *struct{ Amount int64 }
	Paid, Unpaid       struct{ Amount int64 }
}

// key is "person kind amount/basis" with persons numbered by the test.
func (c duCharge) key(names map[string]string) string {
	basis := "-"
	if c.Basis != nil {
		basis = fmt.Sprint(c.Basis.Amount)
	}
	return fmt.Sprintf("%s %s %d/%s", names[c.PersonID], c.Kind, c.Amount.Amount, basis)
}

func duKeys(cs []duCharge, names map[string]string) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.key(names))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func duMonth(c *btCoop, month time.Time) map[string]any {
	return map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "month": month.Format(time.RFC3339)}}
}

func duPay(id string, cents int64, currency string, on time.Time) map[string]any {
	return map[string]any{"in": map[string]any{"duesChargeID": id, "amount": map[string]any{"amount": cents, "currency": currency},
		"paidOn": on.Format(time.RFC3339)}}
}

// balanced checks the coop's trial balance and returns the balance of the
// person's MEMBER_RECEIVABLE account (0 when none).
func (e *btEnv) duBalanced(c *btCoop, person int) int64 {
	e.t.Helper()
	tb := testkit.Must(ledger.ComputeTrialBalance(e.ctx, e.ec, c.ID, "EUR", btToday))(e.t)
	if !tb.Balanced() {
		e.t.Fatalf("books of %d do not balance: %+v", c.ID, tb)
	}
	a, err := e.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(c.ID),
		ledgeraccount.Key(ledger.Key(ledger.Account{Code: plan.MemberReceivable, PersonID: person}, "EUR"))).Only(e.ctx)
	if ent.IsNotFound(err) {
		return 0
	}
	b := testkit.Must(ledger.Balance(e.ctx, e.ec, testkit.Must(a, err)(e.t), ledger.Period{}))(e.t)
	return b.Cents
}

// TestDuesCharge: chargeDues charges each current MEMBER the bylaws' dues
// and the levy on their paid time of the month, exactly (rounded once per
// member), books each charge, and charges nothing twice; refusals change
// nothing; members see all charges, a member their own, others nothing.
func TestDuesCharge(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	q, r, other := e.coop(btRoomy, 3), e.coop(btRoomy, 1), e.coop(0, 1)
	m0, m1, m2 := q.Members[0], q.Members[1], q.Members[2]
	names := map[string]string{testkit.ID(m0.ID): "m0", testkit.ID(m1.ID): "m1", testkit.ID(m2.ID): "m2"}
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(q.ID).SetMonthlyDuesCents(2_500).SetOverheadLevyBasisPoints(500).Save(e.ctx))
	feb := cmDate(2026, 2, 1)
	// Paid time in February: on q's own share of its project, and on q's
	// share of r's project; a share of r's (not q's) and time in January
	// or March do not count.
	own := e.shareFixture(e.project(q, 10_000_000, 0, project.StatusACTIVE), q, 1_000_000, 9_000)
	pr := e.project(r, 10_000_000, 0, project.StatusACTIVE)
	partner := e.shareFixture(pr, q, 1_000_000, 7_333)
	rShare := e.shareFixture(pr, r, 1_000_000, 9_000)
	e.entryFixture(own, m0, cmDate(2026, 2, 3), 60)
	e.entryFixture(own, m0, cmDate(2026, 2, 27), 30)   // 90 min x 90.00/h = 135.00
	e.entryFixture(partner, m0, cmDate(2026, 2, 5), 7) // 7 min x 73.33/h = 8.5552 -> 8.56
	e.entryFixture(own, m1, cmDate(2026, 2, 28), 1)    // 1 min x 90.00/h = 1.50
	e.entryFixture(own, m2, cmDate(2026, 1, 31), 600)
	e.entryFixture(own, m2, cmDate(2026, 3, 1), 600)
	e.entryFixture(rShare, r.Members[0], cmDate(2026, 2, 10), 600)

	refusals := []struct {
		name        string
		as          *ent.Person
		vars        map[string]any
		code, field string
	}{
		{"not a member", other.Members[0], duMonth(q, feb), "FORBIDDEN", ""},
		{"not the first of a month", m0, duMonth(q, cmDate(2026, 2, 2)), "BAD_USER_INPUT", "month"},
		{"a month not begun", m0, duMonth(q, cmDate(2026, 4, 1)), "BAD_USER_INPUT", "month"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := e.snap()
			testkit.OnlyError(t, e.as(tc.as).Do(duChargeQ, tc.vars), tc.code, tc.field)
			e.unchanged(before)
		})
	}

	var out struct {
		ChargeDues struct{ DuesCharges []duCharge }
	}
	testkit.OK(t, e.as(m1).Do(duChargeQ, duMonth(q, feb)), &out)
	// levy: 5 % of 143.56 = 7.178 -> 7.18; 5 % of 1.50 = 0.075 -> 0.08.
	const want = "m0 DUES 2500/-, m0 LEVY 718/14356, m1 DUES 2500/-, m1 LEVY 8/150, m2 DUES 2500/-"
	if got := duKeys(out.ChargeDues.DuesCharges, names); got != want {
		t.Fatalf("charges:\n got %s\nwant %s", got, want)
	}
	for _, c := range out.ChargeDues.DuesCharges {
		if !c.Month.Equal(feb) || c.Paid.Amount != 0 || c.Unpaid.Amount != c.Amount.Amount {
			t.Errorf("charge %+v", c)
		}
	}
	entries := e.ec.LedgerEntry.Query().Where(ledgerentry.CoopID(q.ID), ledgerentry.DuesChargeIDNotNil()).CountX(e.ctx)
	if entries != 5 {
		t.Errorf("%d bookings of 5 charges", entries)
	}
	if got := e.duBalanced(q, m0.ID); got != 2_500+718 {
		t.Errorf("m0 owes %d", got)
	}

	// Twice: nothing new (but the audit record of the call), the same
	// charges returned.
	rows := e.rowCounts()
	testkit.OK(t, e.as(m0).Do(duChargeQ, duMonth(q, feb)), &out)
	if got := duKeys(out.ChargeDues.DuesCharges, names); got != want {
		t.Errorf("charged again:\n got %s\nwant %s", got, want)
	}
	for table, n := range e.rowCounts() {
		if n != rows[table] && table != "audit_records" {
			t.Errorf("charging again: table %s had %d rows, has %d", table, rows[table], n)
		}
	}
	before := e.snap()

	// A coop without dues nor levy charges nothing.
	testkit.OK(t, e.as(r.Members[0]).Do(duChargeQ, duMonth(r, feb)), &out)
	if len(out.ChargeDues.DuesCharges) != 0 {
		t.Errorf("r charged %+v", out.ChargeDues.DuesCharges)
	}

	// A closed month is not charged.
	testkit.MustOrPanic(e.ec.BooksClosure.Create().SetCoopID(q.ID).SetPeriodStart(cmDate(2026, 1, 1)).
		SetPeriodEnd(cmDate(2026, 1, 31)).SetReason(booksclosure.ReasonBOOKS_CLOSED).SetClosedAt(btT0).Save(e.ctx))
	before = e.snap()
	testkit.OnlyError(t, e.as(m0).Do(duChargeQ, duMonth(q, cmDate(2026, 1, 1))), "CONFLICT", "")
	e.unchanged(before)

	// Visibility: members of q see all five; a member their own through
	// viewer; the member of another coop nothing.
	read := func(as *ent.Person, vars map[string]any) []duCharge {
		var res struct {
			Node struct {
				DuesCharges struct {
					TotalCount int
					Edges      []struct{ Node duCharge }
				}
			}
		}
		testkit.OK(t, e.as(as).Do(duCoopQ, vars), &res)
		var cs []duCharge
		for _, ed := range res.Node.DuesCharges.Edges {
			cs = append(cs, ed.Node)
		}
		if len(cs) != res.Node.DuesCharges.TotalCount {
			t.Errorf("totalCount %d of %d", res.Node.DuesCharges.TotalCount, len(cs))
		}
		return cs
	}
	if got := read(m2, map[string]any{"id": testkit.ID(q.ID), "month": feb.Format(time.RFC3339)}); duKeys(got, names) != want {
		t.Errorf("a member reads %s", duKeys(got, names))
	}
	if got := read(m2, map[string]any{"id": testkit.ID(q.ID), "person": testkit.ID(m1.ID)}); duKeys(got, names) != "m1 DUES 2500/-, m1 LEVY 8/150" {
		t.Errorf("by person: %s", duKeys(got, names))
	}
	if got := read(m2, map[string]any{"id": testkit.ID(q.ID), "month": cmDate(2026, 3, 1).Format(time.RFC3339)}); len(got) != 0 {
		t.Errorf("March: %s", duKeys(got, names))
	}
	if got := read(other.Members[0], map[string]any{"id": testkit.ID(q.ID)}); len(got) != 0 {
		t.Errorf("LEAK: another coop's member reads %s", duKeys(got, names))
	}
	var mine struct {
		Viewer struct {
			DuesCharges struct{ Edges []struct{ Node duCharge } }
		}
	}
	testkit.OK(t, e.as(m1).Do(duViewerQ, nil), &mine)
	var own1 []duCharge
	for _, ed := range mine.Viewer.DuesCharges.Edges {
		own1 = append(own1, ed.Node)
	}
	if got := duKeys(own1, names); got != "m1 DUES 2500/-, m1 LEVY 8/150" {
		t.Errorf("viewer.duesCharges of m1: %s", got)
	}
	testkit.OK(t, e.as(other.Members[0]).Do(duViewerQ, nil), &mine)
	if len(mine.Viewer.DuesCharges.Edges) != 0 {
		t.Errorf("LEAK: %+v", mine.Viewer.DuesCharges.Edges)
	}
}

// TestMemberPayment: a member's payments of a charge accumulate up to what
// is unpaid, never above; each is booked and the books balance; refusals
// change nothing.
func TestMemberPayment(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	q, other := e.coop(btRoomy, 2), e.coop(btRoomy, 1)
	m0, m1 := q.Members[0], q.Members[1]
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(q.ID).SetMonthlyDuesCents(2_500).Save(e.ctx))
	feb := cmDate(2026, 2, 1)
	var out struct {
		ChargeDues struct{ DuesCharges []duCharge }
	}
	testkit.OK(t, e.as(m0).Do(duChargeQ, duMonth(q, feb)), &out)
	var id string
	for _, c := range out.ChargeDues.DuesCharges {
		if c.PersonID == testkit.ID(m0.ID) {
			id = c.ID
		}
	}
	paid := func() int64 {
		return e.ec.DuesCharge.Query().Where(duescharge.PersonID(m0.ID)).OnlyX(e.ctx).PaidCents
	}
	refusals := []struct {
		name        string
		as          *ent.Person
		vars        map[string]any
		code, field string
	}{
		{"another coop's member", other.Members[0], duPay(id, 1_000, "EUR", feb), "NOT_FOUND", "duesChargeID"},
		{"above the charge", m1, duPay(id, 2_501, "EUR", feb), "BAD_USER_INPUT", "amount"},
		{"zero", m1, duPay(id, 0, "EUR", feb), "BAD_USER_INPUT", "amount"},
		{"negative", m1, duPay(id, -5, "EUR", feb), "BAD_USER_INPUT", "amount"},
		{"another currency", m1, duPay(id, 1_000, "USD", feb), "BAD_USER_INPUT", "amount"},
		{"in the future", m1, duPay(id, 1_000, "EUR", btDay(1)), "BAD_USER_INPUT", "paidOn"},
	}
	check := func(tcName string, as *ent.Person, vars map[string]any, code, field string) {
		t.Run(tcName, func(t *testing.T) {
			before := e.snap()
			was := paid()
			testkit.OnlyError(t, e.as(as).Do(duPayQ, vars), code, field)
			e.unchanged(before)
			if paid() != was {
				t.Errorf("paid changed by a refused payment")
			}
		})
	}
	for _, tc := range refusals {
		check(tc.name, tc.as, tc.vars, tc.code, tc.field)
	}
	var res struct{ RecordMemberPayment struct{ DuesCharge duCharge } }
	testkit.OK(t, e.as(m1).Do(duPayQ, duPay(id, 1_000, "EUR", cmDate(2026, 2, 10))), &res)
	if c := res.RecordMemberPayment.DuesCharge; c.Paid.Amount != 1_000 || c.Unpaid.Amount != 1_500 {
		t.Fatalf("after 10.00: %+v", c)
	}
	if got := e.duBalanced(q, m0.ID); got != 1_500 {
		t.Errorf("m0 owes %d after paying 10.00", got)
	}
	check("above what is unpaid", m0, duPay(id, 1_501, "EUR", feb), "BAD_USER_INPUT", "amount")
	testkit.OK(t, e.as(m0).Do(duPayQ, duPay(id, 1_500, "EUR", btToday)), &res)
	if c := res.RecordMemberPayment.DuesCharge; c.Paid.Amount != 2_500 || c.Unpaid.Amount != 0 {
		t.Fatalf("after paying the rest: %+v", c)
	}
	if got := e.duBalanced(q, m0.ID); got != 0 {
		t.Errorf("m0 owes %d after paying all", got)
	}
	check("a paid charge", m1, duPay(id, 1, "EUR", feb), "BAD_USER_INPUT", "amount")
	n := e.ec.LedgerEntry.Query().Where(ledgerentry.KindEQ(ledgerentry.KindMEMBER_PAYMENT)).CountX(e.ctx)
	if n != 2 {
		t.Errorf("%d payment bookings, want 2", n)
	}
}

// TestDuesRace: members charging the same month at once charge it once
// (the books lock serialises them; the unique index backs it), and
// payments racing on one charge never exceed it.
func TestDuesRace(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	q := e.coop(btRoomy, 4)
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(q.ID).SetMonthlyDuesCents(1_000).Save(e.ctx))
	feb := cmDate(2026, 2, 1)
	var reqs []func() (*testkit.Response, error)
	for _, m := range q.Members {
		c := e.as(m)
		reqs = append(reqs, func() (*testkit.Response, error) { return c.Post(duChargeQ, duMonth(q, feb)) })
	}
	for _, res := range testkit.Race(t, reqs...) {
		testkit.OK(t, res, nil)
	}
	if n := e.ec.DuesCharge.Query().CountX(e.ctx); n != 4 {
		t.Fatalf("%d charges for 4 members", n)
	}
	if n := e.ec.LedgerEntry.Query().Where(ledgerentry.DuesChargeIDNotNil()).CountX(e.ctx); n != 4 {
		t.Fatalf("%d bookings for 4 charges", n)
	}
	ch := e.ec.DuesCharge.Query().Where(duescharge.PersonID(q.Members[0].ID)).OnlyX(e.ctx)
	reqs = nil
	for _, m := range q.Members {
		c := e.as(m)
		reqs = append(reqs, func() (*testkit.Response, error) {
			return c.Post(duPayQ, duPay(testkit.ID(ch.ID), 400, "EUR", cmDate(2026, 2, 10)))
		})
	}
	okCount := 0
	for _, res := range testkit.Race(t, reqs...) {
		if len(res.Errors) == 0 {
			okCount++
		} else if code := res.Errors[0].Code(); code != "BAD_USER_INPUT" && code != "CONFLICT" {
			t.Errorf("racing payment: %+v", res.Errors)
		}
	}
	got := e.ec.DuesCharge.GetX(e.ctx, ch.ID).PaidCents
	if okCount != 2 || got != 800 {
		t.Errorf("%d payments of 4.00 succeeded, paid %d: at most 10.00 is paid and all that succeed count", okCount, got)
	}
	if e.duBalanced(q, q.Members[0].ID) != 200 {
		t.Errorf("receivable after the race: %d", e.duBalanced(q, q.Members[0].ID))
	}
}
