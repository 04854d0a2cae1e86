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
	"strings"
	"sync"
	"time"
)

// tempPrefix names the temporary files Put writes in the store's root.
// Walk and Verify ignore them; CleanTemp removes stale ones.
const tempPrefix = ".tmp-"

// copyBufs recycles Put's copy buffers (allocating 1 MiB per Put dominated
// the cost of storing many small blobs).
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}

// Dir is a filesystem blob store rooted at a directory. Blob <hex> lives at
// <root>/<hex[0:2]>/<hex>, mode 0444 (one level of 256 directories, as in git:
// a second level made every new blob of a young store create a directory). It is safe for concurrent
// use by several goroutines and several processes.
type Dir struct {
	root    string
	unnamed bool // O_TMPFILE works here
}

var _ Store = (*Dir)(nil)

// NewDir returns a store rooted at dir, creating it if needed.
func NewDir(dir string) (*Dir, error) {
	if dir == "" {
		return nil, errors.New("blob store: empty directory name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("blob store %s: %w", dir, err)
	}
	return &Dir{root: dir, unnamed: probeUnnamed(dir)}, nil
}

// Root returns the store directory.
func (d *Dir) Root() string { return d.root }

// Path returns the file path of ref (whether or not it exists).
func (d *Dir) Path(ref Ref) string {
	h := ref.Hex()
	if len(h) < 4 {
		return filepath.Join(d.root, "invalid-ref")
	}
	return filepath.Join(d.root, h[0:2], h)
}

// Put streams r into a temporary file while hashing it, syncs it, and links
// it into place. Identical content is stored once.
func (d *Dir) Put(ctx context.Context, r io.Reader) (ref Ref, n int64, err error) {
	tmp, err := d.newTemp()
	if err != nil {
		return Ref{}, 0, fmt.Errorf("blob put: create temp file in %s: %w", d.root, err)
	}
	// The temp file is discarded on every path; on success it has been linked.
	defer tmp.discard()
	tmpName := tmp.Name()
	h := sha256.New()
	bufp := copyBufs.Get().(*[]byte)
	n, err = io.CopyBuffer(io.MultiWriter(tmp, h), ctxReader{ctx, r}, *bufp)
	copyBufs.Put(bufp)
	if err != nil {
		return Ref{}, n, fmt.Errorf("blob put: copy after %d bytes: %w", n, err)
	}
	if err := tmp.Chmod(0o444); err != nil {
		return Ref{}, n, fmt.Errorf("blob put: chmod %s: %w", tmpName, err)
	}
	if err := tmp.Sync(); err != nil {
		return Ref{}, n, fmt.Errorf("blob put: sync %s: %w", tmpName, err)
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	ref = RefOf(sum)
	dst := d.Path(ref)
	if size, err := fileSize(dst); err == nil {
		if size != n {
			return Ref{}, n, fmt.Errorf("blob put: existing blob %s has %d bytes, want %d: the store is damaged (run verify)", ref, size, n)
		}
		return ref, n, nil // deduplicated
	}
	created, err := mkdirAllSynced(d.root, filepath.Dir(dst))
	if err != nil {
		return Ref{}, n, fmt.Errorf("blob put %s: %w", ref, err)
	}
	// Link never replaces an existing file: a concurrent Put of the same
	// content wins and ours is discarded.
	if err := tmp.link(dst); err != nil && !errors.Is(err, fs.ErrExist) {
		return Ref{}, n, fmt.Errorf("blob put %s: link into place: %w", ref, err)
	}
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return Ref{}, n, fmt.Errorf("blob put %s: %w", ref, err)
	}
	for _, dir := range created {
		if err := syncDir(filepath.Dir(dir)); err != nil {
			return Ref{}, n, fmt.Errorf("blob put %s: %w", ref, err)
		}
	}
	return ref, n, nil
}

// Open opens the blob for reading.
func (d *Dir) Open(ctx context.Context, ref Ref) (io.ReadCloser, error) {
	if ref.IsZero() {
		return nil, errors.New("blob open: zero ref")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("blob open %s: %w", ref, err)
	}
	f, err := os.Open(d.Path(ref))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob open %s: %w", ref, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob open %s: %w", ref, err)
	}
	return f, nil
}

