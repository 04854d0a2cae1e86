package render

import (
	"context"
	"testing"
)

// checkPagination verifies the page layout's invariants without any external tool:
//   - every footnote starts on the page of the line that references it (unless an earlier note
//     was split on that page: then it follows the continuation, notes staying in order);
//   - every line of every note is placed exactly once, notes in increasing order, a note's lines
//     in order, and a note continued on a later page is introduced by a "(continued)" line;
//   - nothing overflows: body and note area fit between the margins on every page.
func checkPagination(t *testing.T, doc *Document) *pdfLayout {
	t.Helper()
	L, err := layoutPDF(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	refPage := map[int]int{}
	notePage := map[int]int{}
	placedLines := map[int]int{}
	lastFn := 0
	for pi, p := range L.pages {
		bottom := bodyTop
		for _, pl := range p.body {
			for _, n := range pl.it.fns {
				if _, dup := refPage[n]; !dup && pl.it != nil {
					refPage[n] = pi
				}
			}
			if e := pl.y + pl.it.h; e > bottom {
				bottom = e
			}
		}
		if len(p.body) > 1 && bottom > bodyBottom-p.noteHeight()+0.01 {
			t.Errorf("page %d: body ends at %.1f, below the note area starting at %.1f", pi+1, bottom, bodyBottom-p.noteHeight())
		}
		for i, nl := range p.notes {
			if nl.continued {
				if i != 0 {
					t.Errorf("page %d: a (continued) line in the middle of the note area", pi+1)
				}
				if placedLines[nl.fn] == 0 {
					t.Errorf("page %d: note %d continued before it started", pi+1, nl.fn)
				}
				continue
			}
			if nl.fn < lastFn {
				t.Errorf("page %d: note %d after note %d", pi+1, nl.fn, lastFn)
			}
			lastFn = nl.fn
			if nl.first {
				if _, dup := notePage[nl.fn]; dup {
					t.Errorf("note %d starts twice", nl.fn)
				}
				notePage[nl.fn] = pi
			} else if i == 0 && !p.contSep {
				t.Errorf("page %d: note %d continues without the continuation separator", pi+1, nl.fn)
			}
			placedLines[nl.fn]++
		}
	}
	for _, fn := range doc.Footnotes {
		n := fn.Number
		if placedLines[n] != len(L.notes[n]) {
			t.Errorf("note %d: %d of %d lines placed", n, placedLines[n], len(L.notes[n]))
		}
		// The one exception, as in LaTeX: when a note before it had to be split on the page of
		// the reference, a note follows that note's continuation onto the next page.
		if refPage[n] != notePage[n] && !(L.pages[refPage[n]].carryOut && notePage[n] > refPage[n]) {
			t.Errorf("note %d: referenced on page %d, starts on page %d", n, refPage[n]+1, notePage[n]+1)
		}
	}
	return L
}

// strictlyOnRefPage reports notes that do not start on their reference's page.
func strictlyOnRefPage(L *pdfLayout) []int {
	ref := map[int]int{}
	start := map[int]int{}
	for pi, p := range L.pages {
		for _, pl := range p.body {
			for _, n := range pl.it.fns {
				if _, ok := ref[n]; !ok {
					ref[n] = pi
				}
			}
		}
		for _, nl := range p.notes {
			if nl.first {
				start[nl.fn] = pi
			}
		}
	}
	var bad []int
	for n, p := range ref {
		if start[n] != p {
			bad = append(bad, n)
		}
	}
	return bad
}

func TestPDFPaginationSample(t *testing.T) {
	L := checkPagination(t, sampleIndictment())
	if bad := strictlyOnRefPage(L); len(bad) > 0 {
		t.Errorf("notes %v do not start on their reference's page", bad)
	}
	split := false
	for _, p := range L.pages {
		split = split || p.carryOut
	}
	if !split {
		t.Error("no note was split: the sample no longer exercises continued notes")
	}
}

func TestPDFPaginationSynthetic(t *testing.T) {
	doc := SyntheticDocument(500, 2000)
	L := checkPagination(t, doc)
	if bad := strictlyOnRefPage(L); len(bad) > 0 {
		t.Errorf("notes %v do not start on their reference's page", bad)
	}
	if n := len(L.pages); n < 100 || n > 400 {
		t.Errorf("%d pages for 500 paragraphs and 2,000 notes", n)
	}
}

// Dense notes: many notes on one line, and a note longer than a page.
func TestPDFPaginationExtremes(t *testing.T) {
	b := &docBuilder{doc: &Document{Version: "V"}}
	var ins []Inline
	for i := 0; i < 12; i++ {
		ins = append(ins, Text{Text: "word "}, b.fnt("A note of moderate length that fills most of one line at the foot of the page, and a bit more."))
	}
	b.np("", ins...)
	huge := ""
	for i := 0; i < 150; i++ {
		huge += "This note goes on and on across more than one page of footnote space. "
	}
	for i := 0; i < 30; i++ {
		b.np("", Text{Text: "A paragraph of body text long enough to take two lines on the page so that the layout has something to place around the notes."}, b.fnt(huge[:200+i*40]))
	}
	b.np("", Text{Text: "The huge note"}, b.fnt(huge), Text{Text: " and a small one"}, b.fnt("Small."))
	L := checkPagination(t, b.doc)
	// the sample and synthetic documents must meet the strict rule: only here may a note move
	strict := 0
	for _, p := range L.pages {
		if p.carryOut {
			strict++
		}
	}
	if strict == 0 {
		t.Error("the extreme document split no note")
	}
}
