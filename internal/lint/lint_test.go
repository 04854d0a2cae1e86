package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/internal/docimport"
	"dossier/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files")

func lintText(t testing.TB, text string, opts Options) []Finding {
	t.Helper()
	d := docimport.ParseText("draft.txt", text)
	return Run(context.Background(), []*docimport.Document{d}, opts)
}

func has(fs []Finding, check, substr string) bool {
	for _, f := range fs {
		if f.Check == check && strings.Contains(f.Message+" "+f.Suggestion, substr) {
			return true
		}
	}
	return false
}

func TestChecks(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		opts   Options
		check  string
		substr string
		clean  string // a corrected text that must not raise the check
	}{
		{"realleges range that includes itself and later paragraphs", "1. A was born.\n\n2. B happened.\n\n3. The Prosecutor realleges Paragraphs 1 through 4.\n\n4. C happened.\n", Options{}, "xref-self", "includes paragraph 3",
			"1. A was born.\n\n2. B happened.\n\n3. The Prosecutor realleges Paragraphs 1 through 2.\n\n4. C happened.\n"},
		{"forward re-allegation", "1. A.\n\n2. The Prosecutor realleges paragraphs 3 through 4.\n\n3. B.\n\n4. C.\n", Options{}, "xref-forward", "come after it",
			"1. A.\n\n2. The Prosecutor realleges paragraph 1.\n\n3. B.\n\n4. C.\n"},
		{"dangling paragraph", "1. A.\n\n2. See paragraph 9.\n", Options{}, "xref-dangling", "paragraph 9", "1. A.\n\n2. See paragraph 1.\n"},
		{"dangling section", "I. Intro\n\nThe indictment is in Section VI.\n\nII. Law\n\nText.\n", Options{}, "xref-dangling", "no section VI", "I. Intro\n\nThe law is in Section II.\n\nII. Law\n\nText.\n"},
		{"provision two ways", "Article 25(3)(c) of the Rome Statute applies. Under Rome Statute Article 25(c)(3) he is liable.\n", Options{}, "provision-inconsistent", "25(3)(c)",
			"Article 25(3)(c) of the Rome Statute applies. Under Rome Statute Article 25(3)(c) he is liable.\n"},
		{"unknown provision", "Article 25(3)(g) of the Rome Statute applies.\n", Options{}, "provision-unknown", "25(3)(g)", "Article 25(3)(d) of the Rome Statute applies.\n"},
		{"unknown article number", "Article 140 of the Rome Statute applies.\n", Options{}, "provision-unknown", "Article 140", "Article 12 of the Rome Statute applies.\n"},
		{"marker without body", "Text.¹ More.²\n\n¹ A, *B*, Reuters (May 1, 2024), https://r.com/a.\n", Options{}, "fn-no-body", "marker 2",
			"Text.¹ More.²\n\n¹ A, *B*, Reuters (May 1, 2024), https://r.com/a.\n\n² Id.\n"},
		{"body without marker", "Text.¹\n\n¹ A.\n\n² B.\n", Options{}, "fn-no-marker", "footnote 2", "Text.¹ More.²\n\n¹ A.\n\n² B.\n"},
		{"markers out of order", "Text.² More.¹\n\n¹ A.\n\n² B.\n", Options{}, "fn-order", "marker 1 comes after marker 2", "Text.¹ More.²\n\n¹ A.\n\n² B.\n"},
		{"same URL two titles", "A.¹ B.²\n\n¹ Jean Mackenzie, *Weapons Killing Ukrainians*, BBC News (May 5, 2024), https://www.bbc.com/news/world-asia-68933778.\n\n² Tessa Wong, Putin and Kim Pledge Mutual Help, BBC News (June 19, 2024), https://www.bbc.com/news/world-asia-68933778.\n",
			Options{}, "cite-url-titles", "footnote 2", "A.¹ B.²\n\n¹ Jean Mackenzie, *Weapons Killing Ukrainians*, BBC News (May 5, 2024), https://www.bbc.com/news/world-asia-68933778.\n\n² Tessa Wong, Putin and Kim Pledge Mutual Help, BBC News (June 19, 2024), https://www.bbc.com/news/world-asia-69000000.\n"},
		{"source before event", "On April 2, 2025, the troops arrived.¹\n\n¹ A B, *Title Words Here*, Reuters (June 19, 2024), https://r.com/x.\n", Options{}, "cite-predates-event", "April 2, 2025",
			"On April 2, 2025, the troops arrived.¹\n\n¹ A B, *Title Words Here*, Reuters (Apr. 3, 2025), https://r.com/x.\n"},
		{"repeated full citation", "A.¹ B.²\n\n¹ Peter Beaumont, *The Ukraine War Deepens Ties*, The Guardian (Nov. 7, 2022), https://g.com/x.\n\n² Peter Beaumont, *The Ukraine War Deepens Ties*, The Guardian (Nov. 7, 2022), https://g.com/x.\n",
			Options{}, "cite-repeated-full", "Id.", "A.¹ B.²\n\n¹ Peter Beaumont, *The Ukraine War Deepens Ties*, The Guardian (Nov. 7, 2022), https://g.com/x.\n\n² Id.\n"},
		{"incomplete citation", "A.¹\n\n¹ Guy Faulconbridge, https://www.reuters.com/world/x.\n", Options{}, "cite-incomplete", "no title", "A.¹\n\n¹ Guy Faulconbridge, *Highs and Lows*, Reuters (June 17, 2024), https://www.reuters.com/world/x.\n"},
		{"URL with a space", "A.¹\n\n¹ S.C. Res. 2270, U.N. Doc. S/RES/2270 (Mar. 2, 2016), https://undocs.org/S/RES/2270 (2016).\n", Options{}, "cite-url-malformed", "broken by a space",
			"A.¹\n\n¹ S.C. Res. 2270, U.N. Doc. S/RES/2270 (Mar. 2, 2016), https://undocs.org/S/RES/2270(2016).\n"},
		{"last visited on some only", "A.¹ B.²\n\n¹ A B, *One Two Three*, Reuters (May 1, 2024), https://r.com/a (last visited July 29, 2025).\n\n² C D, *Four Five Six*, Reuters (May 2, 2024), https://r.com/b.\n",
			Options{}, "cite-style-accessed", "footnotes 2", "A.¹ B.²\n\n¹ A B, *One Two Three*, Reuters (May 1, 2024), https://r.com/a (last visited July 29, 2025).\n\n² C D, *Four Five Six*, Reuters (May 2, 2024), https://r.com/b (last visited July 29, 2025).\n"},
		{"place name variant", "Donetsk and Luhansk. Donetsk again. Luhansk again, Luhansk too. The Donetsk front. Fighting in Luthansk.\n", Options{}, "name-variant", `"Luthansk"`, "Donetsk and Luhansk. Donetsk again. Luhansk again, Luhansk too. The Donetsk front. Fighting in Luhansk.\n"},
		{"actor alias variant", "The accused Kim Jong Um met Putin.\n", Options{Names: []Name{{Canonical: "Kim Jong Un", Aliases: []string{"Kim Jong-un"}}}}, "name-variant", "Kim Jong Un", "The accused Kim Jong-un met Putin.\n"},
		{"treaty named two ways", "They signed the Comprehensive Strategic Partnership Treaty. Later the Comprehensive Partnership Treaty was invoked.\n", Options{}, "name-variant", "Comprehensive Partnership Treaty",
			"They signed the Comprehensive Strategic Partnership Treaty. Later the Comprehensive Strategic Partnership Treaty was invoked.\n"},
		{"uncited quotation", "The tribunal held that the accused \"lent practical assistance that had a substantial effect on the crimes\" in this case.\n", Options{}, "quote-uncited", "practical assistance",
			"The tribunal held that the accused \"lent practical assistance that had a substantial effect on the crimes\" in this case.¹\n\n¹ Prosecutor v. Taylor, Case No. SCSL-03-01-A, Judgment, ¶ 486 (Sept. 26, 2013).\n"},
		{"unbalanced quotation", "Lavrov called it an \"invincible fighting brotherhood.\n", Options{}, "quote-unbalanced", "invincible", "Lavrov called it an \"invincible fighting brotherhood.\"\n"},
		{"unsupported allegation", "Background: about half of the shells came from North Korea.¹ Trains ran.² Ships sailed.³\n\n1. The Accused supplied 40-60% of the munitions.\n\n¹ A B, *Shells Counted Here*, Reuters (May 1, 2024), https://r.com/a.\n\n² Id.\n\n³ Id.\n", Options{}, "allegation-unsupported", "40-60%",
			"Background: 40-60% of the shells came from North Korea.¹ Trains ran.² Ships sailed.³\n\n1. The Accused supplied 40-60% of the munitions.\n\n¹ A B, *Shells Counted Here*, Reuters (May 1, 2024), https://r.com/a.\n\n² Id.\n\n³ Id.\n"},
		{"figures stated differently", "North Korea sent over 10,000 troops. Later reports say up to 15,000 troops. Others say thousands of troops.\n", Options{}, "figure-inconsistent", "troops deployed",
			"North Korea sent over 10,000 troops. Later reports say over 10,000 troops.\n"},
		{"toc differs from heading", "Table of Contents\n\nI. Political Ties Military Cooperation\t3\nII. Law\t4\n\nI. Political Ties and Military Cooperation\n\nText.\n\nII. Law\n\nText.\n", Options{}, "toc-mismatch", "Political Ties and Military",
			"Table of Contents\n\nI. Political Ties and Military Cooperation\t3\nII. Law\t4\n\nI. Political Ties and Military Cooperation\n\nText.\n\nII. Law\n\nText.\n"},
		{"count headed twice", "Count 1: Aggression\n\n1. A.\n\nCount 1: Aggression again\n\n2. B.\n", Options{}, "count-duplicate", "Count 1", "Count 1: Aggression\n\n1. A.\n\nCount 2: Aggression again\n\n2. B.\n"},
		{"leadership clause missing", "Kim is liable for aiding and abetting the crime of aggression under Article 25(3)(c) of the Rome Statute.\n", Options{}, "legal-leadership-clause", "25(3 bis)",
			"Kim is liable for aiding and abetting the crime of aggression under Article 25(3)(c) of the Rome Statute; Article 25(3 bis) is met because he directs the DPRK.\n"},
		{"glued words", "Putin met his Ally. Later the PutinAlly spoke.\n", Options{}, "text-glued-words", `"Putin Ally"`, "Putin met his Ally. Later the Putin Ally spoke.\n"},
		{"run-on after quotation", "He called Putin his \"dearest comrade\" Militarily, the North supplied shells.\n", Options{}, "text-run-on", "dearest comrade", "He called Putin his \"dearest comrade\". Militarily, the North supplied shells.\n"},
		{"URL date mismatch", "A.¹\n\n¹ Joshua Berlinger, Kim and Putin Hold First Summit, CNN (Apr. 25, 2019), https://edition.cnn.com/2019/04/23/asia/kim-putin.\n", Options{}, "cite-url-date", "23 April 2019",
			"A.¹\n\n¹ Joshua Berlinger, Kim and Putin Hold First Summit, CNN (Apr. 23, 2019), https://edition.cnn.com/2019/04/23/asia/kim-putin.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := lintText(t, tt.text, tt.opts)
			if !has(fs, tt.check, tt.substr) {
				var b bytes.Buffer
				_ = WriteText(&b, fs)
				t.Errorf("want %s containing %q; got:\n%s", tt.check, tt.substr, b.String())
			}
			if tt.clean != "" {
				fs := lintText(t, tt.clean, tt.opts)
				for _, f := range fs {
					if f.Check == tt.check {
						t.Errorf("corrected text still raises %s: %s", f.Check, f.Message)
					}
				}
			}
		})
	}
}

