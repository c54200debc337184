package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/duescharge"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/payout"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/coopmoney"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/invoicing"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/payouts"
	"github.com/coopnetwork/cockpit/internal/settlement"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// The demo's money (issue 17) is made the way members make it: through the
// domain operations, as the member who would act, inside the seeding
// transaction, so every rule (numbering, bookings, what is owed, periods)
// is the one the API applies and the books balance by construction.
//
//   - Stadtteilnetz (Quelltext leads): a client and its contact, Anna as PM;
//     invoice 1 (time to July) paid in full, invoice 2 (time to September)
//     paid in part; payouts to Netzwerkstatt (part of its share) and Nora
//     (all she is owed).
//   - Klimadaten-Portal (Netzwerkstatt leads, Quelltext holds a share): one
//     invoice, paid.
//   - Quelltext and Netzwerkstatt settle what they owe each other up to
//     the end of September: proposed by Quelltext, confirmed by
//     Netzwerkstatt, paid.
//   - Quelltext books an expense, charges October's dues and levy (Lena
//     pays hers), and Lukas pays 600.00 of his buy-in in two instalments.
func (s *seeder) createMoney(ctx context.Context) error {
	env := domainop.Env{Clock: seedClock{ctx}} // the seed's clock: "now" for every rule
	inv := &invoicing.Service{Env: env}
	pay := &payouts.Service{Env: env}
	books := &ledger.Service{Env: env}
	settle := &settlement.Service{Env: env}
	eur := func(cents int64) money.Money { return money.Money{Cents: cents, Currency: "EUR"} }
	str := func(v string) *string { return &v }
	on := func(y, m, day int) *time.Time { t := s.at(d(y, m, day)); return &t }

	anna, err := s.as(ctx, "anna")
	if err != nil {
		return err
	}
	julia, err := s.as(ctx, "julia")
	if err != nil {
		return err
	}
	qt, nw := s.coops["qt"].ID, s.coops["nw"].ID
	stadtteil, klima := s.projects["stadtteilnetz"].ID, s.projects["klimadaten"].ID

	// Clients and who speaks to them.
	cl, err := inv.CreateClient(anna, qt, invoicing.ClientFields{Name: str("Nachbarschaftsnetz Leipzig-Ost e.V."),
		Street: str("Eisenbahnstraße 66"), PostalCode: str("04315"), City: str("Leipzig"), Country: str("DE"),
		VatID: str("DE298765432"), Email: str("vorstand@nachbarschaftsnetz.example")})
	if err != nil {
		return fmt.Errorf("client: %w", err)
	}
	annaID := s.persons["anna"].ID
	if _, err := inv.SetProjectClient(anna, stadtteil, cl.ID, &annaID); err != nil {
		return fmt.Errorf("project client: %w", err)
	}
	if _, err := inv.SetProjectPM(anna, stadtteil, &annaID, nil); err != nil {
		return fmt.Errorf("project PM: %w", err)
	}
	klimaClient, err := inv.CreateClient(julia, nw, invoicing.ClientFields{Name: str("Klimabündnis Berlin-Brandenburg"),
		City: str("Berlin"), Country: str("DE"), Email: str("buchhaltung@klimabuendnis.example")})
	if err != nil {
		return fmt.Errorf("client: %w", err)
	}
	juliaID := s.persons["julia"].ID
	if _, err := inv.SetProjectClient(julia, klima, klimaClient.ID, &juliaID); err != nil {
		return fmt.Errorf("project client: %w", err)
	}

	invoice := func(ctx context.Context, project int, until, issued *time.Time) (*ent.Invoice, error) {
		draft, err := inv.CreateDraft(ctx, invoicing.Draft{ProjectID: project, IncludeTime: true, TimeUntil: until,
			IncludePMCharge: true, VATBasisPoints: 1900})
		if err != nil {
			return nil, err
		}
		return inv.Issue(ctx, draft.ID, issued)
	}
	first, err := invoice(anna, stadtteil, on(2026, 7, 31), on(2026, 8, 3))
	if err != nil {
		return fmt.Errorf("Stadtteilnetz invoice 1: %w", err)
	}
	second, err := invoice(anna, stadtteil, on(2026, 9, 30), on(2026, 10, 1))
	if err != nil {
		return fmt.Errorf("Stadtteilnetz invoice 2: %w", err)
	}
	third, err := invoice(julia, klima, on(2026, 8, 31), on(2026, 9, 1))
	if err != nil {
		return fmt.Errorf("Klimadaten invoice: %w", err)
	}
	payments := []struct {
		ctx   context.Context
		inv   *ent.Invoice
		cents int64
		day   *time.Time
	}{
		{anna, first, first.GrossCents, on(2026, 8, 20)},
		{anna, second, second.GrossCents / 2, on(2026, 10, 20)},
		{julia, third, third.GrossCents, on(2026, 9, 25)},
	}
	for _, p := range payments {
		if _, err := pay.RecordPayment(p.ctx, payouts.PaymentInput{InvoiceID: p.inv.ID, Amount: eur(p.cents),
			ReceivedOn: *p.day, Reference: str("Überweisung " + *p.inv.Number)}); err != nil {
			return fmt.Errorf("payment on %s: %w", *p.inv.Number, err)
		}
	}

	// Nora is paid all she is owed; Netzwerkstatt a round part of its share
	// (the rest is settled with what it owes Quelltext).
	nora := s.persons["nora"].ID
	owed, err := payouts.PersonReceivables(anna, s.tx.Client(), nora, payouts.Period{})
	if err != nil {
		return err
	}
	for _, b := range owed {
		if b.ProjectID == nil || *b.ProjectID != stadtteil || b.EarnedCents-b.PaidOutCents <= 0 {
			continue
		}
		if _, err := pay.RecordPayout(anna, payouts.PayoutInput{To: nora, ProjectID: &stadtteil, Kind: payout.KindSHARE,
			Amount: eur(b.EarnedCents - b.PaidOutCents), PaidOn: *on(2026, 8, 28), Reference: str("Stadtteilnetz, Juli")}); err != nil {
			return fmt.Errorf("payout to Nora: %w", err)
		}
	}
	if _, err := pay.RecordPayout(anna, payouts.PayoutInput{To: nw, ProjectID: &stadtteil, Kind: payout.KindSHARE,
		Amount: eur(300000), PaidOn: *on(2026, 8, 28), Reference: str("Stadtteilnetz, Abschlag")}); err != nil {
		return fmt.Errorf("payout to Netzwerkstatt: %w", err)
	}
	if _, err := books.BookExpense(anna, qt, eur(18900), *on(2026, 9, 15), "Server hosting, September"); err != nil {
		return fmt.Errorf("expense: %w", err)
	}

	// One month's settlement between the two coops.
	st, err := settle.Propose(anna, s.network.ID, nw, &qt, *on(2026, 9, 30), str("EUR"))
	if err != nil {
		return fmt.Errorf("settlement: %w", err)
	}
	if _, err := settle.Confirm(julia, st.ID); err != nil {
		return fmt.Errorf("settlement confirmed: %w", err)
	}
	payer := anna
	if st.PayerCoopID == nw {
		payer = julia
	}
	if _, err := settle.RecordPayment(payer, st.ID, clock.Now(payer)); err != nil { // confirmed today, so paid today
		return fmt.Errorf("settlement paid: %w", err)
	}

	// Quelltext charges October's dues (50.00 EUR) and the 3 % levy on its
	// members' paid hours; Lena pays her dues. Lukas, a candidate, pays his
	// 1,000.00 EUR buy-in in instalments: 600.00 of it so far.
	cm := &coopmoney.Service{Env: env}
	gov := &governance.Service{Env: env}
	charges, err := cm.ChargeDues(anna, qt, s.monthOf(d(2026, 10, 1)))
	if err != nil {
		return fmt.Errorf("dues: %w", err)
	}
	for _, ch := range charges {
		if ch.PersonID == s.persons["lena"].ID && ch.Kind == duescharge.KindDUES {
			if _, err := cm.RecordMemberPayment(anna, ch.ID, eur(ch.AmountCents), *on(2026, 10, 5)); err != nil {
				return fmt.Errorf("dues paid: %w", err)
			}
		}
	}
	lukas, err := s.tx.Membership.Query().Where(membership.PersonID(s.persons["lukas"].ID), membership.CoopID(qt)).OnlyID(ctx)
	if err != nil {
		return err
	}
	jonas, err := s.as(ctx, "jonas")
	if err != nil {
		return err
	}
	for _, in := range []struct {
		by    context.Context
		cents int64
	}{{anna, 25000}, {jonas, 35000}} {
		if _, err := gov.RecordBuyIn(in.by, lukas, eur(in.cents)); err != nil {
			return fmt.Errorf("buy-in instalment: %w", err)
		}
	}
	return nil
}

// as is the context of person acting through the domain operations inside
// the seeding transaction: their viewer, read from the transaction, and no
// seeding rule, so every write is decided by the operation's own rule.
func (s *seeder) as(ctx context.Context, person string) (context.Context, error) {
	p, ok := s.persons[person]
	if !ok {
		return nil, fmt.Errorf("demo: no person %q", person)
	}
	c := s.tx.Client()
	v, err := authz.LoadViewer(authz.SystemRead(ctx), c, p.ID)
	if err != nil {
		return nil, err
	}
	// A fresh context: the seeding one writes under the SeedDemo rule,
	// which would let writes pass that no operation decided.
	// It keeps the seed's clock (a test's fake one included).
	base := clock.NewContext(audit.Operation(context.Background(), "seedDemo"), seedClock{ctx})
	return viewer.NewContext(ent.NewContext(base, c), v), nil
}

// seedClock is the clock of the seeding context.
type seedClock struct{ ctx context.Context }

func (c seedClock) Now() time.Time { return clock.Now(c.ctx) }
