package cli

import (
	"bytes"
	"fmt"
	"strings"

	"dossier/internal/timeline"

	"github.com/spf13/cobra"
)

func init() { register(newTimelineCmd) }

func newTimelineCmd(e *env) *cobra.Command {
	var jsonOut bool
	var svgPath string
	cmd := &cobra.Command{
		Use:   "timeline",
		Short: "The case's facts in chronological order; uncertain dates stay uncertain (--svg draws it)",
		Long: `Timeline orders facts by the earliest and then the latest day on which each may have
happened. "2024" and "2024-06-19" overlap, so neither is put before the other by their dates
alone; a date that is one of several (born 8 January 1982, 1983 or 1984) is shown with all of them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, s, _, err := e.loadCase(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			if svgPath != "" {
				var buf bytes.Buffer
				if err := timeline.SVG(&buf, b.Case.Title, b.Facts); err != nil {
					return err
				}
				if err := writeFileAtomic(svgPath, buf.Bytes()); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "wrote %s\n", svgPath)
			}
			entries := timeline.Build(b.Facts)
			if jsonOut {
				return writeJSON(e.stdout, entries)
			}
			if svgPath != "" {
				return nil
			}
			for _, en := range entries {
				flag := ""
				if en.Uncertain || en.Approximate {
					flag = " (uncertain)"
				}
				fmt.Fprintf(e.stdout, "%-34s %s%s\n    %s  [%s]\n", en.Display, en.Fact, flag, truncate(en.Statement, 110), strings.Join(en.Sources, ", "))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().StringVar(&svgPath, "svg", "", "draw the timeline as an SVG file")
	return cmd
}
