// Command searchbench times ranked full-text search (top 20) through dossier's store, and the
// same FTS5 MATCH expressions run raw on a plain FTS5 table through the same SQLite driver, and
// writes the MATCH expressions for the sqlite3 shell peer (bench/search/run.sh).
//
// Built as usual it uses the store's default pure-Go driver (modernc.org/sqlite); built with
// -tags 'sqlite_native sqlite_fts5' the store's native cgo driver (mattn/go-sqlite3), and its
// lines are labelled "dossier-native search" and "raw FTS5, native driver".
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"dossier/internal/store/sqlite" // also registers its SQLite driver as sqlite.DriverName
)

// The queries: common and rare words of the synthetic vocabulary, pairs, and a phrase.
var queries = []string{
	"artillery", "shells", "missiles rail", "troops deployment", "satellite imagery",
	"intelligence assessment", "casualties", "convoy port", "sanctions resolution council",
	`"ammunition depot"`, "submarine", "veto diplomatic", "Kursk", "engineers sappers construction",
	"uniforms identification", "payment billion", "oil fuel", "witness testimony", "serial markings", "leaked documents",
}

func main() {
	db := flag.String("db", "", "dossier store (SQLite file)")
	raw := flag.String("raw", "", "plain FTS5 database with table fts(text) over the same texts")
	caseID := flag.String("case", "synthetic", "case id")
	reps := flag.Int("reps", 5, "runs of each query")
	matchOut := flag.String("match-out", "", "write the FTS5 MATCH expressions here, one per line")
	flag.Parse()
	ctx := context.Background()
	ours, rawLabel := "dossier search", "raw FTS5, same driver"
	if sqlite.DriverName != "sqlite" {
		ours, rawLabel = "dossier-native search", "raw FTS5, native driver"
	}
	fmt.Fprintf(os.Stderr, "searchbench: SQLite driver %s\n", sqlite.Driver)
	if *matchOut != "" {
		var b strings.Builder
		for _, q := range queries {
			b.WriteString(sqlite.FTSQuery(q) + "\n")
		}
		if err := os.WriteFile(*matchOut, []byte(b.String()), 0o644); err != nil {
			fail(err)
		}
	}
	if *db != "" {
		s, err := sqlite.Open(ctx, *db)
		if err != nil {
			fail(err)
		}
		var ds []time.Duration
		for r := 0; r < *reps+1; r++ {
			for _, q := range queries {
				t := time.Now()
				hits, err := s.Search(ctx, *caseID, q, 20)
				if err != nil {
					fail(err)
				}
				if r > 0 { // the first round warms the page cache
					ds = append(ds, time.Since(t))
				}
				if r == 0 && len(hits) == 0 {
					fmt.Fprintf(os.Stderr, "warning: no hit for %q\n", q)
				}
			}
		}
		s.Close()
		report(ours, ds)
	}
	if *raw != "" {
		conn, err := sql.Open(sqlite.DriverName, "file:"+*raw+"?mode=ro")
		if err != nil {
			fail(err)
		}
		var ds []time.Duration
		for r := 0; r < *reps+1; r++ {
			for _, q := range queries {
				t := time.Now()
				rows, err := conn.QueryContext(ctx, `SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20`, sqlite.FTSQuery(q))
				if err != nil {
					fail(err)
				}
				for rows.Next() {
				}
				rows.Close()
				if r > 0 {
					ds = append(ds, time.Since(t))
				}
			}
		}
		conn.Close()
		report(rawLabel, ds)
	}
}

func report(label string, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	p := func(q float64) float64 { return float64(ds[int(q*float64(len(ds)-1))].Microseconds()) / 1000 }
	fmt.Printf("%-24s p50 %8.2f ms  p95 %8.2f ms  (%d runs)\n", label, p(0.50), p(0.95), len(ds))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "searchbench:", err)
	os.Exit(1)
}
