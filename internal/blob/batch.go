package blob

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// batchPrefix names the temporary files a Batch writes (a kind of tempPrefix file, so Walk,
// Verify and Strays ignore them and CleanTemp removes those left by a crash).
const batchPrefix = tempPrefix + "batch-"

// Batch is a group commit over a Dir: many Puts made durable together by one Commit.
//
// Dir.Put makes every blob durable on its own (three fsyncs). A Batch instead writes each blob
// to a named temporary file without syncing it; Commit then
//
//  1. syncs the data of every pending file (one syncfs(2) of the store's filesystem on Linux;
//     elsewhere an fsync of each pending file),
//  2. links each file to its content address (never replacing an existing blob) and removes
//     the temporary name,
//  3. syncs the new names (one more syncfs; elsewhere an fsync of each touched directory).
//
// So a blob appears under its address only once its bytes are durable, and Commit returns only
// once the names are: the guarantee stays "a blob is durable before any record refers to it",
// provided the caller writes records only after Commit returns. Until then a pending blob can be
// read back through the Batch (Open, Stat), but it is not in the Dir. A crash before Commit
// leaves only ".tmp-batch-*" files, which no record refers to and CleanTemp removes.
//
// A Batch is a Store for code that takes one (capture.Options.Store); it is safe for concurrent
// Puts. It is not safe to Put during Commit.
type Batch struct {
	d *Dir

	mu      sync.Mutex
	pending map[Ref]pendingBlob
	dedup   map[Ref]bool // already in the Dir when Put: their names are made durable too
	created map[string]bool
}

type pendingBlob struct {
	tmp  string
	size int64
}

var _ Store = (*Batch)(nil)

// Batch starts a group commit on d.
func (d *Dir) Batch() *Batch {
	return &Batch{d: d, pending: map[Ref]pendingBlob{}, dedup: map[Ref]bool{}, created: map[string]bool{}}
}

// Len returns how many new blobs wait for Commit.
func (b *Batch) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pending)
}

// Put hashes r into a temporary file (not synced). The blob is durable and visible in the Dir
// only after Commit.
func (b *Batch) Put(ctx context.Context, r io.Reader) (Ref, int64, error) {
	f, err := os.CreateTemp(b.d.root, batchPrefix+"*")
	if err != nil {
		return Ref{}, 0, fmt.Errorf("blob batch put: create temp file in %s: %w", b.d.root, err)
	}
	tmp := f.Name()
	keep := false
	defer func() {
		if !keep {
			f.Close()
			os.Remove(tmp)
		}
	}()
	h := sha256.New()
	bufp := copyBufs.Get().(*[]byte)
	n, err := io.CopyBuffer(io.MultiWriter(f, h), ctxReader{ctx, r}, *bufp)
	copyBufs.Put(bufp)
	if err != nil {
		return Ref{}, n, fmt.Errorf("blob batch put: copy after %d bytes: %w", n, err)
	}
	if err := f.Chmod(0o444); err != nil {
		return Ref{}, n, fmt.Errorf("blob batch put: chmod %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return Ref{}, n, fmt.Errorf("blob batch put: close %s: %w", tmp, err)
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	ref := RefOf(sum)

	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.pending[ref]; ok {
		if p.size != n {
			return Ref{}, n, fmt.Errorf("blob batch put %s: %d bytes, an earlier put of the same digest had %d", ref, n, p.size)
		}
		return ref, n, nil // the same content twice in one batch
	}
	if size, err := fileSize(b.d.Path(ref)); err == nil {
		if size != n {
			return Ref{}, n, fmt.Errorf("blob batch put: existing blob %s has %d bytes, want %d: the store is damaged (run verify)", ref, size, n)
		}
		b.dedup[ref] = true
		return ref, n, nil
	}
	keep = true
	b.pending[ref] = pendingBlob{tmp: tmp, size: n}
	return ref, n, nil
}

// Open reads a blob, pending or committed.
func (b *Batch) Open(ctx context.Context, ref Ref) (io.ReadCloser, error) {
	b.mu.Lock()
	p, ok := b.pending[ref]
	b.mu.Unlock()
	if ok {
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
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 && len(b.dedup) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("blob batch commit: %w", err)
	}
	// 1. Data.
	viaFS := syncFS(b.d.root) == nil
	if !viaFS {
		for ref, p := range b.pending {
			if err := syncFile(p.tmp); err != nil {
				return fmt.Errorf("blob batch commit %s: %w", ref, err)
			}
		}
	}
	// 2. Names.
	dirs := map[string]bool{}
	for ref, p := range b.pending {
		dst := b.d.Path(ref)
		created, err := mkdirAllSynced(b.d.root, filepath.Dir(dst))
		if err != nil {
			return fmt.Errorf("blob batch commit %s: %w", ref, err)
		}
		for _, c := range created {
			b.created[c] = true
		}
		if err := linkNoReplace(p.tmp, dst); err != nil {
			return fmt.Errorf("blob batch commit %s: link into place: %w", ref, err)
		}
		if size, err := fileSize(dst); err != nil || size != p.size {
			return fmt.Errorf("blob batch commit %s: blob in place has %d bytes, want %d (%v): the store is damaged (run verify)", ref, size, p.size, err)
		}
		os.Remove(p.tmp)
		dirs[filepath.Dir(dst)] = true
		delete(b.pending, ref)
	}
	for ref := range b.dedup {
		dirs[filepath.Dir(b.d.Path(ref))] = true
	}
	// 3. Durable names.
	if !viaFS || syncFS(b.d.root) != nil {
		for c := range b.created {
			dirs[filepath.Dir(c)] = true
		}
		for dir := range dirs {
			if err := syncDir(dir); err != nil {
				return fmt.Errorf("blob batch commit: %w", err)
			}
		}
		if !viaFS {
			// Blobs deduplicated against files another batch may not have synced yet.
			for ref := range b.dedup {
				if err := syncFile(b.d.Path(ref)); err != nil {
					return fmt.Errorf("blob batch commit %s: %w", ref, err)
				}
			}
		}
	}
	clear(b.dedup)
	clear(b.created)
	return nil
}

// Abort discards the pending blobs (their temporary files are removed).
func (b *Batch) Abort() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ref, p := range b.pending {
		os.Remove(p.tmp)
		delete(b.pending, ref)
	}
	clear(b.dedup)
	clear(b.created)
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
