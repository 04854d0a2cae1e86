// Package render turns a compiled Document (numbered, cross-referenced and footnoted already) into
// Markdown, HTML, DOCX and PDF, with no external program at run time and deterministic output: the
// same Document and Options always give the same bytes, so a rendered document can be hashed and
// cited.
//
// The Document model is format-neutral. internal/draft compiles a draft (Markdown + the case) into
// it: paragraph numbers, footnote numbers (in order of first reference), cross-reference texts and
// citation texts are all computed before rendering. Renderers never number, cite or resolve anything
// themselves; Validate checks that a Document is internally consistent before any byte is written.
//
// Why hand-written writers:
//   - DOCX: no free Go library writes Word footnotes (word/footnotes.xml with the separator and
//     continuationSeparator notes, w:footnoteReference runs and the FootnoteText/FootnoteReference
//     styles). The package is therefore written by hand on archive/zip and encoding/xml.
//   - PDF: no Go library lays out footnotes at the foot of the page that references them. The page
//     layout (line breaking, justification, page breaks, footnote space that follows its reference,
//     footnotes continued on the next page) is ours; codeberg.org/go-pdf/fpdf only draws the glyphs,
//     embeds and subsets the TrueType fonts and writes the file.
//
// The PDF embeds Liberation Serif 2 (SIL Open Font License 1.1, see fonts/LICENSE-LiberationSerif.txt),
// which is metric-compatible with Times New Roman, the usual face of court filings.
package render

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the kind of document: it selects nothing in the layout today but is recorded in the
// metadata of every format (HTML meta, DOCX core properties, PDF subject) and lets renderers and
// templates distinguish an indictment from a brief.
type Kind string

// Document kinds known to the drafting machinery.
const (
	KindIndictment         Kind = "indictment"
	KindBrief              Kind = "brief"
	KindWarrantApplication Kind = "warrant-application"
)

// Document is a compiled, format-neutral document.
//
// Invariants (checked by Validate):
//   - Version is not empty: it says which version this is ("CONFIDENTIAL — FULL VERSION",
//     "PUBLIC REDACTED VERSION") and is printed in the header of every page of every format.
//   - NumberedParagraph numbers run 1, 2, 3 … in document order (continuous across sections).
//   - Labels (on headings and numbered paragraphs) are unique; every CrossRef targets one.
//   - Footnotes are numbered 1..n in order of first reference, each is referenced exactly once
//     (Word and the page layout both need a single anchor; repeat citations are new footnotes with
//     "Id." or "supra" text), and a footnote contains no FootnoteRef.
//   - Table rows have as many cells as the header (or as the first row when there is no header).
type Document struct {
	Kind     Kind
	Title    string // e.g. "Indictment"; the PDF/DOCX/HTML title metadata
	Subtitle string // optional
	// Version is printed in the header of every page (PDF, DOCX), in the print header and a banner
	// (HTML) and in the front matter and first line (Markdown).
	Version string
	// Date is the document's date. It is also the only timestamp written into any output (zip
	// entries, DOCX core properties, PDF CreationDate/ModDate); the zero time gives fixed
	// 1980-01-01 timestamps. Renderers never read the clock.
	Date time.Time
	// Lang is a BCP 47 language tag; empty means "en".
	Lang string
	// Meta holds ordered key/value pairs (case number, forum, stage, author …), rendered in the
	// Markdown front matter, HTML <meta> tags and DOCX custom description. Order is preserved.
	Meta      []MetaField
	Blocks    []Block
	Footnotes []Footnote
}

// MetaField is one ordered metadata entry.
type MetaField struct {
	Key   string
	Value string
}

// Footnote is the text of footnote Number. Footnotes live in Document.Footnotes, sorted by Number;
// the body points at them with FootnoteRef.
type Footnote struct {
	Number  int
	Inlines []Inline
}

// Block is one block-level element: *Heading, *Paragraph, *NumberedParagraph, *Caption,
// *BlockQuote, *List, *Table, *Signature or *PageBreak.
type Block interface{ isBlock() }

// Heading is a section heading, Level 1 to 3. Label, when set, is a cross-reference target.
type Heading struct {
	Level   int
	Label   string
	Inlines []Inline
}

// Align is a paragraph alignment.
type Align int

// Paragraph alignments. AlignDefault is justified for body text in PDF and DOCX.
const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Paragraph is an unnumbered paragraph.
type Paragraph struct {
	Align   Align
	Inlines []Inline
}

// NumberedParagraph is a paragraph carrying its computed number ("12."). Label, when set, is the
// cross-reference target name (e.g. "accused"); renderers derive anchors from it (see Anchor).
type NumberedParagraph struct {
	Number  int
	Label   string
	Inlines []Inline
}

