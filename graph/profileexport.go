package graph

import (
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/profileexport"
)

// profileExport is the profile export service (graph/schema/profileexport.graphql).
func (r *Resolver) profileExport() *profileexport.Service {
	return &profileexport.Service{Env: r.env}
}

func profileProjectPayload(p *profileexport.ProfileProject, err error) (*model.ProfileProjectPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ProfileProjectPayload{ProfileProject: p}, nil
}
