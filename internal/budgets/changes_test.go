package budgets_test

import (
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// btThreshold is the lead coop's budgetChangeThresholdCents in these tests.
const btThreshold = 10_000

// btRoomy is a threshold the tests of other rules never reach: direct changes
// add up against the threshold (issue 21, item 4).
const btRoomy = 100_000_000

// TestBTCreateShare: a lead-coop member gives a share to a partner coop or a
// freelancer; it carries the project currency, is recorded as
// SHARE_CREATED (who, when, 0 → amount, reason, no proposal) and is
// readable through the project.
func TestBTCreateShare(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(btRoomy, 1)
	partner := e.coop(0, 1)
	freelancer := e.person("Freelancer")
	actor := lead.Members[0]
	c := e.as(actor)
	p := e.project(lead, 100_000, 10, project.StatusACTIVE)

	for _, holder := range []any{partner, freelancer} {
		in := shareInput(p, holder, 7_500)
		s := e.createShareOK(c, in)
		if s.AmountCents != 7_500 || s.HourlyRateCents != 9_000 || s.PlannedMinutes != 600 || s.Currency != "EUR" ||
			s.Description == nil || *s.Description != "backend work" || s.ProjectID != testkit.ID(p.ID) {
			t.Errorf("created %+v", s)
		}
		switch h := holder.(type) {
		case *btCoop:
			if s.CoopID == nil || *s.CoopID != testkit.ID(h.ID) || s.PersonID != nil {
				t.Errorf("share to the coop: coopID %v personID %v", s.CoopID, s.PersonID)
			}
		default:
			if s.PersonID == nil || *s.PersonID != testkit.ID(freelancer.ID) || s.CoopID != nil {
				t.Errorf("share to the freelancer: coopID %v personID %v", s.CoopID, s.PersonID)
			}
		}
		changes := e.changesOf(p.ID)
		id := testkit.DecodeID(t, s.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindSHARE_CREATED, &id, 0, 7_500, actor, "kick-off")
	}
	// The currency may be left out: the share takes the project's.
	in := shareInput(p, partner, 100)
	delete(in, "plannedMinutes")
	delete(in, "description")
	delete(in, "reason")
	s := e.createShareOK(c, in)
	if s.Currency != "EUR" || s.PlannedMinutes != 0 {
		t.Errorf("created %+v", s)
	}
	// Through the API, oldest first.
	got := e.readProject(c, p.ID)
	if got.BudgetShares.TotalCount != 3 || got.BudgetChanges.TotalCount != 3 {
		t.Fatalf("project shows %d shares and %d changes, want 3 and 3", got.BudgetShares.TotalCount, got.BudgetChanges.TotalCount)
	}
	for i, ch := range got.changes() {
		if ch.Kind != "SHARE_CREATED" || ch.ActorID == nil || *ch.ActorID != testkit.ID(actor.ID) || ch.ProposalID != nil ||
			!ch.At.Equal(btT0) || ch.ProjectID != testkit.ID(p.ID) || ch.Currency != "EUR" {
			t.Errorf("change %d: %+v", i, ch)
		}
	}
}

// TestBTShareInput: invalid input is BAD_USER_INPUT naming the field (or
// NOT_FOUND for a holder the viewer cannot see) and writes nothing.
func TestBTShareInput(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 1)
	partner := e.coop(0, 1)
	freelancer := e.person("Freelancer")
	c := e.as(lead.Members[0])
	p := e.project(lead, 100_000, 10, project.StatusACTIVE)
	usd := e.ec.Project.Create().SetLeadCoopID(lead.ID).SetName("Dollar project").SetClientName("Client Inc").
		SetTotalBudgetCents(100_000).SetCurrency("USD").SetStatus(project.StatusACTIVE)
	pUSD := testkit.Must(usd.Save(e.ctx))(t)

	cases := []struct {
		name  string
		in    func() map[string]any
		code  string
		field string
	}{
		{"currency differs from the project's", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["amount"] = map[string]any{"amount": 1_000, "currency": "USD"}
			return in
		}, "BAD_USER_INPUT", "amount"},
		{"EUR on a USD project", func() map[string]any {
			in := shareInput(pUSD, partner, 1_000)
			return in
		}, "BAD_USER_INPUT", "amount"},
		{"rate in another currency than the amount", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["hourlyRate"] = map[string]any{"amount": 9_000, "currency": "CHF"}
			return in
		}, "BAD_USER_INPUT", "hourlyRate"},
		{"a fraction of a cent", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["amount"] = map[string]any{"amount": 10.5, "currency": "EUR"}
			return in
		}, "BAD_USER_INPUT", "amount"},
		{"both a coop and a person", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["personID"] = testkit.ID(freelancer.ID)
			return in
		}, "BAD_USER_INPUT", "coopID"},
		{"neither a coop nor a person", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			delete(in, "coopID")
			return in
		}, "BAD_USER_INPUT", "coopID"},
		{"negative amount", func() map[string]any { return shareInput(p, partner, -1) }, "BAD_USER_INPUT", "amount"},
		{"negative rate", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["hourlyRate"] = btEUR(-1)
			return in
		}, "BAD_USER_INPUT", "hourlyRate"},
		{"negative planned minutes", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["plannedMinutes"] = -60
			return in
		}, "BAD_USER_INPUT", "plannedMinutes"},
		{"malformed project ID", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["projectID"] = "not-an-id"
			return in
		}, "BAD_USER_INPUT", ""},
		{"a coop's ID as the project", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["projectID"] = testkit.ID(partner.ID)
			return in
		}, "NOT_FOUND", ""},
		{"a project's ID as the coop", func() map[string]any {
			in := shareInput(p, partner, 1_000)
			in["coopID"] = testkit.ID(p.ID)
			return in
		}, "NOT_FOUND", "coopID"},
		{"a coop's ID as the person", func() map[string]any {
			in := shareInput(p, freelancer, 1_000)
			in["personID"] = testkit.ID(partner.ID)
			return in
		}, "NOT_FOUND", "personID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.snap()
			testkit.OnlyError(t, btCreateShare(c, tc.in()), tc.code, tc.field)
			e.unchanged(before)
		})
	}
}

