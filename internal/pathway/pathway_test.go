package pathway

import (
	"errors"
	"slices"
	"testing"
	"time"
)

var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// ready returns facts under which every guard of every transition holds.
func ready(s State) Facts {
	return Facts{
		State: s, StateSince: day0, Now: day0.AddDate(2, 0, 0),
		Bylaws:        Bylaws{CandidacyDays: 180, FreelancerRightToJoinDays: 365, BuyInCents: 100000},
		BuddyAssigned: true, RequiredMilestones: 3, VerifiedMilestones: 3, BuyInRecorded: true,
		AdmissionPassed: true, AdmissionFailed: true, ExclusionPassed: true,
	}
}

// TestTable checks the full state × transition table: exactly the edges of
// DESIGN.md's diagram are possible, everything else is INVALID_TRANSITION.
func TestTable(t *testing.T) {
	want := map[State]map[Transition]State{
		Interested: {StartFreelancing: Freelancer, Leave: Left},
		Freelancer: {Apply: Candidate, Leave: Left},
		Candidate:  {Admit: Member, Decline: Freelancer, Leave: Left},
		Member:     {Pause: Paused, Leave: Left, Exclude: Left},
		Paused:     {Resume: Member, Leave: Left, Exclude: Left},
		Left:       {Rejoin: Interested},
	}
	for _, s := range States {
		for _, tr := range Transitions {
			to, err := Check(ready(s), tr)
			wantTo, ok := want[s][tr]
			switch {
			case ok && (err != nil || to != wantTo):
				t.Errorf("%s --%s--> got %q, %v; want %s", s, tr, to, err, wantTo)
			case !ok:
				var ite *InvalidTransitionError
				if !errors.As(err, &ite) || ite.Current != s || len(ite.Missing) != 0 {
					t.Errorf("%s --%s--> got %q, %v; want INVALID_TRANSITION", s, tr, to, err)
					continue
				}
				var allowed []Transition
				for a := range want[s] {
					allowed = append(allowed, a)
				}
				slices.Sort(allowed)
				got := slices.Clone(ite.Allowed)
				slices.Sort(got)
				if !slices.Equal(got, allowed) {
					t.Errorf("%s --%s--> allowed %v, want %v", s, tr, got, allowed)
				}
			}
		}
	}
}

// TestGuardsAlone fails one guard at a time.
func TestGuardsAlone(t *testing.T) {
	tests := []struct {
		name       string
		state      State
		tr         Transition
		breakGuard func(*Facts)
		kind       string
	}{
		{"right to join not reached", Freelancer, Apply, func(f *Facts) { f.Now = day0.AddDate(0, 0, 364) }, "WAITING_PERIOD"},
		{"candidacy not over", Candidate, Admit, func(f *Facts) { f.Now = day0.AddDate(0, 0, 179) }, "WAITING_PERIOD"},
		{"milestone open", Candidate, Admit, func(f *Facts) { f.VerifiedMilestones = 2 }, "MILESTONES"},
		{"buy-in missing", Candidate, Admit, func(f *Facts) { f.BuyInRecorded = false }, "BUY_IN"},
		{"no buddy", Candidate, Admit, func(f *Facts) { f.BuddyAssigned = false }, "BUDDY"},
		{"no passed vote", Candidate, Admit, func(f *Facts) { f.AdmissionPassed = false }, "ADMISSION_VOTE"},
		{"decline without failed vote", Candidate, Decline, func(f *Facts) { f.AdmissionFailed = false }, "ADMISSION_VOTE"},
		{"exclude member without passed exclusion", Member, Exclude, func(f *Facts) { f.ExclusionPassed = false }, "EXCLUSION_VOTE"},
		{"exclude paused member without passed exclusion", Paused, Exclude, func(f *Facts) { f.ExclusionPassed = false }, "EXCLUSION_VOTE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ready(tt.state)
			tt.breakGuard(&f)
			_, err := Check(f, tt.tr)
			var ite *InvalidTransitionError
			if !errors.As(err, &ite) || len(ite.Missing) != 1 || ite.Missing[0].Kind != tt.kind {
				t.Fatalf("got %v, want exactly %s missing", err, tt.kind)
			}
			if ite.Error() == "" || ite.Current != tt.state {
				t.Fatalf("error does not name the state: %v", ite)
			}
		})
	}
}

