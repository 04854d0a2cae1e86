package cite

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/accuracy_floor.json and testdata/accuracy_table.md from the current parser")

type labelled struct {
	ID     string         `json:"id"`
	Origin string         `json:"origin"`
	Text   string         `json:"text"`
	Want   map[string]any `json:"want"`
}

// accuracyFields are the fields scored, in report order.
var accuracyFields = []string{"kind", "author", "title", "container-title", "publisher", "issued", "URL", "accessed", "document-symbol", "number", "locator"}

type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func fieldValue(c *Citation, f string) []string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	switch f {
	case "kind":
		return one(string(c.Kind))
	case "author":
		return c.Authors
	case "title":
		return one(c.Title)
	case "container-title":
		return one(c.Container)
	case "publisher":
		return one(c.Publisher)
	case "issued":
		return one(c.Issued)
	case "URL":
		return one(c.URL)
	case "accessed":
		return one(c.Accessed)
	case "document-symbol":
		return one(c.Symbol)
	case "number":
		return one(c.Number)
	case "locator":
		return one(c.Locator)
	}
	return nil
}

func wantValue(w map[string]any, f string) []string {
	switch v := w[f].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

func normField(f, v string) string {
	switch f {
	case "URL":
		return NormURL(v)
	case "issued", "accessed", "kind", "document-symbol":
		return strings.TrimSpace(v)
	}
	return NormTitle(v)
}

// scoreSet parses every labelled citation and counts per-field matches. A wrong value counts as
// a false positive and a false negative; authors are scored name by name.
func scoreSet(items []labelled) (map[string]score, map[string][]string) {
	scores := map[string]score{}
	misses := map[string][]string{}
	for _, it := range items {
		c := Parse(it.Text)
		for _, f := range accuracyFields {
			got, want := fieldValue(&c, f), wantValue(it.Want, f)
			s := scores[f]
			used := make([]bool, len(got))
			for _, w := range want {
				found := false
				for i, g := range got {
					if !used[i] && normField(f, g) == normField(f, w) {
						used[i], found = true, true
						break
					}
				}
				if found {
					s.tp++
				} else {
					s.fn++
				}
			}
			for i := range got {
				if !used[i] {
					s.fp++
				}
			}
			if !sameSet(got, want, f) {
				misses[f] = append(misses[f], fmt.Sprintf("%s: got %q want %q", it.ID, got, want))
			}
			scores[f] = s
		}
	}
	return scores, misses
}

func sameSet(a, b []string, f string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if normField(f, a[i]) != normField(f, b[i]) {
			return false
		}
	}
	return true
}

func loadLabelled(t *testing.T) []labelled { return loadSet(t, "labelled.json") }

func loadSet(t *testing.T, name string) []labelled {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var items []labelled
	if err := json.Unmarshal(data, &items); err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	return items
}

func TestAccuracyFloor(t *testing.T) {
	items := loadLabelled(t)
	if len(items) < 80 {
		t.Fatalf("labelled set has %d citations; want at least 80", len(items))
	}
	checkFloor(t, items, "accuracy_floor.json", "accuracy_table.md")
}

// TestAccuracyHeldOut scores a set written after the parser was tuned and never tuned on.
func TestAccuracyHeldOut(t *testing.T) {
	items := loadSet(t, "heldout.json")
	if len(items) < 25 {
		t.Fatalf("held-out set has %d citations; want at least 25", len(items))
	}
	checkFloor(t, items, "heldout_floor.json", "heldout_table.md")
}

func checkFloor(t *testing.T, items []labelled, floorName, tableName string) {
	t.Helper()
	scores, misses := scoreSet(items)
	var b strings.Builder
	fmt.Fprintf(&b, "| field | precision | recall | F1 | TP | FP | FN |\n|---|---:|---:|---:|---:|---:|---:|\n")
	floor := map[string]float64{}
	var all score
	for _, f := range accuracyFields {
		s := scores[f]
		all.tp += s.tp
		all.fp += s.fp
		all.fn += s.fn
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %.3f | %d | %d | %d |\n", f, s.precision(), s.recall(), s.f1(), s.tp, s.fp, s.fn)
		floor[f] = math.Floor(s.f1()*1000) / 1000
	}
	fmt.Fprintf(&b, "| **all fields** | %.3f | %.3f | %.3f | %d | %d | %d |\n", all.precision(), all.recall(), all.f1(), all.tp, all.fp, all.fn)
	t.Logf("citation parsing accuracy on %d labelled citations:\n%s", len(items), b.String())
	if testing.Verbose() {
		keys := make([]string, 0, len(misses))
		for k := range misses {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, m := range misses[k] {
				t.Logf("miss %s %s", k, m)
			}
		}
	}
	floorPath := filepath.Join("testdata", floorName)
	if *update {
		data, _ := json.MarshalIndent(floor, "", "  ")
		if err := os.WriteFile(floorPath, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", tableName), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(floorPath)
	if err != nil {
		t.Fatalf("%s: %v (run go test -run TestAccuracy -update to record it)", floorPath, err)
	}
	var recorded map[string]float64
	if err := json.Unmarshal(data, &recorded); err != nil {
		t.Fatalf("%s: %v", floorPath, err)
	}
	for _, f := range accuracyFields {
		min, ok := recorded[f]
		if !ok {
			t.Errorf("%s: no recorded F1 for field %s", floorPath, f)
			continue
		}
		if got := scores[f].f1(); got+1e-9 < min {
			t.Errorf("field %s: F1 %.3f fell below the recorded %.3f", f, got, min)
		}
	}
}
