package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"dossier/internal/testutil"
)

// run runs the CLI in-process and returns stdout, stderr and the exit status.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

func moduleDir(t *testing.T, rel string) string {
	t.Helper()
	root, err := testutil.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, rel)
}

func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, n)
		fmt.Fprintf(&buf, "== %s\n%s", rel, data)
	}
	return buf.String()
}

// A bundle with a broken date, an unknown actor and a duplicate id is refused with three precise
// messages, exit status 2, and no change to the store.
func TestImportBadBundleChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if _, e, code := run(t, "--db", db, "import", moduleDir(t, "internal/bundle/testdata/good")); code != 0 {
		t.Fatalf("good import failed: %s", e)
	}
	before, _, _ := run(t, "--db", db, "facts", "--json")
	bad := moduleDir(t, "internal/bundle/testdata/bad")
	_, stderr, code := run(t, "--db", db, "import", bad)
	if code != ExitBadInput {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"actors.yaml:4: id: duplicate id \"kim\"",
		"facts.yaml:3: when: edtf: \"2024-13-04\": month 13 out of range",
		"facts.yaml:11: summit.actors[0].actor: unknown actor \"putin\"",
		"3 problem(s)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	after, _, _ := run(t, "--db", db, "facts", "--json")
	if before != after {
		t.Fatal("a refused import changed the store")
	}

	// Into a store that does not exist yet: refused the same way, and no store is left behind.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if _, stderr, code := run(t, "--db", fresh, "import", bad); code != ExitBadInput || !strings.Contains(stderr, "3 problem(s)") {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	if left, _ := filepath.Glob(fresh + "*"); len(left) > 0 {
		t.Errorf("a refused import into a new store left %v", left)
	}
}

// export(import(b)) is byte-identical after one normalisation, through the embedded store.
func TestExportImportRoundTrip(t *testing.T) {
	for _, src := range []string{"internal/bundle/testdata/good", "examples/kim-jong-un"} {
		t.Run(src, func(t *testing.T) {
			tmp := t.TempDir()
			db1, db2 := filepath.Join(tmp, "1.db"), filepath.Join(tmp, "2.db")
			norm, again := filepath.Join(tmp, "norm"), filepath.Join(tmp, "again")
			steps := [][]string{
				{"--db", db1, "import", moduleDir(t, src)},
				{"--db", db1, "export", norm},
				{"--db", db2, "import", norm},
				{"--db", db2, "export", again},
			}
			for _, s := range steps {
				if _, e, code := run(t, s...); code != 0 {
					t.Fatalf("%v: exit %d: %s", s, code, e)
				}
			}
			if a, b := snapshotDir(t, norm), snapshotDir(t, again); a != b {
				t.Fatalf("export(import(export(import(b)))) differs from export(import(b))")
			}
			// Re-importing the same bundle changes nothing.
			out, e, code := run(t, "--db", db2, "import", norm)
			if code != 0 || !strings.Contains(out, " 0 created, 0 updated") {
				t.Fatalf("re-import not a no-op: %s %s", out, e)
			}
		})
	}
}

