package budgets_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const (
	btNodeQ = `query($id: ID!) { node(id: $id) { id } }`
	// btListsQ reads every list through which a project's budget could show.
	btListsQ = `query($lead: ID!, $partner: ID!, $freelancer: ID!) {
		projects(first: 50) { totalCount edges { node { id } } }
		lead: node(id: $lead) { ... on Coop { ledProjects(first: 50) { totalCount } budgetShares(first: 50) { totalCount } } }
		partner: node(id: $partner) { ... on Coop { ledProjects(first: 50) { totalCount } budgetShares(first: 50) { totalCount } } }
		freelancer: node(id: $freelancer) { ... on Person { budgetShares(first: 50) { totalCount } timeEntries(first: 50) { totalCount } } }
	}`
)

// btVisWorld: project P led by coop L with shares of partner coop Q,
// freelancer F and freelancer G, a history of five changes and a time entry
// on each share, all made through the API; project P2 of L with a share of
// G only; and coop O, whose member is in the same network but has no part
// in any project.
type btVisWorld struct {
	lead, partner, outsider *btCoop
	f, g                    *ent.Person
	p, p2                   *ent.Project
	ps, fs, gs              int           // shares of P
	g2                      int           // G's share of P2
	changes                 map[int][]int // share (0: the total) → its changes
	entries                 map[int]int   // share → its time entry
}

func (e *btEnv) visWorld() *btVisWorld {
	e.t.Helper()
	w := &btVisWorld{lead: e.coop(btRoomy, 1), partner: e.coop(0, 1), outsider: e.coop(0, 1),
		f: e.person("Freelancer F"), g: e.person("Freelancer G"), changes: map[int][]int{}, entries: map[int]int{}}
	w.p = e.project(w.lead, 100_000, 10, project.StatusACTIVE)
	w.p2 = e.project(w.lead, 50_000, 0, project.StatusACTIVE)
	lc := e.as(w.lead.Members[0])
	w.ps = testkit.DecodeID(e.t, e.createShareOK(lc, shareInput(w.p, w.partner, 9_000)).ID)
	w.fs = testkit.DecodeID(e.t, e.createShareOK(lc, shareInput(w.p, w.f, 8_000)).ID)
	w.gs = testkit.DecodeID(e.t, e.createShareOK(lc, shareInput(w.p, w.g, 7_000)).ID)
	w.g2 = testkit.DecodeID(e.t, e.createShareOK(lc, shareInput(w.p2, w.g, 5_000)).ID)
	testkit.OK(e.t, btResize(lc, w.fs, 9_500, "more tests"), nil)
	testkit.OK(e.t, btTotal(lc, w.p.ID, 105_000, nil, "extension"), nil)
	for _, c := range e.changesOf(w.p.ID) {
		k := 0
		if c.ShareID != nil {
			k = *c.ShareID
		}
		w.changes[k] = append(w.changes[k], c.ID)
	}
	w.entries[w.ps] = testkit.DecodeID(e.t, e.logOK(e.as(w.partner.Members[0]), w.ps, btDay(0), 120).ID)
	w.entries[w.fs] = testkit.DecodeID(e.t, e.logOK(e.as(w.f), w.fs, btDay(0), 240).ID)
	w.entries[w.gs] = testkit.DecodeID(e.t, e.logOK(e.as(w.g), w.gs, btDay(0), 60).ID)
	return w
}

// nodeHidden asserts that id reads exactly like a missing object for c.
func (e *btEnv) nodeHidden(c *testkit.Client, id int, what string) {
	e.t.Helper()
	res := c.Do(btNodeQ, map[string]any{"id": testkit.ID(id)})
	var out struct {
		Node json.RawMessage `json:"node"`
	}
	if len(res.Data) > 0 {
		_ = json.Unmarshal(res.Data, &out)
	}
	if len(out.Node) > 0 && string(out.Node) != "null" {
		e.t.Errorf("%s: LEAK: node(id) returned %s", what, out.Node)
		return
	}
	if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" || res.Errors[0].Message != "not found" {
		e.t.Errorf("%s: want exactly one NOT_FOUND \"not found\", got %+v", what, res.Errors)
	}
}

// nodeVisible asserts that c reads id.
func (e *btEnv) nodeVisible(c *testkit.Client, id int, what string) {
	e.t.Helper()
	var out struct {
		Node *struct{ ID string } `json:"node"`
	}
	res := c.Do(btNodeQ, map[string]any{"id": testkit.ID(id)})
	if len(res.Errors) > 0 {
		e.t.Errorf("%s: want readable, got %+v", what, res.Errors)
		return
	}
	_ = json.Unmarshal(res.Data, &out)
	if out.Node == nil || out.Node.ID != testkit.ID(id) {
		e.t.Errorf("%s: want readable, got %s", what, res.Data)
	}
}

