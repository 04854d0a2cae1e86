package assess

import (
	"fmt"
	"sync"
	"testing"

	"dossier/internal/edtf"
	"dossier/internal/law"
	"dossier/internal/model"
)

var testLib = sync.OnceValues(law.Load)

func mustLib(t testing.TB) *law.Library {
	t.Helper()
	lib, err := testLib()
	if err != nil {
		t.Fatalf("load law: %v", err)
	}
	return lib
}

func when(t testing.TB, s string) model.When {
	d, err := edtf.Parse(s)
	if err != nil {
		t.Fatalf("edtf %q: %v", s, err)
	}
	return model.When{EDTF: d}
}

// baseCase is a small case without facts: an accused who leads State A, aiding a principal who
// leads the aggressor State R, charged before the ICC (count 1) and the Special Tribunal (count 2),
// with sources of known origins and grades.
func baseCase(t testing.TB) *model.Bundle {
	b := &model.Bundle{
		Case: model.Case{ID: "t", Title: "Test case", Accused: []string{"acc"}, Forum: "icc", Stage: "warrant"},
		Actors: []model.Actor{
			{ID: "acc", Kind: model.Person, Name: "The Accused", Positions: []model.Position{{Office: "Supreme Leader", Of: "state-a"}, {Office: "Commander", Of: "army-a"}}},
			{ID: "pri", Kind: model.Person, Name: "The Principal", Positions: []model.Position{{Office: "President", Of: "state-r"}}},
			{ID: "state-a", Kind: model.State, Name: "State A"},
			{ID: "state-r", Kind: model.State, Name: "State R"},
			{ID: "army-a", Kind: model.ArmedForce, Name: "Army of A", PartOf: "state-a"},
		},
		Charges: []model.Charge{
			{ID: "c1", Count: 1, Title: "ICC count", Accused: "acc", Crime: "aggression.icc", Mode: "aid-abet.icc", Forum: "icc", Principal: "pri", PrincipalCrime: "aggression.act.a"},
			{ID: "c2", Count: 2, Title: "Tribunal count", Accused: "acc", Crime: "aggression.icc", Mode: "aid-abet.customary", Forum: "stca-ukraine", Principal: "pri"},
		},
	}
	// sources: s-o1a and s-o1b repeat origin o1; s-o2 origin o2; s-own its own origin; s-d graded D.
	for _, s := range []struct{ id, origin, rel string }{
		{"s-o1a", "o1", "B"}, {"s-o1b", "o1", "A"}, {"s-o2", "o2", "B"}, {"s-o3", "o3", "C"}, {"s-own", "", "B"}, {"s-d", "o4", "D"}, {"s-o5", "o5", "B"}, {"s-o6", "o6", "B"},
	} {
		b.Sources = append(b.Sources, model.Source{ID: s.id, Kind: model.News, Title: "Source " + s.id, Origin: s.origin, Reliability: s.rel})
	}
	return b
}

// addFact adds a fact citing sources in support.
func addFact(b *model.Bundle, id string, cred int, review model.ReviewStatus, srcs ...string) {
	f := model.Fact{ID: id, Statement: "Statement " + id, Credibility: cred, Review: review}
	for _, s := range srcs {
		f.Excerpts = append(f.Excerpts, model.Excerpt{Source: s, Pinpoint: "p. 1"})
	}
	b.Facts = append(b.Facts, f)
}

func link(b *model.Bundle, charge, element, fact string, stance model.Stance) {
	b.Findings = append(b.Findings, model.Finding{ID: fmt.Sprintf("%s.%s.%s.%s", charge, element, fact, stance), Charge: charge, Element: element,
		Fact: fact, Stance: stance, Reason: "test reason"})
}

func run(t testing.TB, b *model.Bundle, opt Options) *Assessment {
	t.Helper()
	a, err := Run(mustLib(t), b, opt)
	if err != nil {
		t.Fatalf("assess: %v", err)
	}
	return a
}

func element(t testing.TB, a *Assessment, charge, id string) ElementResult {
	t.Helper()
	for _, c := range a.Counts {
		if c.Charge != charge {
			continue
		}
		for _, e := range c.Elements {
			if e.ID == id {
				return e
			}
		}
	}
	t.Fatalf("no element %s in count %s", id, charge)
	return ElementResult{}
}

func issuesOf(a *Assessment, charge, kind string) []Issue {
	var out []Issue
	for _, is := range a.Issues {
		if is.Charge == charge && is.Kind == kind {
			out = append(out, is)
		}
	}
	return out
}
