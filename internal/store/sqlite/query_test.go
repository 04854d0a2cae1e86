package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dossier/internal/model"
	"dossier/internal/store"
	"dossier/internal/store/storetest"
)

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o600) }

func TestFTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"artillery", `"artillery"`},
		{"artillery shells", `"artillery" "shells"`},
		{`"artillery shells" Russia`, `"artillery shells" "Russia"`},
		{`KN-23`, `"KN 23"`},
		{`a OR b`, `"a" "OR" "b"`},
		{`NEAR(a b)`, `"NEAR a" "b"`},
		{`text:artillery*`, `"text artillery"`},
		{`"unclosed phrase`, `"unclosed phrase"`},
		{`a a A`, `"a"`},
		{`'; DROP TABLE records; --`, `"DROP" "TABLE" "records"`},
		{`김정은 Ким`, `"김정은" "Ким"`},
		{"\x00\xff", ""},
		{`"" * - ( )`, ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := FTSQuery(tc.in); got != tc.want {
			t.Errorf("FTSQuery(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if n := strings.Count(FTSQuery(strings.Repeat("w ", 10)+strings.Repeat("x y z ", 100)+strings.Join(strings.Fields(strings.Repeat("t ", 5)), "")), `"`); n > 2*maxTerms {
		t.Errorf("too many terms: %d quotes", n)
	}
}

// FuzzSearchQuery runs arbitrary user queries through FTSQuery and a real FTS5 index: the
// sanitised query must never be an FTS5 syntax error, and Search must never fail or panic.
func FuzzSearchQuery(f *testing.F) {
	for _, q := range storetest.HostileQueries {
		f.Add(q)
	}
	f.Add("artillery shells")
	f.Add(`"North Korea" missiles`)
	s, err := Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	if _, err := s.Put(context.Background(), "c", store.Record{Kind: model.KindFact, ID: "f", Data: []byte(`{}`),
		Text: "North Korea supplied artillery shells and KN-23 missiles; 김정은 Ким Чен Ын"}, store.Change{Who: "fuzz"}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		m := FTSQuery(q)
		if strings.Count(m, `"`)%2 != 0 {
			t.Fatalf("FTSQuery(%q) = %s: unbalanced quotes", q, m)
		}
		if _, err := s.Search(context.Background(), "c", q, 5); err != nil {
			t.Fatalf("Search(%q) (match %s): %v", q, m, err)
		}
	})
}

func TestBulkImportDuplicateNamed(t *testing.T) {
	for _, dupAt := range []int{5, 300} { // within one batch of the first, and across batches
		s := openAt(t, filepath.Join(t.TempDir(), "d.db"))
		var recs []store.Record
		for i := range 400 {
			recs = append(recs, store.Record{Kind: model.KindSource, ID: "s" + strconv.Itoa(i), Data: []byte(`{}`)})
		}
		recs[dupAt].ID = "s3"
		_, err := s.Import(context.Background(), "c", func(yield func(store.Record, error) bool) {
			for _, r := range recs {
				if !yield(r, nil) {
					return
				}
			}
		}, store.Change{Who: "t"}, store.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "source/s3: duplicate record in import") {
			t.Errorf("duplicate at %d: %v, want it named", dupAt, err)
		}
		s.Close()
	}
}

func TestImportIteratorPanic(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "p.db"))
	defer s.Close()
	_, err := s.Import(context.Background(), "c", func(yield func(store.Record, error) bool) {
		yield(store.Record{Kind: model.KindSource, ID: "a", Data: []byte(`{}`)}, nil)
		panic("boom")
	}, store.Change{Who: "t"}, store.ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("panicking iterator: %v, want an error", err)
	}
	if cs, _ := s.Cases(context.Background()); len(cs) != 0 {
		t.Errorf("panicking import wrote case %v", cs)
	}
}
