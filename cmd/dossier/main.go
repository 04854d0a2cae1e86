// Command dossier builds a prosecution-ready international criminal case from open-source
// evidence. See `dossier help` and README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"dossier/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
