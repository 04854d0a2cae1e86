package draft

import (
	"archive/zip"
	"bytes"
	"context"
	"dossier/internal/testutil"
	"flag"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dossier/internal/bundle"
	"dossier/internal/law"
	"dossier/internal/model"
	"dossier/internal/render"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const refDir = "../../examples/kim-jong-un"

func testLib(t testing.TB) *law.Library {
	t.Helper()
	lib, err := law.Load()
	if err != nil {
		t.Fatalf("law.Load: %v", err)
	}
	return lib
}

// refBundle loads the reference case. While the case has no charges or findings of its own the
// test fixtures in testdata stand in for them (the golden files then need -update once they land).
func refBundle(t testing.TB) *model.Bundle {
	t.Helper()
	b, _, err := bundle.Load(context.Background(), refDir, nil)
	if err != nil {
		t.Fatalf("load reference case: %v", err)
	}
	if len(b.Charges) == 0 {
		readYAML(t, "testdata/charges.yaml", &b.Charges)
		t.Log("reference case has no charges.yaml: using testdata/charges.yaml")
	}
	if len(b.Findings) == 0 {
		readYAML(t, "testdata/findings.yaml", &b.Findings)
	}
	return b
}

func readYAML(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func refDraft(t testing.TB, b *model.Bundle, id string) *model.DraftDoc {
	t.Helper()
	for i := range b.Drafts {
		if b.Drafts[i].ID == id {
			return &b.Drafts[i]
		}
	}
	t.Fatalf("reference case has no draft %q", id)
	return nil
}

func renderAll(t testing.TB, doc *render.Document) map[render.Format][]byte {
	t.Helper()
	out := map[render.Format][]byte{}
	for _, f := range render.Formats {
		var buf bytes.Buffer
		if err := render.Render(context.Background(), f, &buf, doc, render.Options{}); err != nil {
			t.Fatalf("render %s: %v", f, err)
		}
		out[f] = buf.Bytes()
	}
	return out
}

// docxText extracts the text of every part of a DOCX (name → text), paragraphs on lines.
func docxText(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx: %v", err)
	}
	out := map[string]string{}
	reTag := regexp.MustCompile(`<[^>]*>`)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(b), "</w:p>", "</w:p>\n")
		s = strings.ReplaceAll(s, "<w:tab/>", "\t")
		out[f.Name] = html.UnescapeString(reTag.ReplaceAllString(s, ""))
		out[f.Name+"#raw"] = string(b)
	}
	return out
}

func pdfText(t testing.TB, data []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install -y poppler-utils): PDF text not checked")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "x.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testutil.Golden(t, filepath.Join("testdata", name+".golden"), got, *update)
}

func compileRef(t *testing.T, id string, opts Options) *render.Document {
	t.Helper()
	b := refBundle(t)
	doc, err := Compile(context.Background(), refDraft(t, b, id), b, testLib(t), opts)
	if err != nil {
		t.Fatalf("compile reference %s:\n%v", id, err)
	}
	return doc
}

func TestReferenceIndictmentGolden(t *testing.T) {
	doc := compileRef(t, "indictment", Options{})
	out := renderAll(t, doc)
	golden(t, "indictment.md", out[render.FormatMarkdown])
	golden(t, "indictment.html", out[render.FormatHTML])
	parts := docxText(t, out[render.FormatDOCX])
	golden(t, "indictment.docx.txt", []byte(parts["word/document.xml"]+"\n----- footnotes -----\n"+parts["word/footnotes.xml"]))
	golden(t, "indictment.pdf.txt", []byte(pdfText(t, out[render.FormatPDF])))
}

func TestReferenceBriefGolden(t *testing.T) {
	doc := compileRef(t, "brief", Options{})
	out := renderAll(t, doc)
	golden(t, "brief.md", out[render.FormatMarkdown])
}

