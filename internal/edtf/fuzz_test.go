package edtf

import (
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, c := range validCases {
		f.Add(c.in)
	}
	for _, s := range []string{
		"", "2024-13", "2023-02-29", "XXX1-02-29", "2024-21-05", "Y170000002", "1950S2", "2024-06-19T10:00",
		"../..", "/", "..", "[]", "{", "[2024,", "[..", "[1984..1982]", "2024-07/2024-06", "-0000", "%-XXXX-XX-XX%",
		"?", "-", "2024-06-19-", "X", "XXXX-XX-XX/XXXX-XX-XX", "[XXXX-02-29..XXXX-02-29]", "{..XXXX}", "-XXXX-2X",
		"2024-06-19/", "/2024-06-19", "..2024", "2024..", "[2024..,..2024]", "-9999/9999", "9999-24", "-0001-24",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("Parse(%q) error %T is not *ParseError", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("Parse(%q) returned a date with an error", s)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("Parse(%q) returned the zero Date without error", s)
		}
		again, err := Parse(d.String())
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not re-parse: %v", s, d.String(), err)
		}
		if again != d {
			t.Fatalf("Parse(%q) = %#v, re-parsed %#v", s, d, again)
		}
		lo, lok := d.Earliest()
		hi, hok := d.Latest()
		if lok && !lo.IsValid() || hok && !hi.IsValid() {
			t.Fatalf("Parse(%q) invalid bounds %v %v", s, lo, hi)
		}
		if lok && hok && lo.Compare(hi) > 0 {
			t.Fatalf("Parse(%q) earliest %v after latest %v", s, lo, hi)
		}
		if lok && !d.Contains(lo) || hok && !d.Contains(hi) {
			t.Fatalf("Parse(%q) does not contain its own bounds", s)
		}
		if !d.Overlaps(d) || Compare(d, again) != 0 || d.Before(d) {
			t.Fatalf("Parse(%q) not reflexive", s)
		}
		if d.Human() == "" || d.Precision() == PrecisionNone {
			t.Fatalf("Parse(%q): empty Human or precision", s)
		}
		if b, _ := d.MarshalText(); string(b) != d.String() {
			t.Fatalf("MarshalText mismatch")
		}
	})
}
