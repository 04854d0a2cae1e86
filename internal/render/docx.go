package render

import (
	"archive/zip"
	"bytes"
	"context"
	_ "embed"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// DOCX (Office Open XML) is written by hand: no free Go library writes Word footnotes.
//
// Parts: [Content_Types].xml, _rels/.rels, docProps/core.xml, docProps/app.xml,
// word/document.xml, word/_rels/document.xml.rels, word/styles.xml, word/settings.xml,
// word/footnotes.xml (+ its rels when a footnote holds a link), word/header1.xml (the Version) and
// word/footer1.xml (the PAGE field).
//
// Footnotes are real Word footnotes: footnotes.xml opens with the separator (id -1) and
// continuationSeparator (id 0) notes that settings.xml lists in w:footnotePr, as Word writes them;
// the body carries w:footnoteReference runs in the FootnoteReference character style and each note
// starts with a w:footnoteRef run, in the FootnoteText paragraph style. Word numbers the marks
// itself; since the Document's footnotes are numbered in order of first reference, Word's numbers
// and ours coincide, and the note ids equal the numbers.
//
// Paragraph numbers are literal text ("12." then a tab, in the NumberedParagraph style with a
// hanging indent), not Word list numbering. The numbers are computed by the compiler together with
// every cross-reference that cites them; Word auto-numbering would renumber silently when someone
// inserts a paragraph while the literal cross-references stayed as they were — exactly the
// "realleges paragraphs 1 through 20" defect. Literal numbers also survive any text extraction.
// Each labelled paragraph carries a bookmark (Anchor of its label) that cross-references link to.

//go:embed assets/styles.xml
var defaultStyles []byte

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	// A4 with 1-inch margins, in twentieths of a point.
	docxTextWidth = 11906 - 2*1440
)

