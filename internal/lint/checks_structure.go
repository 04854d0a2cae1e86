package lint

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/cite"
	"dossier/internal/docimport"
)

// checkFootnotes: markers without bodies, bodies without markers, duplicates, order, truncated
// bodies and text duplicated from the next footnote.
func checkFootnotes(dc *docCtx) {
	d := dc.doc
	bodies := map[int]int{}
	for _, f := range d.Footnotes {
		bodies[f.Number]++
	}
	markers := map[int]int{}
	maxSeen := 0
	for _, m := range d.Markers {
		p := d.MarkerParagraph(m)
		loc := Location{File: d.File, Line: m.Line}
		if p != nil {
			loc.Paragraph = p.Number
		}
		loc.Footnote = m.Number
		markers[m.Number]++
		if bodies[m.Number] == 0 {
			dc.add(Finding{Check: "fn-no-body", Severity: Error, Location: loc,
				Message:    fmt.Sprintf("footnote marker %d has no footnote body", m.Number),
				Suggestion: "add the footnote text or remove the marker"})
		}
		if markers[m.Number] == 2 {
			dc.add(Finding{Check: "fn-duplicate-marker", Severity: Warning, Location: loc,
				Message:    fmt.Sprintf("footnote marker %d is used more than once", m.Number),
				Suggestion: "give each reference its own footnote (use Id. or a short form in the new one)"})
		}
		if m.Number < maxSeen && markers[m.Number] == 1 {
			dc.add(Finding{Check: "fn-order", Severity: Warning, Location: loc,
				Message:    fmt.Sprintf("footnote marker %d comes after marker %d", m.Number, maxSeen),
				Suggestion: "renumber the footnotes in reading order"})
		}
		if m.Number > maxSeen {
			maxSeen = m.Number
		}
		if m.Plain {
			dc.add(Finding{Check: "fn-plain-marker", Severity: Info, Location: loc,
				Message:    fmt.Sprintf("footnote marker %d is written as ordinary digits, not superscript", m.Number),
				Suggestion: "format the marker as a superscript footnote reference"})
		}
	}
	prev := 0
	for i, f := range d.Footnotes {
		loc := dc.atNote(f.Number)
		loc.Line = f.Line
		if markers[f.Number] == 0 {
			sugg := "place its marker after the sentence it supports, or delete the footnote"
			if where := dc.likelyPlace(f.Number); where != "" {
				sugg = "its marker probably belongs " + where
			}
			dc.add(Finding{Check: "fn-no-marker", Severity: Warning, Location: loc,
				Message:    fmt.Sprintf("footnote %d has no marker in the text", f.Number),
				Suggestion: sugg})
		}
		if bodies[f.Number] > 1 && i > 0 && d.Footnotes[i-1].Number == f.Number {
			dc.add(Finding{Check: "fn-duplicate-body", Severity: Error, Location: loc,
				Message: fmt.Sprintf("footnote number %d has more than one body", f.Number)})
		}
		if f.Number < prev {
			dc.add(Finding{Check: "fn-order", Severity: Warning, Location: loc,
				Message: fmt.Sprintf("footnote %d comes after footnote %d", f.Number, prev)})
		}
		prev = f.Number
		t := strings.TrimSpace(f.Text)
		if t == "" {
			dc.add(Finding{Check: "fn-empty", Severity: Error, Location: loc, Message: fmt.Sprintf("footnote %d is empty", f.Number)})
			continue
		}
		if truncated(t) {
			tail := t
			if len(tail) > 40 {
				tail = "…" + tail[len(tail)-40:]
			}
			sugg := "restore the rest of the footnote (text broken across a page is often misplaced)"
			if p := dc.strayNear(f.Line); p != nil {
				sugg = fmt.Sprintf("its continuation is probably the stray text at line %d (%q)", p.Line, clip(p.Text, 50))
			}
			dc.add(Finding{Check: "fn-truncated", Severity: Warning, Location: loc,
				Message:    fmt.Sprintf("footnote %d stops mid-sentence (%q)", f.Number, tail),
				Suggestion: sugg})
		}
		if i+1 < len(d.Footnotes) {
			if frag := sharedFragment(t, d.Footnotes[i+1].Text); frag != "" {
				dc.add(Finding{Check: "fn-duplicate-fragment", Severity: Warning, Location: loc,
					Message:    fmt.Sprintf("footnote %d ends with the opening of footnote %d (%q)", f.Number, d.Footnotes[i+1].Number, clip(frag, 60)),
					Suggestion: "delete the duplicated fragment"})
			}
		}
	}
	for _, p := range d.Paragraphs {
		if p.Kind == docimport.KindHeading && len(p.Markers) > 0 {
			m := d.Markers[p.Markers[0]]
			dc.add(Finding{Check: "fn-in-heading", Severity: Info, Location: Location{File: d.File, Line: m.Line, Footnote: m.Number},
				Message:    fmt.Sprintf("footnote marker %d is attached to a heading (%q)", m.Number, clip(p.Text, 50)),
				Suggestion: "attach the footnote to the sentence it supports"})
		}
	}
}

