package render

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// PDF layout. All measures are in points on an A4 page. The layout is computed completely before
// anything is drawn: blocks become "items" (lines, table rows, rules) with heights and the
// footnotes they reference; the paginator places items and footnote lines page by page; then
// fpdf draws the pages. Knowing every page in advance gives "Page N of M" and internal links
// without fpdf's alias substitution.
//
// Footnote rule: a line (or table row) is placed on a page only if the text of each footnote it
// references starts on the same page — the whole note when it fits, otherwise at least its first
// line, the rest continuing at the foot of the next page under a full-width separator and a
// "(continued)" line. A line whose notes cannot start on the page moves to the next page. Notes
// stay in order: when one note on a line is longer than the space left, a later note on the same
// line follows its continuation onto the next page (as LaTeX does).

//go:embed fonts/LiberationSerif-Regular.ttf
var fontRegular []byte

//go:embed fonts/LiberationSerif-Bold.ttf
var fontBold []byte

//go:embed fonts/LiberationSerif-Italic.ttf
var fontItalic []byte

//go:embed fonts/LiberationSerif-BoldItalic.ttf
var fontBoldItalic []byte

const (
	pageW, pageH   = 595.28, 841.89
	marginL        = 72.0
	marginR        = 72.0
	marginT        = 72.0
	marginB        = 66.0
	textW          = pageW - marginL - marginR
	bodyTop        = marginT
	bodyBottom     = pageH - marginB
	bodySize       = 12.0
	bodyLead       = 17.0
	noteSize       = 10.0
	noteLead       = 12.0
	noteIndent     = 18.0
	noteGap        = 2.0  // between two footnotes
	sepAbove       = 10.0 // gap between the body and the separator rule
	sepBelow       = 5.0  // gap between the rule and the first note line
	paraGap        = 6.0
	numIndent      = 36.0
	tableSize      = 10.0
	tableLead      = 12.0
	cellPad        = 4.0
	fontFamily     = "serif"
	superScale     = 0.62
	superRise      = 0.36
	smallCapsScale = 0.8
)

// style indexes: 0 regular, 1 bold, 2 italic, 3 bold italic.
var styleNames = [4]string{"", "B", "I", "BI"}

func styleIndex(s Style) int {
	i := 0
	if s.Bold {
		i |= 1
	}
	if s.Italic {
		i |= 2
	}
	return i
}

// frag is a run of text in one font, size and baseline offset.
type frag struct {
	text  string
	style int
	size  float64
	rise  float64
	w     float64
	url   string // external link
	dest  string // cross-reference label
	fn    int    // footnote marker number, 0 if none
}

// word is an unbreakable run of fragments; space is the width of the space that follows it (0 for
// the last word of a paragraph).
type word struct {
	frags []frag
	w     float64
	space float64
}

// pline is one laid-out line: words with their x offsets relative to the line's left edge.
type pline struct {
	words []word
	xs    []float64
	fns   []int
}

// drawLine is a line of text placed inside an item: x is absolute, dy relative to the item's top.
type drawLine struct {
	x, dy, lead float64
	line        pline
}

// stroke is a rule inside an item (relative to the item's top).
type stroke struct {
	x1, dy1, x2, dy2, width float64
}

// item is the unit the paginator places.
type item struct {
	h, before float64
	fns       []int
	keepNext  bool
	pageBreak bool
	lines     []drawLine
	strokes   []stroke
	label     string // cross-reference target set at the item's top
	bookmark  string
	level     int
	header    *item // table header to repeat when this row starts a page
}

// noteLine is one line of a footnote area; label lines print "(continued)".
type noteLine struct {
	fn        int
	first     bool // first line of its note: prints the number, preceded by noteGap
	continued bool // a "(continued)" label line
	line      pline
}

type placed struct {
	it *item
	y  float64
}

type pdfPage struct {
	body     []placed
	notes    []noteLine
	contSep  bool // the area starts with a continued note: full-width separator
	carryOut bool // notes continue on the next page
}

type pdfLayout struct {
	f      *fpdf.Fpdf
	widths [4]map[rune]float64
	latin  [4][0x250]float64 // fast path of widths (0 = not measured yet)
	// the font last selected while drawing (fpdf writes a font change on every SetFont call)
	curStyle int
	curSize  float64
	notes    map[int][]noteLine
	items    []*item
	pages    []*pdfPage
}

