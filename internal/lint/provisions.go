package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Provisions answers whether a cited provision exists. ref is written
// "<instrument> art. <article><paragraphs>", for example "Rome Statute art. 25(3)(c)" or
// "UN Charter art. 51"; instruments are "Rome Statute", "UN Charter", "ICTY Statute",
// "ICTR Statute" and "SCSL Statute". canonical is the provision's preferred spelling; when ok is
// false, suggestion names an existing provision the writer probably meant (or is empty).
// internal/law satisfies it through an adapter over ParseProvisionRef and Canonical.
type Provisions interface {
	Exists(ref string) (canonical string, ok bool, suggestion string)
}

// instrumentSpec describes the articles of one instrument that the built-in table knows.
type instrumentSpec struct {
	max    int                 // highest article number
	extra  []string            // additional articles ("8 bis")
	paths  map[string][]string // article -> valid paragraph paths; absent: unchecked
	closed map[string]bool     // articles whose paths are exhaustive at every depth
}

func seq(prefix string, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("%s(%d)", prefix, i))
	}
	return out
}

func letters(prefix string, from, to byte) []string {
	var out []string
	for c := from; c <= to; c++ {
		out = append(out, fmt.Sprintf("%s(%c)", prefix, c))
	}
	return out
}

func cat(xs ...[]string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x...)
	}
	return out
}

// builtinTable covers the provisions the reference materials cite: the Rome Statute articles on
// jurisdiction, aggression, liability and standards of proof, the UN Charter, and the liability
// articles of the ICTY, ICTR and SCSL statutes.
var builtinTable = map[string]instrumentSpec{
	"Rome Statute": {
		max:   128,
		extra: []string{"8 bis", "15 bis", "15 ter"},
		paths: map[string][]string{
			"5":      cat([]string{"(1)"}, letters("(1)", 'a', 'd')),
			"8":      cat(seq("", 1, 3), letters("(2)", 'a', 'f')),
			"8 bis":  cat(seq("", 1, 2), letters("(2)", 'a', 'g')),
			"12":     cat(seq("", 1, 3), letters("(2)", 'a', 'b')),
			"13":     letters("", 'a', 'c'),
			"15 bis": seq("", 1, 10),
			"15 ter": seq("", 1, 5),
			"25":     cat(seq("", 1, 4), letters("(3)", 'a', 'f'), []string{"(3 bis)", "(3)(d)(i)", "(3)(d)(ii)"}),
			"27":     seq("", 1, 2),
			"28":     cat(letters("", 'a', 'b'), []string{"(a)(i)", "(a)(ii)", "(b)(i)", "(b)(ii)", "(b)(iii)"}),
			"30":     cat(seq("", 1, 3), letters("(2)", 'a', 'b')),
			"58":     cat(seq("", 1, 7), letters("(1)", 'a', 'b')),
			"61":     seq("", 1, 11),
			"66":     seq("", 1, 3),
		},
		closed: map[string]bool{"5": true, "8 bis": true, "12": true, "13": true, "15 bis": true, "15 ter": true, "25": true, "27": true, "28": true, "30": true, "58": true, "61": true, "66": true},
	},
	"UN Charter": {
		max:    111,
		paths:  map[string][]string{"2": seq("", 1, 7), "51": nil},
		closed: map[string]bool{"2": true, "51": true},
	},
	"ICTY Statute": {max: 34, paths: map[string][]string{"7": seq("", 1, 4)}, closed: map[string]bool{"7": true}},
	"ICTR Statute": {max: 32, paths: map[string][]string{"6": seq("", 1, 4)}, closed: map[string]bool{"6": true}},
	"SCSL Statute": {max: 25, paths: map[string][]string{"6": seq("", 1, 5)}, closed: map[string]bool{"6": true}},
}

type builtinProvisions struct{}

// BuiltinProvisions returns the fallback provision table used when no law library is wired.
func BuiltinProvisions() Provisions { return builtinProvisions{} }

var (
	reRef      = regexp.MustCompile(`^(.+?)\s+art\.\s+(\d{1,3})(?:\s*(bis|ter|quater))?((?:\s*\(\s*[0-9a-zA-Z]{1,6}(?:\s+bis)?\s*\))*)$`)
	reRefParts = regexp.MustCompile(`\(\s*([0-9a-zA-Z]{1,6}(?:\s+bis)?)\s*\)`)
)

