package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"dossier/internal/cite"
	"dossier/internal/draft"
	"dossier/internal/law"
	"dossier/internal/model"
	"dossier/internal/render"

	"github.com/spf13/cobra"
)

func init() {
	register(newRenderCmd)
	registerDemoStep("drafts", demoDrafts)
}

func newRenderCmd(e *env) *cobra.Command {
	var format, out, style, refDocx string
	var public bool
	cmd := &cobra.Command{
		Use:   "render DRAFT -o FILE",
		Short: "Compile a draft (indictment, brief) of the case and render it as DOCX, PDF, HTML or Markdown",
		Long: `Render compiles one of the case's drafts — by id (indictment, brief) or a path to a .md
draft file, read against the case in the store — and writes it in one format. Paragraph numbers,
cross-references, footnotes (Bluebook or OSCOLA, with Id. and supra) and the counts are computed;
a draft that refers to a missing label, an unknown source or fact, or a provision that does not
exist is refused with file:line errors (exit 2) and no file is written.

--public writes the public redacted version: confidential facts, sources and names become
[REDACTED] everywhere. Both versions say which they are in every page header.
The format is documented in docs/drafting.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if out == "" {
				return badInputf("render: -o FILE is required")
			}
			if format == "" {
				format = strings.TrimPrefix(filepath.Ext(out), ".")
			}
			f, err := render.ParseFormat(format)
			if err != nil {
				return badInputf("render: --format: %v (docx, pdf, html or md)", err)
			}
			var st cite.Style
			if style != "" {
				if st, err = cite.ParseStyle(style); err != nil {
					return badInput(err)
				}
			}
			var opts render.Options
			if refDocx != "" {
				if opts.ReferenceDocx, err = os.ReadFile(refDocx); err != nil {
					return badInputf("render: --reference-docx: %v", err)
				}
			}
			b, s, _, err := e.loadCase(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			d, file, err := pickDraft(b, args[0])
			if err != nil {
				return err
			}
			data, err := compileRender(ctx, d, b, draft.Options{File: file, Style: st, Public: public}, f, opts)
			if err != nil {
				return err
			}
			if err := writeFileAtomic(out, data); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "wrote %s (%d bytes)\n", out, len(data))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "", "docx, pdf, html or md (default: from the -o extension)")
	fl.StringVarP(&out, "output", "o", "", "output file")
	fl.BoolVar(&public, "public", false, "render the public redacted version")
	fl.StringVar(&style, "style", "", "citation style: bluebook or oscola (default: the draft's)")
	fl.StringVar(&refDocx, "reference-docx", "", "a .docx whose styles replace the built-in ones (a court's template)")
	return cmd
}

// pickDraft finds a draft by id in the case, or reads a .md file given by path.
func pickDraft(b *model.Bundle, arg string) (*model.DraftDoc, string, error) {
	if strings.HasSuffix(arg, ".md") || strings.ContainsRune(arg, os.PathSeparator) {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, "", badInputf("render: %v", err)
		}
		id := strings.TrimSuffix(filepath.Base(arg), ".md")
		return &model.DraftDoc{ID: id, Path: filepath.Base(arg), Body: string(data)}, arg, nil
	}
	var ids []string
	for i := range b.Drafts {
		if b.Drafts[i].ID == arg {
			return &b.Drafts[i], "", nil
		}
		ids = append(ids, b.Drafts[i].ID)
	}
	if len(ids) == 0 {
		return nil, "", badInputf("render: case %s has no drafts (put them under drafts/ in the bundle, or give a path to a .md file)", b.Case.ID)
	}
	return nil, "", badInputf("render: no draft %q in case %s (drafts: %s)", arg, b.Case.ID, strings.Join(ids, ", "))
}

// compileRender compiles a draft and renders it into memory; draft errors are bad input.
func compileRender(ctx context.Context, d *model.DraftDoc, b *model.Bundle, dopts draft.Options, f render.Format, ropts render.Options) ([]byte, error) {
	lib, err := law.Load()
	if err != nil {
		return nil, fmt.Errorf("load law library: %w", err)
	}
	doc, err := draft.Compile(ctx, d, b, lib, dopts)
	if err != nil {
		var de draft.Errors
		if errors.As(err, &de) {
			return nil, badInput(err)
		}
		return nil, err
	}
	var buf bytes.Buffer
	if err := render.Render(ctx, f, &buf, doc, ropts); err != nil {
		return nil, fmt.Errorf("render %s: %w", f, err)
	}
	return buf.Bytes(), nil
}

// demoDrafts writes the reference indictment (full and public) and the brief in every format.
func demoDrafts(ctx context.Context, d *demoRun) error {
	if len(d.b.Charges) == 0 {
		// the indictment's {{counts}} needs the charges; say so rather than fail the whole demo
		fmt.Fprintln(d.e.stderr, "demo: drafts skipped: the reference case has no charges yet")
		return nil
	}
	jobs := []struct {
		id, name string
		public   bool
	}{
		{"indictment", "indictment", false},
		{"indictment", "indictment-public", true},
		{"brief", "brief", false},
	}
	for _, j := range jobs {
		dr, _, err := pickDraft(d.b, j.id)
		if err != nil {
			return err
		}
		for _, f := range render.Formats {
			data, err := compileRender(ctx, dr, d.b, draft.Options{Public: j.public}, f, render.Options{})
			if err != nil {
				return fmt.Errorf("%s.%s: %w", j.name, f, err)
			}
			if err := d.file(j.name+f.Ext(), data); err != nil {
				return err
			}
		}
	}
	return nil
}
