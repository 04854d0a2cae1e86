package docimport

import (
	"fmt"
	"io"
	"strings"

	"dossier/internal/cite"
)

// Sources parses the document's footnotes into citations and merged works (see internal/cite):
// one Work per distinct work cited, with every place that cites it; unparseable citations are
// kept verbatim and flagged.
func Sources(d *Document) *cite.Result {
	notes := make([]cite.Note, 0, len(d.Footnotes))
	for _, f := range d.Footnotes {
		notes = append(notes, cite.Note{Number: f.Number, Text: f.Text, Line: f.Line})
	}
	return cite.ParseNotes(notes)
}

// WriteImportReport writes what import found: counts, one line per work with its fields and the
// footnotes citing it, and the citations that could not be read.
func WriteImportReport(w io.Writer, d *Document, r *cite.Result) error {
	var b strings.Builder
	notes := 0
	for _, c := range r.Citations {
		if c.Kind == cite.KindNote {
			notes++
		}
	}
	unparsed := r.Unparsed()
	fmt.Fprintf(&b, "%s: %d paragraphs, %d sections, %d footnotes; %d citations (%d explanatory notes) in %d works; %d unparsed\n",
		d.File, len(d.Paragraphs), len(d.Sections), len(d.Footnotes), len(r.Citations), notes, len(r.Works), len(unparsed))
	for i, wk := range r.Works {
		var fields []string
		add := func(k, v string) {
			if v != "" {
				fields = append(fields, k+"="+v)
			}
		}
		add("author", strings.Join(wk.Authors, "; "))
		add("title", fmt.Sprintf("%q", wk.Title))
		add("container-title", wk.Container)
		add("publisher", wk.Publisher)
		add("issued", wk.Issued)
		add("document-symbol", wk.Symbol)
		add("number", wk.Number)
		add("URL", wk.URL)
		add("accessed", wk.Accessed)
		var fns []string
		for _, p := range wk.Cited {
			s := fmt.Sprint(p.Footnote)
			if p.Form != "" {
				s += "(" + string(p.Form) + ")"
			}
			fns = append(fns, s)
		}
		fmt.Fprintf(&b, "work %d [%s] %s; cited in footnotes %s\n", i+1, wk.Kind, strings.Join(fields, ", "), strings.Join(fns, ", "))
		if len(wk.Titles) > 1 {
			fmt.Fprintf(&b, "  titles differ: %q\n", wk.Titles)
		}
		if len(wk.URLs) > 1 {
			fmt.Fprintf(&b, "  URLs differ: %q\n", wk.URLs)
		}
	}
	for _, c := range unparsed {
		fmt.Fprintf(&b, "%s:%d: footnote %d: citation not parsed, kept verbatim: %q\n", d.File, c.Line, c.Footnote, c.Raw)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write import report: %w", err)
	}
	return nil
}
