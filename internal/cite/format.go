package cite

// This half of the package (format*.go) writes citations of the case's sources (model.Source)
// in a footnoting style: Bluebook by default and OSCOLA as the alternative. It follows the
// rules that a hand-typed brief gets wrong:
//
//   - the first citation of a source is the full citation;
//   - "Id." (Bluebook) / "ibid" (OSCOLA) when the preceding footnote cites only that same source,
//     or when the preceding citation in the same footnote is that source ("Id. at 15" when the
//     pinpoint differs); never after a footnote that cites two sources;
//   - later citations take the short form with "supra note N" (Bluebook) or "(n N)" (OSCOLA),
//     N being the footnote of the full citation;
//   - UN documents are cited by symbol ("S.C. Res. 2270, U.N. Doc. S/RES/2270 (Mar. 2, 2016)");
//   - a web source with no date of its own gets "(last visited July 29, 2025)" from its accessed
//     date (Bluebook rule 18.2.2); OSCOLA gives "accessed 29 July 2025" for every URL with an
//     accessed date, as OSCOLA requires;
//   - uncertain or approximate dates are printed as such ("about June 2024"), never as one day.
//
// Output is a list of Spans (runs of text with an italic flag and, for URLs, a link) so that
// renderers can italicise titles, signals, "Id." and "supra" as the style wants.

import (
	"fmt"
	"strings"
	"time"

	"dossier/internal/edtf"
	"dossier/internal/model"
)

// Style is a citation style.
type Style string

// Citation styles.
const (
	Bluebook Style = "bluebook"
	OSCOLA   Style = "oscola"
)

// ParseStyle reads a style name ("" gives Bluebook).
func ParseStyle(s string) (Style, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "bluebook", "bb":
		return Bluebook, nil
	case "oscola":
		return OSCOLA, nil
	}
	return "", fmt.Errorf("citation style %q: want bluebook or oscola", s)
}

// Redacted is the text that replaces withheld material in a public version.
const Redacted = "[REDACTED]"

// Span is a run of citation text. URL, when set, makes the run a link to it.
type Span struct {
	Text   string
	Italic bool
	URL    string
}

