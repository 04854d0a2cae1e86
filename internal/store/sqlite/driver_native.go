//go:build sqlite_native

package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3" // registers the "sqlite3" database/sql driver (cgo)
)

// DriverName is the database/sql driver this build of the store uses: "sqlite3"
// (github.com/mattn/go-sqlite3, cgo, built with -tags 'sqlite_native sqlite_fts5'). The default
// build uses "sqlite" (modernc.org/sqlite, pure Go).
const DriverName = "sqlite3"

// Driver describes the SQLite driver this binary was built with.
const Driver = "github.com/mattn/go-sqlite3 (cgo, native SQLite)"

// openDB opens a pool on the SQLite file at path whose every new connection runs pragmas; with
// immediate, transactions begin with BEGIN IMMEDIATE. mattn/go-sqlite3 takes the transaction
// mode in the DSN (_txlock); the pragmas run as statements when a connection is made (its DSN
// knows only some pragmas, and it would set synchronous=NORMAL by default).
func openDB(path string, pragmas []pragma, immediate bool) (*sql.DB, error) {
	dsn := "file:" + path
	if immediate {
		dsn += "?_txlock=immediate"
	}
	stmts := make([]string, len(pragmas))
	for i, p := range pragmas {
		stmts[i] = "PRAGMA " + p.name + " = " + p.value
	}
	return sql.OpenDB(&connector{dsn: dsn, pragmas: stmts, drv: &sqlite3.SQLiteDriver{}}), nil
}

// connector makes connections with mattn/go-sqlite3 and runs the pragmas on each.
type connector struct {
	dsn     string
	pragmas []string
	drv     *sqlite3.SQLiteDriver
}

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(*sqlite3.SQLiteConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("sqlite3 driver returned a %T, not a *sqlite3.SQLiteConn", conn)
	}
	for _, p := range c.pragmas {
		if _, err := sc.Exec(p, nil); err != nil {
			sc.Close()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return sc, nil
}

func (c *connector) Driver() driver.Driver { return c.drv }

// checkDriver refuses a native build without FTS5 (mattn/go-sqlite3 compiles it in only with
// its sqlite_fts5 build tag), with the command that fixes it.
func checkDriver(ctx context.Context, db *sql.DB) error {
	var fts5 bool
	if err := db.QueryRowContext(ctx, `SELECT sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&fts5); err != nil {
		return fmt.Errorf("check SQLite build: %w", err)
	}
	if !fts5 {
		return errors.New("this dossier was built with -tags sqlite_native but without FTS5: rebuild with -tags 'sqlite_native sqlite_fts5'")
	}
	return nil
}

// errCode returns SQLite's extended result code carried by err, if any.
func errCode(err error) (int, bool) {
	var e sqlite3.Error
	if errors.As(err, &e) {
		return int(e.ExtendedCode), true
	}
	var pe *sqlite3.Error
	if errors.As(err, &pe) && pe != nil {
		return int(pe.ExtendedCode), true
	}
	return 0, false
}
