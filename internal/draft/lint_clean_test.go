package draft

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"dossier/internal/docimport"
	"dossier/internal/lint"
	"dossier/internal/model"
	"dossier/internal/render"
)

// caseNames gives the linter the case's actors and their accepted spellings, as
// `dossier lint --with-case` does.
func caseNames(b *model.Bundle) []lint.Name {
	var out []lint.Name
	for i := range b.Actors {
		a := &b.Actors[i]
		names := a.AllNames()
		out = append(out, lint.Name{Canonical: names[0], Aliases: names[1:]})
	}
	return out
}

// TestReferenceDraftsLintClean compiles the reference case's indictment and brief, confidential
// and public, renders each to Markdown and DOCX, reads the output back as `dossier lint` does and
// requires zero findings at any severity, with the law library deciding which provisions exist
// and the case's actors as the accepted names. A finding here is either a defect of the draft
// (fix the draft or the compiler) or a false alarm of the linter (fix its heuristic, with a
// regression test in internal/lint).
func TestReferenceDraftsLintClean(t *testing.T) {
	ctx := context.Background()
	b := refBundle(t)
	lib := testLib(t)
	opts := lint.Options{Provisions: lint.LawProvisions(lib), Names: caseNames(b)}
	for _, id := range []string{"indictment", "brief"} {
		for _, public := range []bool{false, true} {
			doc, err := Compile(ctx, refDraft(t, b, id), b, lib, Options{Public: public})
			if err != nil {
				t.Fatalf("compile %s (public %v): %v", id, public, err)
			}
			for _, f := range []struct {
				format render.Format
				kind   docimport.Format
				ext    string
			}{{render.FormatMarkdown, docimport.FormatMarkdown, "md"}, {render.FormatDOCX, docimport.FormatDOCX, "docx"}} {
				name := id
				if public {
					name += "-public"
				}
				name += "." + f.ext
				t.Run(name, func(t *testing.T) {
					var buf bytes.Buffer
					if err := render.Render(ctx, f.format, &buf, doc, render.Options{}); err != nil {
						t.Fatalf("render: %v", err)
					}
					d, err := docimport.Read(ctx, name, bytes.NewReader(buf.Bytes()), f.kind)
					if err != nil {
						t.Fatalf("read back: %v", err)
					}
					if len(d.Footnotes) < 20 || len(d.Paragraphs) < 10 {
						t.Fatalf("read back %d paragraphs and %d footnotes: the linter would check next to nothing", len(d.Paragraphs), len(d.Footnotes))
					}
					fs := lint.Run(ctx, []*docimport.Document{d}, opts)
					if len(fs) > 0 {
						var b strings.Builder
						_ = lint.WriteText(&b, fs)
						t.Errorf("%d finding(s) on %s:\n%s", len(fs), name, b.String())
					}
				})
			}
		}
	}
}

// TestLintCleanCanFail: the same path reports a defect put into a compiled draft, so that the
// test above cannot pass by checking nothing.
func TestLintCleanCanFail(t *testing.T) {
	ctx := context.Background()
	b := refBundle(t)
	lib := testLib(t)
	doc, err := Compile(ctx, refDraft(t, b, "indictment"), b, lib, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// an uncited quotation and a provision that does not exist, in a paragraph of its own
	doc.Blocks = append(doc.Blocks, &render.Paragraph{Inlines: []render.Inline{render.Text{Text: fmt.Sprintf(
		"The Chamber said that the accused \"%s\" under Article 25(c)(3) of the Rome Statute.", "lent practical assistance that had a substantial effect on the crimes")}}})
	var buf bytes.Buffer
	if err := render.Render(ctx, render.FormatMarkdown, &buf, doc, render.Options{}); err != nil {
		t.Fatal(err)
	}
	d, err := docimport.Read(ctx, "bad.md", bytes.NewReader(buf.Bytes()), docimport.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	fs := lint.Run(ctx, []*docimport.Document{d}, lint.Options{Provisions: lint.LawProvisions(lib), Names: caseNames(b)})
	got := map[string]bool{}
	for _, f := range fs {
		got[f.Check] = true
	}
	for _, want := range []string{"quote-uncited", "provision-unknown"} {
		if !got[want] {
			t.Errorf("want %s among %v", want, got)
		}
	}
}