// PlainText joins spans into plain text.
func PlainText(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Cited is one citation of a source in a footnote.
type Cited struct {
	Source   *model.Source
	Pinpoint string // "at 14", "14", "p. 3", "para. 12"
	Signal   string // "see", "see also", "cf." …; empty for none
	// Redacted withholds the citation in a public version: it prints "[REDACTED]" and nothing
	// of the source (no title, author, URL or id), and it is never an antecedent of Id. or supra.
	Redacted bool
}

// Notes formats the citations of successive footnotes, remembering which sources were cited in
// full where (for supra) and what the preceding footnote cited (for Id.). Footnotes must be
// given in order; each call is the next footnote.
type Notes struct {
	style Style
	n     int            // footnotes given so far
	first map[string]int // source id -> footnote of its full citation
	prev  []fmtPrev      // citations of the preceding footnote
}

type fmtPrev struct {
	id, pin  string
	redacted bool
}

// NewNotes starts a footnote sequence in a style.
func NewNotes(style Style) *Notes {
	if style == "" {
		style = Bluebook
	}
	return &Notes{style: style, first: map[string]int{}}
}

// Style returns the notes' style.
func (n *Notes) Style() Style { return n.style }

// Number is the number of the last footnote formatted (0 before the first).
func (n *Notes) Number() int { return n.n }

// Footnote formats the next footnote from its citations and returns its number and text, which
// ends with a full stop. A footnote with no citations gives no spans but still takes a number.
func (n *Notes) Footnote(cites []Cited) (int, []Span) {
	n.n++
	num := n.n
	var out []Span
	var cur []fmtPrev
	for i, c := range cites {
		redacted := c.Redacted || c.Source == nil
		if redacted && i > 0 && cur[i-1].redacted {
			// consecutive withheld citations print one "[REDACTED]", so their number does not show
			cur = append(cur, fmtPrev{redacted: true})
			continue
		}
		if i > 0 {
			out = append(out, Span{Text: "; "})
		}
		atStart := i == 0
		if redacted {
			out = append(out, Span{Text: Redacted})
			cur = append(cur, fmtPrev{redacted: true})
			continue
		}
		id := c.Source.ID
		pin := strings.TrimSpace(c.Pinpoint)
		out = append(out, n.signal(c.Signal, atStart)...)
		sigGiven := strings.TrimSpace(c.Signal) != ""
		switch {
		case n.isID(cur, i, id, pin):
			var prevPin string
			if i > 0 {
				prevPin = cur[i-1].pin
			} else {
				prevPin = n.prev[len(n.prev)-1].pin
			}
			out = append(out, n.idForm(atStart && !sigGiven, pin, prevPin)...)
		case n.first[id] > 0:
			out = append(out, n.shortForm(c.Source, pin, n.first[id])...)
		default:
			out = append(out, Full(n.style, c.Source, pin)...)
			n.first[id] = num
		}
		cur = append(cur, fmtPrev{id: id, pin: pin})
	}
	n.prev = cur
	if len(out) > 0 {
		out = fmtEndSentence(out)
	}
	return num, fmtMerge(out)
}

// isID reports whether citation i of the footnote may be Id./ibid: the preceding citation in the
// same footnote is the same source, or (for the first) the preceding footnote cites that source
// and nothing else. A pinpoint-less citation after a pinpointed one is not Id. (Id. would carry
// the old pinpoint over).
func (n *Notes) isID(cur []fmtPrev, i int, id, pin string) bool {
	var p fmtPrev
	switch {
	case i > 0:
		p = cur[i-1]
	case len(n.prev) > 0:
		// the preceding footnote must cite that one source and nothing else
		for _, q := range n.prev {
			if q.redacted || q.id != n.prev[0].id {
				return false
			}
		}
		p = n.prev[len(n.prev)-1]
	default:
		return false
	}
	if p.redacted || p.id != id {
		return false
	}
	return pin != "" || p.pin == ""
}

func (n *Notes) signal(sig string, atStart bool) []Span {
	sig = strings.TrimSpace(sig)
	if sig == "" {
		return nil
	}
	if atStart {
		sig = fmtCapFirst(sig)
	} else {
		sig = strings.ToLower(sig[:1]) + sig[1:]
	}
	return []Span{{Text: sig, Italic: n.style == Bluebook}, {Text: " "}}
}

func (n *Notes) idForm(capital bool, pin, prevPin string) []Span {
	samePin := pin == prevPin || pin == ""
	if n.style == OSCOLA {
		t := "ibid"
		if capital {
			t = "Ibid"
		}
		if samePin {
			return []Span{{Text: t}}
		}
		return []Span{{Text: t + " " + oscolaPin(pin)}}
	}
	t := "id."
	if capital {
		t = "Id."
	}
	if samePin {
		return []Span{{Text: t, Italic: true}}
	}
	bp := bluebookPin(pin)
	if strings.HasPrefix(bp, "at ") || strings.HasPrefix(bp, "¶") {
		return []Span{{Text: t, Italic: true}, {Text: " " + bp}}
	}
	return []Span{{Text: t, Italic: true}, {Text: ", " + bp}}
}

// shortForm is "Author, supra note N, at 15" (Bluebook) or "Author (n N) 15" (OSCOLA).
func (n *Notes) shortForm(s *model.Source, pin string, note int) []Span {
	var out []Span
	if s.Kind == model.UNDocument {
		if res := fmtResolution(n.style, s.Number); res != "" {
			out = append(out, Span{Text: res})
		}
	}
	if out == nil {
		if a := fmtShortAuthor(s); a != "" {
			out = append(out, Span{Text: a})
		} else {
			out = append(out, fmtShortTitle(n.style, s)...)
		}
	}
	if n.style == OSCOLA {
		out = append(out, Span{Text: fmt.Sprintf(" (n %d)", note)})
		if pin != "" {
			out = append(out, Span{Text: " " + oscolaPin(pin)})
		}
		return out
	}
	out = append(out, Span{Text: ", "}, Span{Text: "supra", Italic: true}, Span{Text: fmt.Sprintf(" note %d", note)})
	if pin != "" {
		out = append(out, Span{Text: ", " + bluebookPin(pin)})
	}
	return out
}

// Full is the full citation of a source in a style, with an optional pinpoint, without the
// closing full stop.
func Full(style Style, s *model.Source, pin string) []Span {
	if style == OSCOLA {
		return fmtMerge(oscolaFull(s, pin))
	}
	return fmtMerge(bluebookFull(s, pin))
}

// ---------------------------------------------------------------- Bluebook

func bluebookFull(s *model.Source, pin string) []Span {
	var out []Span
	add := func(sp ...Span) { out = append(out, sp...) }
	date := fmtDate(Bluebook, s.Issued)
	if s.Kind == model.UNDocument && s.Number != "" {
		sym := fmtSymbol(s.Number)
		if res := fmtResolution(Bluebook, s.Number); res != "" {
			add(Span{Text: res})
		} else {
			if a := fmtAuthors(Bluebook, s.Author); a != "" {
				add(Span{Text: a + ", "})
			}
			add(Span{Text: s.Title, Italic: true})
		}
		add(Span{Text: ", U.N. Doc. " + sym})
		if pin != "" {
			add(Span{Text: ", " + bluebookPin(pin)})
		}
		if date != "" {
			add(Span{Text: " (" + date + ")"})
		}
		return append(out, fmtBluebookURL(s, date)...)
	}
	if a := fmtAuthors(Bluebook, s.Author); a != "" {
		add(Span{Text: a + ", "})
	}
	add(Span{Text: s.Title, Italic: true})
	book := s.Kind == model.Report || s.Kind == model.Academic
	if s.ContainerTitle != "" {
		add(Span{Text: ", " + s.ContainerTitle})
	}
	if s.Number != "" {
		if s.ContainerTitle != "" {
			add(Span{Text: " " + s.Number})
		} else {
			add(Span{Text: ", " + s.Number})
		}
	}
	pub := s.Publisher
	if pub != "" && fmtAuthors(Bluebook, s.Author) == pub {
		pub = ""
	}
	if pub != "" && !book && s.ContainerTitle == "" {
		add(Span{Text: ", " + pub})
		pub = ""
	}
	if pin != "" {
		add(Span{Text: ", " + bluebookPin(pin)})
	}
	paren := date
	if book && pub != "" {
		paren = strings.TrimSpace(pub + " " + date)
	}
	if paren != "" {
		add(Span{Text: " (" + paren + ")"})
	}
	return append(out, fmtBluebookURL(s, date)...)
}

// fmtBluebookURL is ", URL" and, when the source has no date of its own, "(last visited …)".
func fmtBluebookURL(s *model.Source, issued string) []Span {
	if s.URL == "" {
		return nil
	}
	out := []Span{{Text: ", "}, {Text: s.URL, URL: s.URL}}
	if issued == "" && !s.Accessed.IsZero() {
		if v := fmtDate(Bluebook, s.Accessed); v != "" {
			out = append(out, Span{Text: " (last visited " + v + ")"})
		}
	}
	return out
}

// bluebookPin writes a pinpoint the Bluebook way: "at 14", "¶ 3", else as given.
func bluebookPin(p string) string {
	p = strings.TrimSpace(p)
	lp := strings.ToLower(p)
	switch {
	case p == "":
		return ""
	case strings.HasPrefix(lp, "at "):
		return "at " + strings.TrimSpace(p[3:])
	case p[0] >= '0' && p[0] <= '9':
		return "at " + p
	case strings.HasPrefix(lp, "pp. "), strings.HasPrefix(lp, "p. "):
		return "at " + strings.TrimSpace(p[strings.Index(p, ".")+1:])
	case strings.HasPrefix(lp, "paras. "):
		return "¶¶ " + strings.TrimSpace(p[7:])
	case strings.HasPrefix(lp, "para. "):
		return "¶ " + strings.TrimSpace(p[6:])
	}
	return p
}

// ---------------------------------------------------------------- OSCOLA

func oscolaFull(s *model.Source, pin string) []Span {
	var out []Span
	add := func(sp ...Span) { out = append(out, sp...) }
	date := fmtDate(OSCOLA, s.Issued)
	authors := fmtAuthors(OSCOLA, s.Author)
	if s.Kind == model.UNDocument && s.Number != "" {
		if res := fmtResolution(OSCOLA, s.Number); res != "" {
			add(Span{Text: res})
		} else {
			if authors != "" {
				add(Span{Text: authors + ", "})
			}
			add(Span{Text: s.Title, Italic: true})
		}
		if date != "" {
			add(Span{Text: " (" + date + ")"})
		}
		add(Span{Text: " UN Doc " + fmtSymbol(s.Number)})
		if pin != "" {
			add(Span{Text: ", " + oscolaPin(pin)})
		}
		return append(out, fmtOscolaURL(s)...)
	}
	if authors != "" {
		add(Span{Text: authors + ", "})
	}
	book := s.Kind == model.Report || s.Kind == model.Academic || s.Kind == model.LegalInstrument
	pub := s.Publisher
	if pub == authors {
		pub = ""
	}
	var paren []string
	if book {
		add(Span{Text: s.Title, Italic: true})
		series := s.ContainerTitle
		if s.Number != "" {
			series = strings.TrimSpace(series + " " + s.Number)
		}
		if series != "" {
			paren = append(paren, series)
		}
		if pub != "" || date != "" {
			paren = append(paren, strings.TrimSpace(pub+" "+date))
		}
	} else {
		add(Span{Text: "‘" + s.Title + "’"})
		if s.ContainerTitle != "" {
			paren = append(paren, s.ContainerTitle)
		} else if pub != "" {
			paren = append(paren, pub)
		}
		if s.Number != "" {
			paren = append(paren, s.Number)
		}
		if date != "" {
			paren = append(paren, date)
		}
	}
	if len(paren) > 0 {
		add(Span{Text: " (" + strings.Join(paren, ", ") + ")"})
	}
	if pin != "" {
		add(Span{Text: " " + oscolaPin(pin)})
	}
	return append(out, fmtOscolaURL(s)...)
}

// fmtOscolaURL is " <URL> accessed 29 July 2025" (OSCOLA gives the access date for every URL).
func fmtOscolaURL(s *model.Source) []Span {
	if s.URL == "" {
		return nil
	}
	out := []Span{{Text: " <"}, {Text: s.URL, URL: s.URL}, {Text: ">"}}
	if !s.Accessed.IsZero() {
		if v := fmtDate(OSCOLA, s.Accessed); v != "" {
			out = append(out, Span{Text: " accessed " + v})
		}
	}
	return out
}

// oscolaPin writes a pinpoint the OSCOLA way: "14", "para 3", else as given.
func oscolaPin(p string) string {
	p = strings.TrimSpace(p)
	lp := strings.ToLower(p)
	switch {
	case strings.HasPrefix(lp, "at "):
		return strings.TrimSpace(p[3:])
	case strings.HasPrefix(lp, "pp. "), strings.HasPrefix(lp, "p. "):
		return strings.TrimSpace(p[strings.Index(p, ".")+1:])
	case strings.HasPrefix(lp, "paras. "):
		return "paras " + strings.TrimSpace(p[7:])
	case strings.HasPrefix(lp, "para. "):
		return "para " + strings.TrimSpace(p[6:])
	}
	return p
}

// ---------------------------------------------------------------- shared pieces

// fmtAuthors: Bluebook "A & B", "A et al."; OSCOLA "A, B and C", "A and others".
func fmtAuthors(style Style, names []model.CSLName) string {
	var ns []string
	for _, a := range names {
		if t := strings.TrimSpace(a.String()); t != "" {
			ns = append(ns, t)
		}
	}
	switch {
	case len(ns) == 0:
		return ""
	case style == OSCOLA && len(ns) > 3:
		return ns[0] + " and others"
	case style == OSCOLA && len(ns) > 1:
		return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
	case style == Bluebook && len(ns) > 2:
		return ns[0] + " et al."
	case style == Bluebook && len(ns) == 2:
		return ns[0] + " & " + ns[1]
	}
	return ns[0]
}

// fmtShortAuthor is the first author's family name (or the literal name).
func fmtShortAuthor(s *model.Source) string {
	if len(s.Author) == 0 {
		return ""
	}
	a := s.Author[0]
	name := a.Family
	if name == "" {
		name = a.Literal
	}
	if name == "" {
		return ""
	}
	switch {
	case len(s.Author) == 2 && s.Author[1].Family != "":
		return name + " & " + s.Author[1].Family
	case len(s.Author) > 2:
		return name + " et al."
	}
	return name
}

// fmtShortTitle is the title up to its first colon (italic for works whose full title is italic).
func fmtShortTitle(style Style, s *model.Source) []Span {
	t := s.Title
	if i := strings.Index(t, ":"); i > 0 {
		t = strings.TrimSpace(t[:i])
	}
	if style == OSCOLA {
		book := s.Kind == model.Report || s.Kind == model.Academic || s.Kind == model.LegalInstrument || s.Kind == model.UNDocument
		if !book {
			return []Span{{Text: "‘" + t + "’"}}
		}
	}
	return []Span{{Text: t, Italic: true}}
}

// fmtSymbol is a UN symbol without a trailing year in parentheses ("S/RES/2270(2016)" ->
// "S/RES/2270"), which the date already gives.
func fmtSymbol(num string) string {
	s := strings.TrimSpace(num)
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		inner := s[i+1 : len(s)-1]
		if len(inner) == 4 && strings.Trim(inner, "0123456789") == "" {
			s = strings.TrimSpace(s[:i])
		}
	}
	return s
}

