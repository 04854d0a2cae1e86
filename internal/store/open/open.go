// Package open chooses a store backend from a location: a postgres:// or postgresql:// URL opens
// the PostgreSQL backend, anything else is a SQLite file path. It lives apart from package store
// so that store does not import its backends.
package open

import (
	"context"
	"fmt"
	"strings"

	"dossier/internal/store"
	"dossier/internal/store/sqlite"
)

// Open opens the store at dsn.
func Open(ctx context.Context, dsn string) (store.Store, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(ctx, dsn)
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("unknown store URL scheme in %q (use a file path or postgres://)", dsn)
	}
	s, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// openPostgres is replaced when the PostgreSQL backend is wired in (postgres.go).
var openPostgres = func(ctx context.Context, dsn string) (store.Store, error) {
	return nil, fmt.Errorf("PostgreSQL backend not built into this binary")
}