// PDF writes doc as an A4 PDF with embedded, subsetted Liberation Serif fonts, selectable text,
// the Version in the header of every page, "Page N of M" in the footer, an outline of headings,
// internal links for cross-references, and footnotes at the foot of the page that references them.
func PDF(ctx context.Context, w io.Writer, doc *Document, _ Options) error {
	if err := prepare(ctx, doc, "pdf"); err != nil {
		return err
	}
	L, err := layoutPDF(ctx, doc)
	if err != nil {
		return fmt.Errorf("render pdf: %w", err)
	}
	L.draw(doc)
	var buf bytes.Buffer
	if err := L.f.Output(&buf); err != nil {
		return fmt.Errorf("render pdf: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render pdf: write: %w", err)
	}
	return nil
}

// layoutPDF sets up fpdf (fonts, metadata, fixed dates) and computes the pages of a valid doc.
func layoutPDF(ctx context.Context, doc *Document) (*pdfLayout, error) {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "A4"})
	ts := docTime(doc)
	f.SetCreationDate(ts)
	f.SetModificationDate(ts)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(marginL, marginT, marginR)
	f.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	f.AddUTF8FontFromBytes(fontFamily, "I", fontItalic)
	f.AddUTF8FontFromBytes(fontFamily, "BI", fontBoldItalic)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("load fonts: %w", err)
	}
	f.SetTitle(clean(docTitle(doc)), true)
	f.SetSubject(clean(doc.Version), true)
	f.SetKeywords(string(doc.Kind), true)
	f.SetCreator("dossier", true)
	f.SetProducer("dossier", true)
	f.SetLang(docLang(doc))

	L := &pdfLayout{f: f, notes: map[int][]noteLine{}}
	for i := range L.widths {
		L.widths[i] = map[rune]float64{}
	}
	for _, fn := range doc.Footnotes {
		L.notes[fn.Number] = L.layoutNote(fn)
	}
	if err := L.layoutBlocks(ctx, doc); err != nil {
		return nil, err
	}
	L.paginate()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return L, nil
}

// width of one rune at size 1 in style st.
func (L *pdfLayout) runeW(st int, r rune) float64 {
	if r >= 0 && r < 0x250 {
		if w := L.latin[st][r]; w != 0 {
			return w
		}
	} else if w, ok := L.widths[st][r]; ok {
		return w
	}
	L.f.SetFont(fontFamily, styleNames[st], 1)
	w := L.f.GetStringWidth(string(r))
	if r >= 0 && r < 0x250 && w != 0 {
		L.latin[st][r] = w
	} else {
		L.widths[st][r] = w
	}
	return w
}

// setFont selects a font for drawing, skipping fpdf's call when nothing changes.
func (L *pdfLayout) setFont(style int, size float64) {
	if style == L.curStyle && size == L.curSize {
		return
	}
	L.f.SetFont(fontFamily, styleNames[style], size)
	L.curStyle, L.curSize = style, size
}

func (L *pdfLayout) strW(st int, size float64, s string) float64 {
	var w float64
	for _, r := range s {
		w += L.runeW(st, r)
	}
	return w * size
}

