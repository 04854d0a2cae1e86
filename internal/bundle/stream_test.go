package bundle

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"dossier/internal/model"
	"dossier/internal/synth"
)

type rec struct {
	kind model.Kind
	id   string
	v    any
}

// loadRecords is what the whole-bundle path stores, in store order (store.Records).
func loadRecords(b *model.Bundle) []rec {
	out := []rec{{model.KindCase, b.Case.ID, &b.Case}}
	for i := range b.Actors {
		out = append(out, rec{model.KindActor, b.Actors[i].ID, &b.Actors[i]})
	}
	for i := range b.Sources {
		out = append(out, rec{model.KindSource, b.Sources[i].ID, &b.Sources[i]})
	}
	for i := range b.Captures {
		out = append(out, rec{model.KindCapture, b.Captures[i].ID, &b.Captures[i]})
	}
	for i := range b.Facts {
		out = append(out, rec{model.KindFact, b.Facts[i].ID, &b.Facts[i]})
	}
	for i := range b.Charges {
		out = append(out, rec{model.KindCharge, b.Charges[i].ID, &b.Charges[i]})
	}
	for i := range b.Findings {
		out = append(out, rec{model.KindFinding, b.Findings[i].ID, &b.Findings[i]})
	}
	for i := range b.Drafts {
		out = append(out, rec{model.KindDraft, b.Drafts[i].ID, &b.Drafts[i]})
	}
	return out
}

// sameAsLoad asserts that Check reports what Load reports and, for a valid bundle, that Each
// yields exactly the records Load reads, in the same order. It returns the number of problems.
func sameAsLoad(t *testing.T, dir string, law model.ChargeChecker) int {
	t.Helper()
	ctx := context.Background()
	b, wantProbs, wantErr := Load(ctx, dir, law)
	c, gotProbs, gotErr := Check(ctx, dir, law)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("%s: Check error\n%v\nLoad error\n%v", dir, gotErr, wantErr)
	}
	if !reflect.DeepEqual(gotProbs, wantProbs) {
		t.Fatalf("%s: Check problems\n%v\nLoad problems\n%v", dir, gotProbs, wantProbs)
	}
	// CheckEach: the same verdict, and for a valid bundle the same records (in its own order);
	// for an invalid one, no record after the first error is known.
	var each []rec
	_, eachProbs, eachErr := CheckEach(ctx, dir, law, func(kind model.Kind, id string, v any) error {
		each = append(each, rec{kind, id, v})
		return nil
	})
	if fmt.Sprint(eachErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(eachProbs, wantProbs) {
		t.Fatalf("%s: CheckEach error %v, problems\n%v\nLoad error %v, problems\n%v", dir, eachErr, eachProbs, wantErr, wantProbs)
	}
	if wantErr != nil {
		return len(wantProbs)
	}
	want := loadRecords(b)
	byKey := map[string]rec{}
	for _, r := range each {
		byKey[string(r.kind)+"/"+r.id] = r
	}
	if len(each) != len(want) || len(byKey) != len(want) || each[0].kind != model.KindCase {
		t.Fatalf("%s: CheckEach yielded %d records (%d distinct, first %s), Load read %d", dir, len(each), len(byKey), each[0].kind, len(want))
	}
	for _, w := range want {
		if g, ok := byKey[string(w.kind)+"/"+w.id]; !ok || !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: CheckEach %+v, Load %+v", dir, g, w)
		}
	}
	var got []rec
	err := c.Each(ctx, func(kind model.Kind, id string, v any) error {
		got = append(got, rec{kind, id, v})
		return nil
	})
	if err != nil {
		t.Fatalf("%s: Each: %v", dir, err)
	}
	if c.Count() != len(want) || c.CaseID() != b.Case.ID {
		t.Errorf("%s: Count %d, CaseID %q; want %d, %q", dir, c.Count(), c.CaseID(), len(want), b.Case.ID)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: Each yielded %d records, Load read %d", dir, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s: record %d: Each %+v, Load %+v", dir, i, got[i], want[i])
		}
	}
	return len(wantProbs)
}

func TestCheckMatchesLoadTestdata(t *testing.T) {
	for _, dir := range []string{"testdata/good", "testdata/bad", "../../examples/kim-jong-un"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			sameAsLoad(t, dir, nil)
			sameAsLoad(t, dir, elemLaw{})
		})
	}
}

// elemLaw knows one element per charge, so findings on other elements are reported.
type elemLaw struct{}

func (elemLaw) CheckCharge(c *model.Charge) []model.FieldError { return nil }
func (elemLaw) Elements(c *model.Charge) ([]string, error)     { return []string{"actus-reus"}, nil }

