package lint

import (
	"bytes"
	"context"
	"testing"

	"dossier/internal/docimport"
	"dossier/internal/law"
)

// TestFalsePositives holds one regression case per false alarm the linter raised on dossier's
// own drafts: each text must not raise the check, and where a paired text shows the check still
// works, that text must raise it.
func TestFalsePositives(t *testing.T) {
	kim := []Name{{Canonical: "Kim Jong Un", Aliases: []string{"Kim Jong-un"}}, {Canonical: "Ukraine Accountability Project"},
		{Canonical: "Democratic People's Republic of Korea"}, {Canonical: "United States Department of Defense"}}
	tests := []struct {
		name, text string
		opts       Options
		check      string
		still      string // a text that must still raise the check (the heuristic is not switched off)
		stillSub   string
	}{
		{"paragraph range is not a troop figure",
			"9. About 10,000 troops were sent to Kursk.\n\n17. By the deployment of troops described in paragraphs 5–11, the accused provided means.\n",
			Options{}, "figure-inconsistent",
			"9. About 10,000 troops were sent to Kursk.\n\n17. Up to 25 troops were described in the report.\n", "troops deployed"},
		{"paragraph list is not a troop figure",
			"35. The accused provided munitions, missiles and over 10,000 troops to Russia's war (paras 10, 18, 22).\n\n36. Over 10,000 troops fought.\n",
			Options{}, "figure-inconsistent", "", ""},
		{"identifiers and ratings are not figures",
			"Supporting: kim-sends-troops-kursk (credibility 1; dod-2024-11-04-10k-troops-kursk B); dod-10k-troops-kursk (credibility 2); kim-tribute-soldiers (credibility 2). The DoD put the troops at about 10,000.\n",
			Options{}, "figure-inconsistent", "", ""},
		{"rule and element labels are not figures",
			"Met: 13 of 14 supporting facts count (rule R2), element 9 of count 1. Troops numbered about 10,000 soldiers; later about 10,000 soldiers.\n",
			Options{}, "figure-inconsistent", "", ""},
		{"acronyms one letter apart are different bodies",
			"The ICTY held it. The ICTY again. The ICTY, too. The ICTY and the ICTY. Knowledge is the standard (ICTY, ICTR, SCSL).\n",
			Options{}, "name-variant",
			"The DPRK sent troops. The DPRK again. The DPRK, too. The DPRK and the DPRK. The PDRK denied it.\n", `"PDRK"`},
		{"a sentence's first word is not part of a court's name",
			"Under the International Criminal Court rules it is so. Before International Criminal Court official capacity is no bar.\n",
			Options{}, "name-variant",
			"They signed the Comprehensive Strategic Partnership Treaty. Later the Comprehensive Partnership Treaty was invoked.\n", "Comprehensive Partnership Treaty"},
		{"a vowel dropped from a vowel pair leaves another word",
			"The contradiction bears on the allegation, bears on the count and bears on the element. His office bars jurisdiction.\n",
			Options{}, "name-variant",
			"The units moved. The units rested. Two unis fought.\n", `"unis"`},
		{"actor names are compared with words of similar length only",
			"In September the Prosecutor filed it. The accused was aware. Background brief.\n",
			Options{Names: kim}, "name-variant",
			"The accused Kim Jong Um met Putin.\n", "Kim Jong Un"},
		{"an actor may be the author of its own report",
			"The paper says so.¹\n\n¹ Ukraine Accountability Project, *Holding Heads of State Accountable*, indictment para. 1 (Global Accountability Network Sept. 2025).\n",
			Options{Names: kim}, "cite-author-subject",
			"He spoke.¹\n\n¹ Kim Jong Un, *North Korea Says Troops Fought*, Reuters (Apr. 28, 2025), https://www.reuters.com/world/x.\n", "Kim Jong Un"},
		{"id. inside a footnote is not a citation missing its date",
			"A.¹ B.²\n\n¹ Ukraine Accountability Project, *Holding Heads of State Accountable*, indictment para. 1 (Global Accountability Network Sept. 2025).\n\n² Ukraine Accountability Project, *supra* note 1, indictment para. 8; *id.*, section II.\n",
			Options{}, "cite-incomplete", "", ""},
		{"supra names the author of one of several works in the footnote",
			"In November 2024 about 10,000 were sent.¹ In July 2025 he pledged support.²\n\n¹ Jim Garamone, *Pentagon Says 10K North Korean Troops in Kursk Oblast*, DOD News (Nov. 4, 2024), https://www.defense.gov/x; Ukraine Accountability Project, *Holding Heads of State Accountable*, indictment para. 11 (Global Accountability Network Sept. 2025).\n\n² Jack Kim, *Kim Hosting Lavrov Says He Will Support Russia*, Reuters (July 13, 2025), https://www.reuters.com/world/y; Ukraine Accountability Project, *supra* note 1, indictment para. 12.\n",
			Options{}, "cite-predates-event", "", ""},
		{"an encyclopedia entry in plain text needs no date",
			"Born in Pyongyang.¹\n\n¹ Kim Jong-Un, Encyclopædia Britannica, https://www.britannica.com/biography/Kim-Jong-Eun (last visited July 29, 2025).\n",
			Options{}, "cite-incomplete", "", ""},
		{"statute and Elements of Crimes citations need no date",
			"The element requires \"the State which committed the act of aggression\".¹ The Statute limits it.²\n\n¹ Elements of Crimes, art. 8 bis, element 2.\n\n² Rome Statute, art. 25(3 bis).\n",
			Options{}, "cite-incomplete", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range lintText(t, tt.text, tt.opts) {
				if f.Check == tt.check {
					t.Errorf("false alarm: %s: %s", f.Check, f.Message)
				}
			}
			if tt.still != "" {
				fs := lintText(t, tt.still, tt.opts)
				if !has(fs, tt.check, tt.stillSub) {
					var b bytes.Buffer
					_ = WriteText(&b, fs)
					t.Errorf("the check no longer fires: want %s containing %q; got:\n%s", tt.check, tt.stillSub, b.String())
				}
			}
		})
	}
}

