package publicface

import (
	"context"
	"net/url"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/validate"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// ProfileInput switches parts of the viewer's public profile; nil leaves a
// switch as it is.
type ProfileInput struct {
	Name         *bool
	City         *bool
	Skills       *bool
	Availability *bool
	Coops        *bool
}

// ProfileSettings are a person's public-profile choices, as only they see
// them.
type ProfileSettings struct {
	// ConsentGiven: the person holds the current public-profile consent
	// (setPublicProfileConsent); without it nothing is public.
	ConsentGiven bool
	Name         bool
	City         bool
	Skills       bool
	Availability bool
	Coops        bool
	// Listed: the person appears publicly (consent and name).
	Listed bool
}

// SetOwnProfile changes the viewer's public-profile switches
// (SetOwnPublicProfile) and returns their settings.
func (s *Service) SetOwnProfile(ctx context.Context, in ProfileInput) (*ProfileSettings, error) {
	o, err := s.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := authz.CanSetOwnPublicProfile(o.V); err != nil {
		return nil, err
	}
	u := o.C.Person.UpdateOneID(o.V.PersonID)
	if in.Name != nil {
		u.SetPublicName(*in.Name)
	}
	if in.City != nil {
		u.SetPublicCity(*in.City)
	}
	if in.Skills != nil {
		u.SetPublicSkills(*in.Skills)
	}
	if in.Availability != nil {
		u.SetPublicAvailability(*in.Availability)
	}
	if in.Coops != nil {
		u.SetPublicCoops(*in.Coops)
	}
	if _, err := u.Save(o.As(authz.SetOwnPublicProfile)); err != nil {
		return nil, err
	}
	return OwnProfile(o.Sys, o.C, o.V)
}

// OwnProfile reads the viewer's public-profile settings; nil for the
// anonymous viewer.
func OwnProfile(ctx context.Context, c *ent.Client, v *viewer.Viewer) (*ProfileSettings, error) {
	if !v.Authenticated() {
		return nil, nil
	}
	sys := authz.SystemRead(ctx)
	p, err := c.Person.Get(sys, v.PersonID)
	if err != nil {
		return nil, err
	}
	given, err := c.Consent.Query().Where(consent.PersonID(v.PersonID), consent.KindEQ(consent.KindPUBLIC_PROFILE),
		consent.Version(rights.PublicProfileVersion), consent.WithdrawnAtIsNil()).Exist(sys)
	if err != nil {
		return nil, err
	}
	return &ProfileSettings{ConsentGiven: given, Name: p.PublicName, City: p.PublicCity, Skills: p.PublicSkills,
		Availability: p.PublicAvailability, Coops: p.PublicCoops, Listed: given && p.PublicName && p.ErasedAt == nil}, nil
}

// CoopProfileInput changes a coop's public profile; nil leaves a field as
// it is, an empty string clears it.
type CoopProfileInput struct {
	Published    *bool
	Services     *string
	ContactEmail *string
	Website      *string
}

// CoopSettings is a coop's public profile as its members see it.
type CoopSettings struct {
	Published    bool
	Services     string
	ContactEmail string
	Website      string
}

// SetCoopProfile changes a coop's public profile (SetCoopPublicProfile).
// A coop the viewer cannot read is NOT_FOUND.
func (s *Service) SetCoopProfile(ctx context.Context, coopID int, in CoopProfileInput) (*CoopSettings, error) {
	o, err := s.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := o.C.Coop.Query().Where(coop.ID(coopID)).OnlyID(o.Ctx); err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanSetCoopPublicProfile(o.V, coopID); err != nil {
		return nil, err
	}
	u := o.C.Coop.UpdateOneID(coopID)
	if in.Published != nil {
		u.SetPublicProfile(*in.Published)
	}
	if in.Services != nil {
		v := strings.TrimSpace(*in.Services)
		if len(v) > 5000 {
			return nil, apperr.InvalidField("services", "services must be at most 5000 characters")
		}
		u.SetPublicServices(v)
	}
	if in.ContactEmail != nil {
		v := strings.TrimSpace(*in.ContactEmail)
		if v != "" && validate.Email(v) != nil {
			return nil, apperr.InvalidField("contactEmail", "contactEmail %s", validate.ErrInvalidEmail)
		}
		u.SetPublicContactEmail(v)
	}
	if in.Website != nil {
		v := strings.TrimSpace(*in.Website)
		if v != "" {
			if err := checkWebsite(v); err != nil {
				return nil, err
			}
		}
		u.SetPublicWebsite(v)
	}
	c, err := u.Save(o.As(authz.SetCoopPublicProfile))
	if err != nil {
		return nil, err
	}
	return coopSettings(c), nil
}

// checkWebsite accepts absolute http(s) URLs of at most 500 bytes.
func checkWebsite(v string) error {
	u, err := url.Parse(v)
	if err != nil || len(v) > 500 || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return apperr.InvalidField("website", "website must be an absolute http(s) URL of at most 500 characters")
	}
	return nil
}

func coopSettings(c *ent.Coop) *CoopSettings {
	return &CoopSettings{Published: c.PublicProfile, Services: c.PublicServices, ContactEmail: c.PublicContactEmail, Website: c.PublicWebsite}
}

// CoopProfile is the coop's public profile for its active members; nil for
// everyone else (they read the published profile in publicDirectory).
func CoopProfile(ctx context.Context, c *ent.Coop) *CoopSettings {
	if !viewer.FromContext(ctx).IsActiveMember(c.ID) {
		return nil
	}
	return coopSettings(c)
}

// SetNetworkDirectory publishes or withdraws a network's public directory
// (SetNetworkPublicDirectory) and returns the network.
func (s *Service) SetNetworkDirectory(ctx context.Context, networkID int, published bool) (*ent.Network, error) {
	o, err := s.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := authz.CanSetNetworkPublicDirectory(o.V, networkID); err != nil {
		return nil, err
	}
	if _, err := o.C.Network.Query().Where(network.ID(networkID)).OnlyID(o.Ctx); err != nil {
		return nil, apperr.FieldNotFound(err, "networkID", "networkID: not found")
	}
	return o.C.Network.UpdateOneID(networkID).SetPublicDirectory(published).Save(o.As(authz.SetNetworkPublicDirectory))
}
