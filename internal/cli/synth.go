package cli

import (
	"fmt"

	"dossier/internal/bundle"
	"dossier/internal/synth"

	"github.com/spf13/cobra"
)

func init() { register(newSynthCmd) }

func newSynthCmd(e *env) *cobra.Command {
	var o synth.Options
	var out string
	cmd := &cobra.Command{
		Use:   "synth --sources N --facts M --out DIR",
		Short: "Write a valid synthetic case bundle of a given size (deterministic with --seed), for benchmarks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return badInputf("synth: --out DIR is required")
			}
			if o.Sources < 0 || o.Facts < 0 || o.Findings < 0 {
				return badInputf("synth: sizes must not be negative")
			}
			if o.Facts > 0 && o.Sources == 0 {
				return badInputf("synth: facts need at least one source to cite (--sources)")
			}
			if o.Findings > 0 {
				chs, els, err := synthCharges()
				if err != nil {
					return err
				}
				o.Charges, o.Elements = chs, els
			}
			b := synth.Case(o)
			if err := bundle.Write(cmd.Context(), out, b); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %s: %d sources, %d facts, %d findings (seed %d)\n", out, len(b.Sources), len(b.Facts), len(b.Findings), o.Seed)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Sources, "sources", 100, "number of sources")
	f.IntVar(&o.Facts, "facts", 100, "number of facts")
	f.IntVar(&o.Findings, "findings", 0, "number of findings (links from facts to the charges' elements)")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed")
	f.StringVar(&out, "out", "", "output directory")
	return cmd
}
