package draft

import (
	"fmt"
	"strconv"
	"strings"

	"dossier/internal/assess"
	"dossier/internal/cite"
	"dossier/internal/law"
	"dossier/internal/render"
)

// quoteSource is where the words of a quotation in an assessment issue come from.
type quoteSource struct {
	path     string // a provision of the law library: the footnote cites it (Id. or supra when cited before)
	note     string // otherwise the footnote's text, a sentence saying where the words come from
	notQuote bool   // the words are the law library's statement of a rule, not an instrument's: print them without quotation marks
}

// provCites remembers, per instrument, the footnote that first cited it and what the preceding
// footnote cited, so that provisions are cited as Id. and supra as sources are.
type provCites struct {
	first    map[string]int // instrument id -> footnote of its first citation
	lastNote int            // footnote number of the last provision footnote
	lastInst string         // its instrument, when it cited one instrument only
}

// issueInlines renders an assessment issue's text with a footnote for every quotation in it:
// the provision (or the Elements of Crimes) its words come from, the count's allegation as
// pleaded, or — for the law library's own statement of a rule, which is not a quotation — a note
// saying so, the quotation marks removed. A quotation whose origin cannot be found keeps its
// marks and gets no footnote (the linter then reports it).
func (c *compiler) issueInlines(is assess.Issue) []render.Inline {
	text := is.Text
	var out []render.Inline
	var buf strings.Builder
	flush := func() {
		if buf.Len() > 0 {
			out = append(out, render.Text{Text: buf.String()})
			buf.Reset()
		}
	}
	var pending []quoteSource // footnotes waiting for the end of the quotation's clause
	place := func() {
		if len(pending) == 0 {
			return
		}
		flush()
		prev := c.notes.Number()
		num, _ := c.notes.Footnote(nil) // takes the next number; a note is never an antecedent of Id.
		var ins []render.Inline
		insts := map[string]bool{}
		for i, q := range pending {
			if i > 0 {
				ins = append(ins, render.Text{Text: "; "})
			}
			if q.path == "" {
				ins = append(ins, render.Text{Text: q.note})
				continue
			}
			inst, _, _ := strings.Cut(q.path, "/")
			insts[inst] = true
			ins = append(ins, c.provisionCite(q.path, num, i == 0 && len(pending) == 1 && c.prov.lastNote == prev && c.prov.lastInst == inst)...)
		}
		if t, ok := ins[len(ins)-1].(render.Text); !ok || !strings.HasSuffix(t.Text, ".") {
			ins = append(ins, render.Text{Text: "."})
		}
		c.prov.lastNote, c.prov.lastInst = num, ""
		if len(insts) == 1 && len(pending) == 1 {
			for k := range insts {
				c.prov.lastInst = k
			}
		}
		c.doc.Footnotes = append(c.doc.Footnotes, render.Footnote{Number: num, Inlines: mergeText(ins)})
		out = append(out, render.FootnoteRef{Number: num})
		pending = nil
	}
	for i := 0; i < len(text); {
		if text[i] != '"' {
			buf.WriteByte(text[i])
			i++
			continue
		}
		end := closingQuote(text, i)
		if end < 0 {
			buf.WriteString(text[i:])
			break
		}
		raw := text[i : end+1]
		words, err := strconv.Unquote(raw)
		if err != nil {
			words = raw[1 : len(raw)-1]
		}
		src, ok := c.quoteOrigin(is, words)
		switch {
		case !ok:
			buf.WriteString(raw)
		case src.notQuote && strings.HasSuffix(words, ".") && strings.HasPrefix(text[end+1:], " "+law.UnverifiedTag):
			buf.WriteString(strings.TrimSuffix(words, ".")) // "… in office [unverified]."
		case src.notQuote:
			buf.WriteString(words)
		default:
			buf.WriteString(raw)
		}
		i = end + 1
		if ok {
			pending = append(pending, src)
			// an inline citation of the same provision after the quotation becomes the footnote:
			// "…such a person." (Rome Statute, art. 27(2)). -> "…such a person."¹
			if src.path != "" && strings.HasPrefix(text[i:], " (") {
				if j := matchParen(text, i+1); j > 0 && strings.TrimSuffix(text[i+2:j], " "+law.UnverifiedTag) == strings.TrimSuffix(c.lib.Citation(src.path), " "+law.UnverifiedTag) {
					i = j + 1
					if i < len(text) && text[i] == '.' && strings.HasSuffix(words, ".") {
						i++ // the quotation's own full stop ends the sentence
					}
				}
			}
			if i < len(text) && text[i] == '.' && strings.HasSuffix(words, ".") && !src.notQuote {
				i++ // `(para. 17).".`: the quotation's full stop ends the sentence
			}
			// the footnote goes after the punctuation mark that ends the clause
			if i < len(text) && strings.IndexByte(".,;:", text[i]) >= 0 {
				buf.WriteByte(text[i])
				i++
			}
			place()
		}
	}
	flush()
	return out
}