func TestReferenceCaseListings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ref.db")
	if _, e, code := run(t, "--db", db, "import", moduleDir(t, "examples/kim-jong-un")); code != 0 {
		t.Fatalf("import: %s", e)
	}
	var actors []map[string]any
	out, _, code := run(t, "--db", db, "actors", "--json")
	if code != 0 || json.Unmarshal([]byte(out), &actors) != nil {
		t.Fatalf("actors --json: %d %s", code, out)
	}
	var kim map[string]any
	for _, a := range actors {
		if a["id"] == "kim-jong-un" {
			kim = a
		}
	}
	if kim == nil {
		t.Fatal("no kim-jong-un actor")
	}
	born := kim["born"].(map[string]any)
	if born["edtf"] != "[1982-01-08,1983-01-08,1984-01-08]" || born["earliest"] != "1982-01-08" || born["latest"] != "1984-01-08" {
		t.Errorf("birth date lost its uncertainty: %v", born)
	}
	var figs figuresOut
	out, _, _ = run(t, "--db", db, "figures", "--json")
	if err := json.Unmarshal([]byte(out), &figs); err != nil {
		t.Fatal(err)
	}
	conflicts := map[string]bool{}
	for _, c := range figs.Conflicts {
		conflicts[c.Measure] = len(c.Reports) >= 2
	}
	for _, m := range []string{"dprk-troops-deployed", "dprk-casualties"} {
		if !conflicts[m] {
			t.Errorf("figures do not list the %s disagreement: %v", m, conflicts)
		}
	}
	for _, verb := range []string{"facts", "sources", "timeline"} {
		out, e, code := run(t, "--db", db, verb, "--json")
		var v []any
		if code != 0 || json.Unmarshal([]byte(out), &v) != nil || len(v) < 50 && verb == "facts" {
			t.Errorf("%s --json: exit %d, %d items, %s", verb, code, len(v), e)
		}
	}
	svg := filepath.Join(t.TempDir(), "t.svg")
	if _, e, code := run(t, "--db", db, "timeline", "--svg", svg); code != 0 {
		t.Fatalf("timeline --svg: %s", e)
	}
	data, _ := os.ReadFile(svg)
	if !bytes.Contains(data, []byte("<svg")) || !bytes.Contains(data, []byte("1984")) {
		t.Error("svg lacks content")
	}
	csl, _, _ := run(t, "--db", db, "sources", "--csl-json")
	cslFile := filepath.Join(t.TempDir(), "lib.json")
	if err := os.WriteFile(cslFile, []byte(csl), 0o644); err != nil {
		t.Fatal(err)
	}
	out, e, code := run(t, "--db", db, "import-csl", cslFile)
	if code != 0 || !strings.Contains(out, "0 sources created, 0 updated") {
		t.Errorf("CSL-JSON round trip is not lossless: %s %s", out, e)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{{"nosuchverb"}, {"facts", "--nosuchflag"}, {"import"}, {"--db", "/nonexistent/x.db", "facts"}} {
		if _, _, code := run(t, args...); code != ExitBadInput {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestImportCSLRefusesBadItems(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	run(t, "--db", db, "import", moduleDir(t, "internal/bundle/testdata/good"))
	f := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(f, []byte(`[{"id":"ok1","type":"webpage","title":"T"},{"type":"webpage","title":"no id"},{"id":"d","type":"report","title":"T","issued":{"date-parts":[["x"]]}}]`), 0o644)
	_, stderr, code := run(t, "--db", db, "import-csl", f)
	if code != ExitBadInput || !strings.Contains(stderr, "item 2 (): id: missing") || !strings.Contains(stderr, "item 3 (d): issued") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, _, _ := run(t, "--db", db, "sources", "--json")
	if strings.Contains(out, "ok1") {
		t.Fatal("a refused CSL file wrote a source")
	}
}

func TestRemoveKeepsTombstoneAndHistory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	run(t, "--db", db, "import", moduleDir(t, "internal/bundle/testdata/good"))
	if _, e, code := run(t, "--db", db, "rm", "source", "dod-2024", "--why", "x"); code != ExitBadInput || !strings.Contains(e, "still referred to by fact troops-kursk") {
		t.Fatalf("removing a cited source: exit %d %s", code, e)
	}
	if _, e, code := run(t, "--db", db, "rm", "fact", "troops-kursk"); code != ExitBadInput || !strings.Contains(e, "--why is required") {
		t.Fatalf("rm without reason: exit %d %s", code, e)
	}
	if _, e, code := run(t, "--db", db, "--as", "reviewer", "rm", "fact", "troops-kursk", "--why", "duplicate of another fact"); code != 0 {
		t.Fatalf("rm: %s", e)
	}
	out, _, _ := run(t, "--db", db, "facts", "--json")
	if strings.Contains(out, "troops-kursk") {
		t.Fatal("tombstoned fact still listed")
	}
	out, _, code := run(t, "--db", db, "history", "fact", "troops-kursk", "--json")
	var vs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &vs) != nil || len(vs) != 2 {
		t.Fatalf("history: %d %s", code, out)
	}
	if vs[1]["Op"] != "tombstone" || vs[1]["Who"] != "reviewer" || vs[1]["Why"] != "duplicate of another fact" {
		t.Errorf("tombstone lacks who/why: %v", vs[1])
	}
	if vs[0]["Data"] == nil {
		t.Error("the removed version's data is not kept")
	}
}

func TestLintReferencePaper(t *testing.T) {
	paper := testutil.ReferencePaper(t)
	out, _, code := run(t, "lint", paper)
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{
		`xref-forward: paragraph 13 re-alleges "Paragraphs 1 through 20"`,
		"provision-unknown: Rome Statute Article 25(c)(3) does not exist",
		"cite-url-titles: one URL (https://www.bbc.com/news/world-asia-68933778) is cited under 2 different titles",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lint output lacks %q", want)
		}
	}
	sarif, _, _ := run(t, "lint", "--sarif", paper)
	var v map[string]any
	if err := json.Unmarshal([]byte(sarif), &v); err != nil || v["version"] != "2.1.0" {
		t.Errorf("SARIF output invalid: %v", err)
	}
	if _, _, code := run(t, "lint", "--fail-on", "nonsense", paper); code != ExitBadInput {
		t.Errorf("bad --fail-on: exit %d", code)
	}
}

func TestImportDocIntoCase(t *testing.T) {
	paper := testutil.ReferencePaper(t)
	db := filepath.Join(t.TempDir(), "x.db")
	run(t, "--db", db, "import", moduleDir(t, "internal/bundle/testdata/good"))
	out, e, code := run(t, "--db", db, "--case", "small", "import-doc", paper)
	if code != 0 {
		t.Fatalf("import-doc: exit %d: %s", code, e)
	}
	if !strings.Contains(out, "0 unparsed") || !strings.Contains(e, "new sources") {
		t.Errorf("report: %s / %s", out, e)
	}
	srcs, _, _ := run(t, "--db", db, "sources", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(srcs), &list); err != nil || len(list) < 50 {
		t.Fatalf("sources after import-doc: %d (%v)", len(list), err)
	}
	// The BBC URL cited under two titles is one source, with the disagreement recorded.
	found := false
	for _, s := range list {
		if s["URL"] == "https://www.bbc.com/news/world-asia-68933778" {
			found = strings.Contains(fmt.Sprint(s["problems"]), "different titles")
		}
	}
	if !found {
		t.Error("the URL cited under two titles is not recorded as a problem")
	}
}

func TestImportDocRefusesBadDOCX(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "x.docx")
	os.WriteFile(f, []byte("this is not a zip"), 0o644)
	if _, e, code := run(t, "import-doc", f); code != ExitBadInput || !strings.Contains(e, "not a zip") {
		t.Fatalf("exit %d: %s", code, e)
	}
}

// A refused first import leaves no store behind.
func TestRefusedImportCreatesNoStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	if _, _, code := run(t, "--db", db, "import", moduleDir(t, "internal/bundle/testdata/bad")); code != ExitBadInput {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a refused import left %s behind (%v)", db, err)
	}
}
