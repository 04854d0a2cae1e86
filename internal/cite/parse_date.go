package cite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DateMatch is a calendar date or period found in text.
type DateMatch struct {
	Start, End int    // byte offsets in the searched text
	Text       string // as written
	EDTF       string // YYYY, YYYY-MM or YYYY-MM-DD; seasons and parts of a year give an interval "A/B"
	Earliest   time.Time
	Latest     time.Time
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

const monthRe = `(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`

var (
	reISO    = regexp.MustCompile(`\b((?:1[6-9]|20)\d\d)-(\d\d)-(\d\d)\b`)
	reDayNum = regexp.MustCompile(`^\d`)
)

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func monthNum(s string) int {
	return monthNames[lowerASCII(strings.TrimSuffix(s, "."))]
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func endOfMonth(y, m int) time.Time { return day(y, m, 1).AddDate(0, 1, -1) }

// ParseDate parses one date as written in a citation ("Mar. 2, 2016", "24 June 2025", "Sept.
// 2003", "2019", "2025-06-17") and returns its EDTF form.
func ParseDate(s string) (string, bool) {
	ds := FindDates(s, false)
	if len(ds) == 0 {
		return "", false
	}
	return ds[0].EDTF, true
}

// FindDates returns the dates in s in order of appearance, the most precise reading winning
// where readings overlap. With periods set, parts of years ("late 2024", "mid-2024", "winter of
// 2023") and bare years are included as intervals.
func FindDates(s string, periods bool) []DateMatch {
	if !strings.ContainsAny(s, "0123456789") {
		return nil
	}
	var out []DateMatch
	taken := make([]bool, len(s)+1)
	mark := func(a, b int) bool {
		for i := a; i < b; i++ {
			if taken[i] {
				return false
			}
		}
		for i := a; i < b; i++ {
			taken[i] = true
		}
		return true
	}
	add := func(a, b int, edtf string, e, l time.Time) {
		if !mark(a, b) {
			return
		}
		out = append(out, DateMatch{Start: a, End: b, Text: s[a:b], EDTF: edtf, Earliest: e, Latest: l})
	}
	// Every written date except ISO ends with a year: read the words before each year by hand
	// (regular expressions with month alternations are slow on long inputs).
	years := yearsIn(s)
	for _, y := range years {
		if d, ok := dateBefore(s, y[0], y[1]); ok {
			add(d.Start, d.End, d.EDTF, d.Earliest, d.Latest)
		}
	}
	if strings.Contains(s, "-") {
		for _, m := range reISO.FindAllStringSubmatchIndex(s, -1) {
			y, _ := strconv.Atoi(s[m[2]:m[3]])
			mo, _ := strconv.Atoi(s[m[4]:m[5]])
			d, _ := strconv.Atoi(s[m[6]:m[7]])
			if mo < 1 || mo > 12 || d < 1 || d > 31 {
				continue
			}
			t := day(y, mo, d)
			add(m[0], m[1], s[m[0]:m[1]], t, t)
		}
	}
	if periods {
		for _, y := range years {
			if d, ok := periodBefore(s, y[0], y[1]); ok {
				add(d.Start, d.End, d.EDTF, d.Earliest, d.Latest)
			}
		}
		for _, m := range years {
			y, _ := strconv.Atoi(s[m[0]:m[1]])
			if y < 1900 {
				continue
			}
			add(m[0], m[1], s[m[0]:m[1]], day(y, 1, 1), day(y, 12, 31))
		}
	}
	sortDates(out)
	return out
}

func sortDates(ds []DateMatch) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Start < ds[j-1].Start; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// EDTFBounds returns the earliest and latest day an EDTF string from this package can mean.
func EDTFBounds(e string) (time.Time, time.Time, bool) {
	if a, b, ok := strings.Cut(e, "/"); ok {
		ea, _, ok1 := EDTFBounds(a)
		_, lb, ok2 := EDTFBounds(b)
		return ea, lb, ok1 && ok2
	}
	parts := strings.Split(e, "-")
	if len(parts) == 0 || len(parts[0]) != 4 || !reDayNum.MatchString(parts[0]) {
		return time.Time{}, time.Time{}, false
	}
	y, err := strconv.Atoi(parts[0])
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	switch len(parts) {
	case 1:
		return day(y, 1, 1), day(y, 12, 31), true
	case 2:
		m, err := strconv.Atoi(parts[1])
		if err != nil || m < 1 || m > 12 {
			return time.Time{}, time.Time{}, false
		}
		return day(y, m, 1), endOfMonth(y, m), true
	case 3:
		m, err1 := strconv.Atoi(parts[1])
		d, err2 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
			return time.Time{}, time.Time{}, false
		}
		t := day(y, m, d)
		return t, t, true
	}
	return time.Time{}, time.Time{}, false
}

// prevWord returns the word ending at or before end (skipping spaces and commas) and its start.
func prevWord(s string, end int) (string, int) {
	i := end
	for i > 0 && (s[i-1] == ' ' || s[i-1] == ',' || s[i-1] == '\u00a0') {
		i--
	}
	j := i
	for j > 0 {
		c := s[j-1]
		if c == ' ' || c == ',' || c == '(' || c == '"' || c == '\n' || c == '\t' {
			break
		}
		j--
	}
	return s[j:i], j
}

func digitsOnly(w string) (int, bool) {
	w = strings.TrimRight(w, "stndrh") // 1st, 2nd, 3rd, 21st, 4th
	if w == "" || len(w) > 2 {
		return 0, false
	}
	n := 0
	for _, c := range w {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// dateBefore reads "Month D, YYYY", "D Month YYYY", "D day of Month YYYY" or "Month YYYY" ending
// at the year [ys, ye).
func dateBefore(s string, ys, ye int) (DateMatch, bool) {
	y, _ := strconv.Atoi(s[ys:ye])
	if ys > 0 && s[ys-1] != ' ' && s[ys-1] != '\u00a0' {
		return DateMatch{}, false
	}
	w1, p1 := prevWord(s, ys)
	if d, ok := digitsOnly(w1); ok {
		w2, p2 := prevWord(s, p1)
		if mo := monthNum(w2); mo > 0 && d >= 1 && d <= 31 {
			t := day(y, mo, d)
			return DateMatch{Start: p2, End: ye, Text: s[p2:ye], EDTF: fmt.Sprintf("%04d-%02d-%02d", y, mo, d), Earliest: t, Latest: t}, true
		}
		return DateMatch{}, false
	}
	mo := monthNum(w1)
	if mo == 0 {
		return DateMatch{}, false
	}
	w2, p2 := prevWord(s, p1)
	if strings.EqualFold(w2, "of") {
		if w3, p3 := prevWord(s, p2); strings.EqualFold(w3, "day") {
			w2, p2 = prevWord(s, p3)
		}
	}
	if d, ok := digitsOnly(w2); ok && d >= 1 && d <= 31 {
		t := day(y, mo, d)
		return DateMatch{Start: p2, End: ye, Text: s[p2:ye], EDTF: fmt.Sprintf("%04d-%02d-%02d", y, mo, d), Earliest: t, Latest: t}, true
	}
	// "May" is also a verb: a month without a day needs a capital letter.
	if w1[0] < 'A' || w1[0] > 'Z' {
		return DateMatch{}, false
	}
	return DateMatch{Start: p1, End: ye, Text: s[p1:ye], EDTF: fmt.Sprintf("%04d-%02d", y, mo), Earliest: day(y, mo, 1), Latest: endOfMonth(y, mo)}, true
}

// periodBefore reads "late 2024", "mid-2024", "winter of 2023", "end of 2024" ending at the year.
func periodBefore(s string, ys, ye int) (DateMatch, bool) {
	y, _ := strconv.Atoi(s[ys:ye])
	var word string
	start := 0
	if ys >= 4 && lowerASCII(s[ys-4:ys]) == "mid-" {
		word, start = "mid", ys-4
		if ys > 4 && s[ys-5] != ' ' && s[ys-5] != '(' {
			return DateMatch{}, false
		}
	} else {
		w, p := prevWord(s, ys)
		lw := lowerASCII(w)
		if lw == "of" {
			w2, p2 := prevWord(s, p)
			lw2 := lowerASCII(w2)
			switch lw2 {
			case "end", "beginning":
				lw, p = lw2+" of", p2
			case "spring", "summer", "autumn", "fall", "winter":
				lw, p = lw2, p2
			}
		}
		word, start = lw, p
	}
	var e, l time.Time
	switch word {
	case "early", "beginning of":
		e, l = day(y, 1, 1), day(y, 4, 30)
	case "mid":
		e, l = day(y, 5, 1), day(y, 8, 31)
	case "late", "end of":
		e, l = day(y, 9, 1), day(y, 12, 31)
	case "spring":
		e, l = day(y, 3, 1), day(y, 5, 31)
	case "summer":
		e, l = day(y, 6, 1), day(y, 8, 31)
	case "autumn", "fall":
		e, l = day(y, 9, 1), day(y, 11, 30)
	case "winter":
		e, l = day(y, 1, 1), day(y+1, 2, 28)
	default:
		return DateMatch{}, false
	}
	return DateMatch{Start: start, End: ye, Text: s[start:ye], EDTF: e.Format("2006-01-02") + "/" + l.Format("2006-01-02"), Earliest: e, Latest: l}, true
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// yearsIn returns the offsets of four-digit years 1600-2099 standing as words.
func yearsIn(s string) [][]int {
	var out [][]int
	for i := 0; i+4 <= len(s); i++ {
		c := s[i]
		if c != '1' && c != '2' {
			continue
		}
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		if !(s[i+1] >= '0' && s[i+1] <= '9' && s[i+2] >= '0' && s[i+2] <= '9' && s[i+3] >= '0' && s[i+3] <= '9') {
			continue
		}
		if i+4 < len(s) && isWordByte(s[i+4]) {
			continue
		}
		if c == '1' && s[i+1] < '6' || c == '2' && s[i+1] != '0' {
			continue
		}
		out = append(out, []int{i, i + 4})
		i += 3
	}
	return out
}
