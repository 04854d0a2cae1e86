package lint

import (
	"context"
	"testing"

	"dossier/internal/docimport"
)

// FuzzLint runs every check on arbitrary text and Markdown: no input may make a check panic,
// and every finding must carry a check id, a known severity and a file.
func FuzzLint(f *testing.F) {
	for _, s := range []string{
		"1. A.\n\n2. The Prosecutor realleges Paragraphs 1 through 20.\n\nCount 1: X¹\n\n¹ Id.\n",
		"Article 25(c)(3) of the Rome Statute; Articles 8 bis and 25(3)(c).\n\nSection VI and the appendix.\n",
		"On June 19, 2024, Putin visited.¹ \"An unbalanced quote\n\n¹ A B, *T*, BBC News (May 5, 2024), https://www.bbc.com/news/x (last visited July 29, 2025).\n",
		"over 10,000 troops; up to 15,000 troops; about half of the shells; 40-60% of the munitions; 280 miles\n",
		"Luhansk Luhansk Luhansk Luthansk Kim Jong II Kim Jong-il\n\n[^1]: x\n",
		"\"", "¹", "1.", "Table of Contents\n\nA\t1\nB\t\n",
	} {
		f.Add(s)
	}
	opts := Options{Names: []Name{{Canonical: "Kim Jong Un", Aliases: []string{"Kim Jong-un"}}}}
	f.Fuzz(func(t *testing.T, s string) {
		docs := []*docimport.Document{docimport.ParseText("f.txt", s), docimport.ParseMarkdown("f.md", s)}
		for _, fd := range Run(context.Background(), docs, opts) {
			if fd.Check == "" || fd.File == "" || fd.Severity < Info || fd.Severity > Error {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}