// TestBTThreshold: up to the lead coop's threshold a lead-coop member
// changes the budget directly; one cent more is FORBIDDEN, names the BUDGET
// proposal it needs, and writes nothing. This holds for new shares, for
// raising and lowering a share and for changing the total.
func TestBTThreshold(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 1)
	freelancer := e.person("Freelancer")
	actor := lead.Members[0]
	c := e.as(actor)
	p := e.project(lead, 100_000, 10, project.StatusACTIVE)

	forbidden := func(t *testing.T, res *testkit.Response) {
		t.Helper()
		fe := testkit.OnlyError(t, res, "FORBIDDEN", "")
		if !strings.Contains(fe.Message, "BUDGET proposal") || !strings.Contains(fe.Message, "100.00 EUR") {
			t.Errorf("message %q should name the threshold and the BUDGET proposal it needs", fe.Message)
		}
	}

	t.Run("new share", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		forbidden(t, btCreateShare(c, shareInput(p, freelancer, btThreshold+1)))
		e.unchanged(before)
		s := e.createShareOK(c, shareInput(p, freelancer, btThreshold))
		if s.AmountCents != btThreshold {
			t.Errorf("created %d", s.AmountCents)
		}
	})
	t.Run("raise a share", func(t *testing.T) {
		defer e.use(t)()
		p := e.project(lead, 100_000, 10, project.StatusACTIVE)
		share := e.shareFixture(p, freelancer, 20_000, 9_000)
		before := e.snap()
		forbidden(t, btResize(c, share.ID, 20_000+btThreshold+1, "too much"))
		e.unchanged(before)
		testkit.OK(t, btResize(c, share.ID, 20_000+btThreshold, "just enough"), nil)
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindSHARE_RESIZED, &share.ID, 20_000, 30_000, actor, "just enough")
	})
	t.Run("lower a share", func(t *testing.T) {
		defer e.use(t)()
		p := e.project(lead, 100_000, 10, project.StatusACTIVE)
		// The lead coop's own share: lowering a freelancer's needs their consent.
		share := e.shareFixture(p, lead, 30_000, 9_000)
		before := e.snap()
		forbidden(t, btResize(c, share.ID, 30_000-btThreshold-1, "too much"))
		e.unchanged(before)
		testkit.OK(t, btResize(c, share.ID, 30_000-btThreshold, "just enough"), nil)
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindSHARE_RESIZED, &share.ID, 30_000, 20_000, actor, "just enough")
	})
	t.Run("change the total", func(t *testing.T) {
		defer e.use(t)()
		p := e.project(lead, 100_000, 10, project.StatusACTIVE)
		before := e.snap()
		forbidden(t, btTotal(c, p.ID, 100_000+btThreshold+1, nil, "too much"))
		forbidden(t, btTotal(c, p.ID, 100_000-btThreshold-1, nil, "too much"))
		e.unchanged(before)
		testkit.OK(t, btTotal(c, p.ID, 100_000+btThreshold, nil, "just enough"), nil)
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindTOTAL_CHANGED, nil, 100_000, 110_000, actor, "just enough")
	})
	t.Run("threshold zero", func(t *testing.T) {
		defer e.use(t)()
		strict := e.coop(0, 1)
		q := e.project(strict, 100_000, 0, project.StatusACTIVE)
		sc := e.as(strict.Members[0])
		before := e.snap()
		testkit.OnlyError(t, btCreateShare(sc, shareInput(q, freelancer, 1)), "FORBIDDEN", "")
		e.unchanged(before)
		e.createShareOK(sc, shareInput(q, freelancer, 0))
	})
}

