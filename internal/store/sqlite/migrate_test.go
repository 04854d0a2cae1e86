package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrationsRecorded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.db")
	s := openAt(t, p)
	var n, max int
	if err := s.r.QueryRow(`SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	if n != SchemaVersion() || max != SchemaVersion() || n == 0 {
		t.Errorf("schema_migrations: %d rows, max %d; want %d", n, max, SchemaVersion())
	}
	var mode, sync string
	if err := s.w.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := s.w.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || sync != "2" { // 2 = FULL
		t.Errorf("journal_mode %s synchronous %s, want wal 2 (FULL)", mode, sync)
	}
	var pageSize int
	if err := s.w.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil || pageSize != 16384 {
		t.Errorf("page_size %d %v, want 16384", pageSize, err)
	}
	s.Close()
	// Reopening applies nothing twice.
	s = openAt(t, p)
	if err := s.r.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != SchemaVersion() {
		t.Errorf("after reopen: %d migrations recorded, want %d", n, SchemaVersion())
	}
	s.Close()
}

func TestRefusesNewerDatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "new.db")
	s := openAt(t, p)
	if _, err := s.w.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future', '2099-01-01T00:00:00Z')`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "newer than this dossier") {
		t.Fatalf("Open of a newer database: %v, want a refusal", err)
	}
}

func TestMigrationNumbering(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.Version != i+1 || m.Name == "" || strings.TrimSpace(m.SQL) == "" {
			t.Errorf("migration %d: %+v", i, m.Version)
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	ctx := context.Background()
	for _, p := range []string{"", "a?b.db", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")} {
		if s, err := Open(ctx, p); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", p)
		}
	}
	// A file that is not a database.
	p := filepath.Join(t.TempDir(), "junk.db")
	db, _ := sql.Open(DriverName, "file:"+p)
	db.Close()
	if err := writeFile(p, "this is not a database, just text long enough to look like a header......"); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(ctx, p); err == nil {
		s.Close()
		t.Errorf("Open of a non-database file succeeded")
	}
}
