package rights_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/auditobject"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/proposalcomment"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/auditlog"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const norasPhone = "+49 341 5550199"

// Nora (a freelancer of Quelltext with a budget share, time entries, a
// comment, skills and availability) erases her data. Before she leaves the
// coop it is refused; after it, no query returns her name, e-mail or phone,
// to anyone; the records the coops keep still add up; and her login gets
// 401 and provisions nobody, even in a network open to self sign-up.
func TestEraseMe(t *testing.T) {
	e := newEnv(t)
	nora := e.person(noraEmail)
	anna := e.person(annaEmail)
	asNora, asAnna := e.c.As(nora.ID), e.c.As(anna.ID)
	noraToken := asNora.Header.Get("Authorization")
	gql(t, asNora, `mutation($id: ID!, $p: String!) { updatePerson(id: $id, input: {phone: $p}) { person { id } } }`,
		map[string]any{"id": testkit.ID(nora.ID), "p": norasPhone}, nil)
	// An audit record of a change of her profile (the audit hook's shape),
	// and an invitation to her address.
	rec := testkit.Must(e.ec.AuditRecord.Create().SetOperation("updatePerson").SetActorID(nora.ID).
		SetSubject(*testkit.Must(e.ec.Person.Get(e.ctx, nora.ID))(t).Subject).Save(authz.Under(e.ctx, authz.RecordAudit)))(t)
	testkit.Must(e.ec.AuditObject.Create().SetRecordID(rec.ID).SetObjectType("Person").SetObjectID(nora.ID).
		SetAction(auditobject.ActionUPDATE).SetPersonID(nora.ID).
		SetFields(auditlog.Fields{"phone": {Before: nil, After: norasPhone}, "name": {Before: "Nora L.", After: "Nora Lindqvist"}}).Save(authz.Under(e.ctx, authz.RecordAudit)))(t)
	inv := testkit.Must(e.ec.Invitation.Create().SetNetworkID(e.net.ID).SetEmail(noraEmail).SetName("Nora Lindqvist").
		SetInvitedByID(anna.ID).SetExpiresAt(time.Now().Add(24 * time.Hour)).Save(e.ctx))(t)

	stadtteilnetz := testkit.Must(e.ec.Project.Query().Where(project.Name("Stadtteilnetz")).Only(e.ctx))(t)
	const reportQ = `query($p: ID!) { node(id: $p) { ... on Project { budgetReport { allocated { amount } spent { amount } remaining { amount } minutesWorked } } } }`
	report := func() string {
		return raw(t, asAnna, reportQ, map[string]any{"p": testkit.ID(stadtteilnetz.ID)})
	}
	surplus := func() [2]int {
		return [2]int{e.count(`SELECT count(*) FROM surplus_parts`), e.count(`SELECT COALESCE(SUM(amount_cents), 0) FROM surplus_parts`)}
	}
	kept := func() [4]int {
		return [4]int{
			e.count(`SELECT count(*) FROM time_entries WHERE person_id = `+ph(1), nora.ID),
			e.count(`SELECT count(*) FROM budget_shares WHERE person_id = `+ph(1), nora.ID),
			e.count(`SELECT count(*) FROM proposal_comments WHERE author_id = `+ph(1), nora.ID),
			e.count(`SELECT count(*) FROM pathway_events WHERE membership_id IN (SELECT id FROM memberships WHERE person_id = `+ph(1)+`)`, nora.ID),
		}
	}
	reportBefore, surplusBefore := report(), surplus()
	if !strings.Contains(reportBefore, "minutesWorked") {
		t.Fatalf("budget report: %s", reportBefore)
	}

	// What the queries below must no longer show, they show now.
	if body := raw(t, asAnna, `query($id: ID!) { node(id: $id) { ... on Person { name email phone } } }`, map[string]any{"id": testkit.ID(nora.ID)}); !strings.Contains(body, "Lindqvist") || !strings.Contains(body, noraEmail) || !strings.Contains(body, norasPhone) {
		t.Fatalf("before the erasure Anna reads Nora's profile: %s", body)
	}
	if body := raw(t, asAnna, `query($n: ID!) { node(id: $n) { ... on Network { talentSearch(input: {requirements: [{skill: "Vue.js"}]}, first: 100) { edges { node { person { name } } } } } } }`, map[string]any{"n": testkit.ID(e.net.ID)}); !strings.Contains(body, "Lindqvist") {
		t.Fatalf("before the erasure talent search finds Nora: %s", body)
	}
	if body := raw(t, asAnna, `{ invitations(first: 100) { edges { node { email } } } }`, nil); !strings.Contains(body, noraEmail) {
		t.Fatalf("before the erasure Anna reads the invitation to Nora: %s", body)
	}

	const eraseQ = `mutation($c: String!) { eraseMe(confirm: $c) { personID erasedAt } }`
	// A current relation with a coop: CONFLICT, nothing changes.
	before := testkit.RowCounts(t, e.db)
	res := testkit.Must(asNora.Post(eraseQ, map[string]any{"c": noraEmail}))(t)
	if err := testkit.OnlyError(t, res, "CONFLICT", ""); !strings.Contains(err.Message, "Kollektiv Quelltext") {
		t.Errorf("the refusal should name the coop: %s", err.Message)
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
	ms := testkit.Must(e.ec.Membership.Query().Where(membership.PersonID(nora.ID), membership.StateNEQ(membership.StateLEFT)).Only(e.ctx))(t)
	gql(t, asNora, `mutation($m: ID!) { transitionMembership(membershipID: $m, transition: LEAVE, reason: "moving on") { membership { state } } }`,
		map[string]any{"m": testkit.ID(ms.ID)}, nil)
	keptBefore := kept()

	// A wrong confirmation: BAD_USER_INPUT, nothing changes.
	before = testkit.RowCounts(t, e.db)
	res = testkit.Must(asNora.Post(eraseQ, map[string]any{"c": "someone@example.org"}))(t)
	testkit.OnlyError(t, res, "BAD_USER_INPUT", "confirm")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))

	var out struct {
		EraseMe struct{ PersonID, ErasedAt string }
	}
	gql(t, asNora, eraseQ, map[string]any{"c": strings.ToUpper(noraEmail)}, &out)
	if out.EraseMe.PersonID != testkit.ID(nora.ID) || out.EraseMe.ErasedAt == "" {
		t.Fatalf("eraseMe: %+v", out.EraseMe)
	}

	// The person row keeps nothing personal.
	p := testkit.Must(e.ec.Person.Get(e.ctx, nora.ID))(t)
	if p.Name != rights.FormerParticipant || p.Email != nil || p.PendingEmail != nil || p.Phone != nil || p.Bio != "" ||
		p.City != "" || p.HourlyRateCents != nil || p.ErasedAt == nil || p.ClaimOnFirstLogin ||
		p.Subject == nil || !strings.HasPrefix(*p.Subject, "erased:") {
		t.Errorf("erased person: %+v", p)
	}
	// Kept records add up as before.
	if got := report(); got != reportBefore {
		t.Errorf("budget report changed:\n before %s\n after  %s", reportBefore, got)
	}
	if got := surplus(); got != surplusBefore {
		t.Errorf("surplus parts changed: %v -> %v", surplusBefore, got)
	}
	if got := kept(); got != keptBefore {
		t.Errorf("kept records changed (time entries, shares, comments, pathway events): %v -> %v", keptBefore, got)
	}
	// Removed: skills, availability, network participation.
	for _, q := range []string{"person_skills", "availabilities", "network_memberships", "group_members"} {
		if n := e.count(`SELECT count(*) FROM `+q+` WHERE person_id = `+ph(1), nora.ID); n != 0 {
			t.Errorf("%s: %d rows of the erased person remain", q, n)
		}
	}
	// The invitation to her address is revoked and scrubbed.
	if i := testkit.Must(e.ec.Invitation.Get(e.ctx, inv.ID))(t); i.Email == noraEmail || i.Name != "" || i.State != "REVOKED" {
		t.Errorf("invitation after erasure: %+v", i)
	}
	// The audit log keeps which fields changed, not the values.
	obj := testkit.Must(e.ec.AuditObject.Query().Where(auditobject.RecordID(rec.ID)).Only(e.ctx))(t)
	if obj.Fields["phone"].After != audit.Erased || obj.Fields["name"].Before != audit.Erased || obj.Fields["phone"].Before != nil {
		t.Errorf("audit fields after erasure: %+v", obj.Fields)
	}
	if r := testkit.Must(e.ec.AuditRecord.Get(e.ctx, rec.ID))(t); r.Subject == nil || !strings.HasPrefix(*r.Subject, "erased:") {
		t.Errorf("audit subject after erasure: %v", r.Subject)
	}

	// No stored row holds her name, e-mail or phone any more.
	for _, table := range []string{"persons", "invitations", "audit_objects", "audit_records", "proposal_comments", "time_entries"} {
		for _, s := range []string{"Lindqvist", noraEmail, norasPhone} {
			cols := e.textColumns(table)
			if n := e.count(`SELECT count(*) FROM `+table+` WHERE `+cols+` LIKE `+ph(1), "%"+s+"%"); n != 0 {
				t.Errorf("%s: %d rows still contain %q", table, n, s)
			}
		}
	}

	// No query returns them, to anyone.
	comment := testkit.Must(e.ec.ProposalComment.Query().Where(proposalcomment.AuthorID(nora.ID)).First(e.ctx))(t)
	qt := testkit.Must(e.ec.Membership.Get(e.ctx, ms.ID))(t).CoopID
	queries := []struct {
		q    string
		vars map[string]any
	}{
		{`query($id: ID!) { node(id: $id) { ... on Person { name email phone city bio hourlyRate { amount } } } }`, map[string]any{"id": testkit.ID(nora.ID)}},
		{`query($id: ID!) { node(id: $id) { ... on Person { name email phone } } }`, map[string]any{"id": testkit.ID(nora.ID)}},
		{`query($id: ID!) { nodes(ids: [$id]) { ... on Person { name email phone } } }`, map[string]any{"id": testkit.ID(nora.ID)}},
		{`{ persons(first: 200) { edges { node { name email phone } } } }`, nil},
		{`query($c: ID!) { node(id: $c) { ... on Coop { memberships(first: 100) { edges { node { state person { name email phone } } } } } } }`, map[string]any{"c": testkit.ID(qt)}},
		{`query($p: ID!) { node(id: $p) { ... on Proposal { comments(first: 50) { edges { node { body author { name email } } } } } } }`, map[string]any{"p": testkit.ID(comment.ProposalID)}},
		{`query($n: ID!) { node(id: $n) { ... on Network { participants(first: 200) { edges { node { name email } } } } } }`, map[string]any{"n": testkit.ID(e.net.ID)}},
		{`{ invitations(first: 100) { edges { node { email name networkName } } } }`, nil},
		{`query($n: ID!) { node(id: $n) { ... on Network { talentSearch(input: {requirements: [{skill: "Vue.js"}]}, first: 100) { edges { node { person { name email phone } } } } } } }`, map[string]any{"n": testkit.ID(e.net.ID)}},
		{`query($p: ID!) { node(id: $p) { ... on Project { budgetShares(first: 20) { edges { node { person { name email } } } } } } }`, map[string]any{"p": testkit.ID(stadtteilnetz.ID)}},
		{`{ exportMyData }`, nil},
	}
	for _, viewer := range []struct {
		name string
		c    *testkit.Client
	}{{"Anna (admin, lead coop)", asAnna}, {"a participant", e.c.As(e.person("marie.fischer@example.org").ID)}} {
		for _, q := range queries {
			res := testkit.Must(viewer.c.Post(q.q, q.vars))(t)
			// Answered, or NOT_FOUND for whom the erased person is no
			// longer visible at all; never a query that did not run.
			if codes := res.Codes(); res.Status != http.StatusOK || len(codes) > 0 && (len(codes) != 1 || codes[0] != "NOT_FOUND") {
				t.Errorf("%s: %s failed: %+v", viewer.name, q.q, res.Errors)
			}
			body := string(res.Data)
			for _, s := range []string{"Lindqvist", noraEmail, norasPhone} {
				if strings.Contains(body, s) {
					t.Errorf("%s: %s returns %q: %s", viewer.name, q.q, s, body)
				}
			}
		}
	}
	if body := raw(t, asAnna, `query($id: ID!) { node(id: $id) { ... on Person { name email } } }`, map[string]any{"id": testkit.ID(nora.ID)}); !strings.Contains(body, `"name":"`+rights.FormerParticipant+`","email":null`) {
		t.Errorf("Anna reads the erased person as %s", body)
	}
	// The comment and the share stay, showing a former participant.
	var c struct {
		Node struct {
			Author struct{ Name string }
			Body   string
		}
	}
	gql(t, asAnna, `query($id: ID!) { node(id: $id) { ... on ProposalComment { body author { name } } } }`,
		map[string]any{"id": testkit.ID(comment.ID)}, &c)
	if c.Node.Author.Name != rights.FormerParticipant || c.Node.Body == "" {
		t.Errorf("kept comment: %+v", c.Node)
	}

	// Her login gets 401 and provisions nobody, even with self sign-up.
	testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).SetSelfSignUp(true).Save(e.ctx))(t)
	persons := e.count(`SELECT count(*) FROM persons`)
	former := e.c.Anonymous()
	former.Header.Set("Authorization", noraToken)
	res = testkit.Must(former.Post(`{ viewer { person { id name } } }`, nil))(t)
	if res.Status != http.StatusUnauthorized {
		t.Errorf("former login: HTTP %d %+v", res.Status, res.Errors)
	}
	if hr, _ := getExport(t, e.c, noraToken); hr.StatusCode != http.StatusUnauthorized {
		t.Errorf("former login's /export/me: HTTP %d", hr.StatusCode)
	}
	if n := e.count(`SELECT count(*) FROM persons`); n != persons {
		t.Errorf("the former login provisioned a person: %d -> %d", persons, n)
	}
	// A token whose subject is the stored hash does not log in either.
	hashed := e.c.WithToken(testkit.Token(t, *p.Subject))
	if res := testkit.Must(hashed.Post(`{ viewer { person { id } } }`, nil))(t); res.Status != http.StatusUnauthorized {
		t.Errorf("hashed subject: HTTP %d", res.Status)
	}
	if n := e.count(`SELECT count(*) FROM persons WHERE erased_at IS NULL AND name = `+ph(1), "Nora Lindqvist"); n != 0 {
		t.Errorf("a person named Nora Lindqvist exists again")
	}
}

