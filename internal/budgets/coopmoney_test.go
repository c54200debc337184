package budgets_test

// Closed periods and the surplus from the books (issue 17, items 7 and 8;
// internal/coopmoney, periods.go, surplusbooks.go), over HTTP on SQLite and
// PostgreSQL.

import (
	"fmt"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/surplusdistribution"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const (
	cmCloseQ        = `mutation($in: CloseBooksInput!) { closeBooks(input: $in) { booksClosure { id periodStart periodEnd reason } } }`
	cmProposeCloseQ = `mutation($in: ProposeCloseBooksInput!) { proposeCloseBooks(input: $in) {
		proposal { id kind status booksPeriodStart booksPeriodEnd } } }`
	cmClosuresQ       = `query($id: ID!) { node(id: $id) { ... on Coop { booksClosures(first: 50) { totalCount edges { node { reason periodStart periodEnd } } } } } }`
	cmCreateProposalQ = `mutation($c: ID!, $k: ProposalKind!) { createProposal(input: {coopID: $c, kind: $k, title: "t", closesAt: "2030-01-01T00:00:00Z"}) { proposal { id } } }`
	cmDistQ           = `query($id: ID!) { node(id: $id) { ... on SurplusDistribution { source overrideReason booksResult { amount currency }
		surplus { amount currency } distributed { amount currency } } } }`
)

func cmDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func cmPeriod(c *btCoop, start, end time.Time) map[string]any {
	return map[string]any{"coopID": testkit.ID(c.ID), "periodStart": start.Format(time.RFC3339), "periodEnd": end.Format(time.RFC3339)}
}

// closedByMember sets the coop's bylaws to let a member close its books,
// as a passed BYLAWS decision would.
func (e *btEnv) closedByMember(c *btCoop) {
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(c.ID).SetBooksClosedBy(coop.BooksClosedByMEMBER).Save(e.ctx))
}

// cmBook books an income (positive) or an expense (negative) of the coop
// against its bank, straight in the database.
func (e *btEnv) cmBook(c *btCoop, day time.Time, code plan.Code, cents int64) {
	e.t.Helper()
	acct := func(code plan.Code) int {
		key := ledger.Key(ledger.Account{Code: code}, "EUR")
		id, err := e.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(c.ID), ledgeraccount.Key(key)).OnlyID(e.ctx)
		if ent.IsNotFound(err) {
			return testkit.Must(e.ec.LedgerAccount.Create().SetCoopID(c.ID).SetCode(ledgeraccount.Code(code)).
				SetCurrency("EUR").SetKey(key).Save(e.ctx))(e.t).ID
		}
		return testkit.Must(id, err)(e.t)
	}
	kind := ledgerentry.KindEXPENSE
	if cents > 0 {
		kind = ledgerentry.KindPAYMENT
	}
	en := testkit.Must(e.ec.LedgerEntry.Create().SetCoopID(c.ID).SetKind(kind).SetBookedOn(day).SetCurrency("EUR").
		SetDescription("fixture").Save(e.ctx))(e.t)
	bank, other := acct(plan.Bank), acct(code)
	l1 := e.ec.LedgerLine.Create().SetEntryID(en.ID).SetCoopID(c.ID)
	l2 := e.ec.LedgerLine.Create().SetEntryID(en.ID).SetCoopID(c.ID)
	if cents > 0 {
		l1.SetAccountID(bank).SetDebitCents(cents).SetCreditCents(0)
		l2.SetAccountID(other).SetDebitCents(0).SetCreditCents(cents)
	} else {
		l1.SetAccountID(other).SetDebitCents(-cents).SetCreditCents(0)
		l2.SetAccountID(bank).SetDebitCents(0).SetCreditCents(-cents)
	}
	testkit.MustOrPanic(e.ec.LedgerLine.CreateBulk(l1, l2).Save(e.ctx))
}

