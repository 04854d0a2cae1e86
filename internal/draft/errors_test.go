package draft

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dossier/internal/model"
	"dossier/internal/render"
)

// smallCase is a case with one confidential source, one confidential fact and one confidential
// actor, beside public ones.
func smallCase(t testing.TB) *model.Bundle {
	t.Helper()
	when := func(s string) model.When {
		w, err := model.ParseWhen(s)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	return &model.Bundle{
		Case: model.Case{ID: "test-case", Title: "The Prosecutor v. Public Accused", Accused: []string{"accused"}, Forum: "icc", Stage: "warrant"},
		Actors: []model.Actor{
			{ID: "accused", Kind: model.Person, Name: "Public Accused", Born: model.When{EDTF: when("[1982-01-08,1983-01-08]").EDTF, Text: "8 January 1982 or 1983"}},
			{ID: "handler", Kind: model.Person, Name: "Codename Nightjar", Aliases: []string{"Nightjar"}, Confidentiality: model.Confidential},
		},
		Sources: []model.Source{
			{ID: "public-report", Kind: model.News, Title: "Troops Seen at the Border", Author: []model.CSLName{{Family: "Writer", Given: "Open"}},
				ContainerTitle: "Daily Paper", Issued: when("2024-11-04"), URL: "https://news.example/troops"},
			{ID: "secret-witness-7", Kind: model.WitnessStatement, Title: "Statement of Witness Seven", Author: []model.CSLName{{Family: "Hiddenperson", Given: "Anna"}},
				Issued: when("2025-01-10"), URL: "https://vault.example/w7", Confidentiality: model.Confidential},
		},
		Facts: []model.Fact{
			{ID: "troops-at-border", Statement: "Troops were seen at the border.", When: when("2024-11"), Credibility: 2,
				Excerpts: []model.Excerpt{{Source: "public-report", Pinpoint: "at 2"}}},
			{ID: "secret-meeting", Statement: "The accused met the courier in Sinuiju.", When: when("2024-10"), Credibility: 3,
				Confidentiality: model.Confidential, Excerpts: []model.Excerpt{{Source: "public-report"}}},
			{ID: "witness-saw-orders", Statement: "A witness saw written deployment orders.", When: when("2024-09"), Credibility: 3,
				Excerpts: []model.Excerpt{{Source: "secret-witness-7", Pinpoint: "para. 4"}}},
		},
	}
}

const goodBody = `---
kind: indictment
title: Indictment
court: TEST COURT
date: 2025-01-31
signatory: The Prosecutor
---
## The accused

1. [actor:accused] was born on [born:accused] [#troops-at-border]. {#accused}

2. The accused met a handler, [actor:handler], in October 2024 [#secret-meeting]. {#meeting}

3. Written orders were seen [@secret-witness-7, para. 4]. The border was crossed [#troops-at-border]. {#orders}

4. Nightjar reported to the accused, as [¶@accused–@orders] show [#witness-saw-orders].

{{chronology}}
`

func compileBody(t testing.TB, body string, opts Options) (*render.Document, error) {
	t.Helper()
	b := smallCase(t)
	return Compile(context.Background(), &model.DraftDoc{ID: "t", Path: "t.md", Body: body}, b, testLib(t), opts)
}

func TestGoodDraft(t *testing.T) {
	doc, err := compileBody(t, goodBody, Options{})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	if doc.Version != VersionConfidential {
		t.Errorf("version = %q", doc.Version)
	}
	var nums []int
	for _, b := range doc.Blocks {
		if p, ok := b.(*render.NumberedParagraph); ok {
			nums = append(nums, p.Number)
		}
	}
	if len(nums) != 4 || nums[3] != 4 {
		t.Errorf("numbers = %v", nums)
	}
}

func TestDraftErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"missing label", "---\nkind: brief\n---\n1. See [¶@nowhere].\n", "t.md:4: cross-reference: no paragraph labelled {#nowhere}"},
		{"unknown source", "---\nkind: brief\n---\nText.\n\nMore [@no-such-source, at 3].\n", "t.md:6: citation: no source \"no-such-source\" in the case"},
		{"unknown source on a later line of a paragraph", "---\nkind: brief\n---\nFirst line\nsecond line [@public-report]\nthird [@public-reprot].\n", "t.md:6: citation: no source \"public-reprot\" in the case (did you mean public-report?)"},
		{"unknown fact", "---\nkind: brief\n---\nText [#no-such-fact].\n", "t.md:4: fact: no fact \"no-such-fact\" in the case"},
		{"nonexistent provision", "---\nkind: brief\n---\nUnder [art:rome-statute/25/c/3].\n", "t.md:4: provision: Article 25(c)(3): no such provision"},
		{"backwards range", "---\nkind: brief\n---\n1. A. {#a}\n\n1. B. {#b}\n\n1. See [¶@b–@a].\n", "t.md:8: cross-reference: range [¶@b–@a] runs backwards (paragraph 2 to 1)"},
		{"range with hyphen includes the referring paragraph", "---\nkind: brief\n---\n1. A. {#a}\n\n1. B [¶@a-@c]. {#b}\n\n1. C. {#c}\n", "t.md:6: cross-reference: range [¶@a-@c] (paragraphs 1–3) includes the paragraph that refers to it (2)"},
		{"duplicate label", "---\nkind: brief\n---\n1. A. {#a}\n\n1. B. {#a}\n", "t.md:6: label: {#a} is already used on line 4"},
		{"unknown directive", "---\nkind: brief\n---\n{{countz}}\n", "t.md:4: directive: unknown directive {{countz}}"},
		{"unknown actor", "---\nkind: brief\n---\n[actor:nobody] did it.\n", "t.md:4: actor: no actor \"nobody\" in the case"},
		{"unknown front matter key", "---\nkind: brief\ncourtt: X\n---\nText.\n", "t.md:3: courtt: unknown key"},
		{"bad kind", "---\nkind: memo\n---\nText.\n", "t.md:2: kind: unknown kind \"memo\""},
		{"no front matter", "Text.\n", "t.md:1: front matter: missing"},
		{"counts without charges", "---\nkind: indictment\n---\n{{counts}}\n", "t.md:4: directive: {{counts}}: the case has no charges"},
		{"fact with a pinpoint", "---\nkind: brief\n---\nText [#troops-at-border, at 3].\n", "t.md:4: fact: [#troops-at-border, at 3]: a fact takes no pinpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := compileBody(t, tt.body, Options{})
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			if doc != nil {
				t.Error("a document was returned with errors")
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, want Errors: %v", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// TestPublicLeak renders the public version of a case with a confidential source, fact and
// actor in every format and searches the bytes (every DOCX part; the PDF's extracted text) for
// their identifying strings. The confidential version must contain them.
func TestPublicLeak(t *testing.T) {
	secrets := []string{"secret-witness-7", "Statement of Witness Seven", "Hiddenperson", "https://vault.example/w7", "vault.example",
		"Nightjar", "secret-meeting", "met the courier in Sinuiju"}
	texts := func(out map[render.Format][]byte) map[string]string {
		m := map[string]string{
			"md":   string(out[render.FormatMarkdown]),
			"html": string(out[render.FormatHTML]),
		}
		for name, txt := range docxText(t, out[render.FormatDOCX]) {
			m["docx:"+name] = txt
		}
		m["pdf"] = pdfText(t, out[render.FormatPDF])
		m["pdf:raw"] = string(out[render.FormatPDF])
		return m
	}
	pub, err := compileBody(t, goodBody, Options{Public: true})
	if err != nil {
		t.Fatal(err)
	}
	if pub.Version != VersionPublic {
		t.Errorf("public version = %q", pub.Version)
	}
	for where, txt := range texts(renderAll(t, pub)) {
		for _, s := range secrets {
			if strings.Contains(strings.ToLower(txt), strings.ToLower(s)) {
				t.Errorf("public version leaks %q in %s", s, where)
			}
		}
	}
	pt := texts(renderAll(t, pub))
	for _, where := range []string{"md", "html", "docx:word/document.xml", "pdf"} {
		if !strings.Contains(pt[where], "REDACTED") {
			t.Errorf("public %s has no [REDACTED] marker", where)
		}
		if !strings.Contains(pt[where], VersionPublic) && !strings.Contains(pt["docx:word/header1.xml"]+pt[where], VersionPublic) {
			t.Errorf("public %s does not say it is the public version", where)
		}
	}
	full, err := compileBody(t, goodBody, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ft := texts(renderAll(t, full))
	for _, where := range []string{"md", "html", "docx", "pdf"} {
		var all string
		for k, v := range ft {
			if k == where || strings.HasPrefix(k, where+":") && !strings.HasSuffix(k, "#raw") && k != "pdf:raw" {
				all += v
			}
		}
		for _, s := range []string{"Statement of Witness Seven", "Hiddenperson", "Nightjar", "met the courier in Sinuiju"} {
			if !strings.Contains(all, s) {
				t.Errorf("confidential %s lacks %q", where, s)
			}
		}
		if strings.Contains(all, "[REDACTED]") {
			t.Errorf("confidential %s contains [REDACTED]", where)
		}
	}
}
