package render

import (
	"archive/zip"
	"bytes"
	"context"
	"dossier/internal/testutil"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func renderBytes(t testing.TB, f Format, doc *Document, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(context.Background(), f, &buf, doc, opts); err != nil {
		t.Fatalf("render %s: %v", f, err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testutil.Golden(t, filepath.Join("testdata", name), got, *update)
}

func TestGoldenMarkdown(t *testing.T) {
	golden(t, "indictment.md.golden", renderBytes(t, FormatMarkdown, sampleIndictment(), Options{}))
}

func TestGoldenHTML(t *testing.T) {
	golden(t, "indictment.html.golden", renderBytes(t, FormatHTML, sampleIndictment(), Options{}))
}

func TestGoldenDOCX(t *testing.T) {
	data := renderBytes(t, FormatDOCX, sampleIndictment(), Options{})
	golden(t, "indictment.docx.txt.golden", []byte(docxText(t, data)))
}

func TestGoldenPDF(t *testing.T) {
	data := renderBytes(t, FormatPDF, sampleIndictment(), Options{})
	txt := pdfText(t, data, 0)
	golden(t, "indictment.pdf.txt.golden", []byte(txt))
}

func TestDeterministic(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			a := renderBytes(t, f, sampleIndictment(), Options{})
			b := renderBytes(t, f, sampleIndictment(), Options{})
			if !bytes.Equal(a, b) {
				t.Fatalf("two renderings of the same document differ (%d vs %d bytes)", len(a), len(b))
			}
			if len(a) == 0 {
				t.Fatal("empty output")
			}
		})
	}
}

// The version must be written by every format, and the two versions must differ in output.
func TestVersionInEveryFormat(t *testing.T) {
	doc := sampleIndictment()
	doc.Version = "PUBLIC REDACTED VERSION"
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			data := renderBytes(t, f, doc, Options{})
			var text string
			switch f {
			case FormatDOCX:
				hdr := zipPart(t, data, "word/header1.xml")
				if !strings.Contains(hdr, "PUBLIC REDACTED VERSION") {
					t.Fatalf("header1.xml lacks the version: %s", hdr)
				}
				if !strings.Contains(docxText(t, data), "THE PROSECUTOR v. KIM JONG UN") {
					t.Fatal("docx text lacks the caption")
				}
				return
			case FormatPDF:
				pages := pdfPages(t, data)
				for i := 1; i <= pages; i++ {
					if p := pdfText(t, data, i); !strings.Contains(p, "PUBLIC REDACTED VERSION") {
						t.Fatalf("page %d lacks the version in its header:\n%s", i, p)
					}
				}
				return
			default:
				text = string(data)
			}
			if !strings.Contains(text, "PUBLIC REDACTED VERSION") || strings.Contains(text, "CONFIDENTIAL — FULL VERSION") {
				t.Fatalf("%s: version not rendered as set", f)
			}
		})
	}
	html := string(renderBytes(t, FormatHTML, doc, Options{}))
	if !strings.Contains(html, `@top-center { content: "PUBLIC REDACTED VERSION"`) {
		t.Error("HTML print stylesheet lacks the version in the page header")
	}
}

