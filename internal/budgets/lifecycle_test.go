package budgets_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// btLifecycle is DESIGN.md's project lifecycle: PROPOSED → ACTIVE →
// COMPLETED or CANCELLED; a proposed project may be cancelled too.
var btLifecycle = map[string][]string{
	"PROPOSED":  {"ACTIVE", "CANCELLED"},
	"ACTIVE":    {"COMPLETED", "CANCELLED"},
	"COMPLETED": nil,
	"CANCELLED": nil,
}

var btStatuses = []string{"PROPOSED", "ACTIVE", "COMPLETED", "CANCELLED"}

// TestBTLifecycleTable: every move from every status, by a member of the
// lead coop: the allowed ones change the status, every other one is
// INVALID_TRANSITION naming the current status and writes nothing.
func TestBTLifecycleTable(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(10_000, 1)
	c := e.as(lead.Members[0])
	for _, from := range btStatuses {
		for _, to := range btStatuses {
			t.Run(from+"→"+to, func(t *testing.T) {
				defer e.use(t)()
				p := e.project(lead, 100_000, 10, project.Status(from))
				before := e.snap()
				res := btStatus(c, p.ID, to)
				if slices.Contains(btLifecycle[from], to) {
					var out struct {
						SetProjectStatus struct {
							Project struct{ ID, Status string } `json:"project"`
						} `json:"setProjectStatus"`
					}
					testkit.OK(t, res, &out)
					if out.SetProjectStatus.Project.Status != to {
						t.Errorf("payload status %s, want %s", out.SetProjectStatus.Project.Status, to)
					}
					if got := testkit.Must(e.ec.Project.Get(e.ctx, p.ID))(t).Status.String(); got != to {
						t.Errorf("database status %s, want %s", got, to)
					}
					return
				}
				ie := testkit.OnlyError(t, res, "INVALID_TRANSITION", "")
				if got, _ := ie.Extensions["currentState"].(string); got != from {
					t.Errorf("extensions.currentState %q, want %s", got, from)
				}
				if !strings.Contains(ie.Message, from) {
					t.Errorf("message %q does not name the current status %s", ie.Message, from)
				}
				for _, a := range btLifecycle[from] {
					if !strings.Contains(ie.Message, a) {
						t.Errorf("message %q does not name the allowed status %s", ie.Message, a)
					}
				}
				e.unchanged(before)
			})
		}
	}
	// A whole life, step by step.
	t.Run("PROPOSED→ACTIVE→COMPLETED", func(t *testing.T) {
		defer e.use(t)()
		p := e.project(lead, 100_000, 10, project.StatusPROPOSED)
		testkit.OK(t, btStatus(c, p.ID, "ACTIVE"), nil)
		testkit.OK(t, btStatus(c, p.ID, "COMPLETED"), nil)
		testkit.OnlyError(t, btStatus(c, p.ID, "ACTIVE"), "INVALID_TRANSITION", "")
	})
}

// TestBTLifecycleWho: only active members of the lead coop move a project.
// Those who may read the project (members of a partner coop, the freelancer
// holding a share, a paused lead member) get FORBIDDEN; those who may not
// (an outsider coop's member, a candidate of the lead coop, a participant of
// the network) get NOT_FOUND, exactly like for a project that does not
// exist; anonymous requests UNAUTHENTICATED. Nothing is written.
func TestBTLifecycleWho(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(10_000, 1)
	partner := e.coop(0, 1)
	outsider := e.coop(0, 1)
	freelancer := e.person("Freelancer")
	paused := e.person("Paused")
	e.join(paused, lead, membership.StatePAUSED)
	candidate := e.person("Candidate")
	e.join(candidate, lead, membership.StateCANDIDATE)
	participant := e.person("Participant")
	p := e.project(lead, 100_000, 10, project.StatusPROPOSED)
	e.shareFixture(p, partner, 10_000, 8_000)
	e.shareFixture(p, freelancer, 10_000, 8_000)

	cases := []struct {
		who  string
		c    func() *testkit.Client
		code string
	}{
		{"member of a partner coop", func() *testkit.Client { return e.as(partner.Members[0]) }, "FORBIDDEN"},
		{"freelancer holding a share", func() *testkit.Client { return e.as(freelancer) }, "FORBIDDEN"},
		{"paused member of the lead coop", func() *testkit.Client { return e.as(paused) }, "FORBIDDEN"},
		{"member of an outsider coop", func() *testkit.Client { return e.as(outsider.Members[0]) }, "NOT_FOUND"},
		{"candidate of the lead coop", func() *testkit.Client { return e.as(candidate) }, "NOT_FOUND"},
		{"participant of the network", func() *testkit.Client { return e.as(participant) }, "NOT_FOUND"},
		{"anonymous", func() *testkit.Client { return e.c.Anonymous() }, "UNAUTHENTICATED"},
	}
	for _, tc := range cases {
		t.Run(tc.who, func(t *testing.T) {
			defer e.use(t)()
			before := e.snap()
			testkit.OnlyError(t, btStatus(tc.c(), p.ID, "ACTIVE"), tc.code, "")
			e.unchanged(before)
		})
	}
	t.Run("no such project", func(t *testing.T) {
		defer e.use(t)()
		ne := testkit.OnlyError(t, btStatus(e.as(lead.Members[0]), p.ID+1000, "ACTIVE"), "NOT_FOUND", "")
		oe := testkit.OnlyError(t, btStatus(e.as(outsider.Members[0]), p.ID, "ACTIVE"), "NOT_FOUND", "")
		if ne.Message != oe.Message {
			t.Errorf("a hidden project reads %q, a missing one %q: the ID leaks", oe.Message, ne.Message)
		}
	})
	t.Run("lead member", func(t *testing.T) {
		defer e.use(t)()
		testkit.OK(t, btStatus(e.as(lead.Members[0]), p.ID, "ACTIVE"), nil)
	})
}

