package docimport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxTextSize bounds the bytes the text and Markdown readers accept (64 MiB).
const MaxTextSize = 64 << 20

// readLimited reads at most limit bytes and fails if the input is longer.
func readLimited(ctx context.Context, name string, r io.Reader, limit int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("read %s: input larger than %d bytes", name, limit)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("read %s: binary data (NUL byte) in a text file", name)
	}
	return data, nil
}

// ReadText reads a plain-text draft (for example text extracted from a PDF).
func ReadText(ctx context.Context, name string, r io.Reader) (*Document, error) {
	data, err := readLimited(ctx, name, r, MaxTextSize)
	if err != nil {
		return nil, err
	}
	return ParseText(name, string(data)), nil
}

type srcLine struct {
	n int
	s string
}

type pendPara struct {
	p     Paragraph
	marks []Marker
}

type textReader struct {
	b          *builder
	paras      []*pendPara
	foots      []Footnote
	lastPara   int // index into paras of the last prose paragraph that may continue, -1 if none
	lastWasFt  bool
	pending    *srcLine // a lone "N." line waiting for the next block
	frags      []srcLine
	lastMarker int
}

// ParseText parses plain text already in memory. It never fails: whatever it cannot place is
// kept as a paragraph or recorded as a reader note.
func ParseText(name, text string) *Document {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	tr := &textReader{b: newBuilder(name, FormatText), lastPara: -1}
	var block []srcLine
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			if len(block) > 0 {
				tr.block(block)
				block = block[:0]
			}
			continue
		}
		block = append(block, srcLine{n: i + 1, s: l})
	}
	if len(block) > 0 {
		tr.block(block)
	}
	if tr.pending != nil {
		tr.b.note(NoteStrayFragment, tr.pending.n, fmt.Sprintf("lone number %q ignored", strings.TrimSpace(tr.pending.s)))
	}
	tr.placeFragments()
	for _, pp := range tr.paras {
		tr.b.addParagraph(pp.p, pp.marks)
	}
	tr.b.doc.Footnotes = tr.foots
	return tr.b.finish()
}

var reNumberedLine = regexp.MustCompile(`^\s*[-•–]\s+\d{1,4}\.\s`)

func (tr *textReader) block(lines []srcLine) {
	// A table of contents: lines with tab-separated page numbers.
	tabs := 0
	for _, l := range lines {
		if strings.Contains(l.s, "\t") {
			tabs++
		}
	}
	if tabs >= 2 && tabs*2 >= len(lines) {
		for _, l := range lines {
			t := strings.TrimSpace(l.s)
			title, page := t, ""
			if i := strings.LastIndexByte(t, '\t'); i >= 0 {
				title, page = strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+1:])
			}
			tr.b.doc.TOC = append(tr.b.doc.TOC, TOCEntry{Title: title, Page: page, Line: l.n})
		}
		tr.lastPara = -1
		return
	}
	// Split into sub-blocks at lines that open a footnote or a numbered paragraph.
	start := 0
	for i := 1; i <= len(lines); i++ {
		if i < len(lines) {
			t := strings.TrimSpace(lines[i].s)
			_, _, _, fs := footnoteStart(t)
			if !fs && !reNumberedLine.MatchString(lines[i].s) {
				continue
			}
		}
		tr.sub(lines[start:i])
		start = i
	}
}

