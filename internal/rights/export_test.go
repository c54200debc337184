package rights_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/auditobject"
	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/groupinvitation"
	"github.com/coopnetwork/cockpit/internal/auditlog"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The export of a person with data of every kind (the demo's Nora: a
// freelancer with a share, time entries, a comment, skills, availability,
// group membership, endorsements given; plus a consent, a group
// invitation, an invitation she sent and audit records about her and by
// her) holds, for every person reference and related reference, exactly
// the rows the database has.
func TestExportContent(t *testing.T) {
	e := newEnv(t)
	nora := e.person(noraEmail)
	anna := e.person(annaEmail)
	as := e.c.As(nora.ID)

	// Data the demo has none of for Nora.
	gql(t, as, `mutation($n: ID!) { acceptNetworkEtiquette(networkID: $n) { consent { id } } }`,
		map[string]any{"n": testkit.ID(e.net.ID)}, nil)
	g := testkit.Must(e.ec.Group.Query().First(e.ctx))(t)
	testkit.Must(e.ec.GroupInvitation.Create().SetGroupID(g.ID).SetPersonID(nora.ID).SetInvitedByID(anna.ID).
		SetState(groupinvitation.StateOPEN).Save(e.ctx))(t)
	testkit.Must(e.ec.Invitation.Create().SetNetworkID(e.net.ID).SetEmail("friend@example.org").SetInvitedByID(nora.ID).
		SetExpiresAt(time.Now().Add(24 * time.Hour)).SetTokenHash(strings.Repeat("ab", 32)).Save(e.ctx))(t)
	testkit.Must(e.ec.Invitation.Create().SetNetworkID(e.net.ID).SetEmail(noraEmail).SetInvitedByID(anna.ID).
		SetExpiresAt(time.Now().Add(24 * time.Hour)).Save(e.ctx))(t)
	rec := testkit.Must(e.ec.AuditRecord.Create().SetOperation("updatePerson").SetActorID(nora.ID).SetSubject("demo:nora").Save(authz.Under(e.ctx, authz.RecordAudit)))(t)
	testkit.Must(e.ec.AuditObject.Create().SetRecordID(rec.ID).SetObjectType("Person").SetObjectID(nora.ID).
		SetAction(auditobject.ActionUPDATE).SetPersonID(nora.ID).
		SetFields(auditlog.Fields{"city": {Before: "Malmö", After: "Leipzig"}}).Save(authz.Under(e.ctx, authz.RecordAudit)))(t)

	doc := exportOf(t, as)
	if doc["format"] != rights.ExportFormat || doc["personID"] != testkit.ID(nora.ID) {
		t.Fatalf("format/personID: %v %v", doc["format"], doc["personID"])
	}
	p := doc["person"].(map[string]any)
	if p["email"] != noraEmail || p["name"] != "Nora Lindqvist" || p["id"] != testkit.ID(nora.ID) {
		t.Errorf("person: %v", p)
	}
	records := doc["records"].(map[string]any)
	related := doc["related"].(map[string]any)

	for _, r := range rights.PersonRefs {
		rows, ok := records[r.Key()].([]any)
		if !ok {
			t.Errorf("records[%s] is missing", r.Key())
			continue
		}
		if r.JSON {
			continue // checked below
		}
		want := e.count(`SELECT count(*) FROM `+r.Table+` WHERE `+r.Column+` = `+ph(1), nora.ID)
		if len(rows) != want {
			t.Errorf("records[%s]: %d rows, the database has %d", r.Key(), len(rows), want)
		}
	}
	for _, r := range rights.RelatedRefs {
		rows, ok := related[r.Key()].([]any)
		if !ok {
			t.Errorf("related[%s] is missing", r.Key())
			continue
		}
		want := e.count(`SELECT count(*) FROM `+r.Table+` WHERE `+r.Column+` IN (SELECT id FROM `+r.Parent.Table+` WHERE `+r.Parent.Column+` = `+ph(1)+`)`, nora.ID)
		if len(rows) != want {
			t.Errorf("related[%s]: %d rows, the database has %d", r.Key(), len(rows), want)
		}
	}
	// Nora has data of every kind the issue names.
	for _, key := range []string{
		"person_skills.person_id", "availabilities.person_id", "memberships.person_id", "network_memberships.person_id",
		"group_members.person_id", "budget_shares.person_id", "time_entries.person_id", "proposal_comments.author_id",
		"endorsements.endorser_id", "consents.person_id", "group_invitations.person_id", "invitations.invited_by_id",
		"audit_records.actor_id", "audit_objects.person_id",
	} {
		if rows, _ := records[key].([]any); len(rows) == 0 {
			t.Errorf("records[%s] is empty; the fixture gave Nora such data", key)
		}
	}
	for _, key := range []string{"pathway_events.membership_id"} {
		if rows, _ := related[key].([]any); len(rows) == 0 {
			t.Errorf("related[%s] is empty; Nora has such data", key)
		}
	}
	if rows, _ := doc["invitationsToYourAddress"].([]any); len(rows) != 1 {
		t.Errorf("invitationsToYourAddress: %v", doc["invitationsToYourAddress"])
	}
	// The seeding's record of her profile and the fixture's change of it.
	if rows, _ := doc["auditAboutYou"].([]any); len(rows) != e.count(`SELECT COUNT(*) FROM audit_objects WHERE object_type = 'Person' AND object_id = `+ph(1), nora.ID) || len(rows) < 2 {
		t.Errorf("auditAboutYou: %v", doc["auditAboutYou"])
	}
	// Values as stored, IDs global, secrets left out.
	sent := records["invitations.invited_by_id"].([]any)[0].(map[string]any)
	if _, leaked := sent["token_hash"]; leaked {
		t.Error("an invitation's token hash is exported")
	}
	if sent["email"] != "friend@example.org" || sent["invited_by_id"] != testkit.ID(nora.ID) {
		t.Errorf("invitation row: %v", sent)
	}
	minutes := 0.0
	for _, r := range records["time_entries.person_id"].([]any) {
		minutes += r.(map[string]any)["minutes"].(float64)
	}
	if want := e.count(`SELECT COALESCE(SUM(minutes), 0) FROM time_entries WHERE person_id = `+ph(1), nora.ID); int(minutes) != want {
		t.Errorf("time entries: %v minutes exported, %d stored", minutes, want)
	}
	cityChanged := false
	for _, o := range doc["auditAboutYou"].([]any) {
		if f, ok := o.(map[string]any)["fields"].(map[string]any)["city"].(map[string]any); ok && f["before"] == "Malmö" && f["after"] == "Leipzig" {
			cityChanged = true
		}
	}
	if !cityChanged {
		t.Errorf("the change of her city is not exported: %v", doc["auditAboutYou"])
	}
	if c := records["consents.person_id"].([]any)[0].(map[string]any); c["kind"] != string(consent.KindNETWORK_ETIQUETTE) || c["network_id"] != testkit.ID(e.net.ID) {
		t.Errorf("consent row: %v", c)
	}
	// The export is the viewer's own: Anna's holds none of Nora's rows.
	annaDoc := exportOf(t, e.c.As(anna.ID))
	if annaDoc["personID"] != testkit.ID(anna.ID) {
		t.Errorf("Anna's export is of %v", annaDoc["personID"])
	}
	if rows := annaDoc["records"].(map[string]any)["time_entries.person_id"].([]any); len(rows) == 0 ||
		rows[0].(map[string]any)["person_id"] != testkit.ID(anna.ID) {
		t.Errorf("Anna's time entries: %v", rows)
	}
	// Anonymous callers export nothing.
	res, err := e.c.Post(`{ exportMyData }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	testkit.OnlyError(t, res, "UNAUTHENTICATED", "")
}

// GET /export/me is the same document as a download, with the /graphql
// Bearer token; 401 without a valid one.
func TestExportDownload(t *testing.T) {
	e := newEnv(t)
	nora := e.person(noraEmail)
	for _, tc := range []struct{ name, auth string }{
		{"no token", ""},
		{"malformed header", "Basic abc"},
		{"bad token", "Bearer not-a-jwt"},
		{"unknown subject", "Bearer " + testkit.Token(t, "nobody|1")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := getExport(t, e.c, tc.auth)
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d, body %s", res.StatusCode, body)
			}
			if res.Header.Get("Content-Disposition") != "" || strings.Contains(string(body), "nora") {
				t.Errorf("a refused export answered data: %s", body)
			}
		})
	}
	as := e.c.As(nora.ID)
	res, body := getExport(t, e.c, as.Header.Get("Authorization"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, body %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !regexp.MustCompile(`^attachment; filename="cockpit-export-\d{4}-\d{2}-\d{2}\.json"$`).MatchString(cd) {
		t.Errorf("Content-Disposition %q", cd)
	}
	var file map[string]any
	if err := json.Unmarshal(body, &file); err != nil {
		t.Fatal(err)
	}
	doc := exportOf(t, as)
	delete(file, "exportedAt")
	delete(doc, "exportedAt")
	if !reflect.DeepEqual(file, doc) {
		keys := func(m map[string]any) []string {
			var k []string
			for key := range m["records"].(map[string]any) {
				k = append(k, key)
			}
			sort.Strings(k)
			return k
		}
		t.Errorf("the download differs from exportMyData (records %v vs %v)", keys(file), keys(doc))
	}
	if file["personID"] != gid.Encode(nora.ID) {
		t.Errorf("download of %v", file["personID"])
	}
}
