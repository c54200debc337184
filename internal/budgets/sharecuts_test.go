package budgets_test

// Cuts of a share (issue 15, item 4): no share is ever cut below what was
// already worked on it, whichever path cuts it, also against time logged
// at the same moment; a freelancer's share is cut only with the
// freelancer's consent, given (or refused) in person.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const (
	scMotionFields = `id status needsLeadDecision outcome consentPerson { id } consentedBy { id } declinedBy { id }`
	scMotionSel    = `budgetMotion { ` + scMotionFields + ` }`
	scConsentQ     = `mutation($m: ID!) { consentToBudgetMotion(motionID: $m) { ` + scMotionSel + ` } }`
	scDeclineQ     = `mutation($m: ID!, $r: String) { declineBudgetMotion(motionID: $m, reason: $r) { ` + scMotionSel + ` } }`
	scMotionQ      = `query($id: ID!) { node(id: $id) { ... on BudgetMotion { ` + scMotionFields + ` } } }`
)

type scMotion struct {
	ID                string  `json:"id"`
	Status            string  `json:"status"`
	NeedsLeadDecision bool    `json:"needsLeadDecision"`
	Outcome           *string `json:"outcome"`
	ConsentPerson     *struct {
		ID string `json:"id"`
	} `json:"consentPerson"`
	ConsentedBy *struct {
		ID string `json:"id"`
	} `json:"consentedBy"`
	DeclinedBy *struct {
		ID string `json:"id"`
	} `json:"declinedBy"`
}

// scWorld: Daniel's case from the demo. A lead coop, a freelancer with a
// share of 7,500.00 EUR at 75.00 EUR an hour who has logged 56 hours
// (4,200.00 EUR) on it.
type scWorld struct {
	lead       *btCoop
	freelancer *ent.Person
	p          *ent.Project
	share      *ent.BudgetShare
}

const (
	scShare = 750_000
	scRate  = 7_500
	scSpent = 420_000 // 56 h at 75.00
)

func (e *btEnv) danielWorld(threshold int64) scWorld {
	e.t.Helper()
	w := scWorld{lead: e.coop(threshold, 2), freelancer: e.person("Daniel")}
	w.p = e.project(w.lead, 2_000_000, 10, project.StatusACTIVE)
	w.share = e.shareFixture(w.p, w.freelancer, scShare, scRate)
	for d := 1; d <= 7; d++ {
		e.entryFixture(w.share, w.freelancer, btDay(-d), 8*60)
	}
	return w
}

func (e *btEnv) shareAmount(id int) int64 {
	e.t.Helper()
	return testkit.Must(e.ec.BudgetShare.Get(e.ctx, id))(e.t).AmountCents
}

func scDo(t *testing.T, c *testkit.Client, q string, vars map[string]any) scMotion {
	t.Helper()
	var out map[string]struct {
		BudgetMotion scMotion `json:"budgetMotion"`
	}
	testkit.OK(t, c.Do(q, vars), &out)
	for _, v := range out {
		return v.BudgetMotion
	}
	t.Fatal("no payload")
	return scMotion{}
}