func TestNoBuyInNeededWhenBylawsAskNone(t *testing.T) {
	f := ready(Candidate)
	f.Bylaws.BuyInCents, f.BuyInRecorded = 0, false
	if _, err := Check(f, Admit); err != nil {
		t.Fatal(err)
	}
}

func TestEligibleOn(t *testing.T) {
	f := ready(Freelancer)
	f.Now = day0.AddDate(0, 0, 300).Add(5 * time.Hour)
	var apply Option
	for _, o := range Options(f) {
		if o.Transition == Apply {
			apply = o
		}
	}
	if apply.Allowed || apply.EligibleOn == nil || !apply.EligibleOn.Equal(day0.AddDate(0, 0, 365)) {
		t.Fatalf("apply: %+v", apply)
	}
	if apply.Missing[0].DaysLeft != 65 {
		t.Fatalf("days left %d, want 65", apply.Missing[0].DaysLeft)
	}
	// A candidate who only waits (and needs the vote) learns when the
	// candidacy ends.
	c := ready(Candidate)
	c.Now, c.AdmissionPassed = day0.AddDate(0, 0, 100), false
	for _, o := range Options(c) {
		if o.Transition == Admit && (o.EligibleOn == nil || !o.EligibleOn.Equal(day0.AddDate(0, 0, 180))) {
			t.Fatalf("admit: %+v", o)
		}
	}
	// With more than time missing, no date is promised.
	c = ready(Candidate)
	c.Now, c.BuddyAssigned = day0.AddDate(0, 0, 10), false
	for _, o := range Options(c) {
		if o.Transition == Admit && (o.EligibleOn != nil || len(o.Missing) != 2) {
			t.Fatalf("admit: %+v", o)
		}
	}
}

func TestReplay(t *testing.T) {
	ok := [][2]State{{"", Interested}, {Interested, Freelancer}, {Freelancer, Candidate}, {Candidate, Member}, {Member, Paused}}
	if s, err := Replay(ok); err != nil || s != Paused {
		t.Fatalf("replay: %s, %v", s, err)
	}
	for name, bad := range map[string][][2]State{
		"gap":           {{"", Interested}, {Freelancer, Candidate}},
		"no such edge":  {{"", Interested}, {Interested, Member}},
		"starts midway": {{Interested, Freelancer}},
	} {
		if _, err := Replay(bad); err == nil {
			t.Errorf("%s: replay accepted %v", name, bad)
		}
	}
}

// TestFrozenGuards: the effect of a passed admission reads only the vote;
// the other guards were checked when the proposal opened (issue 21, item 3).
func TestFrozenGuards(t *testing.T) {
	f := ready(Candidate)
	f.Now = day0.AddDate(0, 0, 1) // candidacy not over under the bylaws as they are now
	f.BuddyAssigned, f.BuyInRecorded, f.VerifiedMilestones = false, false, 0
	f.AdmissionFailed = false
	if _, err := Check(f, Admit); err == nil {
		t.Fatal("ADMIT allowed with every guard failing and nothing frozen")
	}
	f.GuardsFrozen = true
	if to, err := Check(f, Admit); err != nil || to != Member {
		t.Fatalf("frozen guards, passed vote: got %q, %v; want MEMBER", to, err)
	}
	f.AdmissionPassed = false
	var ite *InvalidTransitionError
	_, err := Check(f, Admit)
	if !errors.As(err, &ite) || len(ite.Missing) != 1 || ite.Missing[0].Kind != "ADMISSION_VOTE" {
		t.Fatalf("frozen guards, no passed vote: got %v; want only ADMISSION_VOTE missing", err)
	}
}