// TestCoopMoneyCloseBooks: a member closes an ended month of their coop's
// books when the bylaws let a member do it; afterwards no time entry is
// logged in it, changed in it or moved into or out of it, on the coop's
// shares and on any share of a project it leads (CONFLICT naming the
// period). Refusals change nothing.
func TestCoopMoneyCloseBooks(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	q, r, outsider := e.coop(btRoomy, 2), e.coop(0, 1), e.coop(0, 1)
	e.closedByMember(q)
	m := q.Members[0]
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	qs := e.shareFixture(p, q, 1_000_000, 9_000)
	rs := e.shareFixture(p, r, 1_000_000, 9_000)
	jan := e.logOK(e.as(m), qs.ID, cmDate(2026, 1, 20), 60)
	feb := e.logOK(e.as(m), qs.ID, cmDate(2026, 2, 20), 60)
	feb1, feb28 := cmDate(2026, 2, 1), cmDate(2026, 2, 28)

	refusals := []struct {
		name        string
		as          *ent.Person
		in          map[string]any
		code, field string
	}{
		{"non-member", outsider.Members[0], cmPeriod(q, feb1, feb28), "FORBIDDEN", ""},
		{"bylaws close by decision", r.Members[0], cmPeriod(r, feb1, feb28), "FORBIDDEN", ""},
		{"not the first of a month", m, cmPeriod(q, cmDate(2026, 2, 2), feb28), "BAD_USER_INPUT", "periodStart"},
		{"not a whole month", m, cmPeriod(q, feb1, cmDate(2026, 2, 27)), "BAD_USER_INPUT", "periodEnd"},
		{"two months", m, cmPeriod(q, cmDate(2026, 1, 1), feb28), "BAD_USER_INPUT", "periodEnd"},
		{"the running month", m, cmPeriod(q, cmDate(2026, 3, 1), cmDate(2026, 3, 31)), "BAD_USER_INPUT", "periodEnd"},
		{"the running year", m, cmPeriod(q, cmDate(2026, 1, 1), cmDate(2026, 12, 31)), "BAD_USER_INPUT", "periodEnd"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := e.snap()
			testkit.OnlyError(t, e.as(tc.as).Do(cmCloseQ, map[string]any{"in": tc.in}), tc.code, tc.field)
			e.unchanged(before)
			if n := e.ec.BooksClosure.Query().CountX(e.ctx); n != 0 {
				t.Fatalf("%d closures", n)
			}
		})
	}

	var out struct {
		CloseBooks struct {
			BooksClosure struct {
				ID, Reason             string
				PeriodStart, PeriodEnd time.Time
			}
		}
	}
	testkit.OK(t, e.as(m).Do(cmCloseQ, map[string]any{"in": cmPeriod(q, feb1, feb28)}), &out)
	if got := out.CloseBooks.BooksClosure; got.Reason != "BOOKS_CLOSED" || !got.PeriodStart.Equal(feb1) || !got.PeriodEnd.Equal(feb28) {
		t.Fatalf("closure %+v", got)
	}
	row := testkit.Must(e.ec.BooksClosure.Query().Only(e.ctx))(t)
	if row.CoopID != q.ID || row.ClosedByID == nil || *row.ClosedByID != m.ID || row.ProposalID != nil {
		t.Errorf("closure row %+v", row)
	}
	// A period is closed once: the same month, or a year overlapping it.
	testkit.OnlyError(t, e.as(q.Members[1]).Do(cmCloseQ, map[string]any{"in": cmPeriod(q, feb1, feb28)}), "CONFLICT", "periodStart")

	// Members see the closed periods; others find none.
	var cl struct {
		Node struct {
			BooksClosures struct{ TotalCount int }
		}
	}
	testkit.OK(t, e.as(q.Members[1]).Do(cmClosuresQ, map[string]any{"id": testkit.ID(q.ID)}), &cl)
	if cl.Node.BooksClosures.TotalCount != 1 {
		t.Errorf("member sees %d closures", cl.Node.BooksClosures.TotalCount)
	}
	testkit.OK(t, e.as(outsider.Members[0]).Do(cmClosuresQ, map[string]any{"id": testkit.ID(q.ID)}), &cl)
	if cl.Node.BooksClosures.TotalCount != 0 {
		t.Errorf("LEAK: an outsider sees %d closures", cl.Node.BooksClosures.TotalCount)
	}

	before := e.snap()
	for name, res := range map[string]*testkit.Response{
		"log into the closed month":                btLog(e.as(m), qs.ID, cmDate(2026, 2, 10), 30, ""),
		"log on the partner's share (lead closed)": btLog(e.as(r.Members[0]), rs.ID, cmDate(2026, 2, 10), 30, ""),
		"change an entry of it":                    btUpdateEntry(e.as(m), testkit.DecodeID(t, feb.ID), map[string]any{"minutes": 90}),
		"move an entry out of it":                  btUpdateEntry(e.as(m), testkit.DecodeID(t, feb.ID), map[string]any{"date": cmDate(2026, 3, 1).Format(time.RFC3339)}),
		"move an entry into it":                    btUpdateEntry(e.as(m), testkit.DecodeID(t, jan.ID), map[string]any{"date": cmDate(2026, 2, 2).Format(time.RFC3339)}),
	} {
		t.Run(name, func(t *testing.T) {
			if ext := testkit.OnlyError(t, res, "CONFLICT", "").Extensions; ext["periodStart"] != "2026-02-01" || ext["periodEnd"] != "2026-02-28" {
				t.Errorf("the error does not name the period: %+v", res.Errors[0])
			}
		})
	}
	e.unchanged(before)
	// Around it, time stays open.
	e.logOK(e.as(m), qs.ID, cmDate(2026, 1, 31), 30)
	e.logOK(e.as(r.Members[0]), rs.ID, cmDate(2026, 3, 1), 30)
	testkit.OK(t, btUpdateEntry(e.as(m), testkit.DecodeID(t, jan.ID), map[string]any{"minutes": 45}), nil)
}

