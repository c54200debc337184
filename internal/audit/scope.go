package audit

import (
	"context"
	"encoding/json"
	"github.com/coopnetwork/cockpit/ent/webhookendpoint"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/surplusdistribution"
)

// Scope is who reads an audited object's change: the members of a coop,
// the admins of a network, the person it is about. It is resolved when the
// change is written, from the object's row (after the write, or before a
// delete), and stored with it.
//
//	Network                          network
//	Coop                             coop
//	Person, Availability, PersonSkill person
//	Endorsement                      person (of the endorsed skill)
//	NetworkMembership, Consent       network, person
//	Group, Skill, Invitation         network
//	GroupInvitation                  network (of the group), coop or person invited
//	Membership                       coop, person
//	PathwayEvent, MilestoneProgress  coop, person (of the membership)
//	MilestoneTemplate                coop
//	Proposal                         coop (none for a network's) or network; person of an admission's or exclusion's membership
//	Vote                             the proposal's scope; person: the voter
//	ProposalComment                  the proposal's scope
//	Project                          lead coop
//	ProjectSkillNeed, BudgetChange,
//	BudgetMotion                     the project's lead coop
//	BudgetShare, TimeEntry           the project's lead coop; person holding / logging
//	SurplusDistribution              coop
//	SurplusPart                      coop (of the distribution), person
//	BylawsVersion                    coop or network
//	ClientOrganisation, LedgerAccount,
//	LedgerEntry, LedgerLine, Invoice,
//	Payment, Payout, BooksClosure,
//	DuesCharge, CoopTimeEntry        coop (issue 17: the coop whose books or records they are)
//	InvoiceLine                      coop (of the invoice)
//	Settlement                       network, payer coop (issue 17)
//
// A type not listed has no scope: its changes are listed to nobody.
type Scope struct {
	coop, network, person *int
}

// scoper resolves scopes inside the recording transaction, caching the
// rows it looks up.
type scoper struct {
	c        *ent.Client
	known    map[string]map[int]snapshot // rows the records being written touched, by type and ID
	ctx      context.Context
	projects map[int]*int
	members  map[int]Scope
	props    map[int]Scope
	groups   map[int]*int
	skills   map[int]*int
	dists    map[int]*int
}

func newScoper(c *ent.Client, ctx context.Context, recs []*record) *scoper {
	known := map[string]map[int]snapshot{}
	for _, r := range recs {
		r.mu.Lock()
		for _, o := range r.objects {
			// A row deleted by the records is known by its last state
			// (issue 17: an invoice draft deleted with its lines).
			row := o.after
			if row == nil {
				row = o.before
			}
			if row != nil {
				if known[o.typ] == nil {
					known[o.typ] = map[int]snapshot{}
				}
				if _, seen := known[o.typ][o.id]; !seen || o.after != nil {
					known[o.typ][o.id] = row
				}
			}
		}
		r.mu.Unlock()
	}
	return &scoper{c: c, ctx: ctx, known: known, projects: map[int]*int{}, members: map[int]Scope{}, props: map[int]Scope{},
		groups: map[int]*int{}, skills: map[int]*int{}, dists: map[int]*int{}}
}

