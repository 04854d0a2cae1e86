package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"dossier/internal/store"
	"dossier/internal/store/storetest"
)

// testDSN returns the server to test against, or skips.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("DOSSIER_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("DOSSIER_TEST_POSTGRES is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); skipping PostgreSQL tests")
	}
	return dsn
}

// withSearchPath returns dsn with search_path set to schema.
func withSearchPath(t testing.TB, dsn, schema string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("DOSSIER_TEST_POSTGRES: %v", err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + schema
}

// freshSchema creates a schema with a random name, dropped when the test ends, and returns a DSN
// that uses it.
func freshSchema(t testing.TB) string {
	t.Helper()
	dsn := testDSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "dossier_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect %s: %v", dsn, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(t, dsn, schema)
}

type factory struct{ dsns map[store.Store]string }

func (f factory) Open(t *testing.T) store.Store {
	t.Helper()
	dsn := freshSchema(t)
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	f.dsns[s] = dsn
	return s
}

func (f factory) Reopen(t *testing.T, s store.Store) store.Store {
	t.Helper()
	dsn := f.dsns[s]
	s.Close()
	s2, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	f.dsns[s2] = dsn
	return s2
}

func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, factory{dsns: map[store.Store]string{}})
}

func TestRefusesNewerSchema(t *testing.T) {
	dsn := freshSchema(t)
	ctx := context.Background()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, 'from_the_future')`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, dsn); err == nil || !strings.Contains(err.Error(), "newer than this dossier") {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open of a newer schema: %v, want a refusal", err)
	}
	// Reopening at the current version is fine and applies nothing twice.
	s2, err := Open(ctx, dsn)
	if err == nil {
		s2.Close()
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	dsn := freshSchema(t)
	ctx := context.Background()
	for range 2 {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != SchemaVersion() || n == 0 {
			t.Errorf("schema_migrations has %d rows, want %d", n, SchemaVersion())
		}
		s.Close()
	}
}

func TestOpenBadDSN(t *testing.T) {
	for _, dsn := range []string{"postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", "::not a dsn::"} {
		if s, err := Open(context.Background(), dsn); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", dsn)
		}
	}
}

func getenv(k string) string { return os.Getenv(k) }
