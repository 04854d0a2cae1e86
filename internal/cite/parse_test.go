package cite

import (
	"strings"
	"testing"
)

func TestSplitCitations(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"A, *B; C*, D (2020); E, F (2021).", []string{"A, *B; C*, D (2020)", "E, F (2021)."}},
		{`A, "Title; Subtitle", R (2020); B`, []string{`A, "Title; Subtitle", R (2020)`, "B"}},
		{"X (a; b) y; z", []string{"X (a; b) y", "z"}},
		{"Aiding and abetting is a form of liability. <u>See</u> ICTY, X, para. 5.", []string{"Aiding and abetting is a form of liability.", "<u>See</u> ICTY, X, para. 5."}},
		{"Ukraine &amp; Russia; B", []string{"Ukraine & Russia", "B"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := SplitCitations(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("SplitCitations(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		in   string
		code string
		url  string
	}{
		{"S.C. Res. 2270, U.N. Doc. S/RES/2270 (Mar. 2, 2016), https://undocs.org/S/RES/2270 (2016) (last visited July 29, 2025).", ProbURLSpace, "https://undocs.org/S/RES/2270(2016)"},
		{"S.C. Res. 2094 (Mar. 7, 2013), https://undocs.org/S/RES/2094(2013)) (last visited July 29, 2025)", ProbURLParen, "https://undocs.org/S/RES/2094(2013)"},
		{`T, The Guardian (July 1, 2025), https://www.theguardian.com/a">https://www.theguardian.com/a (last visited July 29, 2025).`, ProbURLHTML, "https://www.theguardian.com/a"},
		{`A B, T, X (May 17, 2023), <a href="https://cfr.org/x">https://cfr.org/x (last visited July 29, 2025)`, ProbHTML, "https://cfr.org/x"},
		{"The Guardian (July 1, 2025), https://exa mple", ProbURLInvalid, ""},
		{"??? ... ;;", ProbUnparsed, ""},
	}
	for _, tt := range tests {
		c := Parse(tt.in)
		if !c.Has(tt.code) {
			t.Errorf("Parse(%q): problems %v, want %s", tt.in, c.Problems, tt.code)
		}
		if tt.url != "" && c.URL != tt.url {
			t.Errorf("Parse(%q).URL = %q, want %q", tt.in, c.URL, tt.url)
		}
	}
	// A well-formed URL in parentheses is not a problem.
	c := Parse("A B, *T*, R (2020) (available at https://x.org/a_(b))")
	if c.Has(ProbURLParen) || c.URL != "https://x.org/a_(b)" {
		t.Errorf("parenthesised URL: %q %v", c.URL, c.Problems)
	}
}

func TestParseNotesResolveAndMerge(t *testing.T) {
	notes := []Note{
		{Number: 1, Text: "Lindsay Maizland, *North Korea's Power Structure*, Council on Foreign Rels. (May 17, 2023), https://www.cfr.org/backgrounder/north-koreas-power-structure."},
		{Number: 2, Text: "*Id.* at 4."},
		{Number: 3, Text: "Tom Balmforth & Mariano Zafra, *Inside North Korea's Vast Operation*, Reuters (Apr. 15, 2025), https://www.reuters.com/graphics/x/; S.C. Res. 2270, U.N. Doc. S/RES/2270 (Mar. 2, 2016)."},
		{Number: 4, Text: "Id."},
		{Number: 5, Text: "Maizland, supra note 1, at 7."},
		{Number: 6, Text: "Lindsay Maizland, North Korea's Power Structure, Council on Foreign Rels. (May 17, 2023), https://cfr.org/backgrounder/north-koreas-power-structure/ (last visited July 29, 2025)."},
		{Number: 7, Text: "Tessa Wong, Another Title Entirely, BBC News. (Jun. 19, 2024) https://www.reuters.com/graphics/x."},
		{Number: 8, Text: "Someone, supra note 9."},
	}
	r := ParseNotes(notes)
	byNote := map[int][]Citation{}
	for _, c := range r.Citations {
		byNote[c.Footnote] = append(byNote[c.Footnote], c)
	}
	id := byNote[2][0]
	if id.Kind != KindID || id.RefersTo == nil || id.RefersTo.Footnote != 1 || id.Locator != "4" {
		t.Errorf("Id. = %+v", id)
	}
	if amb := byNote[4][0]; !amb.Has(ProbIDAmbiguous) {
		t.Errorf("Id. after two sources should be ambiguous: %+v", amb)
	}
	sup := byNote[5][0]
	if sup.Kind != KindShort || sup.RefersTo == nil || sup.RefersTo.Footnote != 1 || sup.Locator != "7" {
		t.Errorf("supra = %+v", sup)
	}
	if bad := byNote[8][0]; !bad.Has(ProbSupraAhead) && !bad.Has(ProbSupraNone) {
		t.Errorf("supra note 9 from footnote 8 should be flagged: %+v", bad)
	}
	// Maizland: footnotes 1, 2 (Id.), 5 (supra) and 6 (full, URL with slash and no www) are one work.
	w := r.Works[byNote[1][0].Work]
	var fns []int
	for _, p := range w.Cited {
		fns = append(fns, p.Footnote)
	}
	if len(fns) != 4 || fns[0] != 1 || fns[1] != 2 || fns[2] != 5 || fns[3] != 6 {
		t.Errorf("Maizland cited in %v", fns)
	}
	if w.Title != "North Korea's Power Structure" || w.Issued != "2023-05-17" || w.Accessed != "2025-07-29" {
		t.Errorf("work fields = %+v", w)
	}
	// Same URL, different title: merged into one work that records both titles.
	w3 := r.Works[byNote[3][0].Work]
	if len(w3.Titles) != 2 {
		t.Errorf("work of fn 3 titles = %q", w3.Titles)
	}
	if r.Works[byNote[3][1].Work].Symbol != "S/RES/2270" {
		t.Errorf("UN work = %+v", r.Works[byNote[3][1].Work])
	}
}

func TestFindDates(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"On June 19, 2024, President Putin visited", []string{"2024-06-19"}},
		{"signed 24 June 2025 and Sept. 2003", []string{"2025-06-24", "2003-09"}},
		{"Since late 2024 or early 2025, reports", []string{"2024-09-01/2024-12-31", "2025-01-01/2025-04-30"}},
		{"In 2016 and 2017, Russia", []string{"2016", "2017"}},
		{"may 2019 be", []string{"2019"}},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range FindDates(tt.in, true) {
			got = append(got, d.EDTF)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("FindDates(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if e, l, ok := EDTFBounds("2024-02"); !ok || e.Day() != 1 || l.Day() != 29 {
		t.Errorf("EDTFBounds(2024-02) = %v %v %v", e, l, ok)
	}
	if _, _, ok := EDTFBounds("20x4"); ok {
		t.Error("EDTFBounds accepted garbage")
	}
}

func TestNormURL(t *testing.T) {
	a := NormURL("https://www.reuters.com/world/about-600/?utm_source=x")
	b := NormURL("http://reuters.com/world/about-600")
	if a != b {
		t.Errorf("%q != %q", a, b)
	}
	if NormURL("https://bbc.com/a") == NormURL("https://bbc.com/b") {
		t.Error("different paths normalised equal")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Emma Chanlett-Avery et al., *North Korea: U.S. Relations*, Cong. Rsch. Serv., R41259, at 14 (updated May 10, 2022), https://crsreports.congress.gov/product/pdf/R/R41259 (last visited July 29, 2025); Kim Jong-Un, *Encyclopædia Britannica*, https://www.britannica.com/x",
		"*Id.* at 3", "Heller, supra note 4, at 15–16.", "Prosecutor v Tadić (Judgment) IT-94-1-A (15 July 1999) para 229",
		"Smith, J., & Lee, K. (2025, April 28). Title. Reuters. https://r.com/x", "'a' b (c, 1 May 2020) <https://x.y> accessed 2 May 2020",
		"https://undocs.org/S/RES/2270 (2016))\">", "(((;;**\"\"''", "S.C. Res. 2270 (2016)", "*", "(2020)", "at 5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseNotes([]Note{{Number: 1, Text: s}, {Number: 2, Text: "Id."}, {Number: 3, Text: s}})
		for _, c := range r.Citations {
			if c.Work >= len(r.Works) {
				t.Fatalf("work index %d of %d", c.Work, len(r.Works))
			}
			if c.Raw == "" && c.Parsed() && strings.TrimSpace(s) != "" && c.Kind != KindNote {
				t.Fatalf("parsed citation lost its raw text: %+v", c)
			}
		}
	})
}
