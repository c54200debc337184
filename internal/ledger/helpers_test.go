// Package ledger_test proves a coop's books through the real handler: over
// HTTP with real tokens, on SQLite and (with COCKPIT_TEST_DATABASE) on
// PostgreSQL.
package ledger_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// books is a network N of coops A and B (A leads project P, with shares
// for A, B and the freelancer F), a coop C in another network, their
// members, a network admin and an outsider.
type books struct {
	t   *testing.T
	ctx context.Context // fixtures and checks, past the privacy rules
	db  *store.DB
	ec  *ent.Client
	c   *testkit.Client

	N, N2                                                  *ent.Network
	A, B, C                                                *ent.Coop
	P                                                      *ent.Project
	MemberA, MemberB, MemberC, Freelancer, Outsider, Admin *ent.Person
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newBooks(t *testing.T) *books {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	b := &books{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client, c: testkit.NewServer(t, db)}
	c, ctx := b.ec, b.ctx
	b.N = testkit.Must(c.Network.Create().SetName("Network N").SetSlug("network-n").Save(ctx))(t)
	b.N2 = testkit.Must(c.Network.Create().SetName("Network N2").SetSlug("network-n2").Save(ctx))(t)
	b.A = testkit.Must(c.Coop.Create().SetName("Coop A").SetSlug("coop-a").AddNetworks(b.N).Save(ctx))(t)
	b.B = testkit.Must(c.Coop.Create().SetName("Coop B").SetSlug("coop-b").AddNetworks(b.N).Save(ctx))(t)
	b.C = testkit.Must(c.Coop.Create().SetName("Coop C").SetSlug("coop-c").AddNetworks(b.N2).Save(ctx))(t)
	person := func(name, email string) *ent.Person {
		return testkit.Must(c.Person.Create().SetName(name).SetEmail(email).Save(ctx))(t)
	}
	b.MemberA = person("Anton A", "anton@example.org")
	b.MemberB = person("Berta B", "berta@example.org")
	b.MemberC = person("Cem C", "cem@example.org")
	b.Freelancer = person("Frida F", "frida@example.org")
	b.Outsider = person("Olga O", "olga@example.org")
	b.Admin = person("Ada Admin", "ada@example.org")
	for _, m := range []struct {
		p  *ent.Person
		co *ent.Coop
		s  membership.State
	}{{b.MemberA, b.A, "MEMBER"}, {b.MemberB, b.B, "MEMBER"}, {b.MemberC, b.C, "MEMBER"}, {b.Freelancer, b.A, "FREELANCER"}} {
		testkit.Must(c.Membership.Create().SetPerson(m.p).SetCoop(m.co).SetState(m.s).Save(ctx))(t)
	}
	for _, p := range []*ent.Person{b.MemberA, b.MemberB, b.Freelancer} {
		testkit.Must(c.NetworkMembership.Create().SetNetwork(b.N).SetPerson(p).Save(ctx))(t)
	}
	testkit.Must(c.NetworkMembership.Create().SetNetwork(b.N).SetPerson(b.Admin).SetRole(networkmembership.RoleADMIN).Save(ctx))(t)
	testkit.Must(c.NetworkMembership.Create().SetNetwork(b.N2).SetPerson(b.MemberC).Save(ctx))(t)
	b.P = testkit.Must(c.Project.Create().SetLeadCoop(b.A).SetNetwork(b.N).SetName("Shop").SetClientName("Client GmbH").
		SetTotalBudgetCents(5_000_000).SetStatus("ACTIVE").Save(ctx))(t)
	testkit.Must(c.BudgetShare.Create().SetProject(b.P).SetCoop(b.A).SetAmountCents(2_000_000).SetHourlyRateCents(8_000).SetCurrency("EUR").Save(ctx))(t)
	testkit.Must(c.BudgetShare.Create().SetProject(b.P).SetCoop(b.B).SetAmountCents(1_000_000).SetHourlyRateCents(8_000).SetCurrency("EUR").Save(ctx))(t)
	testkit.Must(c.BudgetShare.Create().SetProject(b.P).SetPerson(b.Freelancer).SetAmountCents(500_000).SetHourlyRateCents(7_000).SetCurrency("EUR").Save(ctx))(t)
	return b
}

// post books e under the test rule in its own transaction.
func (b *books) post(e ledger.Entry) *ent.LedgerEntry {
	b.t.Helper()
	tx := testkit.Must(b.ec.Tx(b.ctx))(b.t)
	o := domainop.Env{}.System(ent.NewTxContext(b.ctx, tx), tx.Client())
	le, err := ledger.Post(o, authz.TestFixture, e)
	if err != nil {
		_ = tx.Rollback()
		b.t.Fatalf("posting %q: %v", e.Description, err)
	}
	if err := tx.Commit(); err != nil {
		b.t.Fatal(err)
	}
	return le
}

// gql posts as client c and decodes data into out, failing on any error.
func gql(t *testing.T, c *testkit.Client, query string, vars map[string]any, out any) {
	t.Helper()
	res, err := c.Post(query, vars)
	if err != nil {
		t.Fatal(err)
	}
	testkit.OK(t, res, out)
}

func eur(cents int64) map[string]any { return map[string]any{"amount": cents, "currency": "EUR"} }

// money is a Money in a response.
type money struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

func (m money) cents(t *testing.T) int64 {
	t.Helper()
	n, err := m.Amount.Int64()
	if err != nil {
		t.Fatalf("amount %q: %v", m.Amount, err)
	}
	return n
}

// balanced checks, straight on the database, that every entry's debits
// equal its credits and that all lines of coop sum to zero.
func (b *books) balanced(coopID int) {
	b.t.Helper()
	var unbalanced int
	if err := b.db.SQL.QueryRowContext(context.Background(),
		`SELECT count(*) FROM (SELECT entry_id FROM ledger_lines GROUP BY entry_id HAVING SUM(debit_cents) <> SUM(credit_cents)) x`).Scan(&unbalanced); err != nil {
		b.t.Fatal(err)
	}
	if unbalanced != 0 {
		b.t.Errorf("%d entries do not balance", unbalanced)
	}
	tb := testkit.Must(ledger.ComputeTrialBalance(b.ctx, b.ec, coopID, "EUR", day(2100, 1, 1)))(b.t)
	if !tb.Balanced() {
		b.t.Errorf("trial balance of coop %d: debits %d, credits %d", coopID, tb.Debits.Cents, tb.Credits.Cents)
	}
	var sum int64
	for _, a := range tb.Accounts {
		sum += a.Debits.Cents - a.Credits.Cents
	}
	if sum != 0 {
		b.t.Errorf("trial balance of coop %d: accounts sum to %d, want 0", coopID, sum)
	}
}
