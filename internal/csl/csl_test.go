package csl

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"dossier/internal/model"
)

func when(t *testing.T, s string) model.When {
	t.Helper()
	w, err := model.ParseWhen(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestRoundTrip(t *testing.T) {
	srcs := []model.Source{
		{ID: "dod", Kind: model.News, Title: "Pentagon Says 10K", Author: []model.CSLName{{Family: "Garamone", Given: "Jim"}},
			ContainerTitle: "DOD News", Issued: when(t, "2024-11-04"), URL: "https://example.org/a", Accessed: when(t, "2025-07-29"),
			Origin: "us-dod", Reliability: "B", Language: "en", Problems: []string{"title differs in fn 43"}, Notes: "cited in fn 30"},
		{ID: "res", Kind: model.UNDocument, Title: "S.C. Res. 2270", Number: "S/RES/2270(2016)", Issued: when(t, "2016-03-02")},
		{ID: "late", Kind: model.Report, Title: "T", Issued: model.When{EDTF: when(t, "2024-09/2024-12").EDTF, Text: "late 2024"}, Confidentiality: model.Confidential},
		{ID: "circa", Kind: model.Web, Title: "T", Issued: when(t, "2023~"), Author: []model.CSLName{{Literal: "Ukraine Accountability Project"}}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, srcs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"date-parts"`) || !strings.Contains(buf.String(), `"raw": "2024-09/2024-12"`) {
		t.Errorf("dates not in CSL form:\n%s", buf.String())
	}
	back, probs, err := Read(&buf)
	if err != nil || len(probs) != 0 {
		t.Fatalf("read: %v %v", err, probs)
	}
	byID := map[string]model.Source{}
	for _, s := range back {
		byID[s.ID] = s
	}
	for _, s := range srcs {
		if !reflect.DeepEqual(byID[s.ID], s) {
			t.Errorf("%s changed:\n got %+v\nwant %+v", s.ID, byID[s.ID], s)
		}
	}
}

func TestReadZoteroStyle(t *testing.T) {
	in := `[{"id":"http://zotero.org/users/1/items/ABCD12","type":"article-newspaper","title":"T","issued":{"date-parts":[["2024","6"]]},"note":"some user note"}]`
	got, probs, err := Read(strings.NewReader(in))
	if err != nil || len(probs) != 0 || len(got) != 1 {
		t.Fatalf("%v %v %v", got, probs, err)
	}
	if got[0].ID != "abcd12" || got[0].Kind != model.News || got[0].Issued.EDTF.String() != "2024-06" || got[0].Notes != "some user note" {
		t.Errorf("got %+v", got[0])
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`[{"id":"a","type":"webpage","title":"T","issued":{"date-parts":[[2024,6,1]]}}]`)
	f.Add(`{"id":"b","type":"report","issued":{"raw":"2024-09/2024-12","literal":"late 2024"},"note":"dossier-kind: un-document\ndossier-problem: x"}`)
	f.Add(`[{"id":"c","accessed":{"date-parts":[["x"]]}}]`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		srcs, probs, err := Read(strings.NewReader(in))
		if err != nil || len(probs) > 0 {
			return
		}
		// What reads must write and read back to the same sources.
		var buf bytes.Buffer
		if err := Write(&buf, srcs); err != nil {
			t.Fatalf("write: %v", err)
		}
		again, probs, err := Read(&buf)
		if err != nil || len(probs) > 0 || len(again) != len(srcs) {
			t.Fatalf("re-read: %v %v", err, probs)
		}
	})
}