func TestValidate(t *testing.T) {
	ok := func() *Document {
		return &Document{Version: "V", Blocks: []Block{
			&NumberedParagraph{Number: 1, Label: "a", Inlines: []Inline{Text{Text: "x"}, FootnoteRef{Number: 1}}},
			&NumberedParagraph{Number: 2, Inlines: []Inline{CrossRef{Text: "para 1", Target: "a"}, FootnoteRef{Number: 2}}},
		}, Footnotes: []Footnote{{Number: 1, Inlines: []Inline{Text{Text: "n1"}}}, {Number: 2, Inlines: []Inline{Text{Text: "n2"}}}}}
	}
	tests := []struct {
		name   string
		mutate func(d *Document)
		want   string // substring of the error; "" means valid
	}{
		{"valid", func(d *Document) {}, ""},
		{"no version", func(d *Document) { d.Version = " " }, "version: empty"},
		{"number gap", func(d *Document) { d.Blocks[1].(*NumberedParagraph).Number = 3 }, "number 3 out of sequence (want 2)"},
		{"duplicate label", func(d *Document) { d.Blocks[1].(*NumberedParagraph).Label = "a" }, `label "a" already used`},
		{"missing xref", func(d *Document) { d.Blocks[1].(*NumberedParagraph).Inlines[0] = CrossRef{Text: "x", Target: "zz"} }, `unknown label "zz"`},
		{"footnote order", func(d *Document) {
			d.Blocks[0].(*NumberedParagraph).Inlines[1] = FootnoteRef{Number: 2}
			d.Blocks[1].(*NumberedParagraph).Inlines[1] = FootnoteRef{Number: 1}
		}, "footnote 2 referenced where footnote 1 was expected"},
		{"footnote twice", func(d *Document) { d.Blocks[1].(*NumberedParagraph).Inlines[1] = FootnoteRef{Number: 1} }, "footnote 1 referenced again"},
		{"dangling ref", func(d *Document) { d.Footnotes = d.Footnotes[:1] }, "reference to footnote 2, which does not exist"},
		{"nested note", func(d *Document) { d.Footnotes[0].Inlines = append(d.Footnotes[0].Inlines, FootnoteRef{Number: 2}) }, "notes cannot nest"},
		{"heading level", func(d *Document) { d.Blocks = append(d.Blocks, &Heading{Level: 4}) }, "level 4"},
		{"ragged table", func(d *Document) {
			d.Blocks = append(d.Blocks, &Table{Header: []Cell{{}, {}}, Rows: [][]Cell{{{}}}})
		}, "1 cells, want 2"},
		{"nil block", func(d *Document) { d.Blocks = append(d.Blocks, nil) }, "nil block"},
		{"anchor clash", func(d *Document) {
			d.Blocks = append(d.Blocks, &Heading{Level: 1, Label: "a b"}, &Heading{Level: 1, Label: "a.b"})
		}, "same anchor"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := ok()
			tc.mutate(d)
			err := Validate(d)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error is %T, want *ValidationError", err)
			}
		})
	}
}

