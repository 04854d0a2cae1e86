package assess

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"dossier/internal/model"
	"dossier/internal/testutil"

	"go.yaml.in/yaml/v3"
)

// world is the test's own copy of a case, from which a fresh bundle is built for the full run.
type world struct {
	base     model.Bundle
	facts    map[string]model.Fact
	sources  map[string]model.Source
	findings map[string]model.Finding
}

func newWorld(b *model.Bundle) *world {
	w := &world{base: *b, facts: map[string]model.Fact{}, sources: map[string]model.Source{}, findings: map[string]model.Finding{}}
	for _, f := range b.Facts {
		w.facts[f.ID] = f
	}
	for _, s := range b.Sources {
		w.sources[s.ID] = s
	}
	for _, f := range b.Findings {
		w.findings[f.ID] = f
	}
	return w
}

func sortedVals[T any](m map[string]T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]T, 0, len(m))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

func (w *world) bundle() *model.Bundle {
	b := w.base
	b.Facts = sortedVals(w.facts)
	b.Sources = sortedVals(w.sources)
	b.Findings = sortedVals(w.findings)
	return &b
}

func resultJSON(t testing.TB, a *Assessment) string {
	t.Helper()
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestIncrementalEqualsFull applies random changes (findings added, moved and removed, facts'
// credibility, review and sources changed, sources regraded, re-origined, removed and restored)
// to an Assessor and checks, after most of them, that its result equals a fresh full assessment
// of the changed case (some changes follow each other unread, so that listings invalidated by
// one change meet the next before they are rebuilt). Seeds 4-6 crowd the findings onto three
// elements per count with two listed per side, so that removals of listed findings, and facts
// with several findings on one element, are frequent.
func TestIncrementalEqualsFull(t *testing.T) {
	lib := mustLib(t)
	for seed := uint64(1); seed <= 6; seed++ {
		dense := seed > 3
		maxListed := 3 + int(seed)
		if dense {
			maxListed = 2
		}
		r := rand.New(rand.NewPCG(seed, 99))
		b := baseCase(t)
		srcIDs := []string{}
		for _, s := range b.Sources {
			srcIDs = append(srcIDs, s.ID)
		}
		for i := range 25 {
			var ss []string
			for range 1 + r.IntN(3) {
				ss = append(ss, srcIDs[r.IntN(len(srcIDs))])
			}
			addFact(b, fmt.Sprintf("f%02d", i), 1+r.IntN(6), []model.ReviewStatus{"", model.Reviewed, model.Approved, model.Disputed}[r.IntN(4)], ss...)
			b.Facts[i].Tags = []string{fmt.Sprintf("indictment-para-%d", r.IntN(3))}
		}
		chs, els, err := SyntheticCharges(lib)
		if err != nil {
			t.Fatal(err)
		}
		for i := range chs {
			chs[i].Accused, chs[i].Principal = "acc", "pri"
		}
		chs[0].Allegations = []model.Allegation{{Element: els[0][8], Text: "para. 1"}, {Element: els[0][8], Text: "para. 2"}, {Element: els[0][2], Text: "x"}}
		b.Charges = chs
		if dense {
			for i := range els {
				els[i] = els[i][:3]
			}
		}
		randFinding := func(id string) model.Finding {
			ci := r.IntN(len(chs))
			st := model.Supports
			if r.IntN(4) == 0 {
				st = model.Contradicts
			}
			return model.Finding{ID: id, Charge: chs[ci].ID, Element: els[ci][r.IntN(len(els[ci]))], Fact: b.Facts[r.IntN(len(b.Facts))].ID, Stance: st, Reason: "r"}
		}
		for i := range 120 {
			b.Findings = append(b.Findings, randFinding(fmt.Sprintf("g%03d", i)))
		}
		w := newWorld(b)
		a, err := New(lib, w.bundle(), Options{MaxListed: maxListed})
		if err != nil {
			t.Fatal(err)
		}
		next := 1000
		removed := map[string]model.Source{}
		for step := range 300 {
			var what string
			switch op := r.IntN(7); op {
			case 0: // new finding
				f := randFinding(fmt.Sprintf("g%04d", next))
				next++
				what = "add " + f.ID
				w.findings[f.ID] = f
				if err := a.Update(f); err != nil {
					t.Fatal(err)
				}
			case 1: // move an existing finding
				ids := slices.Sorted(mapKeys(w.findings))
				if len(ids) == 0 {
					continue
				}
				f := randFinding(ids[r.IntN(len(ids))])
				what = "move " + f.ID
				w.findings[f.ID] = f
				if err := a.Update(f); err != nil {
					t.Fatal(err)
				}
			case 2: // remove a finding
				ids := slices.Sorted(mapKeys(w.findings))
				if len(ids) == 0 {
					continue
				}
				id := ids[r.IntN(len(ids))]
				what = "remove " + id
				delete(w.findings, id)
				if err := a.Remove(id); err != nil {
					t.Fatal(err)
				}
			case 3: // change a fact
				ids := slices.Sorted(mapKeys(w.facts))
				f := w.facts[ids[r.IntN(len(ids))]]
				f.Credibility = 1 + r.IntN(6)
				f.Review = []model.ReviewStatus{"", model.Reviewed, model.Disputed}[r.IntN(3)]
				if r.IntN(2) == 0 {
					f.Excerpts = []model.Excerpt{{Source: srcIDs[r.IntN(len(srcIDs))], Pinpoint: "p"}}
				}
				what = "fact " + f.ID
				w.facts[f.ID] = f
				if err := a.UpdateFact(f); err != nil {
					t.Fatal(err)
				}
			case 4: // regrade or re-origin a source
				ids := slices.Sorted(mapKeys(w.sources))
				if len(ids) == 0 {
					continue
				}
				s := w.sources[ids[r.IntN(len(ids))]]
				s.Reliability = string(rune('A' + r.IntN(6)))
				s.Origin = []string{"", "o1", "o2", "o9"}[r.IntN(4)]
				what = "source " + s.ID
				w.sources[s.ID] = s
				if err := a.UpdateSource(s); err != nil {
					t.Fatal(err)
				}
			case 5: // remove a source
				ids := slices.Sorted(mapKeys(w.sources))
				if len(ids) == 0 {
					continue
				}
				id := ids[r.IntN(len(ids))]
				what = "remove source " + id
				removed[id] = w.sources[id]
				delete(w.sources, id)
				if err := a.RemoveSource(id); err != nil {
					t.Fatal(err)
				}
			case 6: // restore a source
				ids := slices.Sorted(mapKeys(removed))
				if len(ids) == 0 {
					continue
				}
				s := removed[ids[r.IntN(len(ids))]]
				delete(removed, s.ID)
				what = "restore source " + s.ID
				w.sources[s.ID] = s
				if err := a.UpdateSource(s); err != nil {
					t.Fatal(err)
				}
			}
			if r.IntN(3) == 0 {
				continue // leave this change unread: the next one meets its state
			}
			full, err := Run(lib, w.bundle(), Options{MaxListed: maxListed})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := resultJSON(t, a.Result()), resultJSON(t, full); got != want {
				t.Fatalf("seed %d step %d (%s): incremental result differs from the full run\nincremental: %.600s\nfull:        %.600s", seed, step, what, got, want)
			}
		}
	}
}

func mapKeys[T any](m map[string]T) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func statuses(a *Assessment) map[string]Status {
	out := map[string]Status{}
	for _, c := range a.Counts {
		for _, e := range c.Elements {
			out[c.Charge+" "+e.ID] = e.Status
		}
	}
	return out
}

func changed(before, after map[string]Status) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, fmt.Sprintf("%s %s→%s", k, before[k], v))
		}
	}
	sort.Strings(out)
	return out
}

