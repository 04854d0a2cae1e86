// Package figure compares the numbers a case relies on: it normalises units (miles and km,
// rounds and shells, troops and soldiers, USD), turns a figure and its qualifier into the range of
// values it allows ("about 10,000" is not 10,000; "at least 600" has no upper end), and lists
// every measure that sources report differently as a conflict. Reports are never merged.
package figure

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"dossier/internal/model"
)

// unit aliases → canonical unit and factor to it.
var units = map[string]struct {
	canon  string
	factor float64
}{
	"km": {"km", 1}, "kilometre": {"km", 1}, "kilometres": {"km", 1}, "kilometer": {"km", 1}, "kilometers": {"km", 1},
	"mi": {"km", 1.609344}, "mile": {"km", 1.609344}, "miles": {"km", 1.609344},
	"m": {"km", 0.001}, "metres": {"km", 0.001}, "meters": {"km", 0.001},
	"round": {"rounds", 1}, "rounds": {"rounds", 1}, "shell": {"rounds", 1}, "shells": {"rounds", 1}, "artillery shells": {"rounds", 1},
	"troop": {"troops", 1}, "troops": {"troops", 1}, "soldier": {"troops", 1}, "soldiers": {"troops", 1}, "personnel": {"troops", 1}, "military personnel": {"troops", 1},
	"person": {"persons", 1}, "persons": {"persons", 1}, "people": {"persons", 1},
	"usd": {"USD", 1}, "us$": {"USD", 1}, "$": {"USD", 1}, "dollar": {"USD", 1}, "dollars": {"USD", 1}, "us dollars": {"USD", 1},
	"usd-million": {"USD", 1e6}, "usd-billion": {"USD", 1e9},
	"%": {"percent", 1}, "percent": {"percent", 1}, "per cent": {"percent", 1},
	"missile": {"missiles", 1}, "missiles": {"missiles", 1},
	"year": {"years", 1}, "years": {"years", 1},
	"container": {"containers", 1}, "containers": {"containers", 1},
}

// NormaliseUnit returns the canonical unit and the factor that converts a value to it. Unknown
// units are returned lower-cased with factor 1.
func NormaliseUnit(u string) (string, float64) {
	k := strings.ToLower(strings.TrimSpace(u))
	if x, ok := units[k]; ok {
		return x.canon, x.factor
	}
	return k, 1
}

// Range is the set of values a figure allows, in its canonical unit. Lo may be -Inf, Hi +Inf.
type Range struct {
	Lo, Hi float64
	Unit   string
}

// AboutTolerance is how far "about" reaches either side of its value.
const AboutTolerance = 0.10

// RangeOf returns the values a figure allows.
func RangeOf(g *model.Figure) (Range, error) {
	unit, f := NormaliseUnit(g.Unit)
	r := Range{Unit: unit, Lo: math.Inf(-1), Hi: math.Inf(1)}
	switch {
	case g.Value != nil:
		v := *g.Value * f
		switch g.Qualifier {
		case "", model.Exact:
			r.Lo, r.Hi = v, v
		case model.About:
			r.Lo, r.Hi = v*(1-AboutTolerance), v*(1+AboutTolerance)
		case model.AtLeast:
			r.Lo = v
		case model.Over:
			r.Lo = math.Nextafter(v, math.Inf(1))
		case model.UpTo:
			r.Hi = v
			r.Lo = 0
		case model.Under:
			r.Hi = math.Nextafter(v, math.Inf(-1))
			r.Lo = 0
		default:
			return r, fmt.Errorf("unknown qualifier %q", g.Qualifier)
		}
	case g.Min != nil || g.Max != nil:
		if g.Min != nil {
			r.Lo = *g.Min * f
		}
		if g.Max != nil {
			r.Hi = *g.Max * f
		}
		if g.Qualifier == model.About {
			r.Lo *= 1 - AboutTolerance
			r.Hi *= 1 + AboutTolerance
		}
	default:
		return r, fmt.Errorf("figure %q has no value", g.Measure)
	}
	return r, nil
}

// Overlaps reports whether two ranges share a value.
func (r Range) Overlaps(o Range) bool { return r.Lo <= o.Hi && o.Lo <= r.Hi }

// Display writes a figure as a reader should see it: qualifier, value or range, unit, and the
// converted value when the unit was not canonical ("280 miles (≈451 km)").
func Display(g *model.Figure) string {
	var b strings.Builder
	switch g.Qualifier {
	case model.About:
		b.WriteString("about ")
	case model.AtLeast:
		b.WriteString("at least ")
	case model.Over:
		b.WriteString("over ")
	case model.UpTo:
		b.WriteString("up to ")
	case model.Under:
		b.WriteString("under ")
	}
	switch {
	case g.Value != nil:
		b.WriteString(Num(*g.Value))
	case g.Min != nil && g.Max != nil:
		b.WriteString(Num(*g.Min) + "–" + Num(*g.Max))
	case g.Min != nil:
		b.WriteString("from " + Num(*g.Min))
	case g.Max != nil:
		b.WriteString("up to " + Num(*g.Max))
	}
	b.WriteString(" " + g.Unit)
	canon, f := NormaliseUnit(g.Unit)
	if f != 1 && g.Value != nil {
		fmt.Fprintf(&b, " (≈%s %s)", Num(math.Round(*g.Value*f)), canon)
	}
	return b.String()
}

