package bundle

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"dossier/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The schema in docs/ is the one the code generates.
func TestSchemaGolden(t *testing.T) {
	got, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(got, &v); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	root, err := testutil.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, "docs", "schema", "bundle.schema.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/bundle -run TestSchemaGolden -update)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
		t.Fatalf("docs/schema/bundle.schema.json is stale: run go test ./internal/bundle -run TestSchemaGolden -update")
	}
	for _, def := range []string{"Case", "Actor", "Source", "Fact", "Figure", "When", "Excerpt", "Charge", "Finding"} {
		if _, ok := v["$defs"].(map[string]any)[def]; !ok {
			t.Errorf("schema lacks %s", def)
		}
	}
}
