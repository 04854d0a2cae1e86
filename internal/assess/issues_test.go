package assess

import (
	"fmt"
	"strings"
	"testing"

	"dossier/internal/model"
)

// withEvidence gives the base case facts that meet the ICC knowledge element; purpose is left to
// each test.
func withEvidence(t *testing.T) *model.Bundle {
	b := baseCase(t)
	addFact(b, "k1", 2, "", "s-o1a")
	addFact(b, "k2", 2, "", "s-o2")
	addFact(b, "p1", 2, "", "s-o5")
	addFact(b, "p2", 2, "", "s-o6")
	link(b, "c1", "aid-abet.icc.intent-knowledge", "k1", model.Supports)
	link(b, "c1", "aid-abet.icc.intent-knowledge", "k2", model.Supports)
	link(b, "c2", "aid-abet.customary.knowledge", "k1", model.Supports)
	link(b, "c2", "aid-abet.customary.knowledge", "k2", model.Supports)
	return b
}

func TestIssueMentalElement(t *testing.T) {
	// knowledge met, no finding on purpose: raised for the ICC count, not for the customary count
	b := withEvidence(t)
	a := run(t, b, Options{})
	is := issuesOf(a, "c1", IssueMentalElement)
	if len(is) != 1 || !strings.Contains(is[0].Text, "no finding addresses purpose") || !strings.Contains(strings.Join(is[0].Provisions, ";"), "25(3)(c)") {
		t.Fatalf("ICC count: %+v", is)
	}
	if len(issuesOf(a, "c2", IssueMentalElement)) != 0 {
		t.Fatalf("raised for the customary count (knowledge suffices there)")
	}
	// purpose met: not raised
	link(b, "c1", "aid-abet.icc.purpose", "p1", model.Supports)
	link(b, "c1", "aid-abet.icc.purpose", "p2", model.Supports)
	if is := issuesOf(run(t, b, Options{}), "c1", IssueMentalElement); len(is) != 0 {
		t.Fatalf("raised although purpose is met: %+v", is)
	}
	// no knowledge evidence either: nothing to contrast, not raised
	b2 := baseCase(t)
	if is := issuesOf(run(t, b2, Options{}), "c1", IssueMentalElement); len(is) != 0 {
		t.Fatalf("raised with no mental evidence: %+v", is)
	}
	// purpose findings that do not meet the standard: raised, naming them
	b3 := withEvidence(t)
	link(b3, "c1", "aid-abet.icc.purpose", "p1", model.Supports)
	is = issuesOf(run(t, b3, Options{}), "c1", IssueMentalElement)
	if len(is) != 1 || !strings.Contains(is[0].Text, "leave element") || !strings.Contains(is[0].Text, "p1") {
		t.Fatalf("purpose not met: %+v", is)
	}
}

func TestIssueLeadership(t *testing.T) {
	b := baseCase(t)
	a := run(t, b, Options{})
	for _, c := range []string{"c1", "c2"} {
		is := issuesOf(a, c, IssueLeadership)
		if len(is) != 1 || !strings.Contains(is[0].Text, "not in State R") || !strings.Contains(strings.Join(is[0].Provisions, ";"), "25(3 bis)") {
			t.Fatalf("%s: %+v", c, is)
		}
	}
	// the accused also holds office in the aggressor State: not raised
	b.Actors[0].Positions = append(b.Actors[0].Positions, model.Position{Office: "Minister of Defence", Of: "state-r"})
	if is := issuesOf(run(t, b, Options{}), "c1", IssueLeadership); len(is) != 0 {
		t.Fatalf("raised for a leader of the aggressor State: %+v", is)
	}
	// no principal (a perpetration count): not raised
	b = baseCase(t)
	b.Charges = []model.Charge{{ID: "c3", Count: 3, Accused: "acc", Crime: "aggression.icc", Mode: "perpetration.icc.direct", Forum: "icc"}}
	if is := issuesOf(run(t, b, Options{}), "c3", IssueLeadership); len(is) != 0 {
		t.Fatalf("raised without a principal: %+v", is)
	}
}

