package model

import (
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func w(t *testing.T, s string) When {
	t.Helper()
	x, err := ParseWhen(s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func base(t *testing.T) *Bundle {
	return &Bundle{
		Case:    Case{ID: "c", Title: "Case", Accused: []string{"kim"}},
		Actors:  []Actor{{ID: "kim", Kind: Person, Name: "Kim"}, {ID: "dprk", Kind: State, Name: "DPRK"}},
		Sources: []Source{{ID: "s", Kind: News, Title: "T", Issued: w(t, "2024-11-04"), URL: "https://example.org/a", Reliability: "B"}},
		Facts: []Fact{{ID: "f", Statement: "S", When: w(t, "2024-10"), Credibility: 2,
			Actors: []Role{{Actor: "dprk"}}, Excerpts: []Excerpt{{Source: "s", Pinpoint: "headline"}}}},
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(b *Bundle)
		want   string // substring of the single error; "" = valid
	}{
		{"valid", func(b *Bundle) {}, ""},
		{"duplicate id", func(b *Bundle) { b.Actors = append(b.Actors, Actor{ID: "kim", Kind: Person, Name: "K2"}) }, `actor kim: id: duplicate id "kim"`},
		{"bad id", func(b *Bundle) { b.Actors = append(b.Actors, Actor{ID: "Bad ID", Kind: Person, Name: "X"}) }, "is not valid"},
		{"unknown actor with hint", func(b *Bundle) { b.Facts[0].Actors[0].Actor = "dprkk" }, `unknown actor "dprkk" (did you mean "dprk"?)`},
		{"unknown source", func(b *Bundle) { b.Facts[0].Excerpts[0].Source = "nope" }, `unknown source "nope"`},
		{"no excerpt", func(b *Bundle) { b.Facts[0].Excerpts = nil }, "at least one excerpt"},
		{"credibility range", func(b *Bundle) { b.Facts[0].Credibility = 7 }, "outside 1–6"},
		{"reliability grade", func(b *Bundle) { b.Sources[0].Reliability = "G" }, "not a grade A–F"},
		{"source before event", func(b *Bundle) { b.Facts[0].When = w(t, "2025-04") }, "before the event it is cited for"},
		{"uncertain event overlapping publication is fine", func(b *Bundle) { b.Facts[0].When = w(t, "2024") }, ""},
		{"contradicting earlier source is fine", func(b *Bundle) {
			b.Facts[0].When = w(t, "2025-04")
			b.Facts[0].Excerpts = append(b.Facts[0].Excerpts, Excerpt{Source: "s", Stance: Contradicts, Pinpoint: "p"})
			b.Facts[0].Excerpts = b.Facts[0].Excerpts[1:]
		}, ""},
		{"malformed URL", func(b *Bundle) { b.Sources[0].URL = "https://undocs.org/S/RES/2270 (2016)" }, "malformed URL"},
		{"figure both", func(b *Bundle) {
			v := 1.0
			b.Facts[0].Figures = []Figure{{Measure: "m", Unit: "troops", Value: &v, Min: &v}}
		}, "either value or min/max"},
		{"figure min>max", func(b *Bundle) {
			lo, hi := 60.0, 40.0
			b.Facts[0].Figures = []Figure{{Measure: "m", Unit: "percent", Min: &lo, Max: &hi}}
		}, "greater than max"},
		{"figure qualifier", func(b *Bundle) {
			v := 1.0
			b.Facts[0].Figures = []Figure{{Measure: "m", Unit: "x", Value: &v, Qualifier: "roughly"}}
		}, `unknown qualifier "roughly"`},
		{"accused unknown", func(b *Bundle) { b.Case.Accused = []string{"putin"} }, `unknown actor "putin"`},
		{"confidentiality", func(b *Bundle) { b.Facts[0].Confidentiality = "secret" }, `unknown level "secret"`},
		{"finding to unknown fact", func(b *Bundle) {
			b.Charges = []Charge{{ID: "count-1", Accused: "kim", Crime: "x", Mode: "y", Forum: "z"}}
			b.Findings = []Finding{{ID: "g", Charge: "count-1", Element: "e", Fact: "nope", Stance: Supports, Reason: "r"}}
		}, `unknown fact "nope"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := base(t)
			c.mutate(b)
			errs := Errors(Validate(b, nil))
			if c.want == "" {
				if len(errs) != 0 {
					t.Fatalf("unexpected problems: %v", errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("want one problem containing %q, got %v", c.want, errs)
			}
			if !strings.Contains(errs[0].Error(), c.want) {
				t.Fatalf("got %q, want containing %q", errs[0].Error(), c.want)
			}
		})
	}
}

func TestWhenForms(t *testing.T) {
	var a struct {
		Born When `yaml:"born"`
	}
	if err := yaml.Unmarshal([]byte("born: {edtf: \"[1982-01-08,1983-01-08,1984-01-08]\", text: \"8 January, between 1982 and 1984\"}\n"), &a); err != nil {
		t.Fatal(err)
	}
	if a.Born.EDTF.String() != "[1982-01-08,1983-01-08,1984-01-08]" || a.Born.Text == "" {
		t.Fatalf("got %+v", a.Born)
	}
	out, err := yaml.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "text: 8 January, between 1982 and 1984") {
		t.Errorf("yaml lost the wording: %s", out)
	}
	j, err := json.Marshal(a.Born)
	if err != nil {
		t.Fatal(err)
	}
	var back When
	if err := json.Unmarshal(j, &back); err != nil || back.EDTF != a.Born.EDTF || back.Text != a.Born.Text {
		t.Fatalf("json round trip: %s → %+v (%v)", j, back, err)
	}
	if !strings.Contains(string(j), `"earliest":"1982-01-08"`) || !strings.Contains(string(j), `"latest":"1984-01-08"`) {
		t.Errorf("json lacks bounds: %s", j)
	}
	if err := yaml.Unmarshal([]byte("born: 2024-13\n"), &a); err == nil {
		t.Error("a broken date must be an error")
	}
}

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"Luhansk", "Luthansk", 1}, {"Donetsk", "Donesk", 1}, {"", "abc", 3}, {"DPRK", "PDRK", 2}, {"same", "same", 0}} {
		if got := Levenshtein(c.a, c.b); got != c.d {
			t.Errorf("Levenshtein(%q,%q)=%d want %d", c.a, c.b, got, c.d)
		}
	}
}

// The hand-written JSON of a date matches what encoding/json would write for the same fields.
func TestWhenJSONMatchesEncodingJSON(t *testing.T) {
	type ref struct {
		EDTF     string `json:"edtf"`
		Text     string `json:"text,omitempty"`
		Earliest string `json:"earliest,omitempty"`
		Latest   string `json:"latest,omitempty"`
	}
	for _, c := range []struct{ edtf, text string }{
		{"2024-06-19", ""}, {"[1982-01-08,1983-01-08,1984-01-08]", "8 January, between 1982 and 1984"},
		{"2024-06/..", "from June <2024> & \"on\""}, {"2023-24~", "winter\n\t\u2028\x01\b\f é \xff"}, {"", "undated"},
	} {
		w, err := ParseWhen(c.edtf)
		if err != nil {
			t.Fatal(err)
		}
		w.Text = c.text
		r := ref{EDTF: c.edtf, Text: c.text}
		if d, ok := w.EDTF.Earliest(); ok && !w.EDTF.IsZero() {
			r.Earliest = d.String()
		}
		if d, ok := w.EDTF.Latest(); ok && !w.EDTF.IsZero() {
			r.Latest = d.String()
		}
		want, _ := json.Marshal(r)
		got, err := w.MarshalJSON()
		if err != nil || string(got) != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", c.edtf, got, want)
		}
	}
}

// The direct reader of a date's JSON agrees with encoding/json wherever it accepts the input.
func FuzzScanWhenJSON(f *testing.F) {
	for _, s := range []string{`{"edtf":"2024-06-19"}`, `{"edtf":"2024","text":"late 2024","earliest":"2024-01-01","latest":"2024-12-31"}`,
		`{"edtf":"2024","text":"a \"q\""}`, `{"edtf":"2024","x":"y"}`, `{}`, `{"edtf":1}`, `{"edtf":"2024",}`, `{"text":"é\u2028"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := scanWhenJSON([]byte(s))
		if !ok {
			return
		}
		var want whenJSON
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("scan accepted %q, encoding/json refuses it: %v", s, err)
		}
		if got.EDTF != want.EDTF || got.Text != want.Text {
			t.Fatalf("%q: scan %+v, encoding/json %+v", s, got, want)
		}
	})
}

func TestWhenJSONRoundTripFastPath(t *testing.T) {
	for _, c := range []string{"2024-06-19", "[1982-01-08,1983-01-08,1984-01-08]", "2023-24~"} {
		w := When{EDTF: mustWhen(t, c).EDTF, Text: "wording <&> é"}
		b, _ := w.MarshalJSON()
		var back When
		if err := back.UnmarshalJSON(b); err != nil || back != w {
			t.Fatalf("%s: %+v %v", b, back, err)
		}
	}
}

func mustWhen(t *testing.T, s string) When {
	t.Helper()
	w, err := ParseWhen(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
