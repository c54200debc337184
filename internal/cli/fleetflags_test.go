package cli

import (
	"io"
	"testing"
)

// TestPreparedStatementsBehindPooler: with a listen URL other than the
// database URL (the pool goes through PgBouncer), statements run unprepared
// unless the flag or its environment variable asks for them.
func TestPreparedStatementsBehindPooler(t *testing.T) {
	const db, direct = "postgres://u@pgbouncer:6432/c", "postgres://u@postgres:5432/c"
	for _, c := range []struct {
		name   string
		env    map[string]string
		args   []string
		wantNo bool
	}{
		{"no listen URL", nil, []string{"--database", db}, false},
		{"listen URL equal to the database URL", nil, []string{"--database", db, "--listen-database-url", db}, false},
		{"listen URL", nil, []string{"--database", db, "--listen-database-url", direct}, true},
		{"listen URL from the environment", map[string]string{"COCKPIT_LISTEN_DATABASE_URL": direct}, []string{"--database", db}, true},
		{"flag asks for prepared statements", nil, []string{"--database", db, "--listen-database-url", direct, "--db-prepared-statements=true"}, false},
		{"environment asks for prepared statements", map[string]string{"COCKPIT_DB_PREPARED_STATEMENTS": "true"}, []string{"--database", db, "--listen-database-url", direct}, false},
		{"flag off", nil, []string{"--database", db, "--db-prepared-statements=false"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := newFlags("serve", "", func(k string) (string, bool) { v, ok := c.env[k]; return v, ok }, io.Discard)
			dbURL := fs.database()
			p := fs.pool()
			fl := fs.fleet()
			if err := fs.parse(c.args); err != nil {
				t.Fatal(err)
			}
			if got := fl.poolOptions(fs, p, *dbURL, nil).NoPreparedStatements; got != c.wantNo {
				t.Errorf("NoPreparedStatements = %v, want %v", got, c.wantNo)
			}
		})
	}
}
