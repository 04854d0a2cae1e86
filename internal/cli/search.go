package cli

import (
	"fmt"
	"strings"

	"dossier/internal/model"

	"github.com/spf13/cobra"
)

func init() { register(newSearchCmd) }

func newSearchCmd(e *env) *cobra.Command {
	var jsonOut bool
	var limit int
	var kinds []string
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Full-text search over the case: source texts and captures, facts, actors, drafts (best first)",
		Long: `Search ranks records by relevance (BM25 on the embedded store, ts_rank on PostgreSQL).
The query is plain words; "quoted words" match a phrase. Every word must match. --kind limits the
search to records of the kinds named (repeat it or separate kinds with commas: source, capture,
fact, actor, charge, finding, draft, case); --limit then counts only those.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := e.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer s.Close()
			caseID, err := e.pickCase(ctx, s)
			if err != nil {
				return err
			}
			var only []model.Kind
			for _, k := range kinds {
				kind, err := parseKind(k)
				if err != nil {
					return badInputf("--kind: %v", err)
				}
				only = append(only, kind)
			}
			q := strings.Join(args, " ")
			hits, err := s.Search(ctx, caseID, q, limit, only...)
			if err != nil {
				// Every query is valid (its words are quoted for the index), so a failure is the
				// store's, not bad input: exit status 1.
				return fmt.Errorf("search %q: %w", q, err)
			}
			if jsonOut {
				return writeJSON(e.stdout, nonNil(hits))
			}
			if len(hits) == 0 {
				fmt.Fprintf(e.stdout, "no match for %q\n", q)
				return nil
			}
			t := newTable(e.stdout, "KIND", "ID", "MATCH")
			for _, h := range hits {
				t.row(string(h.Kind), h.ID, truncate(h.Snippet, 100))
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().IntVar(&limit, "limit", 20, "at most this many results")
	cmd.Flags().StringSliceVar(&kinds, "kind", nil, "only records of these kinds (source, capture, fact, …)")
	return cmd
}