// TestCoopMoneyCloseBooksByDecision: where the bylaws close books by
// decision, a CLOSE_BOOKS proposal carries the period and closes it when it
// passes; createProposal does not open one.
func TestCoopMoneyCloseBooksByDecision(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	r := e.coop(btRoomy, 1)
	m := r.Members[0]
	p := e.project(r, 10_000_000, 0, project.StatusACTIVE)
	rs := e.shareFixture(p, r, 1_000_000, 9_000)
	jan1, jan31 := cmDate(2026, 1, 1), cmDate(2026, 1, 31)

	testkit.OnlyError(t, e.as(m).Do(cmCreateProposalQ, map[string]any{"c": testkit.ID(r.ID), "k": "CLOSE_BOOKS"}), "BAD_USER_INPUT", "kind")
	in := cmPeriod(r, jan1, jan31)
	in["closesAt"] = "2030-01-01T00:00:00Z"
	bad := cmPeriod(r, jan1, cmDate(2026, 1, 30))
	bad["closesAt"] = "2030-01-01T00:00:00Z"
	testkit.OnlyError(t, e.as(m).Do(cmProposeCloseQ, map[string]any{"in": bad}), "BAD_USER_INPUT", "periodEnd")

	var out struct {
		ProposeCloseBooks struct {
			Proposal struct {
				ID, Kind, Status                 string
				BooksPeriodStart, BooksPeriodEnd *time.Time
			}
		}
	}
	testkit.OK(t, e.as(m).Do(cmProposeCloseQ, map[string]any{"in": in}), &out)
	prop := out.ProposeCloseBooks.Proposal
	if prop.Kind != "CLOSE_BOOKS" || prop.Status != "OPEN" || prop.BooksPeriodStart == nil || !prop.BooksPeriodStart.Equal(jan1) ||
		prop.BooksPeriodEnd == nil || !prop.BooksPeriodEnd.Equal(jan31) {
		t.Fatalf("proposal %+v", prop)
	}
	// Open until it passes.
	e.logOK(e.as(m), rs.ID, cmDate(2026, 1, 15), 60)
	e.spVote(prop.ID, map[*ent.Person]string{m: "YES"})
	if c := e.spClose(m, prop.ID); c.CloseProposal.Proposal.Status != "PASSED" {
		t.Fatalf("closed %+v", c)
	}
	row := testkit.Must(e.ec.BooksClosure.Query().Only(e.ctx))(t)
	if row.Reason != booksclosure.ReasonBOOKS_CLOSED || row.ProposalID == nil || testkit.ID(*row.ProposalID) != prop.ID ||
		!row.PeriodStart.Equal(jan1) || !row.PeriodEnd.Equal(jan31) {
		t.Fatalf("closure %+v", row)
	}
	before := e.snap()
	testkit.OnlyError(t, btLog(e.as(m), rs.ID, cmDate(2026, 1, 16), 60, ""), "CONFLICT", "")
	e.unchanged(before)
}

