package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestParse(t *testing.T) {
	good := Prefix + strings.Repeat("ab", 32)
	tests := []struct {
		in      string
		wantErr string
	}{
		{good, ""},
		{"", "want prefix"},
		{"sha1-" + strings.Repeat("ab", 32), "want prefix"},
		{Prefix + strings.Repeat("ab", 31), "62 hex digits"},
		{Prefix + strings.Repeat("AB", 32), "not lowercase hex"},
		{Prefix + strings.Repeat("zz", 32), "not lowercase hex"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := Parse(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Parse(%q): %v", tt.in, err)
				}
				if r.String() != tt.in {
					t.Fatalf("round trip: got %q", r.String())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Parse(%q) error = %v, want containing %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Prefix + strings.Repeat("0f", 32))
	f.Add("sha256-")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			return
		}
		if r.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, r.String())
		}
	})
}

func TestRefText(t *testing.T) {
	r := RefOfBytes([]byte("x"))
	b, _ := r.MarshalText()
	var back Ref
	if err := back.UnmarshalText(b); err != nil || back != r {
		t.Fatalf("text round trip: %v %v", back, err)
	}
	if (Ref{}).String() != "" || !(Ref{}).IsZero() {
		t.Fatal("zero ref must print empty and be zero")
	}
}

func TestPutOpenStatWalk(t *testing.T) {
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("default", func(t *testing.T) { testPutOpenStatWalk(t, d) })
	// The portable path: named temporary files.
	t.Run("named temp files", func(t *testing.T) { testPutOpenStatWalk(t, &Dir{root: t.TempDir()}) })
}

func testPutOpenStatWalk(t *testing.T, d *Dir) {
	ctx := context.Background()
	contents := [][]byte{[]byte(""), []byte("hello"), bytes.Repeat([]byte("z"), 3<<20+7)}
	want := map[Ref]int64{}
	for _, c := range contents {
		ref, n, err := d.Put(ctx, bytes.NewReader(c))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(c)
		if ref.Hex() != hex.EncodeToString(sum[:]) || n != int64(len(c)) {
			t.Fatalf("Put: ref %s n %d, want %x %d", ref, n, sum, len(c))
		}
		want[ref] = n
		// Stored read-only at ab/<hex>.
		p := filepath.Join(d.Root(), ref.Hex()[:2], ref.Hex())
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o444 {
			t.Errorf("mode %v, want 0444", info.Mode().Perm())
		}
		rc, err := d.Open(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, c) {
			t.Fatal("Open returned different bytes")
		}
		size, err := d.Stat(ctx, ref)
		if err != nil || size != int64(len(c)) {
			t.Fatalf("Stat = %d, %v", size, err)
		}
	}
	// Dedup: a second Put of the same bytes stores nothing new.
	if _, _, err := d.Put(ctx, bytes.NewReader([]byte("hello"))); err != nil {
		t.Fatal(err)
	}
	got := map[Ref]int64{}
	if err := d.Walk(ctx, func(r Ref, n int64) error { got[r] = n; return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Walk = %v, want %v", got, want)
	}
	// No temp file is left behind after successful Puts.
	entries, _ := os.ReadDir(d.Root())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temp file left: %s", e.Name())
		}
	}
	missing := RefOfBytes([]byte("absent"))
	if _, err := d.Open(ctx, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open(absent) = %v, want ErrNotFound", err)
	}
	if _, err := d.Stat(ctx, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("Stat(absent) = %v, want ErrNotFound", err)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("boom")
	}
	k := min(len(p), f.n)
	f.n -= k
	return k, nil
}

func TestPutFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	d, _ := NewDir(t.TempDir())
	if _, _, err := d.Put(ctx, &failingReader{n: 5000}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Put error = %v, want boom", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := d.Put(cctx, strings.NewReader("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put with cancelled ctx = %v", err)
	}
	entries, _ := os.ReadDir(d.Root())
	if len(entries) != 0 {
		t.Fatalf("store not empty after failed puts: %v", entries)
	}
}

