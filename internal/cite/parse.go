// Package cite parses and formats legal citations. This half (parse*.go) turns footnote text
// into citations and works: it splits a footnote into its citations, reads each into CSL-like
// fields (authors, title, container, publisher, issued and accessed dates, URL, UN document
// symbol, report number, pinpoint, signal), resolves "Id." and "supra note N" to the citation
// they stand for, and merges repeated citations of one work. Unparseable citations are kept
// verbatim and flagged.
//
// It is hand-written: citation parsers that exist (anystyle, GROBID, eyecite) are Ruby, Java or
// Python services trained on academic references or US case law, and none reads the mix of
// Bluebook, OSCOLA, news and UN-document styles in international-criminal-law briefs.
package cite

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind classifies a citation.
type Kind string

// Citation kinds.
const (
	KindNews         Kind = "news"
	KindUNDocument   Kind = "un-document"
	KindReport       Kind = "report"
	KindEncyclopedia Kind = "encyclopedia"
	KindCase         Kind = "case"
	KindStatute      Kind = "statute"
	KindArticle      Kind = "article-journal"
	KindBook         Kind = "book"
	KindWeb          Kind = "web"
	KindID           Kind = "id"    // "Id." / "Ibid."
	KindShort        Kind = "short" // "Author, supra note 3" and other short forms
	KindNote         Kind = "note"  // explanatory text, not a source
	KindUnknown      Kind = "unknown"
)

// Problem codes recorded on citations.
const (
	ProbUnparsed    = "unparsed"
	ProbURLSpace    = "url-space"
	ProbURLParen    = "url-paren"
	ProbURLHTML     = "url-html"
	ProbURLInvalid  = "url-invalid"
	ProbHTML        = "html-markup"
	ProbIDAmbiguous = "id-ambiguous"
	ProbIDNoPrior   = "id-no-antecedent"
	ProbSupraNone   = "supra-missing"
	ProbSupraAhead  = "supra-forward"
)

// Problem is something wrong with how a citation is written.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Ref points at a citation: footnote number and position within the footnote (0-based).
type Ref struct {
	Footnote int `json:"footnote"`
	Index    int `json:"index"`
}

// Citation is one cited authority as written in one footnote. JSON names follow CSL-JSON where
// CSL has the field (title, author, container-title, publisher, issued, URL, accessed, number,
// locator).
type Citation struct {
	Raw          string    `json:"raw"`
	Footnote     int       `json:"footnote,omitempty"`
	Index        int       `json:"index"`
	Line         int       `json:"line,omitempty"`
	Kind         Kind      `json:"kind"`
	Signal       string    `json:"signal,omitempty"`
	Authors      []string  `json:"author,omitempty"`
	EtAl         bool      `json:"et-al,omitempty"`
	Title        string    `json:"title,omitempty"`
	Container    string    `json:"container-title,omitempty"`
	Publisher    string    `json:"publisher,omitempty"`
	IssuedText   string    `json:"issued-text,omitempty"`
	Issued       string    `json:"issued,omitempty"` // EDTF
	URL          string    `json:"URL,omitempty"`
	RawURL       string    `json:"raw-url,omitempty"` // as written, when it differs from URL
	AccessedText string    `json:"accessed-text,omitempty"`
	Accessed     string    `json:"accessed,omitempty"` // EDTF
	Symbol       string    `json:"document-symbol,omitempty"`
	Number       string    `json:"number,omitempty"`
	Locator      string    `json:"locator,omitempty"`
	Italic       bool      `json:"italic-title,omitempty"`
	SupraNote    int       `json:"supra-note,omitempty"`
	RefersTo     *Ref      `json:"refers-to,omitempty"`
	Work         int       `json:"work"` // index into Result.Works; -1 for notes and unparsed text
	Problems     []Problem `json:"problems,omitempty"`

	series bool // the container is a report series ("Asia Report No. 342")
}

// Parsed reports whether the citation yielded any field beyond its raw text.
func (c *Citation) Parsed() bool { return !c.Has(ProbUnparsed) }

