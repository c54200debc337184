package budgets_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// watchCommitted polls a project's committed amount (shares + PM charge)
// and its total straight from the database until stop is called, and
// reports the worst margin it saw (committed − total; above 0 means the
// budget was overdrawn at that moment) and how often it looked.
func (e *btEnv) watchCommitted(projectID int) (stop func() (worst int64, polls int)) {
	var (
		quit  = make(chan struct{})
		done  = make(chan struct{})
		worst atomic.Int64 // highest committed − total seen (≤ 0 while the invariant holds)
		n     atomic.Int64
		query = `SELECT p.total_budget_cents, p.pm_charge_percent,
			COALESCE((SELECT SUM(s.amount_cents) FROM budget_shares s WHERE s.project_id = p.id), 0)
			FROM projects p WHERE p.id = `
	)
	worst.Store(-1 << 62)
	go func() {
		defer close(done)
		for {
			select {
			case <-quit:
				return
			default:
			}
			var total, sum int64
			var pm int
			// One statement: a consistent snapshot on both databases.
			err := e.db.SQL.QueryRowContext(context.Background(), fmt.Sprintf("%s%d", query, projectID)).Scan(&total, &pm, &sum)
			if err == nil {
				n.Add(1)
				if over := sum + (total*int64(pm)+50)/100 - total; over > worst.Load() {
					worst.Store(over)
				}
			}
			// No pause: each query is a round trip to the database, and
			// every snapshot taken during the race is one more chance to
			// catch an overdrawn budget.
		}
	}()
	return func() (int64, int) {
		close(quit)
		<-done
		return worst.Load(), int(n.Load())
	}
}

// holdRows makes a race sharper on PostgreSQL: it locks the given rows of a
// table (FOR UPDATE) in a transaction of its own and releases them only once
// waiters backends wait for a lock (or after 5 s), so that every request of
// the race has done its reads before any of them writes. Without a correct
// lock in the code under test, they then all decide on the same stale
// reads. Call the returned func after the race. On SQLite, which serializes
// writers anyway, it does nothing.
func (e *btEnv) holdRows(table string, ids []int, waiters int) (joined func()) {
	e.t.Helper()
	if !testkit.Postgres() {
		return func() {}
	}
	ctx := context.Background()
	tx, err := e.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	list := ""
	for i, id := range ids {
		if i > 0 {
			list += ", "
		}
		list += fmt.Sprint(id)
	}
	if _, err := tx.ExecContext(ctx, `SELECT id FROM "`+table+`" WHERE id IN (`+list+`) FOR UPDATE`); err != nil {
		_ = tx.Rollback()
		e.t.Fatal(err)
	}
	done := make(chan int)
	go func() {
		// PostgreSQL signals no lock waits: pg_stat_activity is polled.
		n := 0
		testkit.PollUntil(5*time.Second, func() bool {
			err := e.db.SQL.QueryRowContext(ctx, testkit.OwnLockWaits).Scan(&n)
			return err != nil || n >= waiters
		})
		_ = tx.Rollback()
		done <- n
	}()
	return func() {
		if n := <-done; n < waiters {
			e.t.Logf("released the rows with %d of %d requests waiting", n, waiters)
		}
	}
}