// strayNear returns a short unfootnoted body paragraph within ten lines of line, the usual
// place for the tail of a footnote broken across a page.
func (dc *docCtx) strayNear(line int) *docimport.Paragraph {
	var best *docimport.Paragraph
	bestD := 11
	for i := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[i]
		if p.Kind != docimport.KindBody || len(p.Markers) > 0 || len(p.Text) > 200 || len(p.Text) < 10 {
			continue
		}
		d := abs(p.Line - line)
		if d < bestD {
			best, bestD = p, d
		}
	}
	return best
}

// likelyPlace finds the body sentence that best matches the titles cited in footnote n, by
// shared words weighted by rarity (idf), and describes it; "" when nothing matches well.
func (dc *docCtx) likelyPlace(n int) string {
	var titles []string
	for _, c := range dc.byNote[n] {
		c = dc.resolve(c)
		titles = append(titles, c.Title)
	}
	want := sigWords(strings.Join(titles, " "))
	if len(want) == 0 {
		return ""
	}
	if dc.sentIndex == nil {
		dc.sentIndex = &sentenceIndex{df: map[string]int{}}
		for i := range dc.doc.Paragraphs {
			p := &dc.doc.Paragraphs[i]
			if p.Kind != docimport.KindBody {
				continue
			}
			for _, r := range sentences(p.Text) {
				ws := sigWords(p.Text[r[0]:r[1]])
				for w := range ws {
					dc.sentIndex.df[w]++
				}
				dc.sentIndex.sents = append(dc.sentIndex.sents, indexedSentence{p, r[0], r[1], ws})
			}
		}
	}
	sents, df := dc.sentIndex.sents, dc.sentIndex.df
	best, bestScore, second, shared := -1, 0.0, 0.0, 0
	for i, s := range sents {
		score, k := 0.0, 0
		for w := range want {
			if s.words[w] {
				score += math.Log(float64(len(sents)+1) / float64(df[w]))
				k++
			}
		}
		if score > bestScore {
			best, second, bestScore, shared = i, bestScore, score, k
		} else if score > second {
			second = score
		}
	}
	// Only a clear winner: two shared words or more, and well ahead of the next sentence.
	if best < 0 || shared < 2 || bestScore < min(6, 2*math.Log(float64(len(sents)+1)/2)) || bestScore < 1.25*second {
		return ""
	}
	s := sents[best]
	tail := s.p.Text[max(s.start, s.end-40):s.end]
	return fmt.Sprintf("after the sentence ending %q (line %d)", "…"+strings.TrimSpace(tail), s.p.LineAt(s.end-1))
}

// sentenceIndex holds the body's sentences with their significant words, built once.
type sentenceIndex struct {
	sents []indexedSentence
	df    map[string]int
}

