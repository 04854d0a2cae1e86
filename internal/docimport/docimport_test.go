package docimport

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dossier/internal/testutil"
)

func TestParseTextFootnotes(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		notes    map[int]string // number -> expected text prefix
		markers  []int
		inferred []int
	}{
		{
			name:    "superscripts and bodies",
			in:      "I. Intro\n\nKim met Putin.¹ They signed a treaty.²³\n\n_\n\n¹ First source, Reuters (Apr. 25, 2019).\n\n²³ Second source.\n",
			notes:   map[int]string{1: "First source", 23: "Second source"},
			markers: []int{1, 23},
		},
		{
			name:    "braced marker and broken body",
			in:      "Heading remarks ^{2*}\n\nBody text here.\n\n^{2*} Professor X, (Jan. 6,\n\n^{2012), <a href=\"https://x.org\">https://x.org (last visited July 29, 2025).\n",
			notes:   map[int]string{2: "Professor X, (Jan. 6, 2012), <a href"},
			markers: []int{2},
		},
		{
			name:  "two bodies on one line",
			in:    "Text.¹⁸ More.¹⁹\n\n¹⁸ A, *B*, C (June 17, 2025), https://a.org (last visited July 29, 2025). ¹⁹ *Id.*\n",
			notes: map[int]string{18: "A, *B*", 19: "*Id.*"},
		},
		{
			name:     "garbled footnote number",
			in:       "Text.¹⁵ More text.¹⁶\n\n¹⁵ A source, https://a.org.\n\n1.\n\nFelix Light, Title, Reuters (Sept. 15, 2023), https://r.com/x.\n",
			notes:    map[int]string{15: "A source", 16: "Felix Light"},
			inferred: []int{16},
		},
		{
			name:    "paragraph continued after footnotes",
			in:      "Between 2011 and 2013, he concentrated on his authority and\n\n_\n\n³ Note three.\n\naccelerating the programs.\n",
			notes:   map[int]string{3: "Note three."},
			markers: nil,
		},
		{
			name:  "url tail on its own line",
			in:    "Count 1: Aggression⁵⁴\n\n0481380.pdf\n\n⁵⁴ See ICTY, para. 574, https://ucr.irmct.org/Judgement/JUD270R000\n",
			notes: map[int]string{54: "See ICTY, para. 574, https://ucr.irmct.org/Judgement/JUD270R0000481380.pdf"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseText("t.txt", tt.in)
			for n, want := range tt.notes {
				f := d.Footnote(n)
				if f == nil {
					t.Fatalf("footnote %d missing; have %+v", n, d.Footnotes)
				}
				if !strings.HasPrefix(f.Text, want) {
					t.Errorf("footnote %d = %q, want prefix %q", n, f.Text, want)
				}
			}
			if tt.markers != nil {
				var got []int
				for _, m := range d.Markers {
					got = append(got, m.Number)
				}
				if !equalInts(got, tt.markers) {
					t.Errorf("markers = %v, want %v", got, tt.markers)
				}
			}
			for _, n := range tt.inferred {
				if f := d.Footnote(n); f == nil || !f.Inferred {
					t.Errorf("footnote %d should be inferred: %+v", n, f)
				}
			}
		})
	}
}

func TestContinuationJoinsParagraph(t *testing.T) {
	d := ParseText("t.txt", "II. History\n\nHe concentrated on his authority and\n\n_\n\n³ Note.\n\naccelerating the programs.³\n")
	var body []Paragraph
	for _, p := range d.Paragraphs {
		if p.Kind == KindBody {
			body = append(body, p)
		}
	}
	if len(body) != 1 {
		t.Fatalf("want 1 body paragraph, got %d: %+v", len(body), body)
	}
	if !strings.Contains(body[0].Text, "authority and accelerating") {
		t.Errorf("text = %q", body[0].Text)
	}
	if body[0].LineAt(strings.Index(body[0].Text, "accelerating")) != 9 {
		t.Errorf("line of continuation = %d, want 9", body[0].LineAt(strings.Index(body[0].Text, "accelerating")))
	}
	if len(d.Markers) != 1 || d.Markers[0].Line != 9 {
		t.Errorf("marker = %+v", d.Markers)
	}
	if s := d.SectionOf(&body[0]); s == nil || s.Number != "II" {
		t.Errorf("section = %+v", s)
	}
}

