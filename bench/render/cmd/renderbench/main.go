// Command renderbench renders a synthetic indictment (500 numbered paragraphs, 2,000 footnotes by
// default) to DOCX and PDF with internal/render, writes the equivalent pandoc Markdown, and — when
// pandoc is installed — times pandoc converting that Markdown to DOCX in the same run, printing
// the times and the ratios. Each renderer is timed over -runs runs; the median is reported.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"dossier/internal/render"
)

func main() {
	paras := flag.Int("paragraphs", 500, "numbered paragraphs")
	notes := flag.Int("footnotes", 2000, "footnotes")
	runs := flag.Int("runs", 5, "timed runs per renderer (median reported)")
	out := flag.String("out", "", "directory for the outputs (default: a temporary directory)")
	flag.Parse()
	if err := run(*paras, *notes, *runs, *out); err != nil {
		slog.Error("renderbench", "err", err)
		os.Exit(1)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func run(paras, notes, runs int, out string) error {
	if runs < 1 {
		runs = 1
	}
	if out == "" {
		d, err := os.MkdirTemp("", "renderbench")
		if err != nil {
			return err
		}
		out = d
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	doc := render.SyntheticDocument(paras, notes)
	fmt.Printf("synthetic document: %d numbered paragraphs, %d footnotes; %d runs each, median\n", paras, len(doc.Footnotes), runs)
	times := map[render.Format]time.Duration{}
	for _, f := range []render.Format{render.FormatMarkdown, render.FormatDOCX, render.FormatPDF} {
		var ds []time.Duration
		var buf bytes.Buffer
		for i := 0; i < runs; i++ {
			buf.Reset()
			start := time.Now()
			if err := render.Render(ctx, f, &buf, doc, render.Options{}); err != nil {
				return fmt.Errorf("render %s: %w", f, err)
			}
			ds = append(ds, time.Since(start))
		}
		path := filepath.Join(out, "synthetic"+f.Ext())
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		times[f] = median(ds)
		fmt.Printf("dossier %-4s %8.1f ms  (%d bytes) %s\n", f, ms(times[f]), buf.Len(), path)
	}
	pandoc, err := exec.LookPath("pandoc")
	if err != nil {
		fmt.Println("pandoc not installed (apt-get install -y pandoc): no comparison")
		return nil
	}
	md := filepath.Join(out, "synthetic.md")
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		start := time.Now()
		cmd := exec.CommandContext(ctx, pandoc, "--from=markdown", "--to=docx", "-o", filepath.Join(out, "synthetic-pandoc.docx"), md)
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("pandoc: %w: %s", err, b)
		}
		ds = append(ds, time.Since(start))
	}
	p := median(ds)
	fmt.Printf("pandoc md→docx %8.1f ms  %s\n", ms(p), filepath.Join(out, "synthetic-pandoc.docx"))
	for _, f := range []render.Format{render.FormatDOCX, render.FormatPDF} {
		fmt.Printf("ratio pandoc/dossier-%s: %.1fx (goal ≥ 10x; dossier-%s goal < 500 ms: %s)\n", f, float64(p)/float64(times[f]), f, verdict(times[f] < 500*time.Millisecond))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
