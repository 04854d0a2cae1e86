package law

import (
	"bytes"
	"errors"
	flagpkg "flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/testutil"
)

var update = flagpkg.Bool("update", false, "rewrite golden files")

func mustLoad(t testing.TB) *Library {
	t.Helper()
	lib, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return lib
}

func TestAggressionSixElementsTyped(t *testing.T) {
	lib := mustLoad(t)
	c, ok := lib.Crime("aggression.icc")
	if !ok {
		t.Fatal("crime aggression.icc missing")
	}
	want := []string{TypeConduct, TypeCircumstance, TypeConsequence, TypeMental, TypeCircumstance, TypeMental}
	if len(c.Elements) != len(want) {
		t.Fatalf("aggression.icc has %d elements, want 6", len(c.Elements))
	}
	for i, e := range c.Elements {
		n := i + 1
		if e.Number != n || e.ID != "aggression.icc.e"+itoa(n) {
			t.Errorf("element %d: number %d id %s", n, e.Number, e.ID)
		}
		if e.Type != want[i] {
			t.Errorf("element %d type %s, want %s", n, e.Type, want[i])
		}
		if e.QuotedFrom != "icc-eoc/8bis/elements/"+itoa(n) {
			t.Errorf("element %d quoted from %s", n, e.QuotedFrom)
		}
		src, _ := lib.Provision(e.QuotedFrom)
		if src == nil || NormalizeText(src.Text) != NormalizeText(e.Text) {
			t.Errorf("element %d text differs from the Elements of Crimes", n)
		}
		if e.Unverified {
			t.Errorf("element %d is marked unverified", n)
		}
		if len(e.Means) == 0 {
			t.Errorf("element %d has no means of proof", n)
		}
	}
	// The four introduction notes are attached to elements 3-6.
	for i, note := range []string{"icc-eoc/8bis/introduction/1", "icc-eoc/8bis/introduction/2", "icc-eoc/8bis/introduction/3", "icc-eoc/8bis/introduction/4"} {
		if !contains(c.Elements[i+2].Notes, note) {
			t.Errorf("element %d lacks note %s", i+3, note)
		}
	}
	if len(c.Acts) != 7 {
		t.Errorf("acts of aggression: %d, want 7 (8 bis(2)(a)-(g))", len(c.Acts))
	}
	if len(c.ParticipantElements) != 2 || c.ParticipantElements[0].QuotedFrom != "rome-statute/25/3bis" {
		t.Fatalf("leadership clause 25(3 bis) not attached as a participant element")
	}
	// 25(3 bis) governs "the provisions of this article": only art. 25 modes. Any other mode gets the
	// separate, unverified leadership element (never the ICC clause under a customary mode).
	art25, other := c.ParticipantElements[0], c.ParticipantElements[1]
	if other.Unverified == false || other.QuotedFrom != "" {
		t.Errorf("leadership element for other modes must be unverified: %+v", other)
	}
	for _, m := range lib.Modes {
		under25 := strings.HasPrefix(m.Provision, "rome-statute/25/")
		if got := contains(art25.AppliesToModes, m.ID); got != under25 {
			t.Errorf("25(3 bis) applies to %s (provision %s): %v", m.ID, m.Provision, got)
		}
		if contains(art25.AppliesToModes, m.ID) && contains(other.AppliesToModes, m.ID) {
			t.Errorf("mode %s gets both leadership elements", m.ID)
		}
	}
	if !contains(other.AppliesToModes, "aid-abet.customary") {
		t.Error("customary aiding and abetting of aggression.icc (Special Tribunal) needs the unverified leadership element")
	}
}