func (tr *textReader) sub(lines []srcLine) {
	first := strings.TrimSpace(lines[0].s)
	allSep := true
	for _, l := range lines {
		if !isSeparator(strings.TrimSpace(l.s)) {
			allSep = false
			break
		}
	}
	if allSep {
		return
	}
	if _, _, _, ok := footnoteStart(first); ok {
		tr.footnotes(lines)
		return
	}
	if strings.HasPrefix(first, "^{") && len(tr.foots) > 0 { // continuation of a broken footnote
		tr.appendFoot(lines, " ")
		return
	}
	if len(lines) == 1 && reLoneNumber.MatchString(first) {
		if tr.pending != nil {
			tr.b.note(NoteStrayFragment, tr.pending.n, fmt.Sprintf("lone number %q ignored", strings.TrimSpace(tr.pending.s)))
		}
		l := lines[0]
		tr.pending = &l
		return
	}
	if len(lines) == 1 && isPageNumber(first) {
		if r, _ := utf8.DecodeRuneInString(first); isSup(r) {
			tr.b.note(NoteStrayFragment, lines[0].n, fmt.Sprintf("lone superscript %q is neither a footnote body nor a marker; ignored", first))
		}
		return
	}
	if tr.pending != nil {
		p := tr.pending
		tr.pending = nil
		if looksLikeCitation(first) {
			num := 1
			if len(tr.foots) > 0 {
				num = tr.foots[len(tr.foots)-1].Number + 1
			}
			raw := strings.TrimSpace(p.s)
			tr.b.note(NoteGarbledNumber, p.n, fmt.Sprintf("footnote number written %q; taken as footnote %d from its place in the sequence", raw, num))
			f := Footnote{Number: num, Label: raw, Line: lines[0].n, Inferred: true}
			tr.foots = append(tr.foots, f)
			tr.appendFoot(lines, "")
			tr.lastWasFt = true
			return
		}
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(p.s), "."))
		tr.paragraph(lines, KindNumbered, n)
		return
	}
	if len(lines) == 1 && isURLFragment(first) && len(first) >= 6 {
		// The tail of a URL broken across a page; joined to the nearest footnote ending in a URL.
		tr.frags = append(tr.frags, lines[0])
		return
	}
	if tr.lastWasFt && len(tr.foots) > 0 && strings.HasPrefix(first, "http") {
		tr.appendFoot(lines, " ")
		return
	}
	tr.lastWasFt = false
	joined := make([]string, 0, len(lines))
	for _, l := range lines {
		joined = append(joined, strings.TrimSpace(l.s))
	}
	whole := strings.Join(joined, " ")
	if isHeadingText(whole) {
		tr.paragraph(lines, KindHeading, 0)
		tr.lastPara = -1
		return
	}
	dashless := strings.TrimSpace(strings.TrimLeft(first, "-•– "))
	if tr.lastPara >= 0 && !reNumberedPar.MatchString(first) {
		prev := tr.paras[tr.lastPara]
		if endsUnfinished(prev.p.Text) || startsLower(dashless) {
			tr.continuePara(prev, lines)
			return
		}
	}
	if m := reNumberedPar.FindStringSubmatch(cleanInline(first)); m != nil {
		n, _ := strconv.Atoi(m[1])
		tr.paragraph(lines, KindNumbered, n)
		return
	}
	tr.paragraph(lines, KindBody, 0)
}