// Has reports whether the citation carries a problem code.
func (c *Citation) Has(code string) bool {
	for _, p := range c.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// Full reports whether the citation is a full citation (not Id., supra, a short form or a note).
func (c *Citation) Full() bool {
	return c.Kind != KindID && c.Kind != KindShort && c.Kind != KindNote && c.Parsed()
}

func (c *Citation) problem(code, msg string) {
	if !c.Has(code) {
		c.Problems = append(c.Problems, Problem{Code: code, Message: msg})
	}
}

var (
	reSignal     = regexp.MustCompile(`^(?:<u>)?(See also|See, e\.g\.,|See generally|See|Cf\.|But see|But cf\.|Compare|Contra|Accord|E\.g\.,|see also|see)(?:</u>)?,?\s+`)
	reID         = regexp.MustCompile(`^\*?(?:Id|id|Ibid|ibid)\.?\*?(?:,?\s+(?:at\s+)?(.+?))?\.?$`)
	reSupra      = regexp.MustCompile(`^(.*?),?\s+\*?supra\*?\s+(?:note|n\.?)\s+(\d{1,4})(?:,?\s+(?:at\s+)?(.+?))?\.?$`)
	reAnchor     = regexp.MustCompile(`<a\s+href="([^"]*)"\s*>`)
	reTags       = regexp.MustCompile(`</?(?:a|u|i|b|em|strong|span)\b[^>]*>`)
	reURL        = regexp.MustCompile(`(?:https?://|www\.)[^\s<>"]+`)
	reAccessed   = regexp.MustCompile(`(?i)[(\[]?\s*(?:last visited|last accessed|accessed(?: on)?|visited(?: on)?|retrieved(?: on)?|consulted(?: on)?)\s+([^)\]]*?(?:1[6-9]|20)\d\d)\s*[)\]]?`)
	reUNDoc      = regexp.MustCompile(`(?:U\.N\. Doc\.|UN Doc|U\.N\. doc\.|UN doc\.?)\s*([A-Z]{1,4}(?:/[A-Za-z0-9.\-]+)+(?:\s?\((?:\d{4}|[XVIL]+)\))?)`)
	reSymbol     = regexp.MustCompile(`\b((?:S|A|E|A/HRC|E/CN\.\d+)/(?:RES/|PRST/)?(?:ES-\d+/)?(?:[0-9]{1,4}/)?[0-9]+(?:/[A-Za-z0-9.]+)*(?:\s?\((?:\d{4}|[XVIL]+)\))?)`)
	reSCRes      = regexp.MustCompile(`\b(S\.C\.|G\.A\.|UNSC|UNGA|SC|GA)\s+Res(?:olution)?\.?\s+(ES-\d+/)?(\d{1,5})(\s?\((?:\d{4}|[XVIL]+)\))?`)
	reAt         = regexp.MustCompile(`,?\s+at\s+([A-Z]?\d[\d\-–—, ]*\d|[A-Z]?\d+)(?:\s|$|[,.;])`)
	rePage       = regexp.MustCompile(`(?:^|[\s,(])(pp?\.\s*\d+(?:\s*[-–]\s*\d+)?|paras?\.?\s*\d+(?:\s*[-–]\s*\d+)?|¶+\s*\d+(?:\s*[-–]\s*\d+)?|§+\s*\d+(?:\.\d+)*|arts?\.?\s*\d+(?:\s*(?:bis|ter|quater))?(?:\s*\([0-9a-z]+(?:\s+(?:bis|ter))?\))*(?:,\s*(?:element|elements|para\.|paragraph)\s+\d+)?)`)
	reOSCOLAPara = regexp.MustCompile(`\s\[(\d+(?:[-–]\d+)?)\]\.?$`)
	reReportNo   = regexp.MustCompile(`\b((?:R|RL|RS|IF|IN)\d{4,5})\b`)
	reNo         = regexp.MustCompile(`\b(?:No\.|Number|no\.)\s*([A-Z]?\d[\w\-/.]*)`)
	reCaseNo     = regexp.MustCompile(`\b((?:IT|ICTR|ICC|SCSL|MICT|STL|ICC-\d\d)[-/][\dA-Z\-/.]*\d[\dA-Z\-/]*)`)
	reVersus     = regexp.MustCompile(`\s(?:v\.?|vs\.?|c\.)\s`)
	reYearOnly   = regexp.MustCompile(`^\(?((?:1[6-9]|20)\d\d)\)?$`)
	reVerb       = regexp.MustCompile(`\b(?:is|was|are|were|has|have|had|does|did|holds|served|means|refers|notes|argues)\b`)
	reJournal    = regexp.MustCompile(`^\d+\s+[A-Z][\w.'’& ]+\s\d+$`)
	reTreatySer  = regexp.MustCompile(`,?\s*\b\d+\s+(?:U\.\s?N\.\s?T\.\s?S\.|UNTS|I\.L\.M\.|ILM|Stat\.|L\.N\.T\.S\.|LNTS)\s+\d+(?:\s*\([^)]*\))?`)
	reAPA        = regexp.MustCompile(`^(.+?)\s\(((?:1[6-9]|20)\d\d)(?:,\s*([A-Z][a-z]+\.?\s+\d{1,2}))?\)\.\s+(.+)$`)
	reAPAName    = regexp.MustCompile(`[A-Z][\p{L}'’-]+(?:[ -][A-Z][\p{L}'’-]+)*, (?:[A-Z]\.\s?(?:-[A-Z]\.\s?)?)+`)
	reReportCode = regexp.MustCompile(`^[A-Z]{1,5}-?[A-Z]?\d{2,6}(?:-\d+)?$`)
	reTrailNum   = regexp.MustCompile(`\s(\d+(?:\s*[-–]\s*\d+)?)\s*\.?$`)
	reUNOrg      = regexp.MustCompile(`(?i)(council|assembly|secretary-general|commission|committee|panel|office|rapporteur|mission)`)
	reAdopted    = regexp.MustCompile(`(?i)(adopted|signed|opened for signature|done at [^,]*,)\s*$`)
)

var newsOutlets = []string{
	"reuters", "the guardian", "guardian", "bbc", "cnn", "cbs news", "nbc news", "abc news", "the new york times",
	"new york times", "washington post", "the washington post", "le monde", "axios", "the diplomat",
	"jurist", "dod news", "associated press", "ap news", "al jazeera", "nk news", "yonhap", "kcna",
	"tass", "ria novosti", "kyiv independent", "ukrainska pravda", "financial times", "the economist",
	"wall street journal", "politico", "bloomberg", "france 24", "dw", "deutsche welle", "the times",
	"the telegraph", "the independent", "sky news", "npr", "voice of america", "radio free europe",
	"kyiv post", "korea herald", "korea times", "newsroom", "news", "n.y. times", "wash. post", "wall st. j.",
	"l.a. times", "fin. times", "kcna watch", "nk news", "ap", "afp", "agence france-presse",
}

var orgWords = []string{
	"serv.", "inst.", "found.", "ctr.", "center", "centre", "council on", "house", "institute",
	"foundation", "program", "rels.", "studies", "stud.", "parallel", "heritage", "csis", "brookings",
	"rand", "crisis group", "human rights watch", "amnesty", "office", "ministry", "commission",
	"committee", "secretariat", "panel", "agency", "int'l", "university", "think tank", "fdd",
	"council", "assembly", "organisation", "organization", "rusi", "isw", "iiss", "watch", "corp.",
	"institute for the study of war", "ministry", "government",
}

// Parse parses one citation (one ";"-separated part of a footnote).
func Parse(s string) Citation {
	c := Citation{Raw: strings.TrimSpace(s), Work: -1}
	t := c.Raw
	if t == "" {
		c.Kind = KindUnknown
		c.problem(ProbUnparsed, "empty citation")
		return c
	}
	if reAnchor.MatchString(t) || strings.Contains(t, "</a>") {
		c.problem(ProbHTML, "HTML markup (<a href=...>) in the citation text")
	}
	if strings.Contains(t, "<") {
		t = reAnchor.ReplaceAllString(t, "")
		t = reTags.ReplaceAllString(t, "")
	}
	t = strings.TrimSpace(t)
	if m := reSignal.FindStringSubmatch(t); m != nil {
		c.Signal = m[1]
		t = strings.TrimSpace(t[len(m[0]):])
	}
	if m := reID.FindStringSubmatch(t); m != nil {
		c.Kind = KindID
		c.Locator = strings.TrimSpace(m[1])
		return c
	}
	if m := findIf(t, "supra", reSupra); m != nil {
		c.Kind = KindShort
		c.SupraNote = atoi(m[2])
		c.Locator = strings.TrimSpace(m[3])
		head := strings.TrimSpace(m[1])
		segs := splitTop(head, ',')
		if len(segs) > 0 && (isNameList(segs[0]) || isSurname(segs[0])) {
			c.Authors, c.EtAl = splitAuthors(segs[0])
			segs = segs[1:]
		}
		if len(segs) > 0 {
			c.Title = cleanTitle(strings.Join(segs, ", "))
		}
		return c
	}

	// URL, accessed date and what follows the URL.
	head, tail := t, ""
	if loc := reURL.FindStringIndex(t); loc != nil {
		raw := t[loc[0]:loc[1]]
		after := t[loc[1]:]
		before := t[:loc[0]]
		u, rawTaken, consumed := cleanURL(&c, raw, before, after)
		c.URL = u
		if rawTaken != u {
			c.RawURL = rawTaken
		}
		head = strings.TrimSpace(before)
		tail = after[consumed:]
		// A second URL right after the first (HTML residue) is dropped.
		if loc2 := reURL.FindStringIndex(tail); loc2 != nil && strings.TrimSpace(tail[:loc2[0]]) == "" {
			tail = tail[loc2[1]:]
		}
	}
	full := head + " " + tail
	if m := indexIfAny(full, []string{"visited", "accessed", "retrieved", "consulted", "Visited", "Accessed", "Retrieved", "Consulted"}, reAccessed); m != nil {
		c.AccessedText = strings.TrimSpace(full[m[2]:m[3]])
		if e, ok := ParseDate(c.AccessedText); ok {
			c.Accessed = e
		}
		if m[0] < len(head) {
			head = strings.TrimSpace(head[:m[0]] + head[min(m[1], len(head)):])
		} else {
			off := len(head) + 1
			tail = tail[:max(0, m[0]-off)] + tail[min(len(tail), max(0, m[1]-off)):]
		}
	}
	tail = strings.TrimSpace(strings.Trim(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(tail), ">")), ".,;"))
	head = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(head), ",;<"))
	head = strings.TrimSuffix(head, " at")

	// APA: "Author, A. (2024, April 28). Title. Publication."
	if m := findIf(head, "). ", reAPA); m != nil && reAPAName.MatchString(m[1]) {
		parseAPA(&c, m)
		return c
	}
	if strings.Contains(head, "U.N.T.S") || strings.Contains(head, "UNTS") || strings.Contains(head, "I.L.M") || strings.Contains(head, "ILM") || strings.Contains(head, "Stat.") || strings.Contains(head, "L.N.T.S") || strings.Contains(head, "LNTS") {
		head = reTreatySer.ReplaceAllString(head, "")
	}

	// Explanatory text is a note, not a source.
	if c.URL == "" && looksLikeProse(head) {
		c.Kind = KindNote
		c.Title = ""
		return c
	}

	// Pinpoints.
	if m := indexIfAny(head, []string{" at "}, reAt); m != nil {
		c.Locator = strings.TrimSpace(strings.TrimRight(head[m[2]:m[3]], ", "))
		head = head[:m[0]] + head[m[3]:]
	}
	for _, part := range []*string{&head, &tail} {
		if c.Locator != "" {
			break
		}
		if m := indexIfAny(*part, []string{"p.", "pp.", "para", "¶", "§", "art"}, rePage); m != nil {
			c.Locator = strings.TrimSpace((*part)[m[2]:m[3]])
			*part = (*part)[:m[2]] + (*part)[m[3]:]
		} else if m := indexIfAny(*part, []string{"]"}, reOSCOLAPara); m != nil {
			c.Locator = "para " + (*part)[m[2]:m[3]]
			*part = (*part)[:m[0]]
		}
	}

	// UN document symbol.
	if m := indexIfAny(head, []string{"Doc", "doc"}, reUNDoc); m != nil {
		c.Symbol = normSymbol(head[m[2]:m[3]])
		head = head[:m[0]] + head[m[1]:]
	} else if m := indexIfAny(head, []string{"/"}, reSymbol); m != nil && !strings.Contains(head[max(0, m[0]-1):m[1]], "http") {
		c.Symbol = normSymbol(head[m[2]:m[3]])
		head = head[:m[0]] + head[m[1]:]
	}
	if m := findIf(head, "Res", reSCRes); m != nil {
		if c.Symbol == "" {
			org := "S"
			if strings.HasPrefix(m[1], "G") || strings.HasPrefix(m[1], "UNGA") {
				org = "A"
			}
			c.Symbol = normSymbol(org + "/RES/" + m[2] + m[3] + m[4])
		}
		if c.Kind == "" {
			c.Kind = KindUNDocument
		}
	}

	// Cases have their own shape.
	if strings.Contains(head, "-") && reCaseNo.MatchString(head) || strings.Contains(head, " v") && reVersus.MatchString(head) && !strings.Contains(head, "*") {
		parseCase(&c, head)
		return c
	}

	// Report numbers.
	if m := reReportNo.FindStringSubmatchIndex(head); m != nil {
		c.Number = head[m[2]:m[3]]
		head = head[:m[0]] + head[m[1]:]
	} else if m := indexIfAny(head, []string{"No", "no.", "Number"}, reNo); m != nil {
		c.Number = strings.TrimRight(head[m[2]:m[3]], ".,")
		c.series = m[0] > 0 && head[m[0]-1] == ' '
		head = head[:m[0]] + head[m[1]:]
	}

	// Issued date: the last date before the URL, preferring one in parentheses.
	head = parseIssued(&c, head, tail)

	// Fields from comma-separated segments.
	fillSegments(&c, head)
	classify(&c)
	if c.URL == "" && c.Symbol == "" && letters(c.Title+c.Container+c.Publisher+strings.Join(c.Authors, "")) < 3 {
		c.Kind = KindUnknown
		c.problem(ProbUnparsed, "no title, author, URL or document symbol could be read")
	}
	return c
}

