package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"dossier/internal/capture"
	"dossier/internal/model"
	"dossier/internal/store"
)

// captureWARCMaxSize is where capture closes a WARC file of its batch and starts the next
// (capture.Options.WARCMaxSize, like wget --warc-max-size). Each closed file is stored as a
// blob at once, durable, and the records of its captures go to the store while the other pages
// are still being fetched. 1 MiB (about 50 ordinary pages) keeps the store busy from the first
// pages on and leaves it little to do once the last page is in; a batch of 1,000 such pages
// makes about 20 blobs instead of one.
var captureWARCMaxSize int64 = 1 << 20 // a variable for the tests

// capturedURL is one URL's capture as it is stored: its record and, with --new-source, the
// source made for it. Everything in it depends on that capture alone, so it can be built as
// soon as the capture's WARC file is stored, in whatever order the captures finish.
type capturedURL struct {
	res *capture.Result
	rec captureRecord
	// record is rec as a store record (with the page's text); srcRecord the new source's.
	record, srcRecord store.Record
	err               error // from encoding either
	// src is the linked source (nil: none); created says it is new (--new-source), and then
	// filled and mism say what the page filled in it.
	src          *model.Source
	created      bool
	filled, mism []fieldNote
}

// captureTimes are the phases of captureIntoStore, measured from its start. They overlap.
type captureTimes struct {
	captured    time.Duration // every capture done, every WARC blob durable
	firstRecord time.Duration // the first record ready: the store transaction opens
	lastRecord  time.Duration // the last record handed to the store
	stored      time.Duration // the store transaction committed
	storeIdle   time.Duration // time the open transaction waited for records
}

// captureIntoStore captures urls concurrently and stores their records (built by prepare, called
// once per URL, never concurrently, as soon as its capture is final) in ONE store transaction
// that runs while the captures go on:
//
//   - the captures write the batch's WARC files (capture.Options.OneWARC, closed at
//     captureWARCMaxSize); each closed file is stored in the locker as one blob with blob.Dir.Put,
//     which returns once the blob is durable, and only then are its captures' records handed
//     to store.Import, which consumes them as they come: the store's work (full-text indexing
//     above all) overlaps with the fetching. A failed capture has no blob; its record is
//     handed over at once.
//   - the transaction opens when the first record is ready and commits only after every
//     capture is done, so a record can never be committed before the blob it names is on disk,
//     and the batch is stored whole or not at all: a failed batch (a WARC file that could not
//     be stored) makes the records iterator fail and the transaction roll back; a crash before
//     the commit leaves no record, and at most blobs no record names, which verify accepts.
//     While the captures run, other writers of the store wait for the transaction (SQLite:
//     up to its busy timeout).
//
// Captures already stored under the same id (live or tombstoned) are left as they are. It
// returns the captures in the order of urls.
func (e *env) captureIntoStore(ctx context.Context, s store.Store, caseID string, urls []string, f captureFlags,
	prepare func(*capture.Result) *capturedURL, ch store.Change) ([]*capturedURL, captureTimes, error) {
	var tm captureTimes
	dir, err := e.openLocker()
	if err != nil {
		return nil, tm, err
	}
	tmp, err := os.MkdirTemp("", "dossier-capture-")
	if err != nil {
		return nil, tm, fmt.Errorf("capture: scratch directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// The case's captures, tombstoned ones included: one listing, while the first pages are
	// fetched.
	type listing struct {
		ids map[string]bool
		err error
	}
	known := make(chan listing, 1)
	go func() {
		recs, err := s.List(cctx, caseID, model.KindCapture, store.ListOptions{Deleted: true})
		ids := make(map[string]bool, len(recs))
		for _, r := range recs {
			ids[r.ID] = true
		}
		known <- listing{ids, err}
	}()

	t0 := time.Now()
	out := make([]*capturedURL, len(urls))
	ready := make(chan int, len(urls)) // indexes of prepared captures; never blocks
	var capErr error                   // read only once ready is closed
	go func() {
		defer close(ready)
		bar := e.newProgress("capturing", len(urls))
		// The batch's WARC files, closed at captureWARCMaxSize (like wget --warc-file
		// --warc-max-size); each blob is durable when Put returns.
		opts := f.options(e, dir, tmp)
		opts.WARCMaxSize = captureWARCMaxSize
		opts.OnResult = func(i int, r *capture.Result) {
			out[i] = prepare(r)
			ready <- i
		}
		_, err := capture.CaptureAll(cctx, urls, f.concurrency, opts, func(done, _ int) { bar.update(done) })
		bar.finish()
		if err != nil {
			capErr = fmt.Errorf("capture: %w", err)
		}
		tm.captured = time.Since(t0)
	}()

	var ierr error
	i, ok := <-ready // the transaction opens with the first record
	tm.firstRecord = time.Since(t0)
	if ok {
		lst := <-known
		if lst.err != nil {
			ierr = fmt.Errorf("store captures: %w", lst.err)
		} else {
			seq := func(yield func(store.Record, error) bool) {
				wait := time.Now()
				for ; ok; i, ok = <-ready {
					tm.storeIdle += time.Since(wait)
					c := out[i]
					if c.created && !yield(c.srcRecord, c.err) { // the source before the capture naming it
						return
					}
					if !lst.ids[c.rec.c.ID] && !yield(c.record, c.err) {
						return
					}
					c.record = store.Record{} // the text is in the store now
					wait = time.Now()
				}
				// ready is closed: every capture is done and, unless capErr, every blob durable.
				tm.lastRecord = time.Since(t0)
				if capErr != nil {
					yield(store.Record{}, capErr)
				}
			}
			if _, err := s.Import(ctx, caseID, seq, ch, store.ImportOptions{}); err != nil {
				ierr = fmt.Errorf("store captures: %w", err)
			}
			tm.stored = time.Since(t0)
		}
	}
	cancel() // if the store stopped early, the captures stop too
	for range ready {
	}
	// The captures' own error, when the store failed because of it (or stored nothing).
	if capErr != nil && (ierr == nil || errors.Is(ierr, capErr)) {
		ierr = capErr
	}
	if ierr != nil {
		return nil, tm, ierr
	}
	return out, tm, nil
}
