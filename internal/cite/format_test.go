package cite

import (
	"strings"
	"testing"

	"dossier/internal/model"
)

func fmtWhen(t *testing.T, s string) model.When {
	t.Helper()
	w, err := model.ParseWhen(s)
	if err != nil {
		t.Fatalf("ParseWhen(%q): %v", s, err)
	}
	return w
}

func fmtSources(t *testing.T) map[string]*model.Source {
	return map[string]*model.Source{
		"res": {ID: "res", Kind: model.UNDocument, Title: "Security Council resolution 2270 (2016)",
			Author: []model.CSLName{{Literal: "United Nations Security Council"}}, Number: "S/RES/2270(2016)",
			Issued: fmtWhen(t, "2016-03-02")},
		"poe": {ID: "poe", Kind: model.UNDocument, Title: "Report of the Panel of Experts",
			Author: []model.CSLName{{Literal: "Panel of Experts"}}, Number: "S/2013/337", Issued: fmtWhen(t, "2013-06-11"),
			URL: "https://undocs.org/S/2013/337", Accessed: fmtWhen(t, "2025-07-29")},
		"news": {ID: "news", Kind: model.News, Title: "Kim Jong-un Named North Korea Leader",
			Author: []model.CSLName{{Family: "McCurry", Given: "Justin"}}, ContainerTitle: "The Guardian",
			Issued: fmtWhen(t, "2011-12-19"), URL: "https://example.org/named", Accessed: fmtWhen(t, "2025-07-29")},
		"two": {ID: "two", Kind: model.News, Title: "Inside the Operation: A Report",
			Author: []model.CSLName{{Family: "Balmforth", Given: "Tom"}, {Family: "Zafra", Given: "Mariano"}}, ContainerTitle: "Reuters",
			Issued: fmtWhen(t, "2025-04-15")},
		"three": {ID: "three", Kind: model.Report, Title: "Behind Shuttered Borders",
			Author:    []model.CSLName{{Family: "Cha", Given: "Victor"}, {Family: "Katz", Given: "Katrin"}, {Family: "Ji", Given: "Seiyeon"}, {Family: "Doe", Given: "Jane"}},
			Publisher: "CSIS", Issued: fmtWhen(t, "2025-06")},
		"enc": {ID: "enc", Kind: model.Encyclopedia, Title: "Kim Jong-Un", ContainerTitle: "Encyclopædia Britannica",
			URL: "https://www.britannica.com/biography/Kim-Jong-Eun", Accessed: fmtWhen(t, "2025-07-29")},
		"unc":  {ID: "unc", Kind: model.News, Title: "Borders Sealed", ContainerTitle: "Daily", Issued: fmtWhen(t, "2020?")},
		"appr": {ID: "appr", Kind: model.Report, Title: "Estimates", Publisher: "Institute", Issued: fmtWhen(t, "2024-06~")},
	}
}

