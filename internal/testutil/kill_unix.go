//go:build unix

package testutil

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// KillChild runs the test named child of this test binary (-test.run=^child$) in a new process
// with env added to the environment, waits until it prints "ready", lets it work for delay, and
// kills it with SIGKILL: the crash tests' way of stopping a writer at a random point. It reports
// whether the kill stopped the child (false: the child had already exited 0 on its own). A child
// that does not start, or ends in any other way, fails the test with its stderr.
func KillChild(t testing.TB, child string, env []string, delay time.Duration) (killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("%s did not start: %q %v\n%s", child, line, err, stderr.String())
	}
	time.Sleep(delay)
	_ = cmd.Process.Signal(syscall.SIGKILL) // fails only if it has exited: Wait says how
	err = cmd.Wait()
	if err == nil {
		return false
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true
		}
	}
	t.Fatalf("%s ended otherwise: %v\n%s", child, err, stderr.String())
	return false
}
