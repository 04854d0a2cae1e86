package lint

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/cite"
	"dossier/internal/docimport"
)

var abbrevs = map[string]bool{
	"u.s": true, "u.n": true, "mr": true, "mrs": true, "dr": true, "prof": true, "no": true, "art": true,
	"e.g": true, "i.e": true, "v": true, "vs": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"st": true, "para": true, "paras": true, "p": true, "pp": true, "cf": true, "id": true, "inc": true,
	"co": true, "ltd": true, "gen": true, "col": true, "lt": true, "sgt": true, "res": true, "doc": true,
	"j.d": true, "m.a": true, "b.g.s": true, "al": true, "etc": true,
}

// sentences splits text into [start, end) ranges; end includes closing punctuation and quotes.
func sentences(t string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(t) && strings.ContainsRune(`"')]”’`, rune(t[j])) {
			j++
		}
		// multi-byte closing quotes
		for strings.HasPrefix(t[j:], "”") || strings.HasPrefix(t[j:], "’") {
			j += len("”")
		}
		if j < len(t) && t[j] != ' ' {
			continue
		}
		if c == '.' && i > 0 && t[i-1] == '.' {
			continue // ellipsis
		}
		if c == '.' {
			k := i - 1
			for k >= 0 && (unicode.IsLetter(rune(t[k])) || t[k] == '.') {
				k--
			}
			w := strings.ToLower(t[k+1 : i])
			if abbrevs[w] || (len(w) == 1 && unicode.IsUpper(rune(t[i-1]))) {
				continue
			}
		}
		// next sentence must start with a capital, digit or quote
		n := j
		for n < len(t) && t[n] == ' ' {
			n++
		}
		if n < len(t) {
			r, _ := utf8.DecodeRuneInString(t[n:])
			if unicode.IsLower(r) {
				continue
			}
		}
		out = append(out, [2]int{start, j})
		start = n
		i = j - 1
	}
	if start < len(t) {
		out = append(out, [2]int{start, len(t)})
	}
	return out
}

// sentenceAt returns the index of the sentence holding offset off (a marker just after the
// closing punctuation belongs to the sentence it closes).
func sentenceAt(s [][2]int, off int) int {
	for i, r := range s {
		// a marker after the closing punctuation and the following space still closes it
		if off <= r[1]+1 {
			return i
		}
	}
	return len(s) - 1
}

var (
	reAdjYear  = regexp.MustCompile(`(?i)\b(?:the|a|an|its|his|her|their|this)\s+((?:19|20)\d\d)\s+["“]?[a-z]`)
	reYearNoun = regexp.MustCompile(`\b((?:19|20)\d\d)\s+[a-z]`)
	reYearPrep = regexp.MustCompile(`(?i)\b(?:in|since|by|from|until|of|during|after|before|early|mid|late|and|or|to|between)[\s-]+$`)
	reRefNum   = regexp.MustCompile(`(?i)(?:resolutions?|res\.|no\.|s/res/)\s*$`)
)