// words turns inlines into words at the given size.
func (L *pdfLayout) words(ins []Inline, base Style, size float64) []word {
	var out []word
	var cur word
	flush := func(space float64) {
		if len(cur.frags) > 0 {
			cur.space = space
			out = append(out, cur)
			cur = word{}
		} else if space > 0 && len(out) > 0 && out[len(out)-1].space == 0 {
			out[len(out)-1].space = space
		}
	}
	addText := func(s string, st Style, url, dest string) {
		si := styleIndex(st)
		var run strings.Builder
		emit := func(small bool) {
			if run.Len() == 0 {
				return
			}
			sz := size
			if small {
				sz = size * smallCapsScale
			}
			t := run.String()
			fr := frag{text: t, style: si, size: sz, url: url, dest: dest}
			fr.w = L.strW(si, sz, t)
			cur.frags = append(cur.frags, fr)
			cur.w += fr.w
			run.Reset()
		}
		small := false
		for _, r := range s {
			if r == ' ' {
				emit(small)
				flush(L.runeW(si, ' ') * size)
				continue
			}
			isSmall := st.SmallCaps && unicode.IsLower(r)
			if isSmall != small {
				emit(small)
				small = isSmall
			}
			if isSmall {
				r = unicode.ToUpper(r)
			}
			run.WriteRune(r)
		}
		emit(small)
	}
	for _, in := range ins {
		switch v := in.(type) {
		case Text:
			addText(clean(v.Text), mergeStyle(base, v.Style), "", "")
		case Link:
			addText(clean(v.Text), mergeStyle(base, v.Style), clean(v.URL), "")
		case CrossRef:
			addText(clean(v.Text), mergeStyle(base, v.Style), "", v.Target)
		case FootnoteRef:
			t := strconv.Itoa(v.Number)
			sz := size * superScale
			fr := frag{text: t, style: 0, size: sz, rise: size * superRise, fn: v.Number}
			fr.w = L.strW(0, sz, t)
			cur.frags = append(cur.frags, fr)
			cur.w += fr.w
		}
	}
	flush(0)
	if len(out) > 0 {
		out[len(out)-1].space = 0
	}
	return out
}

func mergeStyle(a, b Style) Style {
	return Style{Bold: a.Bold || b.Bold, Italic: a.Italic || b.Italic, SmallCaps: a.SmallCaps || b.SmallCaps}
}

// splitWord cuts a word wider than width into pieces that fit, preferring a cut after a
// character such as '/' or '-' (URLs, long identifiers).
func (L *pdfLayout) splitWord(wd word, width float64) []word {
	var out []word
	cur := word{}
	appendFrag := func(fr frag) {
		cur.frags = append(cur.frags, fr)
		cur.w += fr.w
	}
	for _, fr := range wd.frags {
		if fr.w <= width-cur.w {
			appendFrag(fr)
			continue
		}
		// split this frag rune by rune
		var piece strings.Builder
		var pw float64
		for _, r := range fr.text {
			rw := L.runeW(fr.style, r) * fr.size
			if cur.w+pw+rw > width && (cur.w+pw) > 0 {
				p := fr
				text := piece.String()
				// prefer breaking after the last separator in the piece
				if k := strings.LastIndexAny(text, "/-._?&=#"); k > 0 && k < len(text)-1 && k >= len(text)/3 {
					rest := text[k+1:]
					text = text[:k+1]
					p.text, p.w = text, L.strW(fr.style, fr.size, text)
					appendFrag(p)
					out = append(out, cur)
					cur = word{}
					piece.Reset()
					piece.WriteString(rest)
					pw = L.strW(fr.style, fr.size, rest)
				} else {
					if text != "" {
						p.text, p.w = text, pw
						appendFrag(p)
					}
					out = append(out, cur)
					cur = word{}
					piece.Reset()
					pw = 0
				}
			}
			piece.WriteRune(r)
			pw += rw
		}
		if piece.Len() > 0 {
			p := fr
			p.text, p.w = piece.String(), pw
			appendFrag(p)
		}
	}
	if len(cur.frags) > 0 {
		out = append(out, cur)
	}
	if len(out) > 0 {
		out[len(out)-1].space = wd.space
	}
	return out
}

