package assess

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dossier/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the golden file (run go test -update and review the diff)", name)
	}
}

// heatCase has every status: met, not met, contested and no evidence, in two forums.
func heatCase(t *testing.T) *model.Bundle {
	b := baseCase(t)
	addFact(b, "f1", 2, "", "s-o1a")
	addFact(b, "f2", 2, "", "s-o2")
	addFact(b, "f3", 2, "", "s-o5")
	addFact(b, "f4", 2, "", "s-o6")
	addFact(b, "f5", 6, "", "s-own")
	link(b, "c1", el, "f1", model.Supports)
	link(b, "c1", el, "f2", model.Supports) // met
	link(b, "c1", "aid-abet.icc.purpose", "f3", model.Supports)
	link(b, "c1", "aid-abet.icc.purpose", "f4", model.Supports)
	link(b, "c1", "aid-abet.icc.purpose", "f1", model.Contradicts)
	link(b, "c1", "aid-abet.icc.purpose", "f2", model.Contradicts) // contested
	link(b, "c1", "aggression.icc.e1", "f5", model.Supports)       // not met
	link(b, "c2", "aid-abet.customary.knowledge", "f1", model.Supports)
	link(b, "c2", "aid-abet.customary.knowledge", "f3", model.Supports)
	b.Charges[0].Allegations = []model.Allegation{{Element: "aid-abet.icc.purpose", Text: "The accused meant to help <the> principal (para. 5)."}}
	return b
}

func TestHeatMapGolden(t *testing.T) {
	a := run(t, heatCase(t), Options{})
	var buf bytes.Buffer
	if err := WriteHeatMap(&buf, a); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	// every cell links to an explanation section that exists
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		ids[m[1]] = true
	}
	links := regexp.MustCompile(`<td class="[a-z-]+" title="[^"]*"><a href="#([^"]+)">`).FindAllStringSubmatch(html, -1)
	if len(links) != len(a.Counts[0].Elements)+len(a.Counts[1].Elements) {
		t.Fatalf("%d linked cells", len(links))
	}
	for _, m := range links {
		if !ids[m[1]] {
			t.Errorf("cell links to missing #%s", m[1])
		}
	}
	for _, want := range []string{`<td class="met"`, `<td class="contested"`, `<td class="not-met"`, `<td class="no-evidence"`, `class="na"`,
		"reasonable grounds to believe", "International Criminal Court", "Special Tribunal", "†", "&lt;the&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("heat map lacks %q", want)
		}
	}
	if strings.Contains(html, "<script") || strings.Contains(html, "http://") || strings.Contains(html, "https://") {
		t.Error("heat map is not self-contained")
	}
	golden(t, "heatmap.golden", buf.Bytes())
}

func TestTextAndCSV(t *testing.T) {
	a := run(t, heatCase(t), Options{Stage: "confirmation"})
	var buf bytes.Buffer
	if err := WriteText(&buf, a); err != nil {
		t.Fatal(err)
	}
	golden(t, "assessment-text.golden", buf.Bytes())
	buf.Reset()
	if err := WriteCSV(&buf, a); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) < 1+len(a.Counts[0].Elements) || !strings.HasPrefix(lines[0], "count,charge,forum,number,element") {
		t.Fatalf("csv: %d lines, header %q", len(lines), lines[0])
	}
	// the gap report aims at the next standard (trial) and names means of proof
	if a.Next == nil || a.Next.Stage != "trial" || len(a.Gaps) == 0 || len(a.Gaps[0].Means) == 0 {
		t.Fatalf("gaps: next %+v, %d gaps", a.Next, len(a.Gaps))
	}
}

func TestGapWording(t *testing.T) {
	b := baseCase(t)
	addFact(b, "f1", 2, "", "s-o1a")
	link(b, "c1", el, "f1", model.Supports)
	a := run(t, b, Options{Forum: "icc"}) // warrant; gaps toward confirmation
	for _, g := range a.Gaps {
		if g.Element != el {
			continue
		}
		if g.Stage != "confirmation" || g.Status != NotMet || !strings.Contains(strings.Join(g.Lacks, "|"), "needs a second independent origin") {
			t.Fatalf("gap %+v", g)
		}
		return
	}
	t.Fatal("no gap for the assistance element")
}
