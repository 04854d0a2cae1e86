package docimport

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	reRomanHead   = regexp.MustCompile(`^((?:X{0,3})(?:IX|IV|V?I{0,3}))\.\s+\S`)
	reCountHead   = regexp.MustCompile(`^(?i:count)\s+(\d{1,3})\b`)
	reArabicHead  = regexp.MustCompile(`^(\d{1,2})\.\s+\S`)
	reNumberedPar = regexp.MustCompile(`^(?:[-•–]\s+)?(\d{1,4})[.)]\s+(\S.*)$`)
	reLoneNumber  = regexp.MustCompile(`^(\d{1,3})\.$`)
	reHTMLInline  = regexp.MustCompile(`</?(?:u|b|i|em|strong|sup|sub|span)>`)
	reDateParen   = regexp.MustCompile(`\((?:[^()]*\b)?(?:1[6-9]|20)\d\d\)`)
)

// superscript digit runes and their values.
func supDigit(r rune) (int, bool) {
	switch r {
	case '⁰':
		return 0, true
	case '¹':
		return 1, true
	case '²':
		return 2, true
	case '³':
		return 3, true
	}
	if r >= '⁴' && r <= '⁹' {
		return int(r-'⁴') + 4, true
	}
	return 0, false
}

func isSup(r rune) bool { _, ok := supDigit(r); return ok }

// supNumber parses a run of superscript digits at the start of s; it returns the value, the
// byte length consumed and whether a run was found. Runs longer than 4 digits are rejected.
func supNumber(s string) (int, int, bool) {
	n, i, digits := 0, 0, 0
	for i < len(s) {
		r, sz := utf8.DecodeRuneInString(s[i:])
		d, ok := supDigit(r)
		if !ok {
			break
		}
		n = n*10 + d
		i += sz
		digits++
	}
	if digits == 0 || digits > 4 {
		return 0, 0, false
	}
	return n, i, true
}

// bracedMarker parses "^{12}" or "^{2*}" at the start of s.
func bracedMarker(s string) (num int, label string, size int, ok bool) {
	if !strings.HasPrefix(s, "^{") {
		return 0, "", 0, false
	}
	end := strings.IndexByte(s, '}')
	if end < 3 || end > 8 {
		return 0, "", 0, false
	}
	lab := s[2:end]
	digits := strings.TrimSuffix(lab, "*")
	if digits == "" {
		return 0, "", 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, "", 0, false
		}
	}
	v, err := strconv.Atoi(digits)
	if err != nil {
		return 0, "", 0, false
	}
	return v, lab, end + 1, true
}

// footnoteStart reports whether trimmed text begins a footnote body and returns its number,
// raw label and the remaining text.
func footnoteStart(t string) (num int, label, rest string, ok bool) {
	if n, sz, ok := supNumber(t); ok {
		return n, t[:sz], strings.TrimSpace(t[sz:]), true
	}
	if n, lab, sz, ok := bracedMarker(t); ok {
		return n, lab, strings.TrimSpace(t[sz:]), true
	}
	return 0, "", "", false
}

// isSeparator reports lines made only of rule characters ("_", "-", "—", "⁻").
func isSeparator(t string) bool {
	if t == "" {
		return false
	}
	for _, r := range t {
		switch r {
		case '_', '-', '—', '–', '⁻', '*', '=', ' ':
		default:
			return false
		}
	}
	return true
}

// isPageNumber reports a line holding only a page number.
func isPageNumber(t string) bool {
	if t == "" || len(t) > 12 {
		return false
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9') && !isSup(r) {
			return false
		}
	}
	return true
}

// looksLikeCitation is a cheap test for footnote-like text.
func looksLikeCitation(t string) bool {
	lt := strings.ToLower(t)
	return strings.Contains(lt, "http") || strings.Contains(lt, "last visited") ||
		strings.Contains(t, "Id.") || strings.Contains(lt, "supra") || reDateParen.MatchString(t)
}

// cleanInline removes inline HTML and emphasis markers from body text.
func cleanInline(s string) string {
	s = reHTMLInline.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "*", "")
	s = strings.ReplaceAll(s, `\$`, "$")
	return s
}

// headingText reports whether a single line of body text is a heading, and its kind.
func isHeadingText(t string) bool {
	t, _ = extractMarkers(cleanInline(t))
	t = strings.TrimSpace(t)
	if t == "" || len(t) > 200 {
		return false
	}
	if m := reRomanHead.FindStringSubmatch(t); m != nil && m[1] != "" && len(t) < 160 {
		return true
	}
	if reCountHead.MatchString(t) && len(t) < 200 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	terminal := strings.ContainsRune(".;,!?\"”", last)
	words := strings.Fields(t)
	if len(words) == 0 {
		return false
	}
	if m := reArabicHead.FindStringSubmatch(t); m != nil {
		if len(t) < 100 && !terminal && len(words) <= 14 && titleish(words[1:]) {
			return true
		}
		return false
	}
	if len(t) < 120 && upperRatio(t) >= 0.8 && letterCount(t) >= 4 && last != '.' {
		return true
	}
	if len(t) < 100 && !terminal && len(words) <= 12 && titleish(words) {
		return true
	}
	return false
}

func titleish(words []string) bool {
	long, caps := 0, 0
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if len(w) <= 3 && i > 0 {
			continue
		}
		long++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	if long == 0 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(words[0])
	return unicode.IsUpper(first) && float64(caps)/float64(long) >= 0.6
}

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func upperRatio(s string) float64 {
	up, all := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			all++
			if unicode.IsUpper(r) {
				up++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(up) / float64(all)
}

// endsUnfinished reports whether paragraph text stops mid-sentence.
func endsUnfinished(t string) bool {
	t = strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsSpace(r) })
	if t == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return !strings.ContainsRune(".!?:;\"”'’)]", last)
}

func startsLower(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r)
}

// extractMarkers removes footnote markers (superscript runs, ^{N}) from a line of body text and
// returns the cleaned text plus marker numbers and offsets within it.
func extractMarkers(s string) (string, []Marker) {
	var b strings.Builder
	var marks []Marker
	for i := 0; i < len(s); {
		if n, sz, ok := supNumber(s[i:]); ok {
			marks = append(marks, Marker{Number: n, Label: s[i : i+sz], Offset: b.Len()})
			i += sz
			continue
		}
		if n, lab, sz, ok := bracedMarker(s[i:]); ok {
			marks = append(marks, Marker{Number: n, Label: lab, Offset: b.Len()})
			i += sz
			continue
		}
		if strings.HasPrefix(s[i:], "^{") { // a superscript artifact that is not a marker
			i += 2
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), marks
}

// normSpace collapses runs of spaces.
func normSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
