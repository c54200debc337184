package talent

import (
	"fmt"
	"io"
	"strconv"

	"github.com/coopnetwork/cockpit/ent"
)

// Affiliation is where a suggested person comes from, in the order
// suggestTeam prefers them.
type Affiliation string

// The affiliations, most preferred first.
const (
	LeadCoop    Affiliation = "LEAD_COOP"
	PartnerCoop Affiliation = "PARTNER_COOP"
	Network     Affiliation = "NETWORK"
)

func (a Affiliation) rank() int {
	switch a {
	case LeadCoop:
		return 0
	case PartnerCoop:
		return 1
	}
	return 2
}

// MarshalGQL writes the enum value.
func (a Affiliation) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(a))) }

// UnmarshalGQL reads the enum value.
func (a *Affiliation) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("TeamAffiliation must be a string")
	}
	switch Affiliation(s) {
	case LeadCoop, PartnerCoop, Network:
		*a = Affiliation(s)
		return nil
	}
	return fmt.Errorf("%q is not a TeamAffiliation", s)
}

// TeamSuggestion is a suggested team for a project's skill needs.
type TeamSuggestion struct {
	Project   *ent.Project
	Picks     []*Pick
	Uncovered []*Uncovered
	// Shortfalls: needs whose picks give fewer hours per week than asked.
	Shortfalls []*Shortfall
}

// Pick is one person suggested for one need.
type Pick struct {
	Need                *ent.ProjectSkillNeed
	Person              *ent.Person
	PersonSkill         *ent.PersonSkill
	Affiliation         Affiliation
	HoursPerWeek        int
	OfferedHoursPerWeek int
	Reason              string
}

// Uncovered is (part of) a need nobody covers.
type Uncovered struct {
	Need             *ent.ProjectSkillNeed
	MissingHeadcount int
	Reason           string
}

// Shortfall is the hours per week of a need its picks leave uncovered
// (partial coverage: a person offering 25 of 40 h/week leaves 15).
type Shortfall struct {
	Need                  *ent.ProjectSkillNeed
	NeededHoursPerWeek    int
	CoveredHoursPerWeek   int
	ShortfallHoursPerWeek int
}

// ShortfallHoursPerWeek is what this pick leaves of the need's hours per week.
func (p *Pick) ShortfallHoursPerWeek() int { return max(p.Need.HoursPerWeek-p.HoursPerWeek, 0) }
