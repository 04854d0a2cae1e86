//go:build !linux

package blob

import "errors"

// syncFS is unavailable here; Batch.Commit then syncs each file and directory it touched.
func syncFS(string) error { return errors.New("syncfs is not available on this system") }