// TestBTConcurrentShareCreations: 50 createBudgetShare requests race for one
// budget, sent at the same moment by five members of the lead coop. Total
// 100 000, PM charge 10 % (10 000), each asks 4 000: exactly 22 fit
// (88 000; 2 000 stay), the 28 others get CONFLICT naming the remaining
// 2 000, none gets anything else; the budget is never overdrawn, not even
// for a moment; and the history holds one SHARE_CREATED per created share.
func TestBTConcurrentShareCreations(t *testing.T) {
	e := btNewEnv(t)
	const (
		requests = 50
		total    = 100_000
		pm       = 10
		ask      = 4_000
		winners  = (total - total*pm/100) / ask       // 22
		left     = total - total*pm/100 - winners*ask // 2 000
	)
	lead := e.coop(btRoomy, 5)
	holders := []any{e.coop(0, 1), e.coop(0, 1), e.person("Freelancer A"), e.person("Freelancer B"), e.person("Freelancer C")}
	p := e.project(lead, total, pm, project.StatusACTIVE)
	clients := make([]*testkit.Client, len(lead.Members))
	for i, m := range lead.Members {
		clients[i] = e.as(m)
	}

	reqs := make([]func() (*testkit.Response, error), requests)
	for i := range reqs {
		in := shareInput(p, holders[i%len(holders)], ask)
		in["reason"] = fmt.Sprintf("request %d", i)
		c := clients[i%len(clients)]
		reqs[i] = func() (*testkit.Response, error) { return c.Post(btCreateShareQ, map[string]any{"in": in}) }
	}
	stop := e.watchCommitted(p.ID)
	joined := e.holdRows("projects", []int{p.ID}, len(reqs))
	res := testkit.Race(t, reqs...)
	joined()
	worst, polls := stop()
	t.Logf("invariant watched in %d polls; worst margin %d", polls, worst)
	if polls == 0 {
		t.Error("the watcher never read the budget")
	}
	if worst > 0 {
		t.Errorf("the budget was overdrawn by %d at some moment", worst)
	}

	var created []int
	conflicts := 0
	for i, r := range res {
		if len(r.Errors) == 0 {
			var out struct {
				CreateBudgetShare struct {
					BudgetShare btShareJSON `json:"budgetShare"`
				} `json:"createBudgetShare"`
			}
			testkit.OK(t, r, &out)
			s := out.CreateBudgetShare.BudgetShare
			if s.AmountCents != ask || s.Currency != "EUR" || s.ProjectID != testkit.ID(p.ID) {
				t.Errorf("request %d created %+v", i, s)
			}
			created = append(created, testkit.DecodeID(t, s.ID))
			continue
		}
		if len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" {
			t.Errorf("request %d: want CONFLICT, got %+v", i, r.Errors)
			continue
		}
		conflicts++
		ce := testkit.OnlyError(t, r, "CONFLICT", "")
		if got := btMoneyExt(t, ce, "remaining"); got != left {
			t.Errorf("request %d: remainingCents %d, want %d", i, got, left)
		}
		if cur, _ := ce.Extensions["remaining"].(map[string]any)["currency"].(string); cur != "EUR" {
			t.Errorf("request %d: extensions.currency %q, want EUR", i, cur)
		}
	}
	if len(created) != winners || conflicts != requests-winners {
		t.Fatalf("%d shares created and %d CONFLICTs, want %d and %d", len(created), conflicts, winners, requests-winners)
	}

	shares, pmCharge, tot := e.committed(p.ID)
	if shares != winners*ask || pmCharge != total*pm/100 || tot != total {
		t.Errorf("database: shares %d, PM %d, total %d; want %d, %d, %d", shares, pmCharge, tot, winners*ask, total*pm/100, total)
	}
	rows := testkit.Must(e.ec.BudgetShare.Query().Where(budgetshare.ProjectID(p.ID)).IDs(e.ctx))(t)
	slices.Sort(rows)
	slices.Sort(created)
	if !slices.Equal(rows, created) {
		t.Errorf("share rows %v, want the created ones %v", rows, created)
	}

	changes := e.changesOf(p.ID)
	var changed []int
	for _, c := range changes {
		if c.Kind != budgetchange.KindSHARE_CREATED || c.BeforeCents != 0 || c.AfterCents != ask || c.ShareID == nil || c.ActorID == nil {
			t.Errorf("unexpected change %+v", c)
			continue
		}
		changed = append(changed, *c.ShareID)
		if !slices.ContainsFunc(lead.Members, func(m *ent.Person) bool { return m.ID == *c.ActorID }) {
			t.Errorf("change %d by %d, not a member of the lead coop", c.ID, *c.ActorID)
		}
	}
	slices.Sort(changed)
	if !slices.Equal(changed, created) {
		t.Errorf("history names shares %v, want one SHARE_CREATED per created share %v", changed, created)
	}

	// The API agrees with the database.
	got := e.readProject(clients[0], p.ID)
	if got.BudgetShares.TotalCount != winners || got.BudgetChanges.TotalCount != winners {
		t.Errorf("API: %d shares and %d changes, want %d each", got.BudgetShares.TotalCount, got.BudgetChanges.TotalCount, winners)
	}

	// One more that fits exactly, then nothing fits.
	in := shareInput(p, holders[0], left)
	e.createShareOK(clients[1], in)
	in["amount"] = btEUR(1)
	ce := testkit.OnlyError(t, btCreateShare(clients[2], in), "CONFLICT", "")
	if got := btMoneyExt(t, ce, "remaining"); got != 0 {
		t.Errorf("remainingCents %d, want 0", got)
	}
}