func (s *scoper) scope(o *object) (Scope, error) {
	row := o.after
	if row == nil {
		row = o.before
	}
	f := func(name string) *int { return intField(row, name) }
	id := o.id
	var err error
	var sc Scope
	switch o.typ {
	case "Network":
		sc.network = &id
	case "Coop":
		sc.coop = &id
	case "Person", "Availability", "PersonSkill", "ProfileProjectListing": // issue 18: ProfileProjectListing, the person's own
		if o.typ == "Person" {
			sc.person = &id
		} else {
			sc.person = f("person_id")
		}
	case "Endorsement":
		sc.person, err = s.skillPerson(f("person_skill_id"))
	case "NetworkMembership", "Consent":
		sc.network, sc.person = f("network_id"), f("person_id")
	case "Group", "Skill", "Invitation":
		sc.network = f("network_id")
	case "GroupInvitation":
		sc.coop, sc.person = f("coop_id"), f("person_id")
		sc.network, err = s.groupNetwork(f("group_id"))
	case "Membership":
		sc.coop, sc.person = f("coop_id"), f("person_id")
	case "PathwayEvent", "MilestoneProgress":
		sc, err = s.membership(f("membership_id"))
	case "MilestoneTemplate", "SurplusDistribution":
		sc.coop = f("coop_id")
	case "Proposal":
		sc, err = s.proposalScope(f("coop_id"), f("network_id"), f("membership_id"))
	case "Vote", "ProposalComment":
		sc, err = s.proposal(f("proposal_id"))
		if o.typ == "Vote" {
			sc.person = f("voter_id")
		}
	case "Project":
		sc.coop = f("lead_coop_id")
	case "ProjectSkillNeed", "BudgetChange", "BudgetMotion":
		sc.coop, err = s.leadCoop(f("project_id"))
	case "BudgetShare", "TimeEntry":
		sc.person = f("person_id")
		sc.coop, err = s.leadCoop(f("project_id"))
	case "SurplusPart":
		sc.person = f("person_id")
		sc.coop, err = s.distributionCoop(f("distribution_id"))
	case "BylawsVersion":
		sc.coop, sc.network = f("coop_id"), f("network_id")
	// Issue 17: the money types.
	case "ClientOrganisation", "LedgerAccount", "LedgerEntry", "LedgerLine", "Invoice", "Payment", "Payout",
		"BooksClosure", "DuesCharge", "CoopTimeEntry":
		sc.coop = f("coop_id")
	case "WebhookEndpoint":
		sc.coop, sc.network = f("coop_id"), f("network_id")
	case "WebhookDelivery":
		sc.coop, sc.network, err = s.webhookOwner(f("endpoint_id"))
	case "InvoiceLine":
		sc.coop, err = s.invoiceCoop(f("invoice_id"))
	case "Settlement":
		sc.coop, sc.network = f("payer_coop_id"), f("network_id")
	}
	return sc, err
}

// intField reads a positive integer field of a snapshot (0 is "none").
func intField(row snapshot, name string) *int {
	var v *int
	if b, ok := row[name]; ok && json.Unmarshal(b, &v) == nil && v != nil && *v > 0 {
		return v
	}
	return nil
}

// field reads a field of a row the records touched, if they did.
func (s *scoper) field(typ string, id int, name string) (*int, bool) {
	row, ok := s.known[typ][id]
	if !ok {
		return nil, false
	}
	return intField(row, name), true
}

func (s *scoper) leadCoop(projectID *int) (*int, error) {
	return cached(s.projects, projectID, func(id int) (*int, error) {
		if v, ok := s.field("Project", id, "lead_coop_id"); ok {
			return v, nil
		}
		p, err := s.c.Project.Query().Where(project.ID(id)).Select(project.FieldLeadCoopID).Only(s.ctx)
		if err != nil {
			return nil, err
		}
		return &p.LeadCoopID, nil
	})
}

func (s *scoper) groupNetwork(groupID *int) (*int, error) {
	return cached(s.groups, groupID, func(id int) (*int, error) {
		if v, ok := s.field("Group", id, "network_id"); ok {
			return v, nil
		}
		g, err := s.c.Group.Query().Where(group.ID(id)).Select(group.FieldNetworkID).Only(s.ctx)
		if err != nil {
			return nil, err
		}
		return &g.NetworkID, nil
	})
}

func (s *scoper) skillPerson(personSkillID *int) (*int, error) {
	return cached(s.skills, personSkillID, func(id int) (*int, error) {
		if v, ok := s.field("PersonSkill", id, "person_id"); ok {
			return v, nil
		}
		ps, err := s.c.PersonSkill.Query().Where(personskill.ID(id)).Select(personskill.FieldPersonID).Only(s.ctx)
		if err != nil {
			return nil, err
		}
		return &ps.PersonID, nil
	})
}

func (s *scoper) distributionCoop(distID *int) (*int, error) {
	return cached(s.dists, distID, func(id int) (*int, error) {
		if v, ok := s.field("SurplusDistribution", id, "coop_id"); ok {
			return v, nil
		}
		d, err := s.c.SurplusDistribution.Query().Where(surplusdistribution.ID(id)).Select(surplusdistribution.FieldCoopID).Only(s.ctx)
		if err != nil {
			return nil, err
		}
		return &d.CoopID, nil
	})
}