// TestCoopMoneyDemoFindings reproduces issue 17's first demo finding: Nora
// logged 4 hours on 2019-03-01 on a project that started 2026-05-04. Time
// falls within the project's dates and not before its share existed
// (BAD_USER_INPUT date, nothing written).
func TestCoopMoneyDemoFindings(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	q := e.coop(btRoomy, 1)
	nora := e.person("Nora")
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	testkit.MustOrPanic(e.ec.Project.UpdateOneID(p.ID).SetStartsOn(cmDate(2026, 1, 5)).Save(e.ctx))
	share := testkit.Must(e.ec.BudgetShare.Create().SetProjectID(p.ID).SetPersonID(nora.ID).SetAmountCents(100_000).
		SetHourlyRateCents(9_000).SetCurrency("EUR").SetPlannedMinutes(600).SetCreatedAt(cmDate(2026, 2, 10).Add(15 * time.Hour)).Save(e.ctx))(t)
	before := e.snap()
	testkit.OnlyError(t, btLog(e.as(nora), share.ID, cmDate(2019, 3, 1), 240, "back-dated"), "BAD_USER_INPUT", "date")
	testkit.OnlyError(t, btLog(e.as(nora), share.ID, cmDate(2026, 2, 9), 240, "before the share"), "BAD_USER_INPUT", "date")
	e.unchanged(before)
	got := e.logOK(e.as(nora), share.ID, cmDate(2026, 2, 10), 240) // the share's first day
	testkit.OnlyError(t, btUpdateEntry(e.as(nora), testkit.DecodeID(t, got.ID), map[string]any{"date": cmDate(2026, 1, 6).Format(time.RFC3339)}),
		"BAD_USER_INPUT", "date")
	// An entry older than the rule (dated before its share, as the demo's
	// are) stays editable on its day, and is not moved anywhere before the share.
	old := e.entryFixture(share, nora, cmDate(2026, 1, 20), 60)
	testkit.OK(t, btUpdateEntry(e.as(nora), old.ID, map[string]any{"minutes": 90}), nil)
	testkit.OnlyError(t, btUpdateEntry(e.as(nora), old.ID, map[string]any{"date": cmDate(2026, 1, 21).Format(time.RFC3339)}),
		"BAD_USER_INPUT", "date")
}

