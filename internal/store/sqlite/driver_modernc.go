//go:build !sqlite_native

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"net/url"

	msqlite "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// DriverName is the database/sql driver this build of the store uses: "sqlite"
// (modernc.org/sqlite, pure Go). Built with -tags sqlite_native it is "sqlite3"
// (github.com/mattn/go-sqlite3, cgo).
const DriverName = "sqlite"

// Driver describes the SQLite driver this binary was built with.
const Driver = "modernc.org/sqlite (pure Go)"

// openDB opens a pool on the SQLite file at path whose every new connection runs pragmas; with
// immediate, transactions begin with BEGIN IMMEDIATE. modernc.org/sqlite takes both in the DSN.
func openDB(path string, pragmas []pragma, immediate bool) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p.name+"("+p.value+")")
	}
	if immediate {
		q.Set("_txlock", "immediate")
	}
	return sql.Open(DriverName, "file:"+path+"?"+q.Encode())
}

// checkDriver reports a driver built without something the store needs: nothing here (FTS5 is
// always compiled into modernc.org/sqlite).
func checkDriver(context.Context, *sql.DB) error { return nil }

// errCode returns SQLite's extended result code carried by err, if any.
func errCode(err error) (int, bool) {
	var e *msqlite.Error
	if errors.As(err, &e) {
		return e.Code(), true
	}
	return 0, false
}