// provRef is a parsed provision reference.
type provRef struct {
	instrument string
	article    string // "25", "8 bis"
	parts      []string
}

func (r provRef) path() string {
	var b strings.Builder
	for _, p := range r.parts {
		b.WriteString("(" + p + ")")
	}
	return b.String()
}

func (r provRef) String() string {
	return r.instrument + " art. " + r.article + r.path()
}

// Display is the provision as a reader writes it: "Article 25(3)(c)".
func (r provRef) Display() string { return "Article " + r.article + r.path() }

func parseProvRef(ref string) (provRef, bool) {
	m := reRef.FindStringSubmatch(strings.TrimSpace(ref))
	if m == nil {
		return provRef{}, false
	}
	r := provRef{instrument: m[1], article: m[2]}
	if m[3] != "" {
		r.article += " " + strings.ToLower(m[3])
	}
	for _, p := range reRefParts.FindAllStringSubmatch(m[4], -1) {
		r.parts = append(r.parts, strings.ToLower(strings.Join(strings.Fields(p[1]), " ")))
	}
	return r, true
}

// Exists implements Provisions from the built-in table.
func (builtinProvisions) Exists(ref string) (string, bool, string) {
	r, ok := parseProvRef(ref)
	if !ok {
		return ref, false, ""
	}
	spec, known := builtinTable[r.instrument]
	if !known {
		return r.String(), true, ""
	}
	n, _ := strconv.Atoi(strings.Fields(r.article)[0])
	articleOK := false
	if !strings.Contains(r.article, " ") {
		articleOK = n >= 1 && n <= spec.max
	}
	for _, e := range spec.extra {
		if e == r.article {
			articleOK = true
		}
	}
	if !articleOK {
		return r.String(), false, ""
	}
	if len(r.parts) == 0 {
		return r.String(), true, ""
	}
	valid, listed := spec.paths[r.article]
	if !listed {
		return r.String(), true, ""
	}
	if pathOK(r.path(), valid, spec.closed[r.article]) {
		return r.String(), true, ""
	}
	// Suggest a reordering of the same parts that exists ("25(c)(3)" -> "25(3)(c)").
	for _, perm := range permutations(r.parts) {
		alt := r
		alt.parts = perm
		if pathOK(alt.path(), valid, spec.closed[r.article]) {
			return r.String(), false, alt.String()
		}
	}
	return r.String(), false, ""
}

func pathOK(p string, valid []string, closed bool) bool {
	for _, v := range valid {
		if v == p {
			return true
		}
		if !closed && strings.HasPrefix(p, v) {
			return true
		}
	}
	return false
}

func permutations(xs []string) [][]string {
	if len(xs) > 5 {
		return nil
	}
	var out [][]string
	var rec func(prefix, rest []string)
	rec = func(prefix, rest []string) {
		if len(rest) == 0 {
			out = append(out, append([]string(nil), prefix...))
			return
		}
		for i := range rest {
			next := append(append([]string(nil), rest[:i]...), rest[i+1:]...)
			rec(append(prefix, rest[i]), next)
		}
	}
	rec(nil, xs)
	return out
}

var (
	reArticleList = regexp.MustCompile(`(?i)\b(?:art(?:icle)?s?\.?)\s+(\d{1,3}(?:\s*(?:bis|ter|quater)\b)?(?:\s*\(\s*[0-9a-z]{1,6}(?:\s+bis)?\s*\))*(?:\s*(?:,|\band\b|&|\bor\b)\s*\d{1,3}(?:\s*(?:bis|ter|quater)\b)?(?:\s*\(\s*[0-9a-z]{1,6}(?:\s+bis)?\s*\))*)*)`)
	reListItem    = regexp.MustCompile(`(?i)(\d{1,3})(?:\s*(bis|ter|quater)\b)?((?:\s*\(\s*[0-9a-z]{1,6}(?:\s+bis)?\s*\))*)`)
	reInstrument  = regexp.MustCompile(`(?i)(rome statute|statute of the international criminal court|icc statute|charter of the united nations|united nations charter|u\.?n\.? charter|statute of the international criminal tribunal for the former yugoslavia|icty statute|statute of the icty|statute of the international criminal tribunal for rwanda|ictr statute|statute of the ictr|statute of the special court for sierra leone|scsl statute|\bthe statute\b|\btreaty\b|\bagreement\b|\bconvention\b|\bprotocol\b|\bresolution\b|\bcharter\b)`)
)