// TestCoopMoneySurplusFromBooks: a SURPLUS proposal without an amount takes
// the year's result from the coop's books (income minus expenses of the
// year); when it passes, the distribution records source BOOKS and the
// books' result, the year is closed in the books (YEAR_CLOSE to retained
// earnings, SURPLUS to each member's payable, both balanced) and closed for
// time (BooksClosure SURPLUS). It also reproduces the demo's second finding:
// after the 2025 surplus is recorded, a member logging 10 hours dated
// 2025-03-02 is refused and her part does not grow.
func TestCoopMoneySurplusFromBooks(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	q := e.coop(btRoomy, 2)
	anna, ben := q.Members[0], q.Members[1]
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	share := e.shareFixture(p, q, 1_000_000, 9_000)
	e.entryFixture(share, anna, cmDate(2025, 3, 3), 300)
	e.entryFixture(share, ben, cmDate(2025, 4, 3), 100)
	e.cmBook(q, cmDate(2025, 5, 1), plan.ProjectRevenue, 1_000_000)
	e.cmBook(q, cmDate(2025, 6, 1), plan.DuesIncome, 20_000)
	e.cmBook(q, cmDate(2025, 7, 1), plan.OtherExpenses, -220_000)
	e.cmBook(q, cmDate(2024, 7, 1), plan.ProjectRevenue, 5_000_000) // another year
	e.cmBook(q, cmDate(2026, 1, 2), plan.ProjectRevenue, 7_000_000) // another year

	in := spIn(q, 2025, 0)
	delete(in, "surplus")
	delete(in, "overrideReason")
	before := e.snap()
	for name, bad := range map[string]map[string]any{
		"the running year":      {"fiscalYear": 2026},
		"amount without reason": {"surplus": btEUR(1), "overrideReason": nil},
		"blank reason":          {"surplus": btEUR(1), "overrideReason": "  "},
		"reason without amount": {"overrideReason": "why"},
	} {
		t.Run(name, func(t *testing.T) {
			x := map[string]any{}
			for k, v := range in {
				x[k] = v
			}
			for k, v := range bad {
				if v == nil {
					delete(x, k)
				} else {
					x[k] = v
				}
			}
			field := "overrideReason"
			if name == "the running year" {
				field = "fiscalYear"
			}
			testkit.OnlyError(t, e.as(anna).Do(spProposeQ, map[string]any{"in": x}), "BAD_USER_INPUT", field)
		})
	}
	e.unchanged(before)

	prop := e.spPropose(anna, in)
	if prop.SurplusCents == nil || *prop.SurplusCents != 800_000 {
		t.Fatalf("proposal %+v: want the books' result 8 000.00", prop)
	}
	e.spVote(prop.ID, map[*ent.Person]string{anna: "YES", ben: "YES"})
	if c := e.spClose(anna, prop.ID); c.CloseProposal.Proposal.Status != "PASSED" {
		t.Fatalf("closed %+v", c)
	}
	d := testkit.Must(e.ec.SurplusDistribution.Query().Where(surplusdistribution.CoopID(q.ID)).Only(e.ctx))(t)
	var dist struct {
		Node struct {
			Source         string
			OverrideReason *string
			BooksResult    btMoney
			Distributed    btMoney
		}
	}
	testkit.OK(t, e.as(ben).Do(cmDistQ, map[string]any{"id": testkit.ID(d.ID)}), &dist)
	if dist.Node.Source != "BOOKS" || dist.Node.OverrideReason != nil || dist.Node.BooksResult != 800_000 ||
		dist.Node.Distributed != 600_000 {
		t.Fatalf("distribution %+v", dist.Node)
	}
	// The books: every entry balances; the year's income and expenses are
	// closed to retained earnings, which pay the members' parts.
	entries := testkit.Must(e.ec.LedgerEntry.Query().Where(ledgerentry.SurplusDistributionID(d.ID)).WithLines(func(q *ent.LedgerLineQuery) {
		q.WithAccount()
	}).Order(ent.Asc(ledgerentry.FieldID)).All(e.ctx))(t)
	if len(entries) != 2 || entries[0].Kind != ledgerentry.KindYEAR_CLOSE || entries[1].Kind != ledgerentry.KindSURPLUS {
		t.Fatalf("entries %v", entries)
	}
	byAcct := map[string]int64{}
	for _, en := range entries {
		if !en.BookedOn.Equal(cmDate(2025, 12, 31)) {
			t.Errorf("%s booked on %s", en.Kind, en.BookedOn)
		}
		var dr, cr int64
		for _, l := range en.Edges.Lines {
			dr, cr = dr+l.DebitCents, cr+l.CreditCents
			key := string(l.Edges.Account.Code)
			if l.Edges.Account.CounterpartyPersonID != nil {
				key += fmt.Sprintf(":%d", *l.Edges.Account.CounterpartyPersonID)
			}
			byAcct[key] += l.CreditCents - l.DebitCents
		}
		if dr != cr {
			t.Errorf("%s does not balance: %d / %d", en.Kind, dr, cr)
		}
	}
	want := map[string]int64{"PROJECT_REVENUE": -1_000_000, "DUES_INCOME": -20_000, "OTHER_EXPENSES": 220_000,
		"RETAINED_EARNINGS": 800_000 - 600_000, fmt.Sprintf("PERSON_PAYABLE:%d", anna.ID): 450_000, fmt.Sprintf("PERSON_PAYABLE:%d", ben.ID): 150_000}
	for k, v := range want {
		if byAcct[k] != v {
			t.Errorf("account %s moved by %d, want %d (all: %v)", k, byAcct[k], v, byAcct)
		}
	}
	cl := testkit.Must(e.ec.BooksClosure.Query().Where(booksclosure.CoopID(q.ID)).Only(e.ctx))(t)
	if cl.Reason != booksclosure.ReasonSURPLUS || !cl.PeriodStart.Equal(cmDate(2025, 1, 1)) || !cl.PeriodEnd.Equal(cmDate(2025, 12, 31)) {
		t.Errorf("closure %+v", cl)
	}
	// The demo's second finding: 10 hours back-dated into 2025 are refused.
	before = e.snap()
	testkit.OnlyError(t, btLog(e.as(anna), share.ID, cmDate(2025, 3, 2), 600, "after the surplus"), "BAD_USER_INPUT", "")
	e.unchanged(before)
	if n := e.ec.TimeEntry.Query().Where(timeentry.PersonID(anna.ID)).CountX(e.ctx); n != 1 {
		t.Errorf("anna has %d entries", n)
	}
	// The books' result no longer counts the closed year's close itself.
	if n := e.ec.LedgerLine.Query().Where(ledgerline.CoopID(q.ID)).CountX(e.ctx); n == 0 {
		t.Error("no lines")
	}
}

