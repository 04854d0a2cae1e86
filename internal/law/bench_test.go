package law

import "testing"

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseProvisionRef(b *testing.B) {
	lib := mustLoad(b)
	refs := []string{"Article 25(3)(c)", "article 25(c)(3)", "art. 2(4) of the UN Charter", "rome-statute/8bis/2/a"}
	for b.Loop() {
		for _, r := range refs {
			_, _ = lib.ParseProvisionRef(r)
		}
	}
}
