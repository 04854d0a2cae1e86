package audit_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/internal/audit"
	"dossier/internal/blob"
	"dossier/internal/testutil"
)

const crashEnv = "DOSSIER_CRASH_CHILD_DIR"

// TestCrashChild is the child process of TestCrashRecovery: it stores blobs
// and appends custody entries referring to them until it is killed, half the
// time one by one (Dir.Put, Log.Append) and half the time in group commits
// (Batch.Commit, Log.AppendBatch).
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("helper process for TestCrashRecovery")
	}
	ctx := context.Background()
	store, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	log, err := audit.Open(lctx, filepath.Join(dir, "custody.log"))
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println("ready")
	for i := 0; ; {
		if mrand.IntN(2) == 0 {
			// One blob made durable on its own, then its entry.
			buf := make([]byte, mrand.IntN(64<<10))
			rand.Read(buf)
			ref, n, err := store.Put(ctx, bytes.NewReader(buf))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			// The custody record is written only after the blob is durable.
			_, err = log.Append(ctx, crashEntry(i, ref, n))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			i++
			continue
		}
		// Group commit: a batch of blobs made durable by one Commit, then
		// their entries in one AppendBatch.
		b := store.Batch()
		var entries []audit.Entry
		for range 1 + mrand.IntN(30) {
			buf := make([]byte, mrand.IntN(16<<10))
			rand.Read(buf)
			ref, n, err := b.Put(ctx, bytes.NewReader(buf))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			entries = append(entries, crashEntry(i, ref, n))
			i++
		}
		if err := b.Commit(ctx); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if _, err := log.AppendBatch(ctx, entries); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}

func crashEntry(i int, ref blob.Ref, n int64) audit.Entry {
	return audit.Entry{
		Actor: "crash-test", Action: audit.ActionAdd, Subject: "item-" + strconv.Itoa(i),
		Blobs: []string{ref.String()}, Details: map[string]string{"size": strconv.FormatInt(n, 10)},
	}
}

// TestCrashRecovery kills a writer with SIGKILL at random points (at least
// 100 times) and checks after each kill that the blob store and the custody
// log verify, that every blob the log refers to exists intact, and that the
// next writer can continue the log.
func TestCrashRecovery(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("inside the child")
	}
	kills := 120
	if testing.Short() {
		kills = 15
	}
	dir := t.TempDir()
	ctx := context.Background()
	store, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "custody.log")
	rng := mrand.New(mrand.NewPCG(1, 2))
	withTemp, lagged := 0, 0
	for k := range kills {
		// Let it work for a random while, then kill it without warning.
		if !testutil.KillChild(t, "TestCrashChild", []string{crashEnv + "=" + dir}, time.Duration(rng.IntN(40_000))*time.Microsecond) {
			t.Fatalf("kill %d: the child ended on its own", k)
		}

		// The store verifies: no damaged blob, no stray file (temp files are ignored).
		var probs []string
		if _, err := blob.Verify(ctx, store, func(p blob.Problem) { probs = append(probs, p.String()) }); err != nil {
			t.Fatal(err)
		}
		if len(probs) > 0 {
			t.Fatalf("kill %d: blob store problems:\n%s", k, strings.Join(probs, "\n"))
		}
		entries, _ := os.ReadDir(store.Root())
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".tmp-") {
				withTemp++
				break
			}
		}
		// The log verifies (a head lagging by one interrupted append is allowed).
		if _, err := os.Stat(logPath); errors.Is(err, os.ErrNotExist) {
			continue // killed before the first append
		}
		rep, err := audit.Verify(ctx, logPath)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("kill %d: custody log problems: %v", k, rep.Problems)
		}
		if rep.HeadLag {
			lagged++
		}
		// No partial record: every entry's blobs exist and are whole.
		err = audit.Read(ctx, logPath, func(line int, e audit.Entry) error {
			for _, b := range e.Blobs {
				ref, err := blob.Parse(b)
				if err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
				size, err := store.Stat(ctx, ref)
				if err != nil {
					return fmt.Errorf("line %d refers to %s: %w", line, ref, err)
				}
				if strconv.FormatInt(size, 10) != e.Details["size"] {
					return fmt.Errorf("line %d: blob %s has %d bytes, entry says %s", line, ref, size, e.Details["size"])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("kill %d: %v", k, err)
		}
	}
	rep, err := audit.Verify(ctx, logPath)
	if err != nil {
		t.Fatal(err)
	}
	if rep.LastSeq < int64(kills)/4 {
		t.Fatalf("only %d entries after %d runs: the children did too little work to test anything", rep.LastSeq, kills)
	}
	removed, _ := store.CleanTemp(0)
	t.Logf("%d kills, %d entries, %d kills left temp files (%d cleaned), %d left the head one behind", kills, rep.LastSeq, withTemp, removed, lagged)
}