// TestCoopMoneyCloseBooksRacesLogTime: logTime racing closeBooks for the
// same month ends either before the close (its entry in the month, logged
// while it was open) or refused; never an entry created inside a closed
// period. On PostgreSQL both requests are held on the coop's books lock so
// they really meet.
func TestCoopMoneyCloseBooksRacesLogTime(t *testing.T) {
	e := btNewEnv(t)
	q := e.coop(btRoomy, 2)
	e.closedByMember(q)
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	share := e.shareFixture(p, q, 1_000_000, 9_000)
	closer, worker := e.as(q.Members[0]), e.as(q.Members[1])
	in, refused := 0, 0
	for month := time.January; month <= time.December; month++ {
		start := cmDate(2025, month, 1)
		end := start.AddDate(0, 1, -1)
		day := start.AddDate(0, 0, 10)
		joined := e.holdRows("coops", []int{q.ID}, 2)
		res := testkit.Race(t,
			func() (*testkit.Response, error) {
				return closer.Post(cmCloseQ, map[string]any{"in": cmPeriod(q, start, end)})
			},
			func() (*testkit.Response, error) {
				return worker.Post(btLogQ, map[string]any{"in": map[string]any{
					"shareID": testkit.ID(share.ID), "date": day.Format(time.RFC3339), "minutes": 60, "note": "race"}})
			})
		joined()
		testkit.OK(t, res[0], nil)
		n := e.ec.TimeEntry.Query().Where(timeentry.DateGTE(start), timeentry.DateLTE(end)).CountX(e.ctx)
		if len(res[1].Errors) == 0 {
			in++
			if n != 1 {
				t.Fatalf("%s: logged, but %d entries in the month", start.Month(), n)
			}
		} else {
			refused++
			testkit.OnlyError(t, res[1], "CONFLICT", "")
			if n != 0 {
				t.Fatalf("%s: refused, but %d entries in the month", start.Month(), n)
			}
		}
		// Whichever won, the month is closed now.
		testkit.OnlyError(t, btLog(e.as(q.Members[1]), share.ID, day, 30, ""), "CONFLICT", "")
	}
	t.Logf("%d entries logged before the close, %d refused after it", in, refused)
}