// TestBTConcurrentMixedBudgetChanges: share creations, share increases
// and lowerings of the total race for one budget. Whatever wins, the
// invariant holds at every moment, each loser gets CONFLICT, and the
// history replays exactly to the final amounts (every change's before is
// the previous change's after).
func TestBTConcurrentMixedBudgetChanges(t *testing.T) {
	e := btNewEnv(t)
	lead := e.coop(btRoomy, 4)
	// The lead coop's own shares: its members may lower them without anyone
	// else's consent (a freelancer's or partner coop's share needs theirs).
	holder := lead
	p := e.project(lead, 100_000, 10, project.StatusACTIVE)
	existing := make([]*ent.BudgetShare, 4)
	for i := range existing {
		existing[i] = e.shareFixture(p, holder, 10_000, 8_000) // 40 000 + PM 10 000 = 50 000 committed
	}
	clients := make([]*testkit.Client, len(lead.Members))
	for i, m := range lead.Members {
		clients[i] = e.as(m)
	}
	var reqs []func() (*testkit.Response, error)
	kinds := []string{}
	for i := range 10 {
		in := shareInput(p, holder, 4_000)
		c := clients[i%len(clients)]
		reqs = append(reqs, func() (*testkit.Response, error) { return c.Post(btCreateShareQ, map[string]any{"in": in}) })
		kinds = append(kinds, "create")
	}
	for i := range 8 {
		s := existing[i%len(existing)]
		c := clients[(i+1)%len(clients)]
		reqs = append(reqs, func() (*testkit.Response, error) {
			// Absolute amounts around 13 000: concurrent resizes of one share
			// overwrite each other (some even lower it again) — the history
			// must still replay.
			return c.Post(btResizeQ, map[string]any{"s": testkit.ID(s.ID), "a": 13_000 + int64(i), "r": "raise"})
		})
		kinds = append(kinds, "resize")
	}
	for i := range 4 {
		newTotal := int64(96_000 - 2_000*i)
		pm := 10 + i%3
		c := clients[(i+2)%len(clients)]
		reqs = append(reqs, func() (*testkit.Response, error) {
			return c.Post(btTotalQ, map[string]any{"p": testkit.ID(p.ID), "t": newTotal, "pm": pm, "r": "lower"})
		})
		kinds = append(kinds, "total")
	}
	stop := e.watchCommitted(p.ID)
	joined := e.holdRows("projects", []int{p.ID}, len(reqs))
	res := testkit.Race(t, reqs...)
	joined()
	worst, polls := stop()
	t.Logf("invariant watched in %d polls; worst margin %d", polls, worst)
	if polls == 0 {
		t.Error("the watcher never read the budget")
	}
	if worst > 0 {
		t.Errorf("the budget was overdrawn by %d at some moment", worst)
	}
	won := map[string]int{}
	for i, r := range res {
		if len(r.Errors) == 0 {
			won[kinds[i]]++
			continue
		}
		if len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" {
			t.Errorf("%s request %d: want success or CONFLICT, got %+v", kinds[i], i, r.Errors)
		}
	}
	t.Logf("successes: %v", won)

	shares, pmCharge, total := e.committed(p.ID)
	if shares+pmCharge > total {
		t.Errorf("final budget overdrawn: shares %d + PM %d > total %d", shares, pmCharge, total)
	}
	// Replay the history from the fixtures' amounts.
	amounts := map[int]int64{}
	for _, s := range existing {
		amounts[s.ID] = s.AmountCents
	}
	replayTotal := int64(100_000)
	changes := e.changesOf(p.ID)
	slices.SortFunc(changes, func(a, b *ent.BudgetChange) int { return a.ID - b.ID })
	// Each winning call records one change; a total change with another PM
	// percent records a PM_CHARGE_CHANGED before it, which replays too.
	replayPM, calls := 10, 0
	for _, c := range changes {
		if c.Kind != budgetchange.KindPM_CHARGE_CHANGED {
			calls++
		}
	}
	if calls != won["create"]+won["resize"]+won["total"] {
		t.Errorf("%d changes recorded for %v successes", calls, won)
	}
	for _, c := range changes {
		switch c.Kind {
		case budgetchange.KindPM_CHARGE_CHANGED:
			if c.PmChargePercentBefore == nil || *c.PmChargePercentBefore != replayPM || c.PmChargePercentAfter == nil {
				t.Errorf("change %d: PM before %v, but it was %d", c.ID, c.PmChargePercentBefore, replayPM)
			} else {
				replayPM = *c.PmChargePercentAfter
			}
		case budgetchange.KindTOTAL_CHANGED:
			if c.BeforeCents != replayTotal {
				t.Errorf("change %d: total before %d, but it was %d", c.ID, c.BeforeCents, replayTotal)
			}
			replayTotal = c.AfterCents
		default:
			if c.ShareID == nil {
				t.Fatalf("share change %d names no share", c.ID)
			}
			if c.BeforeCents != amounts[*c.ShareID] {
				t.Errorf("change %d: share %d before %d, but it was %d", c.ID, *c.ShareID, c.BeforeCents, amounts[*c.ShareID])
			}
			amounts[*c.ShareID] = c.AfterCents
		}
	}
	if replayTotal != total {
		t.Errorf("history replays to total %d, the project has %d", replayTotal, total)
	}
	for _, s := range testkit.Must(e.ec.BudgetShare.Query().Where(budgetshare.ProjectID(p.ID)).All(e.ctx))(t) {
		if amounts[s.ID] != s.AmountCents {
			t.Errorf("share %d: history replays to %d, the share has %d", s.ID, amounts[s.ID], s.AmountCents)
		}
	}
}

