package assess

import (
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

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

// cpuTime is the process's user+system CPU time. Benchmarks report it per operation
// ("cpu-ms/op") beside the wall time, which a loaded machine inflates.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration, ops int) {
	if ops > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(ops)/1e6, "cpu-ms/op")
	}
}

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
	start, n := cpuTime(), 0
	for b.Loop() {
		if _, err := Run(lib, bd, Options{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportCPU(b, start, n)
}

// BenchmarkUpdate re-assesses after one changed finding (moved to another element with the other
// stance) and reads the changed element's result.
func BenchmarkUpdate(b *testing.B) {
	bd := benchBundle(b)
	a, err := New(mustLib(b), bd, Options{})
	if err != nil {
		b.Fatal(err)
	}
	_ = a.Update(bd.Findings[0]) // builds the id index once
	els := a.counts[0].elems
	start := cpuTime()
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
		if _, ok := a.Element(f.Charge, f.Element); !ok {
			b.Fatal("changed element missing")
		}
		i++
	}
	reportCPU(b, start, i)
}

// BenchmarkUpdateFact re-assesses after one fact's credibility changes and rebuilds the whole
// result (30 elements with explanations, issues, gaps).
func BenchmarkUpdateFact(b *testing.B) {
	bd := benchBundle(b)
	a, err := New(mustLib(b), bd, Options{})
	if err != nil {
		b.Fatal(err)
	}
	a.buildIndexes()
	start := cpuTime()
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
	reportCPU(b, start, i)
}

// BenchmarkRemoveListed is the worst case of a finding change: the removed finding is one the
// element's explanation lists, so the listing is rebuilt with one pass over the element's
// findings when the element is read. The finding is put back (outside the timer) each time.
func BenchmarkRemoveListed(b *testing.B) {
	bd := benchBundle(b)
	a, err := New(mustLib(b), bd, Options{})
	if err != nil {
		b.Fatal(err)
	}
	a.buildIndexes()
	cs := a.counts[0]
	var cpu time.Duration
	i := 0
	for b.Loop() {
		c := cs.cells[i%len(cs.cells)]
		id := a.finding(&a.findings[a.list(c, 0)[0]])
		f := *id
		t0 := cpuTime()
		if err := a.Remove(f.ID); err != nil {
			b.Fatal(err)
		}
		if _, ok := a.Element(cs.ch.ID, f.Element); !ok {
			b.Fatal("element missing")
		}
		cpu += cpuTime() - t0
		b.StopTimer()
		if err := a.Update(f); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		i++
	}
	if i > 0 {
		b.ReportMetric(float64(cpu)/float64(i)/1e6, "cpu-ms/op")
	}
}

// BenchmarkFirstChange is the one-off cost of the first incremental change: indexing findings by
// id and facts' findings and sources (New leaves this out of the full run).
func BenchmarkFirstChange(b *testing.B) {
	bd := benchBundle(b)
	lib := mustLib(b)
	var cpu time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		a, err := New(lib, bd, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := cpuTime()
		a.buildIndexes()
		cpu += cpuTime() - t0
		n++
	}
	if n > 0 {
		b.ReportMetric(float64(cpu)/float64(n)/1e6, "cpu-ms/op")
	}
}
