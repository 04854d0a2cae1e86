package figure

import (
	"math"
	"strings"
	"testing"

	"dossier/internal/model"
)

func f64(v float64) *float64 { return &v }

func when(t *testing.T, s string) model.When {
	t.Helper()
	w, err := model.ParseWhen(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestRangeOf(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name   string
		g      model.Figure
		lo, hi float64
		unit   string
	}{
		{"exact", model.Figure{Value: f64(600), Unit: "troops"}, 600, 600, "troops"},
		{"about is not exact", model.Figure{Value: f64(10000), Unit: "troops", Qualifier: model.About}, 9000, 11000, "troops"},
		{"at least", model.Figure{Value: f64(4700), Unit: "persons", Qualifier: model.AtLeast}, 4700, inf, "persons"},
		{"up to", model.Figure{Value: f64(15000), Unit: "soldiers", Qualifier: model.UpTo}, 0, 15000, "troops"},
		{"range", model.Figure{Min: f64(40), Max: f64(60), Unit: "%"}, 40, 60, "percent"},
		{"miles to km", model.Figure{Value: f64(280), Unit: "miles"}, 280 * 1.609344, 280 * 1.609344, "km"},
		{"billions", model.Figure{Min: f64(2), Max: f64(5), Unit: "usd-billion"}, 2e9, 5e9, "USD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := RangeOf(&c.g)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(r.Lo-c.lo) > 1e-6 || (math.IsInf(c.hi, 1) != math.IsInf(r.Hi, 1)) || (!math.IsInf(c.hi, 1) && math.Abs(r.Hi-c.hi) > 1e-6) || r.Unit != c.unit {
				t.Errorf("got [%g, %g] %s, want [%g, %g] %s", r.Lo, r.Hi, r.Unit, c.lo, c.hi, c.unit)
			}
		})
	}
	if _, err := RangeOf(&model.Figure{Measure: "m", Unit: "x"}); err == nil {
		t.Error("a figure with no value must be an error")
	}
}

func TestDisplay(t *testing.T) {
	cases := []struct {
		g    model.Figure
		want string
	}{
		{model.Figure{Value: f64(10000), Unit: "troops", Qualifier: model.About}, "about 10,000 troops"},
		{model.Figure{Min: f64(20000), Max: f64(30000), Unit: "troops"}, "20,000–30,000 troops"},
		{model.Figure{Value: f64(280), Unit: "miles"}, "280 miles (≈451 km)"},
		{model.Figure{Value: f64(2000000), Unit: "rounds", Qualifier: model.Over}, "over 2,000,000 rounds"},
		{model.Figure{Value: f64(0.5), Unit: "usd-billion"}, "0.5 usd-billion (≈500,000,000 USD)"},
	}
	for _, c := range cases {
		if got := Display(&c.g); got != c.want {
			t.Errorf("Display = %q, want %q", got, c.want)
		}
	}
}

func TestConflicts(t *testing.T) {
	facts := []model.Fact{
		{ID: "dod", Excerpts: []model.Excerpt{{Source: "us-dod"}}, Figures: []model.Figure{{Measure: "troops", Value: f64(10000), Unit: "troops", Qualifier: model.About, AsOf: when(t, "2024-11")}}},
		{ID: "hur", Excerpts: []model.Excerpt{{Source: "ua-hur"}}, Figures: []model.Figure{{Measure: "troops", Value: f64(15000), Unit: "troops", Qualifier: model.UpTo, AsOf: when(t, "2025")}}},
		{ID: "kr", Excerpts: []model.Excerpt{{Source: "kr"}}, Figures: []model.Figure{{Measure: "casualties", Value: f64(4700), Unit: "persons", Qualifier: model.Over, AsOf: when(t, "2025-04")}}},
		{ID: "uk", Excerpts: []model.Excerpt{{Source: "uk"}}, Figures: []model.Figure{{Measure: "casualties", Value: f64(6000), Unit: "persons", Qualifier: model.Over, AsOf: when(t, "2025")}}},
		{ID: "half", Excerpts: []model.Excerpt{{Source: "g"}}, Figures: []model.Figure{{Measure: "share", Value: f64(50), Unit: "percent", Qualifier: model.About, AsOf: when(t, "2024")}}},
		{ID: "paper", Excerpts: []model.Excerpt{{Source: "p"}}, Figures: []model.Figure{{Measure: "share", Min: f64(40), Max: f64(60), Unit: "percent"}}},
		{ID: "same1", Excerpts: []model.Excerpt{{Source: "a"}}, Figures: []model.Figure{{Measure: "agree", Value: f64(600), Unit: "troops"}}},
		{ID: "same2", Excerpts: []model.Excerpt{{Source: "b"}}, Figures: []model.Figure{{Measure: "agree", Value: f64(600), Unit: "soldiers"}}},
		{ID: "x1", Excerpts: []model.Excerpt{{Source: "a"}}, Figures: []model.Figure{{Measure: "killed", Value: f64(600), Unit: "troops", AsOf: when(t, "2025-04")}}},
		{ID: "x2", Excerpts: []model.Excerpt{{Source: "b"}}, Figures: []model.Figure{{Measure: "killed", Value: f64(6000), Unit: "troops", AsOf: when(t, "2025-04")}}},
	}
	cs := Conflicts(facts)
	got := map[string]Conflict{}
	for _, c := range cs {
		got[c.Measure] = c
	}
	if _, ok := got["agree"]; ok {
		t.Error("600 troops and 600 soldiers are the same report: no conflict")
	}
	for _, m := range []string{"troops", "casualties", "share", "killed"} {
		if _, ok := got[m]; !ok {
			t.Errorf("measure %s reported differently but not listed", m)
		}
	}
	if got["troops"].Inconsistent {
		t.Error("about 10,000 and up to 15,000 overlap: differ, not inconsistent")
	}
	if !got["killed"].Inconsistent || !strings.Contains(got["killed"].Explanation, "allow no common value") {
		t.Errorf("600 vs 6,000 killed in the same month must be inconsistent: %+v", got["killed"])
	}
	if len(got["casualties"].Reports) != 2 {
		t.Error("both casualty reports must be kept, not merged")
	}
}

func TestNum(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 2500000: "2,500,000", -4700: "-4,700", 1.5: "1.5"} {
		if got := Num(in); got != want {
			t.Errorf("Num(%g) = %q, want %q", in, got, want)
		}
	}
}
