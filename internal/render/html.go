package render

import (
	"context"
	"html"
	"io"
	"strconv"
	"strings"
)

// HTML writes doc as one self-contained HTML5 file: semantic markup (header, main, section,
// ol.footnotes), an embedded stylesheet for screen and print (A4 @page margins, the Version in
// the running page header and a banner, page numbers, footnotes kept readable in print), numbered
// paragraphs with ids (Anchor of their label, or "para-N") so cross-references are links, and
// footnotes as a numbered list with back-links. Nothing is loaded from outside the file.
func HTML(ctx context.Context, w io.Writer, doc *Document, _ Options) error {
	if err := prepare(ctx, doc, "html"); err != nil {
		return err
	}
	e := newErrWriter(w)
	esc := html.EscapeString
	e.s("<!DOCTYPE html>\n<html lang=\"", esc(docLang(doc)), "\">\n<head>\n<meta charset=\"utf-8\">\n")
	e.s("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	e.s("<title>", esc(clean(docTitle(doc))), "</title>\n")
	e.s("<meta name=\"dossier-version\" content=\"", esc(clean(doc.Version)), "\">\n")
	if doc.Kind != "" {
		e.s("<meta name=\"dossier-kind\" content=\"", esc(string(doc.Kind)), "\">\n")
	}
	if !doc.Date.IsZero() {
		e.s("<meta name=\"dcterms.date\" content=\"", doc.Date.Format("2006-01-02"), "\">\n")
	}
	for _, m := range doc.Meta {
		e.s("<meta name=\"dossier-", esc(metaName(m.Key)), "\" content=\"", esc(clean(m.Value)), "\">\n")
	}
	e.s("<style>\n", htmlCSS(doc.Version), "</style>\n</head>\n<body>\n")
	e.s("<header class=\"version-banner\"><p>", esc(clean(doc.Version)), "</p></header>\n<main>\n")

	for i, b := range doc.Blocks {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch v := b.(type) {
		case *Heading:
			tag := "h" + strconv.Itoa(v.Level+1) // h1 is the document title inside the caption
			e.s("<", tag)
			if v.Label != "" {
				e.s(" id=\"", Anchor(v.Label), "\"")
			}
			e.s(">", htmlInlines(v.Inlines), "</", tag, ">\n")
		case *Paragraph:
			e.s("<p", htmlAlign(v.Align), ">", htmlInlines(v.Inlines), "</p>\n")
		case *NumberedParagraph:
			id := "para-" + strconv.Itoa(v.Number)
			if v.Label != "" {
				id = Anchor(v.Label)
			}
			e.s("<p class=\"numbered\" id=\"", id, "\"><span class=\"para-number\">", strconv.Itoa(v.Number), ".</span> ",
				htmlInlines(v.Inlines), "</p>\n")
		case *Caption:
			e.s("<section class=\"caption\">\n")
			if v.Court != "" {
				e.s("<p class=\"court\">", esc(clean(v.Court)), "</p>\n")
			}
			for _, l := range v.Lines {
				e.s("<p class=\"caption-line\">", esc(clean(l)), "</p>\n")
			}
			if v.CaseNumber != "" {
				e.s("<p class=\"case-number\">", esc(clean(v.CaseNumber)), "</p>\n")
			}
			if v.CaseTitle != "" {
				e.s("<p class=\"case-title\">", esc(clean(v.CaseTitle)), "</p>\n")
			}
			if v.DocumentTitle != "" {
				e.s("<h1 class=\"document-title\">", esc(clean(v.DocumentTitle)), "</h1>\n")
			}
			e.s("</section>\n")
		case *BlockQuote:
			e.s("<blockquote>\n")
			for _, p := range v.Paragraphs {
				e.s("<p>", htmlInlines(p), "</p>\n")
			}
			e.s("</blockquote>\n")
		case *List:
			if v.Ordered {
				e.s("<ol")
				if v.Start > 1 {
					e.s(" start=\"", strconv.Itoa(v.Start), "\"")
				}
				e.s(">\n")
			} else {
				e.s("<ul>\n")
			}
			for _, it := range v.Items {
				e.s("<li>", htmlInlines(it), "</li>\n")
			}
			if v.Ordered {
				e.s("</ol>\n")
			} else {
				e.s("</ul>\n")
			}
		case *Table:
			htmlTable(e, v)
		case *Signature:
			e.s("<section class=\"signature\">\n")
			if v.Place != "" || v.Date != "" {
				e.s("<p class=\"place-date\">", esc(strings.Trim(clean(v.Place)+", "+clean(v.Date), ", ")), "</p>\n")
			}
			e.s("<p class=\"signature-rule\" aria-hidden=\"true\"></p>\n")
			for _, l := range v.Lines {
				e.s("<p class=\"signatory\">", esc(clean(l)), "</p>\n")
			}
			e.s("</section>\n")
		case *PageBreak:
			e.s("<div class=\"page-break\"></div>\n")
		}
	}
	e.s("</main>\n")
	if len(doc.Footnotes) > 0 {
		e.s("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<hr>\n<ol>\n")
		for _, fn := range doc.Footnotes {
			n := strconv.Itoa(fn.Number)
			e.s("<li id=\"fn-", n, "\" value=\"", n, "\">", htmlInlines(fn.Inlines),
				" <a href=\"#fnref-", n, "\" class=\"footnote-back\" aria-label=\"Back to reference ", n, "\">↩</a></li>\n")
		}
		e.s("</ol>\n</section>\n")
	}
	e.s("</body>\n</html>\n")
	return e.flush()
}

func docTitle(doc *Document) string {
	if doc.Subtitle != "" {
		return doc.Title + " — " + doc.Subtitle
	}
	return doc.Title
}

func metaName(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

func htmlAlign(a Align) string {
	switch a {
	case AlignLeft:
		return " class=\"left\""
	case AlignCenter:
		return " class=\"center\""
	case AlignRight:
		return " class=\"right\""
	}
	return ""
}

func htmlInlines(ins []Inline) string {
	var b strings.Builder
	for _, in := range ins {
		switch v := in.(type) {
		case Text:
			b.WriteString(htmlStyled(html.EscapeString(clean(v.Text)), v.Style))
		case Link:
			b.WriteString("<a href=\"" + html.EscapeString(clean(v.URL)) + "\">" + htmlStyled(html.EscapeString(clean(v.Text)), v.Style) + "</a>")
		case CrossRef:
			b.WriteString("<a class=\"xref\" href=\"#" + Anchor(v.Target) + "\">" + htmlStyled(html.EscapeString(clean(v.Text)), v.Style) + "</a>")
		case FootnoteRef:
			n := strconv.Itoa(v.Number)
			b.WriteString("<sup class=\"footnote-ref\" id=\"fnref-" + n + "\"><a href=\"#fn-" + n + "\">" + n + "</a></sup>")
		}
	}
	return b.String()
}

func htmlStyled(s string, st Style) string {
	if st.SmallCaps {
		s = "<span class=\"smallcaps\">" + s + "</span>"
	}
	if st.Italic {
		s = "<em>" + s + "</em>"
	}
	if st.Bold {
		s = "<strong>" + s + "</strong>"
	}
	return s
}

func htmlTable(e *errWriter, t *Table) {
	e.s("<table>\n")
	if len(t.Caption) > 0 {
		e.s("<caption>", htmlInlines(t.Caption), "</caption>\n")
	}
	if len(t.Widths) > 0 {
		var sum float64
		for _, w := range t.Widths {
			sum += w
		}
		e.s("<colgroup>")
		for _, w := range t.Widths {
			e.s("<col style=\"width:", strconv.FormatFloat(100*w/sum, 'f', 1, 64), "%\">")
		}
		e.s("</colgroup>\n")
	}
	if len(t.Header) > 0 {
		e.s("<thead><tr>")
		for _, c := range t.Header {
			e.s("<th scope=\"col\">", htmlInlines(c.Inlines), "</th>")
		}
		e.s("</tr></thead>\n")
	}
	e.s("<tbody>\n")
	for _, r := range t.Rows {
		e.s("<tr>")
		for _, c := range r {
			e.s("<td>", htmlInlines(c.Inlines), "</td>")
		}
		e.s("</tr>\n")
	}
	e.s("</tbody>\n</table>\n")
}

// cssString quotes s as a CSS string literal.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range clean(s) {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString(`\3c `) // never let "</style>" close the element
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func htmlCSS(version string) string {
	return `:root { --text: #111; --muted: #555; }
html { font-family: "Times New Roman", "Liberation Serif", Tinos, serif; font-size: 12pt; color: var(--text); }
body { max-width: 46em; margin: 0 auto; padding: 1em 1.5em 3em; line-height: 1.5; }
.version-banner p { text-align: center; font-weight: bold; letter-spacing: 0.05em; border: 1px solid var(--text); padding: 0.3em; margin: 0 0 1.5em; }
.caption { text-align: center; margin-bottom: 2em; }
.caption p { margin: 0.2em 0; }
.caption .court, .caption .case-title { font-weight: bold; }
.caption .court, .caption .document-title { text-transform: uppercase; }
.caption .case-title { margin-top: 1.2em; font-size: 1.1em; }
.caption .document-title { font-size: 1.25em; margin: 1em 0 0; letter-spacing: 0.05em; }
h2 { font-size: 1.15em; text-align: center; text-transform: uppercase; margin: 1.6em 0 0.6em; }
h3 { font-size: 1.05em; margin: 1.3em 0 0.5em; }
h4 { font-size: 1em; font-style: italic; margin: 1.2em 0 0.4em; }
p { margin: 0 0 0.8em; text-align: justify; hyphens: manual; }
p.left { text-align: left; } p.center { text-align: center; } p.right { text-align: right; }
p.numbered { padding-left: 2.5em; text-indent: -2.5em; }
.para-number { display: inline-block; min-width: 2.5em; text-indent: 0; }
blockquote { margin: 0 2.5em 0.8em; font-size: 0.95em; }
.smallcaps { font-variant: small-caps; }
a { color: inherit; }
a.xref { text-decoration: underline dotted; }
sup.footnote-ref { line-height: 0; font-size: 0.7em; }
sup.footnote-ref a { text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.2em; font-size: 0.95em; }
caption { font-weight: bold; margin-bottom: 0.4em; }
th, td { border: 1px solid #777; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
thead th { background: #eee; }
.signature { margin-top: 2.5em; }
.signature p { margin: 0.2em 0; text-align: left; }
.signature-rule { width: 16em; border-bottom: 1px solid var(--text); height: 2.5em; }
.footnotes { font-size: 0.85em; line-height: 1.35; margin-top: 2em; }
.footnotes hr { width: 12em; margin-left: 0; border: 0; border-top: 1px solid var(--text); }
.footnotes ol { padding-left: 2.5em; }
.footnotes li { margin-bottom: 0.35em; text-align: left; overflow-wrap: anywhere; }
.footnote-back { text-decoration: none; }
.page-break { height: 0; }
@page {
  size: A4;
  margin: 25mm 25mm 22mm;
  @top-center { content: ` + cssString(version) + `; font: bold 9pt "Times New Roman", serif; }
  @bottom-center { content: counter(page) " / " counter(pages); font: 9pt "Times New Roman", serif; }
}
@media print {
  html { font-size: 12pt; }
  body { max-width: none; margin: 0; padding: 0; }
  .version-banner p { border: 0; border-bottom: 1px solid var(--text); }
  a { text-decoration: none; }
  a[href^="http"]::after { content: none; }
  .page-break { break-after: page; }
  h2, h3, h4 { break-after: avoid; }
  p { orphans: 2; widows: 2; }
  tr, .signature { break-inside: avoid; }
  thead { display: table-header-group; }
  .footnotes { break-before: auto; font-size: 10pt; }
  .footnotes li { break-inside: avoid; }
  .footnote-back { display: none; }
}
`
}
