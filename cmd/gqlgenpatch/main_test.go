package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const object = `func (ec *executionContext) _X(ctx context.Context) graphql.Marshaler {
	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	out.Dispatch(ctx)
	if n := len(deferred.Defers); n > 0 {
		ec.ProcessDeferredGroup(deferred)
	}
	return out
}
`

func write(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "generated.go")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPatch: every eager group becomes an empty one, and a second run
// changes nothing.
func TestPatch(t *testing.T) {
	p := write(t, object+object)
	for run := 1; run <= 2; run++ {
		if err := patch(p); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		got, _ := os.ReadFile(p)
		if strings.Contains(string(got), "NewDeferredGroup") || strings.Count(string(got), empty) != 2 {
			t.Fatalf("run %d:\n%s", run, got)
		}
	}
}

// TestRefusesDeferredFields: generated code that fills a group (a field
// under @defer) or has no group at all is refused and left as it is.
func TestRefusesDeferredFields(t *testing.T) {
	deferring := strings.Replace(object, "\tout.Dispatch(ctx)\n",
		"\tdeferred.Defers[\"label\"] = nil\n\tout.Dispatch(ctx)\n", 1)
	for name, src := range map[string]string{"a deferred field": deferring, "no group": "package generated\n"} {
		p := write(t, src)
		if err := patch(p); err == nil {
			t.Errorf("%s: patched", name)
		}
		if got, _ := os.ReadFile(p); string(got) != src {
			t.Errorf("%s: the file changed", name)
		}
	}
}
