// Package invoicing is the lead coop's side of issue 17 from work to
// invoice: its clients, a project's client, contact and PM, and invoices
// (drafts from time entries and fixed items, issue with gap-free numbers,
// cancellation by credit note), their export and the project's invoiced /
// received / outstanding figures.
//
// Every operation runs in the request's transaction (domainop), checks its
// rule (internal/authz invoices.go) and writes under it. Bad input changes
// nothing; what the viewer may not read is NOT_FOUND.
package invoicing

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/clientorganisation"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// Service holds the operations. Build it once.
type Service struct{ Env domainop.Env }

// ClientFields are the fields of a client; nil leaves a field as it is on
// update, an empty string clears an optional one.
type ClientFields struct {
	Name, Street, PostalCode, City, Country, VatID, Email *string
}

func (f ClientFields) check() error {
	lengths := []struct {
		field string
		v     *string
		max   int
	}{{"name", f.Name, 200}, {"street", f.Street, 200}, {"postalCode", f.PostalCode, 20}, {"city", f.City, 200},
		{"vatID", f.VatID, 30}, {"email", f.Email, 320}}
	for _, l := range lengths {
		if l.v != nil && utf8.RuneCountInString(*l.v) > l.max {
			return apperr.InvalidField(l.field, "%s: at most %d characters", l.field, l.max)
		}
	}
	if f.Name != nil && strings.TrimSpace(*f.Name) == "" {
		return apperr.InvalidField("name", "name: must not be empty")
	}
	if f.Country != nil {
		c := *f.Country
		if len(c) != 2 || strings.ToUpper(c) != c || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			return apperr.InvalidField("country", "country: an ISO 3166-1 alpha-2 code in upper case, e.g. DE")
		}
	}
	if f.Email != nil && *f.Email != "" && !strings.Contains(*f.Email, "@") {
		return apperr.InvalidField("email", "email: not an e-mail address")
	}
	return nil
}

// CreateClient adds a client to coopID (ManageClients).
func (svc *Service) CreateClient(ctx context.Context, coopID int, f ClientFields) (*ent.ClientOrganisation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := o.C.Coop.Get(o.Ctx, coopID); err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanManageClients(o.V, coopID); err != nil {
		return nil, err
	}
	if f.Name == nil {
		return nil, apperr.InvalidField("name", "name: required")
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	c := o.C.ClientOrganisation.Create().SetCoopID(coopID).SetName(strings.TrimSpace(*f.Name)).
		SetNillableCountry(f.Country)
	setOpt(f.Street, c.SetStreet)
	setOpt(f.PostalCode, c.SetPostalCode)
	setOpt(f.City, c.SetCity)
	setOpt(f.VatID, c.SetVatID)
	setOpt(f.Email, c.SetEmail)
	cl, err := c.Save(o.As(authz.ManageClients))
	if err != nil {
		return nil, err
	}
	return o.C.ClientOrganisation.Get(o.Ctx, cl.ID)
}

func setOpt(v *string, set func(string) *ent.ClientOrganisationCreate) {
	if v != nil && *v != "" {
		set(*v)
	}
}

// UpdateClient changes a client's fields (ManageClients).
func (svc *Service) UpdateClient(ctx context.Context, id int, f ClientFields) (*ent.ClientOrganisation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	cl, err := o.C.ClientOrganisation.Get(o.Ctx, id)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "id", "id: not found")
	}
	if err := authz.CanManageClients(o.V, cl.CoopID); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	u := o.C.ClientOrganisation.UpdateOneID(id)
	if f.Name != nil {
		u.SetName(strings.TrimSpace(*f.Name))
	}
	if f.Country != nil {
		u.SetCountry(*f.Country)
	}
	for _, s := range []struct {
		v     *string
		set   func(string) *ent.ClientOrganisationUpdateOne
		clear func() *ent.ClientOrganisationUpdateOne
	}{
		{f.Street, u.SetStreet, u.ClearStreet}, {f.PostalCode, u.SetPostalCode, u.ClearPostalCode},
		{f.City, u.SetCity, u.ClearCity}, {f.VatID, u.SetVatID, u.ClearVatID}, {f.Email, u.SetEmail, u.ClearEmail},
	} {
		switch {
		case s.v == nil:
		case *s.v == "":
			s.clear()
		default:
			s.set(*s.v)
		}
	}
	if err := u.Exec(o.As(authz.ManageClients)); err != nil {
		return nil, err
	}
	return o.C.ClientOrganisation.Get(o.Ctx, id)
}

