// Package timeline orders a case's facts in time and draws them. Uncertain dates are shown as
// what they are: a fact known only to "late 2024" is a bar across its possible months, a date
// that is one of three years is three marks, and an open end fades out; nothing is pinned to a
// false single day.
package timeline

import (
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strings"

	"dossier/internal/edtf"
	"dossier/internal/model"
)

// Entry is one fact on the timeline.
type Entry struct {
	Fact        string     `json:"fact"`
	When        model.When `json:"when"`
	Display     string     `json:"display"`
	Earliest    string     `json:"earliest,omitempty"`
	Latest      string     `json:"latest,omitempty"`
	Uncertain   bool       `json:"uncertain"`
	Approximate bool       `json:"approximate"`
	Statement   string     `json:"statement"`
	Where       string     `json:"where,omitempty"`
	Sources     []string   `json:"sources"`
	Credibility int        `json:"credibility"`
	Redacted    bool       `json:"redacted,omitempty"`
}

// Build returns the facts in chronological order (by earliest, then latest possible day; undated
// facts last).
func Build(facts []model.Fact) []Entry {
	idx := make([]int, len(facts))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		fa, fb := &facts[idx[a]], &facts[idx[b]]
		za, zb := fa.When.EDTF.IsZero(), fb.When.EDTF.IsZero()
		if za != zb {
			return zb
		}
		if c := edtf.Compare(fa.When.EDTF, fb.When.EDTF); c != 0 {
			return c < 0
		}
		return fa.ID < fb.ID
	})
	out := make([]Entry, 0, len(facts))
	for _, i := range idx {
		f := &facts[i]
		e := Entry{Fact: f.ID, When: f.When, Display: f.When.Display(), Statement: f.Statement, Where: f.Where,
			Credibility: f.Credibility, Uncertain: f.When.EDTF.Uncertain(), Approximate: f.When.EDTF.Approximate()}
		if d, ok := f.When.EDTF.Earliest(); ok && !f.When.EDTF.IsZero() {
			e.Earliest = d.String()
		}
		if d, ok := f.When.EDTF.Latest(); ok && !f.When.EDTF.IsZero() {
			e.Latest = d.String()
		}
		seen := map[string]bool{}
		for _, x := range f.Excerpts {
			if !seen[x.Source] {
				seen[x.Source] = true
				e.Sources = append(e.Sources, x.Source)
			}
		}
		if e.Sources == nil {
			e.Sources = []string{}
		}
		out = append(out, e)
	}
	return out
}

// SVG draws the timeline: one row per fact, a time axis with year ticks, each fact a bar over its
// possible days (a dot for a single day), possibilities of a one-of set drawn as separate marks,
// open ends faded, approximate or uncertain dates dashed.
func SVG(w io.Writer, title string, facts []model.Fact) error {
	entries := Build(facts)
	var lo, hi int64 = math.MaxInt64, math.MinInt64
	for _, f := range facts {
		if d, ok := f.When.EDTF.Earliest(); ok && !f.When.EDTF.IsZero() {
			lo = min(lo, d.Ordinal())
		}
		if d, ok := f.When.EDTF.Latest(); ok && !f.When.EDTF.IsZero() {
			hi = max(hi, d.Ordinal())
		}
	}
	if lo > hi {
		lo, hi = 0, 365
	}
	// pad to whole years
	loY := edtf.DayFromOrdinal(lo).Year
	hiY := edtf.DayFromOrdinal(hi).Year + 1
	lo = edtf.Day{Year: loY, Month: 1, Day: 1}.Ordinal()
	hi = edtf.Day{Year: hiY, Month: 1, Day: 1}.Ordinal()
	const (
		left, labelW, right, rowH, top = 20.0, 420.0, 30.0, 18.0, 60.0
		plotW                          = 900.0
	)
	width := left + labelW + plotW + right
	height := top + rowH*float64(len(entries)) + 40
	x := func(ord int64) float64 { return left + labelW + plotW*float64(ord-lo)/float64(max(1, hi-lo)) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<title>%s</title>`+"\n", html.EscapeString(title))
	b.WriteString(`<defs><linearGradient id="fadeR"><stop offset="0" stop-color="#1f4e79"/><stop offset="1" stop-color="#1f4e79" stop-opacity="0"/></linearGradient>` +
		`<linearGradient id="fadeL"><stop offset="0" stop-color="#1f4e79" stop-opacity="0"/><stop offset="1" stop-color="#1f4e79"/></linearGradient></defs>` + "\n")
	fmt.Fprintf(&b, `<text x="%.0f" y="24" font-size="16" font-weight="bold">%s</text>`+"\n", left, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%.0f" y="42" fill="#555">Bars span every day a fact may have happened; dashed = approximate or uncertain; faded end = open.</text>`+"\n", left)
	for y := loY; y <= hiY; y++ {
		xx := x(edtf.Day{Year: y, Month: 1, Day: 1}.Ordinal())
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#ddd"/>`, xx, top-6, xx, height-30)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" fill="#555">%d</text>`+"\n", xx, height-14, y)
	}
	for i, e := range entries {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<g><title>%s — %s</title>`, html.EscapeString(e.Display), html.EscapeString(e.Statement))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f">%s</text>`, left, y+12, html.EscapeString(trunc(e.Display+" · "+e.Statement, 70)))
		f := findFact(facts, e.Fact)
		dash := ""
		if e.Uncertain || e.Approximate {
			dash = ` stroke-dasharray="3,2"`
		}
		for _, sp := range spans(f.When.EDTF) {
			x1, x2 := x(sp.lo), x(sp.hi+1)
			fill := "#1f4e79"
			switch {
			case sp.openLo:
				x1, fill = x(lo), "url(#fadeL)"
			case sp.openHi:
				x2, fill = x(hi), "url(#fadeR)"
			}
			if x2-x1 < 4 {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#1f4e79" stroke="#1f4e79"%s/>`, (x1+x2)/2, y+8, dash)
			} else {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="10" rx="3" fill="%s" fill-opacity="0.75" stroke="#1f4e79"%s/>`, x1, y+3, x2-x1, fill, dash)
			}
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

type span struct {
	lo, hi         int64
	openLo, openHi bool
}

// spans returns the day ranges to draw: one per possibility of a one-of set, else one.
func spans(d edtf.Date) []span {
	if d.IsZero() {
		return nil
	}
	if d.IsOneOf() {
		// A one-of set of points is drawn as its members.
		inner := strings.Trim(d.String(), "[]")
		var out []span
		ok := true
		for _, m := range strings.Split(inner, ",") {
			md, err := edtf.Parse(strings.TrimSpace(m))
			if err != nil || strings.Contains(m, "..") {
				ok = false
				break
			}
			out = append(out, spans(md)...)
		}
		if ok {
			return out
		}
	}
	s := span{}
	if e, ok := d.Earliest(); ok {
		s.lo = e.Ordinal()
	} else {
		s.openLo = true
	}
	if l, ok := d.Latest(); ok {
		s.hi = l.Ordinal()
	} else {
		s.openHi = true
	}
	if s.openLo {
		s.lo = s.hi
	}
	if s.openHi {
		s.hi = s.lo
	}
	return []span{s}
}

func findFact(facts []model.Fact, id string) *model.Fact {
	for i := range facts {
		if facts[i].ID == id {
			return &facts[i]
		}
	}
	return &model.Fact{}
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
