// Package profileexport_test checks the profile export end to end: real
// HTTP requests with real tokens against the real handler, on SQLite and
// (with COCKPIT_TEST_DATABASE) on PostgreSQL.
package profileexport_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/profileprojectlisting"
	"github.com/coopnetwork/cockpit/internal/profileexport"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// world:
//
//	network N: coops A "Quelltext eG" and B "Bits & Bytes Kollektiv"
//	Lena   MEMBER of A since 2023-06-01, Go at level 4 endorsed by Marta and Erik;
//	       logged time on P (A's share, 2026-03-02 and 2026-05-10, 5 h 30) and on Q
//	Marta  MEMBER of B; logged time on P (B's share, 2026-04-01, 2 h)
//	Erik   participant of N, no coop
//	Frida  a freelancer without a coop (her name holds a script tag); holds a
//	       share of S, on which nobody logged time
//	P      led by A, shares to A and B (a project shared by two coops)
//	Q      led by A, Lena's only
//	S      led by B, 2025-01-15 to 2025-04-30 (its name holds markup)
type world struct {
	t                        *testing.T
	ctx                      context.Context
	db                       *store.DB
	c                        *testkit.Client
	A, B                     *ent.Coop
	Lena, Marta, Erik, Frida *ent.Person
	P, Q, S                  *ent.Project
}