// eventDates returns dates stated in a sentence as the time of events, without years used as
// adjectives ("the 2024 treaty", "2023 manufacturing dates") or resolution numbers.
func eventDates(s string) []cite.DateMatch {
	var out []cite.DateMatch
	for _, d := range cite.FindDates(s, true) {
		if len(d.EDTF) == 4 {
			before := s[:d.Start]
			if reRefNum.MatchString(before) {
				continue
			}
			if m := reAdjYear.FindStringSubmatchIndex(s); m != nil && m[2] == d.Start {
				continue
			}
			if loc := reYearNoun.FindStringIndex(s[d.Start:]); loc != nil && loc[0] == 0 && !reYearPrep.MatchString(before) {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// checkPredates: a source published before the event it is cited for.
func checkPredates(dc *docCtx) {
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if len(p.Markers) == 0 || p.Kind == docimport.KindHeading {
			continue
		}
		sents := sentences(p.Text)
		dates := make([][]cite.DateMatch, len(sents))
		for i, s := range sents {
			dates[i] = eventDates(p.Text[s[0]:s[1]])
		}
		for _, mi := range p.Markers {
			m := dc.doc.Markers[mi]
			si := sentenceAt(sents, m.Offset)
			if si < 0 {
				continue
			}
			evs, from := dates[si], si
			context := false
			for len(evs) == 0 && from > 0 {
				from--
				evs = dates[from]
				context = true
			}
			if len(evs) == 0 {
				continue
			}
			ev := evs[0]
			for _, e := range evs[1:] {
				if e.Earliest.Before(ev.Earliest) {
					ev = e
				}
			}
			for _, c0 := range dc.realCitations(m.Number) {
				c := dc.resolve(c0)
				if c.Issued == "" || !(c.Kind == cite.KindNews || c.Kind == cite.KindWeb || c.Kind == cite.KindReport || c.Kind == cite.KindArticle) {
					continue
				}
				_, latest, ok := cite.EDTFBounds(c.Issued)
				if !ok || !latest.Before(ev.Earliest) {
					continue
				}
				days := int(ev.Earliest.Sub(latest).Hours() / 24)
				sev := Warning
				if days <= 31 {
					sev = Info
				}
				where := fmt.Sprintf("the sentence it supports dates the event %q", ev.Text)
				if context {
					where = fmt.Sprintf("the passage it supports is set in %q (an earlier sentence)", ev.Text)
				}
				dc.add(Finding{Check: "cite-predates-event", Severity: sev, Location: Location{File: dc.doc.File, Line: m.Line, Paragraph: p.Number, Footnote: m.Number},
					Message:    fmt.Sprintf("footnote %d cites %s, published %s, but %s — a source cannot report an event that happened after it was published", m.Number, describe(c), c.IssuedText, where),
					Suggestion: "cite a source published after the event, or correct the date"})
			}
		}
	}
}

// quote is a quoted span in a paragraph.
type quote struct {
	start, end int // offsets of the text inside the marks
	text       string
}

// findQuotes pairs opening and closing double quotation marks by context and reports unpaired
// marks as offsets.
func findQuotes(t string) (qs []quote, stray []int) {
	open := -1
	for i := 0; i < len(t); {
		r, sz := utf8.DecodeRuneInString(t[i:])
		if r != '"' && r != '“' && r != '”' {
			i += sz
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(t[:i])
		next, _ := utf8.DecodeRuneInString(t[i+sz:])
		opening := r == '“' || (r == '"' && (i == 0 || unicode.IsSpace(prev) || strings.ContainsRune("([—–-/", prev)) && i+sz < len(t) && !unicode.IsSpace(next))
		if r == '”' {
			opening = false
		}
		if opening {
			if open >= 0 {
				stray = append(stray, open)
			}
			open = i + sz
		} else if open >= 0 {
			qs = append(qs, quote{start: open, end: i, text: t[open:i]})
			open = -1
		} else {
			stray = append(stray, i)
		}
		i += sz
	}
	if open >= 0 {
		stray = append(stray, open-1)
	}
	return qs, stray
}

// checkQuotes: quotations with no citation, and unbalanced quotation marks.
func checkQuotes(dc *docCtx) {
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if p.Kind == docimport.KindHeading || p.Kind == docimport.KindTOC {
			continue
		}
		qs, stray := findQuotes(p.Text)
		if len(stray) > 0 {
			off := stray[0]
			ctx := p.Text[max(0, off-25):min(len(p.Text), off+25)]
			dc.add(Finding{Check: "quote-unbalanced", Severity: Warning, Location: dc.atPara(p, off),
				Message:    fmt.Sprintf("unbalanced quotation mark near %q", ctx),
				Suggestion: "close the quotation or remove the stray mark"})
		}
		if p.Kind == docimport.KindNumbered {
			continue // allegations are checked against the background instead
		}
		sents := sentences(p.Text)
		for _, q := range qs {
			if len(strings.Fields(q.text)) < 6 {
				continue
			}
			si := sentenceAt(sents, q.end)
			lo, hi := sents[si][0], sents[si][1]+3
			cited := false
			for _, mi := range p.Markers {
				off := dc.doc.Markers[mi].Offset
				if off >= lo && off <= hi {
					cited = true
				}
			}
			if !cited {
				dc.add(Finding{Check: "quote-uncited", Severity: Warning, Location: dc.atPara(p, q.start),
					Message:    fmt.Sprintf("quotation %q has no footnote", clip(q.text, 70)),
					Suggestion: "cite the source of the quotation"})
			}
		}
	}
}

var (
	reFigureAt  = regexp.MustCompile(`(?i)^(?:\d{1,3}(?:,\d{3})+(?:\s*(?:-|–|to)\s*\d{1,3}(?:,\d{3})+)?|\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s?(?:%|percent|mm\b|km\b|kilometers|kilometres|miles|billion|million))`)
	reResolNear = regexp.MustCompile(`(?i)resolution[^.]{0,40}$`)
)

// figures returns the significant figures in t (thousands with commas, percentages, calibres,
// distances, money), each with a "US$" or "$" prefix when written. It scans for digits by hand
// and runs the pattern only where a number starts.
func figures(t string) [][2]int {
	var out [][2]int
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < '0' || c > '9' {
			continue
		}
		if i > 0 && (isDigitByte(t[i-1]) || t[i-1] >= 'A' && t[i-1] <= 'Z' || t[i-1] >= 'a' && t[i-1] <= 'z') {
			continue
		}
		m := reFigureAt.FindStringIndex(t[i:min(len(t), i+80)])
		if m == nil {
			continue
		}
		start := i
		if strings.HasSuffix(t[:i], "US$") {
			start = i - 3
		} else if strings.HasSuffix(t[:i], `US\$`) {
			start = i - 4
		} else if strings.HasSuffix(t[:i], "$") {
			start = i - 1
		}
		out = append(out, [2]int{start, i + m[1]})
		i += m[1] - 1
	}
	return out
}

func normFigure(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("us\\$", "", "us$", "", "$", "", ",", "", " to ", "-", "–", "-", " ", "", "percent", "%").Replace(s)
	return s
}

// checkAllegations: allegation paragraphs that state figures, dates or quotations found nowhere
// in the footnoted background and carry no footnote of their own.
func checkAllegations(dc *docCtx) {
	var bg strings.Builder
	hasNumbered := false
	backgroundNotes := 0
	for _, p := range dc.doc.Paragraphs {
		if p.Kind == docimport.KindNumbered {
			hasNumbered = true
			continue
		}
		backgroundNotes += len(p.Markers)
		if p.Kind != docimport.KindHeading {
			bg.WriteString(p.Text)
			bg.WriteByte('\n')
		}
	}
	if !hasNumbered || backgroundNotes < 3 {
		return // no footnoted background to hold the allegations against
	}
	for _, f := range dc.doc.Footnotes {
		bg.WriteString(f.Text)
		bg.WriteByte('\n')
	}
	background := bg.String()
	figs := map[string]bool{}
	dates := map[string]bool{}
	years := map[string]bool{}
	months := map[string]bool{}
	var chunks []string
	for _, p := range dc.doc.Paragraphs {
		if p.Kind != docimport.KindNumbered && p.Kind != docimport.KindHeading {
			chunks = append(chunks, p.Text)
		}
	}
	for _, f := range dc.doc.Footnotes {
		chunks = append(chunks, f.Text)
	}
	var found []cite.DateMatch
	for _, ch := range chunks {
		// per paragraph: Go's regexp is much faster on short inputs
		for _, f := range figures(ch) {
			figs[normFigure(ch[f[0]:f[1]])] = true
		}
		found = append(found, cite.FindDates(ch, true)...)
	}
	for _, d := range found {
		dates[d.EDTF] = true
		if len(d.EDTF) >= 7 && d.EDTF[4] == '-' {
			months[d.EDTF[:7]] = true
		}
		if len(d.EDTF) >= 4 {
			years[d.EDTF[:4]] = true
		}
	}
	lowBG := strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer("“", `"`, "”", `"`).Replace(background)), " "))
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if p.Kind != docimport.KindNumbered || len(p.Markers) > 0 {
			continue
		}
		var missing []string
		seen := map[string]bool{}
		addMissing := func(s string) {
			if !seen[s] {
				seen[s] = true
				missing = append(missing, s)
			}
		}
		for _, m := range figures(p.Text) {
			f := p.Text[m[0]:m[1]]
			if !figs[normFigure(f)] {
				addMissing(strings.TrimSpace(f))
			}
		}
		for _, d := range eventDates(p.Text) {
			if reResolNear.MatchString(p.Text[:d.Start]) {
				continue
			}
			switch {
			case len(d.EDTF) == 4:
				if !years[d.EDTF] {
					addMissing(d.Text)
				}
			case strings.Contains(d.EDTF, "/"):
				if !years[d.EDTF[:4]] {
					addMissing(d.Text)
				}
			case len(d.EDTF) == 7:
				if !months[d.EDTF] {
					addMissing(d.Text)
				}
			default:
				if !dates[d.EDTF] {
					addMissing(d.Text)
				}
			}
		}
		qs, _ := findQuotes(p.Text)
		for _, q := range qs {
			t := strings.ToLower(strings.Join(strings.Fields(strings.Trim(q.text, " ,.;")), " "))
			if len(strings.Fields(t)) < 3 {
				continue
			}
			if !strings.Contains(lowBG, t) {
				addMissing(`"` + strings.TrimSpace(q.text) + `"`)
			}
		}
		if len(missing) == 0 {
			continue
		}
		dc.add(Finding{Check: "allegation-unsupported", Severity: Warning, Location: dc.atPara(p, 0),
			Message:    fmt.Sprintf("paragraph %d alleges %s, which appear%s nowhere in the footnoted background and carries no footnote", p.Number, strings.Join(missing, ", "), plural(len(missing), "s", "")),
			Suggestion: "support the allegation with a cited fact, or bring it into line with the background"})
	}
}

