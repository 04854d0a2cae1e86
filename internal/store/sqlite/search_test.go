package sqlite

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"dossier/internal/model"
	"dossier/internal/store"
)

func TestSearchShards(t *testing.T) {
	defer func(n int64) { searchShardRows = n }(searchShardRows)
	searchShardRows = 10
	for _, tc := range []struct {
		lo, hi int64
		cpus   int
		want   [][2]int64
	}{
		{1, 5, 4, [][2]int64{{1, 5}}},                                 // too small to cut
		{1, 20, 4, [][2]int64{{1, 10}, {11, 20}}},                     // two slices of the least span
		{1, 41, 4, [][2]int64{{1, 10}, {11, 20}, {21, 30}, {31, 41}}}, // the last takes the rest
		{1, 1000, 1, [][2]int64{{1, 1000}}},                           // one CPU
		{7, 7, 0, [][2]int64{{7, 7}}},                                 // GOMAXPROCS reported 0
		{1, 1000, 64, [][2]int64{{1, 125}, {126, 250}, {251, 375}, {376, 500}, {501, 625}, {626, 750}, {751, 875}, {876, 1000}}}, // at most 8
	} {
		if got := searchShards(tc.lo, tc.hi, tc.cpus); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("searchShards(%d, %d, %d) = %v, want %v", tc.lo, tc.hi, tc.cpus, got, tc.want)
		}
	}
}

// TestParallelSearchExact checks that a search cut into slices returns exactly what one query
// over the whole index returns: the same hits, scores, snippets and order, with ties, with
// other cases' records and tombstoned records among the rowids, and for limits that cut
// through a run of equal scores.
func TestParallelSearchExact(t *testing.T) {
	ctx := context.Background()
	s := openAt(t, filepath.Join(t.TempDir(), "search.db"))
	defer s.Close()
	for _, c := range []string{"alpha", "beta"} {
		if _, err := s.Import(ctx, c, synthSources(3000), store.Change{Who: "test"}, store.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3000; i += 7 {
		if err := s.Tombstone(ctx, "alpha", model.KindSource, fmt.Sprintf("src-%07d", i), store.Change{Who: "test", Why: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	var lo, hi int64
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT min(seq) FROM records), (SELECT max(seq) FROM records)`).Scan(&lo, &hi); err != nil {
		t.Fatal(err)
	}
	defer func(n int64, cpus func() int) { searchShardRows, searchCPUs = n, cpus }(searchShardRows, searchCPUs)
	searchCPUs = func() int { return 4 } // slices, whatever this machine has
	for _, q := range []string{"artillery", "Kursk rail", `"Synthetic Times"`, "Report 1234", "Rajin", "nothingmatches"} {
		for _, limit := range []int{1, 5, 20, 500} {
			whole, err := s.searchRange(ctx, "alpha", FTSQuery(q), limit, [2]int64{lo, hi}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if q == "artillery" && len(whole) != limit {
				t.Fatalf("%q limit %d: %d hits; the test needs more hits than the limit", q, limit, len(whole))
			}
			for _, rows := range []int64{math.MaxInt64, 700, 97} {
				searchShardRows = rows
				got, err := s.Search(ctx, "alpha", q, limit)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, whole) {
					t.Errorf("%q limit %d, slices of %d rowids: %d hits differ from one query's %d", q, limit, rows, len(got), len(whole))
				}
			}
		}
	}
}

// TestBulkImportIndexesInChunks imports with a full-text chunk far smaller than a batch, so that
// the index is fed after every batch and once more at the end, and with one larger than all the
// text, into a new store (loaded with a rollback journal) and into a store that already holds a
// case (WAL), and checks that every record is
// indexed exactly once and that the index agrees with the records (FTS5's integrity-check
// against the content table).
func TestBulkImportIndexesInChunks(t *testing.T) {
	defer func(n int) { ftsChunk = n }(ftsChunk)
	for _, chunk := range []int{1, 20_000, 1 << 30} {
		for _, fresh := range []bool{true, false} {
			ftsChunk = chunk
			ctx := context.Background()
			s := openAt(t, filepath.Join(t.TempDir(), "chunks.db"))
			want := 1000
			if !fresh {
				if _, err := s.Import(ctx, "other", synthSources(10), store.Change{Who: "test"}, store.ImportOptions{}); err != nil {
					t.Fatal(err)
				}
				want += 10
			}
			if _, err := s.Import(ctx, "c", synthSources(1000), store.Change{Who: "test"}, store.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			var rows, indexed int
			if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM records_fts_docsize`).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM records_fts WHERE records_fts MATCH 'Synthetic'`).Scan(&indexed); err != nil {
				t.Fatal(err)
			}
			if rows != want || indexed != want {
				t.Errorf("chunk %d, new store %v: %d index rows, %d matching, want %d", chunk, fresh, rows, indexed, want)
			}
			if _, err := s.w.ExecContext(ctx, `INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
				t.Errorf("chunk %d, new store %v: %v", chunk, fresh, err)
			}
			// The store goes on working: a change re-indexes one record through the writer.
			r, err := store.ToRecord(model.KindSource, "src-0000001", &model.Source{ID: "src-0000001", Kind: model.News, Title: "Zyxwv replaced"})
			if err != nil {
				t.Fatal(err)
			}
			r.Rev = 1
			if _, err := s.Put(ctx, "c", r, store.Change{Who: "test"}); err != nil {
				t.Fatal(err)
			}
			if hits, err := s.Search(ctx, "c", "zyxwv", 5); err != nil || len(hits) != 1 {
				t.Errorf("chunk %d, new store %v: search after a change: %v, %v", chunk, fresh, hits, err)
			}
			if _, err := s.w.ExecContext(ctx, `INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
				t.Errorf("chunk %d, new store %v, after a change: %v", chunk, fresh, err)
			}
			s.Close()
		}
	}
}
