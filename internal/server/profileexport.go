package server

import (
	"net/http"
	"strconv"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/profileexport"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// ResumePath serves the signed-in person's profile (internal/profileexport;
// issue 18, item 6) with the same Bearer token as /graphql:
// GET /profile/resume.json, a JSON Resume document (a download), and
// GET /profile/resume.html, a self-contained printable page. Both list only
// the projects the person chose (setProjectListedOnProfile) and leave the
// e-mail address out unless ?includeEmail=true. 401 without a valid token,
// 404 for another file name.
const ResumePath = "/profile/{file}"

func resumeHandler(db *store.DB, health *dbHealth, opts Options) http.Handler {
	svc := &profileexport.Service{Env: opts.env()}
	fail := func(w http.ResponseWriter, status int, code apperr.Code, msg string) {
		writeJSON(w, status, map[string]any{"errors": []map[string]any{{"message": msg, "extensions": map[string]string{"code": string(code)}}}})
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		file := r.PathValue("file")
		if file != "resume.json" && file != "resume.html" {
			fail(w, http.StatusNotFound, apperr.NotFound, "ask for /profile/resume.json or /profile/resume.html")
			return
		}
		if !viewer.FromContext(ctx).Authenticated() {
			w.Header().Set("WWW-Authenticate", "Bearer")
			fail(w, http.StatusUnauthorized, apperr.Unauthenticated, "sign in to export your profile")
			return
		}
		includeEmail := false
		if s := r.URL.Query().Get("includeEmail"); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				fail(w, http.StatusBadRequest, apperr.BadUserInput, "includeEmail: true or false")
				return
			}
			includeEmail = b
		}
		res, err := svc.Resume(ctx, db.Client, includeEmail)
		var body []byte
		if err == nil {
			if file == "resume.json" {
				body, err = profileexport.JSON(res)
			} else {
				body, err = profileexport.HTML(res)
			}
		}
		if err != nil {
			if store.IsUnavailable(err) {
				health.confirmDown(ctx)
			}
			opts.Logger.ErrorContext(ctx, "profile export: failed", "err", err)
			fail(w, http.StatusInternalServerError, apperr.Internal, "internal error")
			return
		}
		day := opts.Clock.Now().UTC().Format("2006-01-02")
		if file == "resume.json" {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Disposition", `attachment; filename="resume-`+day+`.json"`)
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Disposition", `inline; filename="resume-`+day+`.html"`)
			// The page needs nothing but its own inline styles: no script,
			// image, font or frame runs even if a value slipped through.
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
			w.Header().Set("X-Content-Type-Options", "nosniff")
		}
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
	})
	return withClock(opts.Clock, auth.Middleware(opts.Verifier, viewerResolver(db, health, &people.Service{Env: opts.env()}))(h))
}