// TestShareCutNotBelowSpent: the demo's attack (a lead-coop member cuts
// Daniel's 7,500.00 share to 3,000.00 after 4,200.00 of work) is CONFLICT
// naming the spent amount and writes nothing; down to exactly the spent
// amount is allowed (here by a lead member cutting their own share); a
// motion below it is refused when proposed.
func TestShareCutNotBelowSpent(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.danielWorld(btRoomy)
	lead := e.as(w.lead.Members[0])

	t.Run("the Daniel case", func(t *testing.T) {
		defer e.use(t)()
		before, rows := e.snap(), e.rowCounts()
		fe := testkit.OnlyError(t, btResize(lead, w.share.ID, 300_000, "cut"), "CONFLICT", "amount")
		if !strings.Contains(fe.Message, "4200.00 EUR already worked on this share") {
			t.Errorf("message %q should name the 4200.00 EUR already worked", fe.Message)
		}
		if got := btMoneyExt(t, fe, "spent"); got != scSpent {
			t.Errorf("extensions.spent %d, want %d", got, scSpent)
		}
		if got := btInt(t, fe, "spentMinutes"); got != 56*60 {
			t.Errorf("extensions.spentMinutes %d, want %d", got, 56*60)
		}
		testkit.NothingWritten(t, rows, e.rowCounts())
		e.unchanged(before)
		if got := e.shareAmount(w.share.ID); got != scShare {
			t.Errorf("share %d after the refusal", got)
		}
	})

	t.Run("a motion below what was worked is refused when proposed", func(t *testing.T) {
		defer e.use(t)()
		before, rows := e.snap(), e.rowCounts()
		for _, amount := range []int64{0, 300_000, scSpent - 1} {
			fe := testkit.OnlyError(t, lead.Do(mtProposeQ, map[string]any{"in": mtInput(w.p, map[string]any{
				"resizeShare": map[string]any{"shareID": testkit.ID(w.share.ID), "amount": btEUR(amount)}})}), "CONFLICT", "amount")
			if got := btMoneyExt(t, fe, "spent"); got != scSpent {
				t.Errorf("amount %d: extensions.spent %d, want %d", amount, got, scSpent)
			}
		}
		testkit.NothingWritten(t, rows, e.rowCounts())
		e.unchanged(before)
	})

	t.Run("down to exactly what was worked, one cent less refused", func(t *testing.T) {
		defer e.use(t)()
		// A lead-coop member holding a share of their own: cutting it is
		// their consent.
		holder := w.lead.Members[1]
		own := e.shareFixture(w.p, holder, 100_000, 6_000)
		e.entryFixture(own, holder, btDay(-1), 60) // 60.00
		c := e.as(holder)
		before := e.snap()
		fe := testkit.OnlyError(t, btResize(c, own.ID, 5_999, "cut"), "CONFLICT", "amount")
		if btMoneyExt(t, fe, "spent") != 6_000 {
			t.Errorf("extensions %+v", fe.Extensions)
		}
		e.unchanged(before)
		testkit.OK(t, btResize(c, own.ID, 6_000, "down to what was worked"), nil)
		if got := e.shareAmount(own.ID); got != 6_000 {
			t.Errorf("share %d, want 6000", got)
		}
	})
}

