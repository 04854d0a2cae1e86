// Package blob is the evidence locker's content-addressed blob store.
//
// Every blob is addressed by the SHA-256 of its bytes (a Ref, written
// "sha256-<64 hex>"). The Store interface is deliberately small (Put, Open,
// Stat, Walk) so that an S3-compatible backend can implement it later; Dir is
// the filesystem implementation. Dir streams each Put into a temporary file in
// the store directory while hashing it, fsyncs the file, makes it read-only,
// links it into place as ab/<hex> (never overwriting an existing blob) and
// fsyncs the directory, so that a blob is durable before Put returns and
// therefore before any record can refer to it. Blobs are never modified.
//
// Batch is the group-commit path for many blobs at once: Puts are held in memory and written
// behind into unnamed temporary files, and Commit makes them all durable with one syncfs(2),
// links them into place, and makes the names durable with one more, so that a blob still
// appears under its address only once its bytes are durable.
//
// Verify re-hashes every blob of a store and reports each problem precisely
// (which ref, which digest was expected, which was found).
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Prefix is the textual prefix of a Ref.
const Prefix = "sha256-"

// ErrNotFound is returned (wrapped) by Open and Stat for an absent blob.
var ErrNotFound = errors.New("blob not found")

// Ref is the typed SHA-256 address of a blob. The zero Ref is invalid.
type Ref struct {
	sum   [sha256.Size]byte
	valid bool
}

// RefOf returns the Ref of a SHA-256 digest.
func RefOf(sum [sha256.Size]byte) Ref { return Ref{sum: sum, valid: true} }

// RefOfBytes hashes b and returns its Ref.
func RefOfBytes(b []byte) Ref { return RefOf(sha256.Sum256(b)) }

// Parse parses "sha256-<64 lowercase hex digits>".
func Parse(s string) (Ref, error) {
	hexPart, ok := strings.CutPrefix(s, Prefix)
	if !ok {
		return Ref{}, fmt.Errorf("parse blob ref %q: want prefix %q", s, Prefix)
	}
	return ParseHex(hexPart)
}

// ParseHex parses a bare 64-digit lowercase hex SHA-256 digest.
func ParseHex(h string) (Ref, error) {
	if len(h) != 2*sha256.Size {
		return Ref{}, fmt.Errorf("parse blob ref: digest %q has %d hex digits, want %d", h, len(h), 2*sha256.Size)
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return Ref{}, fmt.Errorf("parse blob ref: digest %q: character %d (%q) is not lowercase hex", h, i+1, c)
		}
	}
	var r Ref
	if _, err := hex.Decode(r.sum[:], []byte(h)); err != nil {
		return Ref{}, fmt.Errorf("parse blob ref %q: %w", h, err)
	}
	r.valid = true
	return r, nil
}

// IsZero reports whether r is the zero (invalid) Ref.
func (r Ref) IsZero() bool { return !r.valid }

// Hex returns the lowercase hex digest ("" for the zero Ref).
func (r Ref) Hex() string {
	if !r.valid {
		return ""
	}
	return hex.EncodeToString(r.sum[:])
}

// Sum returns the raw digest.
func (r Ref) Sum() [sha256.Size]byte { return r.sum }

// String returns "sha256-<hex>" ("" for the zero Ref).
func (r Ref) String() string {
	if !r.valid {
		return ""
	}
	return Prefix + r.Hex()
}

// MarshalText implements encoding.TextMarshaler.
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; empty text gives the zero Ref.
func (r *Ref) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = Ref{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*r = p
	return nil
}

// Store is a content-addressed blob store. Implementations must make a blob
// durable before Put returns and must never modify a stored blob.
type Store interface {
	// Put stores the bytes of r and returns their Ref and size.
	Put(ctx context.Context, r io.Reader) (Ref, int64, error)
	// Open returns the blob's bytes; the error wraps ErrNotFound if absent.
	Open(ctx context.Context, ref Ref) (io.ReadCloser, error)
	// Stat returns the blob's size; the error wraps ErrNotFound if absent.
	Stat(ctx context.Context, ref Ref) (int64, error)
	// Walk calls fn for every stored blob, in no particular order.
	Walk(ctx context.Context, fn func(Ref, int64) error) error
}

// ctxReader makes a long copy stop when the context ends.
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
