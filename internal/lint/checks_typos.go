package lint

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/docimport"
)

// reRunOn finds a closing quotation followed by a capitalised sentence adverb with no full stop
// between them: `his "dearest comrade" Militarily, North Korea …`.
var reRunOn = regexp.MustCompile(`[\p{L}]["”] (?:[A-Z][a-z]+ly|However|Meanwhile|Moreover|Nevertheless|Additionally|Furthermore|Thus|Then|Later),`)

// checkTypos: words glued together ("PutinAlly", "ChamberIII") and sentences run together after
// a quotation.
func checkTypos(dc *docCtx) {
	vocab := map[string]int{}
	count := func(t string) {
		for _, m := range words(t) {
			vocab[t[m[0]:m[1]]]++
		}
	}
	for _, p := range dc.doc.Paragraphs {
		count(p.Text)
	}
	for _, f := range dc.doc.Footnotes {
		count(f.Text)
	}
	seen := map[string]bool{}
	glued := func(t string, loc func(int) Location) {
		for _, m := range words(t) {
			w := t[m[0]:m[1]]
			if seen[w] || strings.ContainsAny(w, "-'’") {
				continue
			}
			if a, b, ok := splitGlued(w); ok && vocab[a] > 0 && vocab[b] > 0 {
				seen[w] = true
				dc.add(Finding{Check: "text-glued-words", Severity: Info, Location: loc(m[0]),
					Message:    fmt.Sprintf("%q looks like two words run together (%q and %q are used elsewhere)", w, a, b),
					Suggestion: fmt.Sprintf("write %q", a+" "+b)})
			}
		}
	}
	for i := range dc.doc.Paragraphs {
		p := &dc.doc.Paragraphs[i]
		glued(p.Text, func(o int) Location { return dc.atPara(p, o) })
		if p.Kind == docimport.KindHeading {
			continue
		}
		for _, m := range reRunOn.FindAllStringIndex(p.Text, -1) {
			dc.add(Finding{Check: "text-run-on", Severity: Info, Location: dc.atPara(p, m[0]),
				Message:    fmt.Sprintf("two sentences run together after a quotation: %q", clip(p.Text[max(0, m[0]-30):m[1]], 80)),
				Suggestion: "end the first sentence (and place its footnote marker) before the next begins"})
		}
	}
	for _, f := range dc.doc.Footnotes {
		n := f.Number
		glued(f.Text, func(int) Location { return dc.atNote(n) })
	}
}

// splitGlued splits "PutinAlly" into "Putin" and "Ally", or "ChamberIII" into "Chamber" and
// "III": a capitalised word of three letters or more followed directly by another capital.
func splitGlued(w string) (string, string, bool) {
	if utf8.RuneCountInString(w) < 6 {
		return "", "", false
	}
	first, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(first) {
		return "", "", false
	}
	lower := 0
	for i, r := range w {
		if i == 0 {
			continue
		}
		if unicode.IsLower(r) {
			lower++
			continue
		}
		if unicode.IsUpper(r) && lower >= 2 && i+1 < len(w) {
			return w[:i], w[i:], true
		}
		return "", "", false
	}
	return "", "", false
}