var instrumentPhrases = []string{
	"rome statute", "statute of the international criminal court", "icc statute", "charter of the united nations",
	"united nations charter", "u.n. charter", "un charter", "statute of the international criminal tribunal for the former yugoslavia",
	"icty statute", "statute of the icty", "statute of the international criminal tribunal for rwanda", "ictr statute",
	"statute of the ictr", "statute of the special court for sierra leone", "scsl statute", "the statute", "treaty",
	"agreement", "convention", "protocol", "resolution", "charter",
}

// asciiLower lower-cases ASCII letters only, so byte offsets are preserved.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func wordBoundary(s string, i int) bool {
	if i <= 0 || i >= len(s) {
		return true
	}
	c := s[i]
	return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')
}

// findInstruments returns the [start, end) offsets of instrument names, longest match first at
// each position, in text order (the same matches as reInstrument, without a regexp).
func findInstruments(text string) [][]int {
	low := asciiLower(text)
	var out [][]int
	for i := 0; i < len(low); i++ {
		if !wordBoundary(low, i-1) && i > 0 {
			continue
		}
		best := 0
		for _, ph := range instrumentPhrases {
			if len(ph) > best && strings.HasPrefix(low[i:], ph) && wordBoundary(low, i+len(ph)) {
				best = len(ph)
			}
		}
		if best > 0 {
			out = append(out, []int{i, i + best})
			i += best - 1
		}
	}
	return out
}

var reArticleQuick = regexp.MustCompile(`(?i)\bart(?:icle)?s?\.?\s+\d`)

var reOfThe = regexp.MustCompile(`(?i)^\s*,?\s*(?:of|in|under)\s+(?:the\s+)?`)

func instrumentName(m string) string {
	l := strings.ToLower(m)
	switch {
	case strings.Contains(l, "rome") || strings.Contains(l, "international criminal court") || strings.Contains(l, "icc"):
		return "Rome Statute"
	case strings.Contains(l, "yugoslavia") || strings.Contains(l, "icty"):
		return "ICTY Statute"
	case strings.Contains(l, "rwanda") || strings.Contains(l, "ictr"):
		return "ICTR Statute"
	case strings.Contains(l, "sierra leone") || strings.Contains(l, "scsl"):
		return "SCSL Statute"
	case strings.Contains(l, "united nations") || strings.Contains(l, "u.n.") || strings.Contains(l, "un charter") || l == "charter":
		return "UN Charter"
	case l == "the statute":
		return "" // same as the last named statute
	}
	return "other"
}

// provOcc is one provision cited in the text.
type provOcc struct {
	ref     provRef
	raw     string
	loc     Location
	exists  bool
	canon   string
	suggest string
}

