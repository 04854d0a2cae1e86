package edtf

import "testing"

func TestTry(t *testing.T) {
	for _, s := range []string{"2024", "2024-XX-15", "2023-24", "[1982-01-08,1983-01-08,1984-01-08]", "2004-06~-11", "?2004-06-~11", "2024-06/..", "/2024", "2024-13", "2023-02-29", "201X", "XXXX-02-29", "XXX1-02-29", "[..1760-12-03]", "[1760-12..]", "{2023-01,2023-03}", "[1982..1984]", "2024-07/2024-06", "2024-06-19T10:00", "Y170000002", "2024-06-XX", "-0044-03-15", "2001-33", "201X-24", "1X8X-1X-3X"} {
		d, err := Parse(s)
		lo, lok := d.Earliest()
		hi, hok := d.Latest()
		t.Logf("%-40s %-40q %v %v %v %v u=%v a=%v p=%v err=%v | %s", s, d.String(), lo, lok, hi, hok, d.Uncertain(), d.Approximate(), d.Precision(), err, d.Human())
	}
}
