package archive

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/clientorganisation"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// A coop's client (issue 17) is archived by its members when the coop no
// longer works for it: it keeps its projects and invoices, and the Guard
// refuses it as the client of a project or of a new invoice until it is
// restored (issuing a draft made before is refused as well, by
// internal/invoicing).
func init() {
	kinds["ClientOrganisation"] = kind{
		rule: authz.ArchiveClient,
		check: func(v *viewer.Viewer, n ent.Noder) error {
			return authz.CanManageClients(v, n.(*ent.ClientOrganisation).CoopID)
		},
		lock: func(o *domainop.Op, id int) (bool, ent.Noder, error) {
			c, err := o.C.ClientOrganisation.Query().Where(clientorganisation.ID(id)).Unique(false).Modify(LockForArchive).Only(o.Sys)
			if err != nil {
				return false, nil, err
			}
			return c.ArchivedAt != nil, c, nil
		},
		write: func(o *domainop.Op, id int, archive bool) error {
			u := o.C.ClientOrganisation.UpdateOneID(id)
			if archive {
				u.SetArchivedAt(o.Now)
			} else {
				u.ClearArchivedAt()
			}
			return u.Exec(o.As(authz.ArchiveClient))
		},
	}
}
