package edtf

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// day parses a literal [-]YYYY-MM-DD test day; "" is the zero Day.
func day(s string) Day {
	if s == "" {
		return Day{}
	}
	var d Day
	var m int
	if _, err := fmt.Sscanf(s, "%d-%d-%d", &d.Year, &m, &d.Day); err != nil {
		panic(err) // test helper, literal inputs only
	}
	d.Month = time.Month(m)
	return d
}

func mustParse(t testing.TB, s string) Date {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return d
}

// flags: u = uncertain, a = approximate, i = interval, s = set.
type validCase struct {
	in, canon string
	lo, hi    string // "" = unbounded
	flags     string
	prec      Precision
}

var validCases = []validCase{
	// Level 0
	{"2024", "2024", "2024-01-01", "2024-12-31", "", PrecisionYear},
	{"2024-02", "2024-02", "2024-02-01", "2024-02-29", "", PrecisionMonth},
	{"2023-02", "2023-02", "2023-02-01", "2023-02-28", "", PrecisionMonth},
	{"1900-02", "1900-02", "1900-02-01", "1900-02-28", "", PrecisionMonth},
	{"2000-02-29", "2000-02-29", "2000-02-29", "2000-02-29", "", PrecisionDay},
	{"2024-06-19", "2024-06-19", "2024-06-19", "2024-06-19", "", PrecisionDay},
	{"0000", "0000", "0000-01-01", "0000-12-31", "", PrecisionYear},
	{"-0044-03-15", "-0044-03-15", "-0044-03-15", "-0044-03-15", "", PrecisionDay},
	{"2022-02-24/2024-06-19", "2022-02-24/2024-06-19", "2022-02-24", "2024-06-19", "i", PrecisionDay},
	{"2024/2024-06", "2024/2024-06", "2024-01-01", "2024-06-30", "i", PrecisionYear},
	{"2024-06-19/2024-06-19", "2024-06-19/2024-06-19", "2024-06-19", "2024-06-19", "i", PrecisionDay},
	{"-0100/0100", "-0100/0100", "-0100-01-01", "0100-12-31", "i", PrecisionYear},
	// Level 1 qualifiers
	{"2024?", "2024?", "2024-01-01", "2024-12-31", "u", PrecisionYear},
	{"2024-06~", "2024-06~", "2024-06-01", "2024-06-30", "a", PrecisionMonth},
	{"2024-06-19%", "2024-06-19%", "2024-06-19", "2024-06-19", "ua", PrecisionDay},
	// unspecified digits
	{"201X", "201X", "2010-01-01", "2019-12-31", "", PrecisionDecade},
	{"19XX", "19XX", "1900-01-01", "1999-12-31", "", PrecisionCentury},
	{"1XXX", "1XXX", "1000-01-01", "1999-12-31", "", PrecisionMillennium},
	{"XXXX", "XXXX", "0000-01-01", "9999-12-31", "", PrecisionUnspecified},
	{"2024-XX", "2024-XX", "2024-01-01", "2024-12-31", "", PrecisionYear},
	{"2024-06-XX", "2024-06-XX", "2024-06-01", "2024-06-30", "", PrecisionMonth},
	{"2024-XX-15", "2024-XX-15", "2024-01-15", "2024-12-15", "", PrecisionYear},
	{"2024-XX-31", "2024-XX-31", "2024-01-31", "2024-12-31", "", PrecisionYear},
	{"2024-XX-XX", "2024-XX-XX", "2024-01-01", "2024-12-31", "", PrecisionYear},
	{"2024-1X", "2024-1X", "2024-10-01", "2024-12-31", "", PrecisionYear},
	{"2024-0X", "2024-0X", "2024-01-01", "2024-09-30", "", PrecisionYear},
	{"2024-06-3X", "2024-06-3X", "2024-06-30", "2024-06-30", "", PrecisionMonth},
	{"2024-0X-31", "2024-0X-31", "2024-01-31", "2024-08-31", "", PrecisionYear},
	{"0000-0X-31", "0000-0X-31", "0000-01-31", "0000-08-31", "", PrecisionYear}, // found by FuzzParse
	{"2024-XX-3X", "2024-XX-3X", "2024-01-30", "2024-12-31", "", PrecisionYear},
	{"XXXX-02-29", "XXXX-02-29", "0000-02-29", "9996-02-29", "", PrecisionUnspecified},
	{"XXXX-12-25", "XXXX-12-25", "0000-12-25", "9999-12-25", "", PrecisionUnspecified},
	{"190X-02-29", "190X-02-29", "1904-02-29", "1908-02-29", "", PrecisionDecade},
	{"-198X", "-198X", "-1989-01-01", "-1980-12-31", "", PrecisionDecade},
	{"1X8X-1X-3X", "1X8X-1X-3X", "1080-10-30", "1989-12-31", "", PrecisionMillennium},
	// intervals with open and unknown ends
	{"2024-06/..", "2024-06/..", "2024-06-01", "", "i", PrecisionMonth},
	{"../2024", "../2024", "", "2024-12-31", "i", PrecisionYear},
	{"2024-06/", "2024-06/", "2024-06-01", "", "i", PrecisionMonth},
	{"/2024", "/2024", "", "2024-12-31", "i", PrecisionYear},
	{"2024-06?/2024-07~", "2024-06?/2024-07~", "2024-06-01", "2024-07-31", "iua", PrecisionMonth},
	{"201X/2024-06-XX", "201X/2024-06-XX", "2010-01-01", "2024-06-30", "i", PrecisionDecade},
	// seasons
	{"2023-21", "2023-21", "2023-03-01", "2023-05-31", "", PrecisionSeason},
	{"2023-22", "2023-22", "2023-06-01", "2023-08-31", "", PrecisionSeason},
	{"2023-23", "2023-23", "2023-09-01", "2023-11-30", "", PrecisionSeason},
	{"2023-24", "2023-24", "2023-12-01", "2024-02-29", "", PrecisionSeason},
	{"2022-24", "2022-24", "2022-12-01", "2023-02-28", "", PrecisionSeason},
	{"2023-25", "2023-25", "2023-03-01", "2023-05-31", "", PrecisionSeason},
	{"2023-28", "2023-28", "2023-12-01", "2024-02-29", "", PrecisionSeason},
	{"2023-29", "2023-29", "2023-09-01", "2023-11-30", "", PrecisionSeason},
	{"2023-30", "2023-30", "2023-12-01", "2024-02-29", "", PrecisionSeason},
	{"2023-31", "2023-31", "2023-03-01", "2023-05-31", "", PrecisionSeason},
	{"2023-32", "2023-32", "2023-06-01", "2023-08-31", "", PrecisionSeason},
	{"2023-33", "2023-33", "2023-01-01", "2023-03-31", "", PrecisionSeason},
	{"2023-34", "2023-34", "2023-04-01", "2023-06-30", "", PrecisionSeason},
	{"2023-35", "2023-35", "2023-07-01", "2023-09-30", "", PrecisionSeason},
	{"2023-36", "2023-36", "2023-10-01", "2023-12-31", "", PrecisionSeason},
	{"2023-37", "2023-37", "2023-01-01", "2023-04-30", "", PrecisionSeason},
	{"2023-38", "2023-38", "2023-05-01", "2023-08-31", "", PrecisionSeason},
	{"2023-39", "2023-39", "2023-09-01", "2023-12-31", "", PrecisionSeason},
	{"2023-40", "2023-40", "2023-01-01", "2023-06-30", "", PrecisionSeason},
	{"2023-41", "2023-41", "2023-07-01", "2023-12-31", "", PrecisionSeason},
	{"2023-24?", "2023-24?", "2023-12-01", "2024-02-29", "u", PrecisionSeason},
	{"201X-24", "201X-24", "2010-12-01", "2020-02-29", "", PrecisionDecade},
	// Level 2 component qualifiers
	{"2004-06~-11", "2004-06~-11", "2004-06-11", "2004-06-11", "a", PrecisionDay},
	{"?2004-06-~11", "?2004-06-~11", "2004-06-11", "2004-06-11", "ua", PrecisionDay},
	{"2004?-06-11", "2004?-06-11", "2004-06-11", "2004-06-11", "u", PrecisionDay},
	{"2004-?06-11", "2004-?06-11", "2004-06-11", "2004-06-11", "u", PrecisionDay},
	{"2004-06-11?", "2004-06-11?", "2004-06-11", "2004-06-11", "u", PrecisionDay},
	{"?2004-?06-?11", "2004-06-11?", "2004-06-11", "2004-06-11", "u", PrecisionDay},
	{"~2004-~06", "2004-06~", "2004-06-01", "2004-06-30", "a", PrecisionMonth},
	{"?2004?", "2004?", "2004-01-01", "2004-12-31", "u", PrecisionYear},
	{"2004?-06~", "%2004-~06", "2004-06-01", "2004-06-30", "ua", PrecisionMonth},
	{"2004-06-~11?", "?2004-?06-%11", "2004-06-11", "2004-06-11", "ua", PrecisionDay},
	{"%-0044", "-0044%", "-0044-01-01", "-0044-12-31", "ua", PrecisionYear},
	// sets
	{"[1982-01-08,1983-01-08,1984-01-08]", "[1982-01-08,1983-01-08,1984-01-08]", "1982-01-08", "1984-01-08", "s", PrecisionDay},
	{"{2023-01,2023-03}", "{2023-01,2023-03}", "2023-01-01", "2023-03-31", "s", PrecisionMonth},
	{"[1982..1984]", "[1982..1984]", "1982-01-01", "1984-12-31", "s", PrecisionYear},
	{"[..1760-12-03]", "[..1760-12-03]", "", "1760-12-03", "s", PrecisionDay},
	{"[1760-12..]", "[1760-12..]", "1760-12-01", "", "s", PrecisionMonth},
	{"[1667, 1668, 1670..1672]", "[1667,1668,1670..1672]", "1667-01-01", "1672-12-31", "s", PrecisionYear},
	{"[ 1984 ]", "[1984]", "1984-01-01", "1984-12-31", "s", PrecisionYear},
	{"[1984,1982]", "[1984,1982]", "1982-01-01", "1984-12-31", "s", PrecisionYear},
	{"[1984-06?,2023-24]", "[1984-06?,2023-24]", "1984-06-01", "2024-02-29", "su", PrecisionSeason},
	{"[..1760-12-03,1800..]", "[..1760-12-03,1800..]", "", "", "s", PrecisionYear},
	{"{-0001..0001}", "{-0001..0001}", "-0001-01-01", "0001-12-31", "s", PrecisionYear},
}

