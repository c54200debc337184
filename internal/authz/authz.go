// Package authz is Cockpit's authorization, enforced once below the resolvers
// as ent privacy policies and interceptors (DESIGN.md, "Authorization"):
//
//   - every query of a type is filtered to the rows the viewer may read, so
//     node(id:), nodes, connections, nested edges, where filters and
//     totalCount agree, and a denied object looks exactly like a missing one;
//   - private fields of readable rows are blanked by interceptors;
//   - every write is checked against the viewer; a denied write is FORBIDDEN,
//     a write to an object the viewer cannot read is NOT_FOUND.
//
// The ent schemas attach the policies of this package; nothing here is called
// from resolvers.
package authz

import (
	"context"

	"github.com/coopnetwork/cockpit/internal/viewer"
)

func viewerOf(ctx context.Context) *viewer.Viewer { return viewer.FromContext(ctx) }
