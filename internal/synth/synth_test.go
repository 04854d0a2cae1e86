package synth

import (
	"reflect"
	"testing"

	"dossier/internal/model"
)

func TestCasesAreValidAndDeterministic(t *testing.T) {
	for _, o := range []Options{{Sources: 50, Facts: 80, Seed: 1}, {Sources: 1, Facts: 1, Seed: 7}, {Sources: 300, Facts: 0, Seed: 3}} {
		b := Case(o)
		if errs := model.Errors(model.Validate(b, nil)); len(errs) != 0 {
			t.Fatalf("seed %d: synthetic case invalid: %v", o.Seed, errs[:min(5, len(errs))])
		}
		if len(b.Sources) != o.Sources || len(b.Facts) != o.Facts {
			t.Fatalf("sizes: %d sources, %d facts", len(b.Sources), len(b.Facts))
		}
		if !reflect.DeepEqual(b, Case(o)) {
			t.Fatalf("seed %d: not deterministic", o.Seed)
		}
	}
	if reflect.DeepEqual(Case(Options{Sources: 20, Facts: 20, Seed: 1}), Case(Options{Sources: 20, Facts: 20, Seed: 2})) {
		t.Fatal("different seeds gave the same case")
	}
}

func TestFindings(t *testing.T) {
	ch := []model.Charge{{ID: "count-1", Count: 1, Accused: "accused", Crime: "c", Mode: "m", Forum: "f"}}
	b := Case(Options{Sources: 10, Facts: 10, Seed: 1, Charges: ch, Elements: [][]string{{"e1", "e2"}}, Findings: 25})
	if len(b.Findings) != 25 {
		t.Fatalf("%d findings", len(b.Findings))
	}
	for _, g := range b.Findings {
		if g.Charge != "count-1" || (g.Element != "e1" && g.Element != "e2") {
			t.Fatalf("bad finding %+v", g)
		}
	}
}
