package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/docimport"
)

// words returns the [start, end) offsets of words: letters, with inner apostrophes and hyphens.
func words(t string) [][2]int {
	var out [][2]int
	start := -1
	lastLetter := -1
	for i, r := range t {
		switch {
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
			lastLetter = i + utf8.RuneLen(r)
		case start >= 0 && (r == '\'' || r == '’' || r == '-'):
		default:
			if start >= 0 {
				out = append(out, [2]int{start, lastLetter})
				start = -1
			}
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, lastLetter})
	}
	return out
}

// wordOcc is one occurrence of a word in the body.
type wordOcc struct {
	para *docimport.Paragraph
	off  int
}

// structural words are headings' vocabulary, not names.
var structural = map[string]bool{"count": true, "court": true, "section": true, "article": true, "part": true, "annex": true, "crime": true, "crimea": true, "state": true, "states": true}

// commonWords are everyday English words one letter away from other everyday words; they are
// never reported as typos.
var commonWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`though through ties times form from lose loose tired tried sing sign hose host
		wit with whit their there three thee then than them they tax text fed feed led lead bed bread
		aid said paid maid laid raid road rod god good hid hide rid ride wide wid side sid tide tied
		lie lied die died tie cite site sit sited cited fist first lest least last lat cast cat
		even event ever every veer very ward war wars award word world works work fort forth
		plan plant plans plants sent scent spent send spend lend land hand hard card care core
		unit unite united units unto onto into in to too two tow owe own won ow now new news
		exit exist were where here here's there's fine find line lines mine mind kind kid kin
		stat state states start star stare store stone tone one once none done dome home hoe
		bit bite site sites write writ wrote rote rate rated late later plate place plane lane
		loan load lord ford fore four our hour sour pour poor door doer does dose lose lost
		most mist must mast past pat part party pary tart tar car cart chart char chair hair
		pair pain paint rain rein reign sign signs sing sting string strong song son sun
		sure use used user uses fuse fused reuse cause clause close clos lose rose those
		though tough trough rough cough bough bought brought fought sought thought
		sever severe seven even event events vent went want wan wane wand wind wine win`) {
		commonWords[w] = true
	}
}

var commonCaps = map[string]bool{
	"this": true, "that": true, "these": true, "those": true, "there": true, "their": true, "they": true,
	"then": true, "when": true, "with": true, "what": true, "where": true, "while": true, "which": true,
	"from": true, "into": true, "over": true, "under": true, "article": true, "articles": true,
}

func stripPossessive(w string) string {
	for _, s := range []string{"'s", "’s", "'", "’"} {
		w = strings.TrimSuffix(w, s)
	}
	return w
}

func inflection(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if !strings.HasPrefix(b, a) {
		return false
	}
	switch b[len(a):] {
	case "s", "es", "n", "an", "ian", "ese", "ern", "d", "ed", "ing", "ly", "er", "ers", "ness", "al", "e", "i":
		return true
	}
	return false
}

