package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func fixedClock() func() time.Time {
	t := time.Date(2025, 7, 29, 12, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(1500 * time.Millisecond); return t }
}

func writeSample(t *testing.T, path string, n int) []Entry {
	t.Helper()
	ctx := context.Background()
	l, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.now = fixedClock()
	var out []Entry
	actions := []string{ActionCapture, ActionAdd, ActionMetadataChange, ActionExport, ActionTombstone}
	for i := range n {
		e, err := l.Append(ctx, Entry{
			Actor:   "investigator@example.org",
			Action:  actions[i%len(actions)],
			Subject: fmt.Sprintf("src-%d", i),
			Blobs:   []string{HashPrefix + strings.Repeat(fmt.Sprintf("%x", i%16), 64)},
			Details: map[string]string{"url": "https://example.org/<a&b>", "note": "ünïcode"},
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func mustVerify(t *testing.T, path string) *Report {
	t.Helper()
	rep, err := Verify(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAppendVerifyReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custody.log")
	entries := writeSample(t, path, 4)
	for i, e := range entries {
		if e.Seq != int64(i+1) {
			t.Errorf("entry %d seq %d", i, e.Seq)
		}
		if i > 0 && e.Prev != entries[i-1].Hash {
			t.Errorf("entry %d prev %s, want %s", i, e.Prev, entries[i-1].Hash)
		}
		if h, _ := ComputeHash(e); h != e.Hash {
			t.Errorf("entry %d hash %s, recomputed %s", i, e.Hash, h)
		}
	}
	if entries[0].Prev != "" {
		t.Errorf("first prev = %q", entries[0].Prev)
	}
	rep := mustVerify(t, path)
	if !rep.OK() || rep.Entries != 4 || rep.LastSeq != 4 || rep.LastHash != entries[3].Hash || rep.HeadLag {
		t.Fatalf("report %+v", rep)
	}
	// Reopen and continue the chain.
	more := writeSample(t, path, 2)
	if more[0].Seq != 5 || more[0].Prev != entries[3].Hash {
		t.Fatalf("reopened append: %+v", more[0])
	}
	if rep := mustVerify(t, path); !rep.OK() || rep.LastSeq != 6 {
		t.Fatalf("after reopen: %+v", rep)
	}
	var read []Entry
	if err := Read(context.Background(), path, func(_ int, e Entry) error { read = append(read, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(read) != 6 || read[5].Hash != more[1].Hash || read[0].Details["url"] != "https://example.org/<a&b>" {
		t.Fatalf("Read: %d entries %+v", len(read), read[len(read)-1])
	}
	if !read[0].Time.Equal(entries[0].Time) || read[0].Time.Location() != time.UTC {
		t.Errorf("time round trip: %v vs %v", read[0].Time, entries[0].Time)
	}
}

func TestAppendRejectsBadEntries(t *testing.T) {
	ctx := context.Background()
	l, err := Open(ctx, filepath.Join(t.TempDir(), "c.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tests := []struct {
		e    Entry
		want string
	}{
		{Entry{Action: "capture"}, "actor"},
		{Entry{Actor: "a", Action: "Capture!"}, "action"},
		{Entry{Actor: "a", Action: "add", Blobs: []string{"md5-x"}}, "blobs[0]"},
	}
	for _, tt := range tests {
		if _, err := l.Append(ctx, tt.e); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Append(%+v) = %v, want error about %s", tt.e, err, tt.want)
		}
	}
	if seq, _ := l.Head(); seq != 0 {
		t.Fatalf("rejected entries advanced the log to %d", seq)
	}
}

// TestEveryByteFlipDetected flips every byte of a small log, one at a time,
// with several masks, and checks that Verify reports a problem each time.
func TestEveryByteFlipDetected(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "custody.log")
	writeSample(t, path, 3)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if rep := mustVerify(t, path); !rep.OK() {
		t.Fatalf("clean log has problems: %v", rep.Problems)
	}
	for i := range orig {
		for _, mask := range []byte{0xff, 0x01, 0x20} {
			bad := bytes.Clone(orig)
			bad[i] ^= mask
			if err := os.WriteFile(path, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			rep := mustVerify(t, path)
			if rep.OK() {
				t.Fatalf("flip byte %d (%q) with %#x not detected", i, orig[i], mask)
			}
			if rep.Problems[0].Line == 0 && !strings.Contains(rep.Problems[0].Kind, "head") {
				t.Fatalf("flip byte %d: problem without line: %v", i, rep.Problems)
			}
		}
	}
	// Same for the head file.
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	horig, _ := os.ReadFile(HeadPath(path))
	for i := range horig {
		bad := bytes.Clone(horig)
		bad[i] ^= 0x01
		os.WriteFile(HeadPath(path), bad, 0o644)
		if rep := mustVerify(t, path); rep.OK() {
			t.Fatalf("head flip byte %d not detected", i)
		}
	}
}

// TestTruncationDetected cuts the log at every byte offset (so at every line
// boundary and inside every line) and checks Verify reports it.
func TestTruncationDetected(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custody.log")
	writeSample(t, path, 3)
	orig, _ := os.ReadFile(path)
	lineEnds := map[int]bool{}
	for i, c := range orig {
		if c == '\n' {
			lineEnds[i+1] = true
		}
	}
	for cut := 0; cut < len(orig); cut++ {
		os.WriteFile(path, orig[:cut], 0o644)
		rep := mustVerify(t, path)
		if rep.OK() {
			t.Fatalf("truncation at %d not detected", cut)
		}
		kinds := fmt.Sprint(rep.Problems)
		if lineEnds[cut] || cut == 0 {
			if !strings.Contains(kinds, ProblemTruncated) {
				t.Fatalf("cut at line boundary %d: %v", cut, rep.Problems)
			}
		} else if !strings.Contains(kinds, ProblemIncomplete) {
			t.Fatalf("cut mid-line at %d: %v", cut, rep.Problems)
		}
		// A truncated log must not be appended to.
		if l, err := Open(context.Background(), path); err == nil {
			l.Close()
			t.Fatalf("Open accepted a log truncated at %d", cut)
		}
	}
	// Deleting the log while its head remains is reported too.
	os.Remove(path)
	if rep := mustVerify(t, path); rep.OK() {
		t.Fatal("deleted log not detected")
	}
}

func TestStructuralProblems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custody.log")
	writeSample(t, path, 4)
	orig, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(orig), "\n")[:4]
	tests := []struct {
		name  string
		lines []string
		want  string
		line  int
	}{
		{"swap", []string{lines[0], lines[2], lines[1], lines[3]}, ProblemSeq, 2},
		{"drop middle", []string{lines[0], lines[1], lines[3]}, ProblemChain, 3},
		{"duplicate", []string{lines[0], lines[1], lines[1], lines[2], lines[3]}, ProblemSeq, 3},
		{"garbage", []string{lines[0], "{not json}\n", lines[1], lines[2], lines[3]}, ProblemParse, 2},
		{"unknown field", []string{lines[0], strings.Replace(lines[1], `{"seq"`, `{"x":1,"seq"`, 1), lines[2], lines[3]}, ProblemParse, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.WriteFile(path, []byte(strings.Join(tt.lines, "")), 0o644)
			rep := mustVerify(t, path)
			found := false
			for _, p := range rep.Problems {
				if p.Kind == tt.want && p.Line == tt.line {
					found = true
				}
			}
			if !found {
				t.Fatalf("want %s at line %d, got %v", tt.want, tt.line, rep.Problems)
			}
		})
	}
}

func TestHeadLagRepaired(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custody.log")
	entries := writeSample(t, path, 3)
	// Simulate a crash after the log fsync but before the head rename.
	if err := writeHead(path, head{Seq: 2, Hash: entries[1].Hash}); err != nil {
		t.Fatal(err)
	}
	rep := mustVerify(t, path)
	if !rep.OK() || !rep.HeadLag {
		t.Fatalf("lag of one: %+v", rep)
	}
	l, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if rep := mustVerify(t, path); !rep.OK() || rep.HeadLag {
		t.Fatalf("after repair: %+v", rep)
	}
	// A head two behind is a problem (not a crash artefact).
	writeHead(path, head{Seq: 1, Hash: entries[0].Hash})
	if rep := mustVerify(t, path); rep.OK() {
		t.Fatal("head two behind not reported")
	}
}

func TestConcurrentAppendsAndLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "custody.log")
	l, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if _, err := l.Append(ctx, Entry{Actor: "w", Action: ActionAdd, Subject: fmt.Sprint(i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// A second opener (a separate open file description, as another process
	// would have) cannot take the lock while the first holds it.
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if l2, err := Open(short, path); err == nil {
		l2.Close()
		t.Fatal("second Open took the lock")
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Open: %v", err)
	}
	l.Close()
	if _, err := l.Append(ctx, Entry{Actor: "w", Action: "add"}); err == nil {
		t.Fatal("append after close succeeded")
	}
	rep := mustVerify(t, path)
	if !rep.OK() || rep.LastSeq != 20 {
		t.Fatalf("%+v", rep)
	}
	l3, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after close: %v", err)
	}
	l3.Close()
}

func FuzzParseLine(f *testing.F) {
	f.Add([]byte(`{"seq":1,"time":"2025-07-29T12:00:00Z","actor":"a","action":"add","subject":"s","prev":"","hash":"sha256-00"}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := parseLine(b)
		if err != nil {
			return
		}
		if _, err := ComputeHash(e); err != nil {
			return
		}
		_ = checkFields(e)
	})
}

func FuzzVerify(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.log")
	l, err := Open(context.Background(), path)
	if err != nil {
		f.Fatal(err)
	}
	l.Append(context.Background(), Entry{Actor: "a", Action: "add", Subject: "s"})
	l.Close()
	seed, _ := os.ReadFile(path)
	f.Add(seed)
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "f.log")
		os.WriteFile(p, b, 0o644)
		if _, err := Verify(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	})
}

// TestVerifyDuringAppends checks that verifying while another writer appends
// reports nothing: the head is read before and after the log.
func TestVerifyDuringAppends(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "custody.log")
	l, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	done := make(chan error)
	go func() {
		for i := range 150 {
			if _, err := l.Append(ctx, Entry{Actor: "w", Action: ActionCapture, Subject: fmt.Sprint(i)}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	checks := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		if _, err := os.Stat(path); err != nil {
			continue
		}
		rep := mustVerify(t, path)
		checks++
		if !rep.OK() {
			t.Fatalf("check %d during appends: %v", checks, rep.Problems)
		}
	}
	if rep := mustVerify(t, path); !rep.OK() || rep.LastSeq != 150 {
		t.Fatalf("final: %+v", rep)
	}
	t.Logf("%d verifications ran during the appends", checks)

	// Deterministically: an append lands after the log was read.
	afterLogRead = func() {
		if _, err := l.Append(ctx, Entry{Actor: "w", Action: ActionCapture, Subject: "late"}); err != nil {
			t.Error(err)
		}
	}
	defer func() { afterLogRead = nil }()
	if rep := mustVerify(t, path); !rep.OK() || rep.LastSeq != 150 {
		t.Fatalf("append during verify: %+v", rep)
	}
	afterLogRead = nil
	if rep := mustVerify(t, path); !rep.OK() || rep.LastSeq != 151 {
		t.Fatalf("after the late append: %+v", rep)
	}
}

// Read hands over the complete entries of a log whose final line was cut short (an interrupted
// append) and skips the cut line; Verify is what reports it.
func TestReadSkipsCutFinalLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custody.log")
	want := writeSample(t, path, 3)
	orig, _ := os.ReadFile(path)
	last := bytes.LastIndexByte(orig[:len(orig)-1], '\n') + 1 // start of the third line
	for _, cut := range []int{last + 1, last + 10, len(orig) - 1} {
		os.WriteFile(path, orig[:cut], 0o644)
		var got []string
		err := Read(context.Background(), path, func(line int, e Entry) error {
			got = append(got, e.Subject)
			return nil
		})
		if err != nil || len(got) != 2 || got[0] != want[0].Subject || got[1] != want[1].Subject {
			t.Errorf("cut at %d: Read gave %v, %v; want the first two entries", cut, got, err)
		}
	}
}