// A bad document is rejected before any byte is written.
func TestInvalidWritesNothing(t *testing.T) {
	doc := sampleIndictment()
	doc.Footnotes = doc.Footnotes[:len(doc.Footnotes)-1]
	for _, f := range Formats {
		var buf bytes.Buffer
		err := Render(context.Background(), f, &buf, doc, Options{})
		if err == nil || !strings.Contains(err.Error(), "which does not exist") {
			t.Errorf("%s: err = %v", f, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes for an invalid document", f, buf.Len())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Render(ctx, FormatPDF, io.Discard, sampleIndictment(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"md": FormatMarkdown, "Markdown": FormatMarkdown, "HTML": FormatHTML, "docx": FormatDOCX, " pdf ": FormatPDF} {
		got, err := ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("rtf"); err == nil {
		t.Error("ParseFormat(rtf) succeeded")
	}
}

// ---- DOCX helpers and checks ----

func zipPart(t testing.TB, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			_ = rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("docx has no part %s", name)
	return ""
}

// xmlText strips WordprocessingML to text: one line per paragraph, tabs kept, footnote
// references as [^n], the mark at the start of a note as [n].
func xmlText(t testing.TB, part string) string {
	t.Helper()
	var b strings.Builder
	d := xml.NewDecoder(strings.NewReader(part))
	inText := false
	noteID := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("xml: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			switch v.Name.Local {
			case "t", "instrText":
				inText = v.Name.Local == "t"
			case "tab":
				b.WriteString("\t")
			case "br":
				b.WriteString("\n")
			case "footnoteReference":
				b.WriteString("[^" + attr(v, "id") + "]")
			case "footnote":
				noteID = attr(v, "id")
			case "footnoteRef":
				b.WriteString("[" + noteID + "]")
			}
		case xml.EndElement:
			switch v.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				b.Write(v)
			}
		}
	}
	return b.String()
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxText is the text of document.xml followed by that of footnotes.xml.
func docxText(t testing.TB, data []byte) string {
	t.Helper()
	return "=== word/document.xml\n" + xmlText(t, zipPart(t, data, "word/document.xml")) +
		"=== word/footnotes.xml\n" + xmlText(t, zipPart(t, data, "word/footnotes.xml"))
}

func TestDOCXPackage(t *testing.T) {
	doc := sampleIndictment()
	data := renderBytes(t, FormatDOCX, doc, Options{})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		if !f.Modified.Equal(docTime(doc)) {
			t.Errorf("%s: modified %v, want the document date", f.Name, f.Modified)
		}
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			part := zipPart(t, data, f.Name)
			d := xml.NewDecoder(strings.NewReader(part))
			for {
				_, err := d.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
				}
			}
		}
	}
	for _, want := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
		"word/styles.xml", "word/settings.xml", "word/footnotes.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml"} {
		if !names[want] {
			t.Errorf("missing part %s", want)
		}
	}
	notes := zipPart(t, data, "word/footnotes.xml")
	for _, want := range []string{`<w:footnote w:type="separator" w:id="-1">`, `<w:footnote w:type="continuationSeparator" w:id="0">`} {
		if !strings.Contains(notes, want) {
			t.Errorf("footnotes.xml lacks %s", want)
		}
	}
	if got := strings.Count(notes, "<w:footnoteRef/>"); got != len(doc.Footnotes) {
		t.Errorf("footnotes.xml has %d notes, want %d", got, len(doc.Footnotes))
	}
	body := zipPart(t, data, "word/document.xml")
	if got := strings.Count(body, "<w:footnoteReference "); got != len(doc.Footnotes) {
		t.Errorf("document.xml has %d footnote references, want %d", got, len(doc.Footnotes))
	}
	settings := zipPart(t, data, "word/settings.xml")
	if !strings.Contains(settings, `<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>`) {
		t.Error("settings.xml does not declare the separator footnotes")
	}
	styles := zipPart(t, data, "word/styles.xml")
	for _, id := range []string{"Heading1", "Heading2", "Heading3", "FootnoteText", "FootnoteReference", "NumberedParagraph", "CaptionCourt", "TableGrid"} {
		if !strings.Contains(styles, `w:styleId="`+id+`"`) {
			t.Errorf("styles.xml lacks style %s", id)
		}
	}
	// every cross-reference anchor has a bookmark
	for _, m := range regexp.MustCompile(`w:anchor="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		if !strings.Contains(body, `w:name="`+m[1]+`"`) {
			t.Errorf("hyperlink to %s has no bookmark", m[1])
		}
	}
	// rels of the links used in footnotes
	rels := zipPart(t, data, "word/_rels/footnotes.xml.rels")
	for _, m := range regexp.MustCompile(`r:id="([^"]+)"`).FindAllStringSubmatch(notes, -1) {
		if !strings.Contains(rels, `Id="`+m[1]+`"`) {
			t.Errorf("footnote hyperlink %s has no relationship", m[1])
		}
	}
}