func TestNoFalseAlarms(t *testing.T) {
	text := "1. A.\n\n2. Under paragraph 3 of resolution 2270 and Taylor, para. 486, the standard is met.\n\n" +
		"3. Article 25(3)(d)(i) of the Rome Statute and Article 8(2)(b)(xxii) of the Rome Statute apply; the treaty's mutual defence clause (Article 4) was invoked.\n"
	for _, f := range lintText(t, text, Options{}) {
		if f.Check == "xref-dangling" || f.Check == "provision-unknown" {
			t.Errorf("false alarm: %s: %s", f.Check, f.Message)
		}
	}
}

func TestMarkerPlaceSuggested(t *testing.T) {
	text := "The border was sealed during the pandemic, halting official exchanges.¹ Trade resumed later. Weapons moved by rail.\n\n" +
		"¹ Victor Cha, *Behind Shuttered Borders: Pandemic Exchanges*, CSIS (June 17, 2025), https://csis.org/a.\n\n" +
		"² Jon Doe, *Rail Weapons Moved Eastward*, Reuters (May 1, 2024), https://r.com/a.\n"
	fs := lintText(t, text, Options{})
	if !has(fs, "fn-no-marker", "Weapons moved by rail.") {
		t.Errorf("no placement suggestion: %+v", fs)
	}
}