// checkNames: spelling variants of one name (places, people, States), by edit distance and
// against the case's actors and aliases.
func checkNames(dc *docCtx) {
	capCount := map[string]int{}
	capForm := map[string]string{}
	lowCount := map[string]int{}
	occ := map[string][]wordOcc{}
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if p.Kind == docimport.KindTOC {
			continue
		}
		for _, m := range words(p.Text) {
			w := stripPossessive(p.Text[m[0]:m[1]])
			r, _ := utf8.DecodeRuneInString(w)
			lw := strings.ToLower(w)
			if unicode.IsUpper(r) {
				if atSentenceStart(p.Text, m[0]) && commonCaps[lw] {
					continue
				}
				if upperOnly(w) && utf8.RuneCountInString(w) > 5 {
					continue // running capitals in captions
				}
				capCount[w]++
				capForm[lw] = w
			} else {
				lowCount[w]++
			}
			occ[w] = append(occ[w], wordOcc{p, m[0]})
		}
	}
	// Footnote text counts toward how common a spelling is, but is not reported.
	for _, f := range dc.doc.Footnotes {
		for _, m := range words(f.Text) {
			w := stripPossessive(f.Text[m[0]:m[1]])
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) {
				capCount[w]++
			}
		}
	}
	reported := map[string]bool{}
	report := func(rare, common string, why string) {
		if reported[rare] {
			return
		}
		reported[rare] = true
		os := occ[rare]
		if len(os) == 0 {
			return
		}
		o := os[0]
		var rel []Location
		for _, x := range os[1:] {
			rel = append(rel, dc.atPara(x.para, x.off))
		}
		dc.add(Finding{Check: "name-variant", Severity: Warning, Location: dc.atPara(o.para, o.off),
			Message:    fmt.Sprintf("%q (%d×) looks like a variant of %q (%d×)%s", rare, len(os), common, capCount[common]+lowCount[common], why),
			Suggestion: fmt.Sprintf("write %q", common), Related: rel})
	}
	// Capitalised names: a rare spelling one edit away from a common one.
	byLen := map[int][]string{}
	for _, w := range sortedKeys(capCount) {
		if capCount[w] >= 3 {
			n := utf8.RuneCountInString(w)
			byLen[n] = append(byLen[n], w)
		}
	}
	for _, rare := range sortedKeys(capCount) {
		rl := utf8.RuneCountInString(rare)
		if len(occ[rare]) == 0 || rl < 4 {
			continue
		}
		for n := rl - 1; n <= rl+1; n++ {
			for _, common := range byLen[n] {
				if common == rare || n < 4 || strings.EqualFold(common, rare) || capCount[common] < 2*capCount[rare] {
					continue
				}
				lr, lc := strings.ToLower(rare), strings.ToLower(common)
				if inflection(lr, lc) || strings.HasPrefix(lr, lc) || strings.HasPrefix(lc, lr) || structural[lr] || structural[lc] {
					continue
				}
				if upperOnly(rare) && upperOnly(common) && rl == n && levenshtein(lr, lc) == 1 {
					continue // acronyms one letter apart name different things (ICTY, ICTR); PDRK/DPRK is a transposition
				}
				if damerau(lr, lc) == 1 && !differentPeople(rare, common, occ) {
					report(rare, common, "")
				}
			}
		}
	}
	reportLow := func(rare, common string) {
		os := occ[rare]
		if len(os) == 0 || reported[rare] {
			return
		}
		reported[rare] = true
		dc.add(Finding{Check: "name-variant", Severity: Info, Location: dc.atPara(os[0].para, os[0].off),
			Message:    fmt.Sprintf("%q (used once) is one letter short of %q (%d×): a typo?", rare, common, lowCount[common]),
			Suggestion: fmt.Sprintf("write %q", common)})
	}
	// Lower-case typos: a word used once that is one dropped letter away from a word used
	// repeatedly.
	lowByLen := map[int][]string{}
	for _, w := range sortedKeys(lowCount) {
		if lowCount[w] >= 2 {
			n := utf8.RuneCountInString(w)
			lowByLen[n] = append(lowByLen[n], w)
		}
	}
	for _, rare := range sortedKeys(lowCount) {
		rl := utf8.RuneCountInString(rare)
		if lowCount[rare] != 1 || rl < 4 || commonWords[rare] {
			continue
		}
		for _, common := range lowByLen[rl+1] {
			if inflection(rare, common) || strings.HasPrefix(common, rare) || strings.HasSuffix(common, rare) {
				continue
			}
			if damerau(rare, common) == 1 && !droppedFromVowelPair(rare, common) {
				reportLow(rare, common)
			}
		}
	}
	dc.checkNameSequences()
	dc.checkActorNames(capCount, occ)
}

// droppedFromVowelPair reports whether short is long with one letter of a vowel pair dropped
// ("bars" from "bears", "war" from "wear", "for" from "four"): that nearly always leaves another
// English word, not a typo. A consonant dropped ("unis" from "units") is still reported.
func droppedFromVowelPair(short, long string) bool {
	if len(long) != len(short)+1 {
		return false
	}
	i := 0
	for i < len(short) && short[i] == long[i] {
		i++
	}
	if short[i:] != long[i+1:] {
		return false
	}
	vowel := func(j int) bool { return j >= 0 && j < len(long) && strings.IndexByte("aeiou", long[j]) >= 0 }
	return vowel(i) && (vowel(i-1) || vowel(i+1))
}

// differentPeople reports two surnames of different people: every use of rare follows a
// capitalised given name ("Tessa Wong") that never comes before common ("Kim Jong").
func differentPeople(rare, common string, occ map[string][]wordOcc) bool {
	given := func(o wordOcc) string {
		ws := words(o.para.Text[:o.off])
		if len(ws) == 0 {
			return ""
		}
		last := ws[len(ws)-1]
		if o.off-last[1] != 1 {
			return ""
		}
		w := o.para.Text[last[0]:last[1]]
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return ""
		}
		return w
	}
	names := map[string]bool{}
	for _, o := range occ[rare] {
		g := given(o)
		if g == "" {
			return false
		}
		names[g] = true
	}
	for _, o := range occ[common] {
		if names[given(o)] {
			return false
		}
	}
	return true
}

