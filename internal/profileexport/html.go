package profileexport

import (
	"bytes"
	_ "embed"
	"html/template"
)

//go:embed resume.html.tmpl
var htmlSource string

// page renders a Resume as a self-contained printable page: inline CSS
// with print rules, no scripts, no external assets; html/template escapes
// every value for its context.
var page = template.Must(template.New("resume").Parse(htmlSource))

// HTML renders the resume as a printable HTML page.
func HTML(r *Resume) ([]byte, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
