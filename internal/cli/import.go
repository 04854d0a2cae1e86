package cli

import (
	"errors"
	"fmt"
	"os"
	"sync/atomic"

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
			// One reading of the bundle: its records stream into one transaction while they are
			// checked; a bundle found to have an error (possibly only at its end, e.g. a
			// reference to a missing record) rolls the transaction back, so the store is not
			// changed. The case id comes first, from case.yaml alone.
			caseID, ok := bundle.CaseID(dir)
			if !ok {
				// case.yaml is missing or wrong: let the full check say so, with everything else.
				if _, _, err := bundle.Check(ctx, dir, lawChecker()); err != nil {
					return bundleError(err)
				}
				return badInputf("import %s: case.yaml has no valid case id", dir)
			}
			created := false
			if !isURL(e.dbPath) {
				_, err := os.Stat(e.dbPath)
				created = errors.Is(err, os.ErrNotExist)
			}
			s, err := e.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer s.Close()
			pb := &importProgress{bar: e.newProgress("import", 0)}
			var warns []bundle.Problem
			each := func(fn func(model.Kind, string, any) error) error {
				_, ws, err := bundle.CheckEachProgress(ctx, dir, lawChecker(), func(kind model.Kind, id string, v any) error {
					if kind == model.KindCase && id != caseID {
						return fmt.Errorf("read bundle %s: case.yaml changed while it was being imported", dir)
					}
					return fn(kind, id, v)
				}, pb.read)
				warns = ws
				return err
			}
			st, err := store.SaveEach(ctx, s, caseID, each, e.change("import "+dir), store.ImportOptions{Replace: replace, Progress: pb.wrote})
			pb.bar.finish()
			var be *bundle.Error
			if errors.As(err, &be) {
				if created {
					// The store was made for this import: leave no empty store behind either.
					s.Close()
					removeStoreFiles(e.dbPath)
				}
				return badInput(be)
			}
			if err != nil {
				return fmt.Errorf("import %s: %w", dir, err)
			}
			for _, w := range warns {
				fmt.Fprintln(e.stderr, w.String())
			}
			if err := e.recordCustody(ctx, "import", caseID, map[string]string{"bundle": dir,
				"created": fmt.Sprint(st.Created), "updated": fmt.Sprint(st.Updated), "tombstoned": fmt.Sprint(st.Tombstoned)}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "imported case %s from %s: %d created, %d updated, %d unchanged, %d tombstoned\n",
				caseID, dir, st.Created, st.Updated, st.Unchanged, st.Tombstoned)
			return nil
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "tombstone records of the case that the bundle does not contain")
	return cmd
}

// importProgress draws an import's progress: the records written so far, out of the bundle's
// records in all, estimated from the share of the bundle's bytes read so far (records read ×
// bytes in all ÷ bytes read) and exact once every file has been read. The bundle is read on one
// goroutine and the store writes on another, hence the atomics.
type importProgress struct {
	bar   *progress
	total atomic.Int64 // records in all (estimated while exact is false)
	exact atomic.Bool
}

// read is the bundle's bundle.Progress.
func (p *importProgress) read(read, total int64, records int) {
	switch {
	case read >= total:
		p.total.Store(int64(records))
		p.exact.Store(true)
	case read > 0:
		p.total.Store(int64(float64(records) * float64(total) / float64(read)))
	}
}

// wrote is the store's ImportOptions.Progress.
func (p *importProgress) wrote(n int) {
	if t := int(p.total.Load()); t > 0 { // no estimate before the first file: a count alone
		p.bar.total = max(n, t)
		p.bar.approx = !p.exact.Load()
	}
	p.bar.update(n)
}

// removeStoreFiles removes a SQLite store file that this process created and that holds
// nothing, with its journal files.
func removeStoreFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}
