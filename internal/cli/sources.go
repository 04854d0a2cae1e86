package cli

import (
	"fmt"
	"os"
	"strings"

	"dossier/internal/csl"
	"dossier/internal/model"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

func init() {
	register(newSourcesCmd)
	register(newImportCSLCmd)
}

func newSourcesCmd(e *env) *cobra.Command {
	var jsonOut, cslOut bool
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List the case's sources (--csl-json for Zotero, pandoc and citeproc)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, s, _, err := e.loadCase(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			switch {
			case cslOut:
				return csl.Write(e.stdout, b.Sources)
			case jsonOut:
				return writeJSON(e.stdout, nonNil(b.Sources))
			}
			t := newTable(e.stdout, "ID", "KIND", "REL", "ISSUED", "TITLE", "PROBLEMS")
			for _, src := range b.Sources {
				t.row(src.ID, string(src.Kind), src.Reliability, src.Issued.Display(), truncate(src.Title, 70), fmt.Sprint(len(src.Problems)))
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().BoolVar(&cslOut, "csl-json", false, "write CSL-JSON (Zotero, pandoc, citeproc)")
	return cmd
}

func newImportCSLCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "import-csl FILE",
		Short: "Add or update sources from a CSL-JSON file (e.g. a Zotero export), all or nothing",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := os.Open(args[0])
			if err != nil {
				return badInput(err)
			}
			defer f.Close()
			srcs, probs, err := csl.Read(f)
			if err != nil {
				return badInputf("%s: %v", args[0], err)
			}
			if len(probs) > 0 {
				var lines []string
				for _, p := range probs {
					lines = append(lines, fmt.Sprintf("%s: %s", args[0], p.Error()))
				}
				return badInputf("CSL-JSON refused: %d problem(s)\n%s", len(probs), strings.Join(lines, "\n"))
			}
			b, s, caseID, err := e.loadCase(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			// Validate the case as it would be with these sources, before writing anything.
			byID := map[string]int{}
			for i, src := range b.Sources {
				byID[src.ID] = i
			}
			for _, src := range srcs {
				if i, ok := byID[src.ID]; ok {
					b.Sources[i] = src
				} else {
					b.Sources = append(b.Sources, src)
				}
			}
			var bad []string
			for _, p := range model.Errors(model.Validate(b, lawChecker())) {
				if p.Kind == model.KindSource {
					bad = append(bad, fmt.Sprintf("%s: source %s: %s: %s", args[0], p.ID, p.Field, p.Msg))
				}
			}
			if len(bad) > 0 {
				return badInputf("CSL-JSON refused: %d problem(s)\n%s", len(bad), strings.Join(bad, "\n"))
			}
			recs := func(yield func(store.Record, error) bool) {
				for i := range srcs {
					if !yield(store.ToRecord(model.KindSource, srcs[i].ID, &srcs[i])) {
						return
					}
				}
			}
			st, err := s.Import(ctx, caseID, recs, e.change("import-csl "+args[0]), store.ImportOptions{})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %d sources created, %d updated, %d unchanged\n", args[0], st.Created, st.Updated, st.Unchanged)
			return nil
		},
	}
}
