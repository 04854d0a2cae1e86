package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"dossier/internal/cite"
)

// describe names a citation briefly for messages.
func describe(c *cite.Citation) string {
	var parts []string
	if len(c.Authors) > 0 {
		parts = append(parts, strings.Join(c.Authors, " & "))
	}
	if c.Title != "" {
		parts = append(parts, fmt.Sprintf("%q", clip(c.Title, 70)))
	}
	if c.Container != "" {
		parts = append(parts, c.Container)
	} else if c.Publisher != "" {
		parts = append(parts, c.Publisher)
	}
	if c.IssuedText != "" {
		parts = append(parts, c.IssuedText)
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%q", clip(c.Raw, 60))
	}
	return strings.Join(parts, ", ")
}

func (dc *docCtx) citeLoc(c *cite.Citation) Location {
	l := dc.atNote(c.Footnote)
	if c.Line > 0 {
		l.Line = c.Line
	}
	return l
}

var webKinds = map[cite.Kind]bool{cite.KindNews: true, cite.KindWeb: true, cite.KindReport: true, cite.KindArticle: true, cite.KindEncyclopedia: true, cite.KindUNDocument: true}

// checkCitations: unparsed and incomplete citations, malformed URLs, one URL under different
// titles, one work under different details, repeated full citations, URL dates that disagree
// with the citation date, and authors who are the document's own subject.
func checkCitations(dc *docCtx) {
	cs := dc.cites.Citations
	subjects, actors := dc.subjectNames()
	htmlSeen := map[int]bool{}
	for i := range cs {
		c := &cs[i]
		loc := dc.citeLoc(c)
		if !c.Parsed() {
			dc.add(Finding{Check: "cite-unparsed", Severity: Warning, Location: loc,
				Message:    fmt.Sprintf("footnote %d: citation could not be read: %q", c.Footnote, clip(c.Raw, 80)),
				Suggestion: "write the citation with author, title, publication, date and URL"})
			continue
		}
		for _, p := range c.Problems {
			switch p.Code {
			case cite.ProbURLSpace, cite.ProbURLParen, cite.ProbURLInvalid:
				raw := c.RawURL
				if raw == "" {
					raw = c.URL
				}
				dc.add(Finding{Check: "cite-url-malformed", Severity: Error, Location: loc,
					Message:    fmt.Sprintf("footnote %d: malformed URL %q: %s", c.Footnote, raw, p.Message),
					Suggestion: "write " + c.URL})
			case cite.ProbURLHTML:
				dc.add(Finding{Check: "cite-url-malformed", Severity: Error, Location: loc,
					Message:    fmt.Sprintf("footnote %d: URL %s is followed by HTML residue (\">)", c.Footnote, c.URL),
					Suggestion: "delete the HTML fragment and the duplicated URL"})
			case cite.ProbHTML:
				if htmlSeen[c.Footnote] {
					continue
				}
				htmlSeen[c.Footnote] = true
				dc.add(Finding{Check: "cite-html", Severity: Warning, Location: loc,
					Message:    fmt.Sprintf("footnote %d: HTML markup (<a href=...>) left in the citation", c.Footnote),
					Suggestion: "remove the markup; keep the URL once"})
			}
		}
		if c.Full() {
			var missing []string
			if c.Title == "" && c.Symbol == "" {
				missing = append(missing, "title")
			}
			if c.Issued == "" && c.Kind != cite.KindEncyclopedia && c.Kind != cite.KindStatute {
				missing = append(missing, "date")
			}
			if c.URL == "" && (c.Kind == cite.KindNews || c.Kind == cite.KindWeb) {
				missing = append(missing, "URL")
			}
			if len(missing) > 0 {
				sev := Info
				if contains(missing, "title") {
					sev = Warning
				}
				dc.add(Finding{Check: "cite-incomplete", Severity: sev, Location: loc,
					Message:    fmt.Sprintf("footnote %d: citation %s has no %s", c.Footnote, describe(c), strings.Join(missing, ", no ")),
					Suggestion: "complete the citation"})
			}
			if c.URL != "" && c.Issued != "" {
				if ud, ok := urlDate(c.URL); ok {
					if _, iss, ok := cite.EDTFBounds(c.Issued); ok && len(c.Issued) == 10 {
						diff := iss.Sub(ud).Hours() / 24
						if diff > 1 || diff < -1 {
							dc.add(Finding{Check: "cite-url-date", Severity: Warning, Location: loc,
								Message:    fmt.Sprintf("footnote %d: citation dated %s but its URL carries %s", c.Footnote, c.IssuedText, ud.Format("2 January 2006")),
								Suggestion: "check the publication date (or the URL)"})
						}
					}
				}
			}
			if c.Kind == cite.KindUNDocument && strings.Contains(c.Symbol, "/RES/") && c.Locator != "" && c.Locator[0] >= '0' && c.Locator[0] <= '9' {
				dc.add(Finding{Check: "cite-style", Severity: Info, Location: loc,
					Message:    fmt.Sprintf("footnote %d: resolution %s is pinpointed by page (%q)", c.Footnote, c.Symbol, "at "+c.Locator),
					Suggestion: "pinpoint a resolution by its paragraph (¶) — a short resolution has no page " + c.Locator})
			}
			for _, a := range c.Authors {
				la := strings.ToLower(a)
				if subjects[la] || actors[la] && (c.Kind == cite.KindNews || c.Kind == cite.KindArticle) {
					dc.add(Finding{Check: "cite-author-subject", Severity: Warning, Location: loc,
						Message:    fmt.Sprintf("footnote %d: %q is given as the author of %s, but is a subject of this document", c.Footnote, a, describe(c)),
						Suggestion: "name the article's journalist or leave the author out"})
				}
			}
		}
	}
	dc.checkURLTitles()
	dc.checkWorkDetails()
	dc.checkRepeatedFull()
	dc.checkQuoteSources()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var (
	reURLDateNum   = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:$|[/_.-])`)
	reURLDateMonth = regexp.MustCompile(`/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(\d\d)/`)
)

// urlDate reads a publication date embedded in a URL ("/2019/04/23/", "-2025-04-27", "/2011/dec/19/").
func urlDate(u string) (time.Time, bool) {
	if m := reURLDateNum.FindStringSubmatch(u); m != nil {
		t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3])
		return t, err == nil
	}
	if m := reURLDateMonth.FindStringSubmatch(u); m != nil {
		t, err := time.Parse("2006-Jan-02", m[1]+"-"+strings.ToUpper(m[2][:1])+m[2][1:]+"-"+m[3])
		return t, err == nil
	}
	return time.Time{}, false
}

// subjectNames returns lower-cased names the document is about: the case's actors and aliases,
// and personal names repeated at least five times in the body.
// subjectNames returns the names used five times or more in the body (the document's subjects)
// and, apart, the case's actors. An actor is reported as the author only of a news report or a
// journal article: an institution that is an actor of the case (a ministry, a research group)
// may well be the author of its own report.
func (dc *docCtx) subjectNames() (map[string]bool, map[string]bool) {
	out := map[string]bool{}
	actors := map[string]bool{}
	for _, n := range dc.opts.Names {
		actors[strings.ToLower(n.Canonical)] = true
		for _, a := range n.Aliases {
			actors[strings.ToLower(a)] = true
		}
	}
	seen := map[string]bool{}
	lowBody := strings.ToLower(dc.body)
	for i := range dc.cites.Citations {
		for _, a := range dc.cites.Citations[i].Authors {
			la := strings.ToLower(a)
			if seen[la] || len(strings.Fields(a)) < 2 {
				continue
			}
			seen[la] = true
			if strings.Count(lowBody, la) >= 5 {
				out[la] = true
			}
		}
	}
	return out, actors
}

// checkURLTitles: one URL cited under different titles or authors.
func (dc *docCtx) checkURLTitles() {
	groups := map[string][]*cite.Citation{}
	var order []string
	for i := range dc.cites.Citations {
		c := &dc.cites.Citations[i]
		if !c.Full() || c.URL == "" {
			continue
		}
		k := cite.NormURL(c.URL)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], c)
	}
	for _, k := range order {
		g := groups[k]
		titles := map[string][]*cite.Citation{}
		var tOrder []string
		for _, c := range g {
			nt := cite.NormTitle(c.Title)
			if _, ok := titles[nt]; !ok {
				tOrder = append(tOrder, nt)
			}
			titles[nt] = append(titles[nt], c)
		}
		if len(titles) < 2 {
			continue
		}
		var parts []string
		var related []Location
		for _, t := range tOrder {
			c := titles[t][0]
			var fns []int
			for _, x := range titles[t] {
				fns = append(fns, x.Footnote)
				related = append(related, dc.citeLoc(x))
			}
			parts = append(parts, fmt.Sprintf("footnote%s %s: %s", plural(len(fns), "", "s"), joinInts(fns), describe(c)))
		}
		sev := Warning
		msg := fmt.Sprintf("one URL (%s) is cited under %d different titles — %s", g[0].URL, len(titles), strings.Join(parts, "; "))
		if len(titles) == 2 && levenshtein(strings.ReplaceAll(tOrder[0], " ", ""), strings.ReplaceAll(tOrder[1], " ", "")) <= 2 {
			sev = Info
			msg = fmt.Sprintf("one URL (%s) is cited with its title spelled two ways — %s", g[0].URL, strings.Join(parts, "; "))
		}
		first := titles[tOrder[0]][0]
		later := titles[tOrder[1]][0]
		dc.add(Finding{Check: "cite-url-titles", Severity: sev, Location: dc.citeLoc(later), Message: msg,
			Suggestion: fmt.Sprintf("check which article footnote %d means and correct its URL or title", later.Footnote),
			Related:    append([]Location{dc.citeLoc(first)}, related...)})
	}
}

// checkWorkDetails: one work (same title) cited with different URLs, dates or authors.
func (dc *docCtx) checkWorkDetails() {
	groups := map[string][]*cite.Citation{}
	var order []string
	for i := range dc.cites.Citations {
		c := &dc.cites.Citations[i]
		nt := cite.NormTitle(c.Title)
		if !c.Full() || len(strings.Fields(nt)) < 3 {
			continue
		}
		if _, ok := groups[nt]; !ok {
			order = append(order, nt)
		}
		groups[nt] = append(groups[nt], c)
	}
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		var diffs []string
		check := func(field string, val func(*cite.Citation) string) {
			vals := map[string][]int{}
			var vOrder []string
			for _, c := range g {
				v := val(c)
				if v == "" {
					continue
				}
				if _, ok := vals[v]; !ok {
					vOrder = append(vOrder, v)
				}
				vals[v] = append(vals[v], c.Footnote)
			}
			if len(vals) < 2 {
				return
			}
			var parts []string
			for _, v := range vOrder {
				parts = append(parts, fmt.Sprintf("%s (fn %s)", v, joinInts(vals[v])))
			}
			diffs = append(diffs, field+" "+strings.Join(parts, " vs "))
		}
		check("URL", func(c *cite.Citation) string {
			if c.URL == "" {
				return ""
			}
			return cite.NormURL(c.URL)
		})
		check("date", func(c *cite.Citation) string { return c.Issued })
		check("authors", func(c *cite.Citation) string { return strings.Join(c.Authors, " & ") })
		check("publication", func(c *cite.Citation) string { return cite.NormTitle(c.Container + " " + c.Publisher) })
		if len(diffs) == 0 {
			continue
		}
		var rel []Location
		for _, c := range g[1:] {
			rel = append(rel, dc.citeLoc(c))
		}
		dc.add(Finding{Check: "cite-work-details", Severity: Warning, Location: dc.citeLoc(g[0]),
			Message:    fmt.Sprintf("%q is cited with different details: %s", clip(g[0].Title, 70), strings.Join(diffs, "; ")),
			Suggestion: "cite the work the same way each time (then use Id. or a short form)", Related: rel})
	}
}

// checkRepeatedFull: a full citation repeated where Id. or a short form belongs.
func (dc *docCtx) checkRepeatedFull() {
	cs := dc.cites.Citations
	firstFull := map[string]*cite.Citation{}
	for i := range cs {
		c := &cs[i]
		if !c.Full() {
			continue
		}
		key := cite.NormTitle(c.Title)
		if key == "" {
			key = "url:" + cite.NormURL(c.URL)
			if c.URL == "" {
				continue
			}
		}
		prev, ok := firstFull[key]
		if !ok {
			firstFull[key] = c
			continue
		}
		if prev.Footnote == c.Footnote {
			continue
		}
		// Id. fits when the immediately preceding citation is the same work and the preceding
		// footnote cites nothing else.
		sugg := ""
		j := i - 1
		for j >= 0 && cs[j].Kind == cite.KindNote {
			j--
		}
		if j >= 0 && cs[j].Footnote != c.Footnote && len(dc.realCitations(cs[j].Footnote)) == 1 && len(dc.realCitations(c.Footnote)) == 1 && sameWork(dc.resolve(&cs[j]), c) {
			sugg = "Id."
			if c.Locator != "" {
				sugg += " at " + c.Locator
			}
		} else {
			name := ""
			if len(prev.Authors) > 0 {
				name = lastName(prev.Authors[0]) + ", "
			} else if prev.Title != "" {
				name = clip(prev.Title, 40) + ", "
			}
			sugg = fmt.Sprintf("%ssupra note %d", name, prev.Footnote)
		}
		dc.add(Finding{Check: "cite-repeated-full", Severity: Info, Location: dc.citeLoc(c),
			Message:    fmt.Sprintf("footnote %d repeats in full the citation first given in footnote %d (%s)", c.Footnote, prev.Footnote, describe(c)),
			Suggestion: "write " + sugg})
	}
}

func (dc *docCtx) realCitations(n int) []*cite.Citation {
	var out []*cite.Citation
	for _, c := range dc.byNote[n] {
		if c.Kind != cite.KindNote {
			out = append(out, c)
		}
	}
	return out
}

func sameWork(a, b *cite.Citation) bool {
	if a.Work >= 0 && a.Work == b.Work {
		return cite.NormTitle(a.Title) == cite.NormTitle(b.Title)
	}
	return false
}

func lastName(a string) string {
	f := strings.Fields(a)
	if len(f) == 0 {
		return a
	}
	return f[len(f)-1]
}

var reProvisionBefore = regexp.MustCompile(`(?i)\barticle\s+\d+[^.]{0,80}\b(?:statute|charter|convention)\b`)

// checkQuoteSources: a quotation of a provision of a legal instrument whose footnote cites only
// news reports.
func (dc *docCtx) checkQuoteSources() {
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if len(p.Markers) == 0 {
			continue
		}
		qs, _ := findQuotes(p.Text)
		for _, mi := range p.Markers {
			m := dc.doc.Markers[mi]
			var q *quote
			for i := range qs {
				if m.Offset >= qs[i].end && m.Offset <= qs[i].end+3 {
					q = &qs[i]
				}
			}
			if q == nil || !reProvisionBefore.MatchString(p.Text[max(0, q.start-160):q.start]) {
				continue
			}
			cs := dc.realCitations(m.Number)
			if len(cs) == 0 {
				continue
			}
			allNews := true
			for _, c := range cs {
				if dc.resolve(c).Kind != cite.KindNews {
					allNews = false
				}
			}
			if allNews {
				dc.add(Finding{Check: "cite-quote-source", Severity: Warning, Location: Location{File: dc.doc.File, Line: m.Line, Paragraph: p.Number, Footnote: m.Number},
					Message:    fmt.Sprintf("a quoted legal provision is cited to footnote %d, which cites only a news report (%s)", m.Number, describe(cs[0])),
					Suggestion: "cite the instrument itself"})
			}
		}
	}
}

var (
	reDotBeforeDate = regexp.MustCompile(`[A-Za-z]\.\s?\((?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})\)\s+https?://`)
	reCommaAfter    = regexp.MustCompile(`\((?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})\),\s+https?://`)
	reNoSpaceParen  = regexp.MustCompile(`[A-Za-z]\((?:[A-Z][a-z]{2,3}\.? \d{1,2}, \d{4})\)`)
	reDMYText       = regexp.MustCompile(`^\d{1,2} [A-Z]`)
)

