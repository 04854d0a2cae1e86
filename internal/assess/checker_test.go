package assess

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/internal/model"
)

func TestElements(t *testing.T) {
	lib := mustLib(t)
	b := baseCase(t)
	els, err := Elements(lib, &b.Charges[0])
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]CountElement{}
	for i, e := range els {
		if e.Number != i+1 {
			t.Errorf("%s numbered %d at position %d", e.ID, e.Number, i+1)
		}
		byID[e.ID] = e
	}
	for _, c := range []struct{ id, part, typ, concerns, actor string }{
		{"aggression.icc.e1", PartCrime, "conduct", ConcernsPrincipal, "pri"},
		{"aggression.icc.e4", PartCrime, "mental", ConcernsPrincipal, "pri"},
		{"aggression.icc.leadership-25-3bis", PartParticipant, "circumstance", ConcernsAccused, "acc"},
		{"aid-abet.icc.principal-crime", PartMode, "circumstance", ConcernsPrincipal, "pri"},
		{"aid-abet.icc.assistance", PartMode, "conduct", ConcernsAccused, "acc"},
		{"aid-abet.icc.purpose", PartMode, "mental", ConcernsAccused, "acc"},
		{"icc.precondition.15bis5", PartPrecondition, TypePrecondition, ConcernsForum, ""},
	} {
		e, ok := byID[c.id]
		if !ok {
			t.Errorf("count lacks %s", c.id)
			continue
		}
		if e.Part != c.part || e.Type != c.typ || e.Concerns != c.concerns || e.Actor != c.actor {
			t.Errorf("%s: part %s type %s concerns %s actor %s", c.id, e.Part, e.Type, e.Concerns, e.Actor)
		}
	}
	if !strings.Contains(byID["aid-abet.icc.purpose"].Text, "purpose of facilitating") {
		t.Errorf("purpose text: %q", byID["aid-abet.icc.purpose"].Text)
	}
	// the customary mode has knowledge and substantial effect, never the ICC's purpose
	els2, err := Elements(lib, &b.Charges[1])
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.Join(elementIDs(els2), " ")
	if !strings.Contains(ids, "aid-abet.customary.knowledge") || !strings.Contains(ids, "aid-abet.customary.substantial-effect") || strings.Contains(ids, "aid-abet.icc") {
		t.Errorf("customary count elements: %s", ids)
	}
	// art. 25(3 bis) governs art. 25's modes only: the customary count before the Special Tribunal
	// carries the separate, unverified leadership element instead (never the ICC clause)
	if strings.Contains(ids, "leadership-25-3bis") || !strings.Contains(ids, "aggression.icc.leadership-other-modes") {
		t.Errorf("customary count leadership elements: %s", ids)
	}
	for _, e := range els2 {
		if e.ID == "aggression.icc.leadership-other-modes" && !e.Unverified {
			t.Error("leadership element under customary aiding and abetting must be unverified")
		}
	}
	// preconditions read as conditions: 15 bis(5) is dossier's paraphrase, carrying the Statute's words
	if e := byID["icc.precondition.15bis5"]; e.ParaphraseOf != "rome-statute/15bis/5" || !strings.Contains(e.ProvisionText, "shall not exercise") ||
		strings.Contains(e.Text, "shall not") || !strings.Contains(e.Label(), "[paraphrase]") || e.Group != "icc.trigger" {
		t.Errorf("15 bis(5) precondition: %+v", e)
	}
	// a customary crime before a national court is unverified throughout
	uj := model.Charge{ID: "c3", Accused: "acc", Crime: "aggression.customary", Mode: "aid-abet.customary", Forum: "national-uj", Principal: "pri"}
	els3, err := Elements(lib, &uj)
	if err != nil {
		t.Fatal(err)
	}
	if !els3[0].Unverified {
		t.Errorf("customary crime element not flagged unverified")
	}
	// authorities are carried for the customary mode's elements
	for _, e := range els2 {
		if e.ID == "aid-abet.customary.knowledge" && len(e.Authorities) == 0 {
			t.Errorf("no authorities for %s", e.ID)
		}
	}
}

