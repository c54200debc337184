package demo

import (
	"context"
	"fmt"

	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/publicface"
	"github.com/coopnetwork/cockpit/internal/rights"
)

// publicProfiles: the demo persons who make (parts of) their profile public,
// each through their own consent and choices (issue 18); everyone else
// stays private. Lukas switches his profile public but never gives the
// consent, so nothing of him is public either.
var publicProfiles = []struct {
	person  string
	consent bool
	in      publicface.ProfileInput
}{
	{"anna", true, publicface.ProfileInput{Name: yes(), City: yes(), Skills: yes(), Availability: yes(), Coops: yes()}},
	{"jonas", true, publicface.ProfileInput{Name: yes(), Skills: yes(), Coops: yes()}},
	{"lena", true, publicface.ProfileInput{Name: yes(), City: yes(), Skills: yes()}},
	{"julia", true, publicface.ProfileInput{Name: yes(), Skills: yes(), Availability: yes()}},
	{"mehmet", true, publicface.ProfileInput{Name: yes(), City: yes(), Skills: yes(), Availability: yes()}},
	{"lukas", false, publicface.ProfileInput{Name: yes(), Skills: yes()}},
}

func yes() *bool { t := true; return &t }

// createPublicFace publishes the demo network's directory (Anna, an admin)
// and Kollektiv Quelltext's public profile (Anna, a member), and lets the
// persons above choose their public profiles, all through the domain
// operations as the person acting.
func (s *seeder) createPublicFace(ctx context.Context) error {
	env := domainop.Env{}
	pub := &publicface.Service{Env: env}
	rs := &rights.Service{Env: env}
	anna, err := s.as(ctx, "anna")
	if err != nil {
		return err
	}
	if _, err := pub.SetNetworkDirectory(anna, s.network.ID, true); err != nil {
		return fmt.Errorf("network directory: %w", err)
	}
	services := "Web applications, data portals and campaign sites for civil society, from the first workshop to hosting."
	email, site := "hallo@kollektiv-quelltext.example", "https://kollektiv-quelltext.example"
	if _, err := pub.SetCoopProfile(anna, s.coops["qt"].ID, publicface.CoopProfileInput{Published: yes(), Services: &services,
		ContactEmail: &email, Website: &site}); err != nil {
		return fmt.Errorf("coop profile: %w", err)
	}
	for _, pp := range publicProfiles {
		as, err := s.as(ctx, pp.person)
		if err != nil {
			return err
		}
		if pp.consent {
			if _, err := rs.SetPublicProfileConsent(as, true); err != nil {
				return fmt.Errorf("%s's consent: %w", pp.person, err)
			}
		}
		if _, err := pub.SetOwnProfile(as, pp.in); err != nil {
			return fmt.Errorf("%s's public profile: %w", pp.person, err)
		}
	}
	return nil
}
