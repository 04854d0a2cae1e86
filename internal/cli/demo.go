package cli

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"dossier/examples"
	"dossier/internal/bundle"
	"dossier/internal/csl"
	"dossier/internal/figure"
	"dossier/internal/model"
	"dossier/internal/store"
	"dossier/internal/timeline"

	"github.com/spf13/cobra"
)

func init() { register(newDemoCmd) }

// demoRun is what demo steps share.
type demoRun struct {
	e      *env
	out    string // output directory
	st     store.Store
	caseID string
	b      *model.Bundle // the case as loaded from the store
	wrote  []string
}

// file writes one output file (atomically) and records it.
func (d *demoRun) file(rel string, data []byte) error {
	p := filepath.Join(d.out, rel)
	if err := writeFileAtomic(p, data); err != nil {
		return err
	}
	d.wrote = append(d.wrote, p)
	return nil
}

// demoStep adds outputs to the demo. Steps run in registration order after the case is loaded.
type demoStep struct {
	name string
	run  func(ctx context.Context, d *demoRun) error
}

var demoSteps, lateDemoSteps []demoStep

func registerDemoStep(name string, run func(ctx context.Context, d *demoRun) error) {
	demoSteps = append(demoSteps, demoStep{name, run})
}

// registerLateDemoStep adds a step that runs after all others (e.g. checks of their outputs).
func registerLateDemoStep(name string, run func(ctx context.Context, d *demoRun) error) {
	lateDemoSteps = append(lateDemoSteps, demoStep{name, run})
}

func init() {
	registerDemoStep("case listings", func(ctx context.Context, d *demoRun) error {
		for _, x := range []struct {
			name string
			v    any
		}{
			{"actors.json", nonNil(d.b.Actors)}, {"sources.json", nonNil(d.b.Sources)}, {"facts.json", nonNil(d.b.Facts)},
			{"figures.json", figuresOut{Measures: figure.Measures(d.b.Facts), Conflicts: nonNil(figure.Conflicts(d.b.Facts))}},
			{"timeline.json", timeline.Build(d.b.Facts)},
		} {
			var buf bytes.Buffer
			if err := writeJSON(&buf, x.v); err != nil {
				return err
			}
			if err := d.file(x.name, buf.Bytes()); err != nil {
				return err
			}
		}
		var buf bytes.Buffer
		if err := csl.Write(&buf, d.b.Sources); err != nil {
			return err
		}
		if err := d.file("sources.csl.json", buf.Bytes()); err != nil {
			return err
		}
		buf.Reset()
		if err := timeline.SVG(&buf, d.b.Case.Title, d.b.Facts); err != nil {
			return err
		}
		return d.file("timeline.svg", buf.Bytes())
	})
	registerDemoStep("bundle export", func(ctx context.Context, d *demoRun) error {
		dir := filepath.Join(d.out, "export")
		if err := bundle.Write(ctx, dir, d.b); err != nil {
			return err
		}
		d.wrote = append(d.wrote, dir+string(filepath.Separator))
		return nil
	})
}

func newDemoCmd(e *env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the reference case end to end: load it into a fresh store and write everything dossier produces",
		Long: `Demo is the main job on the embedded store. It copies the reference case (Kim Jong Un, aiding
and abetting Russia's crime of aggression against Ukraine) from the binary into OUT/bundle, imports
it into a fresh SQLite store OUT/dossier.db, and writes every output dossier can produce for it
into OUT, printing each path.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			src := filepath.Join(out, "bundle")
			if err := os.RemoveAll(src); err != nil {
				return err
			}
			sub, err := fs.Sub(examples.FS, examples.Reference)
			if err != nil {
				return err
			}
			if err := os.CopyFS(src, sub); err != nil {
				return fmt.Errorf("copy reference bundle: %w", err)
			}
			db := filepath.Join(out, "dossier.db")
			for _, p := range []string{db, db + "-wal", db + "-shm", db + ".custody.jsonl", db + ".custody.jsonl.head", db + ".custody.jsonl.lock"} {
				if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
					return err
				}
			}
			if err := os.RemoveAll(db + ".blobs"); err != nil {
				return err
			}
			e.dbPath = db
			b, warns, err := bundle.Load(ctx, src, lawChecker())
			if err != nil {
				return bundleError(err)
			}
			for _, w := range warns {
				e.log.Debug("bundle warning", "problem", w.String())
			}
			s, err := e.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer s.Close()
			if _, err := store.SaveBundle(ctx, s, b, e.change("demo: import reference case"), store.ImportOptions{}); err != nil {
				return err
			}
			if err := e.recordCustody(ctx, "import", b.Case.ID, map[string]string{"bundle": src}); err != nil {
				return err
			}
			loaded, err := store.LoadBundle(ctx, s, b.Case.ID)
			if err != nil {
				return err
			}
			d := &demoRun{e: e, out: out, st: s, caseID: b.Case.ID, b: loaded, wrote: []string{src + string(filepath.Separator), db}}
			for _, step := range append(demoSteps[:len(demoSteps):len(demoSteps)], lateDemoSteps...) {
				if err := step.run(ctx, d); err != nil {
					return fmt.Errorf("demo: %s: %w", step.name, err)
				}
			}
			fmt.Fprintf(e.stdout, "reference case %q: %d actors, %d sources, %d facts, %d charges, %d findings\n",
				loaded.Case.Title, len(loaded.Actors), len(loaded.Sources), len(loaded.Facts), len(loaded.Charges), len(loaded.Findings))
			fmt.Fprintf(e.stdout, "wrote:\n  %s\n", strings.Join(d.wrote, "\n  "))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "demo-out", "output directory")
	return cmd
}