func TestCheckCharge(t *testing.T) {
	k := NewChecker(mustLib(t))
	good := model.Charge{ID: "c1", Accused: "acc", Crime: "aggression.icc", Mode: "aid-abet.icc", Forum: "icc", Principal: "pri", PrincipalCrime: "aggression.act.a"}
	if fe := k.CheckCharge(&good); len(fe) != 0 {
		t.Fatalf("good charge refused: %+v", fe)
	}
	tests := []struct {
		name       string
		edit       func(*model.Charge)
		field, msg string
		hint       string
	}{
		{"unknown crime", func(c *model.Charge) { c.Crime = "aggression.iccc" }, "crime", `unknown crime "aggression.iccc"`, `did you mean "aggression.icc"?`},
		{"unknown mode", func(c *model.Charge) { c.Mode = "aid-abet" }, "mode", `unknown mode "aid-abet"`, "did you mean"},
		{"unknown forum", func(c *model.Charge) { c.Forum = "icj" }, "forum", `unknown forum "icj"`, `did you mean "icc"?`},
		{"mode not in forum", func(c *model.Charge) { c.Mode = "aid-abet.customary" }, "mode", `forum "icc" does not allow mode "aid-abet.customary"`, "allows"},
		{"crime not in forum", func(c *model.Charge) { c.Crime = "aggression.customary" }, "crime", `forum "icc" does not apply crime "aggression.customary"`, "applies aggression.icc"},
		{"accessory without principal", func(c *model.Charge) { c.Principal = "" }, "principal", "accessory mode", ""},
		{"principal is the accused", func(c *model.Charge) { c.Principal = "acc" }, "principal", "the principal is the accused", ""},
		{"unknown act", func(c *model.Charge) { c.PrincipalCrime = "aggression.act.z" }, "principal_crime", `"aggression.act.z" is not an act`, "did you mean"},
		{"unknown allegation element", func(c *model.Charge) {
			c.Allegations = []model.Allegation{{Element: "aid-abet.icc.asistance", Text: "x"}}
		}, "allegations[0].element", `count "c1" has no element "aid-abet.icc.asistance"`, `did you mean "aid-abet.icc.assistance"?`},
		{"allegation without text", func(c *model.Charge) { c.Allegations = []model.Allegation{{Element: "aid-abet.icc.assistance"}} }, "allegations[0].text", "missing text", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.edit(&c)
			fe := k.CheckCharge(&c)
			if len(fe) == 0 {
				t.Fatal("accepted")
			}
			if fe[0].Field != tc.field || !strings.Contains(fe[0].Msg, tc.msg) || !strings.Contains(fe[0].Hint, tc.hint) {
				t.Fatalf("got %+v, want field %s msg %q hint %q", fe[0], tc.field, tc.msg, tc.hint)
			}
		})
	}
	// the act may be named by its provision
	c := good
	c.PrincipalCrime = "Article 8 bis(2)(a)"
	if fe := k.CheckCharge(&c); len(fe) != 0 {
		t.Fatalf("act by provision refused: %+v", fe)
	}
}

// TestValidateWithChecker: the case validator, given the checker, refuses a finding naming an
// element the count does not have, with the field and a hint.
func TestValidateWithChecker(t *testing.T) {
	b := baseCase(t)
	addFact(b, "f1", 2, "", "s-o1a")
	b.Facts[0].When = when(t, "2024")
	link(b, "c1", "aid-abet.customary.knowledge", "f1", model.Supports)
	var found bool
	for _, p := range model.Errors(model.Validate(b, NewChecker(mustLib(t)))) {
		if p.Kind == model.KindFinding && p.Field == "element" && strings.Contains(p.Msg, `count "c1" has no element "aid-abet.customary.knowledge"`) {
			found = true
		}
	}
	if !found {
		t.Fatalf("finding with a foreign element accepted: %v", model.Validate(b, NewChecker(mustLib(t))))
	}
}

// TestBadUpdateChangesNothing: a finding naming an unknown charge, element or fact, or with a bad
// stance, is refused by the Assessor and the assessment is unchanged.
func TestBadUpdateChangesNothing(t *testing.T) {
	b := baseCase(t)
	addFact(b, "f1", 2, "", "s-o1a")
	addFact(b, "f2", 2, "", "s-o2")
	link(b, "c1", el, "f1", model.Supports)
	a, err := New(mustLib(t), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(a.Result())
	for _, f := range []model.Finding{
		{ID: "x1", Charge: "c9", Element: el, Fact: "f2", Stance: model.Supports},
		{ID: "x2", Charge: "c1", Element: "aid-abet.customary.knowledge", Fact: "f2", Stance: model.Supports},
		{ID: "x3", Charge: "c1", Element: el, Fact: "nope", Stance: model.Supports},
		{ID: "x4", Charge: "c1", Element: el, Fact: "f2", Stance: "maybe"},
		{ID: b.Findings[0].ID, Charge: "c1", Element: "aid-abet.icc.purposee", Fact: "f1", Stance: model.Supports},
	} {
		if err := a.Update(f); err == nil {
			t.Errorf("accepted %+v", f)
		}
	}
	if err := a.Remove("no-such-finding"); err == nil {
		t.Error("removed a finding that does not exist")
	}
	if err := a.UpdateFact(model.Fact{ID: "f1", Credibility: 9}); err == nil {
		t.Error("accepted credibility 9")
	}
	if err := a.UpdateSource(model.Source{ID: "s-o2", Reliability: "Z"}); err == nil {
		t.Error("accepted reliability Z")
	}
	after, _ := json.Marshal(a.Result())
	if string(before) != string(after) {
		t.Fatal("a refused change altered the assessment")
	}
	// New refuses a bundle whose finding names an element the count does not have
	b.Findings = append(b.Findings, model.Finding{ID: "bad", Charge: "c1", Element: "aggression.icc.e9", Fact: "f1", Stance: model.Supports, Reason: "r"})
	if _, err := New(mustLib(t), b, Options{}); err == nil || !strings.Contains(err.Error(), `finding bad: element: count "c1" has no element "aggression.icc.e9"`) {
		t.Fatalf("New: %v", err)
	}
	// unknown stage and forum
	b.Findings = b.Findings[:1]
	if _, err := New(mustLib(t), b, Options{Stage: "warrent"}); err == nil || !strings.Contains(err.Error(), `did you mean "warrant"?`) {
		t.Fatalf("stage: %v", err)
	}
	if _, err := New(mustLib(t), b, Options{Forum: "icj"}); err == nil || !strings.Contains(err.Error(), `unknown forum "icj"`) {
		t.Fatalf("forum: %v", err)
	}
}