// TestBTLifecycleGuards: shares are given on PROPOSED and ACTIVE projects,
// never on closed ones; time is logged on ACTIVE projects only; a closed
// project's budget takes no changes at all. Refusals are
// INVALID_TRANSITION naming the status and write nothing.
func TestBTLifecycleGuards(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(50_000, 1)
	partner := e.coop(0, 1)
	// lc acts for both coops, so that lowering the partner's share has its consent.
	both := e.person("Member of both")
	e.join(both, lead, membership.StateMEMBER)
	e.join(both, partner, membership.StateMEMBER)
	lc, pc := e.as(both), e.as(partner.Members[0])

	for _, status := range btStatuses {
		t.Run(status, func(t *testing.T) {
			defer e.use(t)()
			p := e.project(lead, 100_000, 10, project.StatusACTIVE)
			share := e.shareFixture(p, partner, 20_000, 8_000)
			entry := e.entryFixture(share, partner.Members[0], btDay(-3), 60)
			e.setStatus(p, project.Status(status))
			refused := func(res *testkit.Response) {
				t.Helper()
				ie := testkit.OnlyError(t, res, "INVALID_TRANSITION", "")
				if got, _ := ie.Extensions["currentState"].(string); got != status {
					t.Errorf("extensions.currentState %q, want %s", got, status)
				}
				if !strings.Contains(ie.Message, status) {
					t.Errorf("message %q does not name the status %s", ie.Message, status)
				}
			}
			closed := status == "COMPLETED" || status == "CANCELLED"

			before := e.snap()
			res := btCreateShare(lc, shareInput(p, partner, 1_000))
			if closed {
				refused(res)
				e.unchanged(before)
			} else {
				testkit.OK(t, res, nil)
			}

			before = e.snap()
			res = btLog(pc, share.ID, btDay(-1), 90, "work")
			if status != "ACTIVE" {
				refused(res)
				e.unchanged(before)
			} else {
				testkit.OK(t, res, nil)
			}

			before = e.snap()
			res = btUpdateEntry(pc, entry.ID, map[string]any{"minutes": 75})
			if status != "ACTIVE" {
				refused(res)
				e.unchanged(before)
			} else {
				testkit.OK(t, res, nil)
			}

			for _, change := range []func() *testkit.Response{
				func() *testkit.Response { return btResize(lc, share.ID, 21_000, "more") },
				func() *testkit.Response { return btResize(lc, share.ID, 22_000, "more again") },
				func() *testkit.Response { return btTotal(lc, p.ID, 110_000, nil, "more") },
			} {
				before = e.snap()
				res := change()
				if closed {
					refused(res)
					e.unchanged(before)
				} else {
					testkit.OK(t, res, nil)
				}
			}
		})
	}
	t.Run("fresh share on a proposed project", func(t *testing.T) {
		defer e.use(t)()
		p := e.project(lead, 100_000, 10, project.StatusPROPOSED)
		s := e.createShareOK(lc, shareInput(p, partner, 30_000))
		testkit.OnlyError(t, btLog(pc, testkit.DecodeID(t, s.ID), btDay(0), 60, ""), "INVALID_TRANSITION", "")
		testkit.OK(t, btStatus(lc, p.ID, "ACTIVE"), nil)
		e.logOK(pc, testkit.DecodeID(t, s.ID), btDay(0), 60)
		testkit.OK(t, btStatus(lc, p.ID, "COMPLETED"), nil)
		testkit.OnlyError(t, btLog(pc, testkit.DecodeID(t, s.ID), btDay(0), 60, ""), "INVALID_TRANSITION", "")
	})
}

// TestBTLifecycleRace: two lead members close the same ACTIVE project at the
// same moment, one as COMPLETED, the other as CANCELLED: exactly one wins;
// the other gets INVALID_TRANSITION (it saw the closed project) or CONFLICT
// (it read the project before the winner committed), never INTERNAL; the
// status is the winner's.
func TestBTLifecycleRace(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(10_000, 2)
	a, b := e.as(lead.Members[0]), e.as(lead.Members[1])
	losers := map[string]int{}
	defer func() { t.Logf("losing requests: %v", losers) }()
	for round := range 5 {
		p := e.project(lead, 100_000, 10, project.StatusACTIVE)
		res := testkit.Race(t,
			func() (*testkit.Response, error) {
				return a.Post(btStatusQ, map[string]any{"p": testkit.ID(p.ID), "s": "COMPLETED"})
			},
			func() (*testkit.Response, error) {
				return b.Post(btStatusQ, map[string]any{"p": testkit.ID(p.ID), "s": "CANCELLED"})
			},
		)
		winner := ""
		for i, r := range res {
			if len(r.Errors) == 0 {
				if winner != "" {
					t.Errorf("round %d: both requests succeeded", round)
				}
				winner = []string{"COMPLETED", "CANCELLED"}[i]
				continue
			}
			code := r.Errors[0].Code()
			if len(r.Errors) != 1 || (code != "INVALID_TRANSITION" && code != "CONFLICT") {
				t.Errorf("round %d: loser got %+v", round, r.Errors)
			}
			losers[code]++
		}
		if got := testkit.Must(e.ec.Project.Get(e.ctx, p.ID))(t).Status.String(); winner == "" || got != winner {
			t.Errorf("round %d: status %s, winner %q", round, got, winner)
		}
	}
}
