package cite

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Note is a footnote body to parse.
type Note struct {
	Number int
	Text   string
	Line   int
}

// Place is one place a work is cited.
type Place struct {
	Footnote int    `json:"footnote"`
	Index    int    `json:"index"`
	Line     int    `json:"line,omitempty"`
	Locator  string `json:"locator,omitempty"`
	Form     Kind   `json:"form,omitempty"` // id / short when not a full citation
}

// Work is one cited work, merged from every citation of it.
type Work struct {
	Key        string   `json:"key"`
	Kind       Kind     `json:"kind"`
	Authors    []string `json:"author,omitempty"`
	Title      string   `json:"title,omitempty"`
	Container  string   `json:"container-title,omitempty"`
	Publisher  string   `json:"publisher,omitempty"`
	IssuedText string   `json:"issued-text,omitempty"`
	Issued     string   `json:"issued,omitempty"`
	URL        string   `json:"URL,omitempty"`
	Accessed   string   `json:"accessed,omitempty"`
	Symbol     string   `json:"document-symbol,omitempty"`
	Number     string   `json:"number,omitempty"`
	Cited      []Place  `json:"cited"`
	// Distinct values seen across the citations, when they disagree.
	Titles         []string `json:"titles,omitempty"`
	URLs           []string `json:"urls,omitempty"`
	Dates          []string `json:"dates,omitempty"`
	AuthorVariants []string `json:"author-variants,omitempty"`
}

// Result is the outcome of parsing a document's footnotes.
type Result struct {
	Citations []Citation `json:"citations"`
	Works     []Work     `json:"works"`
}

// Unparsed returns the citations that could not be read (kept verbatim).
func (r *Result) Unparsed() []Citation {
	var out []Citation
	for _, c := range r.Citations {
		if !c.Parsed() {
			out = append(out, c)
		}
	}
	return out
}

// InFootnote returns the citations of footnote n.
func (r *Result) InFootnote(n int) []Citation {
	var out []Citation
	for _, c := range r.Citations {
		if c.Footnote == n {
			out = append(out, c)
		}
	}
	return out
}

var reSignalStart = regexp.MustCompile(`([.)]\s+)((?:<u>)?(?:See|Cf\.|But see|See also|See generally|Compare)(?:</u>)?\s)`)

