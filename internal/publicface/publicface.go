// Package publicface is Cockpit's public face (issue 18, item 1): what
// persons, coops and networks opted to show to anyone, without a login.
//
// The opt-in rule is written once, here, as ent predicates (Listed,
// CoopListed, DirectoryNetwork): the directory's queries and the public
// talent search's ranking statement (talent.Searcher.RankOnly) apply the same
// predicates in SQL. Everything is read on Cockpit's own behalf (the system
// context), never with the caller's rights, so a token changes nothing: the
// answer is the same with or without one.
//
// A person is listed when they switched their name public, hold the
// current PUBLIC_PROFILE consent (rights.PublicProfileVersion, not
// withdrawn) and are not erased; each further item (city, skills with
// levels, availability summary, coops) is shown only when switched on as
// well. A person's coops are their current MEMBER affiliations with coops
// that have a public profile themselves. A coop is listed in the directory
// of a network it belongs to when its public profile is on; the skills it
// offers are derived: the network's skills its current MEMBERs show on
// their public profiles. A network's directory (and its public talent
// search) exist only while its admins published it.
package publicface

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/talent"
)

// Page sizes of the public connections (persons, coops, talent matches):
// DefaultFirst without first (through GraphQL the server's default page
// size applies, see internal/server's limits), at most MaxFirst: a larger
// first gives MaxFirst.
const (
	DefaultFirst = 20
	MaxFirst     = 50
)

// Service answers the public read model and makes the opt-in writes.
type Service struct {
	Env domainop.Env
	// Taxonomies, when set, keeps network taxonomies between searches.
	Taxonomies *talent.TaxonomyCache
}

// Listed is the opt-in rule for persons: the name is switched public, the
// person holds the current public-profile consent and is not erased.
func Listed() predicate.Person {
	return person.And(
		person.PublicName(true),
		person.ErasedAtIsNil(),
		person.HasConsentsWith(
			consent.KindEQ(consent.KindPUBLIC_PROFILE),
			consent.Version(rights.PublicProfileVersion),
			consent.WithdrawnAtIsNil(),
		),
	)
}

// InNetwork: the person takes part in the network, directly or through a
// current membership (any state but LEFT) in one of its coops.
func InNetwork(networkID int) predicate.Person {
	return person.Or(
		person.HasNetworkMembershipsWith(networkmembership.NetworkID(networkID)),
		person.HasMembershipsWith(membership.StateNEQ(membership.StateLEFT),
			membership.HasCoopWith(coop.HasNetworksWith(network.ID(networkID)))),
	)
}

// ListedIn: the persons of the network's public directory.
func ListedIn(networkID int) predicate.Person {
	return person.And(Listed(), InNetwork(networkID))
}

// CoopListed is the opt-in rule for coops: the public profile is on and
// the coop is not archived (an archived coop leaves every list).
func CoopListed() predicate.Coop { return coop.And(coop.PublicProfile(true), coop.ArchivedAtIsNil()) }

// SkillShown: the skills the public face shows, in the taxonomy and on
// profiles: an archived skill leaves every public list, as it leaves the
// API's lists.
func SkillShown() predicate.Skill { return skill.ArchivedAtIsNil() }

// CoopListedIn: the coops of the network's public directory.
func CoopListedIn(networkID int) predicate.Coop {
	return coop.And(CoopListed(), coop.HasNetworksWith(network.ID(networkID)))
}

// DirectoryNetwork: the network with this slug, if its admins published its
// directory.
func DirectoryNetwork(slug string) predicate.Network {
	return network.And(network.Slug(slug), network.PublicDirectory(true))
}

// network reads a published network by slug (nil when there is none).
func (s *Service) network(ctx context.Context, c *ent.Client, slug string) (*ent.Network, error) {
	n, err := c.Network.Query().Where(DirectoryNetwork(slug)).Only(sys(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return n, err
}

func (s *Service) today() time.Time { return s.Env.Now().UTC().Truncate(24 * time.Hour) }
