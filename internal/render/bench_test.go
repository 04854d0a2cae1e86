package render

import (
	"context"
	"io"
	"testing"
)

func TestSyntheticDocumentValid(t *testing.T) {
	for _, tc := range []struct{ paras, notes int }{{500, 2000}, {10, 3}, {0, 5}, {7, 0}} {
		doc := SyntheticDocument(tc.paras, tc.notes)
		if err := Validate(doc); err != nil {
			t.Fatalf("SyntheticDocument(%d, %d): %v", tc.paras, tc.notes, err)
		}
		if len(doc.Footnotes) != tc.notes {
			t.Fatalf("SyntheticDocument(%d, %d): %d footnotes", tc.paras, tc.notes, len(doc.Footnotes))
		}
	}
}

// BenchmarkRender renders the 500-paragraph, 2,000-footnote synthetic indictment in every format.
func BenchmarkRender(b *testing.B) {
	doc := SyntheticDocument(500, 2000)
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Render(context.Background(), f, io.Discard, doc, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
