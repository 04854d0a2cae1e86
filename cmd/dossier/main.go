// Command dossier builds a prosecution-ready international criminal case from open-source
// evidence. See `dossier help` and README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"dossier/internal/cli"
)

func main() {
	// DOSSIER_CPUPROFILE=FILE writes a CPU profile of the run (for the benchmarks in bench/).
	if p := os.Getenv("DOSSIER_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			if err := pprof.StartCPUProfile(f); err == nil {
				defer pprof.StopCPUProfile()
			}
		} else {
			fmt.Fprintln(os.Stderr, "dossier: cpu profile:", err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}
