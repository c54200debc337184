package store

import (
	"context"
	"database/sql/driver"
	"reflect"

	"github.com/lib/pq"
)

// Connections for a transaction-mode pooler (issue 20). PgBouncer in
// pool_mode=transaction hands a client a server connection per transaction
// and, outside one, per statement, up to the protocol's Sync. lib/pq sends a
// statement with arguments in two round trips by default (Parse, Describe,
// Sync to learn the parameter types, then Bind, Execute, Sync): the second
// half may land on another server connection, which knows no such statement
// ("unnamed prepared statement does not exist", 26000). With
// Options.NoPreparedStatements the pool sends each statement in one round
// trip instead (lib/pq's binary_parameters: Parse, Bind, Execute, Sync),
// which also saves a round trip per statement on a direct connection.
//
// In that mode lib/pq sends []byte arguments in binary format, which
// PostgreSQL reads as the column type's binary representation: a jsonb
// column takes a version byte first, so JSON sent that way would be
// refused. textArgsConn sends them as text, as lib/pq does otherwise
// (Cockpit has no bytea column).

// pgConnector returns the connector of dsn; oneRoundTrip selects the
// single-round-trip protocol described above.
func pgConnector(dsn string, oneRoundTrip bool) (driver.Connector, error) {
	if !oneRoundTrip {
		return pq.NewConnector(dsn)
	}
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.BinaryParameters = true
	c, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, err
	}
	return textArgsConnector{c}, nil
}

type textArgsConnector struct{ driver.Connector }

func (c textArgsConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &textArgsConn{conn}, nil
}

// pqConn is what database/sql uses of a lib/pq connection.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

// textArgsConn is a lib/pq connection whose byte-slice arguments (after
// driver.Valuer) are sent as text.
type textArgsConn struct{ driver.Conn }

func (c *textArgsConn) pq() pqConn { return c.Conn.(pqConn) }

func (c *textArgsConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.pq().BeginTx(ctx, opts)
}

func (c *textArgsConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.pq().PrepareContext(ctx, query)
}

func (c *textArgsConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.pq().QueryContext(ctx, query, args)
}

func (c *textArgsConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.pq().ExecContext(ctx, query, args)
}

func (c *textArgsConn) Ping(ctx context.Context) error { return c.pq().Ping(ctx) }

func (c *textArgsConn) ResetSession(ctx context.Context) error { return c.pq().ResetSession(ctx) }

func (c *textArgsConn) IsValid() bool { return c.pq().IsValid() }

// CheckNamedValue converts as lib/pq and database/sql would, then turns
// byte slices into strings.
func (c *textArgsConn) CheckNamedValue(nv *driver.NamedValue) error {
	err := c.pq().CheckNamedValue(nv)
	if err == driver.ErrSkip {
		nv.Value, err = driver.DefaultParameterConverter.ConvertValue(nv.Value)
	}
	if err != nil {
		return err
	}
	if b, ok := nv.Value.([]byte); ok && b != nil {
		nv.Value = string(b)
	} else if v := reflect.ValueOf(nv.Value); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 && !v.IsNil() {
		nv.Value = string(v.Bytes())
	}
	return nil
}
