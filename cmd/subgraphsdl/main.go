// Command subgraphsdl prints Cockpit's Apollo Federation subgraph SDL, the
// answer to { _service { sdl } }, without a database: CI composes it with the
// test subgraphs in testdata/federation (tools/compose).
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/coopnetwork/cockpit/graph"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

func main() {
	sdl, err := serviceSDL()
	if err != nil {
		fmt.Fprintln(os.Stderr, "subgraphsdl:", err)
		os.Exit(1)
	}
	fmt.Print(sdl)
}

// serviceSDL asks the executable schema, as a router would; _service needs
// no resolver that touches the database, so there is no ent client.
func serviceSDL() (string, error) {
	srv := handler.New(graph.NewSubgraphSchema(nil, domainop.Env{}))
	srv.AddTransport(transport.POST{})
	srv.Use(extension.Introspection{}) // _service is refused when introspection is off
	req := httptest.NewRequest(http.MethodPost, "/subgraph/graphql", strings.NewReader(`{"query":"{ _service { sdl } }"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var res struct {
		Data struct {
			Service struct{ SDL string } `json:"_service"`
		}
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		return "", fmt.Errorf("decoding the answer: %w", err)
	}
	if len(res.Errors) > 0 || res.Data.Service.SDL == "" {
		return "", fmt.Errorf("no SDL: %+v", res.Errors)
	}
	return res.Data.Service.SDL, nil
}