// TestBTPartnerConsent: a partner coop's share is lowered only with that
// coop's consent, i.e. by a member of it (who must also be a lead-coop
// member to change the budget at all); raising it needs no consent; a
// freelancer's share and the lead coop's own share are lowered by any lead
// member.
func TestBTPartnerConsent(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(btRoomy, 1)
	partner := e.coop(0, 1)
	freelancer := e.person("Freelancer")
	both := e.person("Member of both")
	e.join(both, lead, membership.StateMEMBER)
	e.join(both, partner, membership.StateMEMBER)
	pausedPartner := e.person("Lead member, paused at the partner")
	e.join(pausedPartner, lead, membership.StateMEMBER)
	e.join(pausedPartner, partner, membership.StatePAUSED)
	leadOnly := lead.Members[0]
	p := e.project(lead, 100_000, 10, project.StatusACTIVE)
	ps := e.shareFixture(p, partner, 20_000, 9_000)
	fs := e.shareFixture(p, freelancer, 20_000, 9_000)
	ls := e.shareFixture(p, lead, 20_000, 9_000)

	t.Run("lead member lowers the partner's share", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		fe := testkit.OnlyError(t, btResize(e.as(leadOnly), ps.ID, 15_000, "cut"), "FORBIDDEN", "")
		if !strings.Contains(fe.Message, "consent") {
			t.Errorf("message %q should say that the partner's consent is needed", fe.Message)
		}
		testkit.OnlyError(t, btResize(e.as(pausedPartner), ps.ID, 15_000, "cut"), "FORBIDDEN", "")
		testkit.OnlyError(t, btResize(e.as(leadOnly), ps.ID, 0, "cut"), "FORBIDDEN", "")
		e.unchanged(before)
	})
	t.Run("partner member who is not a lead member", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		testkit.OnlyError(t, btResize(e.as(partner.Members[0]), ps.ID, 15_000, "cut"), "FORBIDDEN", "")
		testkit.OnlyError(t, btResize(e.as(partner.Members[0]), ps.ID, 25_000, "more"), "FORBIDDEN", "")
		e.unchanged(before)
	})
	t.Run("freelancer resizes their own share", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		testkit.OnlyError(t, btResize(e.as(freelancer), fs.ID, 25_000, "more"), "FORBIDDEN", "")
		e.unchanged(before)
	})
	t.Run("lead member raises the partner's share", func(t *testing.T) {
		defer e.use(t)()
		testkit.OK(t, btResize(e.as(leadOnly), ps.ID, 25_000, "more"), nil)
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindSHARE_RESIZED, &ps.ID, 20_000, 25_000, leadOnly, "more")
	})
	t.Run("member of both lowers the partner's share", func(t *testing.T) {
		defer e.use(t)()
		// Bylaws PROPOSAL (the default): not even a member of both coops
		// may consent alone; the partner coop decides.
		before := e.snap()
		fe := testkit.OnlyError(t, btResize(e.as(both), ps.ID, 16_000, "agreed cut"), "FORBIDDEN", "")
		if !strings.Contains(fe.Message, "proposeBudgetChange") {
			t.Errorf("message %q should point to proposeBudgetChange", fe.Message)
		}
		e.unchanged(before)
		// Bylaws MEMBER: one member's approval is the coop's consent.
		testkit.Must(e.ec.Coop.UpdateOneID(partner.ID).SetShareReductionConsent(coop.ShareReductionConsentMEMBER).Save(e.ctx))(t)
		defer func() {
			testkit.Must(e.ec.Coop.UpdateOneID(partner.ID).SetShareReductionConsent(coop.ShareReductionConsentPROPOSAL).Save(e.ctx))(t)
		}()
		testkit.OnlyError(t, btResize(e.as(leadOnly), ps.ID, 16_000, "cut"), "FORBIDDEN", "")
		var out struct {
			ResizeBudgetShare struct {
				BudgetShare btShareJSON `json:"budgetShare"`
			} `json:"resizeBudgetShare"`
		}
		testkit.OK(t, btResize(e.as(both), ps.ID, 16_000, "agreed cut"), &out)
		if out.ResizeBudgetShare.BudgetShare.AmountCents != 16_000 {
			t.Errorf("payload amount %d, want 16000", out.ResizeBudgetShare.BudgetShare.AmountCents)
		}
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindSHARE_RESIZED, &ps.ID, 25_000, 16_000, both, "agreed cut")
	})
	t.Run("lead member lowers a freelancer's share: needs the freelancer's consent", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		fe := testkit.OnlyError(t, btResize(e.as(leadOnly), fs.ID, 12_000, "less work"), "FORBIDDEN", "")
		if !strings.Contains(fe.Message, "proposeBudgetChange") || !strings.Contains(fe.Message, "freelancer's consent") {
			t.Errorf("message %q should ask for the freelancer's consent through proposeBudgetChange", fe.Message)
		}
		e.unchanged(before)
	})
	t.Run("lead member lowers the lead coop's own share", func(t *testing.T) {
		defer e.use(t)()
		testkit.OK(t, btResize(e.as(leadOnly), ls.ID, 11_000, "less work"), nil)
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindSHARE_RESIZED, &ls.ID, 20_000, 11_000, leadOnly, "less work")
	})
	t.Run("outsiders", func(t *testing.T) {
		defer e.use(t)()
		outsider := e.coop(0, 1)
		before := e.snap()
		testkit.OnlyError(t, btResize(e.as(outsider.Members[0]), ps.ID, 10_000, "cut"), "NOT_FOUND", "")
		testkit.OnlyError(t, btResize(e.c.Anonymous(), ps.ID, 10_000, "cut"), "UNAUTHENTICATED", "")
		testkit.OnlyError(t, btResize(e.as(leadOnly), fs.ID, -1, "cut"), "BAD_USER_INPUT", "amount")
		e.unchanged(before)
	})
	t.Run("raising beyond the budget", func(t *testing.T) {
		defer e.use(t)()
		// Committed: 16 000 + 12 000 + 11 000 + PM 10 000 = 49 000 of 100 000.
		before := e.snap()
		// The threshold is checked first: a raise above it is FORBIDDEN.
		strict := e.coop(btThreshold, 1)
		sp := e.project(strict, 100_000, 10, project.StatusACTIVE)
		ss := e.shareFixture(sp, freelancer, 40_000, 9_000)
		before = e.snap()
		testkit.OnlyError(t, btResize(e.as(strict.Members[0]), ss.ID, 90_001, "much more"), "FORBIDDEN", "")
		e.unchanged(before)
		big := e.coop(1_000_000, 1)
		q := e.project(big, 100_000, 10, project.StatusACTIVE)
		s := e.shareFixture(q, freelancer, 40_000, 9_000)
		before = e.snap()
		ce := testkit.OnlyError(t, btResize(e.as(big.Members[0]), s.ID, 90_001, "too much"), "CONFLICT", "")
		if got := btMoneyExt(t, ce, "remaining"); got != 50_000 {
			t.Errorf("remainingCents %d, want 50000", got)
		}
		e.unchanged(before)
		testkit.OK(t, btResize(e.as(big.Members[0]), s.ID, 90_000, "all of it"), nil)
	})
}

