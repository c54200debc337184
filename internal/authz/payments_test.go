package authz_test

import (
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/invoiceline"
	"github.com/coopnetwork/cockpit/ent/payout"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// paymentOperationCases: recordPayment and recordPayout (issue 17,
// internal/payouts; rules RecordPayment, RecordPayout) in the operation
// matrix. Only current members of the invoicing / paying coop A record
// them; whoever cannot read the invoice or project gets NOT_FOUND.
func (f *fixture) paymentOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const (
		recordPayment = `mutation($inv: ID!, $on: Time!) {
			recordPayment(invoiceID: $inv, amount: {amount: 100, currency: "EUR"}, receivedOn: $on) { payment { id } invoice { status } } }`
		recordPayout = `mutation($to: ID!, $project: ID, $coop: ID, $on: Time!) {
			recordPayout(to: $to, projectID: $project, coopID: $coop, kind: SHARE, amount: {amount: 100, currency: "EUR"}, paidOn: $on, advance: true) { payout { id advance } } }`
	)
	today := time.Now().UTC().Format(time.RFC3339)
	var inv *ent.Invoice // A's issued invoice for P, with a line of B's share
	issued := func(f *fixture) {
		cl := testkit.MustOrPanic(c.ClientOrganisation.Create().SetCoopID(f.A.ID).SetName("Client of A").Save(ctx))
		on := time.Now().UTC().AddDate(0, 0, -10).Truncate(24 * time.Hour)
		inv = testkit.MustOrPanic(c.Invoice.Create().SetCoopID(f.A.ID).SetProjectID(f.P.ID).SetClientID(cl.ID).
			SetStatus(invoice.StatusISSUED).SetFiscalYear(on.Year()).SetSequence(1).SetNumber(fmt.Sprintf("%d-0001", on.Year())).
			SetIssuedOn(on).SetCurrency("EUR").SetNetCents(10_000).SetVatCents(1_900).SetGrossCents(11_900).Save(ctx))
		testkit.MustOrPanic(c.InvoiceLine.Create().SetInvoiceID(inv.ID).SetPosition(0).SetKind(invoiceline.KindTIME).
			SetShareID(f.ShareB.ID).SetDescription("B's time").SetUnitPriceCents(10_000).SetNetCents(10_000).
			SetVatRateBasisPoints(1900).SetVatCents(1_900).Save(ctx))
	}
	payouts := func(f *fixture) string { return f.count(c.Payout.Query().Where(payout.CoopID(f.A.ID))) }
	return []writeCase{
		{
			name:  "recordPayment on A's invoice",
			setup: issued,
			query: recordPayment,
			vars: func(string) map[string]any {
				return map[string]any{"inv": testkit.ID(inv.ID), "on": today}
			},
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "invoiceID",
			state: func(f *fixture) string {
				i := testkit.MustOrPanic(c.Invoice.Get(ctx, inv.ID))
				return fmt.Sprint(i.PaidCents, i.Status, f.count(c.Payment.Query()))
			},
		},
		{
			name:  "recordPayout to B on P (led by A)",
			query: recordPayout,
			vars: func(string) map[string]any {
				return map[string]any{"to": testkit.ID(f.B.ID), "project": testkit.ID(f.P.ID), "on": today}
			},
			// P is read by A's members and its share holders (B, the freelancer).
			want:  expect("NOT_FOUND", memberOfA, ok, memberOfB, "FORBIDDEN", freelancer, "FORBIDDEN"),
			field: "projectID",
			state: payouts,
		},
		{
			// Naming coop A as the payer: only A's members; and even they
			// pay an advance only on a project (BAD_USER_INPUT).
			name:  "recordPayout by A to the freelancer without a project",
			query: recordPayout,
			vars: func(string) map[string]any {
				return map[string]any{"to": testkit.ID(f.Freelancer.ID), "coop": testkit.ID(f.A.ID), "on": today}
			},
			want:     expect("FORBIDDEN", memberOfA, "BAD_USER_INPUT", outsider, "NOT_FOUND"),
			field:    "coopID",
			fieldFor: map[string]string{memberOfA: "projectID"},
			state:    payouts,
		},
		{
			// An advance is paid on a project, against the payee's share.
			name:  "recordPayout by A to the freelancer on P (an advance against her share)",
			query: recordPayout,
			vars: func(string) map[string]any {
				return map[string]any{"to": testkit.ID(f.Freelancer.ID), "project": testkit.ID(f.P.ID), "coop": testkit.ID(f.A.ID), "on": today}
			},
			want:  expect("NOT_FOUND", memberOfA, ok, memberOfB, "FORBIDDEN", freelancer, "FORBIDDEN"),
			field: "projectID",
			state: payouts,
		},
	}
}
