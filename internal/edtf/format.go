package edtf

import (
	"strconv"
	"strings"
	"time"
)

func (pt point) yearText() string {
	if pt.neg {
		return "-" + pt.digits[0]
	}
	return pt.digits[0]
}

func (pt point) component(i int) string {
	if i == 0 {
		return pt.yearText()
	}
	return pt.digits[i]
}

// plainText is the point without qualifiers.
func (pt point) plainText() string {
	var b strings.Builder
	for i := 0; i < pt.n; i++ {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(pt.component(i))
	}
	return b.String()
}

// text is the canonical form: when the qualified components are a leading run sharing one
// qualifier, a single qualifier follows the last of them ("2004-06~-11", "2024?"); otherwise
// every qualified component carries its own qualifier in front ("?2004-06-~11").
func (pt point) text() string {
	k := -1
	for i := 0; i < pt.n; i++ {
		if pt.q[i] != 0 {
			k = i
		}
	}
	if k < 0 {
		return pt.plainText()
	}
	suffix := true
	for i := 0; i <= k; i++ {
		if pt.q[i] != pt.q[0] {
			suffix = false
		}
	}
	var b strings.Builder
	for i := 0; i < pt.n; i++ {
		if i > 0 {
			b.WriteByte('-')
		}
		if !suffix {
			b.WriteString(pt.q[i].String())
		}
		b.WriteString(pt.component(i))
		if suffix && i == k {
			b.WriteString(pt.q[0].String())
		}
	}
	return b.String()
}

func (e end) text() string {
	switch e.kind {
	case endOpen:
		return ".."
	case endUnknown:
		return ""
	}
	return e.p.text()
}

func (n node) String() string {
	switch n.kind {
	case kindSingle:
		return n.start.text()
	case kindInterval:
		return n.start.text() + "/" + n.end.text()
	case kindOneOf, kindAllOf:
		var b strings.Builder
		if n.kind == kindOneOf {
			b.WriteByte('[')
		} else {
			b.WriteByte('{')
		}
		for i, el := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			switch {
			case !el.isRange:
				b.WriteString(el.lo.text())
			default:
				if el.lo.kind == endDate {
					b.WriteString(el.lo.text())
				}
				b.WriteString("..")
				if el.hi.kind == endDate {
					b.WriteString(el.hi.text())
				}
			}
		}
		if n.kind == kindOneOf {
			b.WriteByte(']')
		} else {
			b.WriteByte('}')
		}
		return b.String()
	}
	return ""
}

// --- Human-readable English ---

var seasonNames = map[int]string{
	21: "spring", 22: "summer", 23: "autumn", 24: "winter",
	25: "spring", 26: "summer", 27: "autumn", 28: "winter", // northern hemisphere
	29: "spring", 30: "summer", 31: "autumn", 32: "winter", // southern hemisphere
	33: "first quarter", 34: "second quarter", 35: "third quarter", 36: "fourth quarter",
	37: "first four-month period", 38: "second four-month period", 39: "third four-month period",
	40: "first half", 41: "second half",
}

func humanYear(pt point) (text string, plain bool) {
	y := pt.digits[0]
	sign := ""
	if pt.neg {
		sign = "-"
	}
	x := strings.IndexByte(y, 'X')
	if x < 0 {
		v, _ := strconv.Atoi(y)
		if pt.neg {
			v = -v
		}
		if v <= 0 { // astronomical year 0 is 1 BC
			return strconv.Itoa(1-v) + " BC", true
		}
		return strconv.Itoa(v), true
	}
	trailing := strings.Count(y[x:], "X") == len(y)-x
	switch {
	case y == "XXXX":
		return "an unspecified year", false
	case trailing && x == 3:
		lo, _ := strconv.Atoi(y[:3] + "0")
		return "the " + sign + strconv.Itoa(lo) + "s", false
	case trailing:
		lo, _ := strconv.Atoi(strings.ReplaceAll(y, "X", "0"))
		hi, _ := strconv.Atoi(strings.ReplaceAll(y, "X", "9"))
		if pt.neg {
			lo, hi = -hi, -lo
		}
		return "a year from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi), false
	}
	return "a year matching " + sign + y + " (X = unspecified digit)", false
}

// matching lists the values in [lo,hi] that match pat.
func matching(pat string, lo, hi int) []int {
	var out []int
	for v := lo; v <= hi; v++ {
		if match(pat, v) {
			out = append(out, v)
		}
	}
	return out
}

func joinWords(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

func monthWords(pat string) string {
	ms := matching(pat, 1, 12)
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = time.Month(m).String()
	}
	return joinWords(names, "or")
}

