// Command lintfile reads drafts and lints them, printing the findings count and the time taken;
// the lint benchmark uses it when the dossier binary is not built.
//
//	go run ./bench/lint/lintfile brief.md
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"dossier/internal/docimport"
	"dossier/internal/lint"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: lintfile FILE...")
		os.Exit(2)
	}
	ctx := context.Background()
	start := time.Now()
	var docs []*docimport.Document
	for _, p := range os.Args[1:] {
		d, err := docimport.ReadFile(ctx, p)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		docs = append(docs, d)
	}
	read := time.Since(start)
	fs := lint.Run(ctx, docs, lint.Options{})
	total := time.Since(start)
	c := lint.Count(fs)
	fmt.Printf("findings=%d errors=%d warnings=%d info=%d read=%s total=%s\n", len(fs), c[lint.Error], c[lint.Warning], c[lint.Info], read.Round(time.Millisecond), total.Round(time.Millisecond))
}
