// Package profileexport builds a person's profile as a JSON Resume
// (https://jsonresume.org/schema, v1.0.0) and as a printable HTML page
// (issue 18, item 6): their name, city, bio, skills with levels, the
// endorsements of their skills, the coops where they are a member, and the
// projects they worked on that they chose to list (one consent per project,
// setProjectListedOnProfile; none is listed by default).
//
// Build is a pure function of the loaded data (Input); Load reads that data
// through the viewer's privacy-filtered client, so the export never shows
// more than the person may read themself.
package profileexport

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coopnetwork/cockpit/ent"
)

// SchemaURL is the JSON Resume schema the document follows ($schema).
const SchemaURL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"

// SchemaVersion is the JSON Resume version (meta.version).
const SchemaVersion = "v1.0.0"

// Input is what the resume is built from: the person's own data as they
// read it.
type Input struct {
	Name, City, Bio string
	Email           *string // the person's address; in the resume only with IncludeEmail
	IncludeEmail    bool
	Skills          []SkillInput
	Coops           []CoopInput
	Projects        []*ProfileProject // every eligible project; only the listed ones are exported
	Now             time.Time
}

// SkillInput is one of the person's skills.
type SkillInput struct {
	Name         string
	Level        int // 1..5
	Years        int
	WantsToLearn bool
	Aliases      []string
	Endorsers    []Endorser
}

// Endorser is a person who endorses a skill, named as the person sees them.
type Endorser struct {
	ID   int
	Name string
}

// CoopInput is a coop where the person is or was a MEMBER.
type CoopInput struct {
	Name string
	// Since is when the person first became a MEMBER; Until when they left
	// (nil while they are a member or paused).
	Since, Until *time.Time
	Paused       bool
}

// ProfileProject is a project the person worked on (held a budget share or
// logged time), with what the resume says about it and whether it is listed.
type ProfileProject struct {
	ProjectID   int
	Project     *ent.Project // as the person reads it (GraphQL)
	Name        string
	Description string
	LeadCoop    string   // the lead coop's name; "" when the person cannot read it
	Roles       []string // e.g. "Freelancer", "Team member, Quelltext eG", "Project manager"
	// FirstDay and LastDay are the first and last day of the person's time
	// entries; nil without time entries (the project's dates are used).
	FirstDay, LastDay *time.Time
	StartsOn, EndsOn  *time.Time // the project's dates
	MinutesWorked     int        // the person's logged time
	Listed            bool
	ListedAt          *time.Time
	Listing           *ent.ProfileProjectListing // the listing in force (GraphQL)
}

// Resume is a JSON Resume document (v1.0.0). Sections Cockpit has no data
// for (education, awards, ...) are left out; the ones it fills are always
// present, empty lists included.
type Resume struct {
	Schema     string      `json:"$schema"`
	Basics     Basics      `json:"basics"`
	Work       []Work      `json:"work"`
	Projects   []Project   `json:"projects"`
	Skills     []Skill     `json:"skills"`
	References []Reference `json:"references"`
	Meta       Meta        `json:"meta"`
}

// Basics is the resume's "basics" section.
type Basics struct {
	Name     string    `json:"name"`
	Email    string    `json:"email,omitempty"`
	Summary  string    `json:"summary,omitempty"`
	Location *Location `json:"location,omitempty"`
}

// Location is basics.location.
type Location struct {
	City string `json:"city"`
}

// Work is one entry of "work": a coop where the person is a member.
type Work struct {
	Name       string   `json:"name"`
	Position   string   `json:"position"`
	StartDate  string   `json:"startDate,omitempty"`
	EndDate    string   `json:"endDate,omitempty"`
	Summary    string   `json:"summary,omitempty"`
	Highlights []string `json:"highlights"`
}

// Project is one entry of "projects": a listed project.
type Project struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Highlights  []string `json:"highlights"`
	Keywords    []string `json:"keywords"`
	StartDate   string   `json:"startDate,omitempty"`
	EndDate     string   `json:"endDate,omitempty"`
	Roles       []string `json:"roles"`
	Entity      string   `json:"entity,omitempty"`
	Type        string   `json:"type"`
}

// Skill is one entry of "skills".
type Skill struct {
	Name     string   `json:"name"`
	Level    string   `json:"level"`
	Keywords []string `json:"keywords"`
}

// Reference is one entry of "references": an endorser and what they endorse.
type Reference struct {
	Name      string `json:"name"`
	Reference string `json:"reference"`
}

// Meta is the resume's "meta" section.
type Meta struct {
	Version      string `json:"version"`
	LastModified string `json:"lastModified"`
	Generator    string `json:"generator"`
}

// LevelWords names the skill levels 1..5.
var LevelWords = [...]string{1: "Beginner", 2: "Elementary", 3: "Intermediate", 4: "Advanced", 5: "Expert"}