// TestPreconditionsAreConditions: a precondition is a condition the forum needs satisfied, so that
// "met" means the forum may proceed. Wording that states a bar is carried only by the provision,
// and an element restating it is marked as a paraphrase.
func TestPreconditionsAreConditions(t *testing.T) {
	lib := mustLoad(t)
	bars := []string{"shall not", "no jurisdiction", "enjoys immunity", "unless", "does not accept such jurisdiction"}
	for _, f := range lib.Forums {
		for _, p := range f.Preconditions {
			low := strings.ToLower(p.Text)
			for _, b := range bars {
				if strings.Contains(low, b) {
					t.Errorf("%s: precondition worded as a bar (%q): %s", p.ID, b, p.Text)
				}
			}
			if p.ParaphraseOf != "" && !strings.Contains(p.String(), ParaphraseTag) {
				t.Errorf("%s: paraphrase not flagged: %s", p.ID, p.String())
			}
		}
	}
	for _, id := range []string{"icc.precondition.15bis5", "icc.precondition.15bis4"} {
		p, _ := lib.Precondition(id)
		pr, ok := lib.Provision(p.ParaphraseOf)
		if !ok || pr.Text == "" || p.QuotedFrom != "" {
			t.Errorf("%s: must paraphrase a provision carrying its own verbatim text (%+v)", id, p)
		}
	}
	// the two routes of ICC jurisdiction over aggression are alternatives in one group
	routes := map[string][]string{}
	icc, _ := lib.Forum("icc")
	for _, p := range icc.Preconditions {
		if p.Group == "icc.trigger" {
			for _, tr := range p.Triggers {
				routes[tr] = append(routes[tr], p.ID)
			}
		}
	}
	if len(routes["sc-referral"]) != 1 || !contains(routes["state-referral"], "icc.precondition.15bis5") || contains(routes["sc-referral"], "icc.precondition.15bis5") {
		t.Errorf("ICC trigger routes: %v", routes)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestLookups(t *testing.T) {
	lib := mustLoad(t)
	provs := []struct{ path, label, citation string }{
		{"rome-statute/25/3/c", "Article 25(3)(c)", "Rome Statute, art. 25(3)(c)"},
		{"rome-statute/8bis/2/a", "Article 8 bis(2)(a)", "Rome Statute, art. 8 bis(2)(a)"},
		{"rome-statute/25/3bis", "Article 25(3 bis)", "Rome Statute, art. 25(3 bis)"},
		{"rome-statute/15bis/5", "Article 15 bis(5)", "Rome Statute, art. 15 bis(5)"},
		{"rome-statute/28/b/iii", "Article 28(b)(iii)", "Rome Statute, art. 28(b)(iii)"},
		{"un-charter/2/4", "UN Charter, art. 2(4)", "UN Charter, art. 2(4)"},
		{"icc-eoc/8bis/elements/6", "Elements of Crimes, art. 8 bis, element 6", "Elements of Crimes, art. 8 bis, element 6"},
		{"ga-res-3314/1", "GA res. 3314 (XXIX), annex, art. 1 [unverified]", "GA res. 3314 (XXIX), annex, art. 1 [unverified]"},
		{"icty-statute/7/1", "ICTY Statute, art. 7(1) [unverified]", "ICTY Statute, art. 7(1) [unverified]"},
	}
	for _, tc := range provs {
		if _, ok := lib.Provision(tc.path); !ok {
			t.Errorf("Provision(%q) missing", tc.path)
		}
		if got := lib.Canonical(tc.path); got != tc.label {
			t.Errorf("Canonical(%q) = %q, want %q", tc.path, got, tc.label)
		}
		if got := lib.Citation(tc.path); got != tc.citation {
			t.Errorf("Citation(%q) = %q, want %q", tc.path, got, tc.citation)
		}
	}
	for _, missing := range []string{"rome-statute/25/c/3", "rome-statute/8bis/3", "un-charter/2/8", "nope/1"} {
		if _, ok := lib.Provision(missing); ok {
			t.Errorf("Provision(%q) found, want missing", missing)
		}
	}
	if lib.Canonical("nope/1") != "" {
		t.Error("Canonical of unknown instrument should be empty")
	}
	for _, id := range []string{"aggression.icc", "aggression.customary"} {
		if _, ok := lib.Crime(id); !ok {
			t.Errorf("Crime(%q) missing", id)
		}
	}
	for _, id := range []string{"perpetration.icc.direct", "perpetration.icc.co", "perpetration.icc.indirect", "order-solicit-induce.icc", "aid-abet.icc", "common-purpose.icc", "attempt.icc", "command.icc", "superior.icc", "aid-abet.customary"} {
		if _, ok := lib.Mode(id); !ok {
			t.Errorf("Mode(%q) missing", id)
		}
	}
	for _, id := range []string{"icc", "stca-ukraine", "national-uj"} {
		if _, ok := lib.Forum(id); !ok {
			t.Errorf("Forum(%q) missing", id)
		}
	}
	if _, ok := lib.Crime("genocide"); ok {
		t.Error("Crime(genocide) should be missing")
	}
	// Stable element ids that case bundles rely on.
	for id, owner := range map[string]string{
		"aggression.icc.e1":                     "crime aggression.icc",
		"aid-abet.icc.purpose":                  "mode aid-abet.icc",
		"aid-abet.customary.substantial-effect": "mode aid-abet.customary",
		"aid-abet.customary.knowledge":          "mode aid-abet.customary",
		"icc.precondition.15bis5":               "forum icc",
		"aggression.icc.leadership-25-3bis":     "crime aggression.icc",
	} {
		e, got, ok := lib.Element(id)
		if !ok || got != owner {
			t.Errorf("Element(%q) = %v owner %q, want owner %q", id, e, got, owner)
		}
	}
}

func TestStandards(t *testing.T) {
	lib := mustLoad(t)
	cases := []struct {
		stage, name, provision string
		rank                   int
	}{
		{"warrant", "reasonable grounds to believe", "rome-statute/58/1/a", 1},
		{"confirmation", "substantial grounds to believe", "rome-statute/61/7", 2},
		{"trial", "beyond reasonable doubt", "rome-statute/66/3", 3},
	}
	for _, tc := range cases {
		s, ok := lib.Standard(tc.stage)
		if !ok {
			t.Fatalf("Standard(%q) missing", tc.stage)
		}
		if s.Name != tc.name || s.Provision != tc.provision || s.Rank != tc.rank {
			t.Errorf("Standard(%q) = %+v", tc.stage, s)
		}
		if !strings.Contains(s.Text, tc.name) {
			t.Errorf("standard %s text %q does not state %q", tc.stage, s.Text, tc.name)
		}
	}
	if _, ok := lib.Standard("sentencing"); ok {
		t.Error("unknown stage found")
	}
}

func TestForums(t *testing.T) {
	lib := mustLoad(t)
	icc, _ := lib.Forum("icc")
	if !icc.AllowsMode("aid-abet.icc") || icc.AllowsMode("aid-abet.customary") {
		t.Error("ICC must allow 25(3)(c) and not the customary standard")
	}
	if !icc.AllowsCrime("aggression.icc") || icc.AllowsCrime("aggression.customary") {
		t.Error("ICC crime selection wrong")
	}
	if icc.Immunity == nil || icc.Immunity.Rule != ImmunityNoBar || icc.Immunity.QuotedFrom != "rome-statute/27/2" {
		t.Errorf("ICC immunity = %+v", icc.Immunity)
	}
	p, ok := lib.Precondition("icc.precondition.15bis5")
	if !ok || p.ParaphraseOf != "rome-statute/15bis/5" || p.Check == "" {
		t.Fatalf("15 bis(5) precondition = %+v", p)
	}
	for _, tc := range []struct {
		state string
		party bool
	}{{"PRK", false}, {"rus", false}, {"Ukraine", true}} {
		s, known := icc.StateParty(tc.state)
		if !known || s.Party != tc.party || !s.Unverified {
			t.Errorf("StateParty(%q) = %+v known=%v; want party=%v and unverified (not in shared texts)", tc.state, s, known, tc.party)
		}
	}
	if _, known := icc.StateParty("FRA"); known {
		t.Error("FRA should be unknown")
	}
	uj, _ := lib.Forum("national-uj")
	if uj.Immunity.Rule != ImmunityBarsWhileInOffice || !uj.Immunity.Unverified {
		t.Errorf("national-uj immunity = %+v", uj.Immunity)
	}
	if !uj.AllowsMode("aid-abet.customary") || uj.AllowsMode("aid-abet.icc") {
		t.Error("national-uj must use the customary standard only")
	}
	st, _ := lib.Forum("stca-ukraine")
	if !st.Unverified || !strings.HasSuffix(st.String(), UnverifiedTag) {
		t.Errorf("stca-ukraine must be flagged unverified: %q", st.String())
	}
}

// The ICC and customary aiding-and-abetting standards must stay distinct (DESIGN: never blend them).
func TestAidAbetStandardsDistinct(t *testing.T) {
	lib := mustLoad(t)
	icc, _ := lib.Mode("aid-abet.icc")
	cust, _ := lib.Mode("aid-abet.customary")
	has := func(m *Mode, frag string) bool {
		for _, e := range m.Elements {
			if strings.Contains(strings.ToLower(e.Text), frag) {
				return true
			}
		}
		return false
	}
	if !has(icc, "for the purpose of facilitating") || has(icc, "substantial effect") {
		t.Error("aid-abet.icc must require purpose and no substantial effect")
	}
	if !has(cust, "substantial effect") || !has(cust, "knowledge") || has(cust, "purpose of facilitating") {
		t.Error("aid-abet.customary must require substantial effect and knowledge, not purpose")
	}
	for _, e := range cust.Elements {
		if !e.Accessory || len(e.RelatesTo) == 0 || len(e.Authorities) == 0 {
			t.Errorf("%s: accessory=%v relates_to=%v authorities=%v", e.ID, e.Accessory, e.RelatesTo, e.Authorities)
		}
		for _, id := range e.Authorities {
			a, _ := lib.Authority(id)
			if a.Reliability != PrimaryExtract && !strings.Contains(a.String(), "["+a.Reliability+"]") {
				t.Errorf("authority %s does not show its class", id)
			}
		}
	}
}

func TestParseProvisionRef(t *testing.T) {
	lib := mustLoad(t)
	cases := []struct {
		in, want string
		kind     error
		suggest  string
	}{
		{"rome-statute/25/3/c", "rome-statute/25/3/c", nil, ""},
		{"Article 25(3)(c)", "rome-statute/25/3/c", nil, ""},
		{"article 25 (3) (c)", "rome-statute/25/3/c", nil, ""},
		{"Art. 25(3)(c)", "rome-statute/25/3/c", nil, ""},
		{"Rome Statute, art. 25(3)(c)", "rome-statute/25/3/c", nil, ""},
		{"Art. 8 bis(2)(a)", "rome-statute/8bis/2/a", nil, ""},
		{"Article 8bis(1)", "rome-statute/8bis/1", nil, ""},
		{"Article 8 bis, paragraph 2", "rome-statute/8bis/2", nil, ""},
		{"Article 25(3 bis)", "rome-statute/25/3bis", nil, ""},
		{"Article 25(3bis)", "rome-statute/25/3bis", nil, ""},
		{"Art. 15 bis(5)", "rome-statute/15bis/5", nil, ""},
		{"Article 15 ter", "rome-statute/15ter", nil, ""},
		{"Article 58(1)(a)", "rome-statute/58/1/a", nil, ""},
		{"Art. 66(3) of the Rome Statute", "rome-statute/66/3", nil, ""},
		{"25(3)(c)", "rome-statute/25/3/c", nil, ""},
		{"Article 2(4) of the UN Charter", "un-charter/2/4", nil, ""},
		{"U.N. Charter art. 51", "un-charter/51", nil, ""},
		{"UN Charter, art. 2(4)", "un-charter/2/4", nil, ""},
		{"un-charter/2/4", "un-charter/2/4", nil, ""},
		{"Elements of Crimes, art. 8 bis, element 3", "icc-eoc/8bis/elements/3", nil, ""},
		{"ICTY Statute art. 7(1)", "icty-statute/7/1", nil, ""},
		{"GA res. 3314, art. 3(f)", "ga-res-3314/3/f", nil, ""},
		{"article 25(c)(3)", "", ErrNoSuchProvision, "Article 25(3)(c)"},
		{"Article 25(3)(g)", "", ErrNoSuchProvision, ""},
		{"Art. 8 bis(2)(h)", "", ErrNoSuchProvision, ""},
		{"Article 8 bis(3)", "", ErrNoSuchProvision, ""},
		{"rome-statute/25/c/3", "", ErrNoSuchProvision, "Article 25(3)(c)"},
		{"Article 200", "", ErrNoSuchProvision, ""},
		{"Article 12", "rome-statute/12", ErrNotCarried, ""},
		{"Article 61(3)", "rome-statute/61/3", ErrNotCarried, ""},
		{"Article 5(2)", "rome-statute/5/2", ErrDeleted, ""},
		{"treaty/1/2", "", ErrUnknownInstrument, ""},
		{"hello world", "", ErrUnparsable, ""},
		{"", "", ErrUnparsable, ""},
		{"rome-statute/25/../3", "", ErrUnparsable, ""},
	}
	for _, tc := range cases {
		got, err := lib.ParseProvisionRef(tc.in)
		if got != tc.want {
			t.Errorf("ParseProvisionRef(%q) = %q, want %q (err %v)", tc.in, got, tc.want, err)
		}
		if tc.kind == nil {
			if err != nil {
				t.Errorf("ParseProvisionRef(%q) error %v", tc.in, err)
			}
			continue
		}
		if !errors.Is(err, tc.kind) {
			t.Errorf("ParseProvisionRef(%q) error %v, want %v", tc.in, err, tc.kind)
			continue
		}
		var re *RefError
		if !errors.As(err, &re) {
			t.Errorf("ParseProvisionRef(%q): error is not a *RefError", tc.in)
			continue
		}
		if re.Suggestion != tc.suggest {
			t.Errorf("ParseProvisionRef(%q) suggestion %q, want %q", tc.in, re.Suggestion, tc.suggest)
		}
	}
	_, err := lib.ParseProvisionRef("article 25(c)(3)")
	if err == nil || !strings.Contains(err.Error(), "no such provision") || !strings.Contains(err.Error(), "did you mean Article 25(3)(c)?") {
		t.Errorf("message for 25(c)(3) = %v", err)
	}
}

// Every provision that is carried parses back from its own label.
func TestLabelsRoundTrip(t *testing.T) {
	lib := mustLoad(t)
	for _, path := range lib.Provisions() {
		p, _ := lib.Provision(path)
		got, err := lib.ParseProvisionRef(p.Label)
		if got != path || (err != nil && !p.Deleted()) {
			t.Errorf("ParseProvisionRef(%q) = %q, %v; want %q", p.Label, got, err, path)
		}
	}
}

func sharedCorpus(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(testutil.SharedDir(t), "law")
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Skipf("no shared law texts in %s", dir)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\n")
	}
	return NormalizeCorpus(b.String())
}

// Every wording the library presents as legal text appears word for word in the shared law texts, or is
// marked unverified.
func TestVerbatimAgainstShared(t *testing.T) {
	corpus := sharedCorpus(t)
	lib := mustLoad(t)
	texts := lib.Texts()
	if len(texts) < 150 {
		t.Fatalf("only %d texts", len(texts))
	}
	for _, bad := range CheckVerbatim(texts, corpus) {
		t.Errorf("%s:%d: %s: text not found verbatim in the shared law texts and not marked unverified: %q", bad.File, bad.Line, bad.Where, bad.Text)
	}
	// The check can fail: a one-word change to a verified text, or a retyped passage, is caught.
	var verified []TextRef
	for _, tx := range texts {
		if !tx.Unverified && len(tx.Text) > 40 {
			verified = append(verified, tx)
		}
	}
	mut := append([]TextRef(nil), verified[:3]...)
	mut[0].Text = strings.Replace(mut[0].Text, "the", "a", 1)
	mut[1].Text = mut[1].Text + " and so on"
	mut[2].Text = strings.ToUpper(mut[2].Text[:1]) + "x" + mut[2].Text[1:]
	if got := CheckVerbatim(mut, corpus); len(got) != 3 {
		t.Errorf("mutated texts: %d flagged, want 3", len(got))
	}
}

// Every unverified wording is shown as such.
func TestUnverifiedFlagged(t *testing.T) {
	lib := mustLoad(t)
	var buf bytes.Buffer
	n := 0
	for _, in := range lib.Instruments {
		for _, p := range in.Provisions {
			if p.Unverified {
				n++
				if !strings.HasSuffix(p.String(), UnverifiedTag) || !strings.HasSuffix(lib.Canonical(p.Path), UnverifiedTag) {
					t.Errorf("%s not flagged: %q", p.Path, p.String())
				}
			}
		}
	}
	for _, id := range []string{"aggression.customary.e1", "national-uj.precondition.immunity-ratione-personae", "perpetration.icc.co.common-plan"} {
		e, _, _ := lib.Element(id)
		if !e.Unverified || !strings.HasSuffix(e.String(), UnverifiedTag) {
			t.Errorf("%s not flagged", id)
		}
		buf.Reset()
		if err := Describe(&buf, lib, id, false); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), UnverifiedTag) {
			t.Errorf("Describe(%s) does not flag unverified wording:\n%s", id, buf.String())
		}
	}
	if n < 20 {
		t.Errorf("only %d unverified provisions", n)
	}
}

