// Command phases times the parts of `dossier assess --json` on a store: opening it, loading the
// case (store.LoadBundle), the assessment (assess.New + Result) and writing the JSON, each with
// wall and process CPU time, so that bench/assess/run.sh can say where the time goes.
//
// Usage: go run ./bench/assess/phases STORE
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"time"

	"dossier/internal/assess"
	"dossier/internal/law"
	"dossier/internal/store"
	storeopen "dossier/internal/store/open"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "phases:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 2 {
		return fmt.Errorf("usage: phases STORE")
	}
	ctx := context.Background()
	w0, c0 := time.Now(), cpu()
	phase := func(name string) {
		w1, c1 := time.Now(), cpu()
		fmt.Printf("%-28s wall %8.3f s   cpu %8.3f s\n", name, w1.Sub(w0).Seconds(), (c1 - c0).Seconds())
		w0, c0 = w1, c1
	}
	s, err := storeopen.Open(ctx, os.Args[1])
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer s.Close()
	ids, err := s.Cases(ctx)
	if err != nil || len(ids) != 1 {
		return fmt.Errorf("store must hold one case (%v, %v)", ids, err)
	}
	lib, err := law.Load()
	if err != nil {
		return fmt.Errorf("load law: %w", err)
	}
	phase("open store, load law")
	b, err := store.LoadBundle(ctx, s, ids[0])
	if err != nil {
		return fmt.Errorf("load case: %w", err)
	}
	phase(fmt.Sprintf("load case (%d findings)", len(b.Findings)))
	a, err := assess.New(lib, b, assess.Options{})
	if err != nil {
		return fmt.Errorf("assess: %w", err)
	}
	phase("assess.New (full run)")
	res := a.Result()
	phase("Result (explanations, issues, gaps)")
	f, err := os.Create(os.DevNull)
	if err != nil {
		return err
	}
	defer f.Close()
	out := bufio.NewWriter(f)
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	phase("write JSON")
	return nil
}
