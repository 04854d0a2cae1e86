package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"dossier/internal/docimport"
	"dossier/internal/lint"
	"dossier/internal/model"

	"github.com/spf13/cobra"
)

func init() { register(newLintCmd) }

// caseNames returns the case's actors as names for the spelling check.
func caseNames(b *model.Bundle) []lint.Name {
	var out []lint.Name
	for _, a := range b.Actors {
		n := lint.Name{Canonical: a.Name, Aliases: a.Aliases}
		for _, t := range a.Transliterations {
			n.Aliases = append(n.Aliases, t.Text)
		}
		out = append(out, n)
	}
	return out
}

func newLintCmd(e *env) *cobra.Command {
	var jsonOut, sarifOut, withCase bool
	var failOn string
	var disable []string
	cmd := &cobra.Command{
		Use:   "lint FILE...",
		Short: "Check legal drafts (text, Markdown, DOCX) for broken references, bad provisions, citation and figure defects",
		Long: `Lint reads each draft (plain text such as text extracted from a PDF, Markdown, or Word DOCX)
and reports defects with a check id, a severity, a location (file, line, paragraph, footnote), a
message and a suggestion: cross-references that point nowhere or run forward, provisions that do
not exist in the law library or are written two ways, one URL cited under different titles,
sources dated before the events they support, footnote numbering faults, incomplete citations and
malformed URLs, inconsistent citation style, spelling variants of names (using the case's actors
and aliases with --with-case), uncited quotations and allegations, figures stated differently.

Exit status 1 when there are findings at or above --fail-on (default: error); 2 for bad input.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			min, err := lint.ParseSeverity(failOn)
			if err != nil {
				return badInputf("--fail-on: %v", err)
			}
			known := map[string]bool{}
			for _, id := range lint.CheckIDs() {
				known[id] = true
			}
			for _, d := range disable {
				if !known[d] {
					return badInputf("--disable: unknown check %q (see dossier lint --help-checks)", d)
				}
			}
			opts := lint.Options{Disable: disable, Provisions: lint.BuiltinProvisions()}
			if lib, err := lawLibrary(); err == nil {
				opts.Provisions = lint.LawProvisions(lib)
			}
			if withCase {
				b, s, _, err := e.loadCase(ctx)
				if err != nil {
					return err
				}
				s.Close()
				opts.Names = caseNames(b)
			}
			docs, err := readDocs(ctx, args)
			if err != nil {
				return err
			}
			fs := lint.Run(ctx, docs, opts)
			switch {
			case sarifOut:
				err = lint.WriteSARIF(e.stdout, fs)
			case jsonOut:
				err = lint.WriteJSON(e.stdout, fs)
			default:
				err = lint.WriteText(e.stdout, fs)
				if err == nil {
					c := lint.Count(fs)
					fmt.Fprintf(e.stderr, "%d finding(s): %d error, %d warning, %d info\n", len(fs), c[lint.Error], c[lint.Warning], c[lint.Info])
				}
			}
			if err != nil {
				return err
			}
			if lint.FailOn(fs, min) {
				return &ExitError{Code: ExitFindings, Err: fmt.Errorf("findings at or above %s", min)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&jsonOut, "json", false, "write JSON")
	f.BoolVar(&sarifOut, "sarif", false, "write SARIF 2.1.0 (for code-scanning tools and editors)")
	f.StringVar(&failOn, "fail-on", "error", "exit 1 when findings at or above this severity exist (error, warning, info)")
	f.StringSliceVar(&disable, "disable", nil, "check ids not to run")
	f.BoolVar(&withCase, "with-case", false, "check names against the case's actors and aliases (--db, --case)")
	cmd.SetHelpFunc(func(c *cobra.Command, a []string) {
		c.Parent().HelpFunc()(c, a)
		fmt.Fprintln(c.OutOrStdout(), "\nChecks:")
		for _, ci := range lint.Checks {
			fmt.Fprintf(c.OutOrStdout(), "  %-28s %-8s %s\n", ci.ID, ci.Severity, ci.Description)
		}
	})
	return cmd
}

// readDocs reads drafts; a file that cannot be read or is not a document is bad input.
func readDocs(ctx context.Context, paths []string) ([]*docimport.Document, error) {
	var docs []*docimport.Document
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, badInput(err)
		}
		d, err := docimport.ReadFile(ctx, p)
		if err != nil {
			if errors.Is(err, docimport.ErrNotZip) || errors.Is(err, docimport.ErrZipBomb) || errors.Is(err, docimport.ErrPathTraversal) || errors.Is(err, docimport.ErrNoDocument) {
				return nil, badInputf("%s: %v", p, err)
			}
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func init() {
	// The demo checks its own drafts: a compiled indictment and brief must lint clean.
	registerLateDemoStep("lint of the rendered drafts", func(ctx context.Context, d *demoRun) error {
		var paths []string
		for _, name := range []string{"indictment.md", "indictment.docx", "indictment-public.md", "indictment-public.docx", "brief.md", "brief.docx"} {
			p := filepath.Join(d.out, name)
			if _, err := os.Stat(p); err == nil {
				paths = append(paths, p)
			}
		}
		if len(paths) == 0 {
			return nil
		}
		docs, err := readDocs(ctx, paths)
		if err != nil {
			return err
		}
		opts := lint.Options{Provisions: lint.BuiltinProvisions(), Names: caseNames(d.b)}
		if lib, err := lawLibrary(); err == nil {
			opts.Provisions = lint.LawProvisions(lib)
		}
		var buf bytes.Buffer
		if err := lint.WriteJSON(&buf, lint.Run(ctx, docs, opts)); err != nil {
			return err
		}
		return d.file("lint-drafts.json", buf.Bytes())
	})
}
