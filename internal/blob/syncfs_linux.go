//go:build linux

package blob

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS flushes every dirty page and inode of the filesystem holding dir: one syncfs(2).
func syncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

// commitRound is how many unnamed temporary files a Batch commit keeps open at once: a quarter
// of the file descriptor limit, between 64 and 8192.
func commitRound() int {
	var r unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &r); err != nil {
		return 64
	}
	return int(min(max(r.Cur/4, 64), 8192))
}
