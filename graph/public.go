package graph

import (
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/publicface"
)

// The public face's service and input conversions (public.resolvers.go).

func (r *Resolver) public() *publicface.Service {
	return &publicface.Service{Env: r.env, Taxonomies: r.taxonomies}
}

func publicSearchInput(in model.PublicTalentSearchInput) publicface.SearchInput {
	out := publicface.SearchInput{RequireAll: in.RequireAll, City: in.City, AvailableFrom: in.AvailableFrom,
		AvailableUntil: in.AvailableUntil, MinHoursPerWeek: in.MinHoursPerWeek}
	for _, r := range in.Requirements {
		out.Requirements = append(out.Requirements, &publicface.Requirement{Skill: r.Skill, MinLevel: r.MinLevel})
	}
	return out
}