// closingQuote returns the index of the double quotation mark closing the one at i (Go %q
// escapes inner marks with a backslash), or -1.
func closingQuote(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return -1
}

// matchParen returns the index of the ")" matching the "(" at i, or -1.
func matchParen(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// quoteOrigin finds where a quotation's words come from: an allegation of the issue's count
// pleaded in those words, the forum's immunity rule, or a provision of the law library whose text
// contains them (preferring the provisions the issue names, then the shortest text).
func (c *compiler) quoteOrigin(is assess.Issue, words string) (quoteSource, bool) {
	w := strings.TrimSpace(words)
	if w == "" {
		return quoteSource{}, false
	}
	for _, ch := range c.b.Charges {
		if ch.ID != is.Charge {
			continue
		}
		for i, al := range ch.Allegations {
			if strings.TrimSpace(al.Text) == w {
				return quoteSource{note: fmt.Sprintf("The words quoted are those of allegation %d of count %d as the case's charges plead it (charge %s), not of a source.", i+1, ch.Count, ch.ID)}, true
			}
		}
		if f, ok := c.lib.Forum(ch.Forum); ok && f.Immunity != nil && strings.TrimSpace(f.Immunity.Text) == w {
			if f.Immunity.QuotedFrom != "" {
				return quoteSource{path: f.Immunity.QuotedFrom}, true
			}
			return quoteSource{notQuote: true, note: immunityNote(f)}, true
		}
	}
	preferred := map[string]bool{}
	for _, p := range is.Provisions {
		preferred[p] = true
	}
	best, bestLen, bestPref := "", 0, false
	for _, path := range c.lib.Provisions() {
		p, ok := c.lib.Provision(path)
		if !ok || p.Text == "" || !strings.Contains(p.Text, w) {
			continue
		}
		pref := preferred[path] || preferred[c.lib.Citation(path)] || preferred[c.lib.Canonical(path)]
		if best == "" || pref && !bestPref || pref == bestPref && len(p.Text) < bestLen {
			best, bestLen, bestPref = path, len(p.Text), pref
		}
	}
	if best == "" {
		return quoteSource{}, false
	}
	return quoteSource{path: best}, true
}

// provisionCite cites a provision in footnote num: in full (the library's citation form,
// "Rome Statute, art. 25(3)(c)") the first time its instrument is cited, then "Id. art. 27(2)"
// when the preceding footnote cited that instrument alone (idOK), else "Rome Statute, supra note
// 28, art. 30(1)" (OSCOLA: "ibid art. 27(2)", "Rome Statute (n 28) art. 30(1)").
func (c *compiler) provisionCite(path string, num int, idOK bool) []render.Inline {
	full := c.lib.Citation(path)
	id, _, _ := strings.Cut(path, "/")
	in, ok := c.lib.Instrument(id)
	first, cited := c.prov.first[id]
	if !cited {
		if c.prov.first == nil {
			c.prov.first = map[string]int{}
		}
		c.prov.first[id] = num
	}
	if !ok || !cited || !strings.HasPrefix(full, in.ShortTitle+", ") {
		return []render.Inline{render.Text{Text: full}}
	}
	pin := strings.TrimPrefix(full, in.ShortTitle+", ")
	switch {
	case idOK && c.style == cite.OSCOLA:
		return []render.Inline{render.Text{Text: "ibid " + pin}}
	case idOK:
		return []render.Inline{render.Text{Text: "Id.", Style: render.Style{Italic: true}}, render.Text{Text: " " + pin}}
	case c.style == cite.OSCOLA:
		return []render.Inline{render.Text{Text: fmt.Sprintf("%s (n %d) %s", in.ShortTitle, first, pin)}}
	}
	return []render.Inline{render.Text{Text: in.ShortTitle + ", "}, render.Text{Text: "supra", Style: render.Style{Italic: true}},
		render.Text{Text: fmt.Sprintf(" note %d, %s", first, pin)}}
}

// immunityNote says that a forum's immunity rule is worded by the law library, not quoted.
func immunityNote(f *law.Forum) string {
	s := fmt.Sprintf("These words are the law library's statement of the rule applied by the %s, not the words of an instrument", forumName(f.Name))
	if f.Immunity.Unverified {
		s += ", and they are unverified"
	}
	s += "."
	if n := strings.TrimSpace(f.Immunity.Note); n != "" {
		// one note: a ";" would split it into citations for a reader of footnotes
		n = strings.ReplaceAll(n, "; ", " — ")
		s += " " + strings.ToUpper(n[:1]) + n[1:]
		if !strings.HasSuffix(s, ".") {
			s += "."
		}
	}
	return s
}
