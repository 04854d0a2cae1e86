package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// Batch is a group commit over a Dir: many Puts made durable together by one Commit.
//
// Dir.Put makes every blob durable on its own (three fsyncs). A Batch instead hashes each blob
// into memory (or, past a size budget, into a temporary file) and touches the store only at
// Commit, which
//
//  1. writes every pending blob to an unnamed temporary file (O_TMPFILE; elsewhere a named
//     ".tmp-*" file) and syncs all their data at once (one syncfs(2) of the store's filesystem
//     on Linux; elsewhere an fsync per file),
//  2. links each file to its content address (never replacing an existing blob),
//  3. syncs the new names (one more syncfs; elsewhere an fsync of each touched directory).
//
// So a blob appears under its address only once its bytes are durable, and Commit returns only
// once the names are: the guarantee stays "a blob is durable before any record refers to it",
// provided the caller writes records only after Commit returns. Until then a pending blob can be
// read back through the Batch (Open, Stat), but it is not in the Dir. A crash before or during
// Commit leaves at most ".tmp-*" files (none on Linux), which no record refers to and CleanTemp
// removes.
//
// A Batch is a Store for code that takes one (capture.Options.Store); it is safe for concurrent
// Puts. Puts must not run during Commit.
type Batch struct {
	d *Dir

	mu      sync.Mutex
	pending map[Ref]*pendingBlob
	order   []Ref        // pending refs in Put order
	dedup   map[Ref]bool // already in the Dir when Put: their names are made durable too
	mem     int64        // bytes held in memory

	// Write-behind: each in-memory blob is written to an unnamed temporary file by a background
	// goroutine while the caller goes on (overlapping the file system work with, say, network
	// fetches); Commit waits for them. At most writers run at once and at most fdMax files are
	// held open; a blob that finds no room stays in memory and is written by Commit.
	writing sync.WaitGroup
	writers chan struct{}
	open    atomic.Int64
	fdMax   int64
}

// Memory limits of a Batch: a blob larger than batchBlobMem, or one that would take the
// batch's memory past batchMem, is spooled to a temporary file instead.
const (
	batchBlobMem = 8 << 20
	batchMem     = 256 << 20
)

type pendingBlob struct {
	data []byte    // the blob, or nil once written to t or spooled to tmp
	t    *tempFile // the blob written behind, open, not yet synced or linked
	tmp  string    // named temporary file holding a spooled blob
	size int64
}

// batchWriters is how many write-behind goroutines run at once.
const batchWriters = 2

var _ Store = (*Batch)(nil)

// Batch starts a group commit on d.
func (d *Dir) Batch() *Batch {
	return &Batch{d: d, pending: map[Ref]*pendingBlob{}, dedup: map[Ref]bool{},
		writers: make(chan struct{}, batchWriters), fdMax: int64(commitRound())}
}

// Len returns how many new blobs wait for Commit.
func (b *Batch) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pending)
}

// Put hashes r into memory (or a temporary file, not synced). The blob is durable and visible
// in the Dir only after Commit.
func (b *Batch) Put(ctx context.Context, r io.Reader) (Ref, int64, error) {
	h := sha256.New()
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.TeeReader(ctxReader{ctx, io.LimitReader(r, batchBlobMem+1)}, h))
	if err != nil {
		return Ref{}, n, fmt.Errorf("blob batch put: read after %d bytes: %w", n, err)
	}
	b.mu.Lock()
	inMem := n <= batchBlobMem && b.mem+n <= batchMem
	if inMem {
		b.mem += n // reserved; released below if the blob turns out to be known
	}
	b.mu.Unlock()
	p := &pendingBlob{size: n}
	if inMem {
		p.data = buf.Bytes()
	} else {
		tmp, size, err := b.spool(ctx, &buf, r, h)
		if err != nil {
			return Ref{}, size, err
		}
		p.tmp, p.size, n = tmp, size, size
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	ref := RefOf(sum)

	b.mu.Lock()
	defer b.mu.Unlock()
	drop := func() {
		if inMem {
			b.mem -= n
		} else {
			os.Remove(p.tmp)
		}
	}
	if q, ok := b.pending[ref]; ok {
		drop()
		if q.size != n {
			return Ref{}, n, fmt.Errorf("blob batch put %s: %d bytes, an earlier put of the same digest had %d", ref, n, q.size)
		}
		return ref, n, nil // the same content twice in one batch
	}
	if size, err := fileSize(b.d.Path(ref)); err == nil {
		drop()
		if size != n {
			return Ref{}, n, fmt.Errorf("blob batch put: existing blob %s has %d bytes, want %d: the store is damaged (run verify)", ref, size, n)
		}
		b.dedup[ref] = true
		return ref, n, nil
	}
	b.pending[ref] = p
	b.order = append(b.order, ref)
	if inMem {
		b.writing.Add(1)
		go b.writeBehind(p)
	}
	return ref, n, nil
}