// TestFlips: changing one fact's credibility, or removing one source, changes exactly the
// elements the written rules say, and nothing else.
func TestFlips(t *testing.T) {
	lib := mustLib(t)
	b := baseCase(t)
	addFact(b, "f1", 2, "", "s-o1a")
	addFact(b, "f2", 2, "", "s-o2")
	addFact(b, "f3", 2, "", "s-o5")
	addFact(b, "f4", 2, "", "s-o6", "s-o1b")
	link(b, "c1", el, "f1", model.Supports)
	link(b, "c1", el, "f2", model.Supports) // assistance: origins o1, o2 → met, exactly two
	link(b, "c1", "aggression.icc.e3", "f2", model.Supports)
	link(b, "c1", "aggression.icc.e3", "f3", model.Supports)
	link(b, "c1", "aggression.icc.e3", "f4", model.Supports) // e3: o2, o5, o6, o1 → met with room to spare
	link(b, "c2", "aid-abet.customary.knowledge", "f1", model.Supports)
	link(b, "c2", "aid-abet.customary.knowledge", "f4", model.Supports) // knowledge: o1 (twice), o6 → met, two origins
	a, err := New(lib, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := statuses(a.Result())
	if before["c1 "+el] != Met || before["c1 aggression.icc.e3"] != Met || before["c2 aid-abet.customary.knowledge"] != Met {
		t.Fatalf("setup: %v", before)
	}
	// f2's credibility falls to 4 (worse than 3): R2 drops it, R3 leaves assistance with one origin.
	f2 := b.Facts[1]
	f2.Credibility = 4
	if err := a.UpdateFact(f2); err != nil {
		t.Fatal(err)
	}
	res := a.Result()
	if got := changed(before, statuses(res)); !slices.Equal(got, []string{"c1 aid-abet.icc.assistance met→not-met"}) {
		t.Fatalf("credibility change flipped %v", got)
	}
	if e := element(t, res, "c1", el); e.Rule != RuleCorroboration {
		t.Fatalf("decided by %s: %s", e.Rule, e.Explanation)
	}
	// and back
	f2.Credibility = 3
	if err := a.UpdateFact(f2); err != nil {
		t.Fatal(err)
	}
	if got := changed(before, statuses(a.Result())); len(got) != 0 {
		t.Fatalf("restoring credibility left %v", got)
	}
	// removing source s-o6 takes origin o6 from f4: knowledge keeps o1 only (f4 still cites s-o1b,
	// same origin as f1) → not met; e3 keeps o2, o5, o1 → still met; assistance untouched.
	if err := a.RemoveSource("s-o6"); err != nil {
		t.Fatal(err)
	}
	if got := changed(before, statuses(a.Result())); !slices.Equal(got, []string{"c2 aid-abet.customary.knowledge met→not-met"}) {
		t.Fatalf("source removal flipped %v", got)
	}
}

// loadReference reads the reference case bundle directly from its YAML files.
func loadReference(t *testing.T) *model.Bundle {
	root, err := testutil.ModuleRoot()
	if err != nil {
		t.Skipf("module root: %v", err)
	}
	dir := filepath.Join(root, "examples", "kim-jong-un")
	b := &model.Bundle{}
	for _, x := range []struct {
		file string
		v    any
	}{{"case.yaml", &b.Case}, {"actors.yaml", &b.Actors}, {"sources.yaml", &b.Sources}, {"facts.yaml", &b.Facts}, {"charges.yaml", &b.Charges}, {"findings.yaml", &b.Findings}} {
		data, err := os.ReadFile(filepath.Join(dir, x.file))
		if err != nil {
			t.Fatalf("reference case: %v", err)
		}
		if err := yaml.Unmarshal(data, x.v); err != nil {
			t.Fatalf("reference case %s: %v", x.file, err)
		}
	}
	return b
}

// TestReferenceCase: the reference case validates against the law, is assessed under its three
// forums, and raises the legal issues where they apply and not elsewhere.
func TestReferenceCase(t *testing.T) {
	lib := mustLib(t)
	b := loadReference(t)
	for _, p := range model.Errors(model.Validate(b, NewChecker(lib))) {
		if p.Kind == model.KindCharge || p.Kind == model.KindFinding {
			t.Errorf("reference case: %v", p)
		}
	}
	a := run(t, b, Options{})
	if len(a.Counts) != 3 {
		t.Fatalf("%d counts", len(a.Counts))
	}
	want := map[string][]string{
		"icc-aid-abet":  {IssueMentalElement, IssueLeadership, IssueNonParty, IssueImmunity, IssueAllegation},
		"stca-aid-abet": {IssueLeadership, IssueImmunity, IssueAllegation},
		"uj-aid-abet":   {IssueLeadership, IssueImmunity, IssueAllegation},
	}
	for charge, kinds := range want {
		var got []string
		for _, is := range a.Issues {
			if is.Charge == charge && is.Kind != IssueLaw {
				got = append(got, is.Kind)
			}
		}
		if !slices.Equal(got, kinds) {
			t.Errorf("%s issues %v, want %v", charge, got, kinds)
		}
	}
	for _, is := range issuesOf(a, "icc-aid-abet", IssueAllegation) {
		if !slices.Equal(is.Facts, []string{"no-evidence-of-planning"}) {
			t.Errorf("allegation issue facts %v", is.Facts)
		}
	}
	// every element has an explanation naming its rule
	for _, c := range a.Counts {
		for _, e := range c.Elements {
			if e.Explanation == "" || !containsRule(e.Explanation, e.Rule) {
				t.Errorf("%s %s: explanation %q", c.Charge, e.ID, e.Explanation)
			}
		}
	}
	// removing one source flips the elements that rest on it alone: the invasion fact has two
	// sources; without the Guardian report the principal's conduct (element 1) has one origin.
	inc, err := New(lib, loadReference(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := inc.Element("icc-aid-abet", "aggression.icc.e1"); e.Status != Met {
		t.Fatalf("e1 before: %s", e.Status)
	}
	if err := inc.RemoveSource("guardian-2022-11-07-ukraine-war-deepening-ties"); err != nil {
		t.Fatal(err)
	}
	if e, _ := inc.Element("icc-aid-abet", "aggression.icc.e1"); e.Status != NotMet || e.Rule != RuleCorroboration {
		t.Fatalf("e1 after removing the source: %s %s", e.Status, e.Explanation)
	}
	w := newWorld(loadReference(t))
	delete(w.sources, "guardian-2022-11-07-ukraine-war-deepening-ties")
	if got, want := resultJSON(t, inc.Result()), resultJSON(t, run(t, w.bundle(), Options{})); got != want {
		t.Fatal("incremental source removal differs from the full run on the reference case")
	}
}

func containsRule(s, rule string) bool {
	return rule != "" && (strings.Contains(s, "rule "+rule) || strings.Contains(s, "Rule "+rule))
}