// lockProject reads a project with the viewer's rights (NOT_FOUND naming
// field otherwise), then fresh under its row lock for the rest of the
// transaction.
func lockProject(o *domainop.Op, id int, field string) (*ent.Project, error) {
	p, err := o.C.Project.Get(o.Ctx, id)
	if err != nil {
		return nil, apperr.FieldNotFound(err, field, field+": not found")
	}
	return o.C.Project.Query().Where(project.ID(p.ID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
}

// SetProjectClient sets the project's client (one of the lead coop's) and
// its contact person (a current MEMBER of the lead coop), SetProjectClient.
// A nil contact clears it.
func (svc *Service) SetProjectClient(ctx context.Context, projectID, clientID int, contactID *int) (*ent.Project, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	p, err := lockProject(o, projectID, "projectID")
	if err != nil {
		return nil, err
	}
	if err := authz.CanSetProjectClient(o.V, p.LeadCoopID); err != nil {
		return nil, err
	}
	cl, err := o.C.ClientOrganisation.Get(o.Ctx, clientID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "clientID", "clientID: not found")
	}
	if cl.CoopID != p.LeadCoopID {
		return nil, apperr.InvalidField("clientID", "clientID: the client must be one of the lead coop's clients")
	}
	u := o.C.Project.UpdateOneID(p.ID).SetClientID(cl.ID)
	if contactID == nil {
		u.ClearClientContactID()
	} else {
		n, err := o.C.Membership.Query().Where(membership.CoopID(p.LeadCoopID), membership.PersonID(*contactID),
			membership.StateEQ(membership.StateMEMBER)).Count(o.Sys)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			// Whether the person exists at all is not told: the lead
			// coop's current members are all the contact can be.
			return nil, apperr.InvalidField("contactID", "contactID: the contact must be a current member of the lead coop")
		}
		u.SetClientContactID(*contactID)
	}
	if err := u.Exec(o.As(authz.SetProjectClient)); err != nil {
		return nil, err
	}
	return o.C.Project.Get(o.Ctx, p.ID)
}

// SetProjectPM sets who is paid the project's PM charge (SetProjectPM):
//   - a person (personID): a freelancer holding a share of the project, or
//     a current MEMBER of the lead coop or of a coop holding a share;
//   - a coop (coopID): a partner coop holding a share of the project (the
//     lead coop is the default and is set by giving neither);
//   - neither: the lead coop keeps the PM charge.
func (svc *Service) SetProjectPM(ctx context.Context, projectID int, personID, coopID *int) (*ent.Project, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	p, err := lockProject(o, projectID, "projectID")
	if err != nil {
		return nil, err
	}
	if err := authz.CanSetProjectPM(o.V, p.LeadCoopID); err != nil {
		return nil, err
	}
	if personID != nil && coopID != nil {
		return nil, apperr.InvalidField("coopID", "give a PM person or a PM coop, not both")
	}
	shares, err := o.C.BudgetShare.Query().Where(budgetshare.ProjectID(p.ID)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	holderCoops := []int{p.LeadCoopID}
	var holderPersons []int
	for _, s := range shares {
		if s.CoopID != nil {
			holderCoops = append(holderCoops, *s.CoopID)
		}
		if s.PersonID != nil {
			holderPersons = append(holderPersons, *s.PersonID)
		}
	}
	u := o.C.Project.UpdateOneID(p.ID).ClearPmPersonID().ClearPmCoopID()
	switch {
	case personID != nil:
		ok := false
		for _, h := range holderPersons {
			ok = ok || h == *personID
		}
		if !ok {
			n, err := o.C.Membership.Query().Where(membership.PersonID(*personID), membership.CoopIDIn(holderCoops...),
				membership.StateEQ(membership.StateMEMBER)).Count(o.Sys)
			if err != nil {
				return nil, err
			}
			ok = n > 0
		}
		if !ok {
			return nil, apperr.InvalidField("personID", "personID: the PM must hold a share of the project or be a current member of the lead coop or of a coop holding a share")
		}
		u.SetPmPersonID(*personID)
	case coopID != nil:
		if *coopID == p.LeadCoopID {
			return nil, apperr.InvalidField("coopID", "coopID: the lead coop keeps the PM charge when no PM is set; give neither personID nor coopID")
		}
		ok := false
		for _, s := range shares {
			ok = ok || (s.CoopID != nil && *s.CoopID == *coopID)
		}
		if !ok {
			return nil, apperr.InvalidField("coopID", "coopID: a PM coop must hold a share of the project")
		}
		u.SetPmCoopID(*coopID)
	}
	if err := u.Exec(o.As(authz.SetProjectPM)); err != nil {
		return nil, err
	}
	return o.C.Project.Get(o.Ctx, p.ID)
}

// ClientsOf is the query of coopID's clients (read with the viewer's
// rights: its members see them).
func ClientsOf(c *ent.Client, coopID int) *ent.ClientOrganisationQuery {
	return c.ClientOrganisation.Query().Where(clientorganisation.CoopID(coopID))
}
