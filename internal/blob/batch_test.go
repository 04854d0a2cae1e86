package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
)

func listTemps(t *testing.T, d *Dir) []string {
	t.Helper()
	entries, err := os.ReadDir(d.Root())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

func walkAll(t *testing.T, d *Dir) map[Ref]int64 {
	t.Helper()
	got := map[Ref]int64{}
	if err := d.Walk(context.Background(), func(r Ref, n int64) error { got[r] = n; return nil }); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBatchCommit(t *testing.T) {
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// One blob already stored the ordinary way: a batch Put of it deduplicates.
	old, _, err := d.Put(ctx, strings.NewReader("already here"))
	if err != nil {
		t.Fatal(err)
	}
	b := d.Batch()
	// The last one is past the in-memory limit: spooled to a temporary file.
	contents := []string{"", "one", "two", "one", "already here", strings.Repeat("x", 2<<20+3), strings.Repeat("y", batchBlobMem+5)}
	want := map[Ref]int64{old: int64(len("already here"))}
	for _, c := range contents {
		ref, n, err := b.Put(ctx, strings.NewReader(c))
		if err != nil {
			t.Fatal(err)
		}
		if ref != RefOfBytes([]byte(c)) || n != int64(len(c)) {
			t.Fatalf("Put(%.10q) = %s %d", c, ref, n)
		}
		want[ref] = n
		// Readable through the batch before Commit.
		rc, err := b.Open(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if string(got) != c {
			t.Fatalf("Open before commit: %q", got)
		}
		if size, err := b.Stat(ctx, ref); err != nil || size != n {
			t.Fatalf("Stat before commit = %d, %v", size, err)
		}
	}
	if b.Len() != 5 { // "", one, two, xxx, yyy
		t.Fatalf("Len = %d, want 5", b.Len())
	}
	// Nothing new is in the Dir before Commit.
	if got := walkAll(t, d); len(got) != 1 {
		t.Fatalf("before commit the Dir holds %v", got)
	}
	if _, err := d.Stat(ctx, RefOfBytes([]byte("one"))); !errors.Is(err, ErrNotFound) {
		t.Fatalf("pending blob visible in the Dir: %v", err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := walkAll(t, d); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after commit Walk = %v, want %v", got, want)
	}
	if tmp := listTemps(t, d); len(tmp) > 0 {
		t.Fatalf("temp files left after commit: %v", tmp)
	}
	var probs []Problem
	if _, err := Verify(ctx, d, func(p Problem) { probs = append(probs, p) }); err != nil || len(probs) > 0 {
		t.Fatalf("Verify: %v %v", probs, err)
	}
	info, err := os.Stat(d.Path(RefOfBytes([]byte("two"))))
	if err != nil || info.Mode().Perm() != 0o444 {
		t.Fatalf("committed blob: %v %v", info, err)
	}
	// Reuse after Commit; a second Commit with nothing pending is a no-op.
	if _, _, err := b.Put(ctx, strings.NewReader("three")); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Stat(ctx, RefOfBytes([]byte("three"))); err != nil {
		t.Fatal(err)
	}
}

func TestBatchAbortAndCrashLeftovers(t *testing.T) {
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := d.Batch()
	for i := range 5 {
		if _, _, err := b.Put(ctx, strings.NewReader(fmt.Sprint("blob ", i))); err != nil {
			t.Fatal(err)
		}
	}
	// A crash before Commit leaves nothing in the store: pending blobs are in memory.
	if tmp := listTemps(t, d); len(tmp) != 0 {
		t.Fatalf("temp files before commit: %v", tmp)
	}
	// A large blob is spooled to a temp file, which Walk and Verify ignore.
	if _, _, err := b.Put(ctx, strings.NewReader(strings.Repeat("z", batchBlobMem+1))); err != nil {
		t.Fatal(err)
	}
	if n := len(listTemps(t, d)); n != 1 {
		t.Fatalf("%d temp files, want 1", n)
	}
	var probs []Problem
	n, err := Verify(ctx, d, func(p Problem) { probs = append(probs, p) })
	if err != nil || n != 0 || len(probs) > 0 {
		t.Fatalf("Verify with pending blobs: n=%d %v %v", n, probs, err)
	}
	b.Abort()
	if tmp := listTemps(t, d); len(tmp) > 0 {
		t.Fatalf("Abort left %v", tmp)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := walkAll(t, d); len(got) != 0 {
		t.Fatalf("aborted blobs committed: %v", got)
	}
	// A failing reader stores nothing.
	if _, _, err := b.Put(ctx, &failingReader{n: 100}); err == nil {
		t.Fatal("Put from a failing reader succeeded")
	}
	if tmp := listTemps(t, d); len(tmp) > 0 || b.Len() != 0 {
		t.Fatalf("failed Put left %v (pending %d)", tmp, b.Len())
	}
}

func TestBatchConcurrentPuts(t *testing.T) {
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := d.Batch()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Go(func() {
			// Pairs of goroutines store the same content.
			_, _, err := b.Put(ctx, bytes.NewReader([]byte(fmt.Sprint("content ", i/2))))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := walkAll(t, d); len(got) != 32 {
		t.Fatalf("%d blobs, want 32", len(got))
	}
	if tmp := listTemps(t, d); len(tmp) > 0 {
		t.Fatalf("temp files left: %v", tmp)
	}
}

func BenchmarkBatchPut(b *testing.B) {
	ctx := context.Background()
	d, err := NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	page := bytes.Repeat([]byte("evidence "), 2000)
	b.SetBytes(int64(len(page)))
	bt := d.Batch()
	for i := 0; b.Loop(); i++ {
		buf := append(fmt.Appendf(nil, "%d ", i), page...)
		if _, _, err := bt.Put(ctx, bytes.NewReader(buf)); err != nil {
			b.Fatal(err)
		}
		if bt.Len() == 1000 {
			if err := bt.Commit(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := bt.Commit(ctx); err != nil {
		b.Fatal(err)
	}
}