// fmtResolution names a Security Council or General Assembly resolution from its symbol:
// Bluebook "S.C. Res. 2270", OSCOLA "UNSC Res 2270"; "" for other documents.
func fmtResolution(style Style, num string) string {
	sym := fmtSymbol(num)
	var organ, n string
	switch {
	case strings.HasPrefix(sym, "S/RES/"):
		organ, n = "S.C.", strings.TrimPrefix(sym, "S/RES/")
	case strings.HasPrefix(sym, "A/RES/"):
		organ, n = "G.A.", strings.TrimPrefix(sym, "A/RES/")
	default:
		return ""
	}
	if n == "" {
		return ""
	}
	if style == OSCOLA {
		if organ == "S.C." {
			return "UNSC Res " + n
		}
		return "UNGA Res " + n
	}
	return organ + " Res. " + n
}

var bluebookMonths = [...]string{"", "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// fmtDate writes a date in the style: Bluebook "Mar. 2, 2016", "Sept. 2003"; OSCOLA "2 March
// 2016", "September 2003". A date that is uncertain, approximate, an interval, a set or coarser
// than a year is written in words as what it is ("about June 2024", "2020 (uncertain)").
func fmtDate(style Style, w model.When) string {
	d := w.EDTF
	if d.IsZero() {
		return ""
	}
	if d.Uncertain() || d.Approximate() || d.IsInterval() || d.IsSet() {
		return d.Human()
	}
	e, ok := d.Earliest()
	if !ok {
		return d.Human()
	}
	switch d.Precision() {
	case edtf.PrecisionDay:
		if style == OSCOLA {
			return fmt.Sprintf("%d %s %d", e.Day, e.Month, e.Year)
		}
		return fmt.Sprintf("%s %d, %d", bluebookMonths[e.Month], e.Day, e.Year)
	case edtf.PrecisionMonth:
		if style == OSCOLA {
			return fmt.Sprintf("%s %d", e.Month, e.Year)
		}
		return fmt.Sprintf("%s %d", bluebookMonths[e.Month], e.Year)
	case edtf.PrecisionYear:
		if d.String() == fmt.Sprintf("%04d", e.Year) {
			return fmt.Sprint(e.Year)
		}
	}
	return d.Human()
}

// FormatDate writes a date for the body text of a document in the style's order ("2 March 2016"
// for both styles' prose is usual in international filings, so this is the OSCOLA order), keeping
// uncertainty.
func FormatDate(w model.When) string { return fmtDate(OSCOLA, w) }

// FormatTime writes a calendar day in words ("21 September 2025").
func FormatTime(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
}

func fmtCapFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fmtEndSentence ends a footnote with a full stop unless its last text already ends with one.
// A footnote that is only "[REDACTED]" stays exactly that.
func fmtEndSentence(out []Span) []Span {
	last := out[len(out)-1]
	if len(out) == 1 && last.Text == Redacted {
		return out
	}
	if last.URL == "" && strings.HasSuffix(last.Text, ".") {
		return out
	}
	return append(out, Span{Text: "."})
}

// fmtMerge joins adjacent spans of the same kind and drops empty ones.
func fmtMerge(in []Span) []Span {
	var out []Span
	for _, s := range in {
		if s.Text == "" {
			continue
		}
		if k := len(out) - 1; k >= 0 && s.URL == "" && out[k].URL == "" && out[k].Italic == s.Italic {
			out[k].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}