// findIf runs re.FindStringSubmatch only when s contains kw (a cheap prefilter).
func findIf(s, kw string, re *regexp.Regexp) []string {
	if !strings.Contains(s, kw) {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// indexIfAny runs re.FindStringSubmatchIndex only when s contains one of the keywords.
func indexIfAny(s string, kws []string, re *regexp.Regexp) []int {
	for _, kw := range kws {
		if strings.Contains(s, kw) {
			return re.FindStringSubmatchIndex(s)
		}
	}
	return nil
}

// parseAPA fills an APA-style reference.
func parseAPA(c *Citation, m []string) {
	for _, a := range reAPAName.FindAllString(m[1], -1) {
		c.Authors = append(c.Authors, strings.TrimSpace(a))
	}
	c.IssuedText = m[2]
	c.Issued = m[2]
	if m[3] != "" {
		c.IssuedText = m[3] + ", " + m[2]
		if e, ok := ParseDate(m[3] + ", " + m[2]); ok {
			c.Issued = e
		}
	}
	rest := strings.TrimSpace(m[4])
	parts := strings.SplitN(rest, ". ", 2)
	c.Title = cleanTitle(parts[0])
	if len(parts) > 1 {
		src := cleanTitle(strings.TrimSpace(parts[1]))
		if isNews(strings.ToLower(src)) {
			c.Container = src
		} else if hasOrgWord(strings.ToLower(src)) {
			c.Publisher = src
		} else {
			c.Container = src
		}
	}
	classify(c)
}

// isSurname reports a lone capitalised surname ("Heller" in "Heller, supra note 10").
func isSurname(s string) bool {
	s = strings.TrimSpace(strings.ReplaceAll(s, "*", ""))
	if s == "" || strings.ContainsAny(s, " 0123456789") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && !nameStop[strings.ToLower(s)]
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' || n > 1e6 {
			return n
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// cleanURL trims punctuation and repairs common breakage; it returns the URL, the raw text it
// took and how many bytes of after it consumed.
func cleanURL(c *Citation, raw, before, after string) (string, string, int) {
	u := raw
	consumed := 0
	if strings.HasPrefix(after, `">`) || strings.HasPrefix(after, `"&gt;`) {
		c.problem(ProbURLHTML, `stray HTML ("">") after the URL`)
	}
	u = strings.TrimRight(u, ".,;:")
	open := strings.Count(u, "(")
	closeN := strings.Count(u, ")")
	depthBefore := strings.Count(before, "(") - strings.Count(before, ")")
	for closeN > open && strings.HasSuffix(u, ")") {
		u = strings.TrimSuffix(u, ")")
		closeN--
		if depthBefore > 0 {
			depthBefore--
			continue
		}
		c.problem(ProbURLParen, "unbalanced ')' at the end of the URL")
	}
	u = strings.TrimRight(u, ".,;:")
	rawTaken := u
	// "https://undocs.org/S/RES/2270 (2016)": a URL broken by a space.
	if m := reSpaceYear.FindStringSubmatch(after); m != nil && strings.Contains(strings.ToLower(u), "undocs") {
		c.problem(ProbURLSpace, "URL broken by a space before "+m[1])
		rawTaken = u + " " + m[1]
		u += m[1]
		consumed = len(m[0])
	}
	if !strings.HasPrefix(u, "http") {
		u = "https://" + u
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" || !strings.Contains(pu.Host, ".") || strings.ContainsAny(u, " <>\"") {
		c.problem(ProbURLInvalid, "URL does not parse")
	}
	for _, r := range u {
		if r > unicode.MaxASCII {
			c.problem(ProbURLInvalid, "URL contains non-ASCII characters")
			break
		}
	}
	return u, rawTaken, consumed
}

func normSymbol(s string) string {
	s = strings.TrimSpace(strings.TrimRight(s, ".,;"))
	s = strings.ReplaceAll(s, " (", "(")
	return s
}

// looksLikeProse reports explanatory sentences (a footnote that explains rather than cites).
func looksLikeProse(t string) bool {
	plain := strings.ReplaceAll(t, "*", "")
	words := strings.Fields(plain)
	if len(words) < 10 {
		return false
	}
	if reDateParenAny.MatchString(plain) && len(words) < 25 {
		return false
	}
	return reVerb.MatchString(plain)
}

var (
	reSpaceYear     = regexp.MustCompile(`^ (\((?:19|20)\d\d\))`)
	reParenYear     = regexp.MustCompile(`\(([^()]*?)\b((?:1[6-9]|20)\d\d)\)`)
	reEdition       = regexp.MustCompile(`(?i)^\d+(?:st|nd|rd|th)\s+(?:edn|ed\.)\.?,?\s*`)
	rePageOnly      = regexp.MustCompile(`^\d+(?:\s*[-–]\s*\d+)?$`)
	rePageOnly2     = regexp.MustCompile(`^\d+(?:[-–]\d+)?$`)
	reUNAbbrevEnd   = regexp.MustCompile(`(?i)(mtg|sess|supp|no)$`)
	reTreatyWord    = regexp.MustCompile(`(?i)\b(statute|treaty|convention|charter|protocol|covenant|agreement|elements of crimes|rules of procedure and evidence|regulations of the court)\b`)
	reICJYear       = regexp.MustCompile(`\b((?:19|20)\d\d)\s+I\.C\.J\.`)
	reMonthDayParen = regexp.MustCompile(`\((` + monthRe + `\s+\d{1,2})\)`)
)

var reDateParenAny = regexp.MustCompile(`\([^()]*(?:1[6-9]|20)\d\d\)`)

// parseIssued finds the issued date, records it, and removes it (and a publisher parenthetical
// around it) from head.
func parseIssued(c *Citation, head, tail string) string {
	ds := FindDates(head, false)
	ds = outsideItalics(head, ds)
	var pick *DateMatch
	inParen := false
	for i := range ds {
		if reAdopted.MatchString(head[max(0, ds[i].Start-30):ds[i].Start]) {
			pick = &ds[i]
			inParen = parenAround(head, ds[i].Start, ds[i].End)
			break
		}
	}
	for i := len(ds) - 1; i >= 0 && pick == nil; i-- {
		d := ds[i]
		if parenAround(head, d.Start, d.End) {
			pick = &ds[i]
			inParen = true
			break
		}
	}
	if pick == nil && len(ds) > 0 {
		pick = &ds[len(ds)-1]
	}
	if pick == nil {
		// A bare year in parentheses: "(2016)".
		for _, m := range reParenYear.FindAllStringSubmatchIndex(head, -1) {
			if inItalics(head, m[0]) || strings.ContainsAny(head[m[2]:m[3]], "–-") {
				continue
			}
			ds = []DateMatch{{Start: m[4], End: m[5], Text: head[m[4]:m[5]], EDTF: head[m[4]:m[5]]}}
			pick = &ds[0]
			inParen = true
		}
	}
	if pick == nil {
		if td := FindDates(tail, false); len(td) > 0 {
			c.IssuedText, c.Issued = td[0].Text, td[0].EDTF
		}
		return head
	}
	c.IssuedText, c.Issued = pick.Text, pick.EDTF
	if inParen {
		a := strings.LastIndexByte(head[:pick.Start], '(')
		b := strings.IndexByte(head[pick.End:], ')')
		if a >= 0 && b >= 0 {
			b += pick.End
			inner := head[a+1:pick.Start] + head[pick.End:b]
			inner = strings.TrimSpace(inner)
			low := strings.ToLower(inner)
			if strings.HasPrefix(low, "with ") || strings.Contains(low, "adopted") || strings.Contains(low, "entered into force") || strings.Contains(low, "signed") {
				inner = "" // a co-publisher or treaty dates, not the publisher
			}
			inner = reEdition.ReplaceAllString(inner, "")
			for _, pre := range []string{"updated", "last updated", "rev.", "published"} {
				if strings.HasPrefix(strings.ToLower(inner), pre+" ") || strings.ToLower(inner) == pre {
					inner = strings.TrimSpace(inner[len(pre):])
				}
			}
			inner = strings.Trim(inner, " ,;")
			if inner != "" && !reYearOnly.MatchString(inner) {
				c.Publisher = inner
			}
			return strings.TrimSpace(head[:a]) + " " + strings.TrimSpace(head[b+1:])
		}
	}
	return head[:pick.Start] + head[pick.End:]
}

// inItalics reports whether offset off lies inside *...*.
func inItalics(s string, off int) bool {
	if strings.Count(s, "*")%2 != 0 {
		return false
	}
	return strings.Count(s[:off], "*")%2 == 1
}

func outsideItalics(s string, ds []DateMatch) []DateMatch {
	out := ds[:0]
	for _, d := range ds {
		if !inItalics(s, d.Start) {
			out = append(out, d)
		}
	}
	return out
}

func parenAround(s string, a, b int) bool {
	i := strings.LastIndexByte(s[:a], '(')
	if i < 0 || strings.IndexByte(s[i:a], ')') >= 0 {
		return false
	}
	j := strings.IndexByte(s[b:], ')')
	return j >= 0 && strings.IndexByte(s[b:b+j], '(') < 0
}

// segment is a comma-separated part of a citation head.
type segment struct {
	text   string
	italic bool // wholly or partly in *italics*
	quoted bool // starts with a quotation mark
}

func fillSegments(c *Citation, head string) {
	head = strings.TrimSpace(head)
	head = strings.TrimRight(head, " ,;")
	head = strings.ReplaceAll(head, "()", "")
	head = strings.ReplaceAll(head, ",*", "*,")
	head = strings.ReplaceAll(head, ".*", "*.")
	var segs []segment
	for _, p := range splitTop(head, ',') {
		p = strings.TrimSpace(p)
		if p == "" || p == "*" || p == "." {
			continue
		}
		segs = append(segs, segment{
			text:   p,
			italic: strings.Count(p, "*") >= 2,
			quoted: strings.HasPrefix(p, `"`) || strings.HasPrefix(p, "“") || strings.HasPrefix(p, "‘") || strings.HasPrefix(p, "'"),
		})
	}
	if len(segs) == 0 {
		return
	}
	// Whole-segment report codes ("R41259", "RR-A1234-1") are numbers.
	kept := segs[:0]
	for _, sg := range segs {
		t := strings.TrimRight(sg.text, ". ")
		if reReportCode.MatchString(t) && c.Number == "" && len(segs) > 1 {
			c.Number = t
			continue
		}
		kept = append(kept, sg)
	}
	segs = kept
	// A quoted title followed by the publication without a comma: 'Title' The Guardian.
	for i, sg := range segs {
		if !sg.quoted {
			continue
		}
		q := sg.text[:1]
		if strings.HasPrefix(sg.text, "“") {
			q = "”"
		} else if strings.HasPrefix(sg.text, "‘") {
			q = "’"
		}
		body := sg.text[len(q):]
		if q == "“" {
			body = sg.text[len("“"):]
		}
		j := -1
		for k := 0; k+len(q) <= len(body); k++ {
			if strings.HasPrefix(body[k:], q) {
				after := body[k+len(q):]
				if after == "" || after[0] == ' ' || after[0] == ',' {
					j = k
					break
				}
			}
		}
		if j <= 0 {
			break
		}
		rest := strings.TrimSpace(strings.Trim(body[j+len(q):], " ,"))
		if rest == "" || startsLowerWord(rest) {
			break
		}
		title := strings.TrimRight(body[:j], ", ")
		next := append([]segment{{text: q + title + q, quoted: true}, {text: rest}}, segs[i+1:]...)
		segs = append(segs[:i:i], next...)
		break
	}
	// A trailing segment that is only a page number is a pinpoint: "41 Mich. J. Int'l L. 1, 25".
	if n := len(segs); n >= 2 && c.Locator == "" && rePageOnly.MatchString(strings.TrimRight(segs[n-1].text, ". ")) {
		c.Locator = strings.TrimRight(segs[n-1].text, ". ")
		segs = segs[:n-1]
	}
	// The title: the first italic or quoted segment; otherwise decided by position.
	ti := -1
	for i, s := range segs {
		if s.italic || s.quoted {
			ti = i
			break
		}
	}
	if ti > 0 && segs[ti].italic && isNews(strings.ToLower(cleanTitle(segs[ti].text))) {
		// "Justin McCurry, Kim Jong-un Named North Korea Leader, *The Guardian*": the italic
		// part is the newspaper; the title is what lies between the authors and it.
		i := 0
		for i < ti-1 && isNameList(segs[i].text) {
			a, etal := splitAuthors(segs[i].text)
			c.Authors = append(c.Authors, a...)
			c.EtAl = c.EtAl || etal
			i++
		}
		var parts []string
		for _, s := range segs[i:ti] {
			parts = append(parts, s.text)
		}
		c.Title = cleanTitle(strings.Join(parts, ", "))
		c.Container = cleanTitle(segs[ti].text)
		restInto(c, segs[ti+1:])
		return
	}
	if ti >= 0 && segs[ti].italic && isReferenceWork(segs[ti].text) && ti > 0 {
		// "Kim Jong-Un, *Encyclopædia Britannica*": the italic part is the container.
		c.Title = cleanTitle(segs[ti-1].text)
		c.Container = cleanTitle(segs[ti].text)
		authorsFrom(c, segs[:ti-1])
		restInto(c, segs[ti+1:])
		return
	}
	if ti >= 0 {
		t := segs[ti].text
		// "*Title?* 4": a pinpoint right after an italic title.
		if segs[ti].italic {
			if k := strings.LastIndex(t, "*"); k >= 0 {
				if after := strings.TrimSpace(t[k+1:]); rePageOnly2.MatchString(after) && c.Locator == "" {
					c.Locator = after
					t = t[:k+1]
				}
			}
		}
		c.Title = cleanTitle(t)
		c.Italic = segs[ti].italic
		authorsFrom(c, segs[:ti])
		restInto(c, segs[ti+1:])
		return
	}
	// No typographic title marker. "Kim Jong-Un, Encyclopædia Britannica": an entry in a
	// reference work is named by its subject; what precedes the work's name is the entry's title,
	// not an author (the italics that would say so are lost in plain text and DOCX).
	for k := 1; k < len(segs); k++ {
		if isReferenceWork(segs[k].text) {
			c.Title = cleanTitle(segs[k-1].text)
			c.Container = cleanTitle(segs[k].text)
			authorsFrom(c, segs[:k-1])
			restInto(c, segs[k+1:])
			return
		}
	}
	i := 0
	for i < len(segs) && isNameList(segs[i].text) && (i+1 < len(segs) || len(segs) == 1) {
		a, etal := splitAuthors(segs[i].text)
		c.Authors = append(c.Authors, a...)
		c.EtAl = c.EtAl || etal
		i++
	}
	rest := segs[i:]
	switch {
	case len(rest) == 0:
	case len(rest) == 1:
		c.Title = cleanTitle(rest[0].text)
	default:
		last := rest[len(rest)-1]
		parts := make([]string, 0, len(rest)-1)
		for _, s := range rest[:len(rest)-1] {
			parts = append(parts, s.text)
		}
		c.Title = cleanTitle(strings.Join(parts, ", "))
		c.Container = cleanTitle(last.text)
	}
}

func authorsFrom(c *Citation, segs []segment) {
	var org []string
	for _, s := range segs {
		if isReferenceWork(s.text) && c.Container == "" {
			c.Container = cleanTitle(s.text)
			continue
		}
		if isNameList(s.text) {
			a, etal := splitAuthors(s.text)
			c.Authors = append(c.Authors, a...)
			c.EtAl = c.EtAl || etal
		} else {
			org = append(org, cleanTitle(s.text))
		}
	}
	if len(org) > 0 {
		c.Authors = append(c.Authors, strings.Join(org, ", "))
	}
}

func restInto(c *Citation, segs []segment) {
	parts := []string{}
	if c.Container != "" {
		parts = append(parts, c.Container)
	}
	for _, s := range segs {
		parts = append(parts, cleanTitle(s.text))
	}
	if len(parts) > 0 {
		c.Container = strings.Join(parts, ", ")
	}
}

func startsLowerWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func isReferenceWork(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "encyclop") || strings.Contains(l, "britannica") || strings.Contains(l, "wikipedia") || strings.Contains(l, "dictionary")
}

// cleanTitle strips emphasis marks, surrounding quotes and stray punctuation.
func cleanTitle(s string) string {
	s = strings.ReplaceAll(s, "*", "")
	s = strings.TrimSpace(s)
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"‘", "’"}, {"'", "'"}} {
		if strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) && len(s) > len(q[0])+len(q[1]) {
			s = strings.TrimSuffix(strings.TrimPrefix(s, q[0]), q[1])
		}
	}
	s = strings.TrimSpace(strings.TrimRight(s, " ,;"))
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, " N.") && !abbrevEnd(s) {
		s = strings.TrimSuffix(s, ".")
	}
	return strings.Join(strings.Fields(s), " ")
}

