package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/auth"
)

// Media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// graphqlHTTP is Cockpit's one GraphQL transport, following the
// GraphQL-over-HTTP specification:
//
//   - GET carries query, operationName, variables and extensions (JSON) in
//     the URL and may only run queries (a mutation is 405, Allow: POST);
//     POST carries a JSON object with the same members (application/json).
//     Other methods are 405. Batching (a JSON array) is not offered.
//   - The response is application/graphql-response+json when the client
//     accepts it (Accept), else application/json; */*, application/* and
//     no Accept header get application/json.
//   - A request that is not well-formed (bad JSON, wrong member types, no
//     query) is 400; an unsupported Content-Type 415; a body over the
//     limit 413 PAYLOAD_TOO_LARGE. A request that cannot run (parse or
//     validation error, variable coercion, one of the Limits) has no data
//     entry and is 400 for application/graphql-response+json, 200 for
//     application/json (the spec's legacy rule). An executed operation is
//     200, unless the database is unreachable (503, INTERNAL).
type graphqlHTTP struct {
	maxBody int64
	// public: anonymous GETs of public queries are cacheable (public.go).
	public Public
}

var _ graphql.Transport = graphqlHTTP{}

// Supports takes every request on the endpoint (websockets are not offered):
// Do answers the ones it cannot serve with the right status.
func (graphqlHTTP) Supports(r *http.Request) bool { return true }

// requestError is a request that is not well-formed: it gets an HTTP status
// of its own whatever the accepted media type.
type requestError struct {
	status int
	code   apperr.Code
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) *requestError {
	return &requestError{http.StatusBadRequest, apperr.BadUserInput, fmt.Sprintf(format, args...)}
}

func (t graphqlHTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	// Answers depend on the token; never share them between clients.
	h.Add("Vary", "Authorization, Accept")
	media, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		writeRequestError(w, r, mediaJSON, &requestError{http.StatusNotAcceptable, apperr.BadUserInput,
			"cannot answer in any media type the Accept header allows; accept application/graphql-response+json or application/json"})
		return
	}
	if r.Header.Get("Upgrade") != "" {
		writeRequestError(w, r, media, badRequest("websocket subscriptions are not offered"))
		return
	}
	var params *graphql.RawParams
	var rerr *requestError
	switch r.Method {
	case http.MethodGet:
		params, rerr = paramsFromURL(r.URL.RawQuery)
	case http.MethodPost:
		params, rerr = paramsFromBody(w, r, t.maxBody)
	case http.MethodOptions:
		h.Set("Allow", "GET, POST")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		h.Set("Allow", "GET, POST")
		rerr = &requestError{http.StatusMethodNotAllowed, apperr.BadUserInput, "use GET (queries) or POST"}
	}
	if rerr != nil {
		writeRequestError(w, r, media, rerr)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: graphql.Now(), End: graphql.Now()}

	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		writeResponse(w, media, status, &requestErrorResponse{Errors: resp.Errors, Extensions: resp.Extensions})
		return
	}
	if r.Method == http.MethodGet && rc.Operation.Operation != ast.Query {
		h.Set("Allow", "POST")
		writeRequestError(w, r, media, &requestError{http.StatusMethodNotAllowed, apperr.BadUserInput,
			"only queries may be sent with GET; send " + string(rc.Operation.Operation) + "s with POST"})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	if resp == nil {
		// gqlgen gives no response once the context is done: the
		// request's deadline passed (or the client went away).
		writeRequestError(w, r, media, &requestError{http.StatusGatewayTimeout, apperr.Timeout, "the request took too long and was stopped"})
		return
	}
	status := http.StatusOK
	if unavailable(ctx) {
		// The same answer as the fast failure that follows (health.go).
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", auth.RetryAfter)
	}
	if status == http.StatusOK && publicAnswer(r, rc, resp) {
		if b, err := json.Marshal(resp); err == nil {
			writePublic(w, r, media, t.public.MaxAge, b) // public.go
			return
		}
	}
	writeResponse(w, media, status, resp)
}

// requestErrorResponse is a response without a data entry: the operation
// never ran.
type requestErrorResponse struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func writeRequestError(w http.ResponseWriter, r *http.Request, media string, e *requestError) {
	infoFrom(r.Context()).addCodes(string(e.code))
	writeResponse(w, media, e.status, &requestErrorResponse{Errors: gqlerror.List{{
		Message: e.msg, Extensions: map[string]any{"code": string(e.code)},
	}}})
}