// DOCX writes doc as a Word document.
func DOCX(ctx context.Context, w io.Writer, doc *Document, opts Options) error {
	if err := prepare(ctx, doc, "docx"); err != nil {
		return err
	}
	styles := defaultStyles
	if len(opts.ReferenceDocx) > 0 {
		var err error
		styles, err = referenceStyles(opts.ReferenceDocx)
		if err != nil {
			return fmt.Errorf("render docx: reference docx: %w", err)
		}
	}
	dw := &docxWriter{doc: doc, bookmarks: map[string]int{}}
	body, err := dw.document(ctx)
	if err != nil {
		return fmt.Errorf("render docx: %w", err)
	}
	notes := dw.footnotes()

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mod := docTime(doc)
	add := func(name string, data []byte) error {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod}
		h.SetMode(0o644)
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", dw.contentTypes()},
		{"_rels/.rels", []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + relNS + `extended-properties" Target="docProps/app.xml"/>` +
			`</Relationships>`)},
		{"docProps/core.xml", dw.core()},
		{"docProps/app.xml", []byte(xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>dossier</Application></Properties>`)},
		{"word/document.xml", body},
		{"word/_rels/document.xml.rels", dw.documentRels()},
		{"word/styles.xml", styles},
		{"word/settings.xml", []byte(xmlHeader + `<w:settings xmlns:w="` + nsW + `"><w:defaultTabStop w:val="720"/>` +
			`<w:characterSpacingControl w:val="doNotCompress"/>` +
			`<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>` +
			`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
			`</w:settings>`)},
		{"word/footnotes.xml", notes},
		{"word/header1.xml", []byte(xmlHeader + `<w:hdr xmlns:w="` + nsW + `"><w:p><w:pPr><w:pStyle w:val="VersionBanner"/><w:jc w:val="center"/></w:pPr>` +
			`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + xmlEsc(doc.Version) + `</w:t></w:r></w:p></w:hdr>`)},
		{"word/footer1.xml", []byte(xmlHeader + `<w:ftr xmlns:w="` + nsW + `"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>` +
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>`)},
	}
	if len(dw.noteLinks.urls) > 0 {
		parts = append(parts, struct {
			name string
			data []byte
		}{"word/_rels/footnotes.xml.rels", dw.noteLinks.rels(nil)})
	}
	for _, p := range parts {
		if err := add(p.name, p.data); err != nil {
			return fmt.Errorf("render docx: write %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("render docx: close zip: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render docx: write: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// xmlEsc escapes text for XML character data and attribute values, after clean has removed
// characters XML 1.0 cannot carry.
func xmlEsc(s string) string {
	s = clean(s)
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // strings.Builder never fails
	return b.String()
}

// linkReg assigns relationship ids to external URLs in order of first use.
type linkReg struct {
	prefix string
	ids    map[string]string
	urls   []string
}

func (l *linkReg) id(url string) string {
	if l.ids == nil {
		l.ids = map[string]string{}
	}
	if id, ok := l.ids[url]; ok {
		return id
	}
	id := l.prefix + strconv.Itoa(len(l.urls)+1)
	l.ids[url] = id
	l.urls = append(l.urls, url)
	return id
}

// rels writes a relationships part holding fixed entries then the hyperlinks.
func (l *linkReg) rels(fixed []string) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, f := range fixed {
		b.WriteString(f)
	}
	for _, u := range l.urls {
		b.WriteString(`<Relationship Id="` + l.ids[u] + `" Type="` + relNS + `hyperlink" Target="` + xmlEsc(u) + `" TargetMode="External"/>`)
	}
	b.WriteString(`</Relationships>`)
	return []byte(b.String())
}

type docxWriter struct {
	doc       *Document
	bodyLinks linkReg
	noteLinks linkReg
	bookmarks map[string]int
}

func (dw *docxWriter) contentTypes() []byte {
	ct := "application/vnd.openxmlformats-officedocument.wordprocessingml."
	return []byte(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="` + ct + `document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="` + ct + `styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="` + ct + `settings+xml"/>` +
		`<Override PartName="/word/footnotes.xml" ContentType="` + ct + `footnotes+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="` + ct + `header+xml"/>` +
		`<Override PartName="/word/footer1.xml" ContentType="` + ct + `footer+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`)
}

func (dw *docxWriter) core() []byte {
	doc := dw.doc
	ts := docTime(doc).Format("2006-01-02T15:04:05Z")
	var desc []string
	for _, m := range doc.Meta {
		desc = append(desc, clean(m.Key)+": "+clean(m.Value))
	}
	return []byte(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + xmlEsc(docTitle(doc)) + `</dc:title>` +
		`<dc:subject>` + xmlEsc(doc.Version) + `</dc:subject>` +
		`<dc:creator>dossier</dc:creator>` +
		`<cp:keywords>` + xmlEsc(string(doc.Kind)) + `</cp:keywords>` +
		`<dc:description>` + xmlEsc(strings.Join(desc, "; ")) + `</dc:description>` +
		`<dc:language>` + xmlEsc(docLang(doc)) + `</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>` +
		`</cp:coreProperties>`)
}

func (dw *docxWriter) documentRels() []byte {
	dw.bodyLinks.prefix = "rIdL"
	return dw.bodyLinks.rels([]string{
		`<Relationship Id="rId1" Type="` + relNS + `styles" Target="styles.xml"/>`,
		`<Relationship Id="rId2" Type="` + relNS + `settings" Target="settings.xml"/>`,
		`<Relationship Id="rId3" Type="` + relNS + `footnotes" Target="footnotes.xml"/>`,
		`<Relationship Id="rId4" Type="` + relNS + `header" Target="header1.xml"/>`,
		`<Relationship Id="rId5" Type="` + relNS + `footer" Target="footer1.xml"/>`,
	})
}

// bookmarkName turns a label into a Word bookmark name (at most 40 characters, starting with a
// letter): Anchor(label), shortened with a hash suffix when too long.
func bookmarkName(label string) string {
	a := Anchor(label)
	if len(a) <= 40 {
		return a
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(label))
	return fmt.Sprintf("%s-%08x", a[:31], h.Sum32())
}

func (dw *docxWriter) document(ctx context.Context) ([]byte, error) {
	dw.bodyLinks.prefix = "rIdL"
	var b strings.Builder
	b.Grow(1 << 16)
	b.WriteString(xmlHeader + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	para := func(style string, align Align, extra string, ins []Inline) {
		b.WriteString(`<w:p><w:pPr>`)
		if style != "" {
			b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
		}
		b.WriteString(extra)
		b.WriteString(jc(align))
		b.WriteString(`</w:pPr>`)
		dw.runs(&b, ins, &dw.bodyLinks)
		b.WriteString(`</w:p>`)
	}
	textPara := func(style, text string, bold bool) {
		para(style, AlignDefault, "", []Inline{Text{Text: text, Style: Style{Bold: bold}}})
	}
	var last Block
	for i, blk := range dw.doc.Blocks {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		last = blk
		switch v := blk.(type) {
		case *Heading:
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Heading` + strconv.Itoa(v.Level) + `"/></w:pPr>`)
			dw.bookmarkOpen(&b, v.Label)
			dw.runs(&b, v.Inlines, &dw.bodyLinks)
			dw.bookmarkClose(&b, v.Label)
			b.WriteString(`</w:p>`)
		case *Paragraph:
			para("", v.Align, "", v.Inlines)
		case *NumberedParagraph:
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="NumberedParagraph"/></w:pPr>`)
			dw.bookmarkOpen(&b, v.Label)
			b.WriteString(`<w:r><w:t>` + strconv.Itoa(v.Number) + `.</w:t></w:r>`)
			dw.bookmarkClose(&b, v.Label)
			b.WriteString(`<w:r><w:tab/></w:r>`)
			dw.runs(&b, v.Inlines, &dw.bodyLinks)
			b.WriteString(`</w:p>`)
		case *Caption:
			if v.Court != "" {
				textPara("CaptionCourt", v.Court, false)
			}
			for _, l := range v.Lines {
				textPara("CaptionLine", l, false)
			}
			if v.CaseNumber != "" {
				textPara("CaptionLine", v.CaseNumber, false)
			}
			if v.CaseTitle != "" {
				textPara("CaptionCaseTitle", v.CaseTitle, false)
			}
			if v.DocumentTitle != "" {
				textPara("CaptionDocumentTitle", v.DocumentTitle, false)
			}
		case *BlockQuote:
			for _, p := range v.Paragraphs {
				para("Quote", AlignDefault, "", p)
			}
		case *List:
			for j, it := range v.Items {
				ins := append([]Inline{Text{Text: listMarker(v, j)}, tabInline{}}, it...)
				para("ListParagraph", AlignDefault, "", ins)
			}
		case *Table:
			dw.table(&b, v)
		case *Signature:
			if v.Place != "" || v.Date != "" {
				textPara("Signature", strings.Trim(clean(v.Place)+", "+clean(v.Date), ", "), false)
			}
			para("Signature", AlignDefault, `<w:spacing w:before="720"/>`, []Inline{Text{Text: "______________________________"}})
			for _, l := range v.Lines {
				textPara("Signature", l, false)
			}
		case *PageBreak:
			b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		}
	}
	if _, ok := last.(*Table); ok || last == nil {
		b.WriteString(`<w:p/>`)
	}
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/>` +
		`<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>` +
		`</w:sectPr></w:body></w:document>`)
	return []byte(b.String()), nil
}

// tabInline is an internal inline producing a w:tab (list markers).
type tabInline struct{}

func (tabInline) isInline() {}

func jc(a Align) string {
	switch a {
	case AlignLeft:
		return `<w:jc w:val="left"/>`
	case AlignCenter:
		return `<w:jc w:val="center"/>`
	case AlignRight:
		return `<w:jc w:val="right"/>`
	}
	return ""
}

func (dw *docxWriter) bookmarkOpen(b *strings.Builder, label string) {
	if label == "" {
		return
	}
	id := len(dw.bookmarks) + 1
	dw.bookmarks[label] = id
	b.WriteString(`<w:bookmarkStart w:id="` + strconv.Itoa(id) + `" w:name="` + bookmarkName(label) + `"/>`)
}

func (dw *docxWriter) bookmarkClose(b *strings.Builder, label string) {
	if label == "" {
		return
	}
	b.WriteString(`<w:bookmarkEnd w:id="` + strconv.Itoa(dw.bookmarks[label]) + `"/>`)
}

func rPr(st Style, charStyle string) string {
	if st == (Style{}) && charStyle == "" {
		return ""
	}
	s := "<w:rPr>"
	if charStyle != "" {
		s += `<w:rStyle w:val="` + charStyle + `"/>`
	}
	if st.Bold {
		s += "<w:b/>"
	}
	if st.Italic {
		s += "<w:i/>"
	}
	if st.SmallCaps {
		s += "<w:smallCaps/>"
	}
	return s + "</w:rPr>"
}

func textRun(b *strings.Builder, text string, st Style, charStyle string) {
	b.WriteString(`<w:r>` + rPr(st, charStyle) + `<w:t xml:space="preserve">` + xmlEsc(text) + `</w:t></w:r>`)
}

func (dw *docxWriter) runs(b *strings.Builder, ins []Inline, links *linkReg) {
	for _, in := range ins {
		switch v := in.(type) {
		case Text:
			if v.Text != "" {
				textRun(b, v.Text, v.Style, "")
			}
		case tabInline:
			b.WriteString(`<w:r><w:tab/></w:r>`)
		case Link:
			b.WriteString(`<w:hyperlink r:id="` + links.id(clean(v.URL)) + `" w:history="1">`)
			textRun(b, v.Text, v.Style, "Hyperlink")
			b.WriteString(`</w:hyperlink>`)
		case CrossRef:
			b.WriteString(`<w:hyperlink w:anchor="` + bookmarkName(v.Target) + `" w:history="1">`)
			textRun(b, v.Text, v.Style, "CrossReference")
			b.WriteString(`</w:hyperlink>`)
		case FootnoteRef:
			b.WriteString(`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="` + strconv.Itoa(v.Number) + `"/></w:r>`)
		}
	}
}

func (dw *docxWriter) table(b *strings.Builder, t *Table) {
	cols := len(t.Header)
	if cols == 0 && len(t.Rows) > 0 {
		cols = len(t.Rows[0])
	}
	widths := make([]int, cols)
	var sum float64
	for _, w := range t.Widths {
		sum += w
	}
	for j := range widths {
		if len(t.Widths) == cols && sum > 0 {
			widths[j] = int(float64(docxTextWidth) * t.Widths[j] / sum)
		} else {
			widths[j] = docxTextWidth / cols
		}
	}
	if len(t.Caption) > 0 {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr>`)
		dw.runs(b, t.Caption, &dw.bodyLinks)
		b.WriteString(`</w:p>`)
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="` + strconv.Itoa(docxTextWidth) + `" w:type="dxa"/>` +
		`<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells []Cell, header bool) {
		b.WriteString(`<w:tr>`)
		if header {
			b.WriteString(`<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		} else {
			b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		for j := 0; j < cols; j++ {
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[j]) + `" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>`)
			if header {
				b.WriteString(`<w:keepNext/></w:pPr>`)
			} else {
				b.WriteString(`</w:pPr>`)
			}
			if j < len(cells) {
				ins := cells[j].Inlines
				if header {
					ins = boldAll(ins)
				}
				dw.runs(b, ins, &dw.bodyLinks)
			}
			b.WriteString(`</w:p></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	if len(t.Header) > 0 {
		row(t.Header, true)
	}
	for _, r := range t.Rows {
		row(r, false)
	}
	b.WriteString(`</w:tbl>`)
}

func boldAll(ins []Inline) []Inline {
	out := make([]Inline, len(ins))
	for i, in := range ins {
		switch v := in.(type) {
		case Text:
			v.Style.Bold = true
			out[i] = v
		default:
			out[i] = in
		}
	}
	return out
}

func (dw *docxWriter) footnotes() []byte {
	dw.noteLinks.prefix = "rIdN"
	var b strings.Builder
	b.Grow(1 << 15)
	b.WriteString(xmlHeader + `<w:footnotes xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
		`<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>` +
		`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>`)
	for _, fn := range dw.doc.Footnotes {
		b.WriteString(`<w:footnote w:id="` + strconv.Itoa(fn.Number) + `"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>` +
			`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:tab/></w:r>`)
		dw.runs(&b, fn.Inlines, &dw.noteLinks)
		b.WriteString(`</w:p></w:footnote>`)
	}
	b.WriteString(`</w:footnotes>`)
	return []byte(b.String())
}

// referenceStyles returns the word/styles.xml of a reference .docx, completed with every embedded
// style whose styleId it lacks (so our paragraphs never fall back to Normal silently).
func referenceStyles(docx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, fmt.Errorf("not a .docx (zip) file: %w", err)
	}
	var styles []byte
	for _, f := range zr.File {
		if f.Name != "word/styles.xml" {
			continue
		}
		if f.UncompressedSize64 > 32<<20 {
			return nil, errors.New("word/styles.xml larger than 32 MiB")
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("open word/styles.xml: %w", err)
		}
		styles, err = io.ReadAll(io.LimitReader(rc, 32<<20))
		_ = rc.Close()
		if err != nil {
			return nil, fmt.Errorf("read word/styles.xml: %w", err)
		}
	}
	if styles == nil {
		return nil, errors.New("no word/styles.xml in the reference document")
	}
	have, err := styleIDs(styles)
	if err != nil {
		return nil, fmt.Errorf("word/styles.xml: %w", err)
	}
	var missing strings.Builder
	for _, m := range styleElemRe.FindAll(defaultStyles, -1) {
		id := styleIDRe.FindSubmatch(m)
		if id == nil || have[string(id[1])] {
			continue
		}
		missing.Write(m)
	}
	if missing.Len() == 0 {
		return styles, nil
	}
	end := bytes.LastIndex(styles, []byte("</w:styles>"))
	if end < 0 {
		return nil, errors.New("word/styles.xml: no closing </w:styles> (the template must use the w: prefix)")
	}
	out := make([]byte, 0, len(styles)+missing.Len())
	out = append(out, styles[:end]...)
	out = append(out, missing.String()...)
	out = append(out, styles[end:]...)
	return out, nil
}

var (
	styleElemRe = regexp.MustCompile(`(?s)<w:style [^>]*>.*?</w:style>`)
	styleIDRe   = regexp.MustCompile(`w:styleId="([^"]+)"`)
)

// styleIDs parses a styles part and returns the styleIds it defines.
func styleIDs(data []byte) (map[string]bool, error) {
	ids := map[string]bool{}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return ids, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "style" && se.Name.Space == nsW {
			for _, a := range se.Attr {
				if a.Name.Local == "styleId" {
					ids[a.Value] = true
				}
			}
		}
	}
}

// ReferenceDOCX writes a reference document: a short DOCX that uses every style the DOCX renderer
// needs, for a user to restyle in Word or LibreOffice and pass back as Options.ReferenceDocx
// (like pandoc's reference.docx). Only its word/styles.xml is used.
func ReferenceDOCX(ctx context.Context, w io.Writer) error {
	doc := &Document{
		Kind: KindIndictment, Title: "Reference document", Version: "VERSION BANNER (header)",
		Blocks: []Block{
			&Caption{Court: "Court (CaptionCourt)", Lines: []string{"Caption line (CaptionLine)"}, CaseTitle: "Case title (CaptionCaseTitle)", DocumentTitle: "Document title (CaptionDocumentTitle)"},
			&Heading{Level: 1, Inlines: []Inline{Text{Text: "Heading 1"}}},
			&Paragraph{Inlines: []Inline{Text{Text: "Body text (Normal), with a footnote"}, FootnoteRef{Number: 1}, Text{Text: ", a "}, Link{Text: "hyperlink", URL: "https://example.org"}, Text{Text: " and a "}, CrossRef{Text: "cross-reference", Target: "p"}, Text{Text: "."}}},
			&Heading{Level: 2, Inlines: []Inline{Text{Text: "Heading 2"}}},
			&NumberedParagraph{Number: 1, Label: "p", Inlines: []Inline{Text{Text: "A numbered paragraph (NumberedParagraph)."}}},
			&Heading{Level: 3, Inlines: []Inline{Text{Text: "Heading 3"}}},
			&BlockQuote{Paragraphs: [][]Inline{{Text{Text: "A quotation (Quote)."}}}},
			&List{Ordered: true, Items: [][]Inline{{Text{Text: "A list item (ListParagraph)."}}}},
			&Table{Caption: []Inline{Text{Text: "A table caption (Caption)"}}, Header: []Cell{{Inlines: []Inline{Text{Text: "Header (TableText)"}}}}, Rows: [][]Cell{{{Inlines: []Inline{Text{Text: "Cell (TableText, TableGrid)"}}}}}},
			&Signature{Place: "Place", Date: "date (Signature)", Lines: []string{"Signatory"}},
		},
		Footnotes: []Footnote{{Number: 1, Inlines: []Inline{Text{Text: "Footnote text (FootnoteText; mark: FootnoteReference)."}}}},
	}
	return DOCX(ctx, w, doc, Options{})
}
