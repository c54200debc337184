package graph

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/model"
)

func invitationPayload(inv *ent.Invitation, err error) (*model.InvitationPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.InvitationPayload{Invitation: inv}, nil
}
