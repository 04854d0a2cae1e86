package sqlite

import (
	"context"
	"fmt"
	"iter"
	"path/filepath"
	"testing"

	"dossier/internal/model"
	"dossier/internal/store"
)

var benchWords = []string{"artillery", "shells", "missiles", "troops", "Kursk", "Pyongyang", "Moscow",
	"sanctions", "transfer", "rail", "port", "Rajin", "Vostochny", "containers", "ammunition", "report"}

// synthSources yields n source records shaped like a bundle's sources (about 350 bytes of JSON).
func synthSources(n int) iter.Seq2[store.Record, error] {
	return func(yield func(store.Record, error) bool) {
		for i := range n {
			w1, w2, w3 := benchWords[i%16], benchWords[(i/16)%16], benchWords[(i/256)%16]
			title := fmt.Sprintf("Report %d on %s %s and %s", i, w1, w2, w3)
			// Built by hand, like a marshalled model.Source, so the benchmark measures the store.
			data := fmt.Appendf(nil, `{"id":"src-%07d","kind":"news","title":%q,"author":[{"family":"Doe","given":"Jane"}],`+
				`"container-title":"The Synthetic Times","issued":"%04d-%02d-%02d","URL":"https://example.org/news/%d","reliability":"B","language":"en"}`,
				i, title, 2022+i%3, 1+i%12, 1+i%28, i)
			lo := int64(19000 + i%1000)
			hi := lo
			r := store.Record{Kind: model.KindSource, ID: fmt.Sprintf("src-%07d", i), Data: data,
				SortLo: &lo, SortHi: &hi, Text: title + " The Synthetic Times Jane Doe"}
			if !yield(r, nil) {
				return
			}
		}
	}
}

func benchImport(b *testing.B, n int) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		st, err := s.Import(ctx, "bench", synthSources(n), store.Change{Who: "bench"}, store.ImportOptions{})
		if err != nil || st.Created != n {
			b.Fatalf("import: %+v %v", st, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkImport100k(b *testing.B) { benchImport(b, 100_000) }

// BenchmarkImport1M imports a million sources through Store.Import (skipped with -short).
func BenchmarkImport1M(b *testing.B) {
	if testing.Short() {
		b.Skip("1M import skipped in -short mode")
	}
	benchImport(b, 1_000_000)
}

// BenchmarkReimport100k imports 100k records into a case that already holds them (the merge
// path: every record looked up and found unchanged).
func BenchmarkReimport100k(b *testing.B) {
	ctx := context.Background()
	s := filled(b, 100_000)
	b.ResetTimer()
	for b.Loop() {
		st, err := s.Import(ctx, "bench", synthSources(100_000), store.Change{Who: "bench"}, store.ImportOptions{})
		if err != nil || st.Unchanged != 100_000 {
			b.Fatalf("reimport: %+v %v", st, err)
		}
	}
}

func filled(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Import(ctx, "bench", synthSources(n), store.Change{Who: "bench"}, store.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkGet(b *testing.B) {
	s := filled(b, 100_000)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := s.Get(ctx, "bench", model.KindSource, fmt.Sprintf("src-%07d", (i*7919)%100_000)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkList100ByDate(b *testing.B) {
	s := filled(b, 100_000)
	ctx := context.Background()
	for b.Loop() {
		l, err := s.List(ctx, "bench", model.KindSource, store.ListOptions{ByDate: true, Limit: 100})
		if err != nil || len(l) != 100 {
			b.Fatal(len(l), err)
		}
	}
}

func BenchmarkListAll(b *testing.B) {
	s := filled(b, 100_000)
	ctx := context.Background()
	for b.Loop() {
		l, err := s.List(ctx, "bench", model.KindSource, store.ListOptions{})
		if err != nil || len(l) != 100_000 {
			b.Fatal(len(l), err)
		}
	}
}

func BenchmarkPut(b *testing.B) {
	s := filled(b, 1000)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		r := store.Record{Kind: model.KindFact, ID: fmt.Sprintf("f%d", i), Data: []byte(`{"v":1}`), Text: "a fact"}
		if _, err := s.Put(ctx, "bench", r, store.Change{Who: "bench"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkSearch(b *testing.B) {
	s := filled(b, 100_000)
	ctx := context.Background()
	for b.Loop() {
		h, err := s.Search(ctx, "bench", `Kursk "rail"`, 20)
		if err != nil || len(h) == 0 {
			b.Fatal(len(h), err)
		}
	}
}
