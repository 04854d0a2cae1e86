//go:build !linux

package blob

import "errors"

// syncFS is unavailable here; Batch.Commit then syncs each file and directory it touched.
func syncFS(string) error { return errors.New("syncfs is not available on this system") }

// commitRound is how many temporary files a Batch commit keeps open at once.
func commitRound() int { return 64 }