// figure statements.
type figStmt struct {
	text    string
	measure string
	lo, hi  float64
	line    int
	para    int
}

var (
	reQual    = regexp.MustCompile(`(?i)\b(over|more than|up to|about|approximately|around|nearly|almost|at least|exceeding|some|roughly|estimated)\s+$`)
	reQty     = regexp.MustCompile(`(?i)()(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))?(?:\s*(%|percent|k\b|thousand|million|billion))?(\s+or more)?`)
	reWordQty = regexp.MustCompile(`(?i)\b(?:(about|roughly|nearly|almost|over)\s+)?(tens of thousands|thousands|hundreds|millions|half|a third|two-thirds|a quarter|(?:one|two|three|four|five|ten) (?:million|thousand|hundred))\b`)
	measures  = []struct {
		name   string
		re     *regexp.Regexp
		before *regexp.Regexp
	}{
		{"additional troops pledged", regexp.MustCompile(`(?i)^\W*(?:\w+\W+){0,2}more\b`), nil},
		{"reinforcements", regexp.MustCompile(`(?i)^\W*(?:\w+\W+){0,2}reinforcements?\b`), nil},
		{"losses (killed / casualties)", regexp.MustCompile(`(?i)^\W*(?:[\w'-]+[^\w'-]+){0,5}(?:killed|dead|deaths|casualties|wounded)(?:[^\w-]|$)`), regexp.MustCompile(`(?i)(?:^|[^\w-])(?:killed|deaths|casualties|losses)(?:[^\w-]|$)`)},
		{"share of munitions supplied", regexp.MustCompile(`(?i)^\W*(?:of\s+)(?:[\w'-]+\W+){0,6}(?:munitions|ammunition|shells|rounds)\b`), nil},
		{"munitions supplied", regexp.MustCompile(`(?i)^\W*(?:of\s+)?(?:[\w'-]+\W+){0,3}(?:munitions|ammunition|shells|rounds)\b`), nil},
		{"troops deployed", regexp.MustCompile(`(?i)^\W*(?:of\s+)?(?:[\w'-]+[^\w'-]+){0,4}(?:troops|soldiers|personnel|forces|servicemen|fighters)(?:[^\w-]|$)`), regexp.MustCompile(`(?i)(?:^|[^\w-])(?:troops|soldiers)(?:[^\w-]|$)`)},
		{"missile range", regexp.MustCompile(`(?i)^\W*(?:miles|kilometers|kilometres|km)\b`), nil},
	}
)

