package cli

import (
	"database/sql"
	"strings"
	"testing"

	"dossier/internal/store/sqlite"
)

// Any query is valid (exit 0, however odd its characters); a store that fails to search is not
// bad input: exit status 1, with the store's error.
func TestSearchExitStatus(t *testing.T) {
	db := lockerStore(t)
	for _, q := range []string{`"unclosed`, `NEAR(a b)`, `a* OR -b`, `:`, `col:word`} {
		if _, stderr, code := run(t, "--db", db, "search", q); code != 0 {
			t.Errorf("search %q: exit %d: %s", q, code, stderr)
		}
	}
	raw, err := sql.Open(sqlite.DriverName, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DROP TABLE records_fts`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, stderr, code := run(t, "--db", db, "search", "Kursk"); code != 1 || !strings.Contains(stderr, "records_fts") {
		t.Fatalf("search without an index: exit %d, %s", code, stderr)
	}
}

// --kind limits a search to some kinds; an unknown kind is bad input.
func TestSearchKind(t *testing.T) {
	db := lockerStore(t)
	out, _, code := run(t, "--db", db, "search", "Kursk")
	if code != 0 || !strings.Contains(out, "source  dod-2024") || !strings.Contains(out, "troops-kursk") {
		t.Fatalf("every kind: exit %d\n%s", code, out)
	}
	out, _, code = run(t, "--db", db, "search", "--kind", "fact", "Kursk")
	if code != 0 || strings.Contains(out, "dod-2024") || !strings.Contains(out, "troops-kursk") {
		t.Fatalf("--kind fact: exit %d\n%s", code, out)
	}
	out, _, code = run(t, "--db", db, "search", "--kind", "facts,source", "Kursk")
	if code != 0 || !strings.Contains(out, "dod-2024") || !strings.Contains(out, "troops-kursk") {
		t.Fatalf("--kind facts,source: exit %d\n%s", code, out)
	}
	if _, stderr, code := run(t, "--db", db, "search", "--kind", "bogus", "Kursk"); code != 2 || !strings.Contains(stderr, `unknown record kind "bogus"`) {
		t.Fatalf("--kind bogus: exit %d: %s", code, stderr)
	}
}