type indexedSentence struct {
	p          *docimport.Paragraph
	start, end int
	words      map[string]bool
}

var stopWords = map[string]bool{"about": true, "after": true, "against": true, "their": true, "there": true, "these": true, "which": true, "while": true, "would": true, "could": true, "where": true, "under": true, "between": true, "during": true, "other": true, "since": true, "being": true}

// sigWords returns the lower-cased words of five letters or more, less a few function words.
func sigWords(t string) map[string]bool {
	out := map[string]bool{}
	for _, m := range words(t) {
		w := strings.ToLower(stripPossessive(t[m[0]:m[1]]))
		w = strings.TrimSuffix(w, "s")
		if len(w) >= 5 && !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

func truncated(t string) bool {
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".!?)]”\"'’*>", last) {
		return false
	}
	f := strings.Fields(t)
	lw := f[len(f)-1]
	if strings.Contains(lw, "://") || strings.HasPrefix(lw, "www.") || strings.ContainsAny(lw, "/") {
		return false
	}
	return unicode.IsLetter(last) || last == ','
}

// sharedFragment returns a text of at least 30 bytes that ends a and begins b.
func sharedFragment(a, b string) string {
	b = strings.TrimSpace(b)
	for n := min(len(a), len(b), 300); n >= 30; n-- {
		frag := b[:n]
		if !utf8.ValidString(frag) {
			continue
		}
		if strings.HasSuffix(a, frag) && len(a) > n+10 {
			// must start at a word boundary in a
			before := a[len(a)-n-1]
			if before == ' ' {
				return frag
			}
		}
	}
	return ""
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// checkReaderNotes reports what the reader had to repair.
func checkReaderNotes(dc *docCtx) {
	for _, n := range dc.doc.Notes {
		switch n.Kind {
		case docimport.NoteGarbledNumber:
			dc.add(Finding{Check: "fn-garbled-number", Severity: Warning, Location: Location{File: dc.doc.File, Line: n.Line}, Message: n.Message,
				Suggestion: "retype the footnote number"})
		case docimport.NoteStrayFragment:
			dc.add(Finding{Check: "doc-stray-fragment", Severity: Info, Location: Location{File: dc.doc.File, Line: n.Line}, Message: n.Message})
		}
	}
}

var (
	reParaRef    = regexp.MustCompile(`(?i)\bparagraphs?\s*(\d{1,4})(?:\s*(?:through|thru|to|-|–|—)\s*(\d{1,4}))?`)
	reExternal   = regexp.MustCompile(`(?i)^\s*,?\s*(?:of|in)\s+(?:the\s+|this\s+|that\s+)?(?:resolution|article|statute|judgment|judgement|decision|charter|treaty|convention|report|agreement|[A-Z])`)
	reBackward   = regexp.MustCompile(`(?i)(re-?alleg|incorporat|repeat|restat|reaffirm|as set (?:out|forth)|above)`)
	reSectionRef = regexp.MustCompile(`\b[Ss]ections?\s+([IVXLC]{1,6}|\d{1,3}(?:\.\d+)*)\b`)
	reAppendix   = regexp.MustCompile(`(?i)\b(?:the|an?|in|see)\s+(appendix|annex|annexe|attachment|schedule)\b(?:\s+([A-Z0-9]{1,3})\b)?`)
	reCountRef   = regexp.MustCompile(`\b[Cc]ounts?\s+(\d{1,3})\b`)
	reNoteRef    = regexp.MustCompile(`(?i)\b(?:see|cf\.|supra|infra)\s+(?:note|n\.)\s+(\d{1,4})\b`)
)

// checkCrossRefs: paragraph, section, appendix, count and footnote references that point nowhere,
// forward where only backward makes sense, or to a range that includes the referring paragraph.
func checkCrossRefs(dc *docCtx) {
	d := dc.doc
	numbered := map[int]bool{}
	maxNum := 0
	for _, p := range d.Paragraphs {
		if p.Kind == docimport.KindNumbered {
			numbered[p.Number] = true
			maxNum = max(maxNum, p.Number)
		}
	}
	sections := map[string]bool{}
	counts := map[string]bool{}
	var topNames []string
	hasAppendix := false
	for _, s := range d.Sections {
		if s.Number != "" {
			sections[strings.ToUpper(s.Number)] = true
			if strings.HasPrefix(s.Number, "Count ") {
				counts[strings.TrimPrefix(s.Number, "Count ")] = true
			} else if s.Level == 1 {
				topNames = append(topNames, s.Number)
			}
		}
		if reAppendix.MatchString("the " + strings.ToLower(s.Title)) {
			hasAppendix = true
		}
		lt := strings.ToLower(s.Title)
		if strings.HasPrefix(lt, "appendix") || strings.HasPrefix(lt, "annex") {
			hasAppendix = true
		}
	}
	for pi := range d.Paragraphs {
		p := &d.Paragraphs[pi]
		if p.Kind == docimport.KindTOC {
			continue
		}
		low := asciiLower(p.Text)
		var paraRefs [][]int
		if strings.Contains(low, "paragraph") {
			paraRefs = reParaRef.FindAllStringSubmatchIndex(p.Text, -1)
		}
		for _, m := range paraRefs {
			a, _ := strconv.Atoi(p.Text[m[2]:m[3]])
			b := a
			if m[4] >= 0 {
				b, _ = strconv.Atoi(p.Text[m[4]:m[5]])
			}
			if b < a || b-a > 10000 {
				continue
			}
			ref := p.Text[m[0]:m[1]]
			loc := dc.atPara(p, m[0])
			if reExternal.MatchString(p.Text[m[1]:min(len(p.Text), m[1]+40)]) {
				continue // "paragraph 3 of resolution 2270": another document's paragraph
			}
			var missing []int
			for n := a; n <= b; n++ {
				if !numbered[n] {
					missing = append(missing, n)
				}
			}
			if len(missing) > 0 && len(numbered) > 0 {
				dc.add(Finding{Check: "xref-dangling", Severity: Error, Location: loc,
					Message:    fmt.Sprintf("%q refers to %s %s, which %s not exist (the document numbers paragraphs up to %d)", ref, plural(len(missing), "paragraph", "paragraphs"), ranges(missing), plural(len(missing), "does", "do"), maxNum),
					Suggestion: "correct the paragraph numbers"})
			}
			if p.Kind != docimport.KindNumbered || p.Number == 0 {
				continue
			}
			P := p.Number
			ctxStart := max(0, m[0]-100)
			backward := reBackward.MatchString(p.Text[ctxStart:m[0]])
			if a <= P && P <= b && a != b {
				dc.add(Finding{Check: "xref-self", Severity: Error, Location: loc,
					Message:    fmt.Sprintf("paragraph %d refers to %q, a range that includes paragraph %d itself", P, ref, P),
					Suggestion: fmt.Sprintf("end the range at paragraph %d", P-1)})
			} else if a == P && a == b {
				dc.add(Finding{Check: "xref-self", Severity: Warning, Location: loc,
					Message: fmt.Sprintf("paragraph %d refers to itself (%q)", P, ref)})
			}
			if backward && b > P {
				from := max(a, P+1)
				sugg := "refer only to paragraphs that precede it"
				if P > 1 && a < P {
					sugg = fmt.Sprintf("%q (only paragraphs %d-%d precede paragraph %d)", fmt.Sprintf("Paragraphs %d through %d", a, P-1), 1, P-1, P)
				}
				dc.add(Finding{Check: "xref-forward", Severity: Error, Location: loc,
					Message:    fmt.Sprintf("paragraph %d re-alleges %q, but paragraphs %s come after it", P, ref, ranges(intRange(from, b))),
					Suggestion: sugg})
			}
		}
		for _, m := range matchIf(low, "section", reSectionRef, p.Text) {
			num := strings.ToUpper(p.Text[m[2]:m[3]])
			if sections[num] || len(sections) == 0 {
				continue
			}
			sugg := "refer to an existing section"
			if len(topNames) > 0 {
				sugg = fmt.Sprintf("the numbered sections are %s; name the part by its heading", strings.Join(topNames, ", "))
			}
			dc.add(Finding{Check: "xref-dangling", Severity: Error, Location: dc.atPara(p, m[0]),
				Message:    fmt.Sprintf("%q: the document has no section %s", p.Text[m[0]:m[1]], num),
				Suggestion: sugg})
		}
		if !hasAppendix && p.Kind != docimport.KindHeading {
			for _, m := range matchIfAny(low, []string{"appendix", "annex", "attachment", "schedule"}, reAppendix, p.Text) {
				dc.add(Finding{Check: "xref-dangling", Severity: Warning, Location: dc.atPara(p, m[0]),
					Message:    fmt.Sprintf("%q: the document has no heading named %s", p.Text[m[0]:m[1]], strings.ToLower(p.Text[m[2]:m[3]])),
					Suggestion: "refer to the part by its actual heading, or add the " + strings.ToLower(p.Text[m[2]:m[3]])})
			}
		}
		if p.Kind != docimport.KindHeading && len(counts) > 0 {
			for _, m := range matchIf(low, "count", reCountRef, p.Text) {
				if !counts[p.Text[m[2]:m[3]]] {
					dc.add(Finding{Check: "xref-dangling", Severity: Error, Location: dc.atPara(p, m[0]),
						Message: fmt.Sprintf("%q: the document has no Count %s", p.Text[m[0]:m[1]], p.Text[m[2]:m[3]])})
				}
			}
		}
		for _, m := range matchIfAny(low, []string{"note", " n."}, reNoteRef, p.Text) {
			n, _ := strconv.Atoi(p.Text[m[2]:m[3]])
			if d.Footnote(n) == nil {
				dc.add(Finding{Check: "xref-dangling", Severity: Error, Location: dc.atPara(p, m[0]),
					Message: fmt.Sprintf("%q: there is no footnote %d", p.Text[m[0]:m[1]], n)})
			}
		}
	}
	// supra/Id. problems found by the citation parser.
	for _, c := range dc.cites.Citations {
		for _, pr := range c.Problems {
			switch pr.Code {
			case cite.ProbSupraNone:
				dc.add(Finding{Check: "xref-dangling", Severity: Error, Location: dc.atNote(c.Footnote), Message: fmt.Sprintf("footnote %d: %s", c.Footnote, pr.Message)})
			case cite.ProbSupraAhead:
				dc.add(Finding{Check: "xref-forward", Severity: Error, Location: dc.atNote(c.Footnote), Message: fmt.Sprintf("footnote %d: %s", c.Footnote, pr.Message)})
			case cite.ProbIDAmbiguous, cite.ProbIDNoPrior:
				dc.add(Finding{Check: "cite-id-ambiguous", Severity: Warning, Location: dc.atNote(c.Footnote),
					Message:    fmt.Sprintf("footnote %d: %s", c.Footnote, pr.Message),
					Suggestion: "use a short form that names the source"})
			}
		}
	}
}

// matchIf runs re only when the lower-cased text contains the keyword.
func matchIf(low, kw string, re *regexp.Regexp, text string) [][]int {
	if !strings.Contains(low, kw) {
		return nil
	}
	return re.FindAllStringSubmatchIndex(text, -1)
}

func matchIfAny(low string, kws []string, re *regexp.Regexp, text string) [][]int {
	for _, kw := range kws {
		if strings.Contains(low, kw) {
			return re.FindAllStringSubmatchIndex(text, -1)
		}
	}
	return nil
}

func intRange(a, b int) []int {
	var out []int
	for i := a; i <= b && len(out) < 10000; i++ {
		out = append(out, i)
	}
	return out
}

// normHeading reduces a heading to lower-case words for comparison.
func normHeading(s string) string {
	s = strings.ReplaceAll(s, "*", " ")
	return cite.NormTitle(s)
}

// checkTOC compares table-of-contents entries with the headings.
func checkTOC(dc *docCtx) {
	d := dc.doc
	if len(d.TOC) == 0 {
		return
	}
	heads := map[string]*docimport.Section{}
	for i := range d.Sections {
		heads[normHeading(d.Sections[i].Title)] = &d.Sections[i]
	}
	var noPage []string
	firstNoPage := 0
	for _, e := range d.TOC {
		if e.Page == "" {
			noPage = append(noPage, clip(e.Title, 40))
			if firstNoPage == 0 {
				firstNoPage = e.Line
			}
		}
		n := normHeading(e.Title)
		if n == "" || heads[n] != nil {
			continue
		}
		best, score := (*docimport.Section)(nil), 0.0
		for i := range d.Sections {
			s := wordSimilarity(n, normHeading(d.Sections[i].Title))
			if s > score {
				best, score = &d.Sections[i], s
			}
		}
		if best != nil && score >= 0.6 {
			dc.add(Finding{Check: "toc-mismatch", Severity: Warning, Location: Location{File: d.File, Line: e.Line},
				Message:    fmt.Sprintf("table of contents entry %q differs from the heading at line %d (%q)", e.Title, best.Line, best.Title),
				Suggestion: "make the entry match the heading", Related: []Location{{File: d.File, Line: best.Line}}})
		} else {
			dc.add(Finding{Check: "toc-mismatch", Severity: Warning, Location: Location{File: d.File, Line: e.Line},
				Message: fmt.Sprintf("table of contents entry %q has no matching heading", e.Title)})
		}
	}
	if len(noPage) > 0 {
		dc.add(Finding{Check: "toc-no-page", Severity: Info, Location: Location{File: d.File, Line: firstNoPage},
			Message:    fmt.Sprintf("%d table of contents %s no page number: %s", len(noPage), plural(len(noPage), "entry has", "entries have"), strings.Join(noPage, "; ")),
			Suggestion: "regenerate the table of contents"})
	}
}

// wordSimilarity is the Dice coefficient of two word sets.
func wordSimilarity(a, b string) float64 {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	set := map[string]int{}
	for _, w := range wa {
		set[w]++
	}
	common := 0
	for _, w := range wb {
		if set[w] > 0 {
			set[w]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(wa)+len(wb))
}

// checkNumbering: numbered paragraphs that skip or repeat numbers; counts numbered twice.
func checkNumbering(dc *docCtx) {
	d := dc.doc
	prev := 0
	for i := range d.Paragraphs {
		p := &d.Paragraphs[i]
		if p.Kind != docimport.KindNumbered {
			continue
		}
		switch {
		case p.Number == 1 || prev == 0:
		case p.Number == prev:
			dc.add(Finding{Check: "para-numbering", Severity: Warning, Location: dc.atPara(p, 0),
				Message: fmt.Sprintf("paragraph number %d is used twice", p.Number)})
		case p.Number != prev+1:
			dc.add(Finding{Check: "para-numbering", Severity: Warning, Location: dc.atPara(p, 0),
				Message: fmt.Sprintf("paragraph %d follows paragraph %d", p.Number, prev)})
		}
		prev = p.Number
	}
	seen := map[string]int{}
	for _, s := range d.Sections {
		if !strings.HasPrefix(s.Number, "Count ") {
			continue
		}
		if first, ok := seen[s.Number]; ok {
			dc.add(Finding{Check: "count-duplicate", Severity: Warning, Location: Location{File: d.File, Line: s.Line},
				Message:    fmt.Sprintf("%s is headed twice (first at line %d): %q", s.Number, first, clip(s.Title, 60)),
				Suggestion: "number each count once; state the charge in one place", Related: []Location{{File: d.File, Line: first}}})
			continue
		}
		seen[s.Number] = s.Line
	}
}
