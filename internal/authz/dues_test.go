package authz_test

import (
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/duescharge"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// duesOperationCases are the operation cases of dues, levy and member
// payments (issue 17, part dues; internal/coopmoney dues.go).
func (f *fixture) duesOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const (
		chargeDues = `mutation($in: ChargeDuesInput!) { chargeDues(input: $in) { duesCharges { id } } }`
		payCharge  = `mutation($in: RecordMemberPaymentInput!) { recordMemberPayment(input: $in) { duesCharge { id } } }`
	)
	withDues := func(f *fixture) {
		for _, co := range []*ent.Coop{f.A, f.C} {
			testkit.MustOrPanic(c.Coop.UpdateOneID(co.ID).SetMonthlyDuesCents(1_000).Save(ctx))
		}
	}
	month := func(co func() int) func(string) map[string]any {
		return func(string) map[string]any {
			return map[string]any{"in": map[string]any{"coopID": testkit.ID(co()), "month": "2024-05-01T00:00:00Z"}}
		}
	}
	charges := func(f *fixture) string {
		var out string
		for _, ch := range c.DuesCharge.Query().Order(ent.Asc(duescharge.FieldID)).AllX(ctx) {
			out += fmt.Sprintf("%d:%d/%d ", ch.PersonID, ch.AmountCents, ch.PaidCents)
		}
		return out + f.count(c.LedgerEntry.Query())
	}
	var chargeA, chargeC *ent.DuesCharge
	withCharges := func(f *fixture) {
		chargeA = testkit.MustOrPanic(c.DuesCharge.Create().SetCoopID(f.A.ID).SetPersonID(f.MemberA.ID).
			SetKind(duescharge.KindDUES).SetMonth(day(2024, 5, 1)).SetAmountCents(1_000).SetCurrency(f.A.Currency).Save(ctx))
		chargeC = testkit.MustOrPanic(c.DuesCharge.Create().SetCoopID(f.C.ID).SetPersonID(f.MemberC.ID).
			SetKind(duescharge.KindDUES).SetMonth(day(2024, 5, 1)).SetAmountCents(1_000).SetCurrency(f.C.Currency).Save(ctx))
	}
	pay := func(ch func() *ent.DuesCharge) func(string) map[string]any {
		return func(string) map[string]any {
			return map[string]any{"in": map[string]any{"duesChargeID": testkit.ID(ch().ID),
				"amount": map[string]any{"amount": 400, "currency": ch().Currency}, "paidOn": "2024-05-10T00:00:00Z"}}
		}
	}
	const proposeWaiver = `mutation($in: ProposeBuyInWaiverInput!) { proposeBuyInWaiver(input: $in) { proposal { id kind } } }`
	waiverOf := func(ms func() *ent.Membership) func(string) map[string]any {
		return func(string) map[string]any {
			return map[string]any{"in": map[string]any{"membershipID": testkit.ID(ms().ID),
				"closesAt": time.Now().UTC().AddDate(0, 0, 14).Format(time.RFC3339)}}
		}
	}
	waivers := func(f *fixture) string {
		return f.count(c.Proposal.Query().Where(proposal.KindEQ(proposal.KindBUY_IN_WAIVER)))
	}
	const payRefund = `mutation($in: PayBuyInRefundInput!) { payBuyInRefund(input: $in) { membership { id } } }`
	owedRefund := func(f *fixture) {
		for _, ms := range []*ent.Membership{f.MsMemberA2, f.MsMemberC} {
			testkit.MustOrPanic(c.Membership.UpdateOneID(ms.ID).SetBuyInRefundOwedCents(1_000).SetBuyInCurrency("EUR").Save(ctx))
		}
	}
	refundOf := func(ms func() *ent.Membership) func(string) map[string]any {
		return func(string) map[string]any {
			return map[string]any{"in": map[string]any{"membershipID": testkit.ID(ms().ID),
				"amount": map[string]any{"amount": 400, "currency": "EUR"}, "paidOn": "2024-05-10T00:00:00Z"}}
		}
	}
	refunds := func(f *fixture) string {
		var out string
		for _, ms := range c.Membership.Query().Where(membership.BuyInRefundPaidCentsNotNil()).AllX(ctx) {
			out += fmt.Sprintf("%d:%d ", ms.ID, *ms.BuyInRefundPaidCents)
		}
		return out
	}
	return []writeCase{
		{
			name:  "payBuyInRefund to memberA2",
			setup: owedRefund,
			query: payRefund,
			vars:  refundOf(func() *ent.Membership { return f.MsMemberA2 }),
			want:  expect("NOT_FOUND", memberOfA, ok),
			state: refunds,
		},
		{
			name:  "payBuyInRefund to a member of C (another network)",
			setup: owedRefund,
			query: payRefund,
			vars:  refundOf(func() *ent.Membership { return f.MsMemberC }),
			want:  expect("NOT_FOUND"),
			field: "membershipID",
			state: refunds,
		},
		{
			name:  "proposeBuyInWaiver for A's candidate",
			query: proposeWaiver,
			vars:  waiverOf(func() *ent.Membership { return f.MsCandidate }),
			want:  expect("NOT_FOUND", candidate, "FORBIDDEN", memberOfA, ok),
			state: waivers,
		},
		{
			name:  "proposeBuyInWaiver for a membership in C (another network)",
			query: proposeWaiver,
			vars:  waiverOf(func() *ent.Membership { return f.MsMemberC }),
			want:  expect("NOT_FOUND"),
			field: "membershipID",
			state: waivers,
		},
		{
			name:  "chargeDues of A",
			setup: withDues,
			query: chargeDues,
			vars:  month(func() int { return f.A.ID }),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: charges,
		},
		{
			name:  "chargeDues of C (another network)",
			setup: withDues,
			query: chargeDues,
			vars:  month(func() int { return f.C.ID }),
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: charges,
		},
		{
			name:  "recordMemberPayment of memberA's dues in A",
			setup: withCharges,
			query: payCharge,
			vars:  pay(func() *ent.DuesCharge { return chargeA }),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "duesChargeID",
			state: charges,
		},
		{
			name:  "recordMemberPayment of a charge of C (another network)",
			setup: withCharges,
			query: payCharge,
			vars:  pay(func() *ent.DuesCharge { return chargeC }),
			want:  expect("NOT_FOUND"),
			field: "duesChargeID",
			state: charges,
		},
	}
}
