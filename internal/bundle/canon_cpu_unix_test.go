//go:build unix

package bundle

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time so far: benchmarks report throughput per
// CPU-second as well, which a busy machine distorts far less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