// breakLines breaks words into lines no wider than width (greedy first fit) and computes each
// word's x; justify stretches every line but the last.
func (L *pdfLayout) breakLines(words []word, width float64, justify bool) []pline {
	var expanded []word
	for _, wd := range words {
		if wd.w > width {
			expanded = append(expanded, L.splitWord(wd, width)...)
		} else {
			expanded = append(expanded, wd)
		}
	}
	var lines []pline
	var cur []word
	var curW float64 // width of cur including inner spaces
	finish := func(last bool) {
		if len(cur) == 0 {
			return
		}
		pl := pline{words: cur, xs: make([]float64, len(cur))}
		extra := 0.0
		if justify && !last && len(cur) > 1 {
			extra = (width - curW) / float64(len(cur)-1)
			// A line that would need its spaces stretched to more than three times their width
			// (typically because the next word is a long URL) is set ragged instead: gaps that
			// wide read as breaks, and a court reader would see them as missing words.
			spaces := 0.0
			for _, wd := range cur[:len(cur)-1] {
				spaces += wd.space
			}
			if extra*float64(len(cur)-1) > 2*spaces {
				extra = 0
			}
		}
		x := 0.0
		for i, wd := range cur {
			pl.xs[i] = x
			x += wd.w + wd.space + extra
			for _, fr := range wd.frags {
				if fr.fn != 0 {
					pl.fns = append(pl.fns, fr.fn)
				}
			}
		}
		lines = append(lines, pl)
		cur, curW = nil, 0
	}
	for _, wd := range expanded {
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			if curW+prev.space+wd.w > width+0.01 {
				finish(false)
			} else {
				curW += prev.space
			}
		}
		cur = append(cur, wd)
		curW += wd.w
	}
	finish(true)
	return lines
}

func (L *pdfLayout) layoutNote(fn Footnote) []noteLine {
	lines := L.breakLines(L.words(fn.Inlines, Style{}, noteSize), textW-noteIndent, true)
	if len(lines) == 0 {
		lines = []pline{{}}
	}
	out := make([]noteLine, len(lines))
	for i, l := range lines {
		out[i] = noteLine{fn: fn.Number, first: i == 0, line: l}
	}
	return out
}

// textItems lays out a paragraph into one item per line, with orphan and widow control.
func (L *pdfLayout) textItems(ins []Inline, base Style, size, lead, x, width float64, justify bool, before float64) []*item {
	lines := L.breakLines(L.words(ins, base, size), width, justify)
	if len(lines) == 0 {
		return nil
	}
	items := make([]*item, len(lines))
	for i, l := range lines {
		items[i] = &item{h: lead, fns: l.fns, lines: []drawLine{{x: x, lead: lead, line: l}}}
	}
	items[0].before = before
	n := len(items)
	if n >= 2 {
		items[0].keepNext = true   // no orphan
		items[n-2].keepNext = true // no widow
	}
	return items
}

func alignLine(l *pline, width float64, a Align) {
	if len(l.words) == 0 {
		return
	}
	lastW := l.xs[len(l.xs)-1] + l.words[len(l.words)-1].w
	var shift float64
	switch a {
	case AlignCenter:
		shift = (width - lastW) / 2
	case AlignRight:
		shift = width - lastW
	default:
		return
	}
	for i := range l.xs {
		l.xs[i] += shift
	}
}

// alignedItems lays out a non-justified paragraph (centered, left or right).
func (L *pdfLayout) alignedItems(ins []Inline, base Style, size, lead float64, a Align, before float64) []*item {
	items := L.textItems(ins, base, size, lead, marginL, textW, false, before)
	for _, it := range items {
		alignLine(&it.lines[0].line, textW, a)
	}
	return items
}

