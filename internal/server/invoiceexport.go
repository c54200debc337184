package server

import (
	"net/http"
	"strings"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/invoicing"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// InvoiceExportPath serves an invoice's structured export (issue 17;
// internal/invoicing export.go): GET /export/invoices/{id}.json or .csv,
// {id} the invoice's global ID, with the same Bearer token as /graphql and
// the same visibility as Invoice (the issuing coop's members): 401 without
// a valid token, 404 for an invoice the viewer may not read or that does
// not exist, 400 for another extension.
const InvoiceExportPath = "/export/invoices/{file}"

func invoiceExportHandler(db *store.DB, health *dbHealth, opts Options) http.Handler {
	svc := &invoicing.Service{Env: opts.env()}
	fail := func(w http.ResponseWriter, status int, code apperr.Code, msg string) {
		writeJSON(w, status, map[string]any{"errors": []map[string]any{{"message": msg, "extensions": map[string]string{"code": string(code)}}}})
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !viewer.FromContext(ctx).Authenticated() {
			w.Header().Set("WWW-Authenticate", "Bearer")
			fail(w, http.StatusUnauthorized, apperr.Unauthenticated, "sign in to export invoices")
			return
		}
		file := r.PathValue("file")
		dot := strings.LastIndexByte(file, '.')
		if dot < 0 {
			fail(w, http.StatusBadRequest, apperr.BadUserInput, "ask for {id}.json or {id}.csv")
			return
		}
		format := file[dot+1:]
		if format != invoicing.FormatJSON && format != invoicing.FormatCSV {
			fail(w, http.StatusBadRequest, apperr.BadUserInput, "ask for {id}.json or {id}.csv")
			return
		}
		id, err := gid.Decode(file[:dot])
		if err != nil {
			fail(w, http.StatusNotFound, apperr.NotFound, "invoice not found")
			return
		}
		body, contentType, name, err := svc.Export(ctx, db.Client, id, format)
		switch {
		case apperr.CodeOf(err) == apperr.NotFound:
			fail(w, http.StatusNotFound, apperr.NotFound, "invoice not found")
			return
		case err != nil:
			if store.IsUnavailable(err) {
				health.confirmDown(ctx)
			}
			opts.Logger.ErrorContext(ctx, "invoice export: failed", "err", err)
			fail(w, http.StatusInternalServerError, apperr.Internal, "internal error")
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
	})
	return withClock(opts.Clock, auth.Middleware(opts.Verifier, viewerResolver(db, health, &people.Service{Env: opts.env()}))(h))
}