func TestCleanDraft(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "clean.md"))
	if err != nil {
		t.Fatal(err)
	}
	d := docimport.ParseMarkdown("clean.md", string(data))
	fs := Run(context.Background(), []*docimport.Document{d}, Options{})
	for _, f := range fs {
		if f.Severity >= Warning {
			t.Errorf("clean draft: %s: %s: %s", f.Location, f.Check, f.Message)
		}
	}
	if FailOn(fs, Warning) {
		t.Error("FailOn(warning) true for a clean draft")
	}
}

func TestBuiltinProvisions(t *testing.T) {
	p := BuiltinProvisions()
	tests := []struct {
		ref  string
		ok   bool
		sugg string
	}{
		{"Rome Statute art. 25(3)(c)", true, ""},
		{"Rome Statute art. 25(c)(3)", false, "Rome Statute art. 25(3)(c)"},
		{"Rome Statute art. 25(3 bis)", true, ""},
		{"Rome Statute art. 8 bis(2)(a)", true, ""},
		{"Rome Statute art. 8 bis(2)(h)", false, ""},
		{"Rome Statute art. 8(2)(b)(xxii)", true, ""},
		{"Rome Statute art. 129", false, ""},
		{"Rome Statute art. 16 bis", false, ""},
		{"UN Charter art. 51", true, ""},
		{"UN Charter art. 51(1)", false, ""},
		{"ICTY Statute art. 7(1)", true, ""},
		{"ICTR Statute art. 6(5)", false, ""},
		{"Treaty of Nowhere art. 4", true, ""},
		{"garbage", false, ""},
	}
	for _, tt := range tests {
		_, ok, sugg := p.Exists(tt.ref)
		if ok != tt.ok || sugg != tt.sugg {
			t.Errorf("Exists(%q) = %v %q, want %v %q", tt.ref, ok, sugg, tt.ok, tt.sugg)
		}
	}
}

