package blob

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
)

// Problem kinds reported by Verify.
const (
	ProblemMismatch   = "digest-mismatch" // content does not hash to its address
	ProblemSize       = "size-mismatch"   // listed size differs from bytes read
	ProblemUnreadable = "unreadable"      // the blob could not be opened or read
	ProblemStray      = "stray"           // a file in the store that is not a blob
)

// Problem is one fixity failure found by Verify.
type Problem struct {
	Kind     string
	Ref      Ref    // the blob concerned (zero for strays)
	Path     string // the file concerned, for strays
	Expected string // expected digest or size
	Actual   string // digest or size found
	Err      error  // for unreadable blobs
}

func (p Problem) String() string {
	switch p.Kind {
	case ProblemMismatch:
		return fmt.Sprintf("blob %s: content hash mismatch: expected sha256 %s, actual sha256 %s", p.Ref, p.Expected, p.Actual)
	case ProblemSize:
		return fmt.Sprintf("blob %s: size mismatch: listed %s bytes, read %s bytes", p.Ref, p.Expected, p.Actual)
	case ProblemUnreadable:
		return fmt.Sprintf("blob %s: unreadable: %v", p.Ref, p.Err)
	case ProblemStray:
		return fmt.Sprintf("blob store: stray file %s: %s", p.Path, p.Actual)
	}
	return fmt.Sprintf("blob %s: %s", p.Ref, p.Kind)
}

// strayLister is implemented by stores that can list files which are not blobs.
type strayLister interface {
	Strays(ctx context.Context, fn func(path, reason string) error) error
}

// Verify re-hashes every blob in s and calls report for each problem. It
// returns the number of blobs checked; the error is for failures to walk the
// store or a cancelled context, not for the problems found.
func Verify(ctx context.Context, s Store, report func(Problem)) (int, error) {
	checked := 0
	buf := make([]byte, 1<<20)
	err := s.Walk(ctx, func(ref Ref, size int64) error {
		checked++
		rc, err := s.Open(ctx, ref)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			report(Problem{Kind: ProblemUnreadable, Ref: ref, Err: err})
			return nil
		}
		defer rc.Close()
		h := sha256.New()
		n, err := io.CopyBuffer(h, ctxReader{ctx, rc}, buf)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			report(Problem{Kind: ProblemUnreadable, Ref: ref, Err: fmt.Errorf("after %d bytes: %w", n, err)})
			return nil
		}
		var sum [sha256.Size]byte
		copy(sum[:], h.Sum(nil))
		if got := RefOf(sum); got != ref {
			report(Problem{Kind: ProblemMismatch, Ref: ref, Expected: ref.Hex(), Actual: got.Hex()})
		}
		if n != size {
			report(Problem{Kind: ProblemSize, Ref: ref, Expected: fmt.Sprint(size), Actual: fmt.Sprint(n)})
		}
		return nil
	})
	if err != nil {
		return checked, fmt.Errorf("verify blobs: %w", err)
	}
	if sl, ok := s.(strayLister); ok {
		err := sl.Strays(ctx, func(path, reason string) error {
			report(Problem{Kind: ProblemStray, Path: path, Actual: reason})
			return nil
		})
		if err != nil {
			return checked, fmt.Errorf("verify blobs: %w", err)
		}
	}
	return checked, nil
}