func (L *pdfLayout) layoutBlocks(ctx context.Context, doc *Document) error {
	add := func(its ...*item) { L.items = append(L.items, its...) }
	for bi, b := range doc.Blocks {
		if bi%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch v := b.(type) {
		case *Heading:
			var its []*item
			switch v.Level {
			case 1:
				its = L.alignedItems(upperInlines(v.Inlines), Style{Bold: true}, bodySize, bodyLead, AlignCenter, 18)
			case 2:
				its = L.alignedItems(v.Inlines, Style{Bold: true}, bodySize, bodyLead, AlignLeft, 14)
			default:
				its = L.alignedItems(v.Inlines, Style{Bold: true, Italic: true}, bodySize, bodyLead, AlignLeft, 10)
			}
			if len(its) == 0 {
				continue
			}
			its[0].label = v.Label
			its[0].bookmark = plain(v.Inlines)
			its[0].level = v.Level
			for _, it := range its {
				it.keepNext = true
			}
			add(its...)
		case *Paragraph:
			if v.Align == AlignDefault {
				add(L.textItems(v.Inlines, Style{}, bodySize, bodyLead, marginL, textW, true, paraGap)...)
			} else {
				add(L.alignedItems(v.Inlines, Style{}, bodySize, bodyLead, v.Align, paraGap)...)
			}
		case *NumberedParagraph:
			its := L.textItems(v.Inlines, Style{}, bodySize, bodyLead, marginL+numIndent, textW-numIndent, true, paraGap)
			num := L.words([]Inline{Text{Text: strconv.Itoa(v.Number) + "."}}, Style{}, bodySize)
			if len(its) == 0 {
				its = []*item{{h: bodyLead, before: paraGap}}
			}
			its[0].lines = append(its[0].lines, drawLine{x: marginL, lead: bodyLead, line: pline{words: num, xs: []float64{0}}})
			its[0].label = v.Label
			add(its...)
		case *Caption:
			var its []*item
			if v.Court != "" {
				its = append(its, L.alignedItems([]Inline{Text{Text: strings.ToUpper(v.Court)}}, Style{Bold: true}, 13, 18, AlignCenter, 0)...)
			}
			for _, l := range v.Lines {
				its = append(its, L.alignedItems([]Inline{Text{Text: l}}, Style{}, bodySize, 16, AlignCenter, 0)...)
			}
			if v.CaseNumber != "" {
				its = append(its, L.alignedItems([]Inline{Text{Text: v.CaseNumber}}, Style{}, bodySize, 16, AlignCenter, 6)...)
			}
			if v.CaseTitle != "" {
				its = append(its, L.alignedItems([]Inline{Text{Text: v.CaseTitle}}, Style{Bold: true}, 13, 18, AlignCenter, 16)...)
			}
			if v.DocumentTitle != "" {
				its = append(its, L.alignedItems([]Inline{Text{Text: strings.ToUpper(v.DocumentTitle)}}, Style{Bold: true}, 14, 20, AlignCenter, 16)...)
			}
			for _, it := range its {
				it.keepNext = true
			}
			// a rule under the caption
			add(its...)
			add(&item{h: 14, before: 4, strokes: []stroke{{marginL, 4, marginL + textW, 4, 0.8}}})
		case *BlockQuote:
			for i, p := range v.Paragraphs {
				before := 4.0
				if i == 0 {
					before = paraGap
				}
				add(L.textItems(p, Style{}, 11, 15, marginL+numIndent, textW-2*numIndent, true, before)...)
			}
		case *List:
			for j, it := range v.Items {
				its := L.textItems(it, Style{}, bodySize, bodyLead, marginL+numIndent+18, textW-numIndent-18, true, 3)
				if len(its) == 0 {
					continue
				}
				mark := L.words([]Inline{Text{Text: listMarker(v, j)}}, Style{}, bodySize)
				its[0].lines = append(its[0].lines, drawLine{x: marginL + numIndent - 4, lead: bodyLead, line: pline{words: mark, xs: []float64{0}}})
				add(its...)
			}
		case *Table:
			add(L.tableItems(v)...)
		case *Signature:
			var its []*item
			if v.Place != "" || v.Date != "" {
				its = append(its, L.alignedItems([]Inline{Text{Text: strings.Trim(clean(v.Place)+", "+clean(v.Date), ", ")}}, Style{}, bodySize, bodyLead, AlignLeft, 24)...)
			}
			its = append(its, &item{h: 40, strokes: []stroke{{marginL, 36, marginL + 200, 36, 0.6}}})
			for _, l := range v.Lines {
				its = append(its, L.alignedItems([]Inline{Text{Text: l}}, Style{}, bodySize, bodyLead, AlignLeft, 0)...)
			}
			for _, it := range its[:len(its)-1] {
				it.keepNext = true
			}
			add(its...)
		case *PageBreak:
			add(&item{pageBreak: true})
		}
	}
	return nil
}

func upperInlines(ins []Inline) []Inline {
	out := make([]Inline, len(ins))
	for i, in := range ins {
		switch v := in.(type) {
		case Text:
			v.Text = strings.ToUpper(v.Text)
			out[i] = v
		case CrossRef:
			v.Text = strings.ToUpper(v.Text)
			out[i] = v
		default:
			out[i] = in
		}
	}
	return out
}

