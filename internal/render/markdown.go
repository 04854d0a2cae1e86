package render

import (
	"context"
	"io"
	"strconv"
	"strings"
)

// Markdown writes doc as pandoc-flavoured Markdown: YAML front matter (title, subtitle, date,
// version, kind, meta), a ::: {.version} banner, ATX headings with {#anchor} attributes,
// numbered paragraphs as literal "12." (with a [12.]{#p-label} span when labelled), pipe tables,
// fenced divs for the caption and signature blocks, and footnotes as [^n] with their definitions
// at the end. Each paragraph is one line; text is escaped so pandoc reads it back literally.
func Markdown(ctx context.Context, w io.Writer, doc *Document, _ Options) error {
	if err := prepare(ctx, doc, "markdown"); err != nil {
		return err
	}
	e := newErrWriter(w)
	e.s("---\n")
	yamlKV(e, "", "title", doc.Title)
	if doc.Subtitle != "" {
		yamlKV(e, "", "subtitle", doc.Subtitle)
	}
	if !doc.Date.IsZero() {
		e.s("date: ", doc.Date.Format("2006-01-02"), "\n")
	}
	yamlKV(e, "", "version", doc.Version)
	if doc.Kind != "" {
		yamlKV(e, "", "kind", string(doc.Kind))
	}
	yamlKV(e, "", "lang", docLang(doc))
	if len(doc.Meta) > 0 {
		e.s("meta:\n")
		for _, m := range doc.Meta {
			yamlKV(e, "  ", m.Key, m.Value)
		}
	}
	e.s("---\n\n::: {.version}\n**", mdEscape(clean(doc.Version)), "**\n:::\n")

	for i, b := range doc.Blocks {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e.s("\n")
		switch v := b.(type) {
		case *Heading:
			e.s(strings.Repeat("#", v.Level), " ", mdInlines(v.Inlines, false))
			if v.Label != "" {
				e.s(" {#", Anchor(v.Label), "}")
			}
			e.s("\n")
		case *Paragraph:
			if v.Align == AlignCenter {
				e.s("::: {.center}\n", mdInlines(v.Inlines, true), "\n:::\n")
			} else {
				e.s(mdInlines(v.Inlines, true), "\n")
			}
		case *NumberedParagraph:
			if v.Label != "" {
				e.s("[", strconv.Itoa(v.Number), ".]{#", Anchor(v.Label), " .para-number} ")
			} else {
				e.s(strconv.Itoa(v.Number), "\\. ")
			}
			e.s(mdInlines(v.Inlines, false), "\n")
		case *Caption:
			var lines []string
			if v.Court != "" {
				lines = append(lines, "**"+mdEscape(clean(v.Court))+"**")
			}
			for _, l := range v.Lines {
				lines = append(lines, mdEscape(clean(l)))
			}
			if v.CaseNumber != "" {
				lines = append(lines, mdEscape(clean(v.CaseNumber)))
			}
			if v.CaseTitle != "" {
				lines = append(lines, "**"+mdEscape(clean(v.CaseTitle))+"**")
			}
			if v.DocumentTitle != "" {
				lines = append(lines, "**"+mdEscape(clean(v.DocumentTitle))+"**")
			}
			e.s("::: {.caption}\n", strings.Join(lines, "\\\n"), "\n:::\n")
		case *BlockQuote:
			for j, p := range v.Paragraphs {
				if j > 0 {
					e.s(">\n")
				}
				e.s("> ", mdInlines(p, true), "\n")
			}
		case *List:
			for j, it := range v.Items {
				if v.Ordered {
					e.s(listMarker(v, j), " ")
				} else {
					e.s("- ")
				}
				e.s(mdInlines(it, false), "\n")
			}
		case *Table:
			mdTable(e, v)
		case *Signature:
			var lines []string
			if v.Place != "" || v.Date != "" {
				lines = append(lines, mdEscape(strings.Trim(clean(v.Place)+", "+clean(v.Date), ", ")))
			}
			lines = append(lines, "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_")
			for _, l := range v.Lines {
				lines = append(lines, mdEscape(clean(l)))
			}
			e.s("::: {.signature}\n", strings.Join(lines, "\\\n"), "\n:::\n")
		case *PageBreak:
			e.s("::: {.pagebreak}\n:::\n")
		}
	}
	if len(doc.Footnotes) > 0 {
		e.s("\n")
		for _, fn := range doc.Footnotes {
			e.s("[^", strconv.Itoa(fn.Number), "]: ", mdInlines(fn.Inlines, false), "\n")
		}
	}
	return e.flush()
}