// Caption is the court caption block at the head of a filing.
type Caption struct {
	Court         string   // "INTERNATIONAL CRIMINAL COURT"
	Lines         []string // lines under the court: chamber, judges, "Original: English", date
	CaseNumber    string   // "No. ICC-01/22"; optional
	CaseTitle     string   // "THE PROSECUTOR v. KIM JONG UN"
	DocumentTitle string   // "INDICTMENT"
}

// BlockQuote is an indented quotation made of paragraphs (each an inline run).
type BlockQuote struct {
	Paragraphs [][]Inline
}

// List is an ordered or unordered list. Ordered items are numbered Start, Start+1 … (Start 0 means 1)
// as literal text in every format.
type List struct {
	Ordered bool
	Start   int
	Items   [][]Inline
}

// Table is a table with an optional header row. Widths, when given, are relative column widths
// (any positive numbers; normalised by the renderer) and must have one entry per column.
type Table struct {
	Caption []Inline // optional, printed above the table
	Header  []Cell
	Rows    [][]Cell
	Widths  []float64
}

// Cell is one table cell.
type Cell struct {
	Inlines []Inline
}

// Signature is the date-and-signature block closing a filing.
type Signature struct {
	Place string   // "The Hague"
	Date  string   // as printed, e.g. "1 March 2026"
	Lines []string // signatory lines: name, office
}

// PageBreak forces a new page (PDF, DOCX, HTML print).
type PageBreak struct{}

func (*Heading) isBlock()           {}
func (*Paragraph) isBlock()         {}
func (*NumberedParagraph) isBlock() {}
func (*Caption) isBlock()           {}
func (*BlockQuote) isBlock()        {}
func (*List) isBlock()              {}
func (*Table) isBlock()             {}
func (*Signature) isBlock()         {}
func (*PageBreak) isBlock()         {}

// Inline is one inline element: Text, Link, CrossRef or FootnoteRef (values, not pointers).
type Inline interface{ isInline() }

// Style flags for text.
type Style struct {
	Bold      bool
	Italic    bool
	SmallCaps bool
}

// Text is a run of text in one style. Spaces are significant; line breaks inside Text are treated
// as spaces.
type Text struct {
	Text  string
	Style Style
}

// Link is a hyperlink to an external URL (http, https or mailto).
type Link struct {
	Text  string
	URL   string
	Style Style
}

// CrossRef is a computed reference to a labelled paragraph or heading. Text is what is printed
// (e.g. "paragraph 12", "paragraphs 1–12"); Target is the label it points to.
type CrossRef struct {
	Text   string
	Target string
	Style  Style
}

// FootnoteRef places the marker of footnote Number.
type FootnoteRef struct {
	Number int
}

func (Text) isInline()        {}
func (Link) isInline()        {}
func (CrossRef) isInline()    {}
func (FootnoteRef) isInline() {}

// Anchor is the anchor name every format uses for a label: "p-" + label with characters outside
// [A-Za-z0-9_-] replaced by "-" (a valid HTML id, Word bookmark name and PDF destination).
func Anchor(label string) string {
	var b strings.Builder
	b.WriteString("p-")
	for _, r := range label {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// ValidationError lists every inconsistency found in a Document.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid document: " + e.Problems[0]
	}
	return fmt.Sprintf("invalid document: %d problems: %s", len(e.Problems), strings.Join(e.Problems, "; "))
}

