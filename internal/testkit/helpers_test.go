package testkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestMustIsAlwaysApplied: testkit.Must(v, err) only returns the check; a
// call without its (t) would drop the error silently, so every Must in the
// repository must be called right away.
func TestMustIsAlwaysApplied(t *testing.T) {
	root := filepath.Join("..", "..")
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name != ".." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		applied := map[ast.Expr]bool{}
		var musts []*ast.CallExpr
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			applied[call.Fun] = true
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Must" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "testkit" {
					musts = append(musts, call)
				}
			}
			return true
		})
		for _, m := range musts {
			if !applied[m] {
				t.Errorf("%s: testkit.Must(...) is never given its t: write testkit.Must(...)(t)", fset.Position(m.Pos()))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("looked at %d Go files only: is the repository root %s?", files, root)
	}
}
