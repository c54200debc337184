package authz_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The first admin `cockpit init` makes (people.InitNetwork) has an e-mail and
// no login; the first login whose verified e-mail is theirs becomes them
// (rule ClaimFirstAdmin), over HTTP through the real server wiring. It is
// the only person ever linked by e-mail.

const claimQuery = `{ viewer { isNetworkAdmin person { id email } networkMemberships { role network { slug } } } }`

type claimViewer struct {
	Viewer *struct {
		IsNetworkAdmin bool
		Person         struct {
			ID    string
			Email *string
		}
		NetworkMemberships []struct {
			Role    string
			Network struct{ Slug string }
		}
	}
}

// initialised is an empty database after `cockpit init` with its server.
func initialised(t *testing.T) (*store.DB, *testkit.Client, people.InitResult) {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	res := testkit.MustOrPanic(people.InitNetwork(context.Background(), db.Client,
		people.InitInput{Network: "Kooperativ Nord", AdminEmail: "Ada.Admin@Example.org", AdminName: "Ada Admin"}))
	return db, testkit.NewServer(t, db), res
}

func adminRow(t *testing.T, db *store.DB, id int) *ent.Person {
	t.Helper()
	return testkit.MustOrPanic(db.Client.Person.Get(testkit.System(context.Background()), id))
}

func TestFirstAdminClaimedByVerifiedLogin(t *testing.T) {
	t.Parallel()
	db, c, res := initialised(t)
	ctx := testkit.System(context.Background())
	// Another person with an e-mail and no login, not flagged: never linked.
	plain := testkit.MustOrPanic(db.Client.Person.Create().SetName("Pia Plain").SetEmail("pia@example.org").Save(ctx))

	for _, tc := range []struct {
		name  string
		extra jwt.MapClaims
	}{
		{"e-mail not verified", jwt.MapClaims{"email": "ada.admin@example.org", "email_verified": false}},
		{"no email_verified claim", jwt.MapClaims{"email": "ada.admin@example.org"}},
		{"email_verified as a string", jwt.MapClaims{"email": "ada.admin@example.org", "email_verified": "yes"}},
		{"another e-mail", jwt.MapClaims{"email": "ada.admin@example.com", "email_verified": true}},
		{"no e-mail", jwt.MapClaims{"email_verified": true}},
		{"a person without the flag", jwt.MapClaims{"email": "pia@example.org", "email_verified": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := testkit.RowCounts(t, db)
			tok := signUpToken(t, "oidc|"+strings.ReplaceAll(tc.name, " ", "-"), tc.extra)
			expectUnauthenticated(t, tc.name, post(t, c, "Bearer "+tok, claimQuery), tok)
			testkit.NothingWritten(t, before, testkit.RowCounts(t, db))
			if a := adminRow(t, db, res.AdminID); a.Subject != nil || !a.ClaimOnFirstLogin {
				t.Errorf("the admin was claimed: subject %v, flag %v", a.Subject, a.ClaimOnFirstLogin)
			}
			if p := adminRow(t, db, plain.ID); p.Subject != nil {
				t.Errorf("a person without the flag was linked to %v", *p.Subject)
			}
		})
	}

	// The first verified login with the admin's e-mail (in any case) is the admin.
	tok := signUpToken(t, "oidc|ada", jwt.MapClaims{"email": " ADA.Admin@example.ORG", "email_verified": true, "name": "Someone Else"})
	var got claimViewer
	testkit.OK(t, c.WithToken(tok).Do(claimQuery, nil), &got)
	v := got.Viewer
	if v == nil || v.Person.ID != testkit.ID(res.AdminID) || !v.IsNetworkAdmin || len(v.NetworkMemberships) != 1 ||
		v.NetworkMemberships[0].Role != "ADMIN" || v.NetworkMemberships[0].Network.Slug != "kooperativ-nord" {
		t.Fatalf("want the admin of kooperativ-nord, got %+v", v)
	}
	a := adminRow(t, db, res.AdminID)
	if a.Subject == nil || *a.Subject != "oidc|ada" || a.ClaimOnFirstLogin || a.Name != "Ada Admin" {
		t.Fatalf("after the claim: subject %v, flag %v, name %q", a.Subject, a.ClaimOnFirstLogin, a.Name)
	}
	// Their next login is the same person; nobody else claims them any more.
	testkit.OK(t, c.WithToken(tok).Do(claimQuery, nil), &got)
	if got.Viewer == nil || got.Viewer.Person.ID != testkit.ID(res.AdminID) {
		t.Fatalf("second login: %+v", got.Viewer)
	}
	before := testkit.RowCounts(t, db)
	other := signUpToken(t, "oidc|mallory", jwt.MapClaims{"email": "ada.admin@example.org", "email_verified": true})
	expectUnauthenticated(t, "a second subject with the claimed e-mail", post(t, c, "Bearer "+other, claimQuery), other)
	testkit.NothingWritten(t, before, testkit.RowCounts(t, db))
}

// TestConcurrentFirstAdminClaims: several first logins at once with the
// admin's verified e-mail. Of different subjects exactly one becomes the
// admin and the others get 401; requests of the winning subject all get the
// admin.
func TestConcurrentFirstAdminClaims(t *testing.T) {
	t.Parallel()
	for round := range 3 {
		db, c, res := initialised(t)
		subjects := []string{"oidc|a", "oidc|b", "oidc|a", "oidc|c", "oidc|b", "oidc|a"}
		reqs := make([]func() (*testkit.Response, error), len(subjects))
		for i, s := range subjects {
			tok := signUpToken(t, s, jwt.MapClaims{"email": "ada.admin@example.org", "email_verified": true})
			reqs[i] = func() (*testkit.Response, error) { return c.WithToken(tok).Post(claimQuery, nil) }
		}
		won := map[string]bool{}
		for i, r := range testkit.Race(t, reqs...) {
			switch r.Status {
			case http.StatusOK:
				var got claimViewer
				if err := json.Unmarshal(r.Data, &got); err != nil || len(r.Errors) > 0 || got.Viewer == nil ||
					got.Viewer.Person.ID != testkit.ID(res.AdminID) || !got.Viewer.IsNetworkAdmin {
					t.Fatalf("round %d, request %d (%s): %s %+v", round, i, subjects[i], r.Data, r.Errors)
				}
				won[subjects[i]] = true
			case http.StatusUnauthorized:
				if codes := r.Codes(); len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
					t.Fatalf("round %d, request %d: 401 with %v", round, i, codes)
				}
			default:
				t.Fatalf("round %d, request %d: HTTP %d %+v", round, i, r.Status, r.Errors)
			}
		}
		a := adminRow(t, db, res.AdminID)
		if len(won) != 1 || a.Subject == nil || !won[*a.Subject] || a.ClaimOnFirstLogin {
			t.Fatalf("round %d: subjects answered as the admin %v; stored subject %v, flag %v", round, won, a.Subject, a.ClaimOnFirstLogin)
		}
		if n := testkit.MustOrPanic(db.Client.Person.Query().Count(testkit.System(context.Background()))); n != 1 {
			t.Fatalf("round %d: %d persons, want only the admin", round, n)
		}
		// Every losing subject still gets 401 afterwards.
		for _, s := range []string{"oidc|a", "oidc|b", "oidc|c"} {
			if s == *a.Subject {
				continue
			}
			tok := signUpToken(t, s, jwt.MapClaims{"email": "ada.admin@example.org", "email_verified": true})
			expectUnauthenticated(t, fmt.Sprintf("round %d, loser %s", round, s), post(t, c, "Bearer "+tok, claimQuery), tok)
		}
	}
}