type btListsJSON struct {
	Projects struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node struct{ ID string } `json:"node"`
		} `json:"edges"`
	} `json:"projects"`
	Lead, Partner struct {
		LedProjects  struct{ TotalCount int } `json:"ledProjects"`
		BudgetShares struct{ TotalCount int } `json:"budgetShares"`
	}
	Freelancer struct {
		BudgetShares struct{ TotalCount int } `json:"budgetShares"`
		TimeEntries  struct{ TotalCount int } `json:"timeEntries"`
	}
}

func (e *btEnv) lists(c *testkit.Client, w *btVisWorld) btListsJSON {
	e.t.Helper()
	var out btListsJSON
	testkit.OK(e.t, c.Do(btListsQ, map[string]any{"lead": testkit.ID(w.lead.ID), "partner": testkit.ID(w.partner.ID), "freelancer": testkit.ID(w.f.ID)}), &out)
	return out
}

func (l btListsJSON) projectIDs() []string {
	var ids []string
	for _, e := range l.Projects.Edges {
		ids = append(ids, e.Node.ID)
	}
	slices.Sort(ids)
	return ids
}

func btIDs(ids ...int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = testkit.ID(id)
	}
	slices.Sort(out)
	return out
}

// TestBTVisibility follows DESIGN.md's table for a project's budget, shares
// and time entries, on node(id), nested connections and lists.
func TestBTVisibility(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	w := e.visWorld()
	allChanges := func() []int {
		var ids []int
		for _, list := range w.changes {
			ids = append(ids, list...)
		}
		return ids
	}()
	if len(allChanges) != 5 || len(w.changes[w.fs]) != 2 || len(w.changes[0]) != 1 {
		t.Fatalf("fixture history %v", w.changes)
	}

	t.Run("outsider coop's member sees nothing", func(t *testing.T) {
		defer e.use(t)()
		c := e.as(w.outsider.Members[0])
		e.nodeHidden(c, w.p.ID, "project")
		e.nodeHidden(c, w.p2.ID, "second project")
		for _, s := range []int{w.ps, w.fs, w.gs, w.g2} {
			e.nodeHidden(c, s, "share")
		}
		for _, ch := range allChanges {
			e.nodeHidden(c, ch, "budget change")
		}
		for _, en := range w.entries {
			e.nodeHidden(c, en, "time entry")
		}
		l := e.lists(c, w)
		if l.Projects.TotalCount != 0 || len(l.Projects.Edges) != 0 || l.Lead.LedProjects.TotalCount != 0 ||
			l.Lead.BudgetShares.TotalCount != 0 || l.Partner.BudgetShares.TotalCount != 0 ||
			l.Freelancer.BudgetShares.TotalCount != 0 || l.Freelancer.TimeEntries.TotalCount != 0 {
			t.Errorf("LEAK through lists: %+v", l)
		}
		// Mutations do not tell a hidden project from a missing one either.
		before := e.snap()
		testkit.OnlyError(t, btCreateShare(c, shareInput(w.p, w.outsider, 1)), "NOT_FOUND", "")
		testkit.OnlyError(t, btResize(c, w.ps, 1, ""), "NOT_FOUND", "")
		testkit.OnlyError(t, btTotal(c, w.p.ID, 1, nil, ""), "NOT_FOUND", "")
		testkit.OnlyError(t, btUpdateEntry(c, w.entries[w.ps], map[string]any{"minutes": 1}), "NOT_FOUND", "")
		e.unchanged(before)
	})

	t.Run("freelancer sees the project and only their own share", func(t *testing.T) {
		defer e.use(t)()
		c := e.as(w.f)
		got := e.readProject(c, w.p.ID)
		if !slices.Equal(got.shareIDs(), btIDs(w.fs)) || got.BudgetShares.TotalCount != 1 {
			t.Errorf("shares %v (totalCount %d), want only their own %v", got.shareIDs(), got.BudgetShares.TotalCount, btIDs(w.fs))
		}
		var changes []int
		for _, ch := range got.changes() {
			changes = append(changes, testkit.DecodeID(t, ch.ID))
			if ch.ShareID == nil || *ch.ShareID != testkit.ID(w.fs) {
				t.Errorf("LEAK: freelancer sees change %+v", ch)
			}
		}
		if !slices.Equal(changes, w.changes[w.fs]) || got.BudgetChanges.TotalCount != 2 {
			t.Errorf("changes %v (totalCount %d), want those of their share %v", changes, got.BudgetChanges.TotalCount, w.changes[w.fs])
		}
		if !slices.Equal(got.entryIDs(), btIDs(w.entries[w.fs])) || got.TimeEntries.TotalCount != 1 {
			t.Errorf("time entries %v, want only those on their share %v", got.entryIDs(), btIDs(w.entries[w.fs]))
		}
		l := e.lists(c, w)
		if !slices.Equal(l.projectIDs(), btIDs(w.p.ID)) || l.Projects.TotalCount != 1 {
			t.Errorf("projects %v, want only the one they work on", l.projectIDs())
		}
		if l.Partner.BudgetShares.TotalCount != 0 || l.Freelancer.BudgetShares.TotalCount != 1 || l.Freelancer.TimeEntries.TotalCount != 1 {
			t.Errorf("lists %+v", l)
		}
		e.nodeVisible(c, w.fs, "own share")
		e.nodeVisible(c, w.entries[w.fs], "own time entry")
		for _, ch := range w.changes[w.fs] {
			e.nodeVisible(c, ch, "change of own share")
		}
		e.nodeHidden(c, w.ps, "partner's share")
		e.nodeHidden(c, w.gs, "other freelancer's share")
		e.nodeHidden(c, w.p2.ID, "project they do not work on")
		e.nodeHidden(c, w.entries[w.ps], "partner's time entry")
		e.nodeHidden(c, w.entries[w.gs], "other freelancer's time entry")
		e.nodeHidden(c, w.changes[0][0], "change of the total")
		e.nodeHidden(c, w.changes[w.ps][0], "change of the partner's share")
		e.nodeHidden(c, w.changes[w.gs][0], "change of the other freelancer's share")
		// The project's lead coop reads, so the project is whole.
		var out struct {
			Node struct {
				LeadCoop struct{ ID string } `json:"leadCoop"`
			} `json:"node"`
		}
		testkit.OK(t, c.Do(`query($id: ID!) { node(id: $id) { ... on Project { leadCoop { id } } } }`, map[string]any{"id": testkit.ID(w.p.ID)}), &out)
		if out.Node.LeadCoop.ID != testkit.ID(w.lead.ID) {
			t.Errorf("lead coop %q", out.Node.LeadCoop.ID)
		}
	})

	t.Run("second freelancer sees both their projects", func(t *testing.T) {
		defer e.use(t)()
		c := e.as(w.g)
		l := e.lists(c, w)
		if !slices.Equal(l.projectIDs(), btIDs(w.p.ID, w.p2.ID)) {
			t.Errorf("projects %v, want %v", l.projectIDs(), btIDs(w.p.ID, w.p2.ID))
		}
		got := e.readProject(c, w.p.ID)
		if !slices.Equal(got.shareIDs(), btIDs(w.gs)) {
			t.Errorf("shares %v, want %v", got.shareIDs(), btIDs(w.gs))
		}
	})

	for _, who := range []string{"partner", "lead"} {
		t.Run(who+" coop's member sees every share", func(t *testing.T) {
			defer e.use(t)()
			coop := w.partner
			if who == "lead" {
				coop = w.lead
			}
			c := e.as(coop.Members[0])
			got := e.readProject(c, w.p.ID)
			if !slices.Equal(got.shareIDs(), btIDs(w.ps, w.fs, w.gs)) {
				t.Errorf("shares %v, want all three %v", got.shareIDs(), btIDs(w.ps, w.fs, w.gs))
			}
			var changes []int
			for _, ch := range got.changes() {
				changes = append(changes, testkit.DecodeID(t, ch.ID))
			}
			want := slices.Clone(allChanges)
			slices.Sort(want)
			slices.Sort(changes)
			if !slices.Equal(changes, want) {
				t.Errorf("changes %v, want all %v", changes, want)
			}
			if !slices.Equal(got.entryIDs(), btIDs(w.entries[w.ps], w.entries[w.fs], w.entries[w.gs])) {
				t.Errorf("time entries %v, want all three", got.entryIDs())
			}
			// Changes come oldest first and carry the whole story.
			kinds := []string{}
			for _, ch := range got.changes() {
				kinds = append(kinds, ch.Kind)
			}
			if !slices.Equal(kinds, []string{"SHARE_CREATED", "SHARE_CREATED", "SHARE_CREATED", "SHARE_RESIZED", "TOTAL_CHANGED"}) {
				t.Errorf("history %v", kinds)
			}
			if who == "partner" {
				e.nodeHidden(c, w.p2.ID, "lead's project without the partner")
				e.nodeHidden(c, w.g2, "share of a project without the partner")
			} else {
				e.nodeVisible(c, w.p2.ID, "lead's other project")
			}
		})
	}
}
