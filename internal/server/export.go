package server

import (
	"net/http"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// ExportPath serves the signed-in person's data export (exportMyData) as a
// JSON file download, with the same Bearer token as /graphql.
const ExportPath = "/export/me"

// exportHandler answers GET /export/me: the viewer's export as an
// attachment named cockpit-export-<date>.json; 401 without a valid token.
func exportHandler(db *store.DB, health *dbHealth, opts Options) http.Handler {
	svc := &rights.Service{Env: opts.env()}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !viewer.FromContext(ctx).Authenticated() {
			w.Header().Set("WWW-Authenticate", "Bearer")
			writeJSON(w, http.StatusUnauthorized, map[string]any{"errors": []map[string]any{{
				"message": "sign in to export your data", "extensions": map[string]string{"code": string(apperr.Unauthenticated)}}}})
			return
		}
		doc, err := svc.ExportMine(ctx, db.Client)
		if err != nil {
			if store.IsUnavailable(err) {
				health.confirmDown(ctx)
			}
			opts.Logger.ErrorContext(ctx, "export: failed", "err", err)
			writeJSON(w, http.StatusInternalServerError, map[string]any{"errors": []map[string]any{{
				"message": "internal error", "extensions": map[string]string{"code": string(apperr.Internal)}}}})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="cockpit-export-`+opts.Clock.Now().UTC().Format("2006-01-02")+`.json"`)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(doc)
	})
	return withClock(opts.Clock, auth.Middleware(opts.Verifier, viewerResolver(db, health, &people.Service{Env: opts.env()}))(h))
}