const (
	fridaName = `Frida <script>alert("pwned")</script> Freelancer`
	sName     = `Shop <img src=x onerror=alert(1)> & more`
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newWorld(t *testing.T) *world {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	w := &world{t: t, ctx: testkit.System(context.Background()), db: db, c: testkit.NewServer(t, db)}
	c, ctx := db.Client, w.ctx
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	n := testkit.Must(c.Network.Create().SetName("Network N").SetSlug("network-n").Save(ctx))(t)
	w.A = testkit.Must(c.Coop.Create().SetName("Quelltext eG").SetSlug("quelltext").AddNetworks(n).Save(ctx))(t)
	w.B = testkit.Must(c.Coop.Create().SetName("Bits & Bytes Kollektiv").SetSlug("bits").AddNetworks(n).Save(ctx))(t)
	person := func(name, email, city string) *ent.Person {
		return testkit.Must(c.Person.Create().SetName(name).SetEmail(email).SetCity(city).
			SetBio("Backend developer, cooperative since 2019.").Save(ctx))(t)
	}
	w.Lena = person("Lena Krause", "lena@example.org", "Leipzig")
	w.Marta = person("Marta Nowak", "marta@example.org", "Berlin")
	w.Erik = person("Erik Berg", "erik@example.org", "Hamburg")
	w.Frida = person(fridaName, "frida@example.org", "<b>Dresden</b>")
	for _, p := range []*ent.Person{w.Lena, w.Marta, w.Erik} {
		testkit.Must(c.NetworkMembership.Create().SetNetwork(n).SetPerson(p).SetRole(networkmembership.RolePARTICIPANT).Save(ctx))(t)
	}
	member := func(p *ent.Person, co *ent.Coop, since time.Time) {
		m := testkit.Must(c.Membership.Create().SetPerson(p).SetCoop(co).SetState(membership.StateMEMBER).SetStateSince(since).Save(ctx))(t)
		testkit.Must(c.PathwayEvent.Create().SetMembership(m).SetToState(pathwayevent.ToStateMEMBER).SetAt(since).SetReason("admitted").Save(ctx))(t)
	}
	member(w.Lena, w.A, day(2023, 6, 1))
	member(w.Marta, w.B, day(2021, 9, 1))

	goSkill := testkit.Must(c.Skill.Create().SetNetwork(n).SetName("Go").SetAliases([]string{"Golang"}).SetCompetenceArea("Backend").Save(ctx))(t)
	ps := testkit.Must(c.PersonSkill.Create().SetPerson(w.Lena).SetSkill(goSkill).SetLevel(4).SetYears(6).SetEndorsementCount(2).Save(ctx))(t)
	for _, e := range []*ent.Person{w.Marta, w.Erik} {
		testkit.Must(c.Endorsement.Create().SetPersonSkill(ps).SetEndorser(e).Save(ctx))(t)
	}

	project := func(lead *ent.Coop, name string) *ent.Project {
		return testkit.Must(c.Project.Create().SetLeadCoop(lead).SetNetwork(n).SetName(name).SetClientName("Client of " + name).
			SetDescription("Work for " + name + ".").SetTotalBudgetCents(5_000_000).SetStatus("ACTIVE").Save(ctx))(t)
	}
	w.P = project(w.A, "Shop relaunch")
	w.Q = project(w.A, "Internal tools")
	w.S = testkit.Must(project(w.B, sName).Update().SetStartsOn(day(2025, 1, 15)).SetEndsOn(day(2025, 4, 30)).Save(ctx))(t)
	share := func(p *ent.Project, co *ent.Coop, per *ent.Person) *ent.BudgetShare {
		b := c.BudgetShare.Create().SetProject(p).SetAmountCents(500_000).SetHourlyRateCents(8_000).SetCurrency("EUR").
			SetCreatedAt(day(2020, 1, 1)) // time is logged from the day a share exists
		if co != nil {
			b.SetCoop(co)
		} else {
			b.SetPerson(per)
		}
		return testkit.Must(b.Save(ctx))(t)
	}
	pa, pb, qa := share(w.P, w.A, nil), share(w.P, w.B, nil), share(w.Q, w.A, nil)
	share(w.S, nil, w.Frida)
	entry := func(s *ent.BudgetShare, p *ent.Person, d time.Time, minutes int) {
		must(c.TimeEntry.Create().SetProjectID(s.ProjectID).SetShare(s).SetPerson(p).SetDate(d).SetMinutes(minutes).Exec(ctx))
	}
	entry(pa, w.Lena, day(2026, 5, 10), 90)
	entry(pa, w.Lena, day(2026, 3, 2), 240)
	entry(pb, w.Marta, day(2026, 4, 1), 120)
	entry(qa, w.Lena, day(2026, 1, 5), 60)
	return w
}

const (
	listQ     = `mutation($p: ID!, $l: Boolean!) { setProjectListedOnProfile(projectID: $p, listed: $l) { profileProject { project { id name } listed listedAt roles firstDay lastDay minutesWorked } } }`
	projectsQ = `{ viewer { profileProjects { project { id name } listed listedAt roles firstDay lastDay minutesWorked } } }`
)

type profileProject struct {
	Project struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"project"`
	Listed        bool       `json:"listed"`
	ListedAt      *time.Time `json:"listedAt"`
	Roles         []string   `json:"roles"`
	FirstDay      *time.Time `json:"firstDay"`
	LastDay       *time.Time `json:"lastDay"`
	MinutesWorked int        `json:"minutesWorked"`
}

// list lists (or unlists) the project for the client's person.
func list(t *testing.T, c *testkit.Client, p *ent.Project, listed bool) profileProject {
	t.Helper()
	var out struct {
		SetProjectListedOnProfile struct {
			ProfileProject profileProject `json:"profileProject"`
		} `json:"setProjectListedOnProfile"`
	}
	c.MustDo(listQ, map[string]any{"p": testkit.ID(p.ID), "l": listed}, &out)
	return out.SetProjectListedOnProfile.ProfileProject
}

func profileProjects(t *testing.T, c *testkit.Client) []profileProject {
	t.Helper()
	var out struct {
		Viewer struct {
			ProfileProjects []profileProject `json:"profileProjects"`
		} `json:"viewer"`
	}
	c.MustDo(projectsQ, nil, &out)
	return out.Viewer.ProfileProjects
}

// get fetches path with the client's Authorization header.
func get(t *testing.T, c *testkit.Client, path string) (*http.Response, []byte) {
	t.Helper()
	return testkit.Get(t, c.URL+path, c.Header)
}

// resume fetches GET /profile/resume.json, checks it is a valid JSON
// Resume and decodes it.
func resume(t *testing.T, c *testkit.Client, query string) *profileexport.Resume {
	t.Helper()
	res, body := get(t, c, "/profile/resume.json"+query)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /profile/resume.json: %d %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if errs := profileexport.ValidateJSONResume(doc); len(errs) > 0 {
		t.Errorf("not a valid JSON Resume: %s\n%s", strings.Join(errs, "; "), body)
	}
	var r profileexport.Resume
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func projectNames(r *profileexport.Resume) []string {
	names := []string{}
	for _, p := range r.Projects {
		names = append(names, p.Name)
	}
	return names
}

// TestResumeListsOnlyListedProjects: no project is listed by default; a
// listed one appears with the person's dates, hours, roles and the lead
// coop; an unlisted (withdrawn) one disappears; listing twice keeps one
// listing.
func TestResumeListsOnlyListedProjects(t *testing.T) {
	w := newWorld(t)
	lena := w.c.As(w.Lena.ID)

	pps := profileProjects(t, lena)
	if len(pps) != 2 || pps[0].Project.Name != "Shop relaunch" || pps[1].Project.Name != "Internal tools" {
		t.Fatalf("profileProjects: %+v", pps)
	}
	p := pps[0]
	if p.Listed || p.ListedAt != nil || p.MinutesWorked != 330 || !p.FirstDay.Equal(day(2026, 3, 2)) || !p.LastDay.Equal(day(2026, 5, 10)) ||
		!reflect.DeepEqual(p.Roles, []string{"Team member, Quelltext eG"}) {
		t.Errorf("P before listing: %+v", p)
	}

	r := resume(t, lena, "")
	if len(r.Projects) != 0 {
		t.Errorf("nothing is listed yet, the resume lists %v", projectNames(r))
	}
	if r.Basics.Name != "Lena Krause" || r.Basics.Email != "" || r.Basics.Location == nil || r.Basics.Location.City != "Leipzig" ||
		r.Basics.Summary != "Backend developer, cooperative since 2019." {
		t.Errorf("basics: %+v", r.Basics)
	}
	if len(r.Skills) != 1 || r.Skills[0].Name != "Go" || r.Skills[0].Level != "Advanced" ||
		!reflect.DeepEqual(r.Skills[0].Keywords, []string{"Golang", "6 years", "endorsed by 2"}) {
		t.Errorf("skills: %+v", r.Skills)
	}
	wantRefs := []profileexport.Reference{{Name: "Erik Berg", Reference: "Endorses Go."}, {Name: "Marta Nowak", Reference: "Endorses Go."}}
	if !reflect.DeepEqual(r.References, wantRefs) {
		t.Errorf("references: %+v", r.References)
	}
	if len(r.Work) != 1 || r.Work[0].Name != "Quelltext eG" || r.Work[0].StartDate != "2023-06-01" || r.Work[0].EndDate != "" {
		t.Errorf("work: %+v", r.Work)
	}

	got := list(t, lena, w.P, true)
	if !got.Listed || got.ListedAt == nil || got.Project.Name != "Shop relaunch" {
		t.Errorf("listing P: %+v", got)
	}
	list(t, lena, w.P, true) // again: changes nothing
	if n := testkit.Must(w.db.Client.ProfileProjectListing.Query().Where(profileprojectlisting.PersonID(w.Lena.ID)).Count(w.ctx))(t); n != 1 {
		t.Errorf("listing twice: %d listings, want 1", n)
	}
	r = resume(t, lena, "")
	want := profileexport.Project{Name: "Shop relaunch", Description: "Work for Shop relaunch.", Highlights: []string{"6 hours worked", "Led by Quelltext eG"},
		Keywords: []string{}, StartDate: "2026-03-02", EndDate: "2026-05-10", Roles: []string{"Team member, Quelltext eG"},
		Entity: "Quelltext eG", Type: "project"}
	if len(r.Projects) != 1 || !reflect.DeepEqual(r.Projects[0], want) {
		t.Errorf("projects after listing P:\n got %+v\nwant %+v", r.Projects, want)
	}

	// The GraphQL field is the same document.
	var out struct {
		Viewer struct {
			Resume profileexport.Resume `json:"resume"`
		} `json:"viewer"`
	}
	lena.MustDo(`{ viewer { resume } }`, nil, &out)
	out.Viewer.Resume.Meta.LastModified, r.Meta.LastModified = "", ""
	if !reflect.DeepEqual(&out.Viewer.Resume, r) {
		t.Errorf("viewer.resume differs from GET /profile/resume.json:\n%+v\n%+v", out.Viewer.Resume, *r)
	}

	// Withdrawn: gone from the export, kept with withdrawnAt.
	if got := list(t, lena, w.P, false); got.Listed || got.ListedAt != nil {
		t.Errorf("unlisting P: %+v", got)
	}
	if r = resume(t, lena, ""); len(r.Projects) != 0 {
		t.Errorf("after withdrawing, the resume lists %v", projectNames(r))
	}
	held := testkit.Must(w.db.Client.ProfileProjectListing.Query().Where(profileprojectlisting.PersonID(w.Lena.ID)).All(w.ctx))(t)
	if len(held) != 1 || held[0].WithdrawnAt == nil {
		t.Errorf("withdrawn listing: %+v", held)
	}
	list(t, lena, w.Q, true)
	if r = resume(t, lena, ""); !reflect.DeepEqual(projectNames(r), []string{"Internal tools"}) {
		t.Errorf("after listing Q only: %v", projectNames(r))
	}
}

// TestSharedProject: a project led by A and shared with B shows in the
// resume of B's member who worked on it, with A as the lead coop and B as
// the coop she worked for; her listing is hers alone.
func TestSharedProject(t *testing.T) {
	w := newWorld(t)
	marta := w.c.As(w.Marta.ID)
	list(t, w.c.As(w.Lena.ID), w.P, true)
	pps := profileProjects(t, marta)
	if len(pps) != 1 || pps[0].Project.Name != "Shop relaunch" || pps[0].Listed || pps[0].MinutesWorked != 120 ||
		!reflect.DeepEqual(pps[0].Roles, []string{"Team member, Bits & Bytes Kollektiv"}) {
		t.Fatalf("Marta's profileProjects (Lena's listing is not hers): %+v", pps)
	}
	if r := resume(t, marta, ""); len(r.Projects) != 0 {
		t.Errorf("Marta listed nothing, her resume lists %v", projectNames(r))
	}
	list(t, marta, w.P, true)
	r := resume(t, marta, "")
	if len(r.Projects) != 1 || r.Projects[0].Entity != "Quelltext eG" || r.Projects[0].StartDate != "2026-04-01" ||
		r.Projects[0].EndDate != "2026-04-01" || !reflect.DeepEqual(r.Projects[0].Highlights, []string{"2 hours worked", "Led by Quelltext eG"}) ||
		!reflect.DeepEqual(r.Projects[0].Roles, []string{"Team member, Bits & Bytes Kollektiv"}) {
		t.Errorf("Marta's projects: %+v", r.Projects)
	}
}

// TestListingsAreThePersonsOwn: nobody lists a project for someone else or
// one they did not work on, nor sees another person's listings.
func TestListingsAreThePersonsOwn(t *testing.T) {
	w := newWorld(t)
	lena, marta, frida := w.c.As(w.Lena.ID), w.c.As(w.Marta.ID), w.c.As(w.Frida.ID)
	list(t, lena, w.P, true)
	list(t, lena, w.Q, true)

	before := testkit.RowCounts(t, w.db)
	for _, tc := range []struct {
		name string
		c    *testkit.Client
		p    *ent.Project
		code string
	}{
		{"Marta lists Q (led by A, she cannot read it)", marta, w.Q, "NOT_FOUND"},
		{"Frida lists P (she cannot read it)", frida, w.P, "NOT_FOUND"},
		{"Lena lists S (led by B, she cannot read it)", lena, w.S, "NOT_FOUND"},
		{"anonymous lists P", w.c.Anonymous(), w.P, "UNAUTHENTICATED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.Do(listQ, map[string]any{"p": testkit.ID(tc.p.ID), "l": true})
			field := ""
			if tc.code == "NOT_FOUND" {
				field = "projectID"
			}
			testkit.OnlyError(t, res, tc.code, field)
		})
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))

	// Listings are read by their person only (ent privacy).
	for _, tc := range []struct {
		who  *ent.Person
		want int
	}{{w.Lena, 2}, {w.Marta, 0}, {w.Frida, 0}} {
		ctx := viewer.NewContext(context.Background(), &viewer.Viewer{PersonID: tc.who.ID})
		if n := testkit.Must(w.db.Client.ProfileProjectListing.Query().Count(ctx))(t); n != tc.want {
			t.Errorf("%s reads %d listings, want %d", tc.who.Name, n, tc.want)
		}
	}
	if n := testkit.Must(w.db.Client.ProfileProjectListing.Query().Count(context.Background()))(t); n != 0 {
		t.Errorf("without a viewer: %d listings read, want 0", n)
	}
	// Through the API: the listing is a node only its person reads.
	var mine struct {
		Viewer struct {
			ProfileProjects []struct {
				Listing *struct {
					ID          string     `json:"id"`
					WithdrawnAt *time.Time `json:"withdrawnAt"`
					Project     struct {
						Name string `json:"name"`
					} `json:"project"`
				} `json:"listing"`
			} `json:"profileProjects"`
		} `json:"viewer"`
	}
	lena.MustDo(`{ viewer { profileProjects { listing { id withdrawnAt project { name } } } } }`, nil, &mine)
	if len(mine.Viewer.ProfileProjects) != 2 || mine.Viewer.ProfileProjects[0].Listing == nil ||
		mine.Viewer.ProfileProjects[0].Listing.Project.Name != "Shop relaunch" || mine.Viewer.ProfileProjects[0].Listing.WithdrawnAt != nil {
		t.Fatalf("Lena's listings: %+v", mine)
	}
	nodeQ := `query($id: ID!) { node(id: $id) { id ... on ProfileProjectListing { listedAt } } }`
	id := mine.Viewer.ProfileProjects[0].Listing.ID
	var node struct {
		Node *struct {
			ID string `json:"id"`
		} `json:"node"`
	}
	lena.MustDo(nodeQ, map[string]any{"id": id}, &node)
	if node.Node == nil || node.Node.ID != id {
		t.Errorf("Lena's node(id:) of her listing: %+v", node.Node)
	}
	for name, c := range map[string]*testkit.Client{"Marta": marta, "Frida": frida} {
		res := c.Do(nodeQ, map[string]any{"id": id})
		if strings.Contains(string(res.Data), id) {
			t.Errorf("%s reads Lena's listing: %s", name, res.Data)
		}
	}

	if pps := profileProjects(t, frida); len(pps) != 1 || pps[0].Project.Name != sName || pps[0].Listed {
		t.Errorf("Frida's profileProjects: %+v", pps)
	}
	if r := resume(t, marta, ""); len(r.Projects) != 0 {
		t.Errorf("Marta's resume lists %v", projectNames(r))
	}
}

// TestResumeNeedsSignIn: 401 with a Bearer challenge without a valid token;
// 404 for another file.
func TestResumeNeedsSignIn(t *testing.T) {
	w := newWorld(t)
	for _, path := range []string{"/profile/resume.json", "/profile/resume.html"} {
		for name, c := range map[string]*testkit.Client{"anonymous": w.c.Anonymous(), "bad token": w.c.WithToken("not-a-jwt")} {
			res, body := get(t, c, path)
			if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" || !strings.Contains(string(body), "UNAUTHENTICATED") {
				t.Errorf("%s %s: %d %v %s", name, path, res.StatusCode, res.Header, body)
			}
		}
	}
	if res, body := get(t, w.c.As(w.Lena.ID), "/profile/resume.pdf"); res.StatusCode != http.StatusNotFound {
		t.Errorf("resume.pdf: %d %s", res.StatusCode, body)
	}
	res := w.c.Anonymous().Do(`{ viewer { resume } }`, nil)
	if strings.Contains(string(res.Data), "Lena") {
		t.Errorf("anonymous viewer.resume: %s", res.Data)
	}
}

// TestResumeIncludeEmail: the address only when asked.
func TestResumeIncludeEmail(t *testing.T) {
	w := newWorld(t)
	lena := w.c.As(w.Lena.ID)
	if r := resume(t, lena, ""); r.Basics.Email != "" {
		t.Errorf("e-mail by default: %q", r.Basics.Email)
	}
	if r := resume(t, lena, "?includeEmail=true"); r.Basics.Email != "lena@example.org" {
		t.Errorf("includeEmail=true: %q", r.Basics.Email)
	}
	if res, body := get(t, lena, "/profile/resume.json?includeEmail=perhaps"); res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "BAD_USER_INPUT") {
		t.Errorf("includeEmail=perhaps: %d %s", res.StatusCode, body)
	}
}

// TestResumeHTML: the printable page is self-contained and escapes every
// value (a name with a script tag, a project name with markup).
func TestResumeHTML(t *testing.T) {
	w := newWorld(t)
	frida := w.c.As(w.Frida.ID)
	list(t, frida, w.S, true)
	res, body := get(t, frida, "/profile/resume.html?includeEmail=1")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /profile/resume.html: %d %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	page := string(body)
	lower := strings.ToLower(page)
	for _, bad := range []string{"<script", "<img", "<b>", "<link", "<iframe", "src=\"", "href=\"", "@import", "url(", "http://", "https://"} {
		if strings.Contains(lower, bad) {
			t.Errorf("the page holds %q:\n%s", bad, page)
		}
	}
	for _, want := range []string{
		"Frida &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; Freelancer",
		"Shop &lt;img src=x onerror=alert(1)&gt; &amp; more",
		"&lt;b&gt;Dresden&lt;/b&gt;",
		"2025-01-15 – 2025-04-30", // the project's dates: no time logged
		"Bits &amp; Bytes Kollektiv",
		"frida@example.org",
		"@media print",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q:\n%s", want, page)
		}
	}
}

// TestErasedPerson: an erased endorser's endorsement leaves the resume; an
// erased person's listings are withdrawn and their token no longer exports.
func TestErasedPerson(t *testing.T) {
	w := newWorld(t)
	lena, erik, frida := w.c.As(w.Lena.ID), w.c.As(w.Erik.ID), w.c.As(w.Frida.ID)
	list(t, frida, w.S, true)
	erik.MustDo(`mutation($c: String!) { eraseMe(confirm: $c) { personID } }`, map[string]any{"c": "erik@example.org"}, nil)
	// Lena no longer reads the erased endorser (he takes part in no network
	// of hers), so his endorsement is not hers to show (EndorsementReadable).
	r := resume(t, lena, "")
	wantRefs := []profileexport.Reference{{Name: "Marta Nowak", Reference: "Endorses Go."}}
	if !reflect.DeepEqual(r.References, wantRefs) || !reflect.DeepEqual(r.Skills[0].Keywords, []string{"Golang", "6 years", "endorsed by 1"}) {
		t.Errorf("after Erik's erasure: references %+v, skills %+v", r.References, r.Skills)
	}

	frida.MustDo(`mutation($c: String!) { eraseMe(confirm: $c) { personID } }`, map[string]any{"c": "frida@example.org"}, nil)
	if n := testkit.Must(w.db.Client.ProfileProjectListing.Query().
		Where(profileprojectlisting.PersonID(w.Frida.ID), profileprojectlisting.WithdrawnAtIsNil()).Count(w.ctx))(t); n != 0 {
		t.Errorf("Frida's listings after her erasure: %d current, want 0", n)
	}
	if res, body := get(t, frida, "/profile/resume.json"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("erased person's resume: %d %s", res.StatusCode, body)
	}
}

// TestConcurrentListing: two requests listing the same project at once
// leave one listing.
func TestConcurrentListing(t *testing.T) {
	w := newWorld(t)
	lena := w.c.As(w.Lena.ID)
	vars := map[string]any{"p": testkit.ID(w.P.ID), "l": true}
	for _, res := range testkit.Race(t, func() (*testkit.Response, error) { return lena.Post(listQ, vars) },
		func() (*testkit.Response, error) { return lena.Post(listQ, vars) }) {
		if len(res.Errors) > 0 {
			t.Errorf("concurrent listing: %+v", res.Errors)
		}
	}
	if n := testkit.Must(w.db.Client.ProfileProjectListing.Query().Where(profileprojectlisting.PersonID(w.Lena.ID)).Count(w.ctx))(t); n != 1 {
		t.Errorf("%d listings, want 1", n)
	}
}

// TestListingIsAudited: listing and unlisting are in the audit log under
// their rule, visible to the person and to nobody else.
func TestListingIsAudited(t *testing.T) {
	w := newWorld(t)
	lena, marta := w.c.As(w.Lena.ID), w.c.As(w.Marta.ID)
	list(t, lena, w.P, true)
	list(t, lena, w.P, false)
	const q = `{ auditLog(filter: {operation: "setProjectListedOnProfile"}) { totalCount edges { node { rules objects { objectType action hidden } } } } }`
	type log struct {
		AuditLog struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node struct {
					Rules   []string `json:"rules"`
					Objects []struct {
						ObjectType string `json:"objectType"`
						Action     string `json:"action"`
						Hidden     bool   `json:"hidden"`
					} `json:"objects"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"auditLog"`
	}
	var mine log
	lena.MustDo(q, nil, &mine)
	if mine.AuditLog.TotalCount != 2 {
		t.Fatalf("Lena's audit log: %+v", mine)
	}
	for i, action := range []string{"UPDATE", "CREATE"} { // newest first
		n := mine.AuditLog.Edges[i].Node
		if !reflect.DeepEqual(n.Rules, []string{"ListProjectOnProfile"}) || len(n.Objects) != 1 ||
			n.Objects[0].ObjectType != "ProfileProjectListing" || n.Objects[0].Action != action || n.Objects[0].Hidden {
			t.Errorf("record %d: %+v", i, n)
		}
	}
	var theirs log
	marta.MustDo(q, nil, &theirs)
	if theirs.AuditLog.TotalCount != 0 {
		t.Errorf("Marta sees Lena's listings in the audit log: %+v", theirs)
	}
}