// TestReferenceIndictmentDefects checks that the paper's defects are gone from the compiled
// indictment by construction.
func TestReferenceIndictmentDefects(t *testing.T) {
	doc := compileRef(t, "indictment", Options{})
	var buf bytes.Buffer
	if err := render.Markdown(context.Background(), &buf, doc, render.Options{}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if strings.Contains(md, "25(c)(3)") {
		t.Error(`"25(c)(3)" in the compiled indictment`)
	}
	if !strings.Contains(md, "Article 25(3)(c)") {
		t.Error(`"Article 25(3)(c)" missing`)
	}
	// every incorporation by reference points at paragraphs that precede it
	re := regexp.MustCompile(`(\d+)\\\. The Prosecutor repeats and incorporates by reference paragraphs 1 to (\d+)`)
	ms := re.FindAllStringSubmatch(md, -1)
	if len(ms) == 0 {
		t.Fatal("no incorporation paragraph in the counts")
	}
	for _, m := range ms {
		var at, upto int
		_, _ = fmtSscan(m[1], &at), fmtSscan(m[2], &upto)
		if upto >= at {
			t.Errorf("paragraph %d incorporates paragraphs 1 to %d", at, upto)
		}
	}
	// no work is cited in full twice
	full := map[string]int{}
	for _, fn := range doc.Footnotes {
		for _, in := range fn.Inlines {
			if l, ok := in.(render.Link); ok {
				full[l.URL]++
			}
		}
	}
	for u, n := range full {
		if n > 1 {
			t.Errorf("URL %s printed in %d footnotes (a repeated citation must be Id. or supra)", u, n)
		}
	}
	// the birth date keeps its uncertainty
	if !strings.Contains(md, "between 1982 and 1984") {
		t.Error("birth date uncertainty lost")
	}
	// every numbered paragraph under the general allegations cites something
	for _, b := range doc.Blocks {
		p, ok := b.(*render.NumberedParagraph)
		if !ok || p.Number < 3 || p.Number > 14 {
			continue
		}
		has := false
		for _, in := range p.Inlines {
			if _, ok := in.(render.FootnoteRef); ok {
				has = true
			}
		}
		if !has {
			t.Errorf("allegation paragraph %d cites nothing", p.Number)
		}
	}
}

func fmtSscan(s string, v *int) error {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	*v = n
	return nil
}

func TestDeterministic(t *testing.T) {
	a := renderAll(t, compileRef(t, "indictment", Options{}))
	b := renderAll(t, compileRef(t, "indictment", Options{}))
	for _, f := range render.Formats {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s: two renders of the same input differ", f)
		}
	}
}

func TestOSCOLAStyle(t *testing.T) {
	doc := compileRef(t, "indictment", Options{Style: "oscola"})
	var buf bytes.Buffer
	if err := render.Markdown(context.Background(), &buf, doc, render.Options{}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if !strings.Contains(md, "(n 1)") || strings.Contains(md, "supra") {
		t.Errorf("OSCOLA indictment does not use (n N) short forms")
	}
	if !strings.Contains(md, "citation-style: \"oscola\"") {
		t.Errorf("style not recorded in the metadata")
	}
}

// TestLibreOffice opens the reference indictment's DOCX in LibreOffice, converts it to PDF and
// checks that every footnote's text survives.
func TestLibreOffice(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if lo, err = exec.LookPath("soffice"); err != nil {
			t.Skip("libreoffice not installed (apt-get install -y libreoffice-writer-nogui): DOCX not opened")
		}
	}
	if testing.Short() {
		t.Skip("-short: LibreOffice conversion skipped")
	}
	doc := compileRef(t, "indictment", Options{})
	out := renderAll(t, doc)
	dir := t.TempDir()
	in := filepath.Join(dir, "indictment.docx")
	if err := os.WriteFile(in, out[render.FormatDOCX], 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, b)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "indictment.pdf"))
	if err != nil {
		t.Fatalf("libreoffice wrote no PDF: %v", err)
	}
	text := squash(pdfText(t, pdf))
	for _, fn := range doc.Footnotes {
		var b strings.Builder
		for _, in := range fn.Inlines {
			switch v := in.(type) {
			case render.Text:
				b.WriteString(v.Text)
			case render.Link:
				b.WriteString(v.Text)
			}
		}
		want := squash(b.String())
		if !strings.Contains(text, want) {
			t.Errorf("footnote %d not found in LibreOffice's rendering: %q", fn.Number, b.String())
		}
	}
	if !strings.Contains(text, squash("THE PROSECUTOR v. KIM JONG UN")) {
		t.Error("caption missing from LibreOffice's rendering")
	}
}

// squash removes all white space and hyphens so text broken (and hyphenated) across lines
// compares equal.
func squash(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u00ad' || r == '\u00a0' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