func TestParseValid(t *testing.T) {
	for _, c := range validCases {
		t.Run(c.in, func(t *testing.T) {
			d := mustParse(t, c.in)
			if got := d.String(); got != c.canon {
				t.Errorf("String() = %q, want %q", got, c.canon)
			}
			lo, lok := d.Earliest()
			if lok != (c.lo != "") || (lok && lo != day(c.lo)) {
				t.Errorf("Earliest() = %v, %v; want %q", lo, lok, c.lo)
			}
			hi, hok := d.Latest()
			if hok != (c.hi != "") || (hok && hi != day(c.hi)) {
				t.Errorf("Latest() = %v, %v; want %q", hi, hok, c.hi)
			}
			if got, want := d.Uncertain(), strings.Contains(c.flags, "u"); got != want {
				t.Errorf("Uncertain() = %v, want %v", got, want)
			}
			if got, want := d.Approximate(), strings.Contains(c.flags, "a"); got != want {
				t.Errorf("Approximate() = %v, want %v", got, want)
			}
			if got, want := d.IsInterval(), strings.Contains(c.flags, "i"); got != want {
				t.Errorf("IsInterval() = %v, want %v", got, want)
			}
			if got, want := d.IsSet(), strings.Contains(c.flags, "s"); got != want {
				t.Errorf("IsSet() = %v, want %v", got, want)
			}
			if got := d.Precision(); got != c.prec {
				t.Errorf("Precision() = %v, want %v", got, c.prec)
			}
			if d.IsZero() {
				t.Error("IsZero() = true for a parsed date")
			}
			again := mustParse(t, d.String())
			if again != d {
				t.Errorf("Parse(String()) = %#v, want %#v", again, d)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	cases := []struct {
		in, want string
		offset   int
	}{
		{"", "empty date", 0},
		{"2024-13", `edtf: "2024-13": month 13 out of range (at offset 5)`, 5},
		{"2024-00", "month 00 out of range", 5},
		{"2024-20", "month 20 out of range", 5},
		{"2024-42", "month 42 out of range", 5},
		{"2024-2X", "month 2X out of range", 5},
		{"2024-06-31", "day 31 out of range for 2024-06", 8},
		{"2023-02-29", "day 29 out of range for 2023-02", 8},
		{"1900-02-29", "day 29 out of range for 1900-02", 8},
		{"2024-02-30", "day 30 out of range for 2024-02", 8},
		{"2024-02-3X", "day 3X out of range for 2024-02", 8},
		{"20XX-02-30", "day 30 out of range for month 02", 8},
		{"2024-06-00", "day 00 out of range", 8},
		{"2024-06-32", "day 32 out of range", 8},
		{"XXX1-02-29", "no valid day matches XXX1-02-29", 0},
		{"2024-21-05", "season 21 cannot have a day", 8},
		{"24", "expected a 4-digit year", 0},
		{"2024-6", "expected a 2-digit month", 5},
		{"2024-06-1", "expected a 2-digit day", 8},
		{"2024-", "expected a 2-digit month", 5},
		{"20245", "years of more than 4 digits", 0},
		{"Y170000002", "Y-prefixed years (beyond 9999) are not supported", 0},
		{"1950S2", "significant digits (S) are not supported", 4},
		{"2024-06-19T10:00:00", "times are not supported (dates only)", 10},
		{"2024-06-19 ", "unexpected space", 10},
		{" 2024", "expected a 4-digit year", 0},
		{"2024-06-19-", "unexpected \"-\"", 10},
		{"2024??", "unexpected \"?\"", 5},
		{"-0000", "year -0000 is not allowed", 1},
		{"2024-07/2024-06", "interval start 2024-07 is after its end 2024-06", 8},
		{"2025/2024", "interval start 2025 is after its end 2024", 5},
		{"../..", "an interval needs a date at one end at least", 2},
		{"/", "an interval needs a date at one end at least", 0},
		{"/..", "an interval needs a date at one end at least", 0},
		{"..", `".." must be an end of an interval`, 0},
		{"2024/2025/2026", "unexpected \"/\"", 9},
		{"[]", "empty set", 1},
		{"{ }", "empty set", 2},
		{"[2024", "set is not closed", 5},
		{"[2024}", "set opened with \"[\" is closed with \"}\"", 5},
		{"[2024,]", "expected a 4-digit year", 6},
		{"[1984..1982]", "range start 1984 is after its end 1982", 1},
		{"[..]", "expected a 4-digit year", 3},
		{"[2024]x", "unexpected \"x\"", 6},
		{"2024-06-19Z", "time zones are not supported", 10},
		{"20X4-\x00", "expected a 2-digit month", 5},
		{"2024\xff", "unexpected byte 0xff", 4},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, err := Parse(c.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want error containing %q", c.in, d.String(), c.want)
			}
			if !d.IsZero() {
				t.Errorf("Parse(%q) returned non-zero Date with error", c.in)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not *ParseError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
			if pe.Input != c.in || pe.Offset != c.offset {
				t.Errorf("ParseError{Input:%q, Offset:%d}, want offset %d", pe.Input, pe.Offset, c.offset)
			}
			if !strings.HasPrefix(err.Error(), "edtf: ") {
				t.Errorf("error %q lacks the edtf: prefix", err)
			}
		})
	}
}

func TestYearDoesNotPrecedeItsDay(t *testing.T) {
	year := mustParse(t, "2024")
	dayD := mustParse(t, "2024-06-19")
	if year.Before(dayD) || dayD.Before(year) {
		t.Error("2024 and 2024-06-19: Before must be false both ways")
	}
	if year.After(dayD) || dayD.After(year) {
		t.Error("2024 and 2024-06-19: After must be false both ways")
	}
	if !year.Overlaps(dayD) || !dayD.Overlaps(year) {
		t.Error("2024 and 2024-06-19 must overlap")
	}
	// but they still sort deterministically: 2024 starts earlier.
	if Compare(year, dayD) >= 0 || Compare(dayD, year) <= 0 {
		t.Error("Compare(2024, 2024-06-19) should be < 0")
	}
}

func TestBeforeAfterOverlaps(t *testing.T) {
	cases := []struct {
		a, b                    string
		before, after, overlaps bool
	}{
		{"2023", "2024", true, false, false},
		{"2024-06-19", "2024-06-20", true, false, false},
		{"2024-06-30", "2024-06", false, false, true},
		{"2023-24", "2024-02-29", false, false, true}, // winter 2023 reaches into 2024
		{"2023-24", "2024-03-01", true, false, false},
		{"2024-06/..", "2030", false, false, true},
		{"2024-06/..", "2024-05", false, true, false},
		{"../2024", "1900", false, false, true},
		{"/2024", "2025", true, false, false},
		{"2024-06/", "2024-05-31", false, true, false},
		{"[1982-01-08,1984-01-08]", "1983", false, false, false}, // between the possibilities
		{"[1982-01-08,1984-01-08]", "1984", false, false, true},
		{"[1982..1984]", "1983-05", false, false, true},
		{"{2023-01,2023-03}", "2023-02", false, false, false},
		{"[..1760-12-03]", "1700", false, false, true},
		{"[..1760-12-03]", "1761", true, false, false},
		{"201X", "2015-06-01", false, false, true},
		{"201X", "2020", true, false, false},
	}
	for _, c := range cases {
		a, b := mustParse(t, c.a), mustParse(t, c.b)
		if got := a.Before(b); got != c.before {
			t.Errorf("%s.Before(%s) = %v, want %v", c.a, c.b, got, c.before)
		}
		if got := a.After(b); got != c.after {
			t.Errorf("%s.After(%s) = %v, want %v", c.a, c.b, got, c.after)
		}
		if got := a.Overlaps(b); got != c.overlaps {
			t.Errorf("%s.Overlaps(%s) = %v, want %v", c.a, c.b, got, c.overlaps)
		}
		if got := b.Overlaps(a); got != c.overlaps {
			t.Errorf("%s.Overlaps(%s) = %v, want %v (symmetry)", c.b, c.a, got, c.overlaps)
		}
		if c.before && c.overlaps || c.after && c.overlaps {
			t.Errorf("bad test case %v", c)
		}
	}
	var zero Date
	if zero.Overlaps(mustParse(t, "2024")) || zero.Before(mustParse(t, "2024")) || mustParse(t, "2024").After(zero) {
		t.Error("the zero Date must not overlap or be ordered against a date")
	}
}

func TestContains(t *testing.T) {
	cases := []struct {
		d, day string
		want   bool
	}{
		{"2024", "2024-06-19", true},
		{"2024", "2025-01-01", false},
		{"2023-24", "2024-01-15", true},
		{"2023-24", "2023-11-30", false},
		{"2024-06/..", "9999-01-01", true},
		{"2024-06/..", "2024-05-31", false},
		{"[1982-01-08,1983-01-08,1984-01-08]", "1983-01-08", true},
		{"[1982-01-08,1983-01-08,1984-01-08]", "1983-01-09", false},
		{"2024-XX-15", "2024-03-01", true}, // unspecified digits use the span
	}
	for _, c := range cases {
		if got := mustParse(t, c.d).Contains(day(c.day)); got != c.want {
			t.Errorf("%s.Contains(%s) = %v, want %v", c.d, c.day, got, c.want)
		}
	}
	if (Date{}).Contains(day("2024-01-01")) {
		t.Error("zero Date contains nothing")
	}
}

func TestSort(t *testing.T) {
	in := []string{
		"2024-06-19", "2024", "../2024", "2023-24", "2024-06", "/2023", "2024-06/..", "[1982-01-08,1983-01-08,1984-01-08]",
		"2024-06?", "2024-06~", "201X", "2024-01-01", "2024-06-19/2024-06-20", "",
	}
	want := []string{
		"", // the zero Date
		"/2023",
		"../2024",
		"[1982-01-08,1983-01-08,1984-01-08]",
		"201X",
		"2023-24",
		"2024-01-01",
		"2024",
		"2024-06",
		"2024-06?",
		"2024-06~",
		"2024-06/..",
		"2024-06-19",
		"2024-06-19/2024-06-20",
	}
	dates := make([]Date, len(in))
	for i, s := range in {
		if s != "" {
			dates[i] = mustParse(t, s)
		}
	}
	// sort from two different starting orders: the result must be identical.
	for _, start := range [][]Date{dates, reversed(dates)} {
		ds := slices.Clone(start)
		slices.SortFunc(ds, Compare)
		got := make([]string, len(ds))
		for i, d := range ds {
			got[i] = d.String()
		}
		if !slices.Equal(got, want) {
			t.Errorf("sorted:\n got %q\nwant %q", got, want)
		}
	}
	// Compare is antisymmetric and 0 only for equal dates.
	for _, a := range dates {
		for _, b := range dates {
			if Compare(a, b) != -Compare(b, a) {
				t.Errorf("Compare(%q,%q) not antisymmetric", a, b)
			}
			if (Compare(a, b) == 0) != (a == b) {
				t.Errorf("Compare(%q,%q) = 0 but dates differ (or vice versa)", a, b)
			}
		}
	}
}

func reversed(ds []Date) []Date {
	out := slices.Clone(ds)
	slices.Reverse(out)
	return out
}

func TestHuman(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2024", "2024"},
		{"2024-06", "June 2024"},
		{"2024-06-19", "19 June 2024"},
		{"2024-06~", "about June 2024"},
		{"2024?", "2024 (uncertain)"},
		{"2024-06-19%", "about 19 June 2024 (uncertain)"},
		{"2023-24", "winter 2023"},
		{"2023-21", "spring 2023"},
		{"2023-30", "summer 2023 (southern hemisphere)"},
		{"2023-26", "summer 2023 (northern hemisphere)"},
		{"2023-37", "first four-month period of 2023"},
		{"2023-33", "first quarter of 2023"},
		{"2023-41", "second half of 2023"},
		{"2024-06/..", "from June 2024 (end open)"},
		{"2024-06/", "from June 2024 (end unknown)"},
		{"../2024", "until 2024 (start open)"},
		{"/2024", "until 2024 (start unknown)"},
		{"2022-02-24/2024-06-19", "from 24 February 2022 to 19 June 2024"},
		{"[1982-01-08,1983-01-08,1984-01-08]", "8 January 1982, 1983 or 1984"},
		{"{2023-01,2023-03}", "January 2023 and March 2023"},
		{"[1982..1984]", "between 1982 and 1984"},
		{"{1982..1984}", "1982 to 1984"},
		{"[..1760-12-03]", "on or before 3 December 1760"},
		{"[1760-12..]", "December 1760 or later"},
		{"[1982,1984-06?]", "1982 or June 1984 (uncertain)"},
		{"201X", "the 2010s"},
		{"19XX", "a year from 1900 to 1999"},
		{"XXXX", "an unspecified year"},
		{"1X84", "a year matching 1X84 (X = unspecified digit)"},
		{"2024-XX", "some month in 2024"},
		{"2024-1X", "October, November or December 2024"},
		{"2024-06-XX", "some day in June 2024"},
		{"2024-XX-15", "the 15th of some month in 2024"},
		{"2024-XX-XX", "some day in 2024"},
		{"2024-06-1X", "a day from 10 to 19 June 2024"},
		{"XXXX-12-25", "25 December in an unspecified year"},
		{"201X-24", "winter in the 2010s"},
		{"2004-06~-11", "11 June 2004 (year and month approximate)"},
		{"?2004-06-~11", "11 June 2004 (year uncertain, day approximate)"},
		{"2004-%06", "June 2004 (month uncertain and approximate)"},
		{"-0044-03-15", "15 March 45 BC"},
		{"0000", "1 BC"},
	}
	for _, c := range cases {
		if got := mustParse(t, c.in).Human(); got != c.want {
			t.Errorf("Human(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := (Date{}).Human(); got != "" {
		t.Errorf("zero Human() = %q", got)
	}
}

// The accused's birth date is reported as 8 January of 1982, 1983 or 1984: it must stay three
// possibilities, never one date.
func TestBirthDateKeepsItsPossibilities(t *testing.T) {
	d := mustParse(t, "[1982-01-08,1983-01-08,1984-01-08]")
	if !d.IsSet() || !d.IsOneOf() {
		t.Fatal("birth date must be a one-of set")
	}
	if lo, ok := d.Earliest(); !ok || lo != (Day{1982, time.January, 8}) {
		t.Errorf("Earliest = %v %v", lo, ok)
	}
	if hi, ok := d.Latest(); !ok || hi != (Day{1984, time.January, 8}) {
		t.Errorf("Latest = %v %v", hi, ok)
	}
	h := d.Human()
	for _, y := range []string{"1982", "1983", "1984", "8 January"} {
		if !strings.Contains(h, y) {
			t.Errorf("Human() = %q does not mention %s", h, y)
		}
	}
	for _, y := range []int{1982, 1983, 1984} {
		if !d.Contains(Day{y, time.January, 8}) {
			t.Errorf("birth date should allow 8 January %d", y)
		}
	}
	if d.Contains(Day{1983, time.June, 1}) {
		t.Error("birth date must not allow 1 June 1983")
	}
	if d.String() != "[1982-01-08,1983-01-08,1984-01-08]" {
		t.Errorf("String() = %q", d.String())
	}
}

func TestMarshalText(t *testing.T) {
	type fact struct {
		When Date `json:"when"`
		Born Date `json:"born,omitzero"`
	}
	f := fact{When: mustParse(t, "2024-06-19/.."), Born: mustParse(t, "[1982-01-08,1983-01-08]")}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"when":"2024-06-19/..","born":"[1982-01-08,1983-01-08]"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var back fact
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back != f {
		t.Errorf("round trip = %#v, want %#v", back, f)
	}
	// empty text is the zero Date, both ways.
	var z Date
	if b, _ := z.MarshalText(); len(b) != 0 {
		t.Errorf("zero MarshalText = %q", b)
	}
	d := mustParse(t, "2024")
	if err := d.UnmarshalText(nil); err != nil || !d.IsZero() {
		t.Errorf("UnmarshalText(empty) = %v, %#v", err, d)
	}
	err = json.Unmarshal([]byte(`{"when":"2024-13"}`), &back)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Offset != 5 {
		t.Errorf("bad date error = %v, want a wrapped *ParseError at offset 5", err)
	}
}

func TestZeroDate(t *testing.T) {
	var z Date
	if !z.IsZero() || z.String() != "" || z.Precision() != PrecisionNone || z.IsInterval() || z.IsSet() {
		t.Errorf("zero Date misbehaves: %#v", z)
	}
	if _, ok := z.Earliest(); ok {
		t.Error("zero Earliest ok")
	}
	if _, ok := z.Latest(); ok {
		t.Error("zero Latest ok")
	}
}

func TestDayOrdinal(t *testing.T) {
	// against the standard library over a wide range, including before 1970 and leap days.
	for n := int64(-800000); n <= 800000; n += 37 {
		want := DayOf(time.Unix(n*86400, 0).UTC())
		got := DayFromOrdinal(n)
		if got != want {
			t.Fatalf("DayFromOrdinal(%d) = %v, want %v", n, got, want)
		}
		if back := got.Ordinal(); back != n {
			t.Fatalf("%v.Ordinal() = %d, want %d", got, back, n)
		}
	}
	if o := (Day{1970, time.January, 1}).Ordinal(); o != 0 {
		t.Errorf("epoch ordinal = %d", o)
	}
	if o := (Day{1969, time.December, 31}).Ordinal(); o != -1 {
		t.Errorf("1969-12-31 ordinal = %d", o)
	}
	if s := (Day{-44, time.March, 15}).String(); s != "-0044-03-15" {
		t.Errorf("String = %q", s)
	}
	if (Day{2024, time.June, 19}).Compare(Day{2024, time.June, 20}) != -1 || (Day{2025, 1, 1}).Compare(Day{2024, 12, 31}) != 1 {
		t.Error("Day.Compare wrong")
	}
	if (Day{2023, time.February, 29}).IsValid() || !(Day{2024, time.February, 29}).IsValid() {
		t.Error("IsValid wrong on leap days")
	}
}

func TestFromDay(t *testing.T) {
	d := FromDay(Day{2024, time.June, 19})
	if d.String() != "2024-06-19" || d.Precision() != PrecisionDay {
		t.Errorf("FromDay = %q", d)
	}
	if !FromDay(Day{2023, time.February, 29}).IsZero() {
		t.Error("FromDay of an invalid day should be zero")
	}
}

func TestPrecisionString(t *testing.T) {
	if PrecisionDecade.String() != "decade" || PrecisionDay.String() != "day" || Precision(99).String() != "Precision(99)" {
		t.Error("Precision.String wrong")
	}
}

func BenchmarkParse(b *testing.B) {
	inputs := []string{"2024-06-19", "2024", "2023-24", "?2004-06-~11", "[1982-01-08,1983-01-08,1984-01-08]", "2022-02-24/..", "201X-XX-15", "XXXX-02-29"}
	for _, in := range inputs {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCompareSort(b *testing.B) {
	var ds []Date
	for _, c := range validCases {
		ds = append(ds, mustParse(b, c.in))
	}
	b.ReportAllocs()
	for b.Loop() {
		s := slices.Clone(ds)
		slices.SortFunc(s, Compare)
	}
}
