// Package edtf parses and compares uncertain dates written in EDTF, the Extended Date/Time
// Format of the Library of Congress, standardised as ISO 8601-2:2019.
//
// Legal facts are rarely dated to the day: "born 8 January, between 1982 and 1984", "about June
// 2024", "winter 2023", "from June 2024, end unknown". EDTF writes each of these without coercing
// it to one false-precise day, and this package gives every value the earliest and latest civil
// day it can denote, so that facts can be sorted and compared honestly ("2024" is neither before
// nor after "2024-06-19"; they overlap).
//
// The parser is written by hand: no maintained Go EDTF library is available to this module
// (none is installable from the module proxy the project allows), and the subset needed is small.
// It covers dates only. Times ("2024-06-19T10:00") are rejected with a clear error, as are
// Y-prefixed years beyond 9999, exponents and significant digits. Supported (see docs/edtf.md):
//
//   - Level 0: YYYY, YYYY-MM, YYYY-MM-DD, negative years (-0044), intervals A/B.
//   - Level 1: ? ~ % on a whole date; X for unspecified digits (201X, 2024-XX, 2024-06-XX);
//     open (..) and unknown (empty) interval ends; seasons 21-24.
//   - Level 2: ? ~ % on single components ("2004-06~-11", "?2004-06-~11"); X in any digit;
//     seasons and sub-year groupings 25-41; sets [a,b] (one of) and {a,b} (all of) with ranges
//     (a..b, ..a, a..).
//
// A Date is a small comparable value: two Dates are == exactly when their canonical text is equal.
package edtf

import (
	"fmt"
	"strings"
)

// Precision says how finely a date is known, for display. For intervals and sets it is the
// coarsest precision of the dates they contain.
type Precision uint8

// Precisions, from finest to coarsest. PrecisionNone belongs to the zero Date only.
const (
	PrecisionNone        Precision = iota
	PrecisionDay                   // 2024-06-19
	PrecisionMonth                 // 2024-06, 2024-06-XX
	PrecisionSeason                // 2024-21 .. 2024-41 (seasons, quarters, quadrimesters, halves)
	PrecisionYear                  // 2024, 2024-XX, 2024-XX-15
	PrecisionDecade                // 201X
	PrecisionCentury               // 19XX
	PrecisionMillennium            // 1XXX
	PrecisionUnspecified           // XXXX
)

var precisionNames = [...]string{"", "day", "month", "season", "year", "decade", "century", "millennium", "unspecified"}

func (p Precision) String() string {
	if int(p) < len(precisionNames) {
		return precisionNames[p]
	}
	return fmt.Sprintf("Precision(%d)", uint8(p))
}

// Date is a parsed EDTF value: a single (possibly qualified or partly unspecified) date, an
// interval, or a set. The zero value is "no date".
type Date struct {
	text         string
	kind         nodeKind
	lo, hi       Day
	loOK, hiOK   bool
	uncertain    bool
	approximate  bool
	precision    Precision
	startUnknown bool // the lower end is unknown (not merely open)
	endUnknown   bool
}

// Parse parses an EDTF string. Errors are *ParseError.
func Parse(s string) (Date, error) {
	n, err := parse(s)
	if err != nil {
		return Date{}, err
	}
	return fromNode(n), nil
}

// FromDay returns the Date naming exactly one day. It returns the zero Date if the day is not
// valid or its year is outside -9999..9999.
func FromDay(day Day) Date {
	if !day.IsValid() || day.Year < -9999 || day.Year > 9999 {
		return Date{}
	}
	d, err := Parse(day.String())
	if err != nil {
		return Date{}
	}
	return d
}

func pointPrecision(pt point) Precision {
	if x := strings.IndexByte(pt.digits[0], 'X'); x >= 0 {
		return PrecisionDecade + Precision(3-x)
	}
	if pt.n == 1 || strings.IndexByte(pt.digits[1], 'X') >= 0 {
		return PrecisionYear
	}
	if pt.season() != 0 {
		return PrecisionSeason
	}
	if pt.n == 2 || strings.IndexByte(pt.digits[2], 'X') >= 0 {
		return PrecisionMonth
	}
	return PrecisionDay
}

type accumulator struct {
	d     Date
	first bool
}

func (a *accumulator) addEnd(e end, lower, upper bool) {
	switch e.kind {
	case endDate:
		a.addPoint(e.p, lower, upper)
	case endUnknown, endOpen:
		if lower {
			a.d.loOK = false
			a.d.startUnknown = e.kind == endUnknown
		}
		if upper {
			a.d.hiOK = false
			a.d.endUnknown = e.kind == endUnknown
		}
	}
}

func (a *accumulator) addPoint(pt point, lower, upper bool) {
	q := pt.quals()
	a.d.uncertain = a.d.uncertain || q&qUncertain != 0
	a.d.approximate = a.d.approximate || q&qApproximate != 0
	if p := pointPrecision(pt); p > a.d.precision {
		a.d.precision = p
	}
	if lower && a.d.loOK && (a.first || pt.lo.Compare(a.d.lo) < 0) {
		a.d.lo = pt.lo
	}
	if upper && a.d.hiOK && (a.first || pt.hi.Compare(a.d.hi) > 0) {
		a.d.hi = pt.hi
	}
}

func fromNode(n node) Date {
	a := accumulator{d: Date{text: n.String(), kind: n.kind, loOK: true, hiOK: true}, first: true}
	switch n.kind {
	case kindSingle:
		a.addEnd(n.start, true, true)
	case kindInterval:
		a.addEnd(n.start, true, false)
		a.first = true
		a.addEnd(n.end, false, true)
	case kindOneOf, kindAllOf:
		for _, el := range n.elems {
			if !el.isRange {
				a.addEnd(el.lo, true, true)
			} else {
				a.addEnd(el.lo, true, false)
				a.addEnd(el.hi, false, true)
			}
			a.first = false
		}
	}
	return a.d
}
