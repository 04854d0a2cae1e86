// Package bagit writes and verifies BagIt bags (RFC 8493, BagIt 1.0) with
// SHA-256 payload and tag manifests, for exporting evidence so that any
// BagIt validator can check it.
//
// Hand-written because no maintained Go BagIt library is available among
// the project's dependencies and the format is small: bagit.txt, bag-info.txt
// (with Payload-Oxum and Bagging-Date), data/, manifest-sha256.txt and
// tagmanifest-sha256.txt. Write builds the bag in a temporary sibling
// directory and renames it into place, so a failed export leaves nothing.
package bagit

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dossier/internal/blob"
)

// File is one payload file: its path under data/ (slash-separated) and a
// way to read its bytes.
type File struct {
	Path string
	Open func() (io.ReadCloser, error)
}

// FromDisk returns a payload file read from src.
func FromDisk(src, bagPath string) File {
	return File{Path: bagPath, Open: func() (io.ReadCloser, error) { return os.Open(src) }}
}

// FromBlob returns a payload file read from a blob store.
func FromBlob(ctx context.Context, s blob.Store, ref blob.Ref, bagPath string) File {
	return File{Path: bagPath, Open: func() (io.ReadCloser, error) { return s.Open(ctx, ref) }}
}

// FromBytes returns a payload file with the given content.
func FromBytes(b []byte, bagPath string) File {
	return File{Path: bagPath, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(b))), nil }}
}

// Field is one bag-info.txt label and value (labels may repeat).
type Field struct{ Label, Value string }

// Options for Write.
type Options struct {
	Info []Field   // extra bag-info.txt fields (Source-Organization, External-Description, ...)
	Now  time.Time // Bagging-Date; default today (UTC)
}

// Result summarises a written bag.
type Result struct {
	Dir     string
	Octets  int64
	Files   int
	Digests map[string]string // data/... path → sha256 hex
}

// Write creates the bag at dir (which must not exist) from files.
func Write(ctx context.Context, dir string, files []File, opts Options) (*Result, error) {
	if _, err := os.Lstat(dir); err == nil {
		return nil, fmt.Errorf("write bag %s: already exists", dir)
	}
	seen := map[string]bool{}
	for _, f := range files {
		if err := checkPayloadPath(f.Path); err != nil {
			return nil, fmt.Errorf("write bag %s: %w", dir, err)
		}
		if seen[f.Path] {
			return nil, fmt.Errorf("write bag %s: payload path %q given twice", dir, f.Path)
		}
		seen[f.Path] = true
		if f.Open == nil {
			return nil, fmt.Errorf("write bag %s: payload %q has no content", dir, f.Path)
		}
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("write bag %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("write bag %s: %w", dir, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	res := &Result{Dir: dir, Digests: map[string]string{}}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("write bag %s: %w", dir, err)
		}
		rel := "data/" + f.Path
		sum, n, err := copyPayload(ctx, f, filepath.Join(tmp, filepath.FromSlash(rel)))
		if err != nil {
			return nil, fmt.Errorf("write bag %s: %s: %w", dir, rel, err)
		}
		res.Digests[rel] = sum
		res.Octets += n
		res.Files++
	}
	if err := os.MkdirAll(filepath.Join(tmp, "data"), 0o755); err != nil {
		return nil, fmt.Errorf("write bag %s: %w", dir, err)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	tags := map[string]string{}
	writeTag := func(name, content string) error {
		if err := writeSynced(filepath.Join(tmp, name), []byte(content)); err != nil {
			return fmt.Errorf("write bag %s: %s: %w", dir, name, err)
		}
		tags[name] = sha256Hex([]byte(content))
		return nil
	}
	if err := writeTag("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"); err != nil {
		return nil, err
	}
	var info strings.Builder
	fmt.Fprintf(&info, "Bagging-Date: %s\n", now.UTC().Format("2006-01-02"))
	fmt.Fprintf(&info, "Payload-Oxum: %d.%d\n", res.Octets, res.Files)
	fmt.Fprintf(&info, "Bag-Software-Agent: dossier (internal/bagit)\n")
	for _, fld := range opts.Info {
		if strings.ContainsAny(fld.Label, ":\r\n") || strings.TrimSpace(fld.Label) == "" {
			return nil, fmt.Errorf("write bag %s: bag-info label %q is empty or contains ':' or a line break", dir, fld.Label)
		}
		v := strings.NewReplacer("\r\n", "\n ", "\n", "\n ", "\r", "\n ").Replace(fld.Value)
		fmt.Fprintf(&info, "%s: %s\n", fld.Label, v)
	}
	if err := writeTag("bag-info.txt", info.String()); err != nil {
		return nil, err
	}
	if err := writeTag("manifest-sha256.txt", manifestText(res.Digests)); err != nil {
		return nil, err
	}
	// The tag manifest lists every tag file except tag manifests.
	tagSums := map[string]string{}
	for k, v := range tags {
		tagSums[k] = v
	}
	if err := writeSynced(filepath.Join(tmp, "tagmanifest-sha256.txt"), []byte(manifestText(tagSums))); err != nil {
		return nil, fmt.Errorf("write bag %s: %w", dir, err)
	}
	if err := syncTree(tmp); err != nil {
		return nil, fmt.Errorf("write bag %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("write bag %s: %w", dir, err)
	}
	ok = true
	if d, err := os.Open(parent); err == nil {
		d.Sync()
		d.Close()
	}
	return res, nil
}

// checkPayloadPath refuses paths that are empty, absolute, unclean or that
// would escape data/.
func checkPayloadPath(p string) error {
	switch {
	case p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0):
		return fmt.Errorf("payload path %q: must be a relative slash-separated path", p)
	case path.Clean(p) != p || p == "." || p == ".." || strings.HasPrefix(p, "../"):
		return fmt.Errorf("payload path %q: must be clean and stay inside data/", p)
	}
	return nil
}

func copyPayload(ctx context.Context, f File, dst string) (string, int64, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", 0, err
	}
	rc, err := f.Open()
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), ctxReader{ctx, rc})
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// encodePath percent-encodes CR, LF and % as RFC 8493 §2.1.3 requires.
func encodePath(p string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(p)
}

func decodePath(p string) string {
	return strings.NewReplacer("%0D", "\r", "%0d", "\r", "%0A", "\n", "%0a", "\n", "%25", "%").Replace(p)
}

func manifestText(sums map[string]string) string {
	paths := make([]string, 0, len(sums))
	for p := range sums {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&b, "%s  %s\n", sums[p], encodePath(p))
	}
	return b.String()
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func writeSynced(p string, b []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncTree fsyncs every directory under root (files were synced when written).
func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

// readLines reads a tag file's lines (without line endings).
func readLines(p string) ([]string, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		lines = append(lines, strings.TrimSuffix(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return lines, nil
}

var errNoBag = errors.New("not a bag")