// checkStyle: inconsistent citation style within the document.
func checkStyle(dc *docCtx) {
	cs := dc.cites.Citations
	var with, without []int
	firstWithout := -1
	var dmy, mdy []int
	var shortMonth, longMonth []int
	var dotStyle, commaStyle []int
	for i := range cs {
		c := &cs[i]
		if !c.Full() {
			continue
		}
		// Bluebook gives "last visited" only for undated online sources (rule 18.2.2); OSCOLA
		// gives "accessed" for all. Inconsistency is among dated online sources.
		if c.URL != "" && webKinds[c.Kind] && c.Issued != "" {
			if c.Accessed != "" {
				with = appendOnce(with, c.Footnote)
			} else {
				without = appendOnce(without, c.Footnote)
				if firstWithout < 0 {
					firstWithout = i
				}
			}
		}
		if c.IssuedText != "" {
			if reDMYText.MatchString(c.IssuedText) {
				dmy = appendOnce(dmy, c.Footnote)
			} else if len(c.Issued) == 10 {
				mdy = appendOnce(mdy, c.Footnote)
			}
			if strings.HasPrefix(c.IssuedText, "Jun.") || strings.HasPrefix(c.IssuedText, "Jul.") {
				shortMonth = appendOnce(shortMonth, c.Footnote)
			}
			if strings.HasPrefix(c.IssuedText, "June") || strings.HasPrefix(c.IssuedText, "July") {
				longMonth = appendOnce(longMonth, c.Footnote)
			}
		}
		if reDotBeforeDate.MatchString(c.Raw) {
			dotStyle = appendOnce(dotStyle, c.Footnote)
		} else if reCommaAfter.MatchString(c.Raw) {
			commaStyle = appendOnce(commaStyle, c.Footnote)
		}
		if reNoSpaceParen.MatchString(c.Raw) {
			dc.add(Finding{Check: "cite-style", Severity: Info, Location: dc.citeLoc(c),
				Message:    fmt.Sprintf("footnote %d: no space before the date parenthesis (%q)", c.Footnote, reNoSpaceParen.FindString(c.Raw)),
				Suggestion: "insert a space"})
		}
	}
	if len(with) > 0 && len(without) > 0 {
		dc.add(Finding{Check: "cite-style-accessed", Severity: Warning, Location: dc.citeLoc(&cs[firstWithout]),
			Message:    fmt.Sprintf("%d footnotes give an access date (\"last visited\") for dated online sources and %d do not (footnotes %s)", len(with), len(without), ranges(without)),
			Suggestion: "give access dates consistently (Bluebook 18.2.2: only for undated sources; OSCOLA: for every URL)"})
	}
	mixed := func(a, b []int, what, aName, bName string) {
		if len(a) == 0 || len(b) == 0 {
			return
		}
		minor, major, minorName, majorName := a, b, aName, bName
		if len(a) > len(b) {
			minor, major, minorName, majorName = b, a, bName, aName
		}
		_ = major
		dc.add(Finding{Check: "cite-style", Severity: Info, Location: dc.atNote(minor[0]),
			Message:    fmt.Sprintf("%s: %d footnotes use %s but footnotes %s use %s", what, len(major), majorName, ranges(minor), minorName),
			Suggestion: "use one form throughout"})
	}
	mixed(mdy, dmy, "date format", "month-day-year (\"June 24, 2025\")", "day-month-year (\"24 June 2025\")")
	mixed(longMonth, shortMonth, "month names", "\"June\"/\"July\" in full", "\"Jun.\"/\"Jul.\"")
	mixed(commaStyle, dotStyle, "punctuation around the date", "\"Publication (Date), URL\"", "\"Publication. (Date) URL\"")
}

func appendOnce(xs []int, x int) []int {
	if len(xs) > 0 && xs[len(xs)-1] == x {
		return xs
	}
	return append(xs, x)
}

// levenshtein distance between two strings (runes), with an early exit above 8.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > 8 || d < -8 {
		return 9
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// damerau reports the optimal-string-alignment distance (adjacent transpositions count 1) when
// it is 0 or 1, and 2 for anything larger. It runs in linear time without allocating.
func damerau(a, b string) int {
	if a == b {
		return 0
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return 2
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return 1 // substitution (byte-wise; a changed multi-byte letter counts as more)
		}
		if i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] {
			return 1 // transposition
		}
	case la > lb:
		if a[i+1:] == b[i:] {
			return 1
		}
	default:
		if a[i:] == b[i+1:] {
			return 1
		}
	}
	return 2
}

// damerauFull is the general optimal-string-alignment distance, kept for reference in tests.
func damerauFull(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if d := abs(len(ra) - len(rb)); d > 2 {
		return d // a lower bound: callers only ask whether the distance is at most 2
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := 0; j <= len(rb); j++ {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// sortedKeys returns map keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
