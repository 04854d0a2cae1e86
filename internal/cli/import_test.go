package cli

import (
	"bytes"
	"strings"
	"testing"
)

// importProgress estimates the records in all from the share of the bundle read, draws the
// estimate as "~N" until every file has been read, and the exact count after.
func TestImportProgress(t *testing.T) {
	var out bytes.Buffer
	p := &importProgress{bar: &progress{w: &out, label: "import", on: true}}
	p.wrote(10) // nothing read yet: a count, no bar
	p.read(25, 100, 30)
	p.wrote(20)
	p.read(100, 100, 118)
	p.wrote(118)
	lines := strings.Split(strings.TrimPrefix(out.String(), "\r"), "\r")
	want := []string{"import 10", "import [=====                         ] 20/~120 ", "import [==============================] 118/118 "}
	if len(lines) != len(want) {
		t.Fatalf("drew %q, want %q", lines, want)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i, lines[i], want[i])
		}
	}
}