// humanPlain renders the point without its qualifiers.
func humanPlain(pt point) string {
	year, plainYear := humanYear(pt)
	in := func(s string) string { // "June 2024", "June in the 2010s"
		if plainYear {
			return s + " " + year
		}
		return s + " in " + year
	}
	if pt.n == 1 {
		return year
	}
	if s := pt.season(); s != 0 {
		switch {
		case s >= 33:
			return seasonNames[s] + " of " + year
		case s >= 29:
			return in(seasonNames[s]) + " (southern hemisphere)"
		case s >= 25:
			return in(seasonNames[s]) + " (northern hemisphere)"
		}
		return in(seasonNames[s])
	}
	mpat := pt.digits[1]
	var month string
	switch {
	case mpat == "XX":
		month = ""
	case strings.IndexByte(mpat, 'X') >= 0:
		month = monthWords(mpat)
	default:
		m, _ := strconv.Atoi(mpat)
		month = time.Month(m).String()
	}
	if pt.n == 2 {
		if month == "" {
			return "some month in " + year
		}
		return in(month)
	}
	dpat := pt.digits[2]
	var day string
	switch {
	case dpat == "XX":
		day = ""
	case strings.IndexByte(dpat, 'X') >= 0:
		ds := matching(dpat, 1, 31)
		day = "a day from " + strconv.Itoa(ds[0]) + " to " + strconv.Itoa(ds[len(ds)-1])
	default:
		d, _ := strconv.Atoi(dpat)
		day = strconv.Itoa(d)
	}
	switch {
	case day == "" && month == "":
		return "some day in " + year
	case day == "":
		return in("some day in " + month)
	case month == "" && strings.IndexByte(dpat, 'X') < 0:
		d, _ := strconv.Atoi(dpat)
		return "the " + ordinal(d) + " of some month in " + year
	case month == "":
		return day + " of some month in " + year
	}
	return in(day + " " + month)
}

func qualWords(q qual) string {
	switch q {
	case qUncertain:
		return "uncertain"
	case qApproximate:
		return "approximate"
	case qUncertain | qApproximate:
		return "uncertain and approximate"
	}
	return ""
}

// humanPoint renders a point with its qualifiers: "about June 2024", "2024 (uncertain)",
// "11 June 2004 (year uncertain, day approximate)".
func humanPoint(pt point) string {
	s := humanPlain(pt)
	uniform := true
	for i := 1; i < pt.n; i++ {
		if pt.q[i] != pt.q[0] {
			uniform = false
		}
	}
	if uniform {
		q := pt.q[0]
		if q&qApproximate != 0 {
			s = "about " + s
		}
		if q&qUncertain != 0 {
			s += " (uncertain)"
		}
		return s
	}
	var parts []string
	for _, q := range []qual{qUncertain, qApproximate, qUncertain | qApproximate} {
		var names []string
		for i := 0; i < pt.n; i++ {
			if pt.q[i] == q {
				name := componentNames[i]
				if i == 1 && pt.season() != 0 {
					name = "season"
				}
				names = append(names, name)
			}
		}
		if len(names) > 0 {
			parts = append(parts, joinWords(names, "and")+" "+qualWords(q))
		}
	}
	return s + " (" + strings.Join(parts, ", ") + ")"
}

func (n node) human() string {
	switch n.kind {
	case kindSingle:
		return humanPoint(n.start.p)
	case kindInterval:
		switch {
		case n.start.kind == endOpen:
			return "until " + humanPoint(n.end.p) + " (start open)"
		case n.start.kind == endUnknown:
			return "until " + humanPoint(n.end.p) + " (start unknown)"
		case n.end.kind == endOpen:
			return "from " + humanPoint(n.start.p) + " (end open)"
		case n.end.kind == endUnknown:
			return "from " + humanPoint(n.start.p) + " (end unknown)"
		}
		return "from " + humanPoint(n.start.p) + " to " + humanPoint(n.end.p)
	case kindOneOf, kindAllOf:
		conj := "or"
		if n.kind == kindAllOf {
			conj = "and"
		}
		if s, ok := n.humanSameDay(conj); ok {
			return s
		}
		items := make([]string, len(n.elems))
		for i, el := range n.elems {
			items[i] = humanElement(el, n.kind)
		}
		return joinWords(items, conj)
	}
	return ""
}

func humanElement(el element, k nodeKind) string {
	switch {
	case !el.isRange:
		return humanPoint(el.lo.p)
	case el.lo.kind == endOpen:
		return "on or before " + humanPoint(el.hi.p)
	case el.hi.kind == endOpen:
		return humanPoint(el.lo.p) + " or later"
	case k == kindOneOf:
		return "between " + humanPoint(el.lo.p) + " and " + humanPoint(el.hi.p)
	}
	return humanPoint(el.lo.p) + " to " + humanPoint(el.hi.p)
}

// humanSameDay renders a set of plain dates that differ only in their year, keeping every
// possibility visible: "8 January 1982, 1983 or 1984".
func (n node) humanSameDay(conj string) (string, bool) {
	if len(n.elems) < 2 {
		return "", false
	}
	first := n.elems[0].lo.p
	if first.n < 2 || first.season() != 0 {
		return "", false
	}
	years := make([]string, len(n.elems))
	for i, el := range n.elems {
		pt := el.lo.p
		if el.isRange || pt.hasX() || pt.quals() != 0 || pt.n != first.n || pt.digits[1] != first.digits[1] || pt.digits[2] != first.digits[2] {
			return "", false
		}
		years[i], _ = humanYear(pt)
	}
	prefix := strings.TrimSuffix(humanPlain(first), " "+years[0])
	return prefix + " " + joinWords(years, conj), true
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
