// Package docimport reads legal drafts written elsewhere — plain text (including text extracted
// from PDF with superscript footnote markers, footnote bodies between paragraphs and footnotes
// broken across lines and pages), Markdown with pandoc footnotes, and Word DOCX with real
// footnotes — into one document model: sections, numbered paragraphs, footnote markers and
// footnote bodies, each with the source line it came from.
//
// The readers are hand-written because no maintained Go library reads footnoted legal text: PDF
// text extraction leaves footnotes as loose superscript-numbered paragraphs interleaved with the
// body, which only a heuristic, line-aware reader can put back together. DOCX is read with
// archive/zip and encoding/xml from the standard library, with limits against zip bombs and
// path-traversal entries.
package docimport

import (
	"sort"
	"strings"
)

// Format names the kind of input a Document was read from.
type Format string

// The input formats.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatDOCX     Format = "docx"
)

// Block kinds.
const (
	KindBody     = "body"     // ordinary prose paragraph
	KindNumbered = "numbered" // a numbered paragraph ("13. The Prosecutor ...")
	KindHeading  = "heading"  // a section heading
	KindTOC      = "toc"      // a table-of-contents entry
)

// Document is a draft read from a file: its paragraphs (headings included, in reading order),
// the sections the headings open, the footnote markers found in paragraphs and the footnote
// bodies. Line numbers are 1-based lines of the source file (for DOCX: 1-based paragraph
// numbers of word/document.xml, and of word/footnotes.xml for footnote bodies).
type Document struct {
	File       string       `json:"file"`
	Format     Format       `json:"format"`
	Sections   []Section    `json:"sections"`
	Paragraphs []Paragraph  `json:"paragraphs"`
	Markers    []Marker     `json:"markers"`
	Footnotes  []Footnote   `json:"footnotes"`
	TOC        []TOCEntry   `json:"toc,omitempty"`
	Notes      []ReaderNote `json:"notes,omitempty"`
}

// Section is opened by a heading and runs to the next heading of the same or a higher level.
type Section struct {
	Title     string `json:"title"`
	Number    string `json:"number,omitempty"` // "II", "1", "Count 1"
	Level     int    `json:"level"`            // 1 = top
	Line      int    `json:"line"`
	Paragraph int    `json:"paragraph"` // index of the heading in Paragraphs
}

// Paragraph is one block of text. Text has footnote markers removed; Markers lists their
// positions. Spans maps byte offsets of Text back to source lines.
type Paragraph struct {
	Index   int    `json:"index"`
	Kind    string `json:"kind"`
	Number  int    `json:"number,omitempty"` // for numbered paragraphs
	Text    string `json:"text"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
	Section int    `json:"section"` // index into Sections, -1 before the first heading
	Markers []int  `json:"markers,omitempty"`
	Spans   []Span `json:"-"`
}

// Span records that Text[Offset:] starts on source line Line.
type Span struct {
	Offset int
	Line   int
}

// LineAt returns the source line of byte offset off in the paragraph text.
func (p *Paragraph) LineAt(off int) int {
	if len(p.Spans) == 0 {
		return p.Line
	}
	i := sort.Search(len(p.Spans), func(i int) bool { return p.Spans[i].Offset > off })
	if i == 0 {
		return p.Spans[0].Line
	}
	return p.Spans[i-1].Line
}

// Marker is a footnote reference in a paragraph.
type Marker struct {
	Number    int    `json:"number"`
	Label     string `json:"label,omitempty"` // the raw label ("2*", "note-a")
	Paragraph int    `json:"paragraph"`       // index into Paragraphs
	Offset    int    `json:"offset"`          // byte offset in the paragraph text
	Line      int    `json:"line"`
	Plain     bool   `json:"plain,omitempty"` // written as ordinary digits, not superscript
}

// Footnote is a footnote body.
type Footnote struct {
	Number   int    `json:"number"`
	Label    string `json:"label,omitempty"`
	Text     string `json:"text"`
	Line     int    `json:"line"`
	EndLine  int    `json:"end_line"`
	Inferred bool   `json:"inferred,omitempty"` // number garbled in the source and inferred
}

// TOCEntry is a line of a table of contents.
type TOCEntry struct {
	Title string `json:"title"`
	Page  string `json:"page,omitempty"`
	Line  int    `json:"line"`
}

// ReaderNote records something the reader repaired or could not place (a garbled footnote
// number, a stray fragment). The linter reports them.
type ReaderNote struct {
	Kind    string `json:"kind"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Reader note kinds.
const (
	NoteGarbledNumber = "garbled-footnote-number"
	NoteStrayFragment = "stray-fragment"
	NotePlainMarker   = "plain-digit-marker"
	NoteMissingRef    = "missing-footnote-definition"
)

// Footnote returns the footnote with the given number, or nil.
func (d *Document) Footnote(n int) *Footnote {
	for i := range d.Footnotes {
		if d.Footnotes[i].Number == n {
			return &d.Footnotes[i]
		}
	}
	return nil
}

// SectionOf returns the section a paragraph belongs to, or nil.
func (d *Document) SectionOf(p *Paragraph) *Section {
	if p.Section < 0 || p.Section >= len(d.Sections) {
		return nil
	}
	return &d.Sections[p.Section]
}

// MarkerParagraph returns the paragraph holding marker m, or nil.
func (d *Document) MarkerParagraph(m Marker) *Paragraph {
	if m.Paragraph < 0 || m.Paragraph >= len(d.Paragraphs) {
		return nil
	}
	return &d.Paragraphs[m.Paragraph]
}

// builder accumulates paragraphs and footnotes and computes sections at the end.
type builder struct {
	doc *Document
}

func newBuilder(file string, f Format) *builder {
	return &builder{doc: &Document{File: file, Format: f}}
}

// addParagraph appends a paragraph; markers are given with offsets into text.
func (b *builder) addParagraph(p Paragraph, marks []Marker) {
	p.Index = len(b.doc.Paragraphs)
	p.Section = -1
	for _, m := range marks {
		m.Paragraph = p.Index
		p.Markers = append(p.Markers, len(b.doc.Markers))
		b.doc.Markers = append(b.doc.Markers, m)
	}
	if p.EndLine < p.Line {
		p.EndLine = p.Line
	}
	b.doc.Paragraphs = append(b.doc.Paragraphs, p)
}

func (b *builder) note(kind string, line int, msg string) {
	b.doc.Notes = append(b.doc.Notes, ReaderNote{Kind: kind, Line: line, Message: msg})
}

// finish assigns sections to paragraphs.
func (b *builder) finish() *Document {
	d := b.doc
	cur := -1
	for i := range d.Paragraphs {
		p := &d.Paragraphs[i]
		if p.Kind == KindHeading {
			num, level := headingNumber(p.Text)
			d.Sections = append(d.Sections, Section{Title: p.Text, Number: num, Level: level, Line: p.Line, Paragraph: i})
			cur = len(d.Sections) - 1
		}
		p.Section = cur
	}
	return d
}

// headingNumber extracts a heading's number ("II", "1", "Count 1") and a nesting level.
func headingNumber(t string) (string, int) {
	t = strings.TrimSpace(t)
	if m := reRomanHead.FindStringSubmatch(t); m != nil && m[1] != "" {
		return m[1], 1
	}
	if m := reCountHead.FindStringSubmatch(t); m != nil {
		return "Count " + m[1], 2
	}
	if m := reArabicHead.FindStringSubmatch(t); m != nil {
		return m[1], 2
	}
	if strings.HasPrefix(t, "#") {
		n := len(t) - len(strings.TrimLeft(t, "#"))
		return "", n
	}
	return "", 1
}
