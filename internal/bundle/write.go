package bundle

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"dossier/internal/edtf"
	"dossier/internal/model"

	"go.yaml.in/yaml/v3"
)

// ShardSize is the number of records above which a kind is written as NAME/NNNNN.yaml files of
// this many records each (so that large bundles read in parallel and diff well).
const ShardSize = 10000

// Normalise puts a bundle in the canonical order Write uses: records by id, facts by date (earliest,
// latest) then id, drafts by id.
func Normalise(b *model.Bundle) {
	sortByID(b.Actors, func(a model.Actor) string { return a.ID })
	sortByID(b.Sources, func(a model.Source) string { return a.ID })
	sortByID(b.Captures, func(a model.Capture) string { return a.ID })
	sortByID(b.Charges, func(a model.Charge) string { return a.ID })
	sortByID(b.Findings, func(a model.Finding) string { return a.ID })
	sortByID(b.Drafts, func(a model.DraftDoc) string { return a.ID })
	sort.SliceStable(b.Facts, func(i, j int) bool {
		if c := edtf.Compare(b.Facts[i].When.EDTF, b.Facts[j].When.EDTF); c != 0 {
			return c < 0
		}
		return b.Facts[i].ID < b.Facts[j].ID
	})
}

func sortByID[T any](s []T, id func(T) string) {
	slices.SortStableFunc(s, func(a, b T) int { return strings.Compare(id(a), id(b)) })
}

// Encode renders a bundle as its files: relative path → content. The bundle is normalised first.
func Encode(b *model.Bundle) (map[string][]byte, error) {
	Normalise(b)
	files := map[string][]byte{}
	caseDoc := struct {
		Format     int `yaml:"format"`
		model.Case `yaml:",inline"`
	}{Format, b.Case}
	data, err := encodeYAML("case", caseDoc)
	if err != nil {
		return nil, err
	}
	files["case.yaml"] = data
	add := func(name string, n int, slice func(lo, hi int) any) error {
		if n == 0 {
			return nil
		}
		if n <= ShardSize {
			d, err := encodeYAML(name, slice(0, n))
			if err != nil {
				return err
			}
			files[name+".yaml"] = d
			return nil
		}
		for lo := 0; lo < n; lo += ShardSize {
			d, err := encodeYAML(name, slice(lo, min(n, lo+ShardSize)))
			if err != nil {
				return err
			}
			files[filepath.Join(name, fmt.Sprintf("%05d.yaml", lo/ShardSize))] = d
		}
		return nil
	}
	steps := []error{
		add("actors", len(b.Actors), func(lo, hi int) any { return b.Actors[lo:hi] }),
		add("sources", len(b.Sources), func(lo, hi int) any { return b.Sources[lo:hi] }),
		add("captures", len(b.Captures), func(lo, hi int) any { return b.Captures[lo:hi] }),
		add("facts", len(b.Facts), func(lo, hi int) any { return b.Facts[lo:hi] }),
		add("charges", len(b.Charges), func(lo, hi int) any { return b.Charges[lo:hi] }),
		add("findings", len(b.Findings), func(lo, hi int) any { return b.Findings[lo:hi] }),
	}
	for _, err := range steps {
		if err != nil {
			return nil, err
		}
	}
	for _, d := range b.Drafts {
		name := d.Path
		if name == "" {
			name = d.ID + ".md"
		}
		files[filepath.Join("drafts", filepath.Base(name))] = []byte(d.Body)
	}
	return files, nil
}

func encodeYAML(kind string, v any) ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# dossier case bundle: %s (format %d; docs/bundle.md; JSON Schema docs/schema/bundle.schema.json)\n", kind, Format)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode %s: %w", kind, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode %s: %w", kind, err)
	}
	return buf.Bytes(), nil
}

// managed reports whether a bundle-relative path is one Write owns.
func managed(rel string) bool {
	if rel == "case.yaml" {
		return true
	}
	for _, lf := range listFiles {
		if rel == lf.name+".yaml" || (filepath.Dir(rel) == lf.name && strings.HasSuffix(rel, ".yaml")) {
			return true
		}
	}
	return filepath.Dir(rel) == "drafts" && strings.HasSuffix(rel, ".md")
}

// Write writes a bundle to dir. Everything is first written to a temporary directory beside dir
// and then moved into place file by file (each move atomic); bundle files in dir that the new
// bundle no longer has are removed. Files dossier does not manage (a README, .git) are left alone.
func Write(ctx context.Context, dir string, b *model.Bundle) error {
	files, err := Encode(b)
	if err != nil {
		return fmt.Errorf("write bundle %s: %w", dir, err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write bundle %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, ".dossier-export-")
	if err != nil {
		return fmt.Errorf("write bundle %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)
	names := make([]string, 0, len(files))
	for rel := range files {
		names = append(names, rel)
	}
	sort.Strings(names)
	for _, rel := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write bundle %s: %w", dir, err)
		}
		if err := writeSync(p, files[rel]); err != nil {
			return fmt.Errorf("write bundle %s: %s: %w", dir, rel, err)
		}
	}
	// Move into place.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write bundle %s: %w", dir, err)
	}
	var stale []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if _, keep := files[rel]; managed(rel) && !keep {
			stale = append(stale, p)
		}
		return nil
	})
	for _, rel := range names {
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("write bundle %s: %w", dir, err)
		}
		if err := os.Rename(filepath.Join(tmp, rel), dst); err != nil {
			return fmt.Errorf("write bundle %s: %w", dir, err)
		}
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("write bundle %s: remove stale %s: %w", dir, p, err)
		}
	}
	return nil
}

func writeSync(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