func TestNumberedParagraphsAndHeadings(t *testing.T) {
	in := "SAMPLE INDICTMENT\n\nTHE ACCUSED\n\n1. **KIM** was born.\n\n- 2. At all times relevant, a state of\n\n- the hostilities continued.\n\nCount 1: The Crime of Aggression\n\n13. The Prosecutor realleges Paragraphs 1 through 20.\n"
	d := ParseText("t.txt", in)
	var nums []int
	for _, p := range d.Paragraphs {
		if p.Kind == KindNumbered {
			nums = append(nums, p.Number)
		}
	}
	if !equalInts(nums, []int{1, 2, 13}) {
		t.Fatalf("numbers = %v", nums)
	}
	p2 := d.Paragraphs[3]
	if !strings.HasSuffix(p2.Text, "state of the hostilities continued.") {
		t.Errorf("paragraph 2 = %q", p2.Text)
	}
	var heads []string
	for _, s := range d.Sections {
		heads = append(heads, s.Number+"|"+s.Title)
	}
	want := []string{"|SAMPLE INDICTMENT", "|THE ACCUSED", "Count 1|Count 1: The Crime of Aggression"}
	if strings.Join(heads, ";") != strings.Join(want, ";") {
		t.Errorf("sections = %q", heads)
	}
}

func TestPlainDigitMarker(t *testing.T) {
	d := ParseText("t.txt", "First.⁵² Second identical language. 54\n\nNext paragraph text.⁵⁵\n")
	var got []int
	plain := 0
	for _, m := range d.Markers {
		got = append(got, m.Number)
		if m.Plain {
			plain++
		}
	}
	if !equalInts(got, []int{52, 54, 55}) || plain != 1 {
		t.Errorf("markers %v plain %d", got, plain)
	}
	if strings.Contains(d.Paragraphs[0].Text, "54") {
		t.Errorf("plain marker left in text: %q", d.Paragraphs[0].Text)
	}
}

func TestTOC(t *testing.T) {
	d := ParseText("t.txt", "Table of Contents\n\nExecutive Summary\t3\nI. Intro\t\nII. History\t5\n\nExecutive Summary\n\nText.\n")
	if len(d.TOC) != 3 || d.TOC[0].Page != "3" || d.TOC[1].Page != "" || d.TOC[2].Title != "II. History" {
		t.Errorf("toc = %+v", d.TOC)
	}
}

func TestReferencePaper(t *testing.T) {
	path := testutil.ReferencePaper(t)
	d, err := ReadFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != FormatText {
		t.Errorf("format = %s", d.Format)
	}
	if len(d.Footnotes) != 54 {
		t.Errorf("footnotes = %d, want 54", len(d.Footnotes))
	}
	for i, f := range d.Footnotes {
		if f.Number != i+1 {
			t.Errorf("footnote %d numbered %d", i+1, f.Number)
		}
	}
	if f := d.Footnote(16); f == nil || !f.Inferred || !strings.HasPrefix(f.Text, "Felix Light") {
		t.Errorf("footnote 16 = %+v", f)
	}
	if f := d.Footnote(19); f == nil || f.Text != "*Id.*" {
		t.Errorf("footnote 19 = %+v", f)
	}
	if f := d.Footnote(54); f == nil || !strings.HasSuffix(f.Text, "0481380.pdf") {
		t.Errorf("footnote 54 = %+v", f)
	}
	var nums []int
	var p13 *Paragraph
	for i, p := range d.Paragraphs {
		if p.Kind == KindNumbered {
			nums = append(nums, p.Number)
			if p.Number == 13 {
				p13 = &d.Paragraphs[i]
			}
		}
	}
	if len(nums) != 23 || nums[0] != 1 || nums[22] != 23 {
		t.Errorf("numbered paragraphs = %v", nums)
	}
	if p13 == nil || !strings.Contains(p13.Text, "Paragraphs 1 through 20") {
		t.Fatalf("paragraph 13 = %+v", p13)
	}
	if s := d.SectionOf(p13); s == nil || s.Number != "Count 1" {
		t.Errorf("paragraph 13 section = %+v", s)
	}
	roman := map[string]bool{}
	for _, s := range d.Sections {
		roman[s.Number] = true
	}
	for _, n := range []string{"I", "II", "III", "IV", "V", "Count 1"} {
		if !roman[n] {
			t.Errorf("section %s missing", n)
		}
	}
	if len(d.TOC) != 10 {
		t.Errorf("toc entries = %d", len(d.TOC))
	}
}