// TestShareCutNeedsTheFreelancersConsent: a lead-coop member cannot cut a
// freelancer's share directly; a motion cutting it waits for the
// freelancer, who reads it and consents (applied, once every decision is
// in) or declines (rejected, nothing changes).
func TestShareCutNeedsTheFreelancersConsent(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.danielWorld(btRoomy)
	author := w.lead.Members[0]
	lead := e.as(author)
	daniel := e.as(w.freelancer)
	other := e.person("Other freelancer")

	t.Run("a direct cut is FORBIDDEN, a raise is not", func(t *testing.T) {
		defer e.use(t)()
		before, rows := e.snap(), e.rowCounts()
		fe := testkit.OnlyError(t, btResize(lead, w.share.ID, 700_000, "less work"), "FORBIDDEN", "")
		if !strings.Contains(fe.Message, "freelancer's consent") || !strings.Contains(fe.Message, "proposeBudgetChange") {
			t.Errorf("message %q should ask for the freelancer's consent through proposeBudgetChange", fe.Message)
		}
		// The freelancer is no lead-coop member: they change no budget directly.
		testkit.OnlyError(t, btResize(daniel, w.share.ID, 700_000, "I agree"), "FORBIDDEN", "")
		testkit.NothingWritten(t, rows, e.rowCounts())
		e.unchanged(before)
		testkit.OK(t, btResize(lead, w.share.ID, scShare+1_000, "more work"), nil)
		testkit.OK(t, btResize(lead, w.share.ID, scShare+1_000, "the same"), nil)
	})

	t.Run("consented: applied", func(t *testing.T) {
		defer e.use(t)()
		from := e.shareAmount(w.share.ID)
		m := e.propose(lead, w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(w.share.ID), "amount": btEUR(600_000)}})
		// Within the threshold the lead member's proposal is the lead coop's
		// decision: only the freelancer's consent is awaited.
		if m.Status != "PENDING" || m.NeedsLeadDecision || e.proposals(m) != 0 {
			t.Fatalf("motion %+v", m)
		}
		row := e.motionRow(m.ID)
		if row.ConsentPersonID == nil || *row.ConsentPersonID != w.freelancer.ID || row.ConsentCoopID != nil {
			t.Fatalf("consent of %v (coop %v), want the freelancer %d", row.ConsentPersonID, row.ConsentCoopID, w.freelancer.ID)
		}
		// The freelancer reads the motion on their share; another freelancer does not.
		var read struct {
			Node scMotion `json:"node"`
		}
		testkit.OK(t, daniel.Do(scMotionQ, map[string]any{"id": m.ID}), &read)
		if read.Node.ConsentPerson == nil || read.Node.ConsentPerson.ID != testkit.ID(w.freelancer.ID) {
			t.Errorf("the freelancer reads %+v", read.Node)
		}
		before := e.snap()
		testkit.OnlyError(t, e.as(other).Do(scConsentQ, map[string]any{"m": m.ID}), "NOT_FOUND", "")
		testkit.OnlyError(t, e.as(w.lead.Members[1]).Do(scConsentQ, map[string]any{"m": m.ID}), "FORBIDDEN", "")
		testkit.OnlyError(t, lead.Do(scDeclineQ, map[string]any{"m": m.ID}), "FORBIDDEN", "")
		e.unchanged(before)
		got := scDo(t, daniel, scConsentQ, map[string]any{"m": m.ID})
		if got.Status != "APPLIED" || got.ConsentedBy == nil || got.ConsentedBy.ID != testkit.ID(w.freelancer.ID) {
			t.Fatalf("motion after consent %+v", got)
		}
		if a := e.shareAmount(w.share.ID); a != 600_000 {
			t.Errorf("share %d, want 600000", a)
		}
		row = e.motionRow(m.ID)
		ch := testkit.Must(e.ec.BudgetChange.Get(e.ctx, *row.AppliedChangeID))(t)
		if ch.Kind != budgetchange.KindSHARE_RESIZED || ch.BeforeCents != from || ch.AfterCents != 600_000 || ch.ActorID == nil || *ch.ActorID != author.ID {
			t.Errorf("change %+v", ch)
		}
		testkit.OnlyError(t, daniel.Do(scConsentQ, map[string]any{"m": m.ID}), "CONFLICT", "")
		testkit.OnlyError(t, daniel.Do(scDeclineQ, map[string]any{"m": m.ID}), "CONFLICT", "")
	})

	t.Run("declined: rejected, nothing changes", func(t *testing.T) {
		defer e.use(t)()
		m := e.propose(lead, w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(w.share.ID), "amount": btEUR(500_000)}})
		rows := e.rowCounts()
		before := e.snap()
		testkit.OnlyError(t, daniel.Do(scDeclineQ, map[string]any{"m": m.ID, "r": strings.Repeat("x", 501)}), "BAD_USER_INPUT", "reason")
		e.unchanged(before)
		got := scDo(t, daniel, scDeclineQ, map[string]any{"m": m.ID, "r": "the work is not done"})
		if got.Status != "REJECTED" || got.DeclinedBy == nil || got.DeclinedBy.ID != testkit.ID(w.freelancer.ID) ||
			got.Outcome == nil || !strings.Contains(*got.Outcome, "the work is not done") || got.ConsentedBy != nil {
			t.Fatalf("motion after decline %+v", got)
		}
		// The decline writes its audit record (internal/audit) and nothing else.
		before.Rows["audit_records"]++
		before.Rows["audit_objects"] = e.rowCounts()["audit_objects"]
		e.unchanged(before)
		if after := e.rowCounts(); after["budget_changes"] != rows["budget_changes"] {
			t.Error("a declined motion recorded a budget change")
		}
		testkit.OnlyError(t, daniel.Do(scConsentQ, map[string]any{"m": m.ID}), "CONFLICT", "")
	})

	t.Run("a member who holds the share consents by proposing", func(t *testing.T) {
		defer e.use(t)()
		holder := w.lead.Members[1]
		own := e.shareFixture(w.p, holder, 100_000, 6_000)
		m := e.propose(e.as(holder), w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(own.ID), "amount": btEUR(50_000)}})
		if m.Status != "APPLIED" {
			t.Fatalf("motion %+v", m)
		}
		if row := e.motionRow(m.ID); row.ConsentedByID == nil || *row.ConsentedByID != holder.ID {
			t.Errorf("consented by %v, want %d", row.ConsentedByID, holder.ID)
		}
		if got := e.shareAmount(own.ID); got != 50_000 {
			t.Errorf("share %d", got)
		}
	})
}

