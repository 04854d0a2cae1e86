package assess

import (
	"fmt"
	"sync"
	"testing"

	"dossier/internal/model"
	"dossier/internal/synth"
)

var benchCase = sync.OnceValues(func() (*model.Bundle, error) {
	lib, err := testLib()
	if err != nil {
		return nil, err
	}
	chs, els, err := SyntheticCharges(lib)
	if err != nil {
		return nil, err
	}
	return synth.Case(synth.Options{Sources: 10000, Facts: 100000, Findings: 1000000, Seed: 1, Charges: chs, Elements: els}), nil
})

func benchBundle(b *testing.B) *model.Bundle {
	bd, err := benchCase()
	if err != nil {
		b.Fatal(err)
	}
	return bd
}

// BenchmarkFull assesses 100,000 facts and 1,000,000 findings from scratch (index, evaluate every
// element under every standard, build the result with issues and gaps).
func BenchmarkFull(b *testing.B) {
	bd := benchBundle(b)
	lib := mustLib(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(lib, bd, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdate re-assesses after one changed finding (moved to another element with the other
// stance) and rebuilds the result.
func BenchmarkUpdate(b *testing.B) {
	bd := benchBundle(b)
	a, err := New(mustLib(b), bd, Options{})
	if err != nil {
		b.Fatal(err)
	}
	_ = a.Update(bd.Findings[0]) // builds the id index once
	els := a.counts[0].elems
	b.ResetTimer()
	i := 0
	for b.Loop() {
		f := bd.Findings[i%len(bd.Findings)]
		f.Element = els[i%len(els)].ID
		f.Charge = a.counts[0].ch.ID
		if i%2 == 0 {
			f.Stance = model.Contradicts
		}
		if err := a.Update(f); err != nil {
			b.Fatal(err)
		}
		_ = a.Result()
		i++
	}
}

// BenchmarkUpdateFact re-assesses after one fact's credibility changes.
func BenchmarkUpdateFact(b *testing.B) {
	bd := benchBundle(b)
	a, err := New(mustLib(b), bd, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		f := bd.Facts[i%len(bd.Facts)]
		f.Credibility = 1 + i%6
		if err := a.UpdateFact(f); err != nil {
			b.Fatal(fmt.Errorf("fact %s: %w", f.ID, err))
		}
		_ = a.Result()
		i++
	}
}