// makeDocx builds a minimal .docx holding only a styles part, as a court template would.
func makeDocx(t testing.TB, styles string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/styles.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(styles)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReferenceDocx(t *testing.T) {
	tmpl := xmlHeader + `<w:styles xmlns:w="` + nsW + `"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>` +
		`<w:rPr><w:rFonts w:ascii="Court Garamond"/></w:rPr></w:style></w:styles>`
	data := renderBytes(t, FormatDOCX, sampleIndictment(), Options{ReferenceDocx: makeDocx(t, tmpl)})
	styles := zipPart(t, data, "word/styles.xml")
	if !strings.Contains(styles, "Court Garamond") {
		t.Error("the template's Normal style was not used")
	}
	if strings.Count(styles, `w:styleId="Normal"`) != 1 {
		t.Error("Normal defined twice: the template's style must win")
	}
	if !strings.Contains(styles, `w:styleId="FootnoteText"`) {
		t.Error("styles missing from the template were not added")
	}
	// bad templates are clear errors
	for name, ref := range map[string][]byte{
		"not a zip":  []byte("hello"),
		"no styles":  makeDocx(t, "")[:0],
		"broken xml": makeDocx(t, `<w:styles xmlns:w="`+nsW+`"><w:style`),
		"empty zip":  emptyZip(t),
	} {
		err := DOCX(context.Background(), io.Discard, sampleIndictment(), Options{ReferenceDocx: ref})
		if len(ref) == 0 {
			continue // an empty template means "none"
		}
		if err == nil || !strings.Contains(err.Error(), "reference docx") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func emptyZip(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ---- PDF helpers and checks ----

func needTool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (apt-get install %s); skipping", name, pkg)
	}
	return p
}

// pdfText extracts the text of a PDF (page 0 means all pages) with pdftotext.
func pdfText(t testing.TB, data []byte, page int) string {
	t.Helper()
	tool := needTool(t, "pdftotext", "poppler-utils")
	args := []string{"-layout", "-enc", "UTF-8"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	args = append(args, "-", "-")
	cmd := exec.Command(tool, args...)
	cmd.Stdin = bytes.NewReader(data)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, errb.String())
	}
	return out.String()
}

func pdfPages(t testing.TB, data []byte) int {
	t.Helper()
	tool := needTool(t, "pdfinfo", "poppler-utils")
	cmd := exec.Command(tool, "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// noteStart is the beginning of a footnote's text (its first few words), whitespace removed.
func noteStart(fn Footnote, words int) string {
	f := strings.Fields(plain(fn.Inlines))
	if len(f) > words {
		f = f[:words]
	}
	return strings.Join(f, "")
}

// wordBefore returns, for each footnote, the last word of the text that precedes its marker.
func wordBefore(doc *Document) map[int]string {
	out := map[int]string{}
	var walk func(ins []Inline)
	last := ""
	walk = func(ins []Inline) {
		for _, in := range ins {
			switch v := in.(type) {
			case Text, Link, CrossRef:
				if f := strings.Fields(plain([]Inline{v})); len(f) > 0 {
					last = f[len(f)-1]
				}
			case FootnoteRef:
				out[v.Number] = last
			}
		}
	}
	for _, b := range doc.Blocks {
		switch v := b.(type) {
		case *NumberedParagraph:
			walk(v.Inlines)
		case *Paragraph:
			walk(v.Inlines)
		case *BlockQuote:
			for _, p := range v.Paragraphs {
				walk(p)
			}
		case *List:
			for _, it := range v.Items {
				walk(it)
			}
		case *Table:
			for _, r := range v.Rows {
				for _, c := range r {
					walk(c.Inlines)
				}
			}
		}
	}
	return out
}

// Every footnote starts on the page that carries its reference mark; a split note continues on
// the next page after "(continued)"; the page count is plausible.
func TestPDFFootnotesOnTheirPage(t *testing.T) {
	doc := sampleIndictment()
	data := renderBytes(t, FormatPDF, doc, Options{})
	n := pdfPages(t, data)
	if n < 6 || n > 25 {
		t.Fatalf("%d pages: implausible for this document", n)
	}
	pages := make([]string, n+1)
	lines := make([][]string, n+1) // each line squashed: markers are matched within a line
	for i := 1; i <= n; i++ {
		txt := pdfText(t, data, i)
		pages[i] = squash(txt)
		for _, l := range strings.Split(txt, "\n") {
			lines[i] = append(lines[i], squash(l))
		}
	}
	before := wordBefore(doc)
	continued := 0
	for _, fn := range doc.Footnotes {
		w, ok := before[fn.Number]
		if !ok {
			t.Fatalf("footnote %d: no preceding word in the sample", fn.Number)
		}
		marker := regexp.MustCompile(regexp.QuoteMeta(squash(w)) + strconv.Itoa(fn.Number) + `(\D|$)`)
		refPage := 0
	find:
		for i := 1; i <= n; i++ {
			for _, l := range lines[i] {
				if marker.MatchString(l) {
					refPage = i
					break find
				}
			}
		}
		if refPage == 0 {
			t.Errorf("footnote %d: marker %q%d not found on any page", fn.Number, w, fn.Number)
			continue
		}
		start := strconv.Itoa(fn.Number) + noteStart(fn, 4)
		if !strings.Contains(pages[refPage], start) {
			t.Errorf("footnote %d: referenced on page %d but its text %q does not start there", fn.Number, refPage, start)
		}
		// the note's last words appear on that page or, for a split note, on the next one after "(continued)"
		words := strings.Fields(plain(fn.Inlines))
		end := strings.Join(words[max(0, len(words)-4):], "")
		if !strings.Contains(pages[refPage], end) {
			if refPage == n || !strings.Contains(pages[refPage+1], strconv.Itoa(fn.Number)+"(continued)") || !strings.Contains(pages[refPage+1], end) {
				t.Errorf("footnote %d: its end %q is neither on page %d nor continued on page %d", fn.Number, end, refPage, refPage+1)
			}
			continued++
		}
	}
	if continued == 0 {
		t.Error("the long footnote was not split across pages: the test document no longer exercises continued notes")
	}
}

// The DOCX opens in LibreOffice, and every footnote appears in the PDF it makes from it.
func TestDOCXInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion skipped in -short mode")
	}
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if lo, err = exec.LookPath("soffice"); err != nil {
			t.Skip("libreoffice not installed (apt-get install -y libreoffice-writer-nogui); skipping")
		}
	}
	doc := sampleIndictment()
	dir := t.TempDir()
	in := filepath.Join(dir, "indictment.docx")
	if err := os.WriteFile(in, renderBytes(t, FormatDOCX, doc, Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "indictment.pdf"))
	if err != nil {
		t.Fatalf("libreoffice made no PDF: %v", err)
	}
	text := squash(pdfText(t, pdf, 0))
	for _, fn := range doc.Footnotes {
		if !appearsSplitOnce(text, squash(plain(fn.Inlines))) {
			t.Errorf("footnote %d not found in LibreOffice's rendering: %.80s", fn.Number, plain(fn.Inlines))
		}
	}
	if !strings.Contains(text, squash(doc.Version)) {
		t.Error("version header not found in LibreOffice's rendering")
	}
	if !strings.Contains(text, "42.Knowledge") && !strings.Contains(text, "42.") {
		t.Error("numbered paragraphs lost")
	}
}