func yamlKV(e *errWriter, indent, k, v string) {
	e.s(indent, yamlKey(k), ": ", yamlQuote(v), "\n")
}

// yamlKey leaves simple keys bare and quotes the rest.
func yamlKey(k string) string {
	for i, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || (i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '_'))) {
			return yamlQuote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}

// yamlQuote writes s as a YAML double-quoted scalar.
func yamlQuote(s string) string {
	s = clean(s)
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// mdEscape backslash-escapes every ASCII punctuation character pandoc could read as markup.
func mdEscape(s string) string {
	if !strings.ContainsAny(s, "\\`*_{}[]<>#|~^$@&") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>#|~^$@&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdInlines renders inlines; blockStart guards against text at the start of a block being read as
// a list marker or heading.
func mdInlines(ins []Inline, blockStart bool) string {
	var b strings.Builder
	for _, in := range ins {
		switch v := in.(type) {
		case Text:
			b.WriteString(mdStyled(mdEscape(clean(v.Text)), v.Style))
		case Link:
			b.WriteString("[" + mdStyled(mdEscape(clean(v.Text)), v.Style) + "](" + mdURL(v.URL) + ")")
		case CrossRef:
			b.WriteString("[" + mdStyled(mdEscape(clean(v.Text)), v.Style) + "](#" + Anchor(v.Target) + ")")
		case FootnoteRef:
			b.WriteString("[^" + strconv.Itoa(v.Number) + "]")
		}
	}
	s := b.String()
	if blockStart {
		s = mdGuardStart(s)
	}
	return s
}

// mdGuardStart escapes a leading list marker ("- ", "+ ", "12. ", "3) ").
func mdGuardStart(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '-' || s[0] == '+' || s[0] == '=' {
		return "\\" + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// mdStyled wraps escaped text in emphasis, keeping surrounding spaces outside the delimiters.
func mdStyled(s string, st Style) string {
	if st == (Style{}) || strings.TrimSpace(s) == "" {
		return s
	}
	core := strings.TrimSpace(s)
	lead := s[:strings.Index(s, core)]
	trail := s[len(lead)+len(core):]
	if st.SmallCaps {
		core = "[" + core + "]{.smallcaps}"
	}
	switch {
	case st.Bold && st.Italic:
		core = "***" + core + "***"
	case st.Bold:
		core = "**" + core + "**"
	case st.Italic:
		core = "*" + core + "*"
	}
	return lead + core + trail
}

var mdURLReplacer = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "", "\r", "")

func mdURL(u string) string { return mdURLReplacer.Replace(clean(u)) }

func mdTable(e *errWriter, t *Table) {
	cols := len(t.Header)
	if cols == 0 && len(t.Rows) > 0 {
		cols = len(t.Rows[0])
	}
	cell := func(c Cell) string {
		return strings.ReplaceAll(mdInlines(c.Inlines, false), "|", "\\|")
	}
	row := func(cells []Cell) {
		e.s("|")
		for j := 0; j < cols; j++ {
			var c Cell
			if j < len(cells) {
				c = cells[j]
			}
			e.s(" ", cell(c), " |")
		}
		e.s("\n")
	}
	if len(t.Header) > 0 {
		row(t.Header)
	} else {
		row(make([]Cell, cols))
	}
	e.s("|")
	for j := 0; j < cols; j++ {
		e.s("---|")
	}
	e.s("\n")
	for _, r := range t.Rows {
		row(r)
	}
	if len(t.Caption) > 0 {
		e.s("\n: ", mdInlines(t.Caption, false), "\n")
	}
}
