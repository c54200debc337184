package authz_test

import (
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/cooptimeentry"

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
	const (
		logCoopTime    = `mutation($in: LogCoopTimeInput!) { logCoopTime(input: $in) { coopTimeEntry { id } } }`
		updateCoopTime = `mutation($id: ID!) { updateCoopTime(id: $id, input: {minutes: 45}) { coopTimeEntry { id } } }`
		deleteCoopTime = `mutation($id: ID!) { deleteCoopTime(id: $id) { deletedID } }`
	)
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.RFC3339)
	coopTime := func(co func() int) func(string) map[string]any {
		return func(string) map[string]any {
			return map[string]any{"in": map[string]any{"coopID": testkit.ID(co()), "kind": "CARE", "date": yesterday, "minutes": 60}}
		}
	}
	coopTimeOf := func(f *fixture) string {
		var out string
		for _, e := range c.CoopTimeEntry.Query().Order(ent.Asc(cooptimeentry.FieldID)).AllX(ctx) {
			out += fmt.Sprintf("%d:%d ", e.ID, e.Minutes)
		}
		return out
	}
	var entryA *ent.CoopTimeEntry
	withEntryA := func(f *fixture) {
		entryA = testkit.MustOrPanic(c.CoopTimeEntry.Create().SetCoopID(f.A.ID).SetPersonID(f.MemberA.ID).
			SetKind(cooptimeentry.KindINTERNAL).SetDate(day(2024, 5, 2)).SetMinutes(90).Save(ctx))
	}
	entryVars := func(string) map[string]any { return map[string]any{"id": testkit.ID(entryA.ID)} }
	return []writeCase{
		{
			name:  "logCoopTime for A",
			query: logCoopTime,
			vars:  coopTime(func() int { return f.A.ID }),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: coopTimeOf,
		},
		{
			name:  "logCoopTime for C (another network)",
			query: logCoopTime,
			vars:  coopTime(func() int { return f.C.ID }),
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: coopTimeOf,
		},
		{
			name:  "updateCoopTime of memberA's entry",
			setup: withEntryA,
			query: updateCoopTime,
			vars:  entryVars,
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: coopTimeOf,
		},
		{
			name:  "deleteCoopTime of memberA's entry",
			setup: withEntryA,
			query: deleteCoopTime,
			vars:  entryVars,
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: coopTimeOf,
		},
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
