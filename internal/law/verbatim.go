package law

import (
	"regexp"
	"strings"
)

var (
	fnMarkRe  = regexp.MustCompile(`\[(?:fn \d+|\^\d+)\]`)
	quoteRepl = strings.NewReplacer("‘", "'", "’", "'", "‚", "'", "‛", "'", "`", "'", "“", `"`, "”", `"`, "„", `"`, "\u00a0", " ")
	blockRe   = regexp.MustCompile(`(?m)^[ \t]*>[ \t]?`)
)

// NormalizeText prepares a text for word-for-word comparison: typographic quote marks become straight ones,
// footnote markers ("[fn 75]", "[^1]") are removed, and runs of white space become one space. Nothing else
// (dashes, spelling, punctuation) is changed.
func NormalizeText(s string) string {
	s = quoteRepl.Replace(s)
	s = fnMarkRe.ReplaceAllString(s, " ")
	return strings.TrimSpace(spaceRe.ReplaceAllString(s, " "))
}

// NormalizeCorpus normalises a Markdown source file for comparison: block-quote markers are removed before
// NormalizeText.
func NormalizeCorpus(s string) string { return NormalizeText(blockRe.ReplaceAllString(s, "")) }

// TextRef is one piece of wording carried by the library, with where it is and whether it is marked unverified.
type TextRef struct {
	Where      string // e.g. "provision rome-statute/25/3/c", "element aggression.icc.e1"
	File       string
	Line       int
	Text       string
	Unverified bool
}

// Texts lists every piece of wording the library presents as the words of a legal text or authority
// (provision texts, element and precondition texts, standard texts, immunity texts, authority passages).
// Descriptions and notes, which are dossier's own words, are not included.
func (l *Library) Texts() []TextRef {
	var out []TextRef
	add := func(where string, p Pos, key, text string, unverified bool) {
		if text != "" {
			out = append(out, TextRef{Where: where, File: p.File, Line: p.at(key), Text: text, Unverified: unverified})
		}
	}
	for _, in := range l.Instruments {
		for _, p := range in.Provisions {
			add("provision "+p.Path, p.Pos, "text", p.Text, p.Unverified)
		}
	}
	elem := func(e *Element) {
		if e.ParaphraseOf == "" { // a paraphrase is dossier's wording, not presented as the law's
			add("element "+e.ID, e.Pos, "text", e.Text, e.Unverified)
		}
	}
	for _, c := range l.Crimes {
		for _, e := range c.Elements {
			elem(e)
		}
		for _, e := range c.ParticipantElements {
			elem(e)
		}
	}
	for _, m := range l.Modes {
		for _, e := range m.Elements {
			elem(e)
		}
	}
	for _, f := range l.Forums {
		for _, p := range f.Preconditions {
			elem(&p.Element)
		}
		if f.Immunity != nil {
			add("immunity "+f.ID, f.Immunity.Pos, "text", f.Immunity.Text, f.Immunity.Unverified)
		}
	}
	for _, s := range l.Standards {
		add("standard "+s.Stage, s.Pos, "text", s.Text, s.Unverified)
	}
	for _, a := range l.Authorities {
		add("authority "+a.ID, a.Pos, "text", a.Text, a.Unverified)
	}
	return out
}

// CheckVerbatim returns the texts that are not marked unverified but do not appear word for word (after
// NormalizeText) in the corpus (the concatenated shared law texts, normalised with NormalizeCorpus).
func CheckVerbatim(texts []TextRef, normalizedCorpus string) []TextRef {
	var bad []TextRef
	for _, t := range texts {
		if t.Unverified {
			continue
		}
		if !strings.Contains(normalizedCorpus, NormalizeText(t.Text)) {
			bad = append(bad, t)
		}
	}
	return bad
}
