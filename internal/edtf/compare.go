package edtf

import (
	"fmt"
	"strings"
)

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.kind == kindNone }

// String returns the canonical EDTF text ("" for the zero Date). Parse(d.String()) == d.
func (d Date) String() string { return d.text }

// Earliest returns the first day d can denote; false when the lower end is open or unknown (or d
// is zero).
func (d Date) Earliest() (Day, bool) {
	if d.IsZero() || !d.loOK {
		return Day{}, false
	}
	return d.lo, true
}

// Latest returns the last day d can denote; false when the upper end is open or unknown (or d is
// zero).
func (d Date) Latest() (Day, bool) {
	if d.IsZero() || !d.hiOK {
		return Day{}, false
	}
	return d.hi, true
}

// Uncertain reports whether any part of d is marked uncertain (? or %).
func (d Date) Uncertain() bool { return d.uncertain }

// Approximate reports whether any part of d is marked approximate (~ or %).
func (d Date) Approximate() bool { return d.approximate }

// IsInterval reports whether d is an interval A/B.
func (d Date) IsInterval() bool { return d.kind == kindInterval }

// IsSet reports whether d is a set: [..] (one of) or {..} (all of).
func (d Date) IsSet() bool { return d.kind == kindOneOf || d.kind == kindAllOf }

// IsOneOf reports whether d is a one-of set [..]: exactly one member is the date.
func (d Date) IsOneOf() bool { return d.kind == kindOneOf }

// StartUnknown reports whether d is an interval whose start is unknown ("/2024"), as opposed to
// open ("../2024").
func (d Date) StartUnknown() bool { return d.startUnknown }

// EndUnknown reports whether d is an interval whose end is unknown ("2024-06/"), as opposed to
// open ("2024-06/..").
func (d Date) EndUnknown() bool { return d.endUnknown }

// Precision reports how finely d is known (the coarsest of its dates for intervals and sets).
func (d Date) Precision() Precision { return d.precision }

// Human renders d in plain English: "8 January 1982, 1983 or 1984", "winter 2023",
// "about June 2024", "2024 (uncertain)", "from June 2024 (end open)". The zero Date gives "".
func (d Date) Human() string {
	if d.IsZero() {
		return ""
	}
	n, err := parse(d.text)
	if err != nil { // cannot happen for a Date made by Parse
		return d.text
	}
	return n.human()
}

// MarshalText returns the canonical text; the zero Date marshals to empty text.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.text), nil }

// UnmarshalText parses EDTF text; empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return fmt.Errorf("unmarshal date: %w", err)
	}
	*d = v
	return nil
}

// cmpLower compares lower ends, an unbounded end sorting first.
func cmpLower(a Day, aok bool, b Day, bok bool) int {
	switch {
	case !aok && !bok:
		return 0
	case !aok:
		return -1
	case !bok:
		return 1
	}
	return a.Compare(b)
}

// cmpUpper compares upper ends, an unbounded end sorting last.
func cmpUpper(a Day, aok bool, b Day, bok bool) int {
	switch {
	case !aok && !bok:
		return 0
	case !aok:
		return 1
	case !bok:
		return -1
	}
	return a.Compare(b)
}

// Compare orders dates for sorting: the zero Date first, then by earliest day (unbounded
// first), then by latest day (unbounded last), then by canonical text. It is a total order and
// returns 0 only for equal Dates.
func Compare(a, b Date) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return -1
	case b.IsZero():
		return 1
	}
	if c := cmpLower(a.lo, a.loOK, b.lo, b.loOK); c != 0 {
		return c
	}
	if c := cmpUpper(a.hi, a.hiOK, b.hi, b.hiOK); c != 0 {
		return c
	}
	return strings.Compare(a.text, b.text)
}

// Before reports whether d is definitely before o: d's latest day is before o's earliest day,
// both being bounded. "2024" is not before "2024-06-19", nor after it.
func (d Date) Before(o Date) bool {
	dh, ok1 := d.Latest()
	ol, ok2 := o.Earliest()
	return ok1 && ok2 && dh.Compare(ol) < 0
}

// After reports whether d is definitely after o (o.Before(d)).
func (d Date) After(o Date) bool { return o.Before(d) }

// span is one range of possible days; unbounded ends have ok=false.
type span struct {
	lo, hi     Day
	loOK, hiOK bool
}

func (s span) overlaps(t span) bool {
	// s.lo <= t.hi && t.lo <= s.hi, unbounded ends always satisfy their side.
	if s.loOK && t.hiOK && s.lo.Compare(t.hi) > 0 {
		return false
	}
	if t.loOK && s.hiOK && t.lo.Compare(s.hi) > 0 {
		return false
	}
	return true
}

// spans lists the ranges of possible days: one for a single date or an interval (earliest ..
// latest), one per member for a set, so that the days between the members of
// [1982-01-08,1984-01-08] are not counted as possible.
func (d Date) spans() []span {
	if d.IsZero() {
		return nil
	}
	whole := []span{{d.lo, d.hi, d.loOK, d.hiOK}}
	if !d.IsSet() {
		return whole
	}
	n, err := parse(d.text)
	if err != nil {
		return whole
	}
	out := make([]span, 0, len(n.elems))
	for _, el := range n.elems {
		var s span
		if el.lo.kind == endDate {
			s.lo, s.loOK = el.lo.p.lo, true
		}
		switch {
		case !el.isRange:
			s.hi, s.hiOK = el.lo.p.hi, true
		case el.hi.kind == endDate:
			s.hi, s.hiOK = el.hi.p.hi, true
		}
		out = append(out, s)
	}
	return out
}

// Overlaps reports whether d and o can denote a common day: some range of possibility of d
// intersects some range of o. A set's members count separately; a single date or an interval
// counts as the whole range from its earliest to its latest day. Zero Dates overlap nothing.
func (d Date) Overlaps(o Date) bool {
	if d.IsZero() || o.IsZero() {
		return false
	}
	ds, os := d.spans(), o.spans()
	for _, a := range ds {
		for _, b := range os {
			if a.overlaps(b) {
				return true
			}
		}
	}
	return false
}

// Contains reports whether day is one of the days d can denote (in the sense of Overlaps).
func (d Date) Contains(day Day) bool {
	for _, s := range d.spans() {
		if s.overlaps(span{day, day, true, true}) {
			return true
		}
	}
	return false
}