func writeResponse(w http.ResponseWriter, media string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// negotiate picks the response media type from the Accept headers.
func negotiate(accept []string) (string, bool) {
	type option struct {
		media string
		q     float64
		i     int
	}
	var opts []option
	for _, line := range accept {
		for _, part := range strings.Split(line, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			mt, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(s, 64); err != nil {
					continue
				}
			}
			if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
				continue
			}
			var media string
			switch mt {
			case mediaGraphQLResponse:
				media = mediaGraphQLResponse
			case mediaJSON, "*/*", "application/*":
				media = mediaJSON
			default:
				continue
			}
			if q > 0 {
				opts = append(opts, option{media, q, len(opts)})
			}
		}
	}
	if len(accept) == 0 {
		return mediaJSON, true
	}
	if len(opts) == 0 {
		return "", false
	}
	sort.SliceStable(opts, func(a, b int) bool {
		if opts[a].q != opts[b].q {
			return opts[a].q > opts[b].q
		}
		// Equal preference: the newer, more precise media type wins.
		return opts[a].media == mediaGraphQLResponse && opts[b].media != mediaGraphQLResponse
	})
	return opts[0].media, true
}

// paramsFromURL reads a GET request's parameters.
func paramsFromURL(rawQuery string) (*graphql.RawParams, *requestError) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badRequest("malformed URL query: %v", err)
	}
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if v := q.Get("variables"); v != "" {
		if err := decodeObject([]byte(v), &p.Variables); err != nil {
			return nil, badRequest("variables must be a JSON object: %v", err)
		}
	}
	if v := q.Get("extensions"); v != "" {
		if err := decodeObject([]byte(v), &p.Extensions); err != nil {
			return nil, badRequest("extensions must be a JSON object: %v", err)
		}
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return nil, badRequest("the query parameter is missing")
	}
	return p, nil
}

// paramsFromBody reads a POST request's JSON body, at most max bytes.
func paramsFromBody(w http.ResponseWriter, r *http.Request, max int64) (*graphql.RawParams, *requestError) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, &requestError{http.StatusUnsupportedMediaType, apperr.BadUserInput, "the Content-Type header is missing; send application/json"}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != mediaJSON {
		return nil, &requestError{http.StatusUnsupportedMediaType, apperr.BadUserInput, "unsupported Content-Type " + strconv.Quote(ct) + "; send application/json"}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, &requestError{http.StatusUnsupportedMediaType, apperr.BadUserInput, "unsupported charset " + strconv.Quote(cs) + "; send utf-8"}
	}
	tooLarge := &requestError{http.StatusRequestEntityTooLarge, apperr.PayloadTooLarge,
		fmt.Sprintf("the request body is larger than %d bytes", max)}
	if r.ContentLength > max {
		// Refused before reading a byte of it.
		w.Header().Set("Connection", "close")
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		w.Header().Set("Connection", "close")
		return nil, tooLarge
	case err != nil:
		return nil, badRequest("could not read the request body: %v", err)
	case len(bytes.TrimSpace(body)) == 0:
		return nil, badRequest("the request body is empty; send a JSON object with a query")
	}
	var raw map[string]json.RawMessage
	if err := decodeObject(body, &raw); err != nil {
		if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '[' {
			return nil, badRequest("batching is not supported: send one operation per request")
		}
		return nil, badRequest("the body must be a JSON object: %v", err)
	}
	p := &graphql.RawParams{}
	for name, v := range raw {
		if string(v) == "null" {
			continue
		}
		var err error
		switch name {
		case "query":
			err = json.Unmarshal(v, &p.Query)
		case "operationName":
			err = json.Unmarshal(v, &p.OperationName)
		case "variables":
			err = decodeObject(v, &p.Variables)
		case "extensions":
			err = decodeObject(v, &p.Extensions)
		default:
			continue
		}
		if err != nil {
			return nil, badRequest("%s has the wrong type: %v", name, err)
		}
	}
	if _, ok := raw["query"]; (!ok || p.Query == "") && p.Extensions["persistedQuery"] == nil {
		return nil, badRequest("the query member is missing")
	}
	return p, nil
}

// decodeObject decodes a JSON object (numbers as json.Number, the way
// gqlgen expects variables), refusing anything else and trailing data.
func decodeObject(b []byte, out any) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return errors.New("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}

// unavailableKey marks a request during which the database was unreachable.
type unavailableKey struct{}

type unavailableFlag struct{ set atomic.Bool }

func withUnavailableFlag(ctx context.Context) context.Context {
	return context.WithValue(ctx, unavailableKey{}, &unavailableFlag{})
}

func markUnavailable(ctx context.Context) {
	if f, ok := ctx.Value(unavailableKey{}).(*unavailableFlag); ok {
		f.set.Store(true)
	}
}

func unavailable(ctx context.Context) bool {
	f, ok := ctx.Value(unavailableKey{}).(*unavailableFlag)
	return ok && f.set.Load()
}
