package authz_test

import (
	"time"

	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// coopMoneyOperationCases are the operation cases of the coop's own money
// (issue 17, internal/coopmoney): closing a period of a coop's books, by a
// member (closeBooks) or by decision (proposeCloseBooks).
func (f *fixture) coopMoneyOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const (
		closeBooks   = `mutation($in: CloseBooksInput!) { closeBooks(input: $in) { booksClosure { id } } }`
		proposeClose = `mutation($in: ProposeCloseBooksInput!) { proposeCloseBooks(input: $in) { proposal { id kind } } }`
	)
	closesAt := time.Now().UTC().AddDate(0, 0, 14).Format(time.RFC3339)
	period := func(co func() int, extra ...string) func(string) map[string]any {
		return func(string) map[string]any {
			in := map[string]any{"coopID": testkit.ID(co()), "periodStart": "2024-01-01T00:00:00Z", "periodEnd": "2024-01-31T00:00:00Z"}
			for i := 0; i+1 < len(extra); i += 2 {
				in[extra[i]] = extra[i+1]
			}
			return map[string]any{"in": in}
		}
	}
	closures := func(f *fixture) string {
		return f.count(c.BooksClosure.Query().Where(booksclosure.PeriodStart(day(2024, 1, 1))))
	}
	closeProposals := func(f *fixture) string {
		return f.count(c.Proposal.Query().Where(proposal.KindEQ(proposal.KindCLOSE_BOOKS)))
	}
	byMember := func(f *fixture) {
		testkit.MustOrPanic(c.Coop.UpdateOneID(f.A.ID).SetBooksClosedBy(coop.BooksClosedByMEMBER).Save(ctx))
		testkit.MustOrPanic(c.Coop.UpdateOneID(f.C.ID).SetBooksClosedBy(coop.BooksClosedByMEMBER).Save(ctx))
	}
	return []writeCase{
		{
			name:  "closeBooks of A (bylaws: by a member)",
			setup: byMember,
			query: closeBooks,
			vars:  period(func() int { return f.A.ID }),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: closures,
		},
		{
			name:  "closeBooks of A (bylaws: by decision)",
			query: closeBooks,
			vars:  period(func() int { return f.A.ID }),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND"),
			state: closures,
		},
		{
			name:  "closeBooks of C (another network)",
			setup: byMember,
			query: closeBooks,
			vars:  period(func() int { return f.C.ID }),
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: closures,
		},
		{
			name:  "proposeCloseBooks of A",
			query: proposeClose,
			vars:  period(func() int { return f.A.ID }, "closesAt", closesAt),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: closeProposals,
		},
		{
			name:  "proposeCloseBooks of C (another network)",
			query: proposeClose,
			vars:  period(func() int { return f.C.ID }, "closesAt", closesAt),
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: closeProposals,
		},
	}
}
