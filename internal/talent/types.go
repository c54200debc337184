package talent

import (
	"time"

	"entgo.io/contrib/entgql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
)

// RequirementInput names a skill a search asks for: by ID, or by name, alias
// or slug (case-insensitive); exactly one of the two.
type RequirementInput struct {
	SkillID  *int    `json:"skillID,omitempty"`
	Skill    *string `json:"skill,omitempty"`
	MinLevel int     `json:"minLevel"`
}

// SearchInput is a talent search on one network.
type SearchInput struct {
	Requirements []*RequirementInput `json:"requirements"`
	// RequireAll drops persons who miss any requirement.
	RequireAll bool `json:"requireAll"`
	// AvailableFrom, AvailableUntil and MinHoursPerWeek ask for an
	// availability window overlapping the period with enough hours.
	AvailableFrom   *time.Time `json:"availableFrom,omitempty"`
	AvailableUntil  *time.Time `json:"availableUntil,omitempty"`
	MinHoursPerWeek *int       `json:"minHoursPerWeek,omitempty"`
	City            *string    `json:"city,omitempty"`
	CoopID          *int       `json:"coopID,omitempty"`
	// PathwayStates keeps persons with a current membership in one of
	// these states (in CoopID's coop, or in any coop of the network).
	PathwayStates []membership.State `json:"pathwayStates,omitempty"`
	// WantsToLearn (mentoring) matches skills persons want to learn,
	// whatever their level, instead of levels at or above minLevel.
	WantsToLearn bool `json:"wantsToLearn"`
}

// Requirement is a requirement resolved to a skill of the network.
type Requirement struct {
	Skill    *ent.Skill
	MinLevel int
	// skills: the skill and its descendants, with whether each is the
	// requirement's own skill.
	skills map[int]bool
	// objs holds those skills, so matches need not load them again.
	objs map[int]*ent.Skill
}

// SkillMatch is the person skill that meets one requirement.
type SkillMatch struct {
	Requirement   *Requirement
	PersonSkill   *ent.PersonSkill
	ViaChildSkill bool
	Points        int
}

// Window is a period in which a person offers hours.
type Window struct {
	HoursPerWeek int
	From         time.Time
	Until        *time.Time
}

// Match is one person found by a search.
type Match struct {
	Person       *ent.Person
	Score        int
	Matched      []*SkillMatch
	Missing      []*Requirement
	Availability []*Window
}

// Edge is a match with its cursor.
type Edge struct {
	Node   *Match
	Cursor entgql.Cursor[int]
}

// Page is a page of matches, best first.
type Page struct {
	Edges        []*Edge
	PageInfo     entgql.PageInfo[int]
	TotalCount   int
	Requirements []*Requirement
}