// TestCheckMatchesLoadSynthetic: sharded synthetic bundles, valid and broken in ways that reach
// both the canonical fast path and the YAML parser, and the validator across files.
func TestCheckMatchesLoadSynthetic(t *testing.T) {
	ctx := context.Background()
	breaks := []struct {
		name   string
		mutate func(b *model.Bundle)
		edit   func(t *testing.T, dir string) // after Write
	}{
		{"valid", nil, nil},
		{"duplicate and unknown refs", func(b *model.Bundle) {
			b.Sources[len(b.Sources)-1].ID = b.Sources[0].ID
			b.Facts[0].Excerpts[0].Source = "s-nope"
			b.Actors[0].PartOf = b.Actors[len(b.Actors)-1].ID // forward reference: fine
			b.Actors[1].PartOf = "nobody"
		}, nil},
		{"undated fact and bad URL", func(b *model.Bundle) {
			b.Facts[1].When = model.When{}
			b.Sources[3].URL = "ftp://example.org/x"
		}, nil},
		{"broken date in a shard", nil, func(t *testing.T, dir string) {
			editFile(t, filepath.Join(dir, "sources", "00001.yaml"), `issued: "20`, `issued: "2024-13-01`)
		}},
		{"comment makes the fallback parse a shard", nil, func(t *testing.T, dir string) {
			editFile(t, filepath.Join(dir, "sources", "00000.yaml"), "  kind: ", "  # note\n  kind: ")
		}},
		{"unknown field", nil, func(t *testing.T, dir string) {
			editFile(t, filepath.Join(dir, "sources", "00001.yaml"), "  kind: ", "  knd: x\n  kind: ")
		}},
	}
	for i, bk := range breaks {
		t.Run(bk.name, func(t *testing.T) {
			b := synth.Case(synth.Options{Sources: ShardSize + 7, Facts: 40, Seed: uint64(i + 1)})
			if bk.mutate != nil {
				bk.mutate(b)
			}
			dir := t.TempDir()
			if err := Write(ctx, dir, b); err != nil {
				t.Fatal(err)
			}
			if bk.edit != nil {
				bk.edit(t, dir)
			}
			n := sameAsLoad(t, dir, nil)
			if bk.mutate == nil && bk.edit == nil || strings.HasPrefix(bk.name, "comment") {
				return
			}
			if n == 0 {
				t.Errorf("the break %q found no problem: the test does not test", bk.name)
			}
		})
	}
}

// editFile replaces the first occurrence of old in a file.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A file that changes between Check and Each stops Each with an error naming it.
func TestEachRefusesChangedFile(t *testing.T) {
	ctx := context.Background()
	b := synth.Case(synth.Options{Sources: ShardSize + 3, Facts: 2, Seed: 9})
	dir := t.TempDir()
	if err := Write(ctx, dir, b); err != nil {
		t.Fatal(err)
	}
	c, _, err := Check(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, filepath.Join(dir, "sources", "00001.yaml"), "title: ", "title: Changed ")
	n := 0
	err = c.Each(ctx, func(model.Kind, string, any) error { n++; return nil })
	if err == nil || !strings.Contains(err.Error(), "00001.yaml changed") {
		t.Fatalf("Each after an edit: %v", err)
	}
	if n >= c.Count() {
		t.Errorf("Each yielded every record (%d) despite the change", n)
	}
}

// Each stops at the first error its callback returns and returns it.
func TestEachStopsOnCallbackError(t *testing.T) {
	ctx := context.Background()
	b := synth.Case(synth.Options{Sources: 3*ShardSize + 3, Facts: 2, Seed: 4})
	dir := t.TempDir()
	if err := Write(ctx, dir, b); err != nil {
		t.Fatal(err)
	}
	c, _, err := Check(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	stop := fmt.Errorf("stop")
	n := 0
	err = c.Each(ctx, func(model.Kind, string, any) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Fatalf("Each = %v after %d records, want stop after 10", err, n)
	}
}

// plainOK's scans agree with the plain definition (no ": " or " #").
func TestPlainOKScans(t *testing.T) {
	for _, v := range []string{"a", "a:b", "a: b", "a:", "a #b", "a#b", "#", " #", "x:y: z", "a ## b", "a:#", ":: ", "a b c d: e", "http://x#y", "~", "null", "a b #", "a b:"} {
		want := !strings.HasSuffix(v, " ") && !strings.HasSuffix(v, ":") && !strings.Contains(v, ": ") && !strings.Contains(v, " #") &&
			v != "~" && v != "null" && v != "Null" && v != "NULL"
		if got := plainOK([]byte(v)); got != want {
			t.Errorf("plainOK(%q) = %v, want %v", v, got, want)
		}
	}
}

// CheckEachProgress reports, after each record file, the bytes read so far (rising to the size
// of every record file in all) and the records handed over so far, which end at the records
// CheckEach handed over but for the drafts, read after the record files.
func TestCheckEachProgress(t *testing.T) {
	ctx := context.Background()
	b := synth.Case(synth.Options{Sources: 3*ShardSize + 5, Facts: 30, Seed: 11})
	dir := t.TempDir()
	if err := Write(ctx, dir, b); err != nil {
		t.Fatal(err)
	}
	var size int64
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") && filepath.Base(p) != "case.yaml" {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			size += fi.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	handed, calls := 0, 0
	var lastRead int64
	lastRecs := 0
	_, _, err = CheckEachProgress(ctx, dir, nil, func(model.Kind, string, any) error { handed++; return nil }, func(read, total int64, records int) {
		calls++
		if total != size {
			t.Errorf("call %d: total %d bytes, want %d", calls, total, size)
		}
		if read <= lastRead || read > total {
			t.Errorf("call %d: read %d after %d, of %d", calls, read, lastRead, total)
		}
		if records <= lastRecs || records > handed {
			t.Errorf("call %d: %d records after %d, %d handed over", calls, records, lastRecs, handed)
		}
		lastRead, lastRecs = read, records
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 4 || lastRead != size || lastRecs != handed-len(b.Drafts) {
		t.Fatalf("%d calls, last read %d of %d bytes, %d records of %d handed over", calls, lastRead, size, lastRecs, handed)
	}
}
