package open

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"dossier/internal/store/postgres"
	"dossier/internal/store/sqlite"
)

func TestBackend(t *testing.T) {
	tests := map[string]string{
		"dossier.db":                          "sqlite",
		"/tmp/x.db":                           "sqlite",
		"sqlite:/tmp/x.db":                    "sqlite",
		"postgres://u@h/db":                   "postgres",
		"POSTGRESQL://u@h/db?sslmode=disable": "postgres",
		"postgres.db":                         "sqlite",
	}
	for in, want := range tests {
		if got := Backend(in); got != want {
			t.Errorf("Backend(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	for _, loc := range []string{filepath.Join(t.TempDir(), "a.db"), "sqlite:" + filepath.Join(t.TempDir(), "b.db")} {
		s, err := Open(ctx, loc)
		if err != nil {
			t.Fatalf("Open(%q): %v", loc, err)
		}
		if _, ok := s.(*sqlite.Store); !ok {
			t.Errorf("Open(%q) = %T, want *sqlite.Store", loc, s)
		}
		s.Close()
	}
	for _, loc := range []string{"", "  ", "sqlite:"} {
		if s, err := Open(ctx, loc); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", loc)
		}
	}
}

func TestOpenPostgres(t *testing.T) {
	dsn := os.Getenv("DOSSIER_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("DOSSIER_TEST_POSTGRES is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); skipping")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "dossier_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := Open(ctx, u.String())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if _, ok := s.(*postgres.Store); !ok {
		t.Errorf("Open(postgres URL) = %T, want *postgres.Store", s)
	}
}