// isURLFragment reports a short token with no spaces that could be the tail of a broken URL.
func isURLFragment(t string) bool {
	if len(t) > 160 || strings.ContainsAny(t, " \t") || !strings.ContainsAny(t, "./%") {
		return false
	}
	lt := strings.ToLower(t)
	if !strings.ContainsAny(t, "/%0123456789") && !strings.HasSuffix(lt, ".pdf") && !strings.HasSuffix(lt, ".html") && !strings.HasSuffix(lt, ".htm") && !strings.HasSuffix(lt, ".aspx") && !strings.HasSuffix(lt, ".php") {
		return false
	}
	for _, r := range t {
		if !(r < utf8.RuneSelf && (r == '.' || r == '/' || r == '%' || r == '-' || r == '_' || r == '#' || r == '?' || r == '=' || r == '&' || r == '~' || r == '+' ||
			(r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'))) {
			return false
		}
	}
	return true
}

func endsWithURL(t string) bool {
	f := strings.Fields(t)
	if len(f) == 0 {
		return false
	}
	last := f[len(f)-1]
	return strings.HasPrefix(last, "http") && !strings.HasSuffix(last, ".") && !strings.HasSuffix(last, ")")
}

var rePlainMarker = regexp.MustCompile(`[.!?"”’)] (\d{1,3})(?: |$)`)

// lineText cleans one body line: strips list dashes, emphasis and markers.
func (tr *textReader) lineText(s string, kind string, firstLine bool) (string, []Marker) {
	t := strings.TrimSpace(s)
	if firstLine || kind == KindBody || kind == KindNumbered {
		if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "• ") || strings.HasPrefix(t, "– ") {
			t = strings.TrimSpace(t[strings.IndexByte(t, ' ')+1:])
		}
	}
	t = cleanInline(t)
	t, marks := extractMarkers(t)
	for _, m := range marks {
		tr.lastMarker = m.Number
	}
	if kind != KindHeading {
		// Plain-digit markers ("... identical language. 54") close to the running sequence.
		for {
			loc := rePlainMarker.FindStringSubmatchIndex(t)
			if loc == nil {
				break
			}
			n, _ := strconv.Atoi(t[loc[2]:loc[3]])
			if tr.lastMarker == 0 || n <= tr.lastMarker-4 || n > tr.lastMarker+6 || n == 0 {
				break
			}
			cut := loc[3] - (loc[2] - 1)
			t = t[:loc[2]-1] + t[loc[3]:]
			for i := range marks {
				if marks[i].Offset > loc[2]-1 {
					marks[i].Offset = max(loc[2]-1, marks[i].Offset-cut)
				}
			}
			marks = append(marks, Marker{Number: n, Label: strconv.Itoa(n), Offset: loc[2] - 1, Plain: true})
			tr.lastMarker = n
		}
	}
	return t, marks
}

func (tr *textReader) paragraph(lines []srcLine, kind string, number int) {
	pp := &pendPara{p: Paragraph{Kind: kind, Number: number, Line: lines[0].n, EndLine: lines[len(lines)-1].n}}
	tr.addLines(pp, lines, true)
	if kind == KindNumbered {
		if m := reNumberedPar.FindStringSubmatchIndex(pp.p.Text); m != nil && number == 0 {
			pp.p.Number, _ = strconv.Atoi(pp.p.Text[m[2]:m[3]])
		}
	}
	tr.paras = append(tr.paras, pp)
	if kind == KindBody || kind == KindNumbered {
		tr.lastPara = len(tr.paras) - 1
	}
}

func (tr *textReader) continuePara(pp *pendPara, lines []srcLine) {
	for i, l := range lines {
		t, marks := tr.lineText(l.s, pp.p.Kind, i == 0)
		if t == "" && len(marks) == 0 {
			continue
		}
		tr.appendText(pp, t, marks, l.n)
	}
	pp.p.EndLine = lines[len(lines)-1].n
}

func (tr *textReader) addLines(pp *pendPara, lines []srcLine, first bool) {
	for i, l := range lines {
		t, marks := tr.lineText(l.s, pp.p.Kind, first && i == 0)
		if t == "" && len(marks) == 0 {
			continue
		}
		tr.appendText(pp, t, marks, l.n)
	}
}

func (tr *textReader) appendText(pp *pendPara, t string, marks []Marker, line int) {
	base := len(pp.p.Text)
	if base > 0 && t != "" {
		pp.p.Text += " "
		base++
	}
	pp.p.Spans = append(pp.p.Spans, Span{Offset: base, Line: line})
	pp.p.Text += t
	for _, m := range marks {
		m.Offset += base
		m.Line = line
		pp.marks = append(pp.marks, m)
	}
}

// footnotes reads a sub-block that opens with a footnote number; further numbers preceded by a
// space inside it open further footnotes ("... 2025). ¹⁹ Id.").
func (tr *textReader) footnotes(lines []srcLine) {
	tr.lastWasFt = true
	for _, l := range lines {
		t := strings.TrimSpace(l.s)
		for _, piece := range splitInnerNotes(t) {
			if num, label, rest, ok := footnoteStart(piece); ok {
				if rest == "" {
					if len(tr.foots) > 0 && num <= tr.foots[len(tr.foots)-1].Number {
						tr.b.note(NoteStrayFragment, l.n, fmt.Sprintf("lone footnote number %d after footnote %d; ignored", num, tr.foots[len(tr.foots)-1].Number))
						continue
					}
				}
				tr.foots = append(tr.foots, Footnote{Number: num, Label: label, Text: cleanFoot(rest), Line: l.n, EndLine: l.n})
				continue
			}
			if len(tr.foots) == 0 {
				continue
			}
			f := &tr.foots[len(tr.foots)-1]
			f.Text = joinFoot(f.Text, cleanFoot(piece), " ")
			f.EndLine = l.n
		}
	}
}

// splitInnerNotes splits a footnote line before superscript numbers preceded by a space.
func splitInnerNotes(t string) []string {
	var out []string
	start := 0
	for i := 1; i < len(t); i++ {
		if t[i-1] != ' ' {
			continue
		}
		if _, sz, ok := supNumber(t[i:]); ok {
			after := t[i+sz:]
			if after == "" || after[0] == ' ' {
				out = append(out, strings.TrimSpace(t[start:i]))
				start = i
			}
		}
	}
	out = append(out, strings.TrimSpace(t[start:]))
	return out
}

func (tr *textReader) appendFoot(lines []srcLine, sep string) {
	f := &tr.foots[len(tr.foots)-1]
	for _, l := range lines {
		t := strings.TrimSpace(l.s)
		if strings.HasPrefix(t, "^{") {
			t = t[2:]
			if j := strings.IndexByte(t, '}'); j >= 0 && j < 24 {
				t = t[:j] + t[j+1:]
			}
		}
		f.Text = joinFoot(f.Text, cleanFoot(t), sep)
		sep = " "
		f.EndLine = l.n
	}
	tr.lastWasFt = true
}

func joinFoot(a, b, sep string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + sep + b
}

func cleanFoot(s string) string {
	s = strings.ReplaceAll(s, "<u>", "")
	s = strings.ReplaceAll(s, "</u>", "")
	return normSpace(s)
}

// placeFragments joins URL tails found on their own line to the closest footnote (within a few
// lines) whose text ends in an unfinished URL.
func (tr *textReader) placeFragments() {
	for _, fr := range tr.frags {
		best, bestDist := -1, 12
		for i := range tr.foots {
			f := &tr.foots[i]
			if !endsWithURL(f.Text) {
				continue
			}
			d := fr.n - f.EndLine
			if d < 0 {
				d = f.Line - fr.n
			}
			if d >= 0 && d < bestDist {
				best, bestDist = i, d
			}
		}
		t := strings.TrimSpace(fr.s)
		if best < 0 {
			tr.b.note(NoteStrayFragment, fr.n, fmt.Sprintf("stray fragment %q could not be placed", t))
			continue
		}
		f := &tr.foots[best]
		f.Text += t
		tr.b.note(NoteStrayFragment, fr.n, fmt.Sprintf("URL fragment %q joined to footnote %d", t, f.Number))
	}
}