const (
	cmLogCoopQ    = `mutation($in: LogCoopTimeInput!) { logCoopTime(input: $in) { coopTimeEntry { id kind date minutes } } }`
	cmUpdateCoopQ = `mutation($id: ID!, $in: UpdateCoopTimeInput!) { updateCoopTime(id: $id, input: $in) { coopTimeEntry { id minutes } } }`
	cmDeleteCoopQ = `mutation($id: ID!) { deleteCoopTime(id: $id) { deletedID } }`
	cmCoopTimeQ   = `query($id: ID!) { node(id: $id) { ... on Coop { coopTimeEntries(first: 50) { totalCount } } } }`
	cmMyTimeQ     = `{ viewer { coopTimeEntries(first: 50) { totalCount } } }`
)

func cmCoopTime(c *btCoop, day time.Time, minutes int) map[string]any {
	return map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "kind": "CARE", "date": day.Format(time.RFC3339), "minutes": minutes}}
}

func (e *btEnv) cmLogCoopOK(by *ent.Person, c *btCoop, day time.Time, minutes int) string {
	e.t.Helper()
	var out struct {
		LogCoopTime struct{ CoopTimeEntry struct{ ID string } }
	}
	testkit.OK(e.t, e.as(by).Do(cmLogCoopQ, cmCoopTime(c, day, minutes)), &out)
	return out.LogCoopTime.CoopTimeEntry.ID
}