func TestParseMarkdown(t *testing.T) {
	in := "---\ntitle: x\n---\n# II. History\n\nKim met Putin.[^a] Then more.[^2]\n\n13. The Prosecutor realleges paragraphs 1 to 12.^[Inline note, Reuters (May 1, 2024).]\n\n[^a]: First, *Title*, Reuters (Apr. 25, 2019),\n    https://r.com/x.\n[^2]: Second.\n[^unused]: Never cited.\n"
	d := ParseMarkdown("t.md", in)
	if len(d.Sections) != 1 || d.Sections[0].Number != "II" {
		t.Errorf("sections = %+v", d.Sections)
	}
	var got []int
	for _, m := range d.Markers {
		got = append(got, m.Number)
	}
	if !equalInts(got, []int{1, 2, 3}) {
		t.Errorf("markers = %v", got)
	}
	if f := d.Footnote(1); f == nil || f.Text != "First, *Title*, Reuters (Apr. 25, 2019), https://r.com/x." || f.Line != 10 {
		t.Errorf("fn1 = %+v", f)
	}
	if f := d.Footnote(3); f == nil || !strings.HasPrefix(f.Text, "Inline note") {
		t.Errorf("fn3 = %+v", f)
	}
	if f := d.Footnote(4); f == nil || f.Label != "unused" {
		t.Errorf("fn4 = %+v", f)
	}
	if d.Paragraphs[2].Kind != KindNumbered || d.Paragraphs[2].Number != 13 {
		t.Errorf("para = %+v", d.Paragraphs[2])
	}
	if strings.Contains(d.Paragraphs[1].Text, "[^") {
		t.Errorf("marker left in text: %q", d.Paragraphs[1].Text)
	}
}

// docxFiles builds a DOCX (zip) in memory.
func docxFiles(t testing.TB, files map[string]string, method uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testDocument = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>II. History</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Kim met Putin.</w:t></w:r><w:r><w:footnoteReference w:id="5"/></w:r><w:r><w:t xml:space="preserve"> Then </w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>more.</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>The Prosecutor charges.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>He realleges paragraph 1.</w:t></w:r></w:p>
</w:body></w:document>`

const testFootnotes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Andrew Roth, </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>Kim Meets Putin</w:t></w:r><w:r><w:t>, The Guardian (Apr. 25, 2019).</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:t>Second note,</w:t></w:r></w:p><w:p><w:r><w:t>second paragraph.</w:t></w:r></w:p></w:footnote>
</w:footnotes>`

func TestParseDOCX(t *testing.T) {
	data := docxFiles(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": testDocument, "word/footnotes.xml": testFootnotes}, zip.Deflate)
	d, err := ParseDOCX(context.Background(), "t.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sections) != 1 || d.Sections[0].Number != "II" {
		t.Errorf("sections = %+v", d.Sections)
	}
	if len(d.Markers) != 2 || d.Markers[0].Number != 1 || d.Markers[1].Number != 2 {
		t.Fatalf("markers = %+v", d.Markers)
	}
	p := d.Paragraphs[1]
	if p.Text != "Kim met Putin. Then more." {
		t.Errorf("text = %q (deleted text must not appear)", p.Text)
	}
	if d.Markers[0].Offset != len("Kim met Putin.") {
		t.Errorf("marker offset = %d", d.Markers[0].Offset)
	}
	if f := d.Footnote(1); f == nil || f.Text != "Andrew Roth, Kim Meets Putin, The Guardian (Apr. 25, 2019)." {
		t.Errorf("fn1 = %+v", f)
	}
	if f := d.Footnote(2); f == nil || f.Text != "Second note, second paragraph." {
		t.Errorf("fn2 = %+v", f)
	}
	if d.Paragraphs[3].Kind != KindNumbered || d.Paragraphs[3].Number != 2 {
		t.Errorf("numbering = %+v", d.Paragraphs[3])
	}
}

func TestDOCXRefused(t *testing.T) {
	ctx := context.Background()
	bomb := docxFiles(t, map[string]string{"word/document.xml": testDocument, "word/media/zeros.bin": strings.Repeat("\x00", 8<<20)}, zip.Deflate)
	tests := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"not a zip", []byte("%PDF-1.7 this is not a zip"), ErrNotZip, "not a zip archive"},
		{"empty", nil, ErrNotZip, "not a zip"},
		{"traversal", docxFiles(t, map[string]string{"word/document.xml": testDocument, "../../etc/evil": "x"}, zip.Store), ErrPathTraversal, `"../../etc/evil"`},
		{"absolute", docxFiles(t, map[string]string{"word/document.xml": testDocument, "/etc/passwd": "x"}, zip.Store), ErrPathTraversal, "absolute path"},
		{"backslash", docxFiles(t, map[string]string{"word/document.xml": testDocument, `..\evil`: "x"}, zip.Store), ErrPathTraversal, "backslash"},
		{"zip bomb ratio", bomb, ErrZipBomb, "zeros.bin"},
		{"no document", docxFiles(t, map[string]string{"word/other.xml": "<x/>"}, zip.Store), ErrNoDocument, "word/document.xml is missing"},
		{"bad xml", docxFiles(t, map[string]string{"word/document.xml": "<w:document><w:body><w:p>"}, zip.Store), nil, "word/document.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDOCX(ctx, "bad.docx", tt.data)
			if err == nil {
				t.Fatal("want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "bad.docx") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q should name the file and contain %q", err, tt.msg)
			}
		})
	}
}

