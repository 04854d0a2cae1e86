package law

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Errors returned (wrapped in a *RefError) by ParseProvisionRef.
var (
	ErrNoSuchProvision   = errors.New("no such provision")
	ErrNotCarried        = errors.New("provision exists but its text is not in the library")
	ErrDeleted           = errors.New("provision has been deleted")
	ErrUnknownInstrument = errors.New("unknown instrument")
	ErrUnparsable        = errors.New("not a provision reference")
)

// RefError explains why a provision reference failed, with a suggestion when one can be made.
type RefError struct {
	Input      string
	Path       string // the path the input was read as, when it could be read
	Label      string // the path printed in the instrument's form
	Kind       error  // one of the Err* values above
	Suggestion string // the canonical label of the likely intended provision
	Detail     string
}

func (e *RefError) Error() string {
	what := e.Label
	if what == "" {
		what = strconv.Quote(e.Input)
	}
	msg := what + ": " + e.Kind.Error()
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Suggestion != "" {
		msg += " (did you mean " + e.Suggestion + "?)"
	}
	return msg
}

func (e *RefError) Unwrap() error { return e.Kind }

var (
	articleRe = regexp.MustCompile(`(?i)\b(?:articles?|arts?\.?)\s*([0-9]+)\s*(bis|ter|quater)?\b((?:\s*\(\s*[0-9a-z]+(?:\s*(?:bis|ter|quater))?\s*\))*)(?:\s*,?\s*(?:paragraph|para\.?|§)\s*([0-9]+)\s*(bis|ter|quater)?\b((?:\s*\(\s*[0-9a-z]+\s*\))*))?`)
	bareRe    = regexp.MustCompile(`(?i)^\s*([0-9]+)\s*(bis|ter|quater)?((?:\s*\(\s*[0-9a-z]+(?:\s*(?:bis|ter|quater))?\s*\))*)\s*$`)
	parenRe   = regexp.MustCompile(`\(\s*([0-9a-zA-Z]+(?:\s*(?:bis|ter|quater))?)\s*\)`)
	spaceRe   = regexp.MustCompile(`\s+`)
)

// ParseProvisionRef reads a provision reference, either a canonical path ("rome-statute/25/3/c") or free
// text ("Article 25(3)(c)", "Art. 8 bis(2)(a)", "art. 2(4) of the UN Charter", "Rome Statute, art. 25(3 bis)"),
// and returns the canonical path. A reference without an instrument name is read against the default
// instrument (the Rome Statute). It returns a *RefError when the provision does not exist (with a suggestion:
// "article 25(c)(3)" -> "Article 25(3)(c)"), when it exists but is not carried (the path is returned too),
// or when it has been deleted (the path is returned too).
func (l *Library) ParseProvisionRef(s string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" || len(in) > 500 {
		return "", &RefError{Input: s, Kind: ErrUnparsable, Detail: "empty or too long"}
	}
	if !strings.ContainsAny(in, " \t") && strings.Contains(in, "/") {
		id, rel, _ := strings.Cut(in, "/")
		inst := l.instruments[id]
		if inst == nil {
			return "", &RefError{Input: s, Kind: ErrUnknownInstrument, Detail: "instrument " + strconv.Quote(id) + "; " + l.hintIDs("instruments")}
		}
		segs := strings.Split(strings.ToLower(rel), "/")
		for _, sg := range segs {
			if !segRe.MatchString(sg) {
				return "", &RefError{Input: s, Kind: ErrUnparsable, Detail: "bad path segment " + strconv.Quote(sg)}
			}
		}
		return l.resolve(s, inst, segs)
	}
	if p, ok := l.labels[normLabel(in)]; ok {
		return l.resolve(s, l.provisions[p].Instrument, strings.Split(strings.TrimPrefix(p, l.provisions[p].Instrument.ID+"/"), "/"))
	}
	inst, rest := l.findInstrument(in)
	if inst == nil {
		if l.def == nil {
			return "", &RefError{Input: s, Kind: ErrUnknownInstrument, Detail: "no instrument named and no default instrument"}
		}
		inst = l.def
	}
	var segs []string
	if m := articleRe.FindStringSubmatch(rest); m != nil {
		segs = append(segs, strings.ToLower(m[1]+m[2]))
		segs = append(segs, parens(m[3])...)
		if m[4] != "" {
			segs = append(segs, strings.ToLower(m[4]+m[5]))
			segs = append(segs, parens(m[6])...)
		}
	} else if m := bareRe.FindStringSubmatch(rest); m != nil {
		segs = append(segs, strings.ToLower(m[1]+m[2]))
		segs = append(segs, parens(m[3])...)
	} else {
		return "", &RefError{Input: s, Kind: ErrUnparsable, Detail: `expected e.g. "Article 25(3)(c)" or "rome-statute/25/3/c"`}
	}
	return l.resolve(s, inst, segs)
}

func parens(s string) []string {
	var out []string
	for _, m := range parenRe.FindAllStringSubmatch(s, -1) {
		out = append(out, strings.ToLower(spaceRe.ReplaceAllString(m[1], "")))
	}
	return out
}