// SplitCitations splits footnote text into citations at ";" outside parentheses, quotation
// marks and italics, and before a signal ("See", "Cf.") that opens a new sentence.
func SplitCitations(text string) []string {
	text = html.UnescapeString(text)
	var out []string
	for _, part := range splitTop(text, ';') {
		// Sentence + signal: "Explanation. See X" becomes two parts.
		for {
			loc := reSignalStart.FindStringSubmatchIndex(part)
			if loc == nil || loc[2] == 0 {
				break
			}
			first := strings.TrimSpace(part[:loc[3]])
			if first != "" {
				out = append(out, first)
			}
			part = part[loc[4]:]
		}
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseNotes parses footnotes in order: splits, parses, resolves Id. and supra, and merges works.
func ParseNotes(notes []Note) *Result {
	res := &Result{}
	for _, n := range notes {
		for i, part := range SplitCitations(n.Text) {
			c := Parse(part)
			c.Footnote, c.Index, c.Line = n.Number, i, n.Line
			res.Citations = append(res.Citations, c)
		}
	}
	resolve(res)
	merge(res)
	return res
}

// resolve links Id., supra and short forms to the citation they stand for.
func resolve(res *Result) {
	cs := res.Citations
	for i := range cs {
		c := &cs[i]
		switch {
		case c.Kind == KindID:
			j := prevCitation(cs, i)
			if j < 0 {
				c.problem(ProbIDNoPrior, "Id. with no preceding citation")
				continue
			}
			if cs[j].Footnote != c.Footnote {
				n := 0
				for k := range cs {
					if cs[k].Footnote == cs[j].Footnote && cs[k].Kind != KindNote {
						n++
					}
				}
				if n > 1 {
					c.problem(ProbIDAmbiguous, fmt.Sprintf("Id. follows footnote %d, which cites %d sources", cs[j].Footnote, n))
				}
			}
			c.RefersTo = target(cs, j)
		case c.SupraNote > 0:
			if c.SupraNote >= c.Footnote && c.Footnote > 0 {
				c.problem(ProbSupraAhead, fmt.Sprintf("supra note %d points to the same or a later footnote", c.SupraNote))
			}
			best := -1
			for k := range cs {
				if cs[k].Footnote != c.SupraNote || !cs[k].Full() {
					continue
				}
				if best < 0 || matchesShort(c, &cs[k]) {
					best = k
					if matchesShort(c, &cs[k]) {
						break
					}
				}
			}
			if best < 0 {
				c.problem(ProbSupraNone, fmt.Sprintf("supra note %d: no citation in that footnote", c.SupraNote))
				continue
			}
			c.RefersTo = &Ref{Footnote: cs[best].Footnote, Index: cs[best].Index}
		case c.Kind != KindNote && c.URL == "" && c.Issued == "" && c.Symbol == "" && c.Container == "" && c.Publisher == "" && c.Parsed():
			// A short form ("Maizland, North Korea's Power Structure, at 3") of an earlier work.
			for k := i - 1; k >= 0; k-- {
				if cs[k].Full() && cs[k].URL+cs[k].Issued != "" && matchesShort(c, &cs[k]) {
					c.Kind = KindShort
					c.RefersTo = target(cs, k)
					break
				}
			}
		}
	}
}

// target returns the full citation a citation at index j stands for.
func target(cs []Citation, j int) *Ref {
	if cs[j].RefersTo != nil {
		r := *cs[j].RefersTo
		return &r
	}
	return &Ref{Footnote: cs[j].Footnote, Index: cs[j].Index}
}

func prevCitation(cs []Citation, i int) int {
	for j := i - 1; j >= 0; j-- {
		if cs[j].Kind != KindNote && cs[j].Parsed() {
			return j
		}
	}
	return -1
}

// matchesShort reports whether short citation s plausibly abbreviates full citation f.
func matchesShort(s, f *Citation) bool {
	if s.Title != "" && f.Title != "" {
		st, ft := NormTitle(s.Title), NormTitle(f.Title)
		if st != "" && (strings.HasPrefix(ft, st) || strings.Contains(ft, st)) {
			return true
		}
	}
	if len(s.Authors) > 0 && len(f.Authors) > 0 {
		sa := surname(s.Authors[0])
		for _, a := range f.Authors {
			if surname(a) == sa && sa != "" {
				return true
			}
		}
	}
	// "Ukraine Accountability Project, supra note 1" and "Choe & Sonne, supra note 17": the
	// short form's head, read as a title because it is not a person's name, may name the work's
	// authors (an institution, or surnames joined by "&" or "and").
	if len(s.Authors) == 0 && s.Title != "" && len(f.Authors) > 0 {
		names, _ := splitAuthors(s.Title)
		all := len(names) > 0
		for _, n := range names {
			nn := NormTitle(n)
			hit := false
			for _, a := range f.Authors {
				if na := NormTitle(a); nn != "" && (na == nn || surname(a) == nn) {
					hit = true
				}
			}
			all = all && hit
		}
		if all {
			return true
		}
	}
	return false
}

func surname(a string) string {
	f := strings.Fields(a)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// NormTitle normalises a title for comparison: lower case, letters and digits only.
func NormTitle(t string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(t) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			space = true
		}
	}
	return b.String()
}

// NormURL normalises a URL for comparison: no scheme, no "www.", lower-case host, no trailing
// slash, no fragment, no tracking parameters.
func NormURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimRight(strings.ToLower(raw), "/")
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "utm_") || k == "fbclid" || k == "gclid" {
			q.Del(k)
		}
	}
	s := host + strings.TrimRight(u.EscapedPath(), "/")
	if e := q.Encode(); e != "" {
		s += "?" + e
	}
	return s
}

func keyOf(c *Citation) []string {
	var keys []string
	if c.Symbol != "" {
		keys = append(keys, "sym:"+strings.ToUpper(strings.ReplaceAll(c.Symbol, " ", "")))
	}
	if c.URL != "" {
		keys = append(keys, "url:"+NormURL(c.URL))
	}
	if nt := NormTitle(c.Title); nt != "" && c.Kind != KindUNDocument && len(strings.Fields(nt)) >= 3 {
		keys = append(keys, "title:"+nt)
	}
	if len(keys) == 0 && c.Title != "" {
		keys = append(keys, "title:"+NormTitle(c.Title)+"|"+NormTitle(c.Container))
	}
	return keys
}

