package draft_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/internal/cli"
)

// runCLI imports the reference case into a fresh store and runs `dossier render DRAFT -o
// DIR/out/out.docx`; it returns the exit status, stderr and the output path.
func runCLI(t *testing.T, dir, draftArg string) (int, string, string) {
	t.Helper()
	db := filepath.Join(dir, "store.db")
	var so, se bytes.Buffer
	if code := cli.Main(context.Background(), []string{"--db", db, "import", "../../examples/kim-jong-un"}, &so, &se); code != 0 {
		t.Fatalf("import reference case: exit %d\n%s", code, se.String())
	}
	out := filepath.Join(dir, "out", "out.docx")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	se.Reset()
	code := cli.Main(context.Background(), []string{"--db", db, "render", draftArg, "--format", "docx", "-o", out}, &so, &se)
	return code, se.String(), out
}

// TestCLIErrors runs `dossier render` on drafts with errors: exit status 2 and no output file.
func TestCLIErrorsNoOutput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.md")
	body := "---\nkind: brief\n---\nSee [¶@nowhere] and [@no-such-source] under [art:rome-statute/25/c/3].\n"
	if err := os.WriteFile(bad, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stderr, out := runCLI(t, dir, bad)
	if code != 2 {
		t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"bad.md:4: cross-reference: no paragraph labelled {#nowhere}", "bad.md:4: citation: no source \"no-such-source\"", "bad.md:4: provision: Article 25(c)(3): no such provision"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output file %s exists after an error", out)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), "out.docx") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}
