package main

import (
	"context"
	"os"

	"dossier/internal/docimport"
	"dossier/internal/lint"
)

func main() {
	d, err := docimport.ReadFile(context.Background(), os.Args[1])
	if err != nil {
		panic(err)
	}
	fs := lint.Run(context.Background(), []*docimport.Document{d}, lint.Options{})
	lint.WriteText(os.Stdout, fs)
}