// findInstrument finds the longest instrument alias (or title) named in s and returns the instrument and s
// without it.
func (l *Library) findInstrument(s string) (*Instrument, string) {
	low := asciiLower(s) // same byte length as s, so indexes carry over
	var best *Instrument
	bestAt, bestLen := -1, 0
	for _, in := range l.Instruments {
		names := append([]string{in.Title, in.ShortTitle, in.ID}, in.Aliases...)
		for _, n := range names {
			n = asciiLower(strings.TrimSpace(n))
			if n == "" || len(n) <= bestLen {
				continue
			}
			if i := indexWord(low, n); i >= 0 {
				best, bestAt, bestLen = in, i, len(n)
			}
		}
	}
	if best == nil {
		return nil, s
	}
	return best, s[:bestAt] + " " + s[bestAt+bestLen:]
}

// asciiLower lower-cases ASCII letters only, keeping every byte offset.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// indexWord finds n in s at word boundaries.
func indexWord(s, n string) int {
	off := 0
	for {
		i := strings.Index(s[off:], n)
		if i < 0 {
			return -1
		}
		i += off
		before := i == 0 || !isWordByte(s[i-1])
		after := i+len(n) == len(s) || !isWordByte(s[i+len(n)])
		if before && after {
			return i
		}
		off = i + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// resolve decides whether a path exists, is deleted, is not carried, or does not exist.
func (l *Library) resolve(input string, inst *Instrument, segs []string) (string, error) {
	path := inst.ID + "/" + strings.Join(segs, "/")
	label := inst.LabelPrefix + refForm(strings.Join(segs, "/"))
	if p := l.provisions[path]; p != nil {
		if p.Deleted() {
			return path, &RefError{Input: input, Path: path, Label: p.Label, Kind: ErrDeleted, Detail: p.Note}
		}
		return path, nil
	}
	// Longest listed ancestor.
	for i := len(segs) - 1; i >= 1; i-- {
		anc := inst.ID + "/" + strings.Join(segs[:i], "/")
		if a := l.provisions[anc]; a != nil {
			if a.Partial {
				return path, &RefError{Input: input, Path: path, Label: label, Kind: ErrNotCarried, Detail: a.Label + " is carried only in part"}
			}
			return "", &RefError{Input: input, Path: path, Label: label, Kind: ErrNoSuchProvision,
				Detail: l.childrenHint(a), Suggestion: l.suggest(inst, segs)}
		}
	}
	// The article itself is not listed.
	if inst.Partial {
		if inst.Units == nil || inst.Units.has(segs[0]) {
			return path, &RefError{Input: input, Path: path, Label: label, Kind: ErrNotCarried, Detail: inst.ShortTitle + " is carried only in part"}
		}
	}
	return "", &RefError{Input: input, Path: path, Label: label, Kind: ErrNoSuchProvision, Detail: "not in " + inst.ShortTitle, Suggestion: l.suggest(inst, segs)}
}

func (l *Library) childrenHint(a *Provision) string {
	prefix := a.Path + "/"
	var kids []string
	for p := range l.provisions {
		if strings.HasPrefix(p, prefix) && !strings.Contains(p[len(prefix):], "/") {
			kids = append(kids, p[len(prefix):])
		}
	}
	if len(kids) == 0 {
		return a.Label + " has no sub-provisions"
	}
	sort.Slice(kids, func(i, j int) bool { return segLess(kids[i], kids[j]) })
	for i, k := range kids {
		kids[i] = "(" + spaceSuffix(k) + ")"
	}
	return a.Label + " has " + strings.Join(kids, ", ")
}

func segLess(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimRight(a, "abcdefghijklmnopqrstuvwxyz"))
	nb, eb := strconv.Atoi(strings.TrimRight(b, "abcdefghijklmnopqrstuvwxyz"))
	if ea == nil && eb == nil && na != nb {
		return na < nb
	}
	if len(a) != len(b) && ea == nil && eb == nil {
		return len(a) < len(b)
	}
	return a < b
}

// suggest proposes an existing provision whose segments are a rearrangement of the given ones (25(c)(3) ->
// 25(3)(c)), else one that differs in a single segment.
func (l *Library) suggest(inst *Instrument, segs []string) string {
	want := sortedCopy(segs[1:])
	var single []string
	for p, pr := range l.provisions {
		if pr.Instrument != inst {
			continue
		}
		ps := strings.Split(strings.TrimPrefix(p, inst.ID+"/"), "/")
		if len(ps) != len(segs) || ps[0] != segs[0] && len(segs) > 1 {
			continue
		}
		if len(segs) > 1 && equal(sortedCopy(ps[1:]), want) {
			return pr.Label
		}
		diff := 0
		for i := range ps {
			if ps[i] != segs[i] {
				diff++
			}
		}
		if diff == 1 && !pr.Deleted() {
			single = append(single, pr.Label)
		}
	}
	if len(single) == 1 {
		return single[0]
	}
	return ""
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// has reports whether an article number belongs to the instrument's numbering.
func (u *Units) has(seg string) bool {
	for _, x := range u.Extra {
		if x == seg {
			return true
		}
	}
	lo, hi, err := parseRange(u.Range)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(seg)
	return err == nil && n >= lo && n <= hi
}

func parseRange(r string) (int, int, error) {
	a, b, ok := strings.Cut(r, "-")
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || lo > hi {
		return 0, 0, fmt.Errorf("bad range %q", r)
	}
	return lo, hi, nil
}

// normLabel normalises a printed label for lookup: lower case, collapsed spaces, no spaces before "(".
func normLabel(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = spaceRe.ReplaceAllString(s, " ")
	return strings.ReplaceAll(s, " (", "(")
}