// merge groups full citations into works (same document symbol, URL or title) and attaches
// Id., supra and short forms to the work of the citation they stand for.
func merge(res *Result) {
	cs := res.Citations
	parent := make([]int, len(cs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	first := map[string]int{}
	for i := range cs {
		if !cs[i].Full() {
			continue
		}
		for _, k := range keyOf(&cs[i]) {
			if j, ok := first[k]; ok {
				parent[find(i)] = find(j)
			} else {
				first[k] = i
			}
		}
	}
	index := map[Ref]int{}
	workOf := map[int]int{}
	for i := range cs {
		if !cs[i].Full() {
			continue
		}
		root := find(i)
		w, ok := workOf[root]
		if !ok {
			w = len(res.Works)
			workOf[root] = w
			keys := keyOf(&cs[root])
			key := ""
			if len(keys) > 0 {
				key = keys[0]
			}
			res.Works = append(res.Works, Work{Key: key})
		}
		cs[i].Work = w
		index[Ref{cs[i].Footnote, cs[i].Index}] = w
	}
	for i := range cs {
		if cs[i].RefersTo == nil {
			continue
		}
		if w, ok := index[*cs[i].RefersTo]; ok {
			cs[i].Work = w
		}
	}
	best := map[int]int{} // work -> index of its most complete citation
	for i := range cs {
		c := &cs[i]
		if c.Work < 0 {
			continue
		}
		w := &res.Works[c.Work]
		form := Kind("")
		if !c.Full() {
			form = c.Kind
		}
		w.Cited = append(w.Cited, Place{Footnote: c.Footnote, Index: c.Index, Line: c.Line, Locator: c.Locator, Form: form})
		if !c.Full() {
			continue
		}
		variants(w, c)
		if b, ok := best[c.Work]; !ok || completeness(c) > completeness(&cs[b]) {
			best[c.Work] = i
		}
	}
	// Each work's fields come from its most complete citation, never mixed from several.
	for wi, ci := range best {
		fill(&res.Works[wi], &cs[ci])
	}
	for i := range res.Works {
		w := &res.Works[i]
		sort.Strings(w.Titles)
		if len(w.Titles) < 2 {
			w.Titles = nil
		}
		if len(w.URLs) < 2 {
			w.URLs = nil
		}
		if len(w.Dates) < 2 {
			w.Dates = nil
		}
		if len(w.AuthorVariants) < 2 {
			w.AuthorVariants = nil
		}
	}
}

func addDistinct(list []string, v string, norm func(string) string) []string {
	if v == "" {
		return list
	}
	for _, x := range list {
		if norm(x) == norm(v) {
			return list
		}
	}
	return append(list, v)
}

// completeness counts a citation's filled fields.
func completeness(c *Citation) int {
	n := 0
	for _, v := range []string{c.Title, c.Container, c.Publisher, c.Issued, c.URL, c.Accessed, c.Symbol, c.Number} {
		if v != "" {
			n++
		}
	}
	if len(c.Authors) > 0 {
		n++
	}
	return n
}

func fill(w *Work, c *Citation) {
	w.Kind = c.Kind
	w.Authors = c.Authors
	w.Title = c.Title
	w.Container = c.Container
	w.Publisher = c.Publisher
	w.IssuedText = c.IssuedText
	w.Issued = c.Issued
	w.URL = c.URL
	w.Accessed = c.Accessed
	w.Symbol = c.Symbol
	w.Number = c.Number
}

func variants(w *Work, c *Citation) {
	w.Titles = addDistinct(w.Titles, c.Title, NormTitle)
	w.URLs = addDistinct(w.URLs, c.URL, NormURL)
	w.Dates = addDistinct(w.Dates, c.Issued, func(s string) string { return s })
	w.AuthorVariants = addDistinct(w.AuthorVariants, strings.Join(c.Authors, "; "), strings.ToLower)
}
