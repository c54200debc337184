package graph

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/model"
)

func commentPayload(c *ent.ProposalComment, err error) (*model.ProposalCommentPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ProposalCommentPayload{Comment: c}, nil
}
