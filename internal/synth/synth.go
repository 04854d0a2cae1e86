// Package synth generates valid synthetic cases of any size, deterministically from a seed, for
// benchmarks and load tests. The text is built from a fixed vocabulary so that full-text search
// has realistic term frequencies (a few common words, a long tail of rare ones).
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"dossier/internal/edtf"
	"dossier/internal/model"
)

// Options size a synthetic case.
type Options struct {
	Sources int
	Facts   int
	Seed    uint64
	// Charges and FindingsPerFact add counts and findings; Elements names the elements a finding
	// may link to (from the law library), one slice per count.
	Charges  []model.Charge
	Elements [][]string
	Findings int
}

var words = strings.Fields(`artillery shells missiles rail shipment port convoy troops battalion brigade
deployment satellite imagery intelligence assessment summit treaty ministry statement officials
casualties wounded killed strike launcher ammunition depot border region front offensive defence
sanctions resolution council vote embassy delegation agreement cooperation logistics supply train
vessel cargo container warehouse factory production plant engineers sappers construction video
footage fragments markings serial manufacture inspection report analysts researchers reporters
witness testimony interview documents leaked intercepted communications command control doctrine
uniforms identification cards officers political loyalty training exercise drills payment billion
million dollars oil fuel food technology submarine nuclear programme veto diplomatic cover`)

var places = []string{"Kursk", "Bryansk", "Kharkiv", "Kyiv", "Pyongyang", "Vladivostok", "Rason", "Wonsan", "Moscow", "Belgorod", "Donetsk", "Luhansk", "Zaporizhzhia"}

var outlets = []string{"Reuters", "BBC News", "The Guardian", "Associated Press", "Yonhap", "Kyiv Independent", "Le Monde", "The New York Times", "CSIS Beyond Parallel", "Open Source Centre", "38 North", "NK News"}

var origins = []string{"ua-hur", "kr-nis", "us-dod", "uk-di", "dprk-kcna", "ru-kremlin", "osint", ""}

func sentence(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		// Zipf-like: low indexes far more often.
		w := words[int(float64(len(words))*r.Float64()*r.Float64()*r.Float64())]
		b.WriteString(w)
	}
	return b.String()
}

// Case returns a synthetic case.
func Case(o Options) *model.Bundle {
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	b := &model.Bundle{
		Case: model.Case{ID: "synthetic", Title: fmt.Sprintf("Synthetic case (%d sources, %d facts, seed %d)", o.Sources, o.Facts, o.Seed),
			Accused: []string{"accused"}, Forum: "icc", Stage: "warrant", Confidentiality: model.Public},
		Actors: []model.Actor{
			{ID: "accused", Kind: model.Person, Name: "Synthetic Accused", Born: when("[1982-01-08,1983-01-08,1984-01-08]")},
			{ID: "principal", Kind: model.Person, Name: "Synthetic Principal"},
			{ID: "state-a", Kind: model.State, Name: "State A"},
			{ID: "state-b", Kind: model.State, Name: "State B"},
			{ID: "state-c", Kind: model.State, Name: "State C"},
		},
		Charges: o.Charges,
	}
	base := edtf.Day{Year: 2023, Month: 1, Day: 1}.Ordinal()
	b.Sources = make([]model.Source, o.Sources)
	for i := range b.Sources {
		issued := edtf.DayFromOrdinal(base + int64(r.IntN(900))) // before the accessed date
		s := &b.Sources[i]
		s.ID = fmt.Sprintf("s%07d", i)
		s.Kind = model.News
		s.Title = capitalise(sentence(r, 6+r.IntN(6)))
		s.ContainerTitle = outlets[r.IntN(len(outlets))]
		s.Author = []model.CSLName{{Family: "Author" + fmt.Sprint(r.IntN(5000)), Given: "A."}}
		s.Issued = model.When{EDTF: edtf.FromDay(issued)}
		s.URL = fmt.Sprintf("https://news.example.org/%d/%s", issued.Year, s.ID)
		s.Accessed = when("2025-07-29")
		s.Origin = origins[r.IntN(len(origins))]
		s.Reliability = string(rune('A' + r.IntN(4)))
		s.Language = "en"
		s.Notes = sentence(r, 20+r.IntN(30))
	}
	b.Facts = make([]model.Fact, o.Facts)
	for i := range b.Facts {
		f := &b.Facts[i]
		f.ID = fmt.Sprintf("f%07d", i)
		day := edtf.DayFromOrdinal(base - int64(r.IntN(400)))
		switch r.IntN(4) {
		case 0:
			f.When = model.When{EDTF: edtf.FromDay(day)}
		case 1:
			f.When = when(fmt.Sprintf("%04d-%02d", day.Year, day.Month))
		case 2:
			f.When = model.When{EDTF: mustParse(fmt.Sprintf("%04d-%02d~", day.Year, day.Month)), Text: "about " + day.Month.String()}
		default:
			f.When = when(fmt.Sprintf("%04d", day.Year))
		}
		f.Statement = capitalise(sentence(r, 12+r.IntN(12))) + "."
		f.Where = places[r.IntN(len(places))]
		f.Actors = []model.Role{{Actor: "accused", Role: "supplier"}, {Actor: "state-b", Role: "recipient"}}
		f.Credibility = 1 + r.IntN(6)
		f.Review = model.Draft
		if o.Sources > 0 {
			n := 1 + r.IntN(3)
			for k := 0; k < n; k++ {
				f.Excerpts = append(f.Excerpts, model.Excerpt{Source: fmt.Sprintf("s%07d", r.IntN(o.Sources)), Pinpoint: fmt.Sprintf("para. %d", 1+r.IntN(40))})
			}
			if r.IntN(10) == 0 {
				v := float64(1000 * (1 + r.IntN(30)))
				f.Figures = []model.Figure{{Measure: fmt.Sprintf("measure-%d", r.IntN(50)), Value: &v, Unit: "troops", Qualifier: model.About, AsOf: f.When}}
			}
		}
	}
	for i := 0; i < o.Findings && len(o.Charges) > 0 && o.Facts > 0; i++ {
		ci := r.IntN(len(o.Charges))
		els := o.Elements[ci]
		stance := model.Supports
		if r.IntN(8) == 0 {
			stance = model.Contradicts
		}
		b.Findings = append(b.Findings, model.Finding{ID: fmt.Sprintf("g%07d", i), Charge: o.Charges[ci].ID, Element: els[r.IntN(len(els))],
			Fact: fmt.Sprintf("f%07d", r.IntN(o.Facts)), Stance: stance, Reason: "synthetic link"})
	}
	return b
}

func when(s string) model.When { return model.When{EDTF: mustParse(s)} }

func mustParse(s string) edtf.Date {
	d, err := edtf.Parse(s)
	if err != nil {
		// the generator's own literals: a failure is a bug in this file, caught by its tests
		return edtf.Date{}
	}
	return d
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