// abbrevEnd reports a trailing abbreviation ("Rels.", "Serv.", "Found.") whose period belongs.
func abbrevEnd(s string) bool {
	i := strings.LastIndexAny(s, " ")
	w := s[i+1:]
	if len(w) <= 2 {
		return true // "N.", "U.S."
	}
	switch strings.ToLower(w) {
	case "rels.", "serv.", "found.", "inst.", "ctr.", "stud.", "affs.", "int'l.", "co.", "inc.", "ltd.", "univ.", "dep't.", "rsch.", "l.", "rev.", "j.", "doc.", "res.":
		return true
	}
	return strings.Count(w, ".") >= 2
}

var nameStop = map[string]bool{
	"north": true, "south": true, "east": true, "west": true, "korea": true, "korean": true, "russia": true,
	"russian": true, "ukraine": true, "china": true, "united": true, "nations": true, "states": true,
	"council": true, "report": true, "news": true, "says": true, "the": true, "of": true, "for": true,
	"security": true, "international": true, "court": true, "tribunal": true, "ministry": true,
	"department": true, "government": true, "agency": true, "institute": true, "center": true,
	"centre": true, "foundation": true, "program": true, "project": true, "office": true,
	"committee": true, "commission": true, "assembly": true, "panel": true, "experts": true,
	"statute": true, "treaty": true, "resolution": true, "res.": true, "doc.": true, "agreement": true,
	"house": true, "university": true, "press": true, "times": true, "post": true, "journal": true,
	"review": true, "law": true, "war": true, "summit": true, "in": true, "on": true, "to": true,
	"is": true, "at": true, "with": true, "from": true, "new": true, "world": true, "europe": true,
	"britannica": true, "encyclopædia": true, "encyclopedia": true, "guardian": true, "reuters": true,
	"prosecutor": true, "v.": true, "v": true, "judgment": true, "judgement": true, "appeals": true,
	"chamber": true, "trial": true, "decision": true, "says,": true, "leader": true, "newsroom": true,
	"army": true, "missile": true, "deal": true, "troops": true, "rights": true, "human": true,
}