func TestFullCitations(t *testing.T) {
	src := fmtSources(t)
	tests := []struct {
		name, id, pin string
		style         Style
		want          string
	}{
		{"bb resolution by symbol", "res", "", Bluebook, "S.C. Res. 2270, U.N. Doc. S/RES/2270 (Mar. 2, 2016)"},
		{"oscola resolution by symbol", "res", "", OSCOLA, "UNSC Res 2270 (2 March 2016) UN Doc S/RES/2270"},
		{"bb UN document with pinpoint", "poe", "at 12", Bluebook, "Panel of Experts, Report of the Panel of Experts, U.N. Doc. S/2013/337, at 12 (June 11, 2013), https://undocs.org/S/2013/337"},
		{"oscola UN document with pinpoint", "poe", "at 12", OSCOLA, "Panel of Experts, Report of the Panel of Experts (11 June 2013) UN Doc S/2013/337, 12 <https://undocs.org/S/2013/337> accessed 29 July 2025"},
		{"bb dated web source has no last visited", "news", "", Bluebook, "Justin McCurry, Kim Jong-un Named North Korea Leader, The Guardian (Dec. 19, 2011), https://example.org/named"},
		{"oscola news with accessed", "news", "", OSCOLA, "Justin McCurry, ‘Kim Jong-un Named North Korea Leader’ (The Guardian, 19 December 2011) <https://example.org/named> accessed 29 July 2025"},
		{"bb undated web source gets last visited", "enc", "", Bluebook, "Kim Jong-Un, Encyclopædia Britannica, https://www.britannica.com/biography/Kim-Jong-Eun (last visited July 29, 2025)"},
		{"oscola undated web source", "enc", "", OSCOLA, "‘Kim Jong-Un’ (Encyclopædia Britannica) <https://www.britannica.com/biography/Kim-Jong-Eun> accessed 29 July 2025"},
		{"bb two authors", "two", "", Bluebook, "Tom Balmforth & Mariano Zafra, Inside the Operation: A Report, Reuters (Apr. 15, 2025)"},
		{"oscola two authors", "two", "", OSCOLA, "Tom Balmforth and Mariano Zafra, ‘Inside the Operation: A Report’ (Reuters, 15 April 2025)"},
		{"bb four authors et al, report publisher in parens", "three", "p. 4", Bluebook, "Victor Cha et al., Behind Shuttered Borders, at 4 (CSIS June 2025)"},
		{"oscola four authors and others", "three", "p. 4", OSCOLA, "Victor Cha and others, Behind Shuttered Borders (CSIS June 2025) 4"},
		{"bb uncertain date stays uncertain", "unc", "", Bluebook, "Borders Sealed, Daily (2020 (uncertain))"},
		{"oscola approximate date stays approximate", "appr", "", OSCOLA, "Estimates (Institute about June 2024)"},
		{"bb paragraph pinpoint", "news", "para. 3", Bluebook, "Justin McCurry, Kim Jong-un Named North Korea Leader, The Guardian, ¶ 3 (Dec. 19, 2011), https://example.org/named"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlainText(Full(tt.style, src[tt.id], tt.pin))
			if got != tt.want {
				t.Errorf("Full(%s, %s, %q)\n got %q\nwant %q", tt.style, tt.id, tt.pin, got, tt.want)
			}
		})
	}
}

func TestItalics(t *testing.T) {
	src := fmtSources(t)
	spans := Full(Bluebook, src["news"], "")
	var italic []string
	var links []string
	for _, s := range spans {
		if s.Italic {
			italic = append(italic, s.Text)
		}
		if s.URL != "" {
			links = append(links, s.URL)
		}
	}
	if strings.Join(italic, "|") != "Kim Jong-un Named North Korea Leader" {
		t.Errorf("Bluebook italic runs = %q, want the title only", italic)
	}
	if strings.Join(links, "|") != "https://example.org/named" {
		t.Errorf("links = %q", links)
	}
	// OSCOLA puts an article title in quotes, not italics; a report title is italic.
	for _, s := range Full(OSCOLA, src["news"], "") {
		if s.Italic {
			t.Errorf("OSCOLA news citation has italic run %q", s.Text)
		}
	}
	found := false
	for _, s := range Full(OSCOLA, src["three"], "") {
		if s.Italic && s.Text == "Behind Shuttered Borders" {
			found = true
		}
	}
	if !found {
		t.Errorf("OSCOLA report title not italic: %+v", Full(OSCOLA, src["three"], ""))
	}
	// Id. and supra are italic in Bluebook.
	n := NewNotes(Bluebook)
	n.Footnote([]Cited{{Source: src["news"]}})
	_, sp := n.Footnote([]Cited{{Source: src["news"]}})
	if len(sp) == 0 || !sp[0].Italic || sp[0].Text != "Id." {
		t.Errorf("Id. run = %+v", sp)
	}
}

