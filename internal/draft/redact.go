package draft

import (
	"regexp"
	"sort"
	"strings"

	"dossier/internal/cite"
	"dossier/internal/render"
)

// scrub is the last line of defence of the public version: after compilation withheld facts,
// sources and names are already "[REDACTED]" where the compiler placed them; scrub then replaces
// any remaining occurrence (case-insensitive) of a confidential actor's names, a confidential
// source's id, title, authors and URL, and a confidential fact's id and statement, everywhere in
// the document: text, links, cross-references, tables, caption, signature, title and metadata.
func (c *compiler) scrub() {
	var secrets []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if len([]rune(s)) >= 4 {
			secrets = append(secrets, s)
		}
	}
	for _, a := range c.b.Actors {
		if a.Confidentiality.Redacted() {
			for _, n := range a.AllNames() {
				add(n)
			}
			add(a.ID)
		}
	}
	for _, s := range c.b.Sources {
		if s.Confidentiality.Redacted() {
			add(s.ID)
			add(s.Title)
			add(s.URL)
			for _, au := range s.Author {
				add(au.String())
				add(au.Family)
				add(au.Literal)
			}
		}
	}
	for _, f := range c.b.Facts {
		if f.Confidentiality.Redacted() {
			add(f.ID)
			add(f.Statement)
		}
	}
	if len(secrets) == 0 {
		return
	}
	sort.Slice(secrets, func(i, j int) bool {
		if len(secrets[i]) != len(secrets[j]) {
			return len(secrets[i]) > len(secrets[j])
		}
		return secrets[i] < secrets[j]
	})
	parts := make([]string, len(secrets))
	for i, s := range secrets {
		parts[i] = regexp.QuoteMeta(s)
	}
	re := regexp.MustCompile(`(?i)` + strings.Join(parts, "|"))
	x := func(s string) string { return re.ReplaceAllString(s, cite.Redacted) }
	ins := func(in []render.Inline) []render.Inline {
		out := make([]render.Inline, 0, len(in))
		for _, v := range in {
			switch t := v.(type) {
			case render.Text:
				t.Text = x(t.Text)
				out = append(out, t)
			case render.Link:
				if x(t.URL) != t.URL || x(t.Text) != t.Text {
					out = append(out, render.Text{Text: cite.Redacted, Style: t.Style})
					continue
				}
				out = append(out, t)
			case render.CrossRef:
				t.Text = x(t.Text)
				out = append(out, t)
			default:
				out = append(out, v)
			}
		}
		return out
	}
	d := c.doc
	d.Title, d.Subtitle = x(d.Title), x(d.Subtitle)
	for i := range d.Meta {
		d.Meta[i].Value = x(d.Meta[i].Value)
	}
	for _, b := range d.Blocks {
		switch v := b.(type) {
		case *render.Heading:
			v.Inlines = ins(v.Inlines)
		case *render.Paragraph:
			v.Inlines = ins(v.Inlines)
		case *render.NumberedParagraph:
			v.Inlines = ins(v.Inlines)
		case *render.Caption:
			v.Court, v.CaseNumber, v.CaseTitle, v.DocumentTitle = x(v.Court), x(v.CaseNumber), x(v.CaseTitle), x(v.DocumentTitle)
			for i := range v.Lines {
				v.Lines[i] = x(v.Lines[i])
			}
		case *render.BlockQuote:
			for i := range v.Paragraphs {
				v.Paragraphs[i] = ins(v.Paragraphs[i])
			}
		case *render.List:
			for i := range v.Items {
				v.Items[i] = ins(v.Items[i])
			}
		case *render.Table:
			v.Caption = ins(v.Caption)
			for i := range v.Header {
				v.Header[i].Inlines = ins(v.Header[i].Inlines)
			}
			for _, r := range v.Rows {
				for i := range r {
					r[i].Inlines = ins(r[i].Inlines)
				}
			}
		case *render.Signature:
			v.Place, v.Date = x(v.Place), x(v.Date)
			for i := range v.Lines {
				v.Lines[i] = x(v.Lines[i])
			}
		}
	}
	for i := range d.Footnotes {
		d.Footnotes[i].Inlines = ins(d.Footnotes[i].Inlines)
	}
}
