// Command lockerbench is the whole-program benchmark driver for the evidence
// locker (see ../run.sh): it hashes files the way the blob store does, serves
// synthetic pages from a loopback server, and captures them with
// capture.CaptureAll.
//
//	lockerbench hash FILE...                  hash with the blob store's code path; prints MB/s
//	lockerbench put STOREDIR FILE...          store files in a blob.Dir (hash + write + fsync); prints MB/s
//	lockerbench serve -n N -urls FILE         serve N pages on 127.0.0.1, write their URLs to FILE, run until killed
//	lockerbench capture -urls FILE -store DIR -j J [-each]   capture every URL (one group commit; -each: fsync per blob); prints seconds and pages/s
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"dossier/internal/blob"
	"dossier/internal/capture"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: lockerbench hash|put|serve|capture ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "hash":
		err = hashFiles(os.Args[2:])
	case "put":
		err = putFiles(os.Args[2:])
	case "serve":
		err = serve(os.Args[2:])
	case "capture":
		err = captureAll(os.Args[2:])
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lockerbench:", err)
		os.Exit(1)
	}
}

// hashFiles hashes with the same primitive and buffer size as blob.Dir.Put.
func hashFiles(files []string) error {
	buf := make([]byte, 1<<20)
	var total int64
	start := time.Now()
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.CopyBuffer(h, f, buf)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		total += n
		fmt.Printf("%x  %s\n", h.Sum(nil), p)
	}
	el := time.Since(start).Seconds()
	fmt.Printf("hash_bytes=%d hash_seconds=%.3f hash_MBps=%.1f\n", total, el, float64(total)/el/1e6)
	return nil
}

func putFiles(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("usage: lockerbench put STOREDIR FILE")
	}
	s, err := blob.NewDir(args[0])
	if err != nil {
		return err
	}
	var total int64
	start := time.Now()
	for _, p := range args[1:] {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		_, n, err := s.Put(context.Background(), f)
		f.Close()
		if err != nil {
			return err
		}
		total += n
	}
	el := time.Since(start).Seconds()
	fmt.Printf("put_bytes=%d put_seconds=%.3f put_MBps=%.1f\n", total, el, float64(total)/el/1e6)
	return nil
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	n := fs.Int("n", 1000, "pages")
	urls := fs.String("urls", "urls.txt", "write page URLs here")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	var b strings.Builder
	for i := range *n {
		fmt.Fprintf(&b, "%s/article/%d\n", base, i)
	}
	if err := os.WriteFile(*urls, []byte(b.String()), 0o644); err != nil {
		return err
	}
	para := strings.Repeat("Debris recovered in Kharkiv was identified as a Hwasong-11 ballistic missile. ", 20)
	mux := http.NewServeMux()
	mux.HandleFunc("/article/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>Article %s</title>
<meta name="citation_title" content="Report %s"><meta name="citation_author" content="Doe, Jane">
<meta name="citation_publication_date" content="2024-01-06"><meta property="og:site_name" content="Bench News">
</head><body><nav>menu</nav><article><h1>Report %s</h1>`, id, id, id)
		for range 12 {
			fmt.Fprintf(w, "<p>%s</p>\n", para)
		}
		io.WriteString(w, "</article></body></html>\n")
	})
	fmt.Println("ready", base)
	return http.Serve(ln, mux)
}

func captureAll(args []string) error {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	urlFile := fs.String("urls", "urls.txt", "file of URLs")
	storeDir := fs.String("store", "store", "blob store directory")
	j := fs.Int("j", 16, "concurrent captures")
	each := fs.Bool("each", false, "make every blob durable on its own (Dir.Put) instead of one group commit (Batch)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile here")
	perPage := fs.Bool("per-page", false, "a WARC blob and a body blob per page (the layout before one WARC per batch)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*urlFile)
	if err != nil {
		return err
	}
	var urls []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if u := strings.TrimSpace(sc.Text()); u != "" {
			urls = append(urls, u)
		}
	}
	f.Close()
	s, err := blob.NewDir(*storeDir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "lockerbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	var st blob.Store = s
	batch := s.Batch()
	if !*each {
		st = batch
	}
	results, err := capture.CaptureAll(context.Background(), urls, *j, capture.Options{
		Store: st, Collector: "bench", AllowLoopback: true, TempDir: tmp, OneWARC: !*perPage,
	}, nil)
	if err != nil {
		return err
	}
	fetched := time.Since(start).Seconds()
	// Group commit: every blob durable before anything could refer to it.
	if err := batch.Commit(context.Background()); err != nil {
		return err
	}
	el := time.Since(start).Seconds()
	fmt.Printf("capture_fetch_seconds=%.3f capture_commit_seconds=%.3f\n", fetched, el-fetched)
	failed := 0
	for _, r := range results {
		if !r.OK() {
			failed++
			if failed < 5 {
				fmt.Fprintln(os.Stderr, "failed:", r.URL, r.Failure.Reason)
			}
		}
	}
	fmt.Printf("capture_pages=%d capture_failed=%d capture_seconds=%.3f capture_pages_per_s=%.1f\n", len(urls), failed, el, float64(len(urls))/el)
	if failed > 0 {
		return fmt.Errorf("%d captures failed", failed)
	}
	return nil
}
