package sqlite

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/internal/store"
	"dossier/internal/testutil"
)

const (
	crashEnv     = "DOSSIER_SQLITE_CRASH_DB"
	crashRecords = 4000
)

// TestImportCrashChild is the child process of TestImportCrash: it opens (creating) the store
// named by the environment, says "ready", and imports crashRecords sources into it, in one
// transaction, until it is killed (or finishes).
func TestImportCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process for TestImportCrash")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println("ready")
	if _, err := s.Import(ctx, "crash", synthSources(crashRecords), store.Change{Who: "crash test"}, store.ImportOptions{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s.Close()
	os.Exit(0)
}

// TestImportCrash kills an import into a new store with SIGKILL at random points (100 times;
// 15 with -short) and checks after each that the next open finds either no record or all of
// them, a sound database and full-text index, and the file back in WAL mode. An import into an
// empty store runs with a rollback journal (bulkJournal), so this is the test of that journal's
// recovery as much as of the transaction.
func TestImportCrash(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("inside the child")
	}
	kills := 100
	if testing.Short() {
		kills = 15
	}
	ctx := context.Background()
	rng := mrand.New(mrand.NewPCG(3, 4))
	var none, all, finished, hot int
	for k := range kills {
		path := filepath.Join(t.TempDir(), "crash.db")
		if !testutil.KillChild(t, "TestImportCrashChild", []string{crashEnv + "=" + path}, time.Duration(rng.IntN(150_000))*time.Microsecond) {
			finished++
		}

		if fi, err := os.Stat(path + "-journal"); err == nil && fi.Size() > 0 {
			hot++ // killed inside the import's transaction: the journal rolls it back
		}
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("kill %d: reopen: %v", k, err)
		}
		var n, indexed int
		var integrity, mode string
		for _, q := range []struct {
			sql  string
			dest any
		}{
			{`SELECT count(*) FROM records`, &n},
			{`SELECT count(*) FROM records_fts WHERE records_fts MATCH 'Synthetic'`, &indexed},
			{`PRAGMA integrity_check`, &integrity},
			{`PRAGMA journal_mode`, &mode},
		} {
			if err := s.w.QueryRowContext(ctx, q.sql).Scan(q.dest); err != nil {
				t.Fatalf("kill %d: %s: %v", k, q.sql, err)
			}
		}
		if _, err := s.w.ExecContext(ctx, `INSERT INTO records_fts (records_fts) VALUES ('integrity-check')`); err != nil {
			t.Fatalf("kill %d: full-text index: %v", k, err)
		}
		switch {
		case integrity != "ok":
			t.Fatalf("kill %d: integrity_check: %s", k, integrity)
		case mode != "wal":
			t.Fatalf("kill %d: journal mode %s after reopening, want wal", k, mode)
		case n == 0 && indexed == 0:
			none++
		case n == crashRecords && indexed == crashRecords:
			all++
		default:
			t.Fatalf("kill %d: %d records and %d indexed: a partial import", k, n, indexed)
		}
		// The store is usable: the import can be done (again) after the crash.
		if n == 0 {
			if _, err := s.Import(ctx, "crash", synthSources(10), store.Change{Who: "test"}, store.ImportOptions{}); err != nil {
				t.Fatalf("kill %d: import after the crash: %v", k, err)
			}
		}
		s.Close()
	}
	t.Logf("%d kills: %d left no record (%d with a hot rollback journal), %d left all (%d of them finished before the kill)", kills, none, hot, all, finished)
	if hot == 0 {
		t.Errorf("no kill landed inside the import's transaction: the test did not test recovery")
	}
}
