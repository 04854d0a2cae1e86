package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// fuzzDoc builds a small document whose texts come from the fuzzer.
func fuzzDoc(a, b, url string) *Document {
	return &Document{Kind: KindBrief, Title: a, Version: b, Meta: []MetaField{{Key: a, Value: b}},
		Blocks: []Block{
			&Caption{Court: a, Lines: []string{b}, CaseTitle: a, DocumentTitle: b},
			&Heading{Level: 1, Label: a, Inlines: []Inline{Text{Text: a, Style: Style{SmallCaps: true}}}},
			&NumberedParagraph{Number: 1, Label: a + "x", Inlines: []Inline{Text{Text: b}, FootnoteRef{Number: 1}, Link{Text: a, URL: url}, CrossRef{Text: b, Target: a}}},
			&Table{Header: []Cell{{Inlines: []Inline{Text{Text: a}}}}, Rows: [][]Cell{{{Inlines: []Inline{Text{Text: b + b + b}}}}}},
			&List{Items: [][]Inline{{Text{Text: a}}}},
			&Signature{Place: a, Date: b, Lines: []string{a}},
		},
		Footnotes: []Footnote{{Number: 1, Inlines: []Inline{Text{Text: strings.Repeat(b+" ", 20)}, Link{Text: url, URL: url}}}},
	}
}

// FuzzRender: arbitrary text never panics any renderer, DOCX parts stay well-formed XML and the
// HTML parses with the text intact.
func FuzzRender(f *testing.F) {
	f.Add("accused", "CONFIDENTIAL — FULL VERSION", "https://example.org/a?b=c&d")
	f.Add("<b>&amp;</b>", "\x00\x01\ufffe]]>", "javascript:alert(1)")
	f.Add("*_[x](y)_* # | \\", "1. - + > `code`", "https://x/y z(")
	f.Add(strings.Repeat("W", 300), "Ω≈ç√ 中文 עברית", "mailto:a@b")
	f.Add("\xff\xfe bad utf8", "</style><script>", "")
	f.Fuzz(func(t *testing.T, a, b, url string) {
		if strings.TrimSpace(clean(a)) == "" || strings.TrimSpace(b) == "" || url == "" {
			t.Skip()
		}
		doc := fuzzDoc(a, b, url)
		if err := Validate(doc); err != nil {
			return // e.g. labels whose anchors clash; rejected cleanly is fine
		}
		for _, fm := range Formats {
			var buf bytes.Buffer
			if err := Render(context.Background(), fm, &buf, doc, Options{}); err != nil {
				t.Fatalf("%s: %v", fm, err)
			}
			switch fm {
			case FormatDOCX:
				for _, part := range []string{"word/document.xml", "word/footnotes.xml", "word/header1.xml", "docProps/core.xml", "word/_rels/document.xml.rels"} {
					d := xml.NewDecoder(strings.NewReader(zipPart(t, buf.Bytes(), part)))
					for {
						_, err := d.Token()
						if errors.Is(err, io.EOF) {
							break
						}
						if err != nil {
							t.Fatalf("%s not well-formed: %v", part, err)
						}
					}
				}
			case FormatHTML, FormatMarkdown:
				if !utf8.Valid(buf.Bytes()) {
					t.Fatalf("%s output is not valid UTF-8", fm)
				}
			}
		}
	})
}

// FuzzReferenceDocx: any bytes as a template either work or give an error, never a panic.
func FuzzReferenceDocx(f *testing.F) {
	f.Add(makeDocx(f, xmlHeader+`<w:styles xmlns:w="`+nsW+`"></w:styles>`))
	f.Add(makeDocx(f, `<w:styles xmlns:w="`+nsW+`"><w:style w:styleId="Normal"/></w:styles>`))
	f.Add([]byte("PK\x03\x04 broken"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, ref []byte) {
		doc := fuzzDoc("a", "V", "https://x")
		_ = DOCX(context.Background(), io.Discard, doc, Options{ReferenceDocx: ref})
	})
}

// Every in-document link of the HTML points at an existing id, and ids are unique.
func TestHTMLLinks(t *testing.T) {
	data := renderBytes(t, FormatHTML, sampleIndictment(), Options{})
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	var hrefs []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					ids[a.Val]++
				case "href":
					if strings.HasPrefix(a.Val, "#") {
						hrefs = append(hrefs, a.Val[1:])
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
	if len(hrefs) < 120 {
		t.Errorf("only %d internal links; want footnote links both ways and cross-references", len(hrefs))
	}
	for _, h := range hrefs {
		if ids[h] == 0 {
			t.Errorf("link to #%s has no target", h)
		}
	}
}