var particles = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true, "bin": true, "ibn": true, "al": true, "da": true, "di": true, "du": true, "le": true, "la": true, "dos": true, "del": true, "y": true}

// isNameList reports whether s reads as one or more personal names ("Tom Balmforth & Mariano
// Zafra", "Emma Chanlett-Avery et al.").
func isNameList(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "*\"“”?!:()0123456789") {
		return false
	}
	names, _ := splitAuthors(s)
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if !isPersonName(n) {
			return false
		}
	}
	return true
}

func isPersonName(n string) bool {
	toks := strings.Fields(n)
	if len(toks) < 2 || len(toks) > 5 || len(n) > 48 {
		return false
	}
	caps := 0
	for _, t := range toks {
		lt := strings.ToLower(t)
		if nameStop[lt] {
			return false
		}
		if particles[lt] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t)
		if !unicode.IsUpper(r) {
			return false
		}
		if strings.HasSuffix(lt, "'s") || strings.HasSuffix(lt, "’s") {
			return false
		}
		// all-capital acronyms (CNN, ICTY) are not names; initials ("M.", "J.D.") are
		if len(t) > 1 && upperOnly(t) && !strings.Contains(t, ".") {
			return false
		}
		caps++
	}
	return caps >= 2
}

func upperOnly(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// splitAuthors splits "A, B & C et al." into names and reports "et al.".
func splitAuthors(s string) ([]string, bool) {
	etal := false
	s = strings.TrimSpace(s)
	for _, suf := range []string{"et al.", "et al", "and others"} {
		if strings.HasSuffix(s, suf) {
			etal = true
			s = strings.TrimSpace(strings.TrimSuffix(s, suf))
			s = strings.TrimRight(s, ", ")
		}
	}
	s = strings.ReplaceAll(s, " & ", ",")
	s = strings.ReplaceAll(s, " and ", ",")
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, etal
}

// splitTop splits s at sep outside parentheses, brackets, quotation marks and *italics*.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	italic, quoted := false, false
	useItalic := strings.Count(s, "*")%2 == 0
	useQuote := strings.Count(s, `"`)%2 == 0
	curly := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '(' || ch == '[':
			depth++
		case ch == ')' || ch == ']':
			if depth > 0 {
				depth--
			}
		case ch == '*' && useItalic:
			italic = !italic
		case ch == '"' && useQuote:
			quoted = !quoted
		case strings.HasPrefix(s[i:], "“"):
			curly++
		case strings.HasPrefix(s[i:], "”"):
			if curly > 0 {
				curly--
			}
		case ch == sep && depth == 0 && !italic && !quoted && curly == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// classify sets the citation kind from its fields.
func classify(c *Citation) {
	if c.Kind == KindCase || c.Kind == KindUNDocument {
		if c.Kind == KindCase {
			caseFields(c)
		}
		return
	}
	// UN documents written without italics: "Human Rights Council, Report of ..., U.N. Doc."
	if c.Symbol != "" && !c.Italic && len(c.Authors) == 0 && c.Title != "" && c.Container != "" {
		if reUNOrg.MatchString(c.Title) && !strings.Contains(c.Title, "Res") {
			c.Authors = []string{c.Title}
			c.Title = c.Container
		} else {
			c.Title = c.Title + ", " + c.Container
			if !strings.HasSuffix(c.Title, ".") && reUNAbbrevEnd.MatchString(c.Title) {
				c.Title += "."
			}
		}
		c.Container = ""
	}
	// A publisher in parentheses with no institutional word is the website: (EJIL:Talk!, 3 March 2022).
	if c.Publisher != "" && c.Container == "" && c.URL != "" && !hasOrgWord(strings.ToLower(c.Publisher)) && len(strings.Fields(c.Publisher)) <= 3 {
		c.Container, c.Publisher = c.Publisher, ""
	}
	if isNews(strings.ToLower(c.Container)) && c.Publisher != "" && len(strings.Fields(c.Publisher)) == 1 {
		c.Publisher = "" // the place of publication: (London, 19 June 2024)
	}
	// A book: "Title 309 (2017)" or "Title (3rd edn, OUP 2013) 214".
	if c.URL == "" && c.Container == "" && len(c.Authors) > 0 && (len(c.Issued) == 4 || isBookPublisher(c.Publisher)) {
		if m := reTrailNum.FindStringSubmatchIndex(c.Title); m != nil && c.Locator == "" {
			c.Locator = c.Title[m[2]:m[3]]
			c.Title = strings.TrimSpace(c.Title[:m[0]])
		}
		c.Kind = KindBook
		return
	}
	lt := strings.ToLower(c.Title)
	lc := strings.ToLower(c.Container)
	lp := strings.ToLower(c.Publisher)
	treaty := reTreatyWord.MatchString(lt)
	if treaty && len(c.Authors) == 0 && c.Container != "" && len(c.Container) <= 24 && strings.Contains(c.Container, ".") && !isNews(lc) {
		c.Container, lc = "", "" // the parties: "Russ.-N. Kor."
	}
	switch {
	case c.Symbol != "":
		c.Kind = KindUNDocument
	case reVersus.MatchString(" "+c.Title+" ") && len(c.Authors) == 0:
		c.Kind = KindCase
		caseFields(c)
	case isReferenceWork(c.Container):
		c.Kind = KindEncyclopedia
	case c.Container == "" && len(c.Authors) == 0 && treaty:
		c.Kind = KindStatute
	case reJournal.MatchString(strings.TrimRight(c.Container, ". ")) || strings.Contains(lc, "journal") || strings.Contains(lc, "review") || strings.Contains(lc, " l. rev") || strings.Contains(lc, "quarterly") || strings.Contains(lc, "yearbook"):
		c.Kind = KindArticle
	case isNews(lc):
		c.Kind = KindNews
	case isBookPublisher(lp):
		c.Kind = KindBook
	case c.Number != "" || c.Publisher != "" || hasOrgWord(lc) || len(c.Authors) == 1 && c.Container == "" && hasOrgWord(strings.ToLower(c.Authors[0])):
		c.Kind = KindReport
		if c.Publisher == "" && c.Container != "" && !c.series {
			c.Publisher, c.Container = c.Container, ""
		}
	case c.URL != "":
		c.Kind = KindWeb
	default:
		c.Kind = KindUnknown
	}
}

// parseCase reads a case citation: case name, court, case number, decision date.
func parseCase(c *Citation, head string) {
	c.Kind = KindCase
	if m := reCaseNo.FindStringSubmatchIndex(head); m != nil {
		c.Number = strings.TrimRight(head[m[2]:m[3]], ".")
	}
	head = parseIssued(c, head, "")
	if c.Issued == "" {
		// ICJ reports: "2005 I.C.J. 168, ¶ 165 (Dec. 19)".
		if m := reICJYear.FindStringSubmatch(head); m != nil {
			if d := reMonthDayParen.FindStringSubmatch(head); d != nil {
				if e, ok := ParseDate(d[1] + ", " + m[1]); ok {
					c.Issued, c.IssuedText = e, d[1]+", "+m[1]
				}
			}
		}
	}
	if c.Publisher != "" && reCaseNo.MatchString(c.Publisher) {
		c.Publisher = ""
	}
	segs := splitTop(head, ',')
	title := -1
	for i, s := range segs {
		if reVersus.MatchString(" " + s + " ") {
			title = i
			break
		}
	}
	if title < 0 {
		for i, s := range segs {
			if reCaseNo.MatchString(s) {
				title = i
				break
			}
		}
	}
	if title < 0 {
		title = 0
	}
	t := segs[title]
	if i := strings.IndexAny(t, "("); i > 0 {
		t = t[:i]
	}
	if m := reCaseNo.FindStringIndex(t); m != nil {
		t = t[:m[0]]
	}
	t = strings.TrimSuffix(strings.TrimSpace(t), "Case No.")
	c.Title = cleanTitle(t)
	for _, s := range segs[:title] {
		s = strings.TrimSpace(s)
		if s != "" && upperOnly(strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), ".", "")) && c.Publisher == "" {
			c.Publisher = s
		}
	}
}

