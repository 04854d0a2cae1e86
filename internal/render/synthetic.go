package render

import (
	"fmt"
	"strings"
	"time"
)

// SyntheticDocument builds a large, valid indictment-like Document for benchmarks and load tests:
// a caption, a heading every 50 paragraphs, paragraphs numbered 1..paragraphs, footnotes spread
// evenly over them (numbered in order of reference, about one in twenty of them long), a
// cross-reference in every tenth paragraph and a 20-row chronology table. The text is generated,
// deterministic and meaningless.
func SyntheticDocument(paragraphs, footnotes int) *Document {
	doc := &Document{
		Kind:    KindIndictment,
		Title:   "Synthetic indictment",
		Version: "CONFIDENTIAL — FULL VERSION",
		Date:    time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Meta:    []MetaField{{Key: "generator", Value: "render.SyntheticDocument"}},
		Blocks:  []Block{&Caption{Court: "International Criminal Court", Lines: []string{"Pre-Trial Chamber"}, CaseTitle: "THE PROSECUTOR v. A. N. OTHER", DocumentTitle: "Indictment"}},
	}
	words := strings.Fields("the accused forces territory munitions transport order assistance report shipment " +
		"command brigade evidence statement source region deployment commander artillery officials delivery")
	sentence := func(seed, n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(seed*7+i*13+i*i)%len(words)])
		}
		return b.String()
	}
	note := func(n int) {
		text := fmt.Sprintf("Source %d, %s, at %d (%d), ", n, strings.ToUpper(sentence(n, 1)[:1])+sentence(n, 6)[1:], n%300+1, 2000+n%26)
		ins := []Inline{Text{Text: text}, Link{Text: fmt.Sprintf("https://example.org/src/%d/%s", n, sentence(n, 1)), URL: fmt.Sprintf("https://example.org/src/%d", n)}, Text{Text: " (last visited 1 Jan. 2026)."}}
		if n%20 == 0 {
			ins = append(ins, Text{Text: " " + sentence(n, 160) + "."})
		}
		doc.Footnotes = append(doc.Footnotes, Footnote{Number: n, Inlines: ins})
	}
	next := 1
	for p := 1; p <= paragraphs; p++ {
		if p%50 == 1 {
			doc.Blocks = append(doc.Blocks, &Heading{Level: 1 + (p/50)%2, Label: fmt.Sprintf("sec-%d", p), Inlines: []Inline{Text{Text: fmt.Sprintf("Section %d", p/50+1)}}})
		}
		// footnotes due by the end of this paragraph
		due := footnotes * p / max(paragraphs, 1)
		var ins []Inline
		ins = append(ins, Text{Text: strings.ToUpper(sentence(p, 1)[:1]) + sentence(p, 28)[1:]})
		if p%10 == 0 && p > 1 {
			ins = append(ins, Text{Text: ", as alleged in "}, CrossRef{Text: fmt.Sprintf("paragraph %d", p-1), Target: fmt.Sprintf("para-%d", p-1)})
		}
		k := 0
		for next <= due {
			if k > 0 {
				ins = append(ins, Text{Text: " " + sentence(p+k, 9)})
			}
			note(next)
			ins = append(ins, FootnoteRef{Number: next})
			next++
			k++
		}
		ins = append(ins, Text{Text: "."})
		doc.Blocks = append(doc.Blocks, &NumberedParagraph{Number: p, Label: fmt.Sprintf("para-%d", p), Inlines: ins})
		if p == paragraphs/2 {
			t := &Table{Header: []Cell{{Inlines: []Inline{Text{Text: "Date"}}}, {Inlines: []Inline{Text{Text: "Event"}}}}, Widths: []float64{1, 4}}
			for r := 0; r < 20; r++ {
				t.Rows = append(t.Rows, []Cell{{Inlines: []Inline{Text{Text: fmt.Sprintf("%d March 2024", r+1)}}}, {Inlines: []Inline{Text{Text: sentence(r, 14)}}}})
			}
			doc.Blocks = append(doc.Blocks, t)
		}
	}
	for next <= footnotes { // when paragraphs is 0
		note(next)
		doc.Blocks = append(doc.Blocks, &Paragraph{Inlines: []Inline{Text{Text: "Note"}, FootnoteRef{Number: next}}})
		next++
	}
	doc.Blocks = append(doc.Blocks, &Signature{Place: "The Hague", Date: "1 January 2026", Lines: []string{"The Prosecutor"}})
	return doc
}
