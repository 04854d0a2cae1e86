package assess

import (
	"reflect"
	"strings"
	"testing"

	"dossier/internal/model"
)

const el = "aid-abet.icc.assistance"

type fx struct {
	id     string
	cred   int
	review model.ReviewStatus
	srcs   []string
	stance model.Stance
}

func sup(id string, cred int, srcs ...string) fx {
	return fx{id: id, cred: cred, srcs: srcs, stance: model.Supports}
}
func con(id string, cred int, srcs ...string) fx {
	return fx{id: id, cred: cred, srcs: srcs, stance: model.Contradicts}
}
func rev(f fx, r model.ReviewStatus) fx { f.review = r; return f }

// TestRules is one table per written rule: each case sets the findings of one element and says
// the status and the deciding rule under a stage's default rules.
func TestRules(t *testing.T) {
	tests := []struct {
		name   string
		stage  string
		facts  []fx
		status Status
		rule   string
		expl   []string // words the explanation must contain
	}{
		// R1 no evidence
		{"R1 no finding", "warrant", nil, NoEvidence, RuleNoEvidence, []string{"no finding"}},
		// R2 weight: credibility, reliability, review
		{"R2 credibility worse than 3 does not count", "warrant", []fx{sup("f1", 4, "s-o1a"), sup("f2", 2, "s-o2")}, NotMet, RuleCorroboration,
			[]string{"1 of 2 supporting facts count", "credibility 4 is worse than 3"}},
		{"R2 credibility 3 counts at warrant", "warrant", []fx{sup("f1", 3, "s-o1a"), sup("f2", 2, "s-o2")}, Met, RuleMet, nil},
		{"R2 credibility 3 does not count at confirmation", "confirmation", []fx{sup("f1", 3, "s-o1a"), sup("f2", 2, "s-o2")}, NotMet, RuleCorroboration, nil},
		{"R2 grade D does not count", "warrant", []fx{sup("f1", 2, "s-d"), sup("f2", 2, "s-o2")}, NotMet, RuleCorroboration,
			[]string{"no supporting source is graded C or better"}},
		{"R2 grade C counts at warrant", "warrant", []fx{sup("f1", 2, "s-o3"), sup("f2", 2, "s-o2")}, Met, RuleMet, nil},
		{"R2 grade C does not count at confirmation", "confirmation", []fx{sup("f1", 2, "s-o3"), sup("f2", 2, "s-o2")}, NotMet, RuleCorroboration, nil},
		{"R2 only the origins of counting sources count", "confirmation", []fx{sup("f1", 2, "s-o3", "s-o2"), sup("f2", 1, "s-o2")}, NotMet, RuleCorroboration,
			[]string{"from 1 independent origin (o2)"}},
		{"R2 disputed fact does not count", "warrant", []fx{rev(sup("f1", 2, "s-o1a"), model.Disputed), sup("f2", 2, "s-o2")}, NotMet, RuleCorroboration,
			[]string{"review status disputed"}},
		{"R2 draft does not count at trial", "trial", []fx{sup("f1", 1, "s-o1a"), sup("f2", 1, "s-o2"), sup("f3", 1, "s-o5")}, NotMet, RuleCorroboration,
			[]string{"review status draft is not reviewed or approved"}},
		{"R2 reviewed counts at trial", "trial", []fx{rev(sup("f1", 1, "s-o1a"), model.Reviewed), rev(sup("f2", 1, "s-o2"), model.Approved), rev(sup("f3", 2, "s-o5"), model.Reviewed)}, Met, RuleMet, nil},
		// R3 corroboration: independent origins
		{"R3 one origin repeated by two sources is one origin", "warrant", []fx{sup("f1", 2, "s-o1a", "s-o1b")}, NotMet, RuleCorroboration,
			[]string{"from 1 independent origin (o1)", "needs at least 2"}},
		{"R3 two facts repeating one origin are one origin", "warrant", []fx{sup("f1", 2, "s-o1a"), sup("f2", 1, "s-o1b")}, NotMet, RuleCorroboration, nil},
		{"R3 a source with no origin is its own origin", "warrant", []fx{sup("f1", 2, "s-own"), sup("f2", 2, "s-o1a")}, Met, RuleMet,
			[]string{"from 2 independent origins (o1, s-own)"}},
		{"R3 trial needs three origins", "trial", []fx{rev(sup("f1", 1, "s-o1a"), model.Reviewed), rev(sup("f2", 1, "s-o2"), model.Reviewed)}, NotMet, RuleCorroboration, nil},
		{"R3 only contradicting findings: not met", "warrant", []fx{con("f1", 2, "s-o1a")}, NotMet, RuleCorroboration, nil},
		// R4 contradiction
		{"R4 equal origins: contested", "warrant", []fx{sup("f1", 2, "s-o1a"), sup("f2", 2, "s-o2"), con("f3", 2, "s-o5"), con("f4", 2, "s-o6")}, Contested, RuleContradiction,
			[]string{"contradicting facts that count come from 2 origins (o5, o6)"}},
		{"R4 outnumbered by 1 at warrant: met", "warrant", []fx{sup("f1", 2, "s-o1a"), sup("f2", 2, "s-o2"), con("f3", 2, "s-o5")}, Met, RuleMet,
			[]string{"outweighed", "outnumber them by 1"}},
		{"R4 outnumbered by 1 at confirmation: contested", "confirmation", []fx{sup("f1", 2, "s-o1a"), sup("f2", 2, "s-o2"), con("f3", 2, "s-o5")}, Contested, RuleContradiction, nil},
		{"R4 outnumbered by 2 at confirmation: met", "confirmation", []fx{sup("f1", 2, "s-o1a"), sup("f2", 2, "s-o2"), sup("f4", 2, "s-o6"), con("f3", 2, "s-o5")}, Met, RuleMet, nil},
		{"R4 a contradicting fact that does not count is ignored", "warrant", []fx{sup("f1", 2, "s-o1a"), sup("f2", 2, "s-o2"), con("f3", 6, "s-o5"), con("f4", 2, "s-d")}, Met, RuleMet,
			[]string{"No contradicting fact counts"}},
		// R5 met
		{"R5 two origins, nothing against", "warrant", []fx{sup("f1", 2, "s-o1a"), sup("f2", 2, "s-o2")}, Met, RuleMet,
			[]string{"Met under reasonable grounds to believe", "best reliability B, best credibility 2", "Rule R5", "f1 (credibility 2; s-o1a B, origin o1)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := baseCase(t)
			for _, f := range tc.facts {
				addFact(b, f.id, f.cred, f.review, f.srcs...)
				link(b, "c1", el, f.id, f.stance)
			}
			a := run(t, b, Options{Stage: tc.stage, Forum: "icc"})
			e := element(t, a, "c1", el)
			if e.Status != tc.status || e.Rule != tc.rule {
				t.Fatalf("status %s by %s, want %s by %s\n%s", e.Status, e.Rule, tc.status, tc.rule, e.Explanation)
			}
			for _, w := range tc.expl {
				if !strings.Contains(e.Explanation, w) {
					t.Errorf("explanation lacks %q:\n%s", w, e.Explanation)
				}
			}
			if e.ByStage[tc.stage] != tc.status {
				t.Errorf("by_stage[%s] = %s", tc.stage, e.ByStage[tc.stage])
			}
		})
	}
}

