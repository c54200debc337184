package server_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/coopnetwork/cockpit/internal/cli"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestFirstRunThroughTheAPI is issue 16's first "done when": from an empty
// database, `cockpit init` (the command line, in process) founds the network
// and its first admin; everything after goes through the API as the people
// themselves, with tokens minted here as an OIDC provider would issue them.
// The admin's first login (verified e-mail) claims the person init made;
// they found a coop, configure its pathway milestones, invite a person who
// accepts on their first login, create a project with skill needs and get a
// team suggestion naming the invitee.
func TestFirstRunThroughTheAPI(t *testing.T) {
	dbURL := testkit.NewDatabaseURL(t)
	var out, errs bytes.Buffer
	code := cli.Run(context.Background(), []string{"init", "--network", "Kooperativ Nord", "--admin-email", "ada@example.org", "--admin-name", "Ada Admin"},
		func(k string) (string, bool) {
			v, ok := map[string]string{"COCKPIT_DATABASE": dbURL, "COCKPIT_JWT_SECRET": string(testkit.Secret)}[k]
			return v, ok
		}, &out, &errs, nil)
	if code != 0 {
		t.Fatalf("cockpit init: exit %d: %s%s", code, out.String(), errs.String())
	}
	db, err := store.Open(context.Background(), dbURL, testkit.StoreOptions(store.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// The live-update broker listens on the database init set up (testkit's
	// own knows only databases from testkit.NewDB).
	broker, err := events.Open(context.Background(), db.Dialect, db.SQL, testkit.ListenURL(dbURL), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { broker.Close() })
	c := testkit.NewServerWithOptions(t, db, server.Options{Events: broker})

	// The admin signs in: their identity provider vouches for the e-mail.
	admin := c.WithToken(oidcToken(t, "oidc|ada", "ada@example.org"))
	var me struct {
		Viewer struct {
			IsNetworkAdmin     bool
			Person             struct{ ID string }
			NetworkMemberships []struct {
				Role    string
				Network struct{ ID, Slug string }
			}
		}
	}
	testkit.OK(t, admin.Do(`{ viewer { isNetworkAdmin person { id } networkMemberships { role network { id slug } } } }`, nil), &me)
	if !me.Viewer.IsNetworkAdmin || len(me.Viewer.NetworkMemberships) != 1 || me.Viewer.NetworkMemberships[0].Role != "ADMIN" ||
		me.Viewer.NetworkMemberships[0].Network.Slug != "kooperativ-nord" {
		t.Fatalf("the admin's first login: %+v", me.Viewer)
	}
	networkID := me.Viewer.NetworkMemberships[0].Network.ID

	// A coop, brought into the network as its founding coop.
	var coop struct {
		CreateCoop struct{ Coop struct{ ID string } }
	}
	testkit.OK(t, admin.Do(`mutation { createCoop(input: {name: "Hafenwerk eG", slug: "hafenwerk", currency: "EUR"}) { coop { id } } }`, nil), &coop)
	coopID := coop.CreateCoop.Coop.ID
	testkit.OK(t, admin.Do(`mutation($n: ID!, $c: ID!) { updateNetwork(id: $n, input: {addCoopIDs: [$c]}) { network { coops { totalCount } } } }`,
		map[string]any{"n": networkID, "c": coopID}), nil)

	// Its pathway: two milestones, then the second first.
	var ids []string
	for _, name := range []string{"Read the bylaws", "Meet the members"} {
		var m struct {
			CreateMilestoneTemplate struct{ MilestoneTemplate struct{ ID string } }
		}
		testkit.OK(t, admin.Do(`mutation($c: ID!, $name: String!) { createMilestoneTemplate(input: {coopID: $c, name: $name, required: true}) { milestoneTemplate { id } } }`,
			map[string]any{"c": coopID, "name": name}), &m)
		ids = append(ids, m.CreateMilestoneTemplate.MilestoneTemplate.ID)
	}
	var reordered struct {
		ReorderMilestoneTemplates struct {
			MilestoneTemplates []struct {
				ID       string
				Name     string
				Position int
			}
		}
	}
	testkit.OK(t, admin.Do(`mutation($c: ID!, $ids: [ID!]!) { reorderMilestoneTemplates(coopID: $c, templateIDs: $ids) { milestoneTemplates { id name position } } }`,
		map[string]any{"c": coopID, "ids": []string{ids[1], ids[0]}}), &reordered)
	if ms := reordered.ReorderMilestoneTemplates.MilestoneTemplates; len(ms) != 2 || ms[0].Name != "Meet the members" || ms[0].Position != 0 ||
		ms[1].Name != "Read the bylaws" || ms[1].Position != 1 {
		t.Fatalf("milestones after reordering: %+v", ms)
	}

	// The network's skill taxonomy gets a skill.
	var skill struct {
		CreateSkill struct{ Skill struct{ ID string } }
	}
	testkit.OK(t, admin.Do(`mutation($n: ID!) { createSkill(input: {networkID: $n, name: "Go", competenceArea: "Backend"}) { skill { id } } }`,
		map[string]any{"n": networkID}), &skill)
	skillID := skill.CreateSkill.Skill.ID

	// An invitation; the invitee accepts it on their first login.
	var inv struct {
		InviteToNetwork struct {
			Token      string
			Invitation struct{ ID string }
		}
	}
	testkit.OK(t, admin.Do(`mutation($n: ID!) { inviteToNetwork(input: {networkID: $n, email: "ben@example.org", name: "Ben"}) { token invitation { id } } }`,
		map[string]any{"n": networkID}), &inv)
	ben := c.WithToken(oidcToken(t, "oidc|ben", "ben@example.org"))
	ben.Header.Set(server.InvitationHeader, inv.InviteToNetwork.Token)
	var benMe struct {
		Viewer struct {
			Person             struct{ ID string }
			NetworkMemberships []struct {
				Role    string
				Network struct{ Slug string }
			}
		}
	}
	testkit.OK(t, ben.Do(`{ viewer { person { id } networkMemberships { role network { slug } } } }`, nil), &benMe)
	if nm := benMe.Viewer.NetworkMemberships; len(nm) != 1 || nm[0].Role != "PARTICIPANT" || nm[0].Network.Slug != "kooperativ-nord" {
		t.Fatalf("the invitee after their first login: %+v", benMe.Viewer)
	}
	var state struct {
		Node struct{ State string }
	}
	testkit.OK(t, admin.Do(`query($id: ID!) { node(id: $id) { ... on Invitation { state } } }`, map[string]any{"id": inv.InviteToNetwork.Invitation.ID}), &state)
	if state.Node.State != "ACCEPTED" {
		t.Fatalf("invitation %s", state.Node.State)
	}
	ben.Header.Del(server.InvitationHeader)

	// The invitee records their skill and the hours they offer.
	now := time.Now().UTC().Truncate(24 * time.Hour)
	testkit.OK(t, ben.Do(`mutation($p: ID!, $s: ID!) { createPersonSkill(input: {personID: $p, skillID: $s, level: 4}) { personSkill { id } } }`,
		map[string]any{"p": benMe.Viewer.Person.ID, "s": skillID}), nil)
	testkit.OK(t, ben.Do(`mutation($p: ID!, $from: Time!) { createAvailability(input: {personID: $p, hoursPerWeek: 30, availableFrom: $from}) { availability { id } } }`,
		map[string]any{"p": benMe.Viewer.Person.ID, "from": now.Format(time.RFC3339)}), nil)

	// A project of the coop, with a skill need, and a team for it.
	var project struct {
		CreateProject struct{ Project struct{ ID string } }
	}
	testkit.OK(t, admin.Do(`mutation($c: ID!, $n: ID!, $from: Time!, $to: Time!) { createProject(input: {name: "Stadtwerk-Portal", clientName: "Stadtwerke",
		leadCoopID: $c, networkID: $n, startsOn: $from, endsOn: $to, totalBudget: {amount: 6000000, currency: "EUR"}}) { project { id } } }`,
		map[string]any{"c": coopID, "n": networkID, "from": now.AddDate(0, 0, 7).Format(time.RFC3339), "to": now.AddDate(0, 3, 0).Format(time.RFC3339)}), &project)
	projectID := project.CreateProject.Project.ID
	testkit.OK(t, admin.Do(`mutation($p: ID!, $s: ID!) { addProjectSkillNeed(input: {projectID: $p, skillID: $s, minLevel: 3, hoursPerWeek: 20, headcount: 1}) { projectSkillNeed { id } } }`,
		map[string]any{"p": projectID, "s": skillID}), nil)
	var team struct {
		SuggestTeam struct {
			Picks []struct {
				Person       struct{ ID string }
				Affiliation  string
				HoursPerWeek int
				Need         struct{ Skill struct{ Name string } }
			}
			Uncovered  []struct{ MissingHeadcount int }
			Shortfalls []struct{ ShortfallHoursPerWeek int }
		}
	}
	testkit.OK(t, admin.Do(`query($p: ID!) { suggestTeam(projectID: $p) { picks { person { id } affiliation hoursPerWeek need { skill { name } } }
		uncovered { missingHeadcount } shortfalls { shortfallHoursPerWeek } } }`, map[string]any{"p": projectID}), &team)
	s := team.SuggestTeam
	if len(s.Picks) != 1 || s.Picks[0].Person.ID != benMe.Viewer.Person.ID || s.Picks[0].Affiliation != "NETWORK" ||
		s.Picks[0].HoursPerWeek != 20 || s.Picks[0].Need.Skill.Name != "Go" || len(s.Uncovered) != 0 || len(s.Shortfalls) != 0 {
		t.Fatalf("team suggestion: %+v", s)
	}
}

// oidcToken is a token as an identity provider issues it after a login
// whose e-mail it verified.
func oidcToken(t *testing.T, subject, email string) string {
	t.Helper()
	now := time.Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": subject, "email": email, "email_verified": true,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}).SignedString(testkit.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