// appearsSplitOnce reports whether s occurs in text, whole or cut once (a footnote continued on
// the next page, with other text in between).
func appearsSplitOnce(text, s string) bool {
	if strings.Contains(text, s) {
		return true
	}
	for i := 1; i < len(s); i++ {
		a, b := s[:i], s[i:]
		if j := strings.Index(text, a); j >= 0 && strings.Contains(text[j+len(a):], b) {
			return true
		}
	}
	return false
}

func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{"accused": "p-accused", "count 1": "p-count-1", "a/b.c": "p-a-b-c", "été": "p--t-", "x_y-z9": "p-x_y-z9"} {
		if got := Anchor(in); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("x", 60)
	if got := bookmarkName(long); len(got) > 40 || !strings.HasPrefix(got, "p-x") {
		t.Errorf("bookmarkName(60 x) = %q: want at most 40 characters starting p-x", got)
	}
	if bookmarkName(long) == bookmarkName(long+"y") {
		t.Error("long labels collide")
	}
	if got := bookmarkName("accused"); got != "p-accused" {
		t.Errorf("bookmarkName(accused) = %q", got)
	}
}

func ExampleRender() {
	doc := &Document{Kind: KindBrief, Title: "Brief", Version: "PUBLIC VERSION",
		Blocks:    []Block{&Paragraph{Inlines: []Inline{Text{Text: "Hello"}, FootnoteRef{Number: 1}}}},
		Footnotes: []Footnote{{Number: 1, Inlines: []Inline{Text{Text: "A note."}}}}}
	var buf bytes.Buffer
	if err := Render(context.Background(), FormatMarkdown, &buf, doc, Options{}); err != nil {
		fmt.Println(err)
	}
	fmt.Print(buf.String())
	// Output:
	// ---
	// title: "Brief"
	// version: "PUBLIC VERSION"
	// kind: "brief"
	// lang: "en"
	// ---
	//
	// ::: {.version}
	// **PUBLIC VERSION**
	// :::
	//
	// Hello[^1]
	//
	// [^1]: A note.
}

// The reference document round-trips: given back as a template it yields the embedded styles.
func TestReferenceDOCXRoundTrip(t *testing.T) {
	var ref bytes.Buffer
	if err := ReferenceDOCX(context.Background(), &ref); err != nil {
		t.Fatal(err)
	}
	if got := zipPart(t, ref.Bytes(), "word/styles.xml"); got != string(defaultStyles) {
		t.Fatal("reference document does not carry the embedded styles")
	}
	a := renderBytes(t, FormatDOCX, sampleIndictment(), Options{ReferenceDocx: ref.Bytes()})
	b := renderBytes(t, FormatDOCX, sampleIndictment(), Options{})
	if !bytes.Equal(a, b) {
		t.Error("rendering with the unmodified reference document differs from the default")
	}
}
