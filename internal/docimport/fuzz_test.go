package docimport

import (
	"archive/zip"
	"context"
	"strings"
	"testing"
)

func checkDoc(t *testing.T, d *Document) {
	t.Helper()
	for _, m := range d.Markers {
		if m.Paragraph < 0 || m.Paragraph >= len(d.Paragraphs) {
			t.Fatalf("marker %+v points outside %d paragraphs", m, len(d.Paragraphs))
		}
		p := d.Paragraphs[m.Paragraph]
		if m.Offset < 0 || m.Offset > len(p.Text) {
			t.Fatalf("marker offset %d outside paragraph of %d bytes", m.Offset, len(p.Text))
		}
	}
	for i := range d.Paragraphs {
		p := &d.Paragraphs[i]
		if p.Line < 1 || p.EndLine < p.Line {
			t.Fatalf("paragraph %d lines %d-%d", i, p.Line, p.EndLine)
		}
		_ = p.LineAt(len(p.Text))
		if p.Section >= len(d.Sections) {
			t.Fatalf("section index %d of %d", p.Section, len(d.Sections))
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"I. Intro\n\nText.¹ More.²³\n\n_\n\n¹ A, *B*, C (Apr. 25, 2019), https://x.org.\n\n²³ Second. ²⁴ Third\n",
		"^{2*} Body\n\n^{2012), <a href=\"x\">\n\n1.\n\nFelix, Reuters (Sept. 15, 2023)\n\n0481380.pdf\n",
		"Executive Summary\t3\nI. Intro\t\n\n- 2. At all\n\n- the rest.\n\nCount 1: X⁵⁴\n",
		"¹", "^{", "^{}", "1.", "\t\t", "⁴⁵⁶⁷⁸⁹⁰¹²", "a. 5 b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDoc(t, ParseText("f.txt", s))
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# H\n\nText.[^1] More^[inline].\n\n[^1]: Body\n    continued\n",
		"---\na: b\n---\n13. Para[^x]\n\n[^x]:\n\n    indented\n",
		"```\n[^1]: in code\n```\n[^1]", "^[", "[^]", "[^a]: [^a]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDoc(t, ParseMarkdown("f.md", s))
	})
}

func FuzzDOCX(f *testing.F) {
	f.Add(docxFiles(f, map[string]string{"word/document.xml": testDocument, "word/footnotes.xml": testFootnotes}, zip.Deflate))
	f.Add(docxFiles(f, map[string]string{"word/document.xml": testDocument}, zip.Store))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte(strings.Repeat("A", 100)))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDOCX(context.Background(), "f.docx", data)
		if err != nil {
			return
		}
		checkDoc(t, d)
	})
}
