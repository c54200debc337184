package server

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

// The GraphiQL page and its assets, all served by Cockpit (no CDN), so /
// works offline. vendor/ holds the minified npm builds of graphiql and
// React with their licenses (scripts/vendor-graphiql.sh refreshes them).
//
//go:embed graphiql
var graphiqlFiles embed.FS

// graphiqlCSP allows only this server's own scripts, styles and API; the
// inline styles and data: fonts are GraphiQL's own.
const graphiqlCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"font-src 'self' data:; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"

func graphiqlHandlers(mux *http.ServeMux) {
	sub, _ := fs.Sub(graphiqlFiles, "graphiql")
	index, _ := fs.ReadFile(sub, "index.html")
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", graphiqlCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(index)
	})
	files := http.StripPrefix("/graphiql/", http.FileServerFS(sub))
	mux.Handle("GET /graphiql/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "/graphiql/index.html" {
			http.NotFound(w, r) // no directory listings; the page is at /
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}