func TestConcurrentPutsSameContent(t *testing.T) {
	ctx := context.Background()
	d, _ := NewDir(t.TempDir())
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			if _, _, err := d.Put(ctx, strings.NewReader("same content")); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var problems []Problem
	n, err := Verify(ctx, d, func(p Problem) { problems = append(problems, p) })
	if err != nil || n != 1 || len(problems) != 0 {
		t.Fatalf("Verify: n=%d err=%v problems=%v", n, err, problems)
	}
}

// TestVerifyEveryByteFlip flips each byte of a stored blob in turn and
// checks that Verify names the blob, the expected and the actual digest.
func TestVerifyEveryByteFlip(t *testing.T) {
	ctx := context.Background()
	d, _ := NewDir(t.TempDir())
	content := []byte("The accused provided artillery shells and ballistic missiles.\n")
	ref, _, err := d.Put(ctx, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	other, _, _ := d.Put(ctx, strings.NewReader("an untouched blob"))
	p := d.Path(ref)
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range content {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			bad := bytes.Clone(content)
			bad[i] ^= mask
			if err := os.WriteFile(p, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			var problems []Problem
			if _, err := Verify(ctx, d, func(pr Problem) { problems = append(problems, pr) }); err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(bad)
			if len(problems) != 1 || problems[0].Kind != ProblemMismatch || problems[0].Ref != ref ||
				problems[0].Expected != ref.Hex() || problems[0].Actual != hex.EncodeToString(sum[:]) {
				t.Fatalf("byte %d mask %#x: problems = %v", i, mask, problems)
			}
			if problems[0].Ref == other {
				t.Fatal("reported the wrong blob")
			}
		}
	}
	// Truncation and extension are reported too.
	for _, bad := range [][]byte{content[:len(content)-1], append(bytes.Clone(content), 'x'), nil} {
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		var problems []Problem
		Verify(ctx, d, func(pr Problem) { problems = append(problems, pr) })
		if len(problems) != 1 || !strings.Contains(problems[0].String(), ref.String()) {
			t.Fatalf("len %d: problems = %v", len(bad), problems)
		}
	}
}

func TestVerifyStraysAndUnreadable(t *testing.T) {
	ctx := context.Background()
	d, _ := NewDir(t.TempDir())
	ref, _, _ := d.Put(ctx, strings.NewReader("abc"))
	// A temp file is ignored; a misplaced blob and a junk file are strays.
	os.WriteFile(filepath.Join(d.Root(), tempPrefix+"123"), []byte("partial"), 0o600)
	os.WriteFile(filepath.Join(d.Root(), "notes.txt"), []byte("x"), 0o600)
	h := RefOfBytes([]byte("moved")).Hex()
	os.MkdirAll(filepath.Join(d.Root(), "00"), 0o755)
	os.WriteFile(filepath.Join(d.Root(), "00", h), []byte("moved"), 0o444)
	var problems []string
	n, err := Verify(ctx, d, func(p Problem) { problems = append(problems, p.String()) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("checked %d blobs, want 1", n)
	}
	joined := strings.Join(problems, "\n")
	if len(problems) != 2 || !strings.Contains(joined, "notes.txt") || !strings.Contains(joined, "wrong directory") {
		t.Fatalf("problems:\n%s", joined)
	}
	if removed, err := d.CleanTemp(0); err != nil || removed != 1 {
		t.Fatalf("CleanTemp = %d, %v", removed, err)
	}
	// A blob replaced by a directory is reported, not fatal.
	p := d.Path(ref)
	os.Remove(p)
	os.Mkdir(p, 0o755)
	problems = nil
	Verify(ctx, d, func(p Problem) { problems = append(problems, p.String()) })
	if !strings.Contains(strings.Join(problems, "\n"), "not a blob file") {
		t.Fatalf("directory in place of blob not reported: %v", problems)
	}
}

func BenchmarkHash(b *testing.B) {
	buf := bytes.Repeat([]byte{0x5a}, 1<<20)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		sha256.Sum256(buf)
	}
}

func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	d, _ := NewDir(b.TempDir())
	buf := make([]byte, 8<<20)
	b.SetBytes(int64(len(buf)))
	i := 0
	for b.Loop() {
		i++
		copy(buf, fmt.Sprint(i)) // distinct content each time
		if _, _, err := d.Put(ctx, bytes.NewReader(buf)); err != nil {
			b.Fatal(err)
		}
	}
}