// fakeLaw stands in for internal/law: everything exists except one provision.
type fakeLaw struct{}

func (fakeLaw) Exists(ref string) (string, bool, string) {
	return ref, !strings.HasSuffix(ref, "art. 12"), ""
}

func TestProvisionsInterface(t *testing.T) {
	fs := lintText(t, "Article 12 of the Rome Statute and Article 13 of the Rome Statute.\n", Options{Provisions: fakeLaw{}})
	if !has(fs, "provision-unknown", "Article 12") || has(fs, "provision-unknown", "Article 13") {
		t.Errorf("findings: %+v", fs)
	}
}

func TestSeverityAndFailOn(t *testing.T) {
	for _, s := range []string{"info", "warning", "error", "WARN", "note"} {
		if _, err := ParseSeverity(s); err != nil {
			t.Errorf("ParseSeverity(%q): %v", s, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal) should fail")
	}
	fs := []Finding{{Check: "a", Severity: Info}, {Check: "b", Severity: Warning}}
	if !FailOn(fs, Warning) || FailOn(fs, Error) || !FailOn(fs, Info) || FailOn(nil, Info) {
		t.Error("FailOn wrong")
	}
	if c := Count(fs); c[Info] != 1 || c[Warning] != 1 {
		t.Errorf("Count = %v", c)
	}
}

func TestOutputs(t *testing.T) {
	fs := lintText(t, "1. A.\n\n2. The Prosecutor realleges paragraphs 1 through 3.\n\n3. B.\n", Options{})
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	var txt bytes.Buffer
	if err := WriteText(&txt, fs); err != nil {
		t.Fatal(err)
	}
	first := strings.SplitN(txt.String(), "\n", 2)[0]
	if !strings.HasPrefix(first, "draft.txt:3: error: xref-") {
		t.Errorf("text line = %q", first)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, fs); err != nil {
		t.Fatal(err)
	}
	var back []Finding
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != len(fs) || back[0].Severity != fs[0].Severity || back[0].Line != fs[0].Line || back[0].File != "draft.txt" {
		t.Errorf("JSON round trip: %+v", back)
	}
	var sb bytes.Buffer
	if err := WriteSARIF(&sb, fs); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sb.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != len(fs) {
		t.Fatalf("SARIF = %s", sb.String())
	}
	for _, r := range log.Runs[0].Results {
		rules := log.Runs[0].Tool.Driver.Rules
		if r.RuleIndex < 0 || r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s has rule index %d", r.RuleID, r.RuleIndex)
		}
		if r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "draft.txt" || r.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("location %+v", r.Locations[0])
		}
	}
}