// Stat returns the blob's size.
func (d *Dir) Stat(ctx context.Context, ref Ref) (int64, error) {
	if ref.IsZero() {
		return 0, errors.New("blob stat: zero ref")
	}
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("blob stat %s: %w", ref, err)
	}
	n, err := fileSize(d.Path(ref))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("blob stat %s: %w", ref, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("blob stat %s: %w", ref, err)
	}
	return n, nil
}

// Walk calls fn for every correctly placed blob file. Temporary files and
// anything else in the directory are skipped (Strays lists the latter).
func (d *Dir) Walk(ctx context.Context, fn func(Ref, int64) error) error {
	return d.scan(ctx, fn, nil)
}

// Strays calls fn for every file or directory in the store that is neither a
// correctly placed blob nor a temporary file, with the reason.
func (d *Dir) Strays(ctx context.Context, fn func(path, reason string) error) error {
	return d.scan(ctx, nil, fn)
}

func (d *Dir) scan(ctx context.Context, blobFn func(Ref, int64) error, strayFn func(path, reason string) error) error {
	stray := func(p, reason string) error {
		if strayFn == nil {
			return nil
		}
		return strayFn(p, reason)
	}
	top, err := os.ReadDir(d.root)
	if err != nil {
		return fmt.Errorf("blob walk %s: %w", d.root, err)
	}
	for _, e1 := range top {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("blob walk: %w", err)
		}
		p1 := filepath.Join(d.root, e1.Name())
		if strings.HasPrefix(e1.Name(), tempPrefix) && !e1.IsDir() {
			continue
		}
		if !e1.IsDir() || !isHex(e1.Name(), 2) {
			if err := stray(p1, "not a blob directory"); err != nil {
				return err
			}
			continue
		}
		files, err := os.ReadDir(p1)
		if err != nil {
			return fmt.Errorf("blob walk %s: %w", p1, err)
		}
		for _, f := range files {
			p2 := filepath.Join(p1, f.Name())
			name := f.Name()
			if !f.Type().IsRegular() || !isHex(name, 2*sha256.Size) {
				if err := stray(p2, "not a blob file (name must be 64 lowercase hex digits)"); err != nil {
					return err
				}
				continue
			}
			if name[0:2] != e1.Name() {
				if err := stray(p2, "blob file in the wrong directory"); err != nil {
					return err
				}
				continue
			}
			if blobFn == nil {
				continue
			}
			ref, err := ParseHex(name)
			if err != nil {
				return fmt.Errorf("blob walk %s: %w", p2, err)
			}
			info, err := f.Info()
			if err != nil {
				return fmt.Errorf("blob walk %s: %w", p2, err)
			}
			if err := blobFn(ref, info.Size()); err != nil {
				return err
			}
		}
	}
	return nil
}

// CleanTemp removes temporary files left by interrupted Puts that are older
// than olderThan (use a margin: a live Put in another process owns its file).
// It returns how many files it removed.
func (d *Dir) CleanTemp(olderThan time.Duration) (int, error) {
	entries, err := os.ReadDir(d.root)
	if err != nil {
		return 0, fmt.Errorf("blob clean %s: %w", d.root, err)
	}
	removed := 0
	cutoff := time.Now().Add(-olderThan)
	for _, e := range entries {
		if e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || info.ModTime().After(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(d.root, e.Name())); err == nil {
			removed++
		}
	}
	return removed, nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func fileSize(p string) (int64, error) {
	info, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// mkdirAllSynced creates dir (under root) and returns the directories it
// created, outermost first, so the caller can sync their parents.
func mkdirAllSynced(root, dir string) ([]string, error) {
	var missing []string
	for p := dir; p != root && p != "." && p != string(filepath.Separator); p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil {
			break
		}
		missing = append([]string{p}, missing...)
	}
	for _, p := range missing {
		if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("create %s: %w", p, err)
		}
	}
	return missing, nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}
