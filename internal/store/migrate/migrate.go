// Package migrate reads a store backend's numbered schema migrations (NNNN_name.sql files from an
// embedded directory), shared by the SQLite and PostgreSQL backends. Applying them is the
// backend's job: each does it in its own transactions and locking.
package migrate

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Load returns the migrations in dir of fsys, in order. Files are named NNNN_name.sql and numbered
// 1, 2, 3… without gaps.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range ents {
		name := e.Name()
		num, rest, ok := strings.Cut(name, "_")
		if !ok || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", name)
		}
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: bad number %q", name, num)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(rest, ".sql"), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %04d_%s: migrations must be numbered 1, 2, 3… without gaps", m.Version, m.Name)
		}
	}
	return ms, nil
}

// Version is the number of migrations in dir of fsys: the schema version a binary writes (0 if
// they cannot be read).
func Version(fsys fs.FS, dir string) int {
	ms, err := Load(fsys, dir)
	if err != nil {
		return 0
	}
	return len(ms)
}

// Apply loads the migrations and calls step until it reports that none is pending. step applies
// at most one migration in its own transaction (the backend's locking and bookkeeping).
func Apply(fsys fs.FS, dir string, step func(ms []Migration) (done bool, err error)) error {
	ms, err := Load(fsys, dir)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	for {
		done, err := step(ms)
		if err != nil || done {
			return err
		}
	}
}