// findProvisions extracts article citations with their instrument.
func (dc *docCtx) findProvisions() []provOcc {
	var out []provOcc
	last := "" // last instrument named in the document
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		text := p.Text
		insts := findInstruments(text)
		var arts [][]int
		if strings.Contains(asciiLower(text), "art") && reArticleQuick.MatchString(text) {
			arts = reArticleList.FindAllStringSubmatchIndex(text, -1)
		}
		for _, m := range arts {
			inst := ""
			explicit := true
			after := text[m[1]:min(len(text), m[1]+110)]
			if am := reOfThe.FindStringIndex(after); am != nil {
				if im := reInstrument.FindStringIndex(after[am[1]:]); im != nil && im[0] == 0 {
					inst = instrumentName(after[am[1]+im[0] : am[1]+im[1]])
				}
			}
			if inst == "" {
				before := text[max(0, m[0]-40):m[0]]
				if im := reInstrument.FindAllStringIndex(before, -1); len(im) > 0 {
					if strings.TrimSpace(before[im[len(im)-1][1]:]) == "" {
						inst = instrumentName(before[im[len(im)-1][0]:im[len(im)-1][1]])
					}
				}
			}
			if inst == "" {
				explicit = false
				// nearest instrument named earlier in the same sentence or paragraph
				sentStart := strings.LastIndexAny(text[:m[0]], ".;") + 1
				for _, im := range insts {
					if im[1] <= m[0] && im[0] >= sentStart {
						inst = instrumentName(text[im[0]:im[1]])
					}
				}
			}
			if inst == "" {
				inst = last
			}
			if inst == "" || inst == "other" {
				continue
			}
			list := text[m[2]:m[3]]
			for _, it := range reListItem.FindAllStringSubmatchIndex(list, -1) {
				r := provRef{instrument: inst, article: list[it[2]:it[3]]}
				if it[4] >= 0 {
					r.article += " " + strings.ToLower(list[it[4]:it[5]])
				}
				for _, pp := range reRefParts.FindAllStringSubmatch(list[it[6]:it[7]], -1) {
					r.parts = append(r.parts, strings.ToLower(strings.Join(strings.Fields(pp[1]), " ")))
				}
				off := m[2] + it[0]
				occ := provOcc{ref: r, raw: strings.TrimSpace(list[it[0]:it[1]]), loc: dc.atPara(p, off)}
				occ.canon, occ.exists, occ.suggest = dc.opts.Provisions.Exists(r.String())
				if !occ.exists && !explicit && existsElsewhere(dc.opts.Provisions, r) {
					continue // the instrument was only inferred, and another one has this article
				}
				out = append(out, occ)
			}
		}
		for _, im := range insts {
			if n := instrumentName(text[im[0]:im[1]]); n != "" && n != "other" {
				last = n
			}
		}
	}
	return out
}

// existsElsewhere reports whether the article exists in another known instrument.
func existsElsewhere(p Provisions, r provRef) bool {
	for name := range builtinTable {
		if name == r.instrument {
			continue
		}
		if _, listed := builtinTable[name].paths[r.article]; !listed && len(r.parts) > 0 {
			continue // the table cannot vouch for this paragraph in that instrument
		}
		alt := r
		alt.instrument = name
		if _, ok, _ := p.Exists(alt.String()); ok {
			return true
		}
	}
	return false
}

// checkProvisions: provisions that do not exist, and one provision written two ways.
func checkProvisions(dc *docCtx) {
	occs := dc.findProvisions()
	present := map[string][]Location{}
	for _, o := range occs {
		if o.exists {
			present[o.canon] = append(present[o.canon], o.loc)
		}
	}
	type key struct{ raw, sugg string }
	bad := map[key][]Location{}
	var order []key
	for _, o := range occs {
		if o.exists {
			continue
		}
		msg := fmt.Sprintf("%s %s does not exist", o.ref.instrument, o.ref.Display())
		sugg := "check the provision number"
		if o.suggest != "" {
			if s, ok := parseProvRef(o.suggest); ok {
				sugg = fmt.Sprintf("%s (%s)", s.Display(), "the same parts in the order the instrument uses")
			}
		}
		dc.add(Finding{Check: "provision-unknown", Severity: Error, Location: o.loc, Message: msg, Suggestion: sugg})
		k := key{o.ref.String(), o.suggest}
		if _, ok := bad[k]; !ok {
			order = append(order, k)
		}
		bad[k] = append(bad[k], o.loc)
	}
	for _, k := range order {
		good := present[k.sugg]
		if k.sugg == "" || len(good) == 0 {
			continue
		}
		r, _ := parseProvRef(k.raw)
		s, _ := parseProvRef(k.sugg)
		locs := bad[k]
		dc.add(Finding{Check: "provision-inconsistent", Severity: Warning, Location: locs[0],
			Message: fmt.Sprintf("%s is written two ways: %q (%d×, lines %s) and %q (%d×, lines %s)",
				s.Display(), s.Display(), len(good), lineList(good), r.Display(), len(locs), lineList(locs)),
			Suggestion: "write " + s.Display() + " everywhere", Related: append(append([]Location(nil), good...), locs[1:]...)})
	}
}

func lineList(ls []Location) string {
	var xs []int
	seen := map[int]bool{}
	for _, l := range ls {
		if !seen[l.Line] {
			seen[l.Line] = true
			xs = append(xs, l.Line)
		}
	}
	sort.Ints(xs)
	return joinInts(xs)
}