func TestDOCXBombTotal(t *testing.T) {
	// Many entries each under the ratio limit but together above the total limit are refused
	// from their declared sizes, without inflating them.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < 3; i++ {
		fh := &zip.FileHeader{Name: "word/part" + string(rune('a'+i)) + ".xml", Method: zip.Store}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: fh.Name, Method: zip.Store, UncompressedSize64: MaxDOCXUncompressed / 2, CompressedSize64: MaxDOCXUncompressed / 2})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte("x"))
	}
	_ = zw.Close()
	_, err := ParseDOCX(context.Background(), "big.docx", buf.Bytes())
	if err == nil || !errors.Is(err, ErrZipBomb) && !errors.Is(err, ErrNotZip) {
		t.Fatalf("err = %v", err)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format
	}{
		{"a.docx", "", FormatDOCX},
		{"a.md", "", FormatMarkdown},
		{"a.txt", "[^1]: x", FormatText},
		{"a", "PK\x03\x04", FormatDOCX},
		{"a", "text\n[^1]: note", FormatMarkdown},
		{"a", "plain", FormatText},
	}
	for _, tt := range tests {
		if got := DetectFormat(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %s, want %s", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestReadFileMissing(t *testing.T) {
	_, err := ReadFile(context.Background(), "/nonexistent/x.txt")
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "/nonexistent/x.txt") {
		t.Errorf("err = %v", err)
	}
	_, err = ReadText(context.Background(), "bin.txt", strings.NewReader("a\x00b"))
	if err == nil || !strings.Contains(err.Error(), "bin.txt") {
		t.Errorf("NUL: err = %v", err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestDOCXFromPandoc reads a DOCX written by a real word processor's format (pandoc's DOCX
// writer, when pandoc is installed): footnotes, headings and numbering must survive.
func TestDOCXFromPandoc(t *testing.T) {
	pandoc, err := exec.LookPath("pandoc")
	if err != nil {
		t.Skip("pandoc not installed; skipping the DOCX round trip")
	}
	dir := t.TempDir()
	md := filepath.Join(dir, "in.md")
	src := "# II. History\n\nKim met Putin in Vladivostok.[^1] The treaty was signed in June 2024.[^2]\n\n" +
		"Second paragraph with *emphasis* and a third note.[^3]\n\n" +
		"[^1]: Andrew Roth, *Kim Jong-un Meets Vladimir Putin*, The Guardian (Apr. 25, 2019), https://www.theguardian.com/x.\n" +
		"[^2]: Choe Sang-Hun, *Putin and Kim Sign Pact*, N.Y. Times (June 19, 2024).\n[^3]: *Id.*\n"
	if err := os.WriteFile(md, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.docx")
	if b, err := exec.Command(pandoc, md, "-o", out).CombinedOutput(); err != nil {
		t.Skipf("pandoc failed: %v: %s", err, b)
	}
	d, err := ReadFile(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != FormatDOCX || len(d.Footnotes) != 3 || len(d.Markers) != 3 {
		t.Fatalf("format %s, %d footnotes, %d markers", d.Format, len(d.Footnotes), len(d.Markers))
	}
	if f := d.Footnote(1); f == nil || !strings.HasPrefix(f.Text, "Andrew Roth, Kim Jong-un Meets Vladimir Putin, The Guardian (Apr. 25, 2019)") {
		t.Errorf("fn1 = %+v", f)
	}
	if f := d.Footnote(3); f == nil || f.Text != "Id." {
		t.Errorf("fn3 = %+v", f)
	}
	if len(d.Sections) == 0 || d.Sections[0].Number != "II" {
		t.Errorf("sections = %+v", d.Sections)
	}
	m := d.Markers[0]
	p := d.Paragraphs[m.Paragraph]
	if !strings.HasSuffix(p.Text[:m.Offset], "Vladivostok.") {
		t.Errorf("marker 1 at %q", p.Text[:m.Offset])
	}
}

func TestSourcesAndReport(t *testing.T) {
	d := ParseText("t.txt", "A.¹ B.² C.³\n\n¹ Lindsay Maizland, *North Korea's Power Structure*, Council on Foreign Rels. (May 17, 2023), https://www.cfr.org/backgrounder/x (last visited July 29, 2025).\n\n² *Id.*\n\n³ ??? ... ;;\n")
	r := Sources(d)
	if len(r.Works) != 1 || len(r.Works[0].Cited) != 2 {
		t.Fatalf("works = %+v", r.Works)
	}
	var b strings.Builder
	if err := WriteImportReport(&b, d, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"3 footnotes", "1 works", "1 unparsed", `title="North Korea's Power Structure"`, "cited in footnotes 1, 2(id)", "footnote 3: citation not parsed"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
