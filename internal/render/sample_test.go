package render

import (
	"fmt"
	"strings"
	"time"
)

// docBuilder builds test documents the way internal/draft will: paragraphs numbered in order,
// footnotes numbered in order of first reference.
type docBuilder struct {
	doc  *Document
	para int
}

func t(s string) Text     { return Text{Text: s} }
func it(s string) Text    { return Text{Text: s, Style: Style{Italic: true}} }
func bf(s string) Text    { return Text{Text: s, Style: Style{Bold: true}} }
func sc(s string) Text    { return Text{Text: s, Style: Style{SmallCaps: true}} }
func ln(s, u string) Link { return Link{Text: s, URL: u} }

// fn adds the next footnote and returns its reference.
func (b *docBuilder) fn(ins ...Inline) FootnoteRef {
	n := len(b.doc.Footnotes) + 1
	b.doc.Footnotes = append(b.doc.Footnotes, Footnote{Number: n, Inlines: ins})
	return FootnoteRef{Number: n}
}

// fnt adds a plain-text footnote.
func (b *docBuilder) fnt(s string) FootnoteRef { return b.fn(t(s)) }

func (b *docBuilder) np(label string, ins ...Inline) {
	b.para++
	b.doc.Blocks = append(b.doc.Blocks, &NumberedParagraph{Number: b.para, Label: label, Inlines: ins})
}

func (b *docBuilder) h(level int, label, text string) {
	b.doc.Blocks = append(b.doc.Blocks, &Heading{Level: level, Label: label, Inlines: []Inline{t(text)}})
}

func (b *docBuilder) add(bl ...Block) { b.doc.Blocks = append(b.doc.Blocks, bl...) }

