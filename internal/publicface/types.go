package publicface

import (
	"time"

	"entgo.io/contrib/entgql"
)

// The public read model: plain values copied from the rows, holding only
// what was opted in. They are not Node types and carry no global IDs.

// Network is a network that published its directory.
type Network struct {
	Name        string
	Slug        string
	Description string
}

// Directory is a network's public directory; its lists are read on demand
// (Service.Persons, Coops, Skills).
type Directory struct {
	Network *Network
	id      int
}

// Skill is a skill of a network's taxonomy.
type Skill struct {
	Name    string
	Slug    string
	Aliases []string
	// Parent is the slug of the parent skill, if any.
	Parent *string
	id     int
}

// PersonSkill is a public skill of a person with its level (1-5).
type PersonSkill struct {
	Skill *Skill
	Level int
}

// Window is one availability window: hours per week from a date, until a
// date or open.
type Window struct {
	HoursPerWeek int
	From         time.Time
	Until        *time.Time
}

// CoopRef names a public coop (a person's affiliation).
type CoopRef struct {
	Name string
	Slug string
}

// Person is a public person profile. Nil lists (and City) are items the
// person did not make public; empty lists are public but empty.
type Person struct {
	Name         string
	City         *string
	Skills       []*PersonSkill
	Availability []*Window
	Coops        []*CoopRef
	id           int
}

// Coop is a public coop profile.
type Coop struct {
	Name         string
	Slug         string
	City         string
	Services     string
	ContactEmail *string
	Website      *string
	// SkillsOffered: the network's skills its current MEMBERs show on
	// their public profiles, by name.
	SkillsOffered []*Skill
	id            int
}

// PersonEdge, PersonConnection, CoopEdge, CoopConnection: Relay pages in
// internal ID order.
type PersonEdge struct {
	Node   *Person
	Cursor entgql.Cursor[int]
}

// PersonConnection is a page of public persons.
type PersonConnection struct {
	Edges      []*PersonEdge
	PageInfo   entgql.PageInfo[int]
	TotalCount int
}

// CoopEdge is a public coop with its cursor.
type CoopEdge struct {
	Node   *Coop
	Cursor entgql.Cursor[int]
}

// CoopConnection is a page of public coops.
type CoopConnection struct {
	Edges      []*CoopEdge
	PageInfo   entgql.PageInfo[int]
	TotalCount int
}

// MatchedSkill is how a public match meets one requirement.
type MatchedSkill struct {
	// Requirement is the skill asked for; Skill the person's skill that
	// meets it (the same, or one below it: ViaChildSkill).
	Requirement   *Skill
	Skill         *Skill
	Level         int
	ViaChildSkill bool
}

// Match is one person found by the public talent search.
type Match struct {
	Person  *Person
	Matched []*MatchedSkill
	// Missing lists the required skills the person does not meet.
	Missing []*Skill
}

// MatchEdge is a match with its cursor.
type MatchEdge struct {
	Node   *Match
	Cursor entgql.Cursor[int]
}

// MatchConnection is a page of public matches, best first.
type MatchConnection struct {
	Edges      []*MatchEdge
	PageInfo   entgql.PageInfo[int]
	TotalCount int
}

// SearchInput is a public talent search: talentSearch's requirements and
// filters that look only at public items (a city filter finds only persons
// who show their city, an availability filter only those who show their
// availability).
type SearchInput struct {
	Requirements    []*Requirement
	RequireAll      bool
	City            *string
	AvailableFrom   *time.Time
	AvailableUntil  *time.Time
	MinHoursPerWeek *int
}

// Requirement names a skill by name, alias or slug with a minimum level.
type Requirement struct {
	Skill    string
	MinLevel int
}