func TestChecksDocumented(t *testing.T) {
	known := map[string]bool{}
	for _, c := range Checks {
		known[c.ID] = true
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "lint.md"))
	if err != nil {
		t.Skipf("docs/lint.md: %v", err)
	}
	for id := range known {
		if !strings.Contains(string(doc), "`"+id+"`") {
			t.Errorf("check %s is not documented in docs/lint.md", id)
		}
	}
}

func referenceFindings(t testing.TB) []Finding {
	path := testutil.ReferencePaper(t)
	d, err := docimport.ReadFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	d.File = filepath.Base(path)
	return Run(context.Background(), []*docimport.Document{d}, Options{})
}

func TestReferencePaperGolden(t *testing.T) {
	fs := referenceFindings(t)
	var b bytes.Buffer
	if err := WriteText(&b, fs); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []struct{ check, substr string }{
		{"xref-forward", `paragraph 13 re-alleges "Paragraphs 1 through 20"`},
		{"xref-self", "includes paragraph 13 itself"},
		{"provision-unknown", "Article 25(c)(3) does not exist"},
		{"provision-inconsistent", "Article 25(3)(c) is written two ways"},
		{"cite-url-titles", "https://www.bbc.com/news/world-asia-68933778"},
	} {
		if !has(fs, want.check, want.substr) {
			t.Errorf("reference paper: no %s finding containing %q", want.check, want.substr)
		}
	}
	var bbc *Finding
	for i := range fs {
		if fs[i].Check == "cite-url-titles" && strings.Contains(fs[i].Message, "world-asia-68933778") {
			bbc = &fs[i]
		}
	}
	if bbc == nil || !strings.Contains(bbc.Message, "footnotes 36, 38") || !strings.Contains(bbc.Message, "footnote 46") {
		t.Errorf("BBC URL finding should name footnotes 36 and 46: %+v", bbc)
	}
	golden := filepath.Join("testdata", "reference.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%s: %v (run with -update)", golden, err)
	}
	if string(want) != out {
		t.Errorf("lint output on the reference paper differs from %s (run with -update after checking the diff):\n%s", golden, diffLines(string(want), out))
	}
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	in := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	am, bm := in(al), in(bl)
	var out []string
	for _, l := range al {
		if !bm[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bl {
		if !am[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

func BenchmarkLintReference(b *testing.B) {
	path := testutil.ReferencePaper(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	// Process CPU time per operation as well as wall time: on a shared machine the wall time
	// includes waiting for a CPU.
	start := cpuTime()
	n := 0
	for b.Loop() {
		d := docimport.ParseText(path, string(data))
		_ = Run(context.Background(), []*docimport.Document{d}, Options{})
		n++
	}
	if n > 0 {
		b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(n), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
