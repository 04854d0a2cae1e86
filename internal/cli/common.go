package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"dossier/internal/model"
	"dossier/internal/store"
	storeopen "dossier/internal/store/open"

	"github.com/mattn/go-isatty"
)

// openStore opens the store named by --db. create: make it if it does not exist (otherwise a
// missing SQLite file is an error, so that a typo does not silently start an empty store).
func (e *env) openStore(ctx context.Context, create bool) (store.Store, error) {
	if !isURL(e.dbPath) && !create {
		if _, err := os.Stat(e.dbPath); err != nil {
			return nil, badInputf("store %s does not exist (run dossier init or dossier import DIR, or set --db)", e.dbPath)
		}
	}
	if !isURL(e.dbPath) {
		if dir := filepath.Dir(e.dbPath); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create store directory: %w", err)
			}
		}
	}
	s, err := storeopen.Open(ctx, e.dbPath)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", e.dbPath, err)
	}
	return s, nil
}

// loadCase opens the store and reads the whole current case.
func (e *env) loadCase(ctx context.Context) (*model.Bundle, store.Store, string, error) {
	s, err := e.openStore(ctx, false)
	if err != nil {
		return nil, nil, "", err
	}
	id, err := e.pickCase(ctx, s)
	if err != nil {
		s.Close()
		return nil, nil, "", err
	}
	b, err := store.LoadBundle(ctx, s, id)
	if err != nil {
		s.Close()
		return nil, nil, "", err
	}
	return b, s, id, nil
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// table writes aligned columns.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, "\t", " ")
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// progress draws a progress line on stderr when it is a terminal; otherwise it is silent.
type progress struct {
	w     io.Writer
	label string
	total int
	on    bool
	last  int
	// approx says total is an estimate, drawn as "~total" (see importProgress).
	approx bool
}

func (e *env) newProgress(label string, total int) *progress {
	on := false
	if f, ok := e.stderr.(*os.File); ok {
		on = isatty.IsTerminal(f.Fd())
	}
	return &progress{w: e.stderr, label: label, total: total, on: on}
}

func (p *progress) update(done int) {
	if !p.on {
		return
	}
	step := max(1, p.total/200)
	if done-p.last < step && done != p.total {
		return
	}
	p.last = done
	if p.total > 0 {
		const width = 30
		filled := min(width, done*width/p.total)
		approx := ""
		if p.approx {
			approx = "~"
		}
		fmt.Fprintf(p.w, "\r%s [%s%s] %d/%s%d ", p.label, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, approx, p.total)
	} else {
		fmt.Fprintf(p.w, "\r%s %d", p.label, done)
	}
}

func (p *progress) finish() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}
