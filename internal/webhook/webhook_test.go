package webhook_test

import (
	"errors"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/webhook"
)

// TestAudience: event × endpoint owner -> delivered or not. Coop 1 leads
// project 50 where coop 2 holds a share; coop 3 is in the same network 9
// but has no part in any of it.
func TestAudience(t *testing.T) {
	c1, c2, c3, n9, n8 := 1, 2, 3, 9, 8
	coop := func(id int) webhook.Owner { return webhook.Owner{Coop: &id} }
	network := func(id int) webhook.Owner { return webhook.Owner{Network: &id} }
	facts := webhook.Facts{MembershipCoop: c1, ProjectLead: c1, ShareCoops: []int{c2, 0}}
	ev := func(k events.Kind, id int, change string) events.Event {
		return events.Event{Topic: events.Topic{Kind: k, ID: id}, Object: 77, Change: change}
	}
	for _, tc := range []struct {
		name  string
		e     events.Event
		owner webhook.Owner
		want  bool
	}{
		{"own coop's proposal", ev(events.Proposals, c1, "OPENED"), coop(c1), true},
		{"another coop's proposal", ev(events.Proposals, c1, "OPENED"), coop(c2), false},
		{"coop proposal to a network endpoint", ev(events.Proposals, c1, "VOTE_CAST"), network(n9), false},
		{"network decision to the network", ev(events.NetworkProposals, n9, "CLOSED"), network(n9), true},
		{"network decision to another network", ev(events.NetworkProposals, n9, "CLOSED"), network(n8), false},
		{"network decision to a member coop", ev(events.NetworkProposals, n9, "CLOSED"), coop(c3), false},
		{"pathway to its coop", ev(events.Pathway, 40, ""), coop(c1), true},
		{"pathway to another coop", ev(events.Pathway, 40, ""), coop(c2), false},
		{"budget to the lead", ev(events.ProjectBudget, 50, "SHARE_ADDED"), coop(c1), true},
		{"budget to a partner", ev(events.ProjectBudget, 50, "SHARE_CHANGED"), coop(c2), true},
		{"time to a partner", ev(events.ProjectBudget, 50, "TIME_RECORDED"), coop(c2), true},
		{"budget to an outside coop", ev(events.ProjectBudget, 50, "TOTAL_CHANGED"), coop(c3), false},
		{"budget to the network", ev(events.ProjectBudget, 50, "TOTAL_CHANGED"), network(n9), false},
	} {
		if got := webhook.AudienceOf(tc.e, facts).Includes(tc.owner); got != tc.want {
			t.Errorf("%s: delivered=%v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTypeOf(t *testing.T) {
	for _, tc := range []struct {
		k      events.Kind
		change string
		want   webhook.Type
	}{
		{events.Proposals, "OPENED", webhook.ProposalOpened}, {events.NetworkProposals, "CLOSED", webhook.ProposalClosed},
		{events.Proposals, "VOTE_CAST", webhook.VoteCast}, {events.Pathway, "", webhook.PathwayChanged},
		{events.ProjectBudget, "TIME_RECORDED", webhook.TimeLogged}, {events.ProjectBudget, "PM_CHARGE_CHANGED", webhook.BudgetChanged},
		{events.Proposals, "COMMENT_ADDED", ""}, {events.ViewerFacts, "", ""},
	} {
		got, ok := webhook.TypeOf(events.Event{Topic: events.Topic{Kind: tc.k, ID: 1}, Change: tc.change})
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("TypeOf(%s %s) = %q %v, want %q", tc.k, tc.change, got, ok, tc.want)
		}
	}
}

func TestSignAndVerify(t *testing.T) {
	secret := webhook.NewSecret()
	body := []byte(`{"id":"x","type":"VOTE_CAST"}`)
	now := time.Unix(1_800_000_000, 0)
	h := webhook.Sign(secret, now, body)
	if err := webhook.Verify(secret, h, body, now.Add(time.Minute)); err != nil {
		t.Fatalf("valid signature refused: %v", err)
	}
	if err := webhook.Verify(secret, h, []byte(`{"id":"y"}`), now); !errors.Is(err, webhook.ErrBadSignature) {
		t.Errorf("tampered body: %v", err)
	}
	if err := webhook.Verify(webhook.NewSecret(), h, body, now); !errors.Is(err, webhook.ErrBadSignature) {
		t.Errorf("wrong secret: %v", err)
	}
	if err := webhook.Verify(secret, h, body, now.Add(6*time.Minute)); !errors.Is(err, webhook.ErrStale) {
		t.Errorf("replay after 6 minutes: %v", err)
	}
	if err := webhook.Verify(secret, "garbage", body, now); !errors.Is(err, webhook.ErrBadSignature) {
		t.Errorf("garbage header: %v", err)
	}
}

func TestBackoff(t *testing.T) {
	o := webhook.Options{BackoffBase: time.Second, BackoffMax: 10 * time.Second}
	for attempts, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 30: 10 * time.Second} {
		if got := o.Backoff(attempts); got != want {
			t.Errorf("Backoff(%d) = %s, want %s", attempts, got, want)
		}
	}
}
