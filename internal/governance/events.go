package governance

import (
	"github.com/coopnetwork/cockpit/internal/events"
)

// Live updates (pathwayChanged, proposalChanged): published with the
// operation's transaction, delivered after it commits.

// Changes of a coop's proposals as proposalChanged names them.
const (
	ProposalOpened = "OPENED"
	VoteCast       = "VOTE_CAST"
	ProposalClosed = "CLOSED"
)

// pathwayChanged announces a change of the membership's pathway: its state,
// or what is still missing for the next step.
func (o *op) pathwayChanged(membershipID int) {
	o.Publish(events.Event{Topic: events.Topic{Kind: events.Pathway, ID: membershipID}})
}

// proposalChanged announces a change of a coop's proposal.
func (o *op) proposalChanged(coopID, proposalID int, change string) {
	o.Publish(events.Event{Topic: events.Topic{Kind: events.Proposals, ID: coopID}, Object: proposalID, Change: change})
}
