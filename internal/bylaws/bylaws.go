// Package bylaws holds the values of a coop's or a network's bylaws as a
// BYLAWS (or NETWORK_BYLAWS) proposal carries them: the fields a decision
// changes, applied when the proposal passes (DESIGN.md, "Decisions": bylaws
// change only by decision, every version is kept).
package bylaws

import "github.com/coopnetwork/cockpit/internal/decision"

// Change is what a bylaws proposal changes: every field left nil stays as
// it is. The same type records a whole version (every field set) in the
// bylaws history.
type Change struct {
	// Coop bylaws.
	CandidacyDays                *int    `json:"candidacyDays,omitempty"`
	FreelancerRightToJoinDays    *int    `json:"freelancerRightToJoinDays,omitempty"`
	BuyInCents                   *int64  `json:"buyInCents,omitempty"`
	SurplusSharePercent          *int    `json:"surplusSharePercent,omitempty"`
	BudgetChangeThresholdCents   *int64  `json:"budgetChangeThresholdCents,omitempty"`
	ShareReductionConsent        *string `json:"shareReductionConsent,omitempty"`
	SurplusIncludesFormerMembers *bool   `json:"surplusIncludesFormerMembers,omitempty"`
	NetworkVotes                 *string `json:"networkVotes,omitempty"`
	NetworkDelegateID            *int    `json:"networkDelegateId,omitempty"`
	// Coop money (issue 17): dues, levy, what the surplus counts, who closes
	// the books.
	MonthlyDuesCents        *int64  `json:"monthlyDuesCents,omitempty"`
	OverheadLevyBasisPoints *int    `json:"overheadLevyBasisPoints,omitempty"`
	SurplusBasis            *string `json:"surplusBasis,omitempty"`
	BooksClosedBy           *string `json:"booksClosedBy,omitempty"`
	// Coop and network bylaws.
	DefaultRule   *string         `json:"defaultRule,omitempty"`
	QuorumPercent *int            `json:"quorumPercent,omitempty"`
	DecisionRules *decision.Rules `json:"decisionRules,omitempty"`
	Text          *string         `json:"text,omitempty"`
	// Network bylaws.
	ParticipantVoice *string `json:"participantVoice,omitempty"`
	// Project settings, carried by a PROJECT_GENERAL decision: who decides
	// the project once it passes (LEAD_COOP or SHARE_HOLDERS).
	ProjectDeciders *string `json:"projectDeciders,omitempty"`
}
