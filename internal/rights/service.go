package rights

import (
	"context"
	"encoding/json"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Service carries out the data-rights operations. Build it with its
// dependencies; each call runs in the request's transaction as its viewer.
type Service struct{ Env domainop.Env }

// ExportMine is the viewer's export (exportMyData, GET /export/me) as JSON.
// c is the client to read with (the shared one for queries).
func (svc *Service) ExportMine(ctx context.Context, c *ent.Client) (json.RawMessage, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return nil, apperr.New(apperr.Unauthenticated, "sign in to export your data")
	}
	x, err := ExportPerson(authz.SystemRead(ctx), c, v.PersonID, svc.Env.Now())
	if err != nil {
		return nil, err
	}
	return json.Marshal(x)
}