func (s *scoper) membership(membershipID *int) (Scope, error) {
	if membershipID == nil {
		return Scope{}, nil
	}
	if sc, ok := s.members[*membershipID]; ok {
		return sc, nil
	}
	if row, ok := s.known["Membership"][*membershipID]; ok {
		sc := Scope{coop: intField(row, "coop_id"), person: intField(row, "person_id")}
		s.members[*membershipID] = sc
		return sc, nil
	}
	m, err := s.c.Membership.Query().Where(membership.ID(*membershipID)).
		Select(membership.FieldCoopID, membership.FieldPersonID).Only(s.ctx)
	if ent.IsNotFound(err) {
		return Scope{}, nil
	}
	if err != nil {
		return Scope{}, err
	}
	sc := Scope{coop: &m.CoopID, person: &m.PersonID}
	s.members[*membershipID] = sc
	return sc, nil
}

func (s *scoper) proposal(proposalID *int) (Scope, error) {
	if proposalID == nil {
		return Scope{}, nil
	}
	if sc, ok := s.props[*proposalID]; ok {
		return sc, nil
	}
	if row, ok := s.known["Proposal"][*proposalID]; ok {
		sc, err := s.proposalScope(intField(row, "coop_id"), intField(row, "network_id"), intField(row, "membership_id"))
		s.props[*proposalID] = sc
		return sc, err
	}
	p, err := s.c.Proposal.Query().Where(proposal.ID(*proposalID)).
		Select(proposal.FieldCoopID, proposal.FieldNetworkID, proposal.FieldMembershipID).Only(s.ctx)
	if ent.IsNotFound(err) {
		return Scope{}, nil
	}
	if err != nil {
		return Scope{}, err
	}
	coop := &p.CoopID
	sc, err := s.proposalScope(coop, p.NetworkID, p.MembershipID)
	if err != nil {
		return Scope{}, err
	}
	s.props[*proposalID] = sc
	return sc, nil
}

func (s *scoper) proposalScope(coop, network, membershipID *int) (Scope, error) {
	sc := Scope{network: network}
	if coop != nil && *coop > 0 {
		sc.coop = coop
	}
	if membershipID != nil {
		m, err := s.membership(membershipID)
		if err != nil {
			return Scope{}, err
		}
		sc.person = m.person
	}
	return sc, nil
}

func cached(cache map[int]*int, id *int, look func(int) (*int, error)) (*int, error) {
	if id == nil {
		return nil, nil
	}
	if v, ok := cache[*id]; ok {
		return v, nil
	}
	v, err := look(*id)
	if ent.IsNotFound(err) {
		v, err = nil, nil // gone in this very transaction: no scope
	}
	if err != nil {
		return nil, err
	}
	cache[*id] = v
	return v, nil
}

// invoiceCoop is the coop of an invoice (issue 17: an InvoiceLine's scope).
func (s *scoper) invoiceCoop(invoiceID *int) (*int, error) {
	if invoiceID == nil {
		return nil, nil
	}
	if v, ok := s.field("Invoice", *invoiceID, "coop_id"); ok {
		return v, nil
	}
	i, err := s.c.Invoice.Query().Where(invoice.ID(*invoiceID)).Select(invoice.FieldCoopID).Only(s.ctx)
	if err != nil {
		return nil, err
	}
	return &i.CoopID, nil
}

// webhookOwner is the coop or network of a webhook endpoint.
func (s *scoper) webhookOwner(endpointID *int) (coop, network *int, err error) {
	if endpointID == nil {
		return nil, nil, nil
	}
	if c, ok := s.field("WebhookEndpoint", *endpointID, "coop_id"); ok {
		n, _ := s.field("WebhookEndpoint", *endpointID, "network_id")
		return c, n, nil // written (deleted) in the same transaction
	}
	ep, err := s.c.WebhookEndpoint.Query().Where(webhookendpoint.ID(*endpointID)).Only(s.ctx)
	if ent.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return ep.CoopID, ep.NetworkID, nil
}
