package assess

import (
	"slices"
	"testing"

	"dossier/internal/model"
)

// TestTriggerAlternatives: the ICC's jurisdiction routes are alternatives. A Security Council
// referral (art. 15 ter) satisfies the group although the art. 15 bis route fails on 15 bis(5);
// without it the group is as strong as the 15 bis route's weakest precondition. The gap report
// leaves out the members of a satisfied group.
func TestTriggerAlternatives(t *testing.T) {
	b := baseCase(t)
	b.Case.Stage = "warrant"
	addFact(b, "f1", 2, model.Reviewed, "s-o1a")
	addFact(b, "f2", 2, model.Reviewed, "s-o2")
	addFact(b, "f3", 2, model.Reviewed, "s-o5")
	// the accused's State is not a party: contradicts the 15 bis(5) condition
	link(b, "c1", "icc.precondition.15bis5", "f1", model.Contradicts)
	link(b, "c1", "icc.precondition.15bis5", "f2", model.Contradicts)
	a := run(t, b, Options{})
	g := group(t, a, "c1", "icc.trigger")
	if g.Status != NotMet && g.Status != NoEvidence {
		t.Fatalf("without a referral the group is %s: %s", g.Status, g.Explanation)
	}
	names := []string{}
	for _, alt := range g.Alternatives {
		names = append(names, alt.Name)
	}
	if !slices.Equal(names, []string{"state-referral / proprio-motu", "sc-referral"}) {
		t.Fatalf("alternatives %v", names)
	}
	if !slices.Contains(g.Alternatives[0].Elements, "icc.precondition.15bis5") || slices.Contains(g.Alternatives[1].Elements, "icc.precondition.15bis5") {
		t.Fatalf("15 bis(5) belongs to the 15 bis route only: %+v", g.Alternatives)
	}
	// a Security Council referral, proved by two origins, satisfies the group
	link(b, "c1", "icc.precondition.15ter", "f2", model.Supports)
	link(b, "c1", "icc.precondition.15ter", "f3", model.Supports)
	a = run(t, b, Options{})
	g = group(t, a, "c1", "icc.trigger")
	if g.Status != Met || g.Alternatives[1].Status != Met || g.Alternatives[0].Status == Met {
		t.Fatalf("with a referral: %s %+v", g.Explanation, g.Alternatives)
	}
	if e := element(t, a, "c1", "icc.precondition.15bis5"); e.Status == Met {
		t.Fatalf("15 bis(5) condition met although contradicted: %s", e.Explanation)
	}
	for _, gp := range a.Gaps {
		if gp.Charge == "c1" && (gp.Element == "icc.precondition.15bis5" || gp.Element == "icc.precondition.15bis4") {
			t.Errorf("gap reported for %s although the referral route satisfies the group", gp.Element)
		}
	}
	// the Special Tribunal has no such group
	if gs := countResult(t, a, "c2").Groups; len(gs) != 0 {
		t.Errorf("count 2 groups: %+v", gs)
	}
}

func countResult(t *testing.T, a *Assessment, charge string) CountResult {
	t.Helper()
	for _, c := range a.Counts {
		if c.Charge == charge {
			return c
		}
	}
	t.Fatalf("no count %s", charge)
	return CountResult{}
}

func group(t *testing.T, a *Assessment, charge, id string) GroupResult {
	t.Helper()
	for _, g := range countResult(t, a, charge).Groups {
		if g.Group == id {
			return g
		}
	}
	t.Fatalf("count %s has no group %s", charge, id)
	return GroupResult{}
}