// TestShareCutConsentAndLeadDecision: above the lead coop's threshold a cut
// of a freelancer's share needs both the lead coop's BUDGET decision and
// the freelancer's consent, in either order; a decline withdraws the lead
// coop's open proposal.
func TestShareCutConsentAndLeadDecision(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.danielWorld(btThreshold)
	lead := e.as(w.lead.Members[0])
	daniel := e.as(w.freelancer)

	t.Run("consent first, the lead's decision applies", func(t *testing.T) {
		defer e.use(t)()
		m := e.propose(lead, w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(w.share.ID), "amount": btEUR(600_000)}})
		if !m.NeedsLeadDecision || e.proposals(m) != 1 {
			t.Fatalf("motion %+v", m)
		}
		if got := scDo(t, daniel, scConsentQ, map[string]any{"m": m.ID}); got.Status != "PENDING" {
			t.Fatalf("applied before the lead coop decided: %+v", got)
		}
		if got := e.shareAmount(w.share.ID); got != scShare {
			t.Fatalf("share %d before the lead's decision", got)
		}
		e.decide(w.lead, e.proposalOf(m, w.lead), "YES")
		if row := e.motionRow(m.ID); row.Status != budgetmotion.StatusAPPLIED {
			t.Fatalf("motion %+v", row)
		}
		if got := e.shareAmount(w.share.ID); got != 600_000 {
			t.Errorf("share %d, want 600000", got)
		}
	})

	t.Run("the lead decides first, the consent applies", func(t *testing.T) {
		defer e.use(t)()
		m := e.propose(lead, w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(w.share.ID), "amount": btEUR(550_000)}})
		e.decide(w.lead, e.proposalOf(m, w.lead), "YES")
		if row := e.motionRow(m.ID); row.Status != budgetmotion.StatusPENDING {
			t.Fatalf("applied without the freelancer's consent: %+v", row)
		}
		if got := scDo(t, daniel, scConsentQ, map[string]any{"m": m.ID}); got.Status != "APPLIED" {
			t.Fatalf("motion %+v", got)
		}
		if got := e.shareAmount(w.share.ID); got != 550_000 {
			t.Errorf("share %d, want 550000", got)
		}
	})

	t.Run("declined: the lead's proposal is withdrawn", func(t *testing.T) {
		defer e.use(t)()
		m := e.propose(lead, w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(w.share.ID), "amount": btEUR(500_000)}})
		pid := e.proposalOf(m, w.lead)
		if got := scDo(t, daniel, scDeclineQ, map[string]any{"m": m.ID}); got.Status != "REJECTED" {
			t.Fatalf("motion %+v", got)
		}
		if pr := testkit.Must(e.ec.Proposal.Get(e.ctx, testkit.DecodeID(t, pid)))(t); pr.Status != proposal.StatusWITHDRAWN {
			t.Errorf("lead proposal %s, want WITHDRAWN", pr.Status)
		}
		if got := e.shareAmount(w.share.ID); got != 550_000 {
			t.Errorf("share %d after the decline", got)
		}
	})
}

// TestShareCutMadeImpossibleMeanwhile: a motion proposed above what was
// worked, with time logged before its last decision that leaves it below,
// is settled NOT_APPLIED saying so; the decision stays PASSED and the share
// is as it was.
func TestShareCutMadeImpossibleMeanwhile(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.danielWorld(btThreshold)
	lead := e.as(w.lead.Members[0])
	daniel := e.as(w.freelancer)
	m := e.propose(lead, w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(w.share.ID), "amount": btEUR(scSpent + 30_000)}})
	scDo(t, daniel, scConsentQ, map[string]any{"m": m.ID})
	e.logOK(daniel, w.share.ID, btDay(0), 8*60) // 600.00 more: 4,800.00 worked
	pid := e.proposalOf(m, w.lead)
	e.decide(w.lead, pid, "YES")
	row := e.motionRow(m.ID)
	if row.Status != budgetmotion.StatusNOT_APPLIED || !strings.Contains(row.Outcome, "4800.00 EUR already worked on this share") {
		t.Errorf("motion %s %q, want NOT_APPLIED naming 4800.00 EUR worked", row.Status, row.Outcome)
	}
	if pr := testkit.Must(e.ec.Proposal.Get(e.ctx, testkit.DecodeID(t, pid)))(t); pr.Status != proposal.StatusPASSED {
		t.Errorf("proposal %s, want PASSED", pr.Status)
	}
	if got := e.shareAmount(w.share.ID); got != scShare {
		t.Errorf("share %d, want %d", got, scShare)
	}
	if n := testkit.Must(e.ec.BudgetChange.Query().Where(budgetchange.ShareID(w.share.ID)).Count(e.ctx))(t); n != 0 {
		t.Errorf("%d changes recorded on the share", n)
	}
}

