// Package schemarelay is an entgql schema hook (ent/entc.go): the generated
// connections get non-null edges and nodes, `edges: [XEdge!]!` and
// `node: X!`, which Relay allows and which spares clients a null check per
// edge. entgql's pagers never return a nil list (an empty page has `edges:
// []`) and build an edge only for a node they loaded, so the generated Go
// types (Edges []*XEdge, Node *X) satisfy the stricter schema as they are.
package schemarelay

import (
	"fmt"

	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

// Hook makes edges and node non-null on the connection of every ent type of
// g present in s.
func Hook(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		conn, edge := s.Types[n.Name+"Connection"], s.Types[n.Name+"Edge"]
		if conn == nil || edge == nil {
			continue // not exposed as a connection
		}
		edges, node := conn.Fields.ForName("edges"), edge.Fields.ForName("node")
		if edges == nil || node == nil || edges.Type.Elem == nil {
			return fmt.Errorf("schemarelay: %s or %s is not shaped like a Relay connection", conn.Name, edge.Name)
		}
		edges.Type = ast.NonNullListType(ast.NonNullNamedType(edges.Type.Elem.Name(), nil), nil)
		node.Type = ast.NonNullNamedType(node.Type.Name(), nil)
	}
	return nil
}
