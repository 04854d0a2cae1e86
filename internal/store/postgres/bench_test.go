package postgres

import (
	"context"
	"fmt"
	"iter"
	"testing"

	"dossier/internal/model"
	"dossier/internal/store"
)

var benchWords = []string{"artillery", "shells", "missiles", "troops", "Kursk", "Pyongyang", "Moscow",
	"sanctions", "transfer", "rail", "port", "Rajin", "Vostochny", "containers", "ammunition", "report"}

// synthSources yields n source records shaped like a bundle's sources (as in store/sqlite).
func synthSources(n int) iter.Seq2[store.Record, error] {
	return func(yield func(store.Record, error) bool) {
		for i := range n {
			w1, w2, w3 := benchWords[i%16], benchWords[(i/16)%16], benchWords[(i/256)%16]
			title := fmt.Sprintf("Report %d on %s %s and %s", i, w1, w2, w3)
			data := fmt.Appendf(nil, `{"id":"src-%07d","kind":"news","title":%q,"author":[{"family":"Doe","given":"Jane"}],`+
				`"container-title":"The Synthetic Times","issued":"%04d-%02d-%02d","URL":"https://example.org/news/%d","reliability":"B","language":"en"}`,
				i, title, 2022+i%3, 1+i%12, 1+i%28, i)
			lo := int64(19000 + i%1000)
			r := store.Record{Kind: model.KindSource, ID: fmt.Sprintf("src-%07d", i), Data: data,
				SortLo: &lo, SortHi: &lo, Text: title + " The Synthetic Times Jane Doe"}
			if !yield(r, nil) {
				return
			}
		}
	}
}

func BenchmarkImport100k(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, freshSchema(b))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		st, err := s.Import(ctx, "bench", synthSources(100_000), store.Change{Who: "bench"}, store.ImportOptions{})
		if err != nil || st.Created != 100_000 {
			b.Fatalf("import: %+v %v", st, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func filled(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, freshSchema(b))
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
		if l, err := s.List(ctx, "bench", model.KindSource, store.ListOptions{ByDate: true, Limit: 100}); err != nil || len(l) != 100 {
			b.Fatal(len(l), err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	s := filled(b, 100_000)
	ctx := context.Background()
	for b.Loop() {
		if h, err := s.Search(ctx, "bench", `Kursk "rail"`, 20); err != nil || len(h) == 0 {
			b.Fatal(len(h), err)
		}
	}
}
