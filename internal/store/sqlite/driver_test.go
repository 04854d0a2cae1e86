package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// TestErrCode checks that the driver's errors are read the same way under both builds (default
// and -tags 'sqlite_native sqlite_fts5'): a UNIQUE or PRIMARY KEY violation is isUnique, other
// constraint failures and other errors are not.
func TestErrCode(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "e.db"))
	defer s.Close()
	ctx := context.Background()
	if _, err := s.w.ExecContext(ctx, `INSERT INTO cases (case_id, created_at) VALUES ('c', 1)`); err != nil {
		t.Fatal(err)
	}
	ins := `INSERT INTO records (case_id, kind, id, rev, op, data, at, who) VALUES ('c', 'source', 'a', 1, ?, '{}', 1, 'me')`
	if _, err := s.w.ExecContext(ctx, ins, "create"); err != nil {
		t.Fatal(err)
	}
	_, errPK := s.w.ExecContext(ctx, `INSERT INTO cases (case_id, created_at) VALUES ('c', 2)`)
	_, errUnique := s.w.ExecContext(ctx, ins, "create")
	_, errCheck := s.w.ExecContext(ctx, `INSERT INTO records (case_id, kind, id, rev, op, data, at, who) VALUES ('c', 'source', 'b', 1, 'bogus', '{}', 1, 'me')`)
	_, errSyntax := s.w.ExecContext(ctx, `INSERT INTO nowhere VALUES (1)`)
	for _, tc := range []struct {
		name   string
		err    error
		code   int
		unique bool
	}{
		{"primary key", errPK, 1555, true},
		{"unique", errUnique, 2067, true},
		{"check", errCheck, 275, false}, // SQLITE_CONSTRAINT_CHECK
		{"no such table", errSyntax, 1, false},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		wrapped := fmt.Errorf("context: %w", tc.err)
		code, ok := errCode(wrapped)
		if !ok || code != tc.code {
			t.Errorf("%s: errCode(%v) = %d, %v; want %d", tc.name, tc.err, code, ok, tc.code)
		}
		if got := isUnique(wrapped); got != tc.unique {
			t.Errorf("%s: isUnique(%v) = %v, want %v", tc.name, tc.err, got, tc.unique)
		}
	}
	if _, ok := errCode(errors.New("not from SQLite")); ok {
		t.Errorf("errCode of a plain error reported a code")
	}
}

// TestConnectionPragmas checks that every connection of both pools gets its pragmas, whichever
// driver translates them.
func TestConnectionPragmas(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "p.db"))
	defer s.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		pool   string
		pragma string
		want   int64
	}{
		{"writer", "busy_timeout", busyTimeout.Milliseconds()},
		{"writer", "foreign_keys", 1},
		{"writer", "synchronous", 2},
		{"writer", "journal_size_limit", 67108864},
		{"writer", "wal_autocheckpoint", 8192},
		{"writer", "cache_size", -262144},
		{"writer", "query_only", 0},
		{"reader", "busy_timeout", busyTimeout.Milliseconds()},
		{"reader", "foreign_keys", 1},
		{"reader", "query_only", 1},
		{"reader", "mmap_size", readerMmap},
	} {
		db := s.w
		if tc.pool == "reader" {
			db = s.r
		}
		var got int64
		if err := db.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Errorf("%s %s: %v", tc.pool, tc.pragma, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: PRAGMA %s = %d, want %d", tc.pool, tc.pragma, got, tc.want)
		}
	}
	// Readers refuse writes.
	if _, err := s.r.ExecContext(ctx, `INSERT INTO cases (case_id, created_at) VALUES ('x', 1)`); err == nil {
		t.Errorf("read-only pool accepted a write")
	}
}