// tableItems lays out a table: one item per row (long rows are cut into several), the header row
// repeated at the top of each page the table continues on.
func (L *pdfLayout) tableItems(t *Table) []*item {
	cols := len(t.Header)
	if cols == 0 && len(t.Rows) > 0 {
		cols = len(t.Rows[0])
	}
	if cols == 0 {
		return nil
	}
	widths := make([]float64, cols)
	var sum float64
	for _, w := range t.Widths {
		sum += w
	}
	for j := range widths {
		if len(t.Widths) == cols && sum > 0 {
			widths[j] = textW * t.Widths[j] / sum
		} else {
			widths[j] = textW / float64(cols)
		}
	}
	var out []*item
	if len(t.Caption) > 0 {
		its := L.alignedItems(t.Caption, Style{Bold: true}, 11, 15, AlignLeft, 10)
		for _, it := range its {
			it.keepNext = true
		}
		out = append(out, its...)
	}
	row := func(cells []Cell, header bool) []*item {
		base := Style{Bold: header}
		cellLines := make([][]pline, cols)
		maxN := 1
		for j := 0; j < cols; j++ {
			if j < len(cells) {
				cellLines[j] = L.breakLines(L.words(cells[j].Inlines, base, tableSize), widths[j]-2*cellPad, false)
			}
			if len(cellLines[j]) > maxN {
				maxN = len(cellLines[j])
			}
		}
		// cut rows taller than ~2/3 of a page into chunks
		chunk := 38 // about two thirds of a page of table lines
		var its []*item
		for start := 0; start < maxN; start += chunk {
			end := min(start+chunk, maxN)
			n := end - start
			it := &item{h: float64(n)*tableLead + 2*cellPad}
			x := marginL
			for j := 0; j < cols; j++ {
				for k := start; k < end && k < len(cellLines[j]); k++ {
					l := cellLines[j][k]
					it.lines = append(it.lines, drawLine{x: x + cellPad, dy: cellPad + float64(k-start)*tableLead, lead: tableLead, line: l})
					it.fns = append(it.fns, l.fns...)
				}
				x += widths[j]
			}
			// borders: top, bottom, verticals
			it.strokes = append(it.strokes, stroke{marginL, 0, marginL + textW, 0, 0.5}, stroke{marginL, it.h, marginL + textW, it.h, 0.5})
			x = marginL
			for j := 0; j <= cols; j++ {
				it.strokes = append(it.strokes, stroke{x, 0, x, it.h, 0.5})
				if j < cols {
					x += widths[j]
				}
			}
			its = append(its, it)
		}
		return its
	}
	var header *item
	if len(t.Header) > 0 {
		hs := row(t.Header, true)
		hs[0].before = 4
		for _, h := range hs {
			h.keepNext = true
		}
		header = &item{h: hs[0].h, lines: hs[0].lines, strokes: hs[0].strokes}
		out = append(out, hs...)
	}
	for _, r := range t.Rows {
		rs := row(r, false)
		for _, it := range rs {
			it.header = header
		}
		out = append(out, rs...)
	}
	if len(out) > 0 {
		last := out[len(out)-1]
		last.keepNext = false
		out = append(out, &item{h: 8})
	}
	return out
}

// ---- pagination ----

func (p *pdfPage) noteHeight() float64 {
	if len(p.notes) == 0 {
		return 0
	}
	h := sepAbove + sepBelow
	for i, n := range p.notes {
		h += noteLead
		if n.first && i > 0 {
			h += noteGap
		}
	}
	return h
}

// notesHeight is the extra height lines would add to an area that already holds have lines.
func notesHeight(have int, lines []noteLine) float64 {
	if len(lines) == 0 {
		return 0
	}
	h := 0.0
	if have == 0 {
		h += sepAbove + sepBelow
	}
	for i, n := range lines {
		h += noteLead
		if n.first && have+i > 0 {
			h += noteGap
		}
	}
	return h
}

type paginator struct {
	L     *pdfLayout
	cur   *pdfPage
	y     float64
	carry []noteLine
}