// sampleIndictment is a realistic indictment: caption, the accused, general allegations (30+
// numbered paragraphs), a chronology table, responsibility, counts, signature, about sixty
// footnotes including one long enough to be split across pages.
func sampleIndictment() *Document {
	b := &docBuilder{doc: &Document{
		Kind:     KindIndictment,
		Title:    "Indictment",
		Subtitle: "The Prosecutor v. Kim Jong Un",
		Version:  "CONFIDENTIAL — FULL VERSION",
		Date:     time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Lang:     "en",
		Meta: []MetaField{
			{"case-number", "ICC-01/22-SAMPLE"},
			{"forum", "International Criminal Court"},
			{"stage", "confirmation of charges"},
		},
	}}
	b.add(&Caption{
		Court:         "International Criminal Court",
		Lines:         []string{"Pre-Trial Chamber II", "Original: English", "Date: 1 March 2026"},
		CaseNumber:    "No. ICC-01/22-SAMPLE",
		CaseTitle:     "THE PROSECUTOR v. KIM JONG UN",
		DocumentTitle: "Indictment",
	})
	b.add(&Paragraph{Inlines: []Inline{
		t("The Prosecutor of the International Criminal Court, under article 61(3)(a) of the "),
		it("Rome Statute"), b.fn(it("Rome Statute of the International Criminal Court"), t(", 17 July 1998, 2187 U.N.T.S. 90 (entered into force 1 July 2002).")),
		t(", charges the person named below as follows."),
	}})

	b.h(1, "sec-accused", "The accused")
	b.np("accused", bf("KIM JONG UN"), t(" (also transliterated Kim Jong-un) is the Chairman of the State Affairs of the Democratic People's Republic of Korea (\"DPRK\"), General Secretary of the Workers' Party of Korea and Supreme Commander of the Korean People's Army."),
		b.fn(t("Constitution of the Democratic People's Republic of Korea, arts. 100–103 (as amended 2023); "), ln("https://www.ncnk.org/resources/publications/dprk_constitution_2023.pdf", "https://www.ncnk.org/resources/publications/dprk_constitution_2023.pdf"), t(" (last visited 10 Jan. 2026).")))
	b.np("birth", t("He was born on 8 January, in a year reported variously as 1982, 1983 or 1984; the Prosecution does not rely on any one of these years."),
		b.fnt("Compare Korean Central News Agency (KCNA), official biography (undated), with Ministry of Unification, Republic of Korea, North Korean Leaders Directory 2024, at 3."))
	b.np("command", t("At all times relevant to this indictment the accused exercised effective control over the armed forces, the munitions industry and the foreign policy of the DPRK."),
		b.fnt("Ministry of Unification, North Korean Leaders Directory 2024, at 5–7."))

	b.h(1, "sec-general", "General allegations")
	b.h(2, "sec-background", "A. The invasion of Ukraine")
	b.np("invasion", t("On 24 February 2022 the armed forces of the Russian Federation invaded Ukraine across its northern, eastern and southern borders."),
		b.fn(t("G.A. Res. ES-11/1, U.N. Doc. A/RES/ES-11/1, ¶ 2 (Mar. 2, 2022).")))
	b.np("ga-res", t("The General Assembly deplored the aggression by the Russian Federation against Ukraine in violation of Article 2(4) of the Charter and demanded the immediate withdrawal of its forces."),
		b.fn(t("Id. ¶¶ 2–4.")))
	b.np("", t("The invasion has continued without interruption since that date, and Russian forces remain on Ukrainian territory."),
		b.fnt("Independent International Commission of Inquiry on Ukraine, Report, U.N. Doc. A/HRC/58/67, ¶ 5 (Mar. 2025)."))
	b.h(2, "sec-treaty", "B. The alliance of 2024")
	b.np("treaty", t("On 19 June 2024 the accused and the President of the Russian Federation signed in Pyongyang a Treaty on Comprehensive Strategic Partnership."),
		b.fn(t("Treaty on Comprehensive Strategic Partnership between the Democratic People's Republic of Korea and the Russian Federation, signed 19 June 2024, "), ln("KCNA text", "http://www.kcna.kp/en/article/q/5f0e6a7b.kcmsf"), t(" (last visited 10 Jan. 2026).")))
	b.np("art4", t("Article 4 of that treaty obliges each party, if the other is in a state of war because of an armed attack, to provide military and other assistance with all means at its disposal."),
		b.fn(t("Id. art. 4.")))
	b.np("ratified", t("The treaty was ratified by both parties and entered into force on 4 December 2024."),
		b.fnt("Reuters, Russia-North Korea Defence Pact Comes into Force (Dec. 4, 2024)."))
	b.h(2, "sec-munitions", "C. Munitions")
	for i, s := range []string{
		"From August 2023 onward, rail and sea shipments carried containers of artillery ammunition from the DPRK to the Russian Federation.",
		"Commercial satellite imagery shows containers moved repeatedly between the port of Rajin and the Russian port of Dunai.",
		"Ukrainian authorities reported that a large share of the artillery shells fired by Russian forces in 2024 had been manufactured in the DPRK.",
		"The shells bear markings consistent with DPRK production, and several lots show defects that reduce their accuracy.",
		"Short-range ballistic missiles of the KN-23 and KN-24 types, produced in the DPRK, struck Kharkiv and other Ukrainian cities.",
		"Debris of those missiles recovered in Kharkiv included components manufactured after the date of the relevant sanctions.",
		"Members of the Security Council's Panel of Experts examined the debris before the Panel's mandate ended in April 2024.",
		"The quantity of shells supplied is estimated at no fewer than several million rounds, though estimates differ between sources.",
		"Multiple-launch rocket systems and self-propelled guns of DPRK manufacture were later seen with Russian units.",
		"The munitions enabled the Russian Federation to sustain artillery fire at a rate it could not otherwise have maintained.",
	} {
		ref := b.fn(t(fmt.Sprintf("Source %c, ", 'A'+i)), it(fmt.Sprintf("Munitions report no. %d", i+1)), t(fmt.Sprintf(", at %d (2024), ", 10+i)),
			ln("link", fmt.Sprintf("https://example.org/munitions/%d", i+1)), t("."))
		b.np("", t(s), ref)
	}
	// the long footnote, referenced in the middle of a paragraph
	var long strings.Builder
	long.WriteString("On the volume of munitions, the sources diverge and are set out here in full so that the range stays visible. ")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&long, "Estimate %d, published by research institute number %d in its periodic assessment, puts the cumulative deliveries at a figure that the Prosecution records without adopting it, noting its method and date. ", i, i)
	}
	long.WriteString("None of these estimates is treated as a finding of fact.")
	b.np("volume", t("The estimates of the volume supplied are collected in the note"), b.fn(t(long.String())),
		t(" and range widely; the Prosecution relies only on the lowest figure."))

	b.h(2, "sec-troops", "D. Troops")
	for i, s := range []string{
		"In October 2024 units of the Korean People's Army were transported to the Russian Far East for training.",
		"By November 2024 several thousand DPRK soldiers had been deployed to the Kursk region of the Russian Federation.",
		"Those soldiers took part in combat against Ukrainian forces in the Kursk region from December 2024.",
		"Ukrainian forces captured two DPRK soldiers in January 2025; both were interviewed by journalists.",
		"The Government of the Republic of Korea estimated the number of DPRK casualties in the thousands.",
		"In April 2025 the DPRK publicly acknowledged for the first time that its troops had fought in Kursk on the order of the accused.",
		"The accused personally decorated returning soldiers and commemorated the dead at a ceremony in Pyongyang.",
		"Engineers and deminers of the Korean People's Army were later sent to the Kursk region.",
	} {
		b.np("", t(s), b.fnt(fmt.Sprintf("Troops source %d, Reports on deployment, at %d (2025).", i+1, 3+i)))
	}
	b.np("kursk-ack", t("The acknowledgment described the deployment as an application of Article 4 of the treaty referred to in "),
		CrossRef{Text: "paragraph 8", Target: "treaty"}, t("."), b.fnt("KCNA, Statement of the Central Military Commission (Apr. 28, 2025)."))

	b.h(2, "sec-chronology", "E. Chronology")
	b.add(&Table{
		Caption: []Inline{t("Table 1. Principal events")},
		Header:  []Cell{{Inlines: []Inline{t("Date")}}, {Inlines: []Inline{t("Event")}}, {Inlines: []Inline{t("Source")}}},
		Widths:  []float64{1, 3, 1.4},
		Rows: [][]Cell{
			{{Inlines: []Inline{t("24 Feb. 2022")}}, {Inlines: []Inline{t("Russian Federation invades Ukraine")}}, {Inlines: []Inline{t("A/RES/ES-11/1"), b.fnt("See note 5.")}}},
			{{Inlines: []Inline{t("Aug. 2023")}}, {Inlines: []Inline{t("First munitions shipments observed")}}, {Inlines: []Inline{t("Imagery")}}},
			{{Inlines: []Inline{t("19 June 2024")}}, {Inlines: []Inline{t("Treaty on Comprehensive Strategic Partnership signed")}}, {Inlines: []Inline{t("KCNA")}}},
			{{Inlines: []Inline{t("4 Dec. 2024")}}, {Inlines: []Inline{t("Treaty enters into force")}}, {Inlines: []Inline{t("Reuters")}}},
			{{Inlines: []Inline{t("Oct.–Dec. 2024")}}, {Inlines: []Inline{t("DPRK troops deployed to Kursk and enter combat")}}, {Inlines: []Inline{t("Several"), b.fnt("See notes 31–33.")}}},
			{{Inlines: []Inline{t("28 Apr. 2025")}}, {Inlines: []Inline{t("DPRK acknowledges the deployment")}}, {Inlines: []Inline{t("KCNA")}}},
		},
	})

	b.h(2, "sec-knowledge", "F. Knowledge and purpose")
	for i := 1; i <= 11; i++ {
		b.np("", t(fmt.Sprintf("Knowledge allegation %d: public statements, meetings and decorations show that the accused knew that the assistance would be used in the armed attack on Ukraine and intended it to be so used", i)),
			b.fnt(fmt.Sprintf("Knowledge source %d, Speech of the accused, at %d (2024).", i, i*2)), t("; the Prosecution also relies on his own account of the deployment."),
			b.fnt(fmt.Sprintf("Id. at %d.", i*2+1)))
	}

	b.h(1, "sec-responsibility", "Individual criminal responsibility")
	b.np("resp", t("The Prosecution realleges "), CrossRef{Text: "paragraphs 1 through 42", Target: "accused"},
		t(". The accused is individually criminally responsible under article 25(3)(c) of the Statute for aiding and abetting the crime of aggression committed by the leadership of the Russian Federation."),
		b.fn(t("Rome Statute, supra note 1, art. 25(3)(c); see also "), CrossRef{Text: "paragraph 1", Target: "accused"}, t(".")))
	b.np("leadership", t("The accused was in a position effectively to exercise control over or to direct the political or military action of a State within the meaning of article 8 "), it("bis"), t("(1) and article 25(3 "), it("bis"), t(")."),
		b.fnt("Rome Statute, supra note 1, arts. 8 bis(1), 25(3 bis)."))

	b.h(1, "sec-counts", "Counts")
	b.h(3, "count-1", "Count 1 — Aiding and abetting the crime of aggression")
	b.np("count1", sc("Aggression"), t(", a crime under article 8 "), it("bis"), t(" of the Statute, punishable under article 25(3)(c), as set out in "), CrossRef{Text: "paragraphs 4 to 42", Target: "invasion"}, t("."),
		b.fnt("Elements of Crimes, art. 8 bis, elements 1–6."))
	b.add(&BlockQuote{Paragraphs: [][]Inline{{t("“For the purpose of facilitating the commission of such a crime, aids, abets or otherwise assists in its commission or its attempted commission, including providing the means for its commission.”"), b.fnt("Rome Statute, supra note 1, art. 25(3)(c).")}}})
	b.add(&List{Ordered: true, Items: [][]Inline{
		{t("the supply of munitions ("), CrossRef{Text: "paragraphs 10–20", Target: "volume"}, t(");")},
		{t("the deployment of troops;"), b.fnt("See Section D above.")},
		{t("public endorsement of the invasion.")},
	}})
	b.np("", t("Each form of assistance had a substantial effect on the commission of the crime."), b.fnt("See Elements of Crimes, supra note 44."))

	b.add(&Signature{Place: "The Hague", Date: "1 March 2026", Lines: []string{"The Prosecutor", "International Criminal Court"}})
	return b.doc
}
