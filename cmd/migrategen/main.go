// Command migrategen writes a new versioned migration for each dialect from
// the difference between the ent schema and the committed migrations. It is a
// developer tool: run it after changing ent/schema and commit its output.
//
//	go run ./cmd/migrategen -name add_endorsements -postgres-dev 'postgres://localhost/cockpit_dev?sslmode=disable'
//
// The PostgreSQL dev database must be empty and is wiped by Atlas; SQLite uses
// an in-memory one. After hand-editing a new migration (a data backfill),
// run it with -rehash to update the checksums.
package main

import (
	"context"
	"flag"
	"log"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "github.com/coopnetwork/cockpit/ent/migrate"
	_ "github.com/coopnetwork/cockpit/internal/store" // registers the pure-Go SQLite driver
)

func main() {
	name := flag.String("name", "", "migration name, e.g. add_endorsements")
	pgDev := flag.String("postgres-dev", "", "URL of an empty scratch PostgreSQL database (skip PostgreSQL when empty)")
	rehash := flag.Bool("rehash", false, "only rewrite atlas.sum of both directories, after a hand edit of a migration (e.g. a data backfill)")
	flag.Parse()
	if *rehash {
		for _, p := range []string{"internal/store/migrations/sqlite", "internal/store/migrations/postgres"} {
			dir, err := migrate.NewLocalDir(p)
			if err != nil {
				log.Fatalf("%s: %v", p, err)
			}
			sum, err := dir.Checksum()
			if err != nil {
				log.Fatalf("%s: %v", p, err)
			}
			if err := migrate.WriteSumFile(dir, sum); err != nil {
				log.Fatalf("%s: %v", p, err)
			}
		}
		return
	}
	if *name == "" {
		log.Fatal("-name is required")
	}
	ctx := context.Background()
	gen := func(dia, dirPath, devURL string) {
		dir, err := migrate.NewLocalDir(dirPath)
		if err != nil {
			log.Fatalf("%s: %v", dirPath, err)
		}
		err = entmigrate.NamedDiff(ctx, devURL, *name,
			schema.WithDir(dir),
			schema.WithMigrationMode(schema.ModeReplay),
			schema.WithDialect(dia),
			schema.WithFormatter(migrate.DefaultFormatter),
			schema.WithDropColumn(true),
			schema.WithDropIndex(true),
		)
		if err != nil {
			log.Fatalf("%s: %v", dia, err)
		}
		log.Printf("%s: migrations in %s are up to date", dia, dirPath)
	}
	gen(dialect.SQLite, "internal/store/migrations/sqlite", "sqlite://dev?mode=memory&_pragma=foreign_keys(1)")
	if *pgDev != "" {
		gen(dialect.Postgres, "internal/store/migrations/postgres", *pgDev)
	}
}