func TestRefNumber(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"described in paragraphs 5–11", true},
		{"(paras 10, 18, 22", true},
		{"(credibility 1", true},
		{"rule R2", true},
		{"see note 12", true},
		{"put their number at about 10,000", false},
		{"sent over 10,000", false},
		{"casualties exceeding 4,700", false},
	}
	for _, tt := range tests {
		// the number is the last run of digits
		off := len(tt.text)
		for off > 0 && (tt.text[off-1] >= '0' && tt.text[off-1] <= '9' || tt.text[off-1] == ',') {
			off--
		}
		if got := refNumber(tt.text, off); got != tt.want {
			t.Errorf("refNumber(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestDroppedFromVowelPair(t *testing.T) {
	for _, tt := range []struct {
		short, long string
		want        bool
	}{{"bars", "bears", true}, {"war", "wear", true}, {"for", "four", true}, {"unis", "units", false}, {"bet", "beet", true}, {"stat", "state", false}} {
		if got := droppedFromVowelPair(tt.short, tt.long); got != tt.want {
			t.Errorf("droppedFromVowelPair(%q, %q) = %v, want %v", tt.short, tt.long, got, tt.want)
		}
	}
}

// TestLawProvisionsForm: the law library's answers come back in the linter's reference form, so
// a provision written two ways is reported with both spellings and the suggestion shown.
func TestLawProvisionsForm(t *testing.T) {
	lib, err := law.Load()
	if err != nil {
		t.Fatalf("law.Load: %v", err)
	}
	text := "Article 25(3)(c) of the Rome Statute applies. Under Rome Statute Article 25(c)(3) he is liable.\n"
	d := docimport.ParseText("draft.txt", text)
	fs := Run(context.Background(), []*docimport.Document{d}, Options{Provisions: LawProvisions(lib)})
	if !has(fs, "provision-inconsistent", `Article 25(3)(c) is written two ways: "Article 25(3)(c)"`) {
		t.Errorf("want provision-inconsistent naming Article 25(3)(c): %+v", fs)
	}
	if !has(fs, "provision-unknown", "Article 25(3)(c) (the same parts") {
		t.Errorf("want the reordering suggested: %+v", fs)
	}
	// an adapter answering in the law library's label form is normalised the same way
	canon, ok, sugg := normProvisions{labelProvisions{}}.Exists("Rome Statute art. 25(c)(3)")
	if ok || canon != "Rome Statute art. 25(c)(3)" || sugg != "Rome Statute art. 25(3)(c)" {
		t.Errorf("normProvisions = %q, %v, %q", canon, ok, sugg)
	}
}

// labelProvisions answers as the law library prints provisions ("Article 25(3)(c)").
type labelProvisions struct{}

func (labelProvisions) Exists(ref string) (string, bool, string) {
	if ref == "Rome Statute art. 25(c)(3)" {
		return "", false, "Article 25(3)(c)"
	}
	return "Article 25(3)(c)", true, ""
}
