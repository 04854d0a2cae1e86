package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"dossier/internal/model"
	"dossier/internal/synth"
)

func TestLoadGood(t *testing.T) {
	b, warns, err := Load(context.Background(), "testdata/good", nil)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	if got := b.Actors[0].Born.EDTF.String(); got != "[1982-01-08,1983-01-08,1984-01-08]" {
		t.Errorf("birth date lost its uncertainty: %q", got)
	}
	if b.Actors[0].Born.Text != "8 January, between 1982 and 1984" {
		t.Errorf("birth date wording lost: %q", b.Actors[0].Born.Text)
	}
	if len(b.Drafts) != 1 || b.Drafts[0].Kind != "brief" || !strings.Contains(b.Drafts[0].Body, "[@dod-2024]") {
		t.Errorf("draft not read: %+v", b.Drafts)
	}
	f := b.Facts[0]
	if f.Figures[0].Qualifier != model.About || *f.Figures[0].Value != 10000 {
		t.Errorf("figure: %+v", f.Figures[0])
	}
}

// The three problems of the bad bundle are each reported precisely, in one refusal.
func TestLoadBadReportsEveryProblem(t *testing.T) {
	_, _, err := Load(context.Background(), "testdata/bad", nil)
	var be *Error
	if !errors.As(err, &be) {
		t.Fatalf("want *Error, got %v", err)
	}
	got := strings.Split(be.Error(), "\n")[1:]
	want := []string{
		`testdata/bad/actors.yaml:4: id: duplicate id "kim" (ids must be unique within their kind)`,
		`testdata/bad/facts.yaml:3: when: edtf: "2024-13-04": `,
		`testdata/bad/facts.yaml:11: summit.actors[0].actor: unknown actor "putin"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}

func TestStrictFields(t *testing.T) {
	cases := []struct {
		name, file, body, want string
	}{
		{"unknown field", "sources.yaml", "- id: a\n  kind: news\n  title: T\n  titel: x\n", `sources.yaml:4: titel: unknown field (did you mean "title"?)`},
		{"nested unknown", "facts.yaml", "- id: f\n  statement: S\n  when: 2024\n  excerpts:\n    - {source: a, pinpoint: p, page: 3}\n  credibility: 2\n", `facts.yaml:5: excerpts[0].page: unknown field`},
		{"wrong type", "facts.yaml", "- id: f\n  statement: S\n  when: 2024\n  excerpts: [{source: a, pinpoint: p}]\n  credibility: high\n", `facts.yaml:5: credibility: cannot unmarshal`},
		{"not a list", "actors.yaml", "id: x\n", `actors.yaml:1: expected a list of records`},
		{"syntax", "actors.yaml", "- id: [x\n", `actors.yaml:`},
		{"twice", "sources.yaml", "- id: a\n  kind: news\n  title: T\n  title: U\n", `sources.yaml:4: title: `},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			must(t, os.WriteFile(filepath.Join(dir, "case.yaml"), []byte("format: 1\nid: c\ntitle: C\naccused: []\n"), 0o644))
			must(t, os.WriteFile(filepath.Join(dir, c.file), []byte(c.body), 0o644))
			_, _, err := Read(context.Background(), dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant containing %q", err, c.want)
			}
		})
	}
}

func TestBadFormatVersion(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "case.yaml"), []byte("format: 9\nid: c\ntitle: C\n"), 0o644))
	_, _, err := Read(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "case.yaml:1: format: unsupported bundle format") {
		t.Fatalf("got %v", err)
	}
}

// Property: for any bundle b, Encode(Read(Encode(b))) == Encode(b) byte for byte.
func TestRoundTripProperty(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			b := synth.Case(synth.Options{Sources: int(seed * 7), Facts: int(seed * 11), Seed: seed})
			b.Drafts = []model.DraftDoc{{ID: "d", Kind: "brief", Path: "d.md", Body: "---\nkind: brief\n---\nText ¶ with “quotes”.\n"}}
			dir := t.TempDir()
			must(t, Write(ctx, dir, b))
			first := snapshot(t, dir)
			b2, _, err := Load(ctx, dir, nil)
			if err != nil {
				t.Fatalf("re-read: %v", err)
			}
			dir2 := t.TempDir()
			must(t, Write(ctx, dir2, b2))
			second := snapshot(t, dir2)
			if first != second {
				t.Fatalf("round trip changed the bundle:\n%s", diffHint(first, second))
			}
		})
	}
}

func TestRoundTripGood(t *testing.T) {
	ctx := context.Background()
	b, _, err := Load(ctx, "testdata/good", nil)
	must(t, err)
	dir := t.TempDir()
	must(t, Write(ctx, dir, b))
	b2, _, err := Load(ctx, dir, nil)
	must(t, err)
	dir2 := t.TempDir()
	must(t, Write(ctx, dir2, b2))
	if a, c := snapshot(t, dir), snapshot(t, dir2); a != c {
		t.Fatalf("not stable:\n%s", diffHint(a, c))
	}
	if !strings.Contains(snapshot(t, dir), "text: 8 January, between 1982 and 1984") {
		t.Errorf("wording of the birth date lost in export")
	}
}

func TestShardedWrite(t *testing.T) {
	ctx := context.Background()
	b := synth.Case(synth.Options{Sources: ShardSize + 5, Facts: 3, Seed: 3})
	dir := t.TempDir()
	must(t, Write(ctx, dir, b))
	for _, p := range []string{"sources/00000.yaml", "sources/00001.yaml", "facts.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	b2, _, err := Load(ctx, dir, nil)
	must(t, err)
	if len(b2.Sources) != ShardSize+5 {
		t.Fatalf("read %d sources", len(b2.Sources))
	}
	// Writing a smaller bundle over it removes the stale shards but keeps foreign files.
	must(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine"), 0o644))
	small := synth.Case(synth.Options{Sources: 2, Facts: 1, Seed: 3})
	must(t, Write(ctx, dir, small))
	if _, err := os.Stat(filepath.Join(dir, "sources", "00001.yaml")); !os.IsNotExist(err) {
		t.Errorf("stale shard kept")
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Errorf("foreign file removed")
	}
}

func TestFrontMatter(t *testing.T) {
	cases := []struct {
		in, front, body string
		line            int
		ok              bool
	}{
		{"---\nkind: brief\n---\nbody\n", "kind: brief\n", "body\n", 4, true},
		{"---\r\nkind: x\r\n---\r\nb", "kind: x\r\n", "b", 4, true},
		{"no front\n", "", "no front\n", 1, false},
		{"---\nunterminated\n", "", "---\nunterminated\n", 1, false},
		{"---\n---\n", "", "", 3, true},
	}
	for _, c := range cases {
		f, b, l, ok := FrontMatter(c.in)
		if f != c.front || b != c.body || l != c.line || ok != c.ok {
			t.Errorf("FrontMatter(%q) = %q, %q, %d, %v", c.in, f, b, l, ok)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"- id: a\n  kind: news\n  title: T\n  issued: 2024-06\n",
		"- id: f\n  statement: S\n  when: {edtf: '2024-1X', text: late}\n  excerpts: [{source: a, pinpoint: p}]\n  credibility: 2\n",
		"- [\n", "{}", "- id: x\n  author: [{family: A}]\n", "- &a {id: x}\n- *a\n",
	} {
		f.Add("sources.yaml", s)
		f.Add("facts.yaml", s)
	}
	f.Fuzz(func(t *testing.T, name, body string) {
		if name != "sources.yaml" && name != "facts.yaml" && name != "actors.yaml" && name != "case.yaml" {
			name = "facts.yaml"
		}
		dir := t.TempDir()
		if name != "case.yaml" {
			must(t, os.WriteFile(filepath.Join(dir, "case.yaml"), []byte("format: 1\nid: c\ntitle: C\naccused: []\n"), 0o644))
		}
		must(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
		b, _, err := Load(context.Background(), dir, nil)
		if err != nil {
			var be *Error
			if !errors.As(err, &be) || len(be.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			for _, p := range be.Problems {
				if p.File == "" {
					t.Fatalf("problem without file: %+v", p)
				}
			}
			return
		}
		// Whatever loads must round-trip.
		out := t.TempDir()
		if err := Write(context.Background(), out, b); err != nil {
			t.Fatalf("write: %v", err)
		}
		b2, _, err := Load(context.Background(), out, nil)
		if err != nil {
			t.Fatalf("reload of written bundle failed: %v", err)
		}
		out2 := t.TempDir()
		must(t, Write(context.Background(), out2, b2))
		if snapshot(t, out) != snapshot(t, out2) {
			t.Fatalf("round trip unstable")
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot concatenates a bundle directory's files in path order.
func snapshot(t testing.TB, dir string) string {
	t.Helper()
	var names []string
	must(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			names = append(names, p)
		}
		return err
	}))
	sort.Strings(names)
	var buf bytes.Buffer
	for _, n := range names {
		data, err := os.ReadFile(n)
		must(t, err)
		rel, _ := filepath.Rel(dir, n)
		fmt.Fprintf(&buf, "== %s\n%s", rel, data)
	}
	return buf.String()
}

func diffHint(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(al), len(bl)); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d vs %d", len(al), len(bl))
}

func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{"---\nkind: brief\n---\nbody", "---\r\nx\r\n...\r\n", "no", "---\n", "---\n---\n---\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		front, body, line, ok := FrontMatter(s)
		if !ok {
			if body != s || line != 1 {
				t.Fatalf("no front matter must return the text whole")
			}
			return
		}
		if !strings.HasSuffix(s, body) || !strings.Contains(s, front) || line < 3 {
			t.Fatalf("split inconsistent: %q / %q / %d", front, body, line)
		}
		if got := strings.Count(s[:len(s)-len(body)], "\n"); got != line-1 && !(body == "" && got == line-2) {
			t.Fatalf("body line %d but %d newlines precede it", line, got)
		}
	})
}