// writeBehind writes an in-memory blob to an unnamed temporary file (not synced) and releases
// its memory. On any failure the blob simply stays in memory for Commit.
func (b *Batch) writeBehind(p *pendingBlob) {
	defer b.writing.Done()
	b.writers <- struct{}{}
	defer func() { <-b.writers }()
	if b.open.Add(1) > b.fdMax {
		b.open.Add(-1)
		return
	}
	t, err := b.d.newTemp()
	if err == nil {
		if _, err = t.Write(p.data); err == nil {
			err = t.Chmod(0o444)
		}
		if err != nil {
			t.discard()
		}
	}
	if err != nil {
		b.open.Add(-1)
		return
	}
	b.mu.Lock()
	p.t = t
	b.mem -= int64(len(p.data))
	p.data = nil
	b.mu.Unlock()
}

// spool writes a large blob (head already read into buf, the rest still in r) to a named
// temporary file, hashing the rest into h.
func (b *Batch) spool(ctx context.Context, head *bytes.Buffer, r io.Reader, h io.Writer) (string, int64, error) {
	f, err := os.CreateTemp(b.d.root, tempPrefix+"batch-*")
	if err != nil {
		return "", 0, fmt.Errorf("blob batch put: create temp file in %s: %w", b.d.root, err)
	}
	ok := false
	defer func() {
		f.Close()
		if !ok {
			os.Remove(f.Name())
		}
	}()
	n, err := head.WriteTo(f)
	if err != nil {
		return "", n, fmt.Errorf("blob batch put: write %s: %w", f.Name(), err)
	}
	bufp := copyBufs.Get().(*[]byte)
	m, err := io.CopyBuffer(io.MultiWriter(f, h), ctxReader{ctx, r}, *bufp)
	copyBufs.Put(bufp)
	n += m
	if err != nil {
		return "", n, fmt.Errorf("blob batch put: copy after %d bytes: %w", n, err)
	}
	if err := f.Close(); err != nil {
		return "", n, fmt.Errorf("blob batch put: close %s: %w", f.Name(), err)
	}
	ok = true
	return f.Name(), n, nil
}

// Open reads a blob, pending or committed.
func (b *Batch) Open(ctx context.Context, ref Ref) (io.ReadCloser, error) {
	b.mu.Lock()
	p, ok := b.pending[ref]
	var data []byte
	var t *tempFile
	if ok {
		data, t = p.data, p.t
	}
	b.mu.Unlock()
	switch {
	case ok && data != nil:
		return io.NopCloser(bytes.NewReader(data)), nil
	case ok && t != nil:
		return io.NopCloser(io.NewSectionReader(t.File, 0, p.size)), nil
	case ok:
		f, err := os.Open(p.tmp)
		if err != nil {
			return nil, fmt.Errorf("blob open %s (pending): %w", ref, err)
		}
		return f, nil
	}
	return b.d.Open(ctx, ref)
}

// Stat returns a blob's size, pending or committed.
func (b *Batch) Stat(ctx context.Context, ref Ref) (int64, error) {
	b.mu.Lock()
	p, ok := b.pending[ref]
	b.mu.Unlock()
	if ok {
		return p.size, nil
	}
	return b.d.Stat(ctx, ref)
}

// Walk walks the committed blobs of the Dir (pending blobs are not listed).
func (b *Batch) Walk(ctx context.Context, fn func(Ref, int64) error) error {
	return b.d.Walk(ctx, fn)
}

// Commit makes every pending blob durable and visible under its address (see Batch). On error
// some blobs may have been committed and the rest stay pending; Commit may be called again,
// or Abort to discard them. After a successful Commit the Batch is empty and can be reused.
func (b *Batch) Commit(ctx context.Context) error {
	b.writing.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 && len(b.dedup) == 0 {
		return nil
	}
	// Unnamed temp files stay open until linked: commit in rounds that respect the fd limit.
	round := commitRound()
	for len(b.order) > 0 {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("blob batch commit: %w", err)
		}
		refs := b.order[:min(round, len(b.order))]
		if err := b.commitRound(refs); err != nil {
			return err
		}
		for _, ref := range refs {
			if p := b.pending[ref]; p != nil {
				b.mem -= int64(len(p.data))
			}
			delete(b.pending, ref)
		}
		b.order = b.order[len(refs):]
	}
	if len(b.dedup) > 0 {
		// Blobs deduplicated against files another process may not have synced yet.
		if err := syncFS(b.d.root); err != nil {
			for ref := range b.dedup {
				if err := syncFile(b.d.Path(ref)); err != nil {
					return fmt.Errorf("blob batch commit %s: %w", ref, err)
				}
				if err := syncDir(filepath.Dir(b.d.Path(ref))); err != nil {
					return fmt.Errorf("blob batch commit %s: %w", ref, err)
				}
			}
		}
		clear(b.dedup)
	}
	return nil
}

