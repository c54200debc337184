package cli

import (
	"io"
	"testing"
)

// TestPreparedStatementsFlag: statements are prepared unless
// --db-prepared-statements=false or COCKPIT_DB_PREPARED_STATEMENTS=false
// says otherwise; the command line wins over the environment.
func TestPreparedStatementsFlag(t *testing.T) {
	for _, c := range []struct {
		name   string
		env    map[string]string
		args   []string
		wantNo bool
	}{
		{"default", nil, nil, false},
		{"flag off", nil, []string{"--db-prepared-statements=false"}, true},
		{"environment off", map[string]string{"COCKPIT_DB_PREPARED_STATEMENTS": "false"}, nil, true},
		{"flag over environment", map[string]string{"COCKPIT_DB_PREPARED_STATEMENTS": "false"}, []string{"--db-prepared-statements=true"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := newFlags("serve", "", func(k string) (string, bool) { v, ok := c.env[k]; return v, ok }, io.Discard)
			p := fs.pool()
			if err := fs.parse(c.args); err != nil {
				t.Fatal(err)
			}
			if got := p.options().NoPreparedStatements; got != c.wantNo {
				t.Errorf("NoPreparedStatements = %v, want %v", got, c.wantNo)
			}
		})
	}
}