func parseNum(s string) float64 {
	s = strings.ReplaceAll(s, ",", "")
	var v float64
	fmt.Sscanf(s, "%g", &v)
	return v
}

var wordValues = map[string][2]float64{
	"tens of thousands": {20000, 99999}, "thousands": {2000, 9999}, "hundreds": {200, 999}, "millions": {2e6, 9.99e6},
	"half": {0.45, 0.55}, "a third": {0.3, 0.36}, "two-thirds": {0.63, 0.7}, "a quarter": {0.22, 0.28},
}

// checkFigures: one measure stated with different figures in different places.
func checkFigures(dc *docCtx) {
	var stmts []figStmt
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if p.Kind == docimport.KindHeading || p.Kind == docimport.KindTOC {
			continue
		}
		add := func(start, end int, lo, hi float64) {
			if end < len(p.Text) && p.Text[end] == '-' {
				return // "25-member"
			}
			if strings.Contains(p.Text[max(0, start-4):start], "$") || strings.HasPrefix(strings.ToLower(strings.TrimSpace(p.Text[end:])), "dollars") {
				return // money
			}
			after := p.Text[end:min(len(p.Text), end+90)]
			if i := strings.IndexAny(after, ".;0123456789"); i >= 0 {
				after = after[:i] // the measure's noun comes before the next number
			}
			if isDateNumber(p.Text, start, end) || strings.HasPrefix(strings.TrimSpace(after), "mm") {
				return // a day of the month, or a calibre
			}
			if strings.TrimSpace(after) == "" || !anyMeasure(after) {
				// the measure may precede the figure: "total casualties exceeding 4,700"
				before := p.Text[max(0, start-40):start]
				if i := strings.LastIndexAny(before, ".;,"); i >= 0 {
					before = before[i+1:]
				}
				for _, m := range measures {
					if m.name != "missile range" && m.before != nil && m.before.MatchString(before) {
						text := strings.TrimSpace(strings.TrimSpace(before) + " " + p.Text[start:end])
						stmts = append(stmts, figStmt{text: text, measure: m.name, lo: lo, hi: hi, line: p.LineAt(start), para: p.Number})
						return
					}
				}
			}
			for _, m := range measures {
				if m.re.MatchString(after) {
					if m.name == "troops deployed" && reNotTroops.MatchString(firstWords(after, 5)) {
						continue
					}
					if m.name == "share of munitions supplied" && hi > 1 {
						continue
					}
					if m.name == "munitions supplied" && hi <= 1 {
						continue
					}
					text := strings.TrimSpace(p.Text[start:end] + " " + firstWords(after, 4))
					stmts = append(stmts, figStmt{text: text, measure: m.name, lo: lo, hi: hi, line: p.LineAt(start), para: p.Number})
					return
				}
			}
		}
		var qtys [][]int
		if strings.ContainsAny(p.Text, "0123456789") {
			qtys = reQty.FindAllStringSubmatchIndex(p.Text, -1)
		}
		for _, m := range qtys {
			if m[0] > 0 && isDigitByte(p.Text[m[0]-1]) {
				continue
			}
			// the qualifier ("over", "up to") precedes the number
			m[2], m[3] = -1, -1
			if q := reQual.FindStringSubmatchIndex(p.Text[max(0, m[0]-20):m[0]]); q != nil {
				off := max(0, m[0]-20)
				m[2], m[3] = off+q[2], off+q[3]
				m[0] = off + q[0]
			}
			if refNumber(p.Text, m[4]) {
				continue // "paragraphs 5–11", "(paras 10, 18, 22)", "credibility 1", "rule R2"
			}
			num := p.Text[m[4]:m[5]]
			v := parseNum(num)
			if !strings.Contains(num, ",") && v >= 1900 && v <= 2100 {
				continue // a year
			}
			if m[0] > 0 && (p.Text[m[0]-1] == '(' || p.Text[m[0]-1] == '-') {
				continue
			}
			hiV := v
			if m[6] >= 0 {
				hiV = parseNum(p.Text[m[6]:m[7]])
			}
			mult := 1.0
			unit := ""
			if m[8] >= 0 {
				unit = strings.ToLower(p.Text[m[8]:m[9]])
			}
			switch unit {
			case "%", "percent":
				mult = 0.01
			case "k", "thousand":
				mult = 1e3
			case "million":
				mult = 1e6
			case "billion":
				mult = 1e9
			}
			lo, hi := v*mult, hiV*mult
			q := ""
			if m[2] >= 0 {
				q = strings.ToLower(p.Text[m[2]:m[3]])
			}
			switch {
			case q == "over" || q == "more than" || q == "exceeding" || q == "at least" || m[10] >= 0:
				hi = lo * 10
			case q == "up to":
				lo = 0
			case q == "about" || q == "approximately" || q == "around" || q == "roughly" || q == "nearly" || q == "almost" || q == "some" || q == "estimated":
				lo, hi = lo*0.9, hi*1.1
			}
			add(m[0], m[1], lo, hi)
		}
		lowText := asciiLower(p.Text)
		var wq [][]int
		for _, kw := range []string{"thousand", "hundred", "million", "half", "third", "quarter"} {
			if strings.Contains(lowText, kw) {
				wq = reWordQty.FindAllStringSubmatchIndex(p.Text, -1)
				break
			}
		}
		for _, m := range wq {
			w := strings.ToLower(p.Text[m[4]:m[5]])
			r, ok := wordValues[w]
			if !ok {
				parts := strings.Fields(w)
				nums := map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
				scale := map[string]float64{"million": 1e6, "thousand": 1e3, "hundred": 1e2}
				if len(parts) == 2 {
					v := nums[parts[0]] * scale[parts[1]]
					r = [2]float64{v, v}
				}
			}
			if m[2] >= 0 && strings.EqualFold(p.Text[m[2]:m[3]], "over") {
				r[1] = r[0] * 10
			}
			add(m[0], m[1], r[0], r[1])
		}
	}
	groups := map[string][]figStmt{}
	var order []string
	for _, s := range stmts {
		if _, ok := groups[s.measure]; !ok {
			order = append(order, s.measure)
		}
		groups[s.measure] = append(groups[s.measure], s)
	}
	for _, name := range order {
		g := groups[name]
		if name == "missile range" {
			units := map[string]bool{}
			for _, s := range g {
				if strings.Contains(s.text, "mile") {
					units["miles"] = true
				} else {
					units["kilometres"] = true
				}
			}
			if len(units) > 1 {
				dc.add(Finding{Check: "figure-units", Severity: Info, Location: Location{File: dc.doc.File, Line: g[0].line},
					Message:    fmt.Sprintf("ranges are given in different units: %s", stmtList(g)),
					Suggestion: "state ranges in one unit (kilometres, with miles in brackets if needed)"})
			}
			continue
		}
		distinct := map[string]bool{}
		var uniq []figStmt
		for _, s := range g {
			k := fmt.Sprintf("%.4g-%.4g", s.lo, s.hi)
			if !distinct[k] {
				distinct[k] = true
				uniq = append(uniq, s)
			}
		}
		if len(uniq) < 2 {
			continue
		}
		sev := Info
		for i := range uniq {
			for j := i + 1; j < len(uniq); j++ {
				if uniq[i].hi < uniq[j].lo || uniq[j].hi < uniq[i].lo {
					sev = Warning
				}
			}
		}
		var rel []Location
		for _, s := range g[1:] {
			rel = append(rel, Location{File: dc.doc.File, Line: s.line, Paragraph: s.para})
		}
		verb := "stated differently"
		if sev == Warning {
			verb = "stated with figures that cannot all be true"
		}
		dc.add(Finding{Check: "figure-inconsistent", Severity: sev, Location: Location{File: dc.doc.File, Line: g[0].line, Paragraph: g[0].para},
			Message:    fmt.Sprintf("%s is %s: %s", name, verb, stmtList(g)),
			Suggestion: "use one figure, attributed to its source, or explain why the figures differ (different dates or sources)", Related: rel})
	}
}