// LevelWord is the level in words; out-of-range levels read "Level n".
func LevelWord(level int) string {
	if level >= 1 && level < len(LevelWords) {
		return LevelWords[level]
	}
	return fmt.Sprintf("Level %d", level)
}

// day formats a calendar day as JSON Resume's ISO 8601 date.
func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// Hours is minutes as whole hours, rounded half up.
func Hours(minutes int) int { return (minutes + 30) / 60 }

// Build makes the resume. Only listed projects appear, most recent first;
// skills by level (highest first), then name; coops by start date, most
// recent first; references by endorser name.
func Build(in Input) *Resume {
	r := &Resume{
		Schema:     SchemaURL,
		Basics:     Basics{Name: in.Name, Summary: strings.TrimSpace(in.Bio)},
		Work:       []Work{},
		Projects:   []Project{},
		Skills:     []Skill{},
		References: []Reference{},
		Meta:       Meta{Version: SchemaVersion, LastModified: in.Now.UTC().Format("2006-01-02T15:04:05"), Generator: "Cockpit"},
	}
	if in.IncludeEmail && in.Email != nil {
		r.Basics.Email = *in.Email
	}
	if c := strings.TrimSpace(in.City); c != "" {
		r.Basics.Location = &Location{City: c}
	}

	coops := slices.Clone(in.Coops)
	slices.SortStableFunc(coops, func(a, b CoopInput) int {
		return cmp.Or(-cmpTime(a.Since, b.Since), cmp.Compare(a.Name, b.Name))
	})
	for _, c := range coops {
		w := Work{Name: c.Name, Position: "Worker-owner (member)", StartDate: day(c.Since), EndDate: day(c.Until),
			Summary: "Member of " + c.Name + ", a worker cooperative.", Highlights: []string{}}
		if c.Paused {
			w.Highlights = append(w.Highlights, "Membership currently paused")
		}
		r.Work = append(r.Work, w)
	}

	var listed []*ProfileProject
	for _, p := range in.Projects {
		if p.Listed {
			listed = append(listed, p)
		}
	}
	slices.SortStableFunc(listed, func(a, b *ProfileProject) int {
		as, _ := a.Dates()
		bs, _ := b.Dates()
		return cmp.Or(-cmpTime(as, bs), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ProjectID, b.ProjectID))
	})
	for _, p := range listed {
		start, end := p.Dates()
		pr := Project{Name: p.Name, Description: strings.TrimSpace(p.Description), Highlights: []string{}, Keywords: []string{},
			StartDate: day(start), EndDate: day(end), Roles: append([]string{}, p.Roles...), Entity: p.LeadCoop, Type: "project"}
		if h := Hours(p.MinutesWorked); h > 0 {
			pr.Highlights = append(pr.Highlights, fmt.Sprintf("%d hours worked", h))
		}
		if p.LeadCoop != "" {
			pr.Highlights = append(pr.Highlights, "Led by "+p.LeadCoop)
		}
		r.Projects = append(r.Projects, pr)
	}

	skills := slices.Clone(in.Skills)
	slices.SortStableFunc(skills, func(a, b SkillInput) int {
		return cmp.Or(-cmp.Compare(a.Level, b.Level), cmp.Compare(a.Name, b.Name))
	})
	endorsed := map[int][]string{} // endorser -> skills
	endorserName := map[int]string{}
	for _, s := range skills {
		kw := []string{}
		for _, a := range s.Aliases {
			if a = strings.TrimSpace(a); a != "" && !slices.Contains(kw, a) {
				kw = append(kw, a)
			}
		}
		if s.Years > 0 {
			kw = append(kw, fmt.Sprintf("%d years", s.Years))
		}
		if s.WantsToLearn {
			kw = append(kw, "learning")
		}
		if n := len(s.Endorsers); n > 0 {
			kw = append(kw, fmt.Sprintf("endorsed by %d", n))
		}
		r.Skills = append(r.Skills, Skill{Name: s.Name, Level: LevelWord(s.Level), Keywords: kw})
		for _, e := range s.Endorsers {
			endorserName[e.ID] = e.Name
			if !slices.Contains(endorsed[e.ID], s.Name) {
				endorsed[e.ID] = append(endorsed[e.ID], s.Name)
			}
		}
	}
	ids := make([]int, 0, len(endorsed))
	for id := range endorsed {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int) int { return cmp.Or(cmp.Compare(endorserName[a], endorserName[b]), cmp.Compare(a, b)) })
	for _, id := range ids {
		r.References = append(r.References, Reference{Name: endorserName[id], Reference: "Endorses " + strings.Join(endorsed[id], ", ") + "."})
	}
	return r
}

// Dates are the project's start and end as the resume shows them: the
// person's first and last day of logged time, else the project's dates.
func (p *ProfileProject) Dates() (start, end *time.Time) {
	if p.FirstDay != nil {
		return p.FirstDay, p.LastDay
	}
	return p.StartsOn, p.EndsOn
}

// cmpTime orders times, nil first.
func cmpTime(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Compare(*b)
}
