package cli

import (
	"fmt"
	"strings"

	"dossier/internal/figure"
	"dossier/internal/model"

	"github.com/spf13/cobra"
)

func init() {
	register(newActorsCmd)
	register(newFactsCmd)
	register(newFiguresCmd)
}

func newActorsCmd(e *env) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "actors",
		Short: "List the case's actors: people, organisations, States, armed forces",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, s, _, err := e.loadCase(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			if jsonOut {
				return writeJSON(e.stdout, nonNil(b.Actors))
			}
			t := newTable(e.stdout, "ID", "KIND", "NAME", "BORN", "OFFICES")
			for _, a := range b.Actors {
				var offices []string
				for _, p := range a.Positions {
					o := p.Office
					if !p.From.IsZero() {
						o += " (from " + p.From.Display() + ")"
					}
					offices = append(offices, o)
				}
				t.row(a.ID, string(a.Kind), a.Name, a.Born.Display(), truncate(strings.Join(offices, "; "), 90))
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	return cmd
}

func newFactsCmd(e *env) *cobra.Command {
	var jsonOut bool
	var tag string
	cmd := &cobra.Command{
		Use:   "facts",
		Short: "List the case's facts, in date order, with their sources and credibility",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, s, _, err := e.loadCase(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			facts := b.Facts
			if tag != "" {
				facts = nil
				for _, f := range b.Facts {
					for _, t := range f.Tags {
						if t == tag {
							facts = append(facts, f)
							break
						}
					}
				}
			}
			if jsonOut {
				return writeJSON(e.stdout, nonNil(facts))
			}
			t := newTable(e.stdout, "WHEN", "ID", "CRED", "STATEMENT", "SOURCES")
			for _, f := range facts {
				var srcs []string
				for _, x := range f.Excerpts {
					s := x.Source
					if x.EffectiveStance() == model.Contradicts {
						s = "against:" + s
					}
					srcs = append(srcs, s)
				}
				t.row(f.When.Display(), f.ID, fmt.Sprint(f.Credibility), truncate(f.Statement, 80), truncate(strings.Join(srcs, ", "), 60))
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().StringVar(&tag, "tag", "", "only facts with this tag")
	return cmd
}

// figuresOut is the JSON shape of `dossier figures`.
type figuresOut struct {
	Measures  map[string][]figure.Report `json:"measures"`
	Conflicts []figure.Conflict          `json:"conflicts"`
}

func newFiguresCmd(e *env) *cobra.Command {
	var jsonOut, conflictsOnly bool
	cmd := &cobra.Command{
		Use:   "figures",
		Short: "List the figures by measure, with the conflicts between sources",
		Long: `Figures lists every number the case relies on, grouped by measure, each with its qualifier
("about", "at least", "up to"), its as-of date and its source. Units are normalised for comparison
(miles↔km, shells↔rounds, soldiers↔troops). A measure that sources report differently is listed
as a conflict; reports are never merged. A conflict is "inconsistent" when two reports of the same
period allow no common value.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, s, _, err := e.loadCase(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			ms := figure.Measures(b.Facts)
			cs := figure.Conflicts(b.Facts)
			if jsonOut {
				if conflictsOnly {
					return writeJSON(e.stdout, nonNil(cs))
				}
				return writeJSON(e.stdout, figuresOut{Measures: ms, Conflicts: nonNil(cs)})
			}
			if !conflictsOnly {
				t := newTable(e.stdout, "MEASURE", "FIGURE", "AS OF", "SOURCE", "FACT")
				for _, m := range sortedKeys(ms) {
					for _, r := range ms[m] {
						t.row(m, r.Display, r.Figure.AsOf.Display(), r.Source, r.Fact)
					}
				}
				if err := t.flush(); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprintf(e.stdout, "%d measure(s) reported differently:\n", len(cs))
			for _, c := range cs {
				kind := "differ"
				if c.Inconsistent {
					kind = "INCONSISTENT"
				}
				fmt.Fprintf(e.stdout, "\n%s (%s)\n", c.Measure, kind)
				for _, r := range c.Reports {
					asOf := ""
					if !r.Figure.AsOf.IsZero() {
						asOf = ", as of " + r.Figure.AsOf.Display()
					}
					fmt.Fprintf(e.stdout, "  %-28s %s%s  [%s]\n", r.Display, r.Source, asOf, r.Fact)
				}
				fmt.Fprintf(e.stdout, "  → %s\n", c.Explanation)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().BoolVar(&conflictsOnly, "conflicts", false, "only the conflicts")
	return cmd
}

func sortedKeys[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

// nonNil makes empty listings encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
