package draft

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dossier/internal/model"
)

// FuzzCompile feeds arbitrary draft text to the parser and the compiler: no input may panic,
// and a draft that compiles must give a consistent Document (Compile validates it).
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		goodBody,
		"---\nkind: brief\n---\n1. A [¶@a–@b]. {#a}\n\n1. B. {#b}\n",
		"---\nkind: brief\n---\n[@public-report, at 3; see @secret-witness-7] [#troops-at-border] [art:rome-statute/25/3/c]\n",
		"---\nkind: indictment\ncourt: X\n---\n# H {#h}\n> quote [#troops-at-border]\n- item *it* **b** \\[x\\]\n{{chronology}}\n{{pagebreak}}\n",
		"---\nkind: brief\n---\n[¶@]\n[¶@a-]\n[art:]\n[actor:]\n[@]\n[#]\n<!-- x\n",
		"---\nkind: brief\n---\n[text](https://example.org) <https://example.org/x>\n",
	} {
		f.Add(s)
	}
	lib := testLib(f)
	b := smallCase(f)
	f.Fuzz(func(t *testing.T, body string) {
		blocks := parseBlocks(body, 1)
		for _, bl := range blocks {
			parseInline(bl.text)
		}
		for _, public := range []bool{false, true} {
			_, err := Compile(context.Background(), &model.DraftDoc{ID: "f", Body: body}, b, lib, Options{Public: public})
			var es Errors
			if err != nil && !errors.As(err, &es) {
				t.Fatalf("compile error that is not a draft error: %v", err)
			}
			for _, e := range es {
				if e.Line < 1 || !strings.HasPrefix(e.File, "drafts/") {
					t.Fatalf("bad error location: %v", e)
				}
			}
		}
	})
}