// textColumns is a SQL expression concatenating table's text columns.
func (e *env) textColumns(table string) string {
	cols := map[string][]string{
		"persons":           {"name", "COALESCE(email, '')", "COALESCE(phone, '')", "COALESCE(bio, '')", "COALESCE(subject, '')"},
		"invitations":       {"email", "COALESCE(name, '')", "COALESCE(message, '')"},
		"audit_objects":     {"COALESCE(CAST(fields AS TEXT), '')"},
		"audit_records":     {"COALESCE(subject, '')", "operation"},
		"proposal_comments": {"body"},
		"time_entries":      {"COALESCE(note, '')"},
	}[table]
	return "(" + strings.Join(cols, " || ") + ")"
}

// An admin of a network the person takes part in erases them (a request
// made by letter); nobody else may, and an admin erases themself only with
// eraseMe.
func TestErasePerson(t *testing.T) {
	e := newEnv(t)
	anna := e.person(annaEmail)
	ole := e.person("ole.jansen@example.org") // LEFT his coop long ago
	marie := e.person("marie.fischer@example.org")
	const q = `mutation($p: ID!, $r: String!) { erasePerson(personID: $p, reason: $r) { personID } }`
	vars := func(id int, reason string) map[string]any {
		return map[string]any{"p": testkit.ID(id), "r": reason}
	}
	// An outsider: a person of another network, who takes part in none of Ole's.
	other := testkit.Must(e.ec.Network.Create().SetName("Other").SetSlug("other").Save(e.ctx))(t)
	outsider := testkit.Must(e.ec.Person.Create().SetName("Out Sider").SetEmail("out@example.org").Save(e.ctx))(t)
	testkit.Must(e.ec.NetworkMembership.Create().SetNetworkID(other.ID).SetPersonID(outsider.ID).
		SetRole(networkmembership.RoleADMIN).Save(e.ctx))(t)

	for _, tc := range []struct {
		name      string
		as        int
		target    int
		reason    string
		code, fld string
	}{
		{"a participant", marie.ID, ole.ID, "asked by letter", "NOT_FOUND", "personID"},
		{"an admin of another network", outsider.ID, ole.ID, "asked by letter", "NOT_FOUND", "personID"},
		{"an admin erasing themself", anna.ID, anna.ID, "asked by letter", "FORBIDDEN", ""},
		{"no reason", anna.ID, ole.ID, "  ", "BAD_USER_INPUT", "reason"},
		{"a missing person", anna.ID, e.net.ID, "asked by letter", "NOT_FOUND", "personID"},
		{"a person with a current relation with a coop", anna.ID, marie.ID, "asked by letter", "CONFLICT", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := testkit.RowCounts(t, e.db)
			res := testkit.Must(e.c.As(tc.as).Post(q, vars(tc.target, tc.reason)))(t)
			testkit.OnlyError(t, res, tc.code, tc.fld)
			testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
		})
	}
	res := testkit.Must(e.c.Anonymous().Post(q, vars(ole.ID, "asked by letter")))(t)
	testkit.OnlyError(t, res, "UNAUTHENTICATED", "")

	// Ole's votes (fixtures): on a proposal still open, withdrawn by the
	// erasure; on a closed one, kept.
	open := testkit.Must(e.ec.Proposal.Query().Where(proposal.StatusEQ(proposal.StatusOPEN), proposal.CoopIDNotNil()).First(e.ctx))(t)
	closed := testkit.Must(e.ec.Proposal.Query().Where(proposal.StatusNEQ(proposal.StatusOPEN), proposal.CoopIDNotNil()).First(e.ctx))(t)
	openVote := testkit.Must(e.ec.Vote.Create().SetProposalID(open.ID).SetVoterID(ole.ID).SetChoice(vote.ChoiceYES).Save(e.ctx))(t)
	closedVote := testkit.Must(e.ec.Vote.Create().SetProposalID(closed.ID).SetVoterID(ole.ID).SetChoice(vote.ChoiceNO).Save(e.ctx))(t)

	gql(t, e.c.As(anna.ID), q, vars(ole.ID, "asked by letter of 2026-11-02"), nil)
	// The reason is kept with the erasure's audit record, and Anna reads it there.
	if n := e.count(`SELECT COUNT(*) FROM audit_records WHERE operation = 'erasePerson' AND reason = 'asked by letter of 2026-11-02' AND actor_id = `+ph(1), anna.ID); n != 1 {
		t.Errorf("%d erasePerson records with the reason, want 1", n)
	}
	var log struct {
		AuditLog struct {
			Edges []struct {
				Node struct{ Operation, Reason string }
			}
		}
	}
	gql(t, e.c.As(anna.ID), `{ auditLog(first: 1, filter: {operation: "erasePerson"}) { edges { node { operation reason } } } }`, nil, &log)
	if len(log.AuditLog.Edges) != 1 || log.AuditLog.Edges[0].Node.Reason != "asked by letter of 2026-11-02" {
		t.Errorf("auditLog shows the erasure as %+v", log.AuditLog.Edges)
	}
	if _, err := e.ec.Vote.Get(e.ctx, openVote.ID); !ent.IsNotFound(err) {
		t.Errorf("the vote on an open proposal stays: %v", err)
	}
	if v, err := e.ec.Vote.Get(e.ctx, closedVote.ID); err != nil || v.VoterID == nil || *v.VoterID != ole.ID {
		t.Errorf("the vote on a closed proposal is gone: %v", err)
	}
	p := testkit.Must(e.ec.Person.Get(e.ctx, ole.ID))(t)
	if p.Name != rights.FormerParticipant || p.Email != nil || p.ErasedAt == nil {
		t.Errorf("erased by an admin: %+v", p)
	}
	// Erased once: there is nobody left to erase.
	res = testkit.Must(e.c.As(anna.ID).Post(q, vars(ole.ID, "again")))(t)
	testkit.OnlyError(t, res, "NOT_FOUND", "personID")
	if n := testkit.Must(e.ec.Person.Query().Where(person.ErasedAtNotNil()).Count(e.ctx))(t); n != 1 {
		t.Errorf("%d erased persons", n)
	}
}
