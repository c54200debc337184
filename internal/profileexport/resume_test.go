package profileexport

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func d(y int, m time.Month, day int) *time.Time {
	t := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	return &t
}

// TestBuild: the resume is a pure function of the person's data.
func TestBuild(t *testing.T) {
	now := time.Date(2026, 12, 7, 18, 30, 5, 0, time.UTC)
	email := "lena@example.org"
	tests := []struct {
		name  string
		in    Input
		check func(t *testing.T, r *Resume)
	}{
		{
			name: "empty profile: every section present, nothing invented",
			in:   Input{Name: "Lena", Now: now},
			check: func(t *testing.T, r *Resume) {
				if r.Basics.Email != "" || r.Basics.Location != nil || r.Basics.Summary != "" {
					t.Errorf("basics: %+v", r.Basics)
				}
				if r.Work == nil || r.Projects == nil || r.Skills == nil || r.References == nil {
					t.Errorf("a section is null: %+v", r)
				}
				if r.Meta.Version != "v1.0.0" || r.Meta.LastModified != "2026-12-07T18:30:05" || r.Schema != SchemaURL {
					t.Errorf("meta: %+v %s", r.Meta, r.Schema)
				}
			},
		},
		{
			name: "e-mail only when asked",
			in:   Input{Name: "Lena", Email: &email, City: " Leipzig ", Bio: "Backend developer.\n", Now: now},
			check: func(t *testing.T, r *Resume) {
				if r.Basics.Email != "" {
					t.Errorf("e-mail without includeEmail: %q", r.Basics.Email)
				}
				if r.Basics.Location == nil || r.Basics.Location.City != "Leipzig" || r.Basics.Summary != "Backend developer." {
					t.Errorf("basics: %+v", r.Basics)
				}
			},
		},
		{
			name: "e-mail with includeEmail",
			in:   Input{Name: "Lena", Email: &email, IncludeEmail: true, Now: now},
			check: func(t *testing.T, r *Resume) {
				if r.Basics.Email != email {
					t.Errorf("e-mail: %q", r.Basics.Email)
				}
			},
		},
		{
			name: "only listed projects, most recent first; time entries' days before the project's dates; hours rounded",
			in: Input{Name: "Lena", Now: now, Projects: []*ProfileProject{
				{ProjectID: 1, Name: "Unlisted", FirstDay: d(2026, 1, 1), LastDay: d(2026, 1, 2), MinutesWorked: 600},
				{ProjectID: 2, Name: "Shop", Description: " A shop. ", LeadCoop: "Quelltext", Roles: []string{"Team member, Quelltext"},
					FirstDay: d(2026, 3, 2), LastDay: d(2026, 5, 10), StartsOn: d(2025, 1, 1), EndsOn: d(2027, 1, 1),
					MinutesWorked: 330, Listed: true},
				{ProjectID: 3, Name: "Archive", StartsOn: d(2024, 2, 1), EndsOn: d(2024, 6, 30), Roles: []string{"Freelancer"},
					MinutesWorked: 29, Listed: true},
			}},
			check: func(t *testing.T, r *Resume) {
				if len(r.Projects) != 2 {
					t.Fatalf("projects: %+v", r.Projects)
				}
				shop, archive := r.Projects[0], r.Projects[1]
				want := Project{Name: "Shop", Description: "A shop.", Highlights: []string{"6 hours worked", "Led by Quelltext"},
					Keywords: []string{}, StartDate: "2026-03-02", EndDate: "2026-05-10", Roles: []string{"Team member, Quelltext"},
					Entity: "Quelltext", Type: "project"}
				if !reflect.DeepEqual(shop, want) {
					t.Errorf("shop:\n got %+v\nwant %+v", shop, want)
				}
				if archive.StartDate != "2024-02-01" || archive.EndDate != "2024-06-30" || len(archive.Highlights) != 0 || archive.Entity != "" {
					t.Errorf("archive (project dates, 29 minutes round to 0 hours, lead coop unknown): %+v", archive)
				}
			},
		},
		{
			name: "skills by level with words and keywords; endorsements as references, one per endorser",
			in: Input{Name: "Lena", Now: now, Skills: []SkillInput{
				{Name: "Kubernetes", Level: 2, WantsToLearn: true, Endorsers: []Endorser{{ID: 7, Name: "Marta"}}},
				{Name: "Go", Level: 5, Years: 8, Aliases: []string{"Golang", " ", "Golang"}, Endorsers: []Endorser{{ID: 7, Name: "Marta"}, {ID: 9, Name: "Anton"}}},
				{Name: "Rust", Level: 9},
			}},
			check: func(t *testing.T, r *Resume) {
				want := []Skill{
					{Name: "Rust", Level: "Level 9", Keywords: []string{}},
					{Name: "Go", Level: "Expert", Keywords: []string{"Golang", "8 years", "endorsed by 2"}},
					{Name: "Kubernetes", Level: "Elementary", Keywords: []string{"learning", "endorsed by 1"}},
				}
				if !reflect.DeepEqual(r.Skills, want) {
					t.Errorf("skills:\n got %+v\nwant %+v", r.Skills, want)
				}
				refs := []Reference{{Name: "Anton", Reference: "Endorses Go."}, {Name: "Marta", Reference: "Endorses Go, Kubernetes."}}
				if !reflect.DeepEqual(r.References, refs) {
					t.Errorf("references: %+v", r.References)
				}
			},
		},
		{
			name: "coops where the person is or was a member, as work",
			in: Input{Name: "Lena", Now: now, Coops: []CoopInput{
				{Name: "Old Coop", Since: d(2019, 4, 1), Until: d(2022, 3, 31)},
				{Name: "Quelltext", Since: d(2023, 6, 1), Paused: true},
			}},
			check: func(t *testing.T, r *Resume) {
				if len(r.Work) != 2 || r.Work[0].Name != "Quelltext" || r.Work[0].StartDate != "2023-06-01" || r.Work[0].EndDate != "" ||
					r.Work[0].Position != "Worker-owner (member)" || len(r.Work[0].Highlights) != 1 {
					t.Errorf("work: %+v", r.Work)
				}
				if r.Work[1].EndDate != "2022-03-31" {
					t.Errorf("former coop: %+v", r.Work[1])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Build(tt.in)
			tt.check(t, r)
			b, err := JSON(r)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			if errs := ValidateJSONResume(doc); len(errs) > 0 {
				t.Errorf("not a valid JSON Resume: %s", strings.Join(errs, "; "))
			}
		})
	}
}

// TestHTMLEscapesEveryValue: markup in any value comes out as text.
func TestHTMLEscapesEveryValue(t *testing.T) {
	evil := `<script>alert("x")</script>`
	email := evil + "@example.org"
	r := Build(Input{Name: evil, City: evil, Bio: evil, Email: &email, IncludeEmail: true, Now: time.Now(),
		Skills:   []SkillInput{{Name: evil, Level: 3, Aliases: []string{evil}, Endorsers: []Endorser{{ID: 1, Name: evil}}}},
		Coops:    []CoopInput{{Name: evil, Since: d(2020, 1, 1)}},
		Projects: []*ProfileProject{{Name: evil, Description: evil, LeadCoop: evil, Roles: []string{evil}, Listed: true, MinutesWorked: 60}}})
	b, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if strings.Contains(strings.ToLower(page), "<script") {
		t.Errorf("the page holds a script tag:\n%s", page)
	}
	if n := strings.Count(page, "&lt;script&gt;"); n < 10 {
		t.Errorf("want every value escaped, found %d escaped values:\n%s", n, page)
	}
}
