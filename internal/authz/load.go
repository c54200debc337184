package authz

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// viewerQuery is LoadViewer's one statement: every request pays for it, so
// the viewer's facts come back as tagged rows of a single UNION ALL instead
// of one round trip per fact. %[1]s is the placeholder of the person's ID
// ($1, or ?1 on SQLite: both name the first argument wherever it appears),
// so every person shares one statement text, which the statement cache
// (internal/store) prepares once per connection and PostgreSQL plans once.
//
//	m  coop_id, state  every membership of the person, LEFT included
//	w  network_id      the person's networks: direct network memberships, and
//	                   the networks of coops with a current (not LEFT) membership
//	a  network_id      the networks the person administers
//	d  coop_id         the coops of all the person's networks (the directory)
//	p  person_id       current (not LEFT) members of the coops where the person
//	                   is MEMBER or PAUSED (the states viewer.IsMember accepts)
const viewerQuery = `WITH mine AS (
	SELECT coop_id, state FROM memberships WHERE person_id = %[1]s
), nets AS (
	SELECT network_id FROM network_memberships WHERE person_id = %[1]s
	UNION
	SELECT nc.network_id FROM network_coops nc JOIN mine ON mine.coop_id = nc.coop_id WHERE mine.state <> 'LEFT'
)
SELECT 'm' AS kind, coop_id AS id, state AS extra FROM mine
UNION ALL
SELECT 'w', network_id, NULL FROM nets
UNION ALL
SELECT 'a', network_id, NULL FROM network_memberships WHERE person_id = %[1]s AND role = 'ADMIN'
UNION ALL
SELECT 'd', coop_id, NULL FROM network_coops WHERE network_id IN (SELECT network_id FROM nets)
UNION ALL
SELECT 'p', person_id, NULL FROM memberships
	WHERE state <> 'LEFT' AND coop_id IN (SELECT coop_id FROM mine WHERE state IN ('MEMBER', 'PAUSED'))`

var (
	viewerQueryPostgres = fmt.Sprintf(viewerQuery, "$1")
	viewerQuerySQLite   = fmt.Sprintf(viewerQuery, "?1")
)

// LoadViewer gathers what the privacy rules need to know about a person in
// one SQL statement, whatever the person's size. The statement goes to the
// driver directly, past the privacy rules: they need the very viewer being
// loaded.
func LoadViewer(ctx context.Context, client *ent.Client, personID int) (*viewer.Viewer, error) {
	v := &viewer.Viewer{
		PersonID:       personID,
		Memberships:    map[int]string{},
		Networks:       map[int]bool{},
		AdminOf:        map[int]bool{},
		DirectoryCoops: map[int]bool{},
		CoopMates:      map[int]bool{},
	}
	rows := &entsql.Rows{}
	query := viewerQueryPostgres
	if client.Driver().Dialect() != dialect.Postgres {
		query = viewerQuerySQLite
	}
	if err := client.Driver().Query(ctx, query, []any{personID}, rows); err != nil {
		return nil, fmt.Errorf("loading viewer: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			kind  string
			id    int64
			extra sql.NullString
		)
		if err := rows.Scan(&kind, &id, &extra); err != nil {
			return nil, fmt.Errorf("loading viewer: %w", err)
		}
		switch kind {
		case "m":
			v.Memberships[int(id)] = extra.String
		case "w":
			v.Networks[int(id)] = true
		case "a":
			v.AdminOf[int(id)] = true
		case "d":
			v.DirectoryCoops[int(id)] = true
		case "p":
			v.CoopMates[int(id)] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loading viewer: %w", err)
	}
	return v, nil
}
