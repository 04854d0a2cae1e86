// Package open chooses a store backend from a location string, so that package store does not
// import its backends: a postgres:// or postgresql:// URL opens store/postgres; anything else is
// the path of a SQLite file (store/sqlite), optionally written with a "sqlite:" prefix.
package open

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"dossier/internal/store"
	"dossier/internal/store/postgres"
	"dossier/internal/store/sqlite"
)

// Backend names the backend a location selects: "postgres" or "sqlite".
func Backend(location string) string {
	l := strings.ToLower(location)
	if strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// Open opens the store at location.
func Open(ctx context.Context, location string) (store.Store, error) {
	if strings.TrimSpace(location) == "" {
		return nil, errors.New("open store: empty location (a SQLite file path or a postgres:// URL)")
	}
	switch Backend(location) {
	case "postgres":
		s, err := postgres.Open(ctx, location)
		if err != nil {
			return nil, err
		}
		return s, nil
	default:
		path := location
		if strings.HasPrefix(strings.ToLower(path), "sqlite:") {
			path = path[len("sqlite:"):]
		}
		if path == "" {
			return nil, fmt.Errorf("open store %q: empty SQLite path", location)
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
}
