//go:build !unix

package audit

import "context"

// lockFile is a no-op where flock is unavailable: only the in-process mutex
// serialises appends there.
func lockFile(ctx context.Context, path string) (func() error, error) {
	return func() error { return nil }, nil
}