func TestStrictDecodingErrors(t *testing.T) {
	base := func(extra string) fstest.MapFS {
		return fstest.MapFS{
			"a.yaml": {Data: []byte(`instruments:
- id: inst
  title: Test
  short_title: Test
  label_prefix: 'Article '
  citation_prefix: 'Test, art. '
  default: true
  sources: [here]
  provisions:
  - path: '1'
    text: The quick brown fox.
    source: here
authorities:
- id: auth
  case: X v. Y
  pinpoint: para. 1
  text: Jumps over the lazy dog.
  reliability: DIGEST
  source: there
means_of_proof:
- id: m
  description: a means
`)},
			"b.yaml": {Data: []byte(extra)},
		}
	}
	okCrime := `crimes:
- id: c
  name: C
  family: c
  elements:
  - id: c.e1
    type: conduct
    text: quick brown fox
    quoted_from: inst/1
`
	if _, err := LoadFS(base(okCrime)); err != nil {
		t.Fatalf("valid data rejected: %v", err)
	}
	cases := []struct{ name, yaml, want string }{
		{"unknown top-level", "crime: []\n", "b.yaml:1: crime: unknown field"},
		{"unknown nested", strings.Replace(okCrime, "    type: conduct", "    type: conduct\n    txt: x", 1), "b.yaml:8: crimes[0].elements[0].txt: unknown field"},
		{"bad provision ref", strings.Replace(okCrime, "quoted_from: inst/1", "quoted_from: inst/1\n    provisions: [inst/2]", 1), "b.yaml:10: provisions[0]: unknown provision \"inst/2\""},
		{"bad authority ref", strings.Replace(okCrime, "quoted_from: inst/1", "quoted_from: inst/1\n    authorities: [nobody]", 1), "b.yaml:10: authorities[0]: unknown authority \"nobody\""},
		{"bad means ref", strings.Replace(okCrime, "quoted_from: inst/1", "quoted_from: inst/1\n    means: [zzz]", 1), "b.yaml:10: means[0]: unknown means of proof \"zzz\""},
		{"not verbatim", strings.Replace(okCrime, "quick brown fox", "quick red fox", 1), "b.yaml:8: text: text is not quoted word for word from inst/1"},
		{"quote from authority", strings.Replace(strings.Replace(okCrime, "quick brown fox", "the lazy dog", 1), "inst/1", "auth", 1), ""},
		{"unverified needs note", strings.Replace(okCrime, "    quoted_from: inst/1\n", "    unverified: true\n", 1), "b.yaml:6: note: unverified wording without a note"},
		{"bad type", strings.Replace(okCrime, "type: conduct", "type: act", 1), "b.yaml:7: type: unknown element type \"act\""},
		{"duplicate element", okCrime + "  - id: c.e1\n    type: mental\n    text: x\n    unverified: true\n    note: n\n", "b.yaml:10: id: duplicate element id \"c.e1\""},
		{"yaml syntax", "crimes: [\n", "b.yaml:"},
		{"wrong type", "crimes:\n- id: c\n  elements: 3\n", "b.yaml:3: "},
		{"bad relates_to", "modes:\n- id: m1\n  name: M\n  elements:\n  - id: m1.a\n    type: conduct\n    text: fox\n    quoted_from: inst/1\n    relates_to: [principal:nothing]\n", "b.yaml:9: relates_to[0]: unknown element or selector"},
		{"forum refs", "forums:\n- id: f\n  name: F\n  crimes: [nope]\n  modes: [none]\n  standards: [trial]\n", "b.yaml:4: crimes[0]: unknown crime \"nope\""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadFS(base(tc.yaml))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

// LoadWith adds a user's law directory to the embedded library; a new crime is a YAML change only.
func TestLoadWithExtraCrime(t *testing.T) {
	extra := fstest.MapFS{"genocide.yaml": {Data: []byte(`crimes:
- id: genocide.test
  name: Test crime
  family: test
  unverified: true
  note: test only
  elements:
  - id: genocide.test.e1
    number: 1
    type: conduct
    text: The perpetrator planned, prepared, initiated or executed an act of aggression.
    quoted_from: icc-eoc/8bis/elements/1
    means: [official-statement]
`)}}
	lib, err := LoadWith(extra)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := lib.Crime("genocide.test"); !ok {
		t.Fatal("extra crime not loaded")
	}
	clash := fstest.MapFS{"x.yaml": {Data: []byte("modes:\n- id: aid-abet.icc\n  name: again\n  elements:\n  - id: x.e\n    type: conduct\n    text: t\n    unverified: true\n    note: n\n")}}
	if _, err := LoadWith(clash); err == nil || !strings.Contains(err.Error(), `x.yaml:2: id: duplicate mode "aid-abet.icc"`) {
		t.Errorf("clash error = %v", err)
	}
}

func TestDescribeGolden(t *testing.T) {
	lib := mustLoad(t)
	for _, tc := range []struct {
		name, what string
		json       bool
	}{
		{"overview", "", false},
		{"crime-aggression-icc", "aggression.icc", false},
		{"mode-aid-abet-customary", "aid-abet.customary", false},
		{"forum-icc", "icc", false},
		{"forum-national-uj", "national-uj", false},
		{"provision-25-3-c", "Article 25(3)(c)", false},
		{"standards", "standards", false},
		{"standard-trial-json", "trial", true},
		{"authority-taylor-json", "taylor-tc-482", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Describe(&buf, lib, tc.what, tc.json); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "describe-"+tc.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("Describe(%q) differs from %s; run go test -update and review the diff", tc.what, golden)
			}
		})
	}
	var buf bytes.Buffer
	err := Describe(&buf, lib, "article 25(c)(3)", false)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "Article 25(3)(c)") {
		t.Errorf("Describe(25(c)(3)) = %v", err)
	}
	if err := Describe(&buf, lib, "no-such-thing", true); !errors.Is(err, ErrNotFound) {
		t.Errorf("Describe(unknown) = %v", err)
	}
}

func FuzzParseProvisionRef(f *testing.F) {
	for _, s := range []string{"Article 25(3)(c)", "article 25(c)(3)", "Art. 8 bis(2)(a)", "rome-statute/25/3bis", "UN Charter art. 2(4)", "Article 8 bis, paragraph 2", "25(3 bis)", "(((", "Article 99999999999999999999", "rome-statute//", "GA res. 3314, art. 3(f)"} {
		f.Add(s)
	}
	lib, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		path, err := lib.ParseProvisionRef(s)
		if err == nil {
			p, ok := lib.Provision(path)
			if !ok {
				t.Fatalf("ParseProvisionRef(%q) = %q without error, but no such provision", s, path)
			}
			back, err2 := lib.ParseProvisionRef(p.Label)
			if back != path || err2 != nil {
				t.Fatalf("round trip %q -> %q -> %q, %v", s, path, back, err2)
			}
			return
		}
		var re *RefError
		if !errors.As(err, &re) || err.Error() == "" {
			t.Fatalf("ParseProvisionRef(%q): error %v is not a *RefError", s, err)
		}
	})
}