func (pg *paginator) newPage() {
	pg.cur = &pdfPage{}
	pg.L.pages = append(pg.L.pages, pg.cur)
	pg.y = bodyTop
	if len(pg.carry) == 0 {
		return
	}
	// continued notes first, under a full-width separator; keep room for a few body lines
	pg.cur.contSep = true
	room := (bodyBottom - bodyTop) - 4*bodyLead
	lines := append([]noteLine{{fn: pg.carry[0].fn, continued: true}}, pg.carry...)
	n := 0
	for n < len(lines) && notesHeight(0, lines[:n+1]) <= room {
		n++
	}
	if n < 2 && len(lines) >= 2 {
		n = 2 // always make progress
	}
	n = min(n, len(lines))
	pg.cur.notes = append(pg.cur.notes, lines[:n]...)
	rest := lines[n:]
	pg.carry = nil
	if len(rest) > 0 {
		pg.carry = append(pg.carry, rest...)
		pg.cur.carryOut = true
	}
}

func (pg *paginator) avail() float64 {
	return bodyBottom - pg.y - pg.cur.noteHeight()
}

// groupFits reports whether items[i:] linked by keepNext fit on the current page with the first
// line of each of their notes.
func (pg *paginator) groupFits(items []*item, i int) bool {
	h := 0.0
	have := len(pg.cur.notes)
	var extra []noteLine
	for k := i; k < len(items) && k < i+8; k++ {
		it := items[k]
		if it.pageBreak {
			break
		}
		if k > i || len(pg.cur.body) > 0 {
			h += it.before
		}
		h += it.h
		for _, n := range it.fns {
			if nl := pg.L.notes[n]; len(nl) > 0 {
				extra = append(extra, nl[0])
			}
		}
		if !it.keepNext {
			break
		}
	}
	return h+notesHeight(have, extra) <= pg.avail()+0.01
}

func (L *pdfLayout) paginate() {
	pg := &paginator{L: L}
	pg.newPage()
	for i := 0; i < len(L.items); i++ {
		it := L.items[i]
		if it.pageBreak {
			if len(pg.cur.body) > 0 || len(pg.cur.notes) > 0 {
				pg.newPage()
			}
			continue
		}
		if len(pg.cur.body) > 0 && it.keepNext && !pg.groupFits(L.items, i) {
			pg.newPage()
		}
		for attempt := 0; ; attempt++ {
			if pg.place(it, attempt > 0) {
				break
			}
			pg.newPage()
		}
	}
	for len(pg.carry) > 0 {
		pg.newPage()
	}
}

// place tries to put it on the current page; force places it regardless (on a fresh page).
func (pg *paginator) place(it *item, force bool) bool {
	p := pg.cur
	empty := len(p.body) == 0
	if empty && it.header != nil {
		h := *it.header
		p.body = append(p.body, placed{&h, pg.y})
		pg.y += h.h
		empty = false
	}
	before := it.before
	if empty {
		before = 0
	}
	var lines []noteLine
	for _, n := range it.fns {
		lines = append(lines, pg.L.notes[n]...)
	}
	if p.carryOut && len(lines) > 0 && !force {
		return false // the notes would have to follow a note that is still continuing
	}
	space := pg.avail() - before - it.h
	if space < -0.01 && !force {
		return false
	}
	have := len(p.notes)
	if p.carryOut {
		pg.carry = append(pg.carry, lines...)
		lines = nil
	}
	full := notesHeight(have, lines)
	if full <= space+0.01 {
		p.notes = append(p.notes, lines...)
	} else {
		// how many note lines fit?
		n := 0
		for n < len(lines) && notesHeight(have, lines[:n+1]) <= space+0.01 {
			n++
		}
		// every referenced note must at least start here
		ok := true
		for _, fn := range it.fns {
			started := false
			for _, l := range lines[:n] {
				if l.fn == fn {
					started = true
					break
				}
			}
			if !started {
				ok = false
				break
			}
		}
		if !ok && !force {
			return false
		}
		p.notes = append(p.notes, lines[:n]...)
		if n < len(lines) {
			pg.carry = append(pg.carry, lines[n:]...)
			p.carryOut = true
		}
	}
	pg.y += before
	p.body = append(p.body, placed{it, pg.y})
	pg.y += it.h
	return true
}

// ---- drawing ----