// Validate checks the invariants documented on Document and returns a *ValidationError naming
// the block or footnote at fault, or nil.
func Validate(doc *Document) error {
	if doc == nil {
		return &ValidationError{Problems: []string{"nil document"}}
	}
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(doc.Version) == "" {
		add("version: empty (every document must say which version it is, e.g. %q)", "PUBLIC REDACTED VERSION")
	}
	labels := map[string]string{}  // label → where
	anchors := map[string]string{} // anchor → label
	addLabel := func(where, label string) {
		if label == "" {
			return
		}
		if prev, ok := labels[label]; ok {
			add("%s: label %q already used by %s", where, label, prev)
			return
		}
		if anchorOwner, clash := anchors[Anchor(label)]; clash && anchorOwner != label {
			add("%s: label %q gives the same anchor as label %q", where, label, anchorOwner)
		}
		labels[label] = where
		anchors[Anchor(label)] = label
	}

	nextPara := 1
	var refs []refAt // footnote references in document order
	var xrefs []xrefAt
	scan := func(where string, ins []Inline) {
		for _, in := range ins {
			switch v := in.(type) {
			case FootnoteRef:
				refs = append(refs, refAt{v.Number, where})
			case CrossRef:
				xrefs = append(xrefs, xrefAt{v.Target, where})
			case Link:
				if v.URL == "" {
					add("%s: link %q has no URL", where, v.Text)
				}
			case nil:
				add("%s: nil inline", where)
			}
		}
	}
	for i, b := range doc.Blocks {
		where := fmt.Sprintf("block %d", i+1)
		switch v := b.(type) {
		case *Heading:
			where += " (heading)"
			if v.Level < 1 || v.Level > 3 {
				add("%s: level %d (want 1 to 3)", where, v.Level)
			}
			addLabel(where, v.Label)
			scan(where, v.Inlines)
		case *Paragraph:
			scan(where+" (paragraph)", v.Inlines)
		case *NumberedParagraph:
			where = fmt.Sprintf("block %d (paragraph %d)", i+1, v.Number)
			if v.Number != nextPara {
				add("%s: number %d out of sequence (want %d)", where, v.Number, nextPara)
			}
			nextPara = v.Number + 1
			addLabel(where, v.Label)
			scan(where, v.Inlines)
		case *Caption:
		case *BlockQuote:
			for _, p := range v.Paragraphs {
				scan(where+" (quote)", p)
			}
		case *List:
			for j, it := range v.Items {
				scan(fmt.Sprintf("%s (list item %d)", where, j+1), it)
			}
		case *Table:
			cols := len(v.Header)
			if cols == 0 && len(v.Rows) > 0 {
				cols = len(v.Rows[0])
			}
			if cols == 0 {
				add("%s (table): no columns", where)
			}
			if len(v.Widths) > 0 && len(v.Widths) != cols {
				add("%s (table): %d widths for %d columns", where, len(v.Widths), cols)
			}
			for _, w := range v.Widths {
				if !(w > 0) {
					add("%s (table): width %v is not positive", where, w)
					break
				}
			}
			scan(where+" (table caption)", v.Caption)
			for j, c := range v.Header {
				scan(fmt.Sprintf("%s (table header cell %d)", where, j+1), c.Inlines)
			}
			for r, row := range v.Rows {
				if len(row) != cols {
					add("%s (table row %d): %d cells, want %d", where, r+1, len(row), cols)
				}
				for j, c := range row {
					scan(fmt.Sprintf("%s (table row %d cell %d)", where, r+1, j+1), c.Inlines)
				}
			}
		case *Signature:
		case *PageBreak:
		case nil:
			add("%s: nil block", where)
		default:
			add("%s: unknown block type %T", where, b)
		}
	}
	for _, x := range xrefs {
		if _, ok := labels[x.target]; !ok {
			add("%s: cross-reference to unknown label %q", x.where, x.target)
		}
	}
	// Footnotes: sorted 1..n, each referenced exactly once, in order of first reference.
	for i, fn := range doc.Footnotes {
		if fn.Number != i+1 {
			add("footnote %d: stored at position %d (footnotes must be numbered 1..n in order)", fn.Number, i+1)
		}
		for _, in := range fn.Inlines {
			switch v := in.(type) {
			case FootnoteRef:
				add("footnote %d: contains a reference to footnote %d (notes cannot nest)", fn.Number, v.Number)
			case CrossRef:
				if _, ok := labels[v.Target]; !ok {
					add("footnote %d: cross-reference to unknown label %q", fn.Number, v.Target)
				}
			case Link:
				if v.URL == "" {
					add("footnote %d: link %q has no URL", fn.Number, v.Text)
				}
			case nil:
				add("footnote %d: nil inline", fn.Number)
			}
		}
	}
	seen := map[int]string{}
	for _, r := range refs {
		if prev, ok := seen[r.n]; ok {
			add("%s: footnote %d referenced again (first at %s)", r.where, r.n, prev)
			continue
		}
		seen[r.n] = r.where
		if r.n < 1 || r.n > len(doc.Footnotes) {
			add("%s: reference to footnote %d, which does not exist (%d footnotes)", r.where, r.n, len(doc.Footnotes))
			continue
		}
		if r.n != len(seen) {
			add("%s: footnote %d referenced where footnote %d was expected (numbers follow first reference)", r.where, r.n, len(seen))
		}
	}
	for _, fn := range doc.Footnotes {
		if _, ok := seen[fn.Number]; !ok && fn.Number >= 1 {
			add("footnote %d: never referenced", fn.Number)
		}
	}
	if len(probs) > 0 {
		return &ValidationError{Problems: probs}
	}
	return nil
}

type refAt struct {
	n     int
	where string
}

type xrefAt struct {
	target string
	where  string
}