func atSentenceStart(t string, off int) bool {
	i := off - 1
	for i >= 0 && (t[i] == ' ' || t[i] == '"' || t[i] == '(') {
		i--
	}
	return i < 0 || strings.ContainsRune(".!?:", rune(t[i]))
}

// checkNameSequences: multi-word names whose last word differs by one letter ("Kim Jong II"
// beside "Kim Jong Il" / "Kim Jong-il").
func (dc *docCtx) checkNameSequences() {
	type seqOcc struct {
		raw  string
		loc  Location
		body bool
	}
	seqs := map[string][]seqOcc{}
	addText := func(t string, loc func(int) Location, body bool) {
		ws := words(t)
		// runs of capitalised words separated by single spaces; hyphenated parts count as words
		type tok struct{ start, end int }
		var run []tok
		flush := func() {
			for i := 0; i+3 <= len(run); i++ {
				raw := t[run[i].start:run[i+2].end]
				norm := strings.ToLower(strings.ReplaceAll(raw, "-", " "))
				seqs[norm] = append(seqs[norm], seqOcc{raw, loc(run[i].start), body})
			}
			run = run[:0]
		}
		for k, w := range ws {
			r, _ := utf8.DecodeRuneInString(t[w[0]:])
			if !unicode.IsUpper(r) || (k > 0 && (w[0]-ws[k-1][1] != 1 || t[ws[k-1][1]] != ' ')) {
				flush()
				if !unicode.IsUpper(r) {
					continue
				}
			}
			// split "Jong-il" into "Jong" and "il"
			a := w[0]
			for j := w[0]; j < w[1]; j++ {
				if t[j] == '-' {
					run = append(run, tok{a, j})
					a = j + 1
				}
			}
			run = append(run, tok{a, w[1]})
		}
		flush()
	}
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		addText(p.Text, func(o int) Location { return dc.atPara(p, o) }, true)
	}
	for _, f := range dc.doc.Footnotes {
		n := f.Number
		addText(f.Text, func(int) Location { return dc.atNote(n) }, false)
	}
	// Compare only sequences that share their first two words.
	groups := map[string][]string{}
	for _, k := range sortedKeys(seqs) {
		f := strings.Fields(k)
		if len(f) != 3 {
			continue
		}
		groups[f[0]+" "+f[1]] = append(groups[f[0]+" "+f[1]], k)
	}
	done := map[string]bool{}
	for _, g := range sortedKeys(groups) {
		keys := groups[g]
		if len(keys) < 2 {
			continue
		}
		for _, a := range keys {
			for _, b := range keys {
				if a >= b {
					continue
				}
				fa, fb := strings.Fields(a), strings.Fields(b)
				if levenshtein(fa[2], fb[2]) != 1 || len(fa[2]) < 2 {
					continue
				}
				// The variant is the one written with a capitalised roman numeral or used less often.
				ra, rb := seqs[a][0].raw, seqs[b][0].raw
				rare, common := a, b
				if strings.HasSuffix(rb, "II") || (len(seqs[b]) < len(seqs[a]) && !strings.HasSuffix(ra, "II")) {
					rare, common = b, a
				}
				if done[rare] {
					continue
				}
				var bodyOcc *seqOcc
				for i := range seqs[rare] {
					if seqs[rare][i].body {
						bodyOcc = &seqs[rare][i]
						break
					}
				}
				if bodyOcc == nil {
					continue
				}
				done[rare] = true
				want := seqs[common][0].raw
				why := ""
				if strings.HasSuffix(bodyOcc.raw, "II") {
					why = " (a Roman numeral II where the name ends in \"Il\")"
				}
				dc.add(Finding{Check: "name-variant", Severity: Warning, Location: bodyOcc.loc,
					Message:    fmt.Sprintf("%q looks like a misspelling of %q%s", bodyOcc.raw, want, why),
					Suggestion: fmt.Sprintf("write %q", titleWords(strings.ReplaceAll(want, "-", " ")))})
			}
		}
	}
}

