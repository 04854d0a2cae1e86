package cli

import (
	"errors"

	"dossier/internal/law"

	"github.com/spf13/cobra"
)

func init() { register(newLawCmd) }

func newLawCmd(e *env) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "law [ID]",
		Short: "List the law library, or show one instrument, provision, crime, mode, forum, standard, element, authority or means of proof",
		Long: `Law shows the embedded law library. Without an argument it lists everything; with a kind
(instruments, crimes, modes, forums, standards, authorities, means) it lists that kind; with an id
or a provision reference ("Article 25(3)(c)", "rome-statute/8bis/2/a") it shows that item in full.
Wording not confirmed by a verified text is flagged [unverified]; every authority shows its
reliability class.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := lawLibrary()
			if err != nil {
				return err
			}
			what := ""
			if len(args) == 1 {
				what = args[0]
			}
			if err := law.Describe(e.stdout, lib, what, jsonOut); err != nil {
				if errors.Is(err, law.ErrNotFound) {
					return badInput(err)
				}
				var re *law.RefError
				if errors.As(err, &re) {
					return badInput(err)
				}
				return err
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	return cmd
}