// note is one footnote of a sequence: the citations (source id and pinpoint) it holds.
type fmtNote []struct{ id, pin, signal string }

func TestSequence(t *testing.T) {
	src := fmtSources(t)
	type step struct {
		cites  fmtNote
		bb, os string
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"Id. after a footnote citing only that source", []step{
			{fmtNote{{"news", "", ""}}, "Justin McCurry, Kim Jong-un Named North Korea Leader, The Guardian (Dec. 19, 2011), https://example.org/named.", "Justin McCurry, ‘Kim Jong-un Named North Korea Leader’ (The Guardian, 19 December 2011) <https://example.org/named> accessed 29 July 2025."},
			{fmtNote{{"news", "", ""}}, "Id.", "Ibid."},
			{fmtNote{{"news", "15", ""}}, "Id. at 15.", "Ibid 15."},
			{fmtNote{{"news", "15", ""}}, "Id.", "Ibid."},
		}},
		{"not Id. after a footnote citing two sources", []step{
			{fmtNote{{"res", "", ""}, {"two", "", ""}}, "S.C. Res. 2270, U.N. Doc. S/RES/2270 (Mar. 2, 2016); Tom Balmforth & Mariano Zafra, Inside the Operation: A Report, Reuters (Apr. 15, 2025).", "UNSC Res 2270 (2 March 2016) UN Doc S/RES/2270; Tom Balmforth and Mariano Zafra, ‘Inside the Operation: A Report’ (Reuters, 15 April 2025)."},
			{fmtNote{{"two", "", ""}}, "Balmforth & Zafra, supra note 1.", "Balmforth & Zafra (n 1)."},
			{fmtNote{{"res", "", ""}}, "S.C. Res. 2270, supra note 1.", "UNSC Res 2270 (n 1)."},
		}},
		{"supra numbering points at the full citation", []step{
			{fmtNote{{"enc", "", ""}}, "Kim Jong-Un, Encyclopædia Britannica, https://www.britannica.com/biography/Kim-Jong-Eun (last visited July 29, 2025).", "‘Kim Jong-Un’ (Encyclopædia Britannica) <https://www.britannica.com/biography/Kim-Jong-Eun> accessed 29 July 2025."},
			{fmtNote{{"three", "at 3", ""}}, "Victor Cha et al., Behind Shuttered Borders, at 3 (CSIS June 2025).", "Victor Cha and others, Behind Shuttered Borders (CSIS June 2025) 3."},
			{fmtNote{{"poe", "", ""}}, "Panel of Experts, Report of the Panel of Experts, U.N. Doc. S/2013/337 (June 11, 2013), https://undocs.org/S/2013/337.", "Panel of Experts, Report of the Panel of Experts (11 June 2013) UN Doc S/2013/337 <https://undocs.org/S/2013/337> accessed 29 July 2025."},
			{fmtNote{{"three", "at 7", ""}}, "Cha et al., supra note 2, at 7.", "Cha et al. (n 2) 7."},
			{fmtNote{{"enc", "", ""}}, "Kim Jong-Un, supra note 1.", "‘Kim Jong-Un’ (n 1)."},
		}},
		{"id. within one footnote, signal capitalised at the start", []step{
			{fmtNote{{"news", "at 2", "see"}, {"news", "at 4", ""}}, "See Justin McCurry, Kim Jong-un Named North Korea Leader, The Guardian, at 2 (Dec. 19, 2011), https://example.org/named; id. at 4.", "See Justin McCurry, ‘Kim Jong-un Named North Korea Leader’ (The Guardian, 19 December 2011) 2 <https://example.org/named> accessed 29 July 2025; ibid 4."},
			{fmtNote{{"news", "at 4", "see also"}}, "See also id.", "See also ibid."},
		}},
		{"no pinpoint after a pinpointed citation is a short form, not Id.", []step{
			{fmtNote{{"two", "at 9", ""}}, "Tom Balmforth & Mariano Zafra, Inside the Operation: A Report, Reuters, at 9 (Apr. 15, 2025).", "Tom Balmforth and Mariano Zafra, ‘Inside the Operation: A Report’ (Reuters, 15 April 2025) 9."},
			{fmtNote{{"two", "", ""}}, "Balmforth & Zafra, supra note 1.", "Balmforth & Zafra (n 1)."},
		}},
	}
	for _, tt := range tests {
		for _, style := range []Style{Bluebook, OSCOLA} {
			t.Run(tt.name+"/"+string(style), func(t *testing.T) {
				n := NewNotes(style)
				for i, st := range tt.steps {
					var cs []Cited
					for _, c := range st.cites {
						cs = append(cs, Cited{Source: src[c.id], Pinpoint: c.pin, Signal: c.signal})
					}
					num, spans := n.Footnote(cs)
					if num != i+1 {
						t.Errorf("footnote %d numbered %d", i+1, num)
					}
					want := st.bb
					if style == OSCOLA {
						want = st.os
					}
					if got := PlainText(spans); got != want {
						t.Errorf("footnote %d\n got %q\nwant %q", i+1, got, want)
					}
				}
			})
		}
	}
}