func stmtList(g []figStmt) string {
	var parts []string
	seen := map[string]bool{}
	for _, s := range g {
		k := s.text
		if seen[k] {
			continue
		}
		seen[k] = true
		parts = append(parts, fmt.Sprintf("%q (line %d)", s.text, s.line))
	}
	return strings.Join(parts, ", ")
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.TrimRight(strings.Join(f, " "), ",.;:")
}

var reDefinedIn = regexp.MustCompile(`(?i)as defined in\s+(?:the\s+)?(?:rome statute\s+)?articles?\s+[^.]{0,30}?\b25\s*\(`)

// checkLegal: international-criminal-law points a draft on aiding and abetting aggression must
// address.
func checkLegal(dc *docCtx) {
	low := strings.ToLower(dc.body)
	if !strings.Contains(low, "aggression") {
		return
	}
	aiding := strings.Contains(low, "aiding and abetting") || strings.Contains(low, "aids, abets") || strings.Contains(low, "25(3)(c)")
	leadership := strings.Contains(low, "25(3 bis)") || strings.Contains(low, "25(3bis)") || strings.Contains(low, "3 bis") || strings.Contains(low, "leadership clause") || strings.Contains(low, "leadership requirement")
	if aiding && !leadership {
		line := 0
		for _, key := range []string{"25(3)(c)", "aiding and abetting"} {
			for _, p := range dc.doc.Paragraphs {
				if line == 0 && p.Kind != docimport.KindHeading && strings.Contains(strings.ToLower(p.Text), key) {
					line = p.LineAt(strings.Index(strings.ToLower(p.Text), key))
				}
			}
		}
		dc.add(Finding{Check: "legal-leadership-clause", Severity: Warning, Location: Location{File: dc.doc.File, Line: line},
			Message:    "the draft charges aiding and abetting the crime of aggression but never addresses Article 25(3 bis) of the Rome Statute: for aggression, every mode of liability applies only to persons in a position effectively to exercise control over or to direct the political or military action of a State",
			Suggestion: "address the leadership requirement (Art. 8 bis(1), Art. 25(3 bis)) for the accused, and say which State's action he controls"})
	}
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if m := reDefinedIn.FindStringIndex(p.Text); m != nil {
			dc.add(Finding{Check: "legal-mode-as-definition", Severity: Info, Location: dc.atPara(p, m[0]),
				Message:    fmt.Sprintf("%q: Article 25 sets out modes of liability; the crime of aggression is defined by Article 8 bis alone", clip(p.Text[m[0]:], 80)),
				Suggestion: "charge the crime under Article 8 bis and the mode of liability under Article 25(3)(c)"})
		}
	}
}