// TestBTChangeProjectBudget: raising the total is fine; lowering it below
// what the shares and the PM charge need is CONFLICT naming that amount;
// invalid values are BAD_USER_INPUT; only lead members change it; every
// change is recorded as TOTAL_CHANGED.
func TestBTChangeProjectBudget(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	lead := e.coop(btRoomy, 1)
	partner := e.coop(0, 1)
	actor := lead.Members[0]
	c := e.as(actor)
	p := e.project(lead, 100_000, 10, project.StatusACTIVE)
	e.shareFixture(p, partner, 50_000, 9_000)
	e.shareFixture(p, partner, 20_000, 9_000) // committed: 70 000 + PM 10 000

	type payload struct {
		ChangeProjectBudget struct {
			Project struct {
				ID               string  `json:"id"`
				TotalBudgetCents btMoney `json:"totalBudgetCents"`
				PmChargePercent  int     `json:"pmChargePercent"`
				Currency         string  `json:"currency"`
			} `json:"project"`
		} `json:"changeProjectBudget"`
	}

	t.Run("raise", func(t *testing.T) {
		defer e.use(t)()
		var out payload
		testkit.OK(t, btTotal(c, p.ID, 150_000, nil, "client extends"), &out)
		if got := out.ChangeProjectBudget.Project; got.TotalBudgetCents != 150_000 || got.PmChargePercent != 10 || got.Currency != "EUR" {
			t.Errorf("payload %+v", got)
		}
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindTOTAL_CHANGED, nil, 100_000, 150_000, actor, "client extends")
	})
	t.Run("lower below committed", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		// 77 000 would have to carry the shares' 70 000 and a PM charge of 7 700.
		ce := testkit.OnlyError(t, btTotal(c, p.ID, 77_000, nil, "client cuts"), "CONFLICT", "")
		if got := btMoneyExt(t, ce, "committed"); got != 77_700 {
			t.Errorf("committedCents %d, want 77700", got)
		}
		if cur, _ := ce.Extensions["committed"].(map[string]any)["currency"].(string); cur != "EUR" {
			t.Errorf("extensions.currency %q, want EUR", cur)
		}
		e.unchanged(before)
	})
	t.Run("lower to exactly committed", func(t *testing.T) {
		defer e.use(t)()
		// 77 778: PM 7 777.8 → 7 778, with the shares 77 778: exactly the total.
		testkit.OK(t, btTotal(c, p.ID, 77_778, nil, "client cuts"), nil)
		shares, pm, total := e.committed(p.ID)
		if shares+pm != total {
			t.Errorf("shares %d + PM %d, total %d", shares, pm, total)
		}
		changes := e.changesOf(p.ID)
		e.assertChange(changes[len(changes)-1], budgetchange.KindTOTAL_CHANGED, nil, 150_000, 77_778, actor, "client cuts")
	})
	t.Run("PM charge", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		pm := 11
		ce := testkit.OnlyError(t, btTotal(c, p.ID, 77_778, &pm, "more PM"), "CONFLICT", "")
		if got := btMoneyExt(t, ce, "committed"); got != 70_000+8_556 {
			t.Errorf("committedCents %d, want 78556", got)
		}
		e.unchanged(before)
		pm = 5
		var out payload
		testkit.OK(t, btTotal(c, p.ID, 80_000, &pm, "less PM"), &out)
		if got := out.ChangeProjectBudget.Project; got.TotalBudgetCents != 80_000 || got.PmChargePercent != 5 {
			t.Errorf("payload %+v", got)
		}
	})
	t.Run("invalid values", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		testkit.OnlyError(t, btTotal(c, p.ID, -1, nil, ""), "BAD_USER_INPUT", "totalBudget")
		for _, pm := range []int{-1, 101} {
			testkit.OnlyError(t, btTotal(c, p.ID, 80_000, &pm, ""), "BAD_USER_INPUT", "pmChargePercent")
		}
		e.unchanged(before)
	})
	t.Run("who", func(t *testing.T) {
		defer e.use(t)()
		outsider := e.coop(0, 1)
		before := e.snap()
		testkit.OnlyError(t, btTotal(e.as(partner.Members[0]), p.ID, 90_000, nil, ""), "FORBIDDEN", "")
		testkit.OnlyError(t, btTotal(e.as(outsider.Members[0]), p.ID, 90_000, nil, ""), "NOT_FOUND", "")
		testkit.OnlyError(t, btTotal(e.c.Anonymous(), p.ID, 90_000, nil, ""), "UNAUTHENTICATED", "")
		e.unchanged(before)
	})
	t.Run("history through the API", func(t *testing.T) {
		defer e.use(t)()
		got := e.readProject(c, p.ID)
		var totals, pms [][2]int64
		for _, ch := range got.changes() {
			switch {
			case ch.ShareID != nil:
				t.Errorf("change %+v", ch)
			case ch.Kind == "TOTAL_CHANGED":
				totals = append(totals, [2]int64{int64(ch.BeforeCents), int64(ch.AfterCents)})
			case ch.Kind == "PM_CHARGE_CHANGED":
				pms = append(pms, [2]int64{int64(ch.BeforeCents), int64(ch.AfterCents)})
			default:
				t.Errorf("change %+v", ch)
			}
		}
		// The PM charge 10 → 5 % with the total 77 778 → 80 000: 7 778 → 4 000 EUR cents.
		if len(pms) != 1 || pms[0] != [2]int64{7_778, 4_000} {
			t.Errorf("PM changes %v, want [[7778 4000]]", pms)
		}
		want := [][2]int64{{100_000, 150_000}, {150_000, 77_778}, {77_778, 80_000}}
		if len(totals) != len(want) {
			t.Fatalf("history %v, want %v", totals, want)
		}
		for i := range want {
			if totals[i] != want[i] {
				t.Errorf("history %v, want %v", totals, want)
				break
			}
		}
	})
}
