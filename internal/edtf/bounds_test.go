package edtf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBoundsBruteForce checks Earliest and Latest of partly unspecified dates against a walk over
// every day of every candidate year, and that patterns no day matches are rejected.
func TestBoundsBruteForce(t *testing.T) {
	years := []string{"2024", "2023", "190X", "20X3", "-001X", "0000"}
	months := []string{"", "XX", "0X", "1X", "X2", "X1", "02", "06", "12"}
	days := []string{"", "XX", "3X", "31", "30", "29", "X9", "0X", "2X", "01"}
	for _, y := range years {
		for _, m := range months {
			for _, d := range days {
				if m == "" && d != "" {
					continue
				}
				in := y
				if m != "" {
					in += "-" + m
				}
				if d != "" {
					in += "-" + d
				}
				lo, hi, found := bruteBounds(y, m, d)
				got, err := Parse(in)
				if !found {
					if err == nil {
						t.Errorf("Parse(%q) accepted a pattern no day matches", in)
					}
					continue
				}
				if err != nil {
					t.Errorf("Parse(%q): %v; want %v..%v", in, err, lo, hi)
					continue
				}
				gl, _ := got.Earliest()
				gh, _ := got.Latest()
				if gl != lo || gh != hi {
					t.Errorf("Parse(%q) bounds %v..%v, want %v..%v", in, gl, gh, lo, hi)
				}
			}
		}
	}
}

func matchText(pat, s string) bool {
	if len(pat) != len(s) {
		return false
	}
	for i := range pat {
		if pat[i] != 'X' && pat[i] != s[i] {
			return false
		}
	}
	return true
}

func bruteBounds(ypat, mpat, dpat string) (lo, hi Day, found bool) {
	neg := ypat[0] == '-'
	digits := ypat
	if neg {
		digits = ypat[1:]
	}
	vmin, _ := strconv.Atoi(strings.ReplaceAll(digits, "X", "0"))
	vmax, _ := strconv.Atoi(strings.ReplaceAll(digits, "X", "9"))
	for v := vmin; v <= vmax; v++ {
		if !matchText(digits, fmt.Sprintf("%04d", v)) || (neg && v == 0) {
			continue
		}
		y := v
		if neg {
			y = -v
		}
		for m := time.January; m <= time.December; m++ {
			if mpat != "" && !matchText(mpat, fmt.Sprintf("%02d", int(m))) {
				continue
			}
			for d := 1; d <= daysIn(y, m); d++ {
				if dpat != "" && !matchText(dpat, fmt.Sprintf("%02d", d)) {
					continue
				}
				day := Day{y, m, d}
				if !found || day.Compare(lo) < 0 {
					lo = day
				}
				if !found || day.Compare(hi) > 0 {
					hi = day
				}
				found = true
			}
		}
	}
	return lo, hi, found
}
