package graph

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/rights"
)

// rights is the data-rights service (graph/schema/rights.graphql).
func (r *Resolver) rights() *rights.Service { return &rights.Service{Env: r.env} }

func erasurePayload(e *rights.Erasure, err error) (*model.ErasurePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ErasurePayload{PersonID: e.PersonID, ErasedAt: e.ErasedAt}, nil
}

func consentPayload(c *ent.Consent, err error) (*model.ConsentPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ConsentPayload{Consent: c}, nil
}