// Num formats a number with thousands separators and no trailing zeros.
func Num(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var out []byte
	for i, c := range []byte(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	res := string(out)
	if frac != "" {
		res += "." + frac
	}
	if neg {
		res = "-" + res
	}
	return res
}

// Report is one source's figure for a measure.
type Report struct {
	Fact    string       `json:"fact"`
	Source  string       `json:"source"`
	Figure  model.Figure `json:"figure"`
	Display string       `json:"display"`
	Range   [2]*float64  `json:"range"` // canonical unit; nil = unbounded
	Unit    string       `json:"unit"`
}

// Conflict lists the differing reports of one measure.
type Conflict struct {
	Measure string   `json:"measure"`
	Unit    string   `json:"unit"`
	Reports []Report `json:"reports"`
	// Inconsistent is true when two reports whose as-of dates overlap (or are unknown) allow no
	// common value; otherwise the reports merely differ (e.g. a figure that grew over time).
	Inconsistent bool   `json:"inconsistent"`
	Explanation  string `json:"explanation"`
}

// Measures groups every figure of a case by measure, in measure order, reports in fact order.
func Measures(facts []model.Fact) map[string][]Report {
	out := map[string][]Report{}
	for i := range facts {
		f := &facts[i]
		for j := range f.Figures {
			g := f.Figures[j]
			rep := Report{Fact: f.ID, Source: model.FigureSource(f, &g), Figure: g, Display: Display(&g)}
			if r, err := RangeOf(&g); err == nil {
				rep.Unit = r.Unit
				if !math.IsInf(r.Lo, -1) {
					lo := r.Lo
					rep.Range[0] = &lo
				}
				if !math.IsInf(r.Hi, 1) {
					hi := r.Hi
					rep.Range[1] = &hi
				}
			}
			out[g.Measure] = append(out[g.Measure], rep)
		}
	}
	return out
}

// Conflicts returns the measures reported in more than one way, sorted by measure.
func Conflicts(facts []model.Fact) []Conflict {
	ms := Measures(facts)
	names := make([]string, 0, len(ms))
	for m := range ms {
		names = append(names, m)
	}
	sort.Strings(names)
	var out []Conflict
	for _, m := range names {
		reps := ms[m]
		distinct := map[string]bool{}
		for _, r := range reps {
			distinct[key(r)] = true
		}
		if len(distinct) < 2 {
			continue
		}
		c := Conflict{Measure: m, Reports: reps, Unit: reps[0].Unit}
		var why []string
		for i := 0; i < len(reps); i++ {
			for j := i + 1; j < len(reps); j++ {
				a, b := reps[i], reps[j]
				if a.Unit != b.Unit {
					c.Inconsistent = true
					why = append(why, fmt.Sprintf("%s and %s use units that cannot be compared (%s, %s)", a.Fact, b.Fact, a.Unit, b.Unit))
					continue
				}
				ra, _ := RangeOf(&a.Figure)
				rb, _ := RangeOf(&b.Figure)
				if ra.Overlaps(rb) {
					continue
				}
				if !a.Figure.AsOf.EDTF.IsZero() && !b.Figure.AsOf.EDTF.IsZero() && !a.Figure.AsOf.EDTF.Overlaps(b.Figure.AsOf.EDTF) {
					why = append(why, fmt.Sprintf("%s (%s, as of %s) and %s (%s, as of %s) allow no common value but are dated differently", a.Fact, a.Display, a.Figure.AsOf.Display(), b.Fact, b.Display, b.Figure.AsOf.Display()))
					continue
				}
				c.Inconsistent = true
				why = append(why, fmt.Sprintf("%s (%s, source %s) and %s (%s, source %s) allow no common value", a.Fact, a.Display, a.Source, b.Fact, b.Display, b.Source))
			}
		}
		if len(why) == 0 {
			c.Explanation = fmt.Sprintf("%d reports state %s differently, but their ranges overlap", len(reps), m)
		} else {
			c.Explanation = strings.Join(why, "; ")
		}
		out = append(out, c)
	}
	return out
}

func key(r Report) string {
	g := r.Figure
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	return strings.Join([]string{f(g.Value), f(g.Min), f(g.Max), r.Unit, string(g.Qualifier)}, "|")
}