// TestBTConcurrentPMChangeKept: a change of the PM charge racing with share
// creations on the same project is never undone by them: the budget lock of
// a concurrent writer must not write back a PM charge it read before it got
// the lock.
func TestBTConcurrentPMChangeKept(t *testing.T) {
	e := btNewEnv(t)
	lead := e.coop(100_000, 4)
	partner := e.coop(0, 1)
	clients := make([]*testkit.Client, len(lead.Members))
	for i, m := range lead.Members {
		clients[i] = e.as(m)
	}
	for round := range 3 {
		t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
			defer e.use(t)()
			p := e.project(lead, 100_000, 10, project.StatusACTIVE)
			var reqs []func() (*testkit.Response, error)
			for i := range 8 {
				in := shareInput(p, partner, 100)
				c := clients[i%len(clients)]
				reqs = append(reqs, func() (*testkit.Response, error) { return c.Post(btCreateShareQ, map[string]any{"in": in}) })
				if i == 3 {
					reqs = append(reqs, func() (*testkit.Response, error) {
						return clients[0].Post(btTotalQ, map[string]any{"p": testkit.ID(p.ID), "t": 100_000, "pm": 5, "r": "less PM"})
					})
				}
			}
			joined := e.holdRows("projects", []int{p.ID}, len(reqs))
			res := testkit.Race(t, reqs...)
			joined()
			for _, r := range res {
				testkit.OK(t, r, nil)
			}
			if got := testkit.Must(e.ec.Project.Get(e.ctx, p.ID))(t).PmChargePercent; got != 5 {
				t.Errorf("PM charge is %d %% after the race, want the 5 %% set by changeProjectBudget (lost update)", got)
			}
		})
	}
}

// TestBTConcurrentTimePerDay: one person logs time on the same day eight
// times at the same moment, on eight projects: 12 hours each, so exactly two
// fit into 24 hours; the others are BAD_USER_INPUT, never a third row.
func TestBTConcurrentTimePerDay(t *testing.T) {
	e := btNewEnv(t)
	lead := e.coop(100_000, 1)
	partner := e.coop(0, 1)
	worker := partner.Members[0]
	c := e.as(worker)
	for round := range 2 {
		t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
			defer e.use(t)()
			day := btDay(-1 - round)
			var reqs []func() (*testkit.Response, error)
			var shares []int
			for range 8 {
				// Each on its own project, so no budget lock serializes them.
				p := e.project(lead, 100_000, 0, project.StatusACTIVE)
				s := e.shareFixture(p, partner, 50_000, 6_000)
				shares = append(shares, s.ID)
				reqs = append(reqs, func() (*testkit.Response, error) {
					return c.Post(btLogQ, map[string]any{"in": map[string]any{
						"shareID": testkit.ID(s.ID), "date": day.Format(time.RFC3339), "minutes": 720}})
				})
			}
			// The inserts wait for the shares (foreign keys) until all requests are in.
			joined := e.holdRows("budget_shares", shares, len(reqs))
			res := testkit.Race(t, reqs...)
			joined()
			ok := 0
			for i, r := range res {
				if len(r.Errors) == 0 {
					ok++
					continue
				}
				if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
					t.Errorf("request %d: want success or BAD_USER_INPUT, got %+v", i, r.Errors)
				}
			}
			if ok != 2 {
				t.Errorf("%d entries of 12 h logged for one day, want 2", ok)
			}
		})
	}
}
