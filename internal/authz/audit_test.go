package authz_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/auditrecord"
	"github.com/coopnetwork/cockpit/graph/generated"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The audit log in the write matrices (issue 16): every allowed write of
// runWriteCase adds exactly one audit record, named after the mutation and
// made by the actor; a denied one adds none (testkit.NothingWritten counts
// the audit tables with every other).

var auditTables = []string{"audit_records", "audit_objects"}

// withoutAudit is a row count without the audit log's tables.
func withoutAudit(counts map[string]int) map[string]int {
	out := maps.Clone(counts)
	for _, t := range auditTables {
		delete(out, t)
	}
	return out
}

// rootFields names the root fields of the query's operation.
func rootFields(t testing.TB, query string) []string {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil || len(doc.Operations) != 1 {
		t.Fatalf("parsing %q: %v", query, err)
	}
	var names []string
	for _, sel := range doc.Operations[0].SelectionSet {
		if f, ok := sel.(*ast.Field); ok {
			names = append(names, f.Name)
		}
	}
	return names
}

// assertAudited checks that the allowed write of actor added exactly one
// audit record, of the mutation's root field, made by the actor.
func (f *fixture) assertAudited(t *testing.T, actor, query string, before, after map[string]int) {
	t.Helper()
	fields := rootFields(t, query)
	if got := after["audit_records"] - before["audit_records"]; got != len(fields) {
		t.Errorf("%s: the write added %d audit records, want %d (one per mutation field %v)", actor, got, len(fields), fields)
		return
	}
	recs, err := f.db.Client.AuditRecord.Query().Order(ent.Desc(auditrecord.FieldID)).Limit(len(fields)).
		All(authz.SystemRead(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(recs)
	want := f.person(actor).ID
	for i, r := range recs {
		if r.Operation != fields[i] {
			t.Errorf("%s: audit record's operation %q, want %q", actor, r.Operation, fields[i])
		}
		if r.ActorID == nil || *r.ActorID != want {
			t.Errorf("%s: audit record's actor %v, want %d", actor, r.ActorID, want)
		}
		if len(r.Rules) == 0 {
			t.Errorf("%s: audit record of %s names no rule", actor, r.Operation)
		}
	}
}

// auditExceptions are mutations no write case exercises successfully, with
// the reason. Anything else missing fails TestEveryMutationIsAudited.
var auditExceptions = map[string]string{}

// TestEveryMutationIsAudited: every mutation of the schema is run
// successfully by at least one write case, so runWriteCase's audit
// assertion covers it. A mutation without such a case must get one (in the
// write or operation matrix) or be listed in auditExceptions with a reason.
func TestEveryMutationIsAudited(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var cases []writeCase
	cases = append(cases, f.writeCases()...)
	cases = append(cases, f.invitationWriteCases()...)
	cases = append(cases, f.operationCases()...)
	cases = append(cases, f.commentWriteCases()...)
	cases = append(cases, f.auditWriteCases()...)
	covered := map[string]bool{}
	for _, wc := range cases {
		if !slices.Contains(slices.Collect(maps.Values(wc.want)), ok) {
			continue
		}
		for _, name := range rootFields(t, wc.query) {
			covered[name] = true
		}
	}
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	var missing []string
	for _, fd := range schema.Mutation.Fields {
		if !covered[fd.Name] && auditExceptions[fd.Name] == "" && !strings.HasPrefix(fd.Name, "__") {
			missing = append(missing, fd.Name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d mutations have no write case an actor passes, so nothing checks that they are audited: %s\n"+
			"add a case to the write or operation matrix (or a reasoned entry to auditExceptions in audit_test.go)",
			len(missing), strings.Join(missing, ", "))
	}
	for name := range auditExceptions {
		if schema.Mutation.Fields.ForName(name) == nil {
			t.Errorf("auditExceptions lists %s, which is no mutation", name)
		}
	}
}

// auditWriteCases are write-matrix cases of mutations the other matrices
// run only in dedicated tests (founding networks and coops) or only as
// attacks (updateSkill), so that runWriteCase checks their audit records.
func (f *fixture) auditWriteCases() []writeCase {
	slug := func(prefix string) func(actor string) map[string]any {
		return func(actor string) map[string]any {
			return map[string]any{"slug": prefix + "-" + strings.ToLower(actor)}
		}
	}
	return []writeCase{
		{
			name:  "found a network",
			query: `mutation($slug: String!) { createNetwork(input: {name: "Founded", slug: $slug}) { network { id } } }`,
			vars:  slug("founded-net"),
			want:  expect(ok),
		},
		{
			name:  "found a coop",
			query: `mutation($slug: String!) { createCoop(input: {name: "Founded", slug: $slug}) { coop { id } } }`,
			vars:  slug("founded-coop"),
			want:  expect(ok),
		},
		{
			name:  "rename a skill",
			query: `mutation($id: ID!, $name: String!) { updateSkill(id: $id, input: {name: $name}) { skill { id } } }`,
			vars: func(actor string) map[string]any {
				return map[string]any{"id": testkit.ID(f.SkillK.ID), "name": "Kotlin " + actor}
			},
			want: expect("FORBIDDEN", netAdmin, ok),
			state: func(f *fixture) string {
				return testkit.MustOrPanic(f.db.Client.Skill.Get(f.ctx, f.SkillK.ID)).Name
			},
		},
	}
}