func TestParseRules(t *testing.T) {
	r, err := ParseRules("r.yaml", []byte("standards:\n  warrant: {min_origins: 3, min_reliability: B}\n  review-hearing:\n    min_origins: 1\n    min_reliability: C\n    max_credibility: 4\n    review: [draft]\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := r.Standards["warrant"]
	if w.MinOrigins != 3 || w.MinReliability != "B" || w.MaxCredibility != 3 || w.ContradictionMargin != 1 {
		t.Errorf("warrant override merged wrongly: %+v", w)
	}
	if !reflect.DeepEqual(r.Standards["confirmation"], DefaultRules().Standards["confirmation"]) {
		t.Errorf("confirmation changed: %+v", r.Standards["confirmation"])
	}
	if h := r.Standards["review-hearing"]; h.MaxCredibility != 4 || len(h.Review) != 1 {
		t.Errorf("new stage: %+v", h)
	}

	bad := []struct{ in, want string }{
		{"standards:\n  warrant:\n    min_origins: 0\n", "r.yaml:3: standards.warrant.min_origins: 0: at least one origin"},
		{"standards:\n  warrant:\n    min_reliability: G\n", "r.yaml:3: standards.warrant.min_reliability: \"G\" is not a reliability grade"},
		{"standards:\n  warrant:\n    max_credibility: 7\n", "r.yaml:3: standards.warrant.max_credibility: 7 is outside the credibility scale"},
		{"standards:\n  warrant:\n    contradiction_margin: -1\n", "cannot be negative"},
		{"standards:\n  warrant:\n    review: [final]\n", "unknown review status \"final\""},
		{"standards:\n  warrant:\n    min_origin: 2\n", "r.yaml:3: standards.warrant.min_origin: unknown rule field"},
		{"standard:\n  warrant: {}\n", "r.yaml:1: standard: unknown key"},
		{"standards:\n  hearing:\n    min_origins: 2\n", "standards.hearing.min_reliability: missing"},
		{"standards: [1]\n", "expected a mapping"},
		{"standards:\n  warrant:\n    min_origins: two\n", "\"two\" is not a whole number"},
	}
	for _, tc := range bad {
		_, err := ParseRules("r.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseRules(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestRulesChangeStatus(t *testing.T) {
	// a rules file that asks for three origins at warrant turns a two-origin element to not met
	b := baseCase(t)
	addFact(b, "f1", 2, "", "s-o1a")
	addFact(b, "f2", 2, "", "s-o2")
	link(b, "c1", el, "f1", model.Supports)
	link(b, "c1", el, "f2", model.Supports)
	if e := element(t, run(t, b, Options{Forum: "icc"}), "c1", el); e.Status != Met {
		t.Fatalf("default: %s", e.Status)
	}
	r, err := ParseRules("r.yaml", []byte("standards:\n  warrant: {min_origins: 3}\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := element(t, run(t, b, Options{Forum: "icc", Rules: &r}), "c1", el)
	if e.Status != NotMet || !strings.Contains(e.Explanation, "needs at least 3") {
		t.Fatalf("with rules: %s %s", e.Status, e.Explanation)
	}
}

func FuzzParseRules(f *testing.F) {
	f.Add([]byte("standards:\n  warrant: {min_origins: 3}\n"))
	f.Add([]byte("standards:\n  x:\n    min_origins: 1\n    min_reliability: A\n    max_credibility: 1\n    review: [draft]\n"))
	f.Add([]byte("- 1\n"))
	f.Add([]byte("standards: {warrant: {review: {a: b}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRules("f.yaml", data)
		if err != nil {
			return
		}
		for stage, sr := range r.Standards {
			if sr.MinOrigins < 1 || reliabilityRank(sr.MinReliability) < 0 || sr.MaxCredibility < 1 || sr.MaxCredibility > 6 || sr.ContradictionMargin < 0 {
				t.Fatalf("accepted invalid rules for %s: %+v", stage, sr)
			}
		}
	})
}