// fewBlobs is the largest commit round synced file by file rather than by syncfs.
const fewBlobs = 8

// commitWorkers write and link blobs in parallel (the work is mostly in the kernel).
const commitWorkers = 4

func (b *Batch) commitRound(refs []Ref) error {
	// 1. Data: every blob in a temporary file, then one sync.
	temps := make([]*tempFile, len(refs))
	defer func() {
		for _, t := range temps {
			if t != nil {
				t.discard()
			}
		}
	}()
	for i, ref := range refs {
		if p := b.pending[ref]; p.t != nil {
			temps[i], p.t = p.t, nil // written behind
			b.open.Add(-1)
		}
	}
	err := parallel(len(refs), func(i int) error {
		p := b.pending[refs[i]]
		if temps[i] != nil || p.data == nil {
			return nil // written behind, or spooled to a named temp file
		}
		t, err := b.d.newTemp()
		if err != nil {
			return fmt.Errorf("blob batch commit: create temp file in %s: %w", b.d.root, err)
		}
		temps[i] = t
		if _, err := t.Write(p.data); err != nil {
			return fmt.Errorf("blob batch commit %s: write: %w", refs[i], err)
		}
		if err := t.Chmod(0o444); err != nil {
			return fmt.Errorf("blob batch commit %s: chmod: %w", refs[i], err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// syncfs flushes the whole file system (other processes' dirty data included): worth it for
	// many blobs, not for a few, which are synced one by one.
	viaFS := len(refs) > fewBlobs && syncFS(b.d.root) == nil
	if !viaFS {
		err := parallel(len(refs), func(i int) error {
			if temps[i] != nil {
				return temps[i].Sync()
			}
			return syncFile(b.pending[refs[i]].tmp)
		})
		if err != nil {
			return fmt.Errorf("blob batch commit: sync: %w", err)
		}
	}
	// 2. Names: link each blob into place (creating its directories).
	var mu sync.Mutex
	dirs := map[string]bool{}
	err = parallel(len(refs), func(i int) error {
		ref, p := refs[i], b.pending[refs[i]]
		dst := b.d.Path(ref)
		created, err := mkdirAllSynced(b.d.root, filepath.Dir(dst))
		if err != nil {
			return fmt.Errorf("blob batch commit %s: %w", ref, err)
		}
		if temps[i] != nil {
			err = temps[i].link(dst)
			if errors.Is(err, fs.ErrExist) {
				err = nil // another writer stored the same content first
			}
		} else {
			if err = os.Chmod(p.tmp, 0o444); err == nil {
				err = linkNoReplace(p.tmp, dst)
			}
		}
		if err != nil {
			return fmt.Errorf("blob batch commit %s: link into place: %w", ref, err)
		}
		if size, err := fileSize(dst); err != nil || size != p.size {
			return fmt.Errorf("blob batch commit %s: blob in place has %d bytes, want %d (%v): the store is damaged (run verify)", ref, size, p.size, err)
		}
		if p.tmp != "" {
			os.Remove(p.tmp)
		}
		mu.Lock()
		dirs[filepath.Dir(dst)] = true
		for _, c := range created {
			dirs[filepath.Dir(c)] = true
		}
		mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	// 3. Durable names.
	if viaFS && syncFS(b.d.root) == nil {
		return nil
	}
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			return fmt.Errorf("blob batch commit: %w", err)
		}
	}
	return nil
}

// parallel runs fn(0..n-1) on commitWorkers goroutines and returns the first error.
func parallel(n int, fn func(i int) error) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
		ferr error
	)
	for range min(commitWorkers, n) {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := i >= n || ferr != nil
				mu.Unlock()
				if stop {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					if ferr == nil {
						ferr = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return ferr
}

// Abort discards the pending blobs.
func (b *Batch) Abort() {
	b.writing.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	for ref, p := range b.pending {
		if p.tmp != "" {
			os.Remove(p.tmp)
		}
		if p.t != nil {
			p.t.discard()
			b.open.Add(-1)
		}
		delete(b.pending, ref)
	}
	b.order = nil
	b.mem = 0
	clear(b.dedup)
}

func syncFile(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("sync %s: %w", p, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", p, err)
	}
	return nil
}

// linkNoReplace gives the file src the name dst unless dst exists (another writer stored the
// same content first: not an error). Where hard links are unsupported it renames instead.
func linkNoReplace(src, dst string) error {
	err := os.Link(src, dst)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	if _, serr := os.Lstat(dst); serr == nil {
		return nil
	}
	if rerr := os.Rename(src, dst); rerr != nil {
		return fmt.Errorf("%w (rename: %v)", err, rerr)
	}
	return nil
}