// caseFields moves a court abbreviation out of the title of a case citation.
func caseFields(c *Citation) {
	if c.Title == "" && len(c.Authors) > 0 {
		c.Title = c.Authors[len(c.Authors)-1]
		c.Authors = c.Authors[:len(c.Authors)-1]
	}
	if len(c.Authors) > 0 && c.Publisher == "" {
		c.Publisher = strings.Join(c.Authors, ", ")
		c.Authors = nil
	}
	if i := strings.IndexAny(c.Title, "("); i > 0 {
		c.Title = strings.TrimSpace(c.Title[:i])
	}
	if c.Container != "" && c.Publisher == "" && upperOnly(strings.ReplaceAll(c.Container, " ", "")) {
		c.Publisher, c.Container = c.Container, ""
	}
}

func isBookPublisher(p string) bool {
	l := strings.ToLower(p)
	for _, w := range []string{"press", "publishing", "books", "univ.", "oup", "cup", "verlag", "hart", "brill", "nijhoff", "routledge", "elgar"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func isNews(lc string) bool {
	if lc == "" {
		return false
	}
	for _, n := range newsOutlets {
		if lc == n || strings.HasPrefix(lc, n+" ") || strings.HasSuffix(lc, " "+n) {
			return true
		}
	}
	return false
}

func hasOrgWord(l string) bool {
	for _, w := range orgWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}