// checkActorNames: words or word sequences close to a case actor's name or alias without being one.
func (dc *docCtx) checkActorNames(capCount map[string]int, occ map[string][]wordOcc) {
	if len(dc.opts.Names) == 0 {
		return
	}
	known := map[string]string{}
	for _, n := range dc.opts.Names {
		known[strings.ToLower(n.Canonical)] = n.Canonical
		for _, a := range n.Aliases {
			known[strings.ToLower(a)] = n.Canonical
		}
	}
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		toks := words(p.Text)
		for i := range toks {
			for n := 1; n <= 4 && i+n <= len(toks); n++ {
				a, b := toks[i][0], toks[i+n-1][1]
				cand := p.Text[a:b]
				r, _ := utf8.DecodeRuneInString(cand)
				if !unicode.IsUpper(r) {
					break
				}
				lc := strings.ToLower(stripPossessive(cand))
				if _, ok := known[lc]; ok {
					continue
				}
				for k, canon := range known {
					if utf8.RuneCountInString(k) < 4 || abs(len(k)-len(lc)) > 2 {
						continue
					}
					lim := 1
					if utf8.RuneCountInString(k) >= 8 {
						lim = 2
					}
					if inflection(lc, k) {
						continue
					}
					if d := damerauFull(lc, k); d > 0 && d <= lim {
						dc.add(Finding{Check: "name-variant", Severity: Warning, Location: dc.atPara(p, a),
							Message:    fmt.Sprintf("%q is close to the case's name %q but not one of its accepted spellings", cand, canon),
							Suggestion: fmt.Sprintf("write %q (or add the spelling to the actor's aliases)", canon)})
					}
				}
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func upperOnly(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

var (
	reProperRun = regexp.MustCompile(`(?:[A-Z][\w'’-]*)(?:\s+(?:(?:of|for|on|the|and|against|in|to)\s+)*[A-Z][\w'’-]*)*`)
	reHeadWord  = regexp.MustCompile(`\b(Treaty|Agreement|Tribunal|Statute|Convention|Charter|Pact|Court|Accord)\b`)
)

// leadWords are words that open a sentence before a name without being part of it.
var leadWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`before after under in on at by for with from since unlike like against through
		until during within without beyond as while when if unless although because whereas later also
		but and or nor so yet thus hence however moreover meanwhile both neither either whether per upon
		once then today now here there where whom whose which that this these those`) {
		leadWords[w] = true
	}
}

// checkTreatyNames: one treaty, court or agreement named two ways ("Comprehensive Strategic
// Partnership Treaty" and "Comprehensive Partnership Treaty").
func checkTreatyNames(dc *docCtx) {
	type nameOcc struct {
		raw string
		loc Location
	}
	names := map[string][]nameOcc{}
	for pi := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[pi]
		if p.Kind == docimport.KindTOC || p.Kind == docimport.KindHeading {
			continue
		}
		for _, m := range reProperRun.FindAllStringIndex(p.Text, -1) {
			raw := p.Text[m[0]:m[1]]
			if !reHeadWord.MatchString(raw) {
				continue
			}
			ws := strings.Fields(strings.ToLower(raw))
			if len(ws) > 2 && ws[1] == "the" && !reHeadWord.MatchString(strings.Fields(raw)[0]) {
				ws = ws[2:] // "Later the Comprehensive ... Treaty"
			}
			for len(ws) > 1 && leadWords[ws[0]] {
				ws = ws[1:] // "Before International Criminal Court …": a capitalised first word of the sentence
			}
			if len(ws) > 0 && ws[0] == "the" {
				ws = ws[1:]
			}
			if len(ws) < 3 {
				continue
			}
			k := strings.Join(ws, " ")
			names[k] = append(names[k], nameOcc{raw, dc.atPara(p, m[0])})
		}
	}
	keys := sortedKeys(names)
	low := strings.ToLower(dc.body)
	count := map[string]int{}
	for _, k := range keys {
		count[k] = strings.Count(low, k)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return len(keys[i]) > len(keys[j])
	})
	reported := map[string]bool{}
	for i, a := range keys {
		for _, b := range keys[i+1:] {
			if reported[b] {
				continue
			}
			wa, wb := strings.Fields(a), strings.Fields(b)
			ha, hb := reHeadWord.FindString(names[a][0].raw), reHeadWord.FindString(names[b][0].raw)
			if ha != hb || wordDistance(wa, wb) != 1 {
				continue
			}
			reported[b] = true
			o := names[b][0]
			dc.add(Finding{Check: "name-variant", Severity: Warning, Location: o.loc,
				Message:    fmt.Sprintf("%q is also called %q (line %d): one name, written two ways", o.raw, names[a][0].raw, names[a][0].loc.Line),
				Suggestion: fmt.Sprintf("use the instrument's exact name everywhere (%q?)", names[a][0].raw), Related: []Location{names[a][0].loc}})
		}
	}
}

// wordDistance is the Levenshtein distance over words.
func wordDistance(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// titleWords capitalises each word ("Kim Jong il" -> "Kim Jong Il").
func titleWords(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		r, sz := utf8.DecodeRuneInString(w)
		f[i] = string(unicode.ToUpper(r)) + w[sz:]
	}
	return strings.Join(f, " ")
}
