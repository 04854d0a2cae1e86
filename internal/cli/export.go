package cli

import (
	"fmt"

	"dossier/internal/bundle"

	"github.com/spf13/cobra"
)

func init() { register(newExportCmd) }

func newExportCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "export DIR",
		Short: "Write the case as a bundle directory (normalised YAML, lossless)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			b, s, _, err := e.loadCase(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := bundle.Write(ctx, args[0], b); err != nil {
				return err
			}
			if err := e.recordCustody(ctx, "export", b.Case.ID, map[string]string{"bundle": args[0]}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "exported case %s to %s: %d actors, %d sources, %d facts, %d charges, %d findings, %d drafts\n",
				b.Case.ID, args[0], len(b.Actors), len(b.Sources), len(b.Facts), len(b.Charges), len(b.Findings), len(b.Drafts))
			return nil
		},
	}
}