func (L *pdfLayout) draw(doc *Document) {
	f := L.f
	links := map[string]int{}
	// internal link targets
	for pi, p := range L.pages {
		for _, pl := range p.body {
			if pl.it.label != "" {
				id := f.AddLink()
				f.SetLink(id, pl.y, pi+1)
				links[pl.it.label] = id
			}
		}
	}
	total := len(L.pages)
	prevLevel := 0
	version := clean(doc.Version)
	for pi, p := range L.pages {
		f.AddPage()
		// header: the version on every page
		L.setFont(1, 9)
		vw := f.GetStringWidth(version)
		f.Text((pageW-vw)/2, 42, version)
		f.SetLineWidth(0.4)
		f.Line(marginL, 48, pageW-marginR, 48)
		// footer
		L.setFont(0, 9)
		pn := fmt.Sprintf("Page %d of %d", pi+1, total)
		f.Text((pageW-f.GetStringWidth(pn))/2, pageH-34, pn)
		for _, pl := range p.body {
			it := pl.it
			if it.bookmark != "" {
				lvl := min(max(it.level-1, 0), prevLevel+1)
				L.setFont(1, 9)
				f.Bookmark(it.bookmark, lvl, pl.y)
				prevLevel = lvl
			}
			for _, s := range it.strokes {
				f.SetLineWidth(s.width)
				f.Line(s.x1, pl.y+s.dy1, s.x2, pl.y+s.dy2)
			}
			for _, dl := range it.lines {
				L.drawPline(dl.line, dl.x, pl.y+dl.dy, dl.lead, links)
			}
		}
		if len(p.notes) > 0 {
			top := bodyBottom - p.noteHeight()
			f.SetLineWidth(0.5)
			ruleW := textW / 3
			if p.contSep {
				ruleW = textW
			}
			f.Line(marginL, top+sepAbove, marginL+ruleW, top+sepAbove)
			y := top + sepAbove + sepBelow
			for i, n := range p.notes {
				if n.first && i > 0 {
					y += noteGap
				}
				if n.first || n.continued {
					L.setFont(0, noteSize)
					f.Text(marginL, y+noteLead*0.78, strconv.Itoa(n.fn))
				}
				if n.continued {
					L.setFont(2, noteSize)
					f.Text(marginL+noteIndent, y+noteLead*0.78, "(continued)")
				} else {
					L.drawPline(n.line, marginL+noteIndent, y, noteLead, links)
				}
				y += noteLead
			}
		}
	}
}

func (L *pdfLayout) drawPline(l pline, x, top, lead float64, links map[string]int) {
	f := L.f
	base := top + lead*0.78
	// Consecutive plain fragments in one font at their natural spacing are drawn with one Text
	// call (fewer, larger text objects); justified words are placed one by one.
	var run strings.Builder
	var runX, runEnd float64
	var runFr frag
	flush := func() {
		if run.Len() > 0 {
			L.setFont(runFr.style, runFr.size)
			f.Text(runX, base-runFr.rise, run.String())
			run.Reset()
		}
	}
	for i, wd := range l.words {
		wx := x + l.xs[i]
		for j, fr := range wd.frags {
			plainFr := fr.url == "" && fr.dest == ""
			if run.Len() > 0 && plainFr && fr.style == runFr.style && fr.size == runFr.size && fr.rise == runFr.rise {
				gap := wx - runEnd
				switch {
				case j == 0 && i > 0 && gap > 0 && abs(gap-l.words[i-1].space) < 0.01:
					run.WriteByte(' ')
					run.WriteString(fr.text)
					runEnd = wx + fr.w
					wx += fr.w
					continue
				case j > 0 && abs(gap) < 0.01:
					run.WriteString(fr.text)
					runEnd = wx + fr.w
					wx += fr.w
					continue
				}
			}
			flush()
			if plainFr {
				run.WriteString(fr.text)
				runX, runEnd, runFr = wx, wx+fr.w, fr
				wx += fr.w
				continue
			}
			L.setFont(fr.style, fr.size)
			f.Text(wx, base-fr.rise, fr.text)
			if fr.url != "" {
				f.LinkString(wx, top, fr.w, lead, fr.url)
			} else if id, ok := links[fr.dest]; ok {
				f.Link(wx, top, fr.w, lead, id)
			}
			wx += fr.w
		}
	}
	flush()
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