func TestRedacted(t *testing.T) {
	src := fmtSources(t)
	secret := &model.Source{ID: "secret-witness-7", Kind: model.WitnessStatement, Title: "Statement of Witness Seven",
		Author: []model.CSLName{{Family: "Hidden", Given: "Person"}}, URL: "https://secret.example/w7"}
	for _, style := range []Style{Bluebook, OSCOLA} {
		n := NewNotes(style)
		_, a := n.Footnote([]Cited{{Source: secret, Redacted: true}})
		if got := PlainText(a); got != Redacted {
			t.Errorf("%s: footnote citing only a confidential source = %q, want %q", style, got, Redacted)
		}
		// Id. never refers back to a withheld citation, and nothing of it leaks.
		_, b := n.Footnote([]Cited{{Source: secret, Redacted: true}, {Source: secret, Redacted: true}, {Source: src["news"]}})
		got := PlainText(b)
		if strings.Count(got, Redacted) != 1 || strings.Contains(got, "Id.") || strings.Contains(got, "bid") {
			t.Errorf("%s: mixed footnote = %q", style, got)
		}
		for _, leak := range []string{secret.ID, secret.Title, "Hidden", secret.URL} {
			if strings.Contains(PlainText(a)+got, leak) {
				t.Errorf("%s: %q leaked", style, leak)
			}
		}
		// A later citation of the public source is a short form pointing at footnote 2.
		_, c := n.Footnote([]Cited{{Source: secret, Redacted: true}})
		_, d := n.Footnote([]Cited{{Source: src["news"]}})
		if PlainText(c) != Redacted || !strings.Contains(PlainText(d), "2") {
			t.Errorf("%s: after redaction got %q then %q", style, PlainText(c), PlainText(d))
		}
	}
}

func TestParseStyle(t *testing.T) {
	for in, want := range map[string]Style{"": Bluebook, "Bluebook": Bluebook, "oscola": OSCOLA} {
		if got, err := ParseStyle(in); err != nil || got != want {
			t.Errorf("ParseStyle(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseStyle("chicago"); err == nil {
		t.Error("ParseStyle(chicago): no error")
	}
}

func TestFmtSymbol(t *testing.T) {
	for in, want := range map[string]string{"S/RES/2270(2016)": "S/RES/2270", "S/RES/2270 (2016)": "S/RES/2270", "S/2013/337": "S/2013/337", "A/RES/ES-11/1": "A/RES/ES-11/1", "S/RES/2270(X)": "S/RES/2270(X)"} {
		if got := fmtSymbol(in); got != want {
			t.Errorf("fmtSymbol(%q) = %q, want %q", in, got, want)
		}
	}
}
