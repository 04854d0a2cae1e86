package cli

import (
	"fmt"

	"dossier/internal/bundle"
	"dossier/internal/model"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

func init() { register(newImportCmd) }

func newImportCmd(e *env) *cobra.Command {
	var replace bool
	cmd := &cobra.Command{
		Use:   "import DIR",
		Short: "Import a case bundle (a directory of YAML files) into the store, all or nothing",
		Long: `Import reads a case bundle, checks all of it (syntax, types, dates, references, ids, and
charges and findings against the law library), and writes it to the store in one transaction.
A bundle with any error is refused whole: every problem is printed as file:line: field: problem,
the exit status is 2, and the store is not changed. Records already in the store get a new
version when they differ; with --replace, records the bundle no longer has are tombstoned.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			dir := args[0]
			// Pass 1 reads and checks the whole bundle, keeping no records; pass 2 reads it again
			// and streams the records into one transaction.
			chk, warns, err := bundle.Check(ctx, dir, lawChecker())
			if err != nil {
				return bundleError(err)
			}
			for _, w := range warns {
				fmt.Fprintln(e.stderr, w.String())
			}
			s, err := e.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer s.Close()
			pb := e.newProgress("import", chk.Count())
			each := func(fn func(model.Kind, string, any) error) error { return chk.Each(ctx, fn) }
			st, err := store.SaveEach(ctx, s, chk.CaseID(), each, e.change("import "+dir), store.ImportOptions{Replace: replace, Progress: pb.update})
			pb.finish()
			if err != nil {
				return fmt.Errorf("import %s: %w", dir, err)
			}
			if err := e.recordCustody(ctx, "import", chk.CaseID(), map[string]string{"bundle": dir,
				"created": fmt.Sprint(st.Created), "updated": fmt.Sprint(st.Updated), "tombstoned": fmt.Sprint(st.Tombstoned)}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "imported case %s from %s: %d created, %d updated, %d unchanged, %d tombstoned\n",
				chk.CaseID(), dir, st.Created, st.Updated, st.Unchanged, st.Tombstoned)
			return nil
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "tombstone records of the case that the bundle does not contain")
	return cmd
}