func TestIssueNonParty(t *testing.T) {
	b := baseCase(t)
	// States unknown to the forum data and with no state_party: raised as unknown
	a := run(t, b, Options{})
	is := issuesOf(a, "c1", IssueNonParty)
	if len(is) != 1 || !strings.Contains(is[0].Text, "party status unknown") || !strings.Contains(strings.Join(is[0].Provisions, ";"), "15 bis(5)") {
		t.Fatalf("unknown status: %+v", is)
	}
	if len(issuesOf(a, "c2", IssueNonParty)) != 0 {
		t.Fatalf("raised for the Special Tribunal, which has no art. 15 bis(5) precondition")
	}
	// both States parties by the case's actor data: not raised
	b.Actors[2].StateParty = []string{"rome-statute"}
	b.Actors[3].StateParty = []string{"rome-statute"}
	if is := issuesOf(run(t, b, Options{}), "c1", IssueNonParty); len(is) != 0 {
		t.Fatalf("raised although both States are parties: %+v", is)
	}
	// the aggressor is a party but the accused's State is not (actor data): raised, naming it
	b.Actors[2].StateParty = []string{"un-charter"}
	is = issuesOf(run(t, b, Options{}), "c1", IssueNonParty)
	if len(is) != 1 || !strings.Contains(is[0].Text, "State A, the accused's State") || !strings.Contains(is[0].Text, "not a party (case actor data)") || is[0].Unverified {
		t.Fatalf("accused's State not a party: %+v", is)
	}
	// States named as the forum data names them: status from the law library, flagged unverified
	b = baseCase(t)
	b.Actors[2].Name = "Democratic People's Republic of Korea"
	b.Actors[3].Name = "Russian Federation"
	is = issuesOf(run(t, b, Options{}), "c1", IssueNonParty)
	if len(is) != 1 || !strings.Contains(is[0].Text, "not a party (law library forum data) [unverified]") || !is[0].Unverified {
		t.Fatalf("forum data: %+v", is)
	}
}

func TestIssueImmunity(t *testing.T) {
	b := baseCase(t)
	b.Charges = append(b.Charges, model.Charge{ID: "c3", Count: 3, Accused: "acc", Crime: "aggression.customary", Mode: "aid-abet.customary", Forum: "national-uj", Principal: "pri"})
	a := run(t, b, Options{})
	icc := issuesOf(a, "c1", IssueImmunity)
	if len(icc) != 1 || !strings.Contains(icc[0].Text, "no bar") || !strings.Contains(strings.Join(icc[0].Provisions, ";"), "27(2)") || icc[0].Unverified {
		t.Fatalf("ICC: %+v", icc)
	}
	nat := issuesOf(a, "c3", IssueImmunity)
	if len(nat) != 1 || !strings.Contains(nat[0].Text, "bars jurisdiction while he holds it") || !nat[0].Unverified {
		t.Fatalf("national court: %+v", nat)
	}
	stca := issuesOf(a, "c2", IssueImmunity)
	if len(stca) != 1 || !strings.Contains(stca[0].Text, "trial is deferred") {
		t.Fatalf("Special Tribunal: %+v", stca)
	}
	// the office has ended: not raised anywhere
	b.Actors[0].Positions[0].To = when(t, "2020")
	a = run(t, b, Options{})
	for _, c := range []string{"c1", "c2", "c3"} {
		if is := issuesOf(a, c, IssueImmunity); len(is) != 0 {
			t.Fatalf("%s: raised for a former head of State: %+v", c, is)
		}
	}
}

func TestIssueContradictedAllegation(t *testing.T) {
	b := baseCase(t)
	addFact(b, "s1", 2, "", "s-o1a")
	addFact(b, "s2", 2, "", "s-o2")
	addFact(b, "no-planning", 3, "", "s-own")
	b.Facts[2].Tags = []string{"indictment-para-17"}
	addFact(b, "denial", 3, "", "s-o5")
	b.Charges[0].Allegations = []model.Allegation{
		{Element: el, Text: "The accused supplied munitions (para. 18)."},
		{Element: el, Text: "The accused took part in planning the invasion (paras 16-17)."},
		{Element: "aggression.icc.e3", Text: "The State used armed force (para. 2)."},
	}
	for _, f := range []string{"s1", "s2"} {
		link(b, "c1", el, f, model.Supports)
		link(b, "c1", "aggression.icc.e3", f, model.Supports)
	}
	// no contradicting finding: no issue
	if is := issuesOf(run(t, b, Options{}), "c1", IssueAllegation); len(is) != 0 {
		t.Fatalf("raised without a contradiction: %+v", is)
	}
	link(b, "c1", el, "no-planning", model.Contradicts)
	link(b, "c1", el, "denial", model.Contradicts) // untagged: bears on no one allegation of the several
	a := run(t, b, Options{})
	is := issuesOf(a, "c1", IssueAllegation)
	if len(is) != 1 || !strings.Contains(is[0].Text, "took part in planning") || len(is[0].Facts) != 1 || is[0].Facts[0] != "no-planning" {
		t.Fatalf("planning allegation: %+v", is)
	}
	// the only allegation on an element: every contradicting finding bears on it
	link(b, "c1", "aggression.icc.e3", "denial", model.Contradicts)
	is = issuesOf(run(t, b, Options{}), "c1", IssueAllegation)
	if len(is) != 2 || !strings.Contains(is[1].Text, "the only allegation on this element") {
		t.Fatalf("single allegation: %+v", is)
	}
}

func TestParagraphs(t *testing.T) {
	for in, want := range map[string]string{
		"(para. 17)": "[17]", "paras 10, 18 and 22": "[10 18 22]", "paras 14-16": "[14 15 16]", "paragraph 3": "[3]", "no paragraph": "[]", "para 2, and para. 19": "[2 19]",
	} {
		if got := fmt.Sprint(paragraphs(in)); got != want {
			t.Errorf("paragraphs(%q) = %s, want %s", in, got, want)
		}
	}
}
