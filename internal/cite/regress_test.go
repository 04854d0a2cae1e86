package cite

import "testing"

// TestParseDraftForms: forms dossier's own drafts write, which the linter misread.
func TestParseDraftForms(t *testing.T) {
	tests := []struct {
		name, in       string
		kind           Kind
		title, contain string
		locator        string
		authors        int
	}{
		{"lower-case id. after a semicolon", "*id.*, section II.", KindID, "", "", "section II", 0},
		{"encyclopedia entry without italics (DOCX, plain text)", "Kim Jong-Un, Encyclopædia Britannica, https://www.britannica.com/biography/Kim-Jong-Eun (last visited July 29, 2025).",
			KindEncyclopedia, "Kim Jong-Un", "Encyclopædia Britannica", "", 0},
		{"encyclopedia entry with italics", "*Kim Jong-Un*, Encyclopædia Britannica, https://www.britannica.com/biography/Kim-Jong-Eun (last visited July 29, 2025).",
			KindEncyclopedia, "Kim Jong-Un", "Encyclopædia Britannica", "", 0},
		{"article with a bis paragraph", "Rome Statute, art. 25(3 bis).", KindStatute, "Rome Statute", "", "art. 25(3 bis)", 0},
		{"Elements of Crimes element", "Elements of Crimes, art. 8 bis, element 2.", KindStatute, "Elements of Crimes", "", "art. 8 bis, element 2", 0},
		{"person as author still read", "Jim Garamone, *Pentagon Says 10K North Korean Troops in Kursk Oblast*, DOD News (Nov. 4, 2024), https://www.defense.gov/x.",
			KindNews, "Pentagon Says 10K North Korean Troops in Kursk Oblast", "DOD News", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Parse(tt.in)
			if c.Kind != tt.kind || c.Title != tt.title || c.Container != tt.contain || c.Locator != tt.locator || len(c.Authors) != tt.authors {
				t.Errorf("Parse(%q) = kind %s, title %q, container %q, locator %q, authors %q", tt.in, c.Kind, c.Title, c.Container, c.Locator, c.Authors)
			}
		})
	}
}

// TestSupraByAuthorName: "Institution, supra note N" and "A & B, supra note N" resolve to the
// work of that author in a footnote citing several works, not to the first one.
func TestSupraByAuthorName(t *testing.T) {
	notes := []Note{
		{Number: 1, Text: "Jim Garamone, *Pentagon Says 10K Troops*, DOD News (Nov. 4, 2024), https://www.defense.gov/x; Sang-Hun Choe & Paul Sonne, *Putin and Kim Sign Pact*, The New York Times (June 19, 2024), https://www.nytimes.com/y; Ukraine Accountability Project, *Holding Heads of State Accountable*, indictment para. 11 (Global Accountability Network Sept. 2025)."},
		{Number: 2, Text: "Ukraine Accountability Project, *supra* note 1, indictment para. 12."},
		{Number: 3, Text: "Choe & Sonne, *supra* note 1; *id.*, at 3."},
	}
	res := ParseNotes(notes)
	want := map[[2]int]int{{2, 0}: 2, {3, 0}: 1, {3, 1}: 1} // (footnote, index) -> index in footnote 1
	for _, c := range res.Citations {
		w, ok := want[[2]int{c.Footnote, c.Index}]
		if !ok {
			continue
		}
		if c.RefersTo == nil || c.RefersTo.Footnote != 1 || c.RefersTo.Index != w {
			t.Errorf("footnote %d citation %d (%q) refers to %+v, want footnote 1 citation %d", c.Footnote, c.Index, c.Raw, c.RefersTo, w)
		}
	}
}
