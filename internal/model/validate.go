package model

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Problem is one thing wrong with a case: which record, which field (a path such as
// "excerpts[1].source"), what is wrong and how to fix it. The bundle reader maps Kind, ID and
// Field to a file and line.
type Problem struct {
	Kind    Kind   `json:"kind"`
	ID      string `json:"id"`
	Index   int    `json:"index"` // position of the record in its list (for records with no usable id)
	Field   string `json:"field"`
	Msg     string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Warning bool   `json:"warning,omitempty"` // reported, but does not refuse the case
}

func (p Problem) Error() string {
	s := fmt.Sprintf("%s %s: %s: %s", p.Kind, p.ID, p.Field, p.Msg)
	if p.Hint != "" {
		s += " (" + p.Hint + ")"
	}
	return s
}

// FieldError is a problem with one field, returned by checkers that do not know the record.
type FieldError struct {
	Field string
	Msg   string
	Hint  string
}

// ChargeChecker checks charges and findings against the law library. The assess package
// implements it; validation without one checks only the case's own references.
type ChargeChecker interface {
	// CheckCharge returns problems with a charge's crime, mode, forum or allegations.
	CheckCharge(c *Charge) []FieldError
	// Elements returns the ids of the elements the charge has (crime, mode, preconditions).
	Elements(c *Charge) ([]string, error)
}

// idPattern: lower-case letters, digits, and - _ . separators; starts with a letter or digit.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}$`)

// ValidID reports whether s is a usable record id (idPattern, matched by hand: it runs once per
// record of a bundle).
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			continue
		}
		if i > 0 && (c == '.' || c == '_' || c == '-') {
			continue
		}
		return false
	}
	return true
}

// Validate checks a whole case and returns every problem found, errors and warnings, in a stable
// order. law may be nil. It is Checker fed with the whole bundle.
func Validate(b *Bundle, law ChargeChecker) []Problem {
	c := NewChecker(law)
	for i := range b.Sources {
		c.Source(&b.Sources[i])
	}
	for i := range b.Captures {
		c.Capture(&b.Captures[i])
	}
	for i := range b.Actors {
		c.Actor(&b.Actors[i])
	}
	c.Case(&b.Case)
	for i := range b.Facts {
		c.Fact(&b.Facts[i])
	}
	for i := range b.Charges {
		c.Charge(&b.Charges[i])
	}
	for i := range b.Findings {
		c.Finding(&b.Findings[i])
	}
	for i := range b.Drafts {
		c.Draft(&b.Drafts[i])
	}
	return c.Problems()
}

// Errors returns only the problems that refuse a case.
func Errors(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// FigureSource is the source a figure is reported by: its own, else the fact's first supporting excerpt's.
func FigureSource(f *Fact, g *Figure) string {
	if g.Source != "" {
		return g.Source
	}
	for _, e := range f.Excerpts {
		if e.EffectiveStance() == Supports {
			return e.Source
		}
	}
	return ""
}

// CheckURL returns what is wrong with a URL, or "".
func CheckURL(s string) string {
	if strings.ContainsAny(s, " \t\n\"<>") {
		return fmt.Sprintf("malformed URL %q (contains a space, quote or angle bracket)", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Sprintf("malformed URL %q: %v", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Sprintf("URL %q is not http or https", s)
	}
	if u.Host == "" {
		return fmt.Sprintf("URL %q has no host", s)
	}
	if strings.Count(s, "(") != strings.Count(s, ")") {
		return fmt.Sprintf("URL %q has unbalanced parentheses", s)
	}
	return ""
}

func knownSourceKind(k SourceKind) bool {
	for _, x := range SourceKinds {
		if x == k {
			return true
		}
	}
	return false
}

func joinKinds() string {
	var s []string
	for _, k := range SourceKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

func keys[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func keysBool(m map[string]bool) []string { return keys(m) }

// suggest returns "did you mean X?" for the closest candidate within a small edit distance.
func suggest(s string, cands []string) string {
	best, bestD := "", 1<<30
	for _, c := range cands {
		if d := Levenshtein(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(2, len(s)/3) {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return ""
}

// Levenshtein is the edit distance between two strings, by runes.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
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