// scCoopWorld: a share the lead coop holds itself (no consent but the lead
// coop's), worked by one member and resized by another, 100.00 an hour;
// 600.00 logged.
func (e *btEnv) scCoopWorld() (*btCoop, *ent.Project, *ent.BudgetShare) {
	lead := e.coop(btRoomy, 2)
	p := e.project(lead, 2_000_000, 0, project.StatusACTIVE)
	s := e.shareFixture(p, lead, 100_000, 10_000)
	e.entryFixture(s, lead.Members[0], btDay(-1), 6*60)
	return lead, p, s
}

// TestShareCutRacesLoggedTime: a cut to 70.00 above what was worked (60.00)
// races with 4 hours more logged (to 100.00 worked). Both take the
// project's lock: either the cut comes first (both succeed; the time is
// then logged past the amount, reported as over budget) or the time does
// and the cut is CONFLICT naming 100.00 — never a cut decided on the
// stale 60.00 after the time was in.
func TestShareCutRacesLoggedTime(t *testing.T) {
	e := btNewEnv(t)
	outcomes := map[string]int{}
	for round := range 6 {
		t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
			defer e.use(t)()
			lead, p, s := e.scCoopWorld()
			worker, cutter := e.as(lead.Members[0]), e.as(lead.Members[1])
			logIt := func() (*testkit.Response, error) {
				return worker.Post(btLogQ, map[string]any{"in": map[string]any{
					"shareID": testkit.ID(s.ID), "date": btDay(-2).Format(time.RFC3339), "minutes": 4 * 60}})
			}
			cut := func() (*testkit.Response, error) {
				return cutter.Post(btResizeQ, map[string]any{"s": testkit.ID(s.ID), "a": 70_000, "r": "cut"})
			}
			var res []*testkit.Response
			if round%2 == 0 {
				// Both read everything before either takes the lock.
				joined := e.holdRows("projects", []int{p.ID}, 2)
				res = testkit.Race(t, logIt, cut)
				joined()
			} else {
				// The time queued first, the cut behind it (PostgreSQL; on
				// SQLite in that order).
				res = e.queued("projects", p.ID, logIt, cut)
			}
			testkit.OK(t, res[0], nil)
			amount := e.shareAmount(s.ID)
			if len(res[1].Errors) == 0 {
				outcomes["cut first"]++
				if round%2 == 1 {
					t.Errorf("the cut queued behind the time entry succeeded on the stale spent amount")
				}
				if amount != 70_000 {
					t.Errorf("share %d after the cut, want 70000", amount)
				}
				return
			}
			outcomes["time first"]++
			fe := testkit.OnlyError(t, res[1], "CONFLICT", "amount")
			if got := btMoneyExt(t, fe, "spent"); got != 100_000 {
				t.Errorf("the cut saw %d spent, want 100000 (the time logged before it)", got)
			}
			if amount != 100_000 {
				t.Errorf("share %d after the refused cut, want 100000", amount)
			}
		})
	}
	t.Logf("outcomes: %v", outcomes)
	if outcomes["time first"] == 0 {
		t.Error("no round had the time first")
	}
}

// queued sends the requests one after another, each once the previous one
// waits for the lock on row id of table that the test holds, then releases
// it: PostgreSQL grants the waiters the row in that order. On SQLite, which
// runs one writer at a time, it sends them in order. Returns the responses
// in order.
func (e *btEnv) queued(table string, id int, reqs ...func() (*testkit.Response, error)) []*testkit.Response {
	e.t.Helper()
	out := make([]*testkit.Response, len(reqs))
	if !testkit.Postgres() {
		for i, r := range reqs {
			out[i] = testkit.Must(r())(e.t)
		}
		return out
	}
	ctx := context.Background()
	tx := testkit.Must(e.db.SQL.BeginTx(ctx, nil))(e.t)
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`SELECT id FROM "%s" WHERE id = %d FOR UPDATE`, table, id)); err != nil {
		e.t.Fatal(err)
	}
	errs := make([]error, len(reqs))
	done := make(chan int, len(reqs))
	for i, r := range reqs {
		go func() {
			out[i], errs[i] = r()
			done <- i
		}()
		if !testkit.PollUntil(10*time.Second, func() bool {
			n := 0
			err := e.db.SQL.QueryRowContext(ctx, testkit.OwnLockWaits).Scan(&n)
			return err == nil && n >= i+1
		}) {
			e.t.Fatalf("request %d never waited for the lock", i)
		}
	}
	if err := tx.Rollback(); err != nil {
		e.t.Fatal(err)
	}
	for range reqs {
		<-done
	}
	for i, err := range errs {
		if err != nil {
			e.t.Fatalf("request %d: %v", i, err)
		}
	}
	return out
}
