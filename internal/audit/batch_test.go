package audit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func batchEntries(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{Actor: "collector", Action: ActionCapture, Subject: fmt.Sprintf("cap-%d", i),
			Details: map[string]string{"url": fmt.Sprintf("https://example.org/%d", i)}}
	}
	return out
}

func TestAppendBatch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "custody.log")
	l, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// On a fresh log, then on a log that has entries; a batch of one; an empty batch.
	for _, n := range []int{5, 7, 1, 0} {
		out, err := l.AppendBatch(ctx, batchEntries(n))
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != n {
			t.Fatalf("AppendBatch(%d) returned %d entries", n, len(out))
		}
	}
	seq, hash := l.Head()
	l.Close()
	if seq != 13 {
		t.Fatalf("head seq %d, want 13", seq)
	}
	rep, err := Verify(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.HeadLag || rep.LastSeq != 13 || rep.LastHash != hash {
		t.Fatalf("verify after batches: %+v", rep)
	}
	h, err := readHead(path)
	if err != nil || h.Batch != 0 || h.Seq != 13 {
		t.Fatalf("head after batches: %+v %v", h, err)
	}
	// A bad entry refuses the whole batch and writes nothing.
	l, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	bad := batchEntries(3)
	bad[2].Actor = ""
	if _, err := l.AppendBatch(ctx, bad); err == nil {
		t.Fatal("batch with an empty actor accepted")
	}
	if s, _ := l.Head(); s != 13 {
		t.Fatalf("refused batch moved the head to %d", s)
	}
}

// interruptedBatch writes a log of 3 entries followed by a batch of 4 announced in the head and
// cut by a "crash" after `keep` bytes of the batch.
func interruptedBatch(t *testing.T, path string, keep func(batch []byte) int) (announced head) {
	t.Helper()
	ctx := context.Background()
	full := filepath.Join(t.TempDir(), "full.log")
	l, err := Open(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.AppendBatch(ctx, batchEntries(3)); err != nil {
		t.Fatal(err)
	}
	seq, hash := l.Head()
	if _, err := l.AppendBatch(ctx, batchEntries(4)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	var prefix []byte
	for _, ln := range lines[:3] {
		prefix = append(prefix, ln...)
	}
	batch := data[len(prefix):]
	if err := os.WriteFile(path, append(prefix, batch[:keep(batch)]...), 0o644); err != nil {
		t.Fatal(err)
	}
	announced = head{Seq: seq, Hash: hash, Batch: 4}
	if err := writeHead(path, announced); err != nil {
		t.Fatal(err)
	}
	return announced
}

func TestInterruptedBatchRepaired(t *testing.T) {
	ctx := context.Background()
	cuts := map[string]func([]byte) int{
		"nothing written":  func([]byte) int { return 0 },
		"two whole lines":  func(b []byte) int { return bytes.Index(b, []byte("\n"))*2 + 2 },
		"mid first line":   func(b []byte) int { return 17 },
		"mid fourth line":  func(b []byte) int { return len(b) - 9 },
		"all four written": func(b []byte) int { return len(b) },
	}
	for name, keep := range cuts {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "custody.log")
			interruptedBatch(t, path, keep)
			rep, err := Verify(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() || !rep.HeadLag {
				t.Fatalf("interrupted batch: %+v", rep)
			}
			l, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("Open after interrupted batch: %v", err)
			}
			if _, err := l.Append(ctx, batchEntries(1)[0]); err != nil {
				t.Fatal(err)
			}
			l.Close()
			rep, err = Verify(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() || rep.HeadLag {
				t.Fatalf("after repair: %+v", rep)
			}
		})
	}
}

func TestUnannouncedCutReported(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "custody.log")
	h := interruptedBatch(t, path, func(b []byte) int { return len(b) - 9 })
	// Without the announcement the cut line is damage, and a head three behind is too.
	h.Batch = 0
	if err := writeHead(path, h); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, p := range rep.Problems {
		kinds[p.Kind] = true
	}
	if !kinds[ProblemIncomplete] || !kinds[ProblemHead] {
		t.Fatalf("want incomplete and head problems, got %v", rep.Problems)
	}
	if l, err := Open(ctx, path); err == nil {
		l.Close()
		t.Fatal("Open accepted a cut log without an announced batch")
	}
	// An announcement smaller than the lag does not cover it.
	h.Batch = 2
	if err := writeHead(path, h); err != nil {
		t.Fatal(err)
	}
	if rep, _ := Verify(ctx, path); rep.OK() {
		t.Fatal("lag of 3 accepted under a batch of 2")
	}
}
