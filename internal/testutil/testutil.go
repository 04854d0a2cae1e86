// Package testutil holds helpers shared by tests: locating the shared folder that sits beside a
// checkout (legal texts and the reference paper), which is never part of the product.
package testutil

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SharedDir returns the path of the shared folder beside the checkout (../shared from the module
// root), or skips the test with a message when it is absent. DOSSIER_SHARED overrides the location.
func SharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("DOSSIER_SHARED"); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
		t.Skipf("DOSSIER_SHARED=%s is not a directory; skipping test that needs the shared folder", d)
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Skipf("cannot locate module root: %v; skipping test that needs ../shared", err)
	}
	d := filepath.Join(root, "..", "shared")
	if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
		t.Skipf("shared folder %s is absent (it holds the legal texts and the reference paper, which are not part of dossier); skipping", d)
	}
	return d
}

// ReferencePaper returns the path of the reference background paper, or skips.
func ReferencePaper(t testing.TB) string {
	t.Helper()
	p := filepath.Join(SharedDir(t), "reference", "kim-jong-un-background-paper.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("reference paper %s is absent (it is not our text and is not in the repository); skipping", p)
	}
	return p
}

// ModuleRoot walks up from the working directory to the directory holding go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// Golden compares got with the golden file at path, or rewrites the file when update is set
// (the -update flag of the calling package). A difference fails the test naming the first line
// that differs.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden %s (run go test -update to create it): %v", path, err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs from the golden file at line %d:\n got %q\nwant %q\n(run go test -update if the change is intended)", filepath.Base(path), i+1, g, w)
		}
	}
	t.Fatalf("%s differs from the golden file", filepath.Base(path))
}
