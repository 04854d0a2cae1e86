package timeline

import (
	"bytes"
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

func TestBuildOrder(t *testing.T) {
	facts := []model.Fact{
		{ID: "day", When: when(t, "2024-06-19"), Statement: "visit"},
		{ID: "year", When: when(t, "2024"), Statement: "shipments"},
		{ID: "undated", Statement: "no date"},
		{ID: "born", When: when(t, "[1982-01-08,1983-01-08,1984-01-08]"), Statement: "born"},
		{ID: "late", When: model.When{EDTF: when(t, "2024-09/2024-12").EDTF, Text: "late 2024"}, Statement: "deployed"},
	}
	got := Build(facts)
	var ids []string
	for _, e := range got {
		ids = append(ids, e.Fact)
	}
	if strings.Join(ids, ",") != "born,year,day,late,undated" {
		t.Fatalf("order: %v", ids)
	}
	if got[0].Earliest != "1982-01-08" || got[0].Latest != "1984-01-08" || !strings.Contains(got[0].Display, "1983") {
		t.Errorf("uncertain birth date flattened: %+v", got[0])
	}
	if got[3].Display != "late 2024 [from September 2024 to December 2024]" && !strings.HasPrefix(got[3].Display, "late 2024") {
		t.Errorf("wording lost: %q", got[3].Display)
	}
}

func TestSVG(t *testing.T) {
	facts := []model.Fact{
		{ID: "born", When: when(t, "[1982-01-08,1983-01-08,1984-01-08]"), Statement: "born <b>"},
		{ID: "open", When: when(t, "2024-06/.."), Statement: "ongoing"},
		{ID: "approx", When: when(t, "2023-24~"), Statement: "strikes"},
	}
	var buf bytes.Buffer
	if err := SVG(&buf, "T & T", facts); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if strings.Count(s, "<circle") != 3 {
		t.Errorf("a one-of set of three days must be three marks: %d", strings.Count(s, "<circle"))
	}
	for _, want := range []string{"url(#fadeR)", "stroke-dasharray", "T &amp; T", "born &lt;b&gt;"} {
		if !strings.Contains(s, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
}