// TestCoopMoneyCoopTime: a current member logs non-billable time for their
// coop, changes and deletes only their own, never in a closed period; the
// coop's members list it, others see none; with the bylaws' surplusBasis
// ALL_WORK it counts for the surplus, with BILLABLE_ONLY it does not.
func TestCoopMoneyCoopTime(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	q, other := e.coop(btRoomy, 2), e.coop(0, 1)
	e.closedByMember(q)
	m1, m2 := q.Members[0], q.Members[1]

	before := e.snap()
	for name, tc := range map[string]struct {
		by          *ent.Person
		in          map[string]any
		code, field string
	}{
		"not a member": {other.Members[0], cmCoopTime(q, btDay(-1), 60), "FORBIDDEN", ""},
		"future":       {m1, cmCoopTime(q, btDay(1), 60), "BAD_USER_INPUT", "date"},
		"no minutes":   {m1, cmCoopTime(q, btDay(-1), 0), "BAD_USER_INPUT", "minutes"},
		"over 24 h":    {m1, cmCoopTime(q, btDay(-1), 1441), "BAD_USER_INPUT", "minutes"},
	} {
		t.Run(name, func(t *testing.T) { testkit.OnlyError(t, e.as(tc.by).Do(cmLogCoopQ, tc.in), tc.code, tc.field) })
	}
	if n := e.ec.CoopTimeEntry.Query().CountX(e.ctx); n != 0 {
		t.Fatalf("%d coop time entries after refusals", n)
	}
	e.unchanged(before)

	feb := e.cmLogCoopOK(m1, q, cmDate(2026, 2, 10), 120)
	mar := e.cmLogCoopOK(m1, q, cmDate(2026, 3, 1), 60)
	testkit.OnlyError(t, e.as(m2).Do(cmUpdateCoopQ, map[string]any{"id": mar, "in": map[string]any{"minutes": 5}}), "FORBIDDEN", "")
	testkit.OnlyError(t, e.as(other.Members[0]).Do(cmDeleteCoopQ, map[string]any{"id": mar}), "NOT_FOUND", "id")
	testkit.OK(t, e.as(m1).Do(cmUpdateCoopQ, map[string]any{"id": mar, "in": map[string]any{"minutes": 75}}), nil)

	var list struct {
		Node struct{ CoopTimeEntries struct{ TotalCount int } }
	}
	testkit.OK(t, e.as(m2).Do(cmCoopTimeQ, map[string]any{"id": testkit.ID(q.ID)}), &list)
	if list.Node.CoopTimeEntries.TotalCount != 2 {
		t.Errorf("a member sees %d entries", list.Node.CoopTimeEntries.TotalCount)
	}
	testkit.OK(t, e.as(other.Members[0]).Do(cmCoopTimeQ, map[string]any{"id": testkit.ID(q.ID)}), &list)
	if list.Node.CoopTimeEntries.TotalCount != 0 {
		t.Errorf("LEAK: a non-member sees %d entries", list.Node.CoopTimeEntries.TotalCount)
	}
	var mine struct {
		Viewer struct{ CoopTimeEntries struct{ TotalCount int } }
	}
	testkit.OK(t, e.as(m1).Do(cmMyTimeQ, nil), &mine)
	if mine.Viewer.CoopTimeEntries.TotalCount != 2 {
		t.Errorf("m1 sees %d of their own entries", mine.Viewer.CoopTimeEntries.TotalCount)
	}

	// February closes: nothing is logged in it, changed in it, moved into it or deleted from it.
	testkit.OK(t, e.as(m1).Do(cmCloseQ, map[string]any{"in": cmPeriod(q, cmDate(2026, 2, 1), cmDate(2026, 2, 28))}), nil)
	for name, res := range map[string]*testkit.Response{
		"log":    e.as(m1).Do(cmLogCoopQ, cmCoopTime(q, cmDate(2026, 2, 11), 30)),
		"change": e.as(m1).Do(cmUpdateCoopQ, map[string]any{"id": feb, "in": map[string]any{"minutes": 30}}),
		"move":   e.as(m1).Do(cmUpdateCoopQ, map[string]any{"id": mar, "in": map[string]any{"date": cmDate(2026, 2, 27).Format(time.RFC3339)}}),
		"delete": e.as(m1).Do(cmDeleteCoopQ, map[string]any{"id": feb}),
	} {
		t.Run(name, func(t *testing.T) { testkit.OnlyError(t, res, "CONFLICT", "") })
	}
	if n := e.ec.CoopTimeEntry.Query().CountX(e.ctx); n != 2 {
		t.Fatalf("%d coop time entries", n)
	}
	testkit.OK(t, e.as(m1).Do(cmDeleteCoopQ, map[string]any{"id": mar}), nil)

	// The surplus basis: project time of m1, coop time of m2, in 2025.
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	share := e.shareFixture(p, q, 1_000_000, 9_000)
	e.entryFixture(share, m1, cmDate(2025, 5, 5), 100)
	e.cmLogCoopOK(m2, q, cmDate(2025, 5, 6), 300)
	minutes := func() map[string]int64 {
		var plan spPlan
		testkit.OK(t, e.as(m1).Do(spPlanQ, map[string]any{"c": testkit.ID(q.ID), "y": 2025, "s": 400_000}), &plan)
		out := map[string]int64{}
		for _, part := range plan.SurplusDistribution.Parts {
			out[part.Person.ID] = part.Minutes
		}
		return out
	}
	if got := minutes(); got[testkit.ID(m1.ID)] != 100 || got[testkit.ID(m2.ID)] != 0 {
		t.Errorf("BILLABLE_ONLY: minutes %v", got)
	}
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(q.ID).SetSurplusBasis(coop.SurplusBasisALL_WORK).Save(e.ctx)) // as a BYLAWS decision would
	if got := minutes(); got[testkit.ID(m1.ID)] != 100 || got[testkit.ID(m2.ID)] != 300 {
		t.Errorf("ALL_WORK: minutes %v", got)
	}
}