var reNotTroops = regexp.MustCompile(`(?i)\b(?:construction|workers|laborers|labourers|civilian|civilians)\b`)

var monthPrefixes = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// isDateNumber reports a number that is part of a date ("30 Apr 2025", "June 19, 2024").
func isDateNumber(t string, start, end int) bool {
	next := strings.TrimLeft(t[end:min(len(t), end+12)], " ,")
	prevStart := max(0, start-12)
	prev := strings.TrimRight(t[prevStart:start], " ,")
	low := asciiLower(next)
	for _, m := range monthPrefixes {
		if strings.HasPrefix(low, m) {
			return true
		}
		lp := asciiLower(prev)
		if i := strings.LastIndex(lp, " "); i >= 0 {
			lp = lp[i+1:]
		}
		if strings.HasPrefix(lp, m) {
			return true
		}
	}
	return false
}

// reRefBefore ends with a word that numbers what follows it rather than counting it: a
// reference to a paragraph, note, count, element, article, section, page or rule, or a rating
// ("credibility 2"), possibly with earlier numbers of the same list ("paras 10, 18 and").
var reRefBefore = regexp.MustCompile(`(?i)(?:^|[^\w-])(?:(?:nos?|nn?|pp?)\.|paras?|paragraphs?|¶¶?|notes?|fns?|footnotes?|counts?|elements?|arts?|articles?|sections?|§§?|chapters?|pages?|numbers?|rules?|annex(?:es)?|appendix|appendices|items?|lines?|vols?|volumes?|credibility|reliability|rank|ranks|grade|level|stage|phase|version|resolutions?)\.?\s*(?:\d+[a-z]?\s*(?:,|and|&|to|through|-|–|—)\s*)*$`)

// refNumber reports whether the number at off numbers something ("paragraphs 5–11", "(paras 10,
// 18, 22)", "credibility 1") or is glued to letters ("R2", "Hwasong11"): a label, not a quantity.
func refNumber(t string, off int) bool {
	if off > 0 {
		if r, _ := utf8.DecodeLastRuneInString(t[:off]); unicode.IsLetter(r) {
			return true
		}
	}
	return reRefBefore.MatchString(t[max(0, off-60):off])
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' || c == ',' || c == '.' }

func anyMeasure(after string) bool {
	for _, m := range measures {
		if m.re.MatchString(after) {
			return true
		}
	}
	return false
}
