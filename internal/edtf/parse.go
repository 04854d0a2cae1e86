package edtf

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseError reports why an EDTF string was rejected and where (a byte offset into Input).
type ParseError struct {
	Input  string
	Offset int
	Msg    string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("edtf: %q: %s (at offset %d)", e.Input, e.Msg, e.Offset)
}

// qual is the qualification of one component: uncertain (?), approximate (~) or both (%).
type qual uint8

const (
	qUncertain qual = 1 << iota
	qApproximate
)

func qualOf(c byte) qual {
	switch c {
	case '?':
		return qUncertain
	case '~':
		return qApproximate
	case '%':
		return qUncertain | qApproximate
	}
	return 0
}

func (q qual) String() string {
	switch q {
	case qUncertain:
		return "?"
	case qApproximate:
		return "~"
	case qUncertain | qApproximate:
		return "%"
	}
	return ""
}

// point is one calendar date: a year, optionally a month (or season), optionally a day. Digits
// may be X (unspecified). Each component carries its own qualification.
type point struct {
	neg    bool
	digits [3]string // year (4 chars), month/season (2), day (2); [0-9X]
	n      int       // number of components present, 1..3
	q      [3]qual
	lo, hi Day // earliest and latest day it can denote
}

func (p point) season() int {
	if p.n != 2 || strings.IndexByte(p.digits[1], 'X') >= 0 {
		return 0
	}
	v, _ := strconv.Atoi(p.digits[1])
	if v >= 21 && v <= 41 {
		return v
	}
	return 0
}

func (p point) hasX() bool {
	for i := 0; i < p.n; i++ {
		if strings.IndexByte(p.digits[i], 'X') >= 0 {
			return true
		}
	}
	return false
}

func (p point) quals() qual {
	var q qual
	for i := 0; i < p.n; i++ {
		q |= p.q[i]
	}
	return q
}

// endKind says what stands at an end of an interval or a set range.
type endKind uint8

const (
	endDate    endKind = iota
	endOpen            // ".." : unbounded
	endUnknown         // "" : unknown
)

type end struct {
	kind endKind
	p    point
}

// element is a member of a set: one date, or a range lo..hi (either end may be open).
type element struct {
	isRange bool
	lo, hi  end // for a single date only lo is used
}

type nodeKind uint8

const (
	kindNone nodeKind = iota
	kindSingle
	kindInterval
	kindOneOf // [a,b,c]
	kindAllOf // {a,b,c}
)

type node struct {
	kind       nodeKind
	start, end end       // kindSingle uses start; kindInterval uses both
	elems      []element // sets
}

type parser struct {
	s   string
	pos int
}

func (p *parser) errAt(off int, format string, args ...any) *ParseError {
	return &ParseError{Input: p.s, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *parser) unexpected() *ParseError {
	if p.pos >= len(p.s) {
		return p.errAt(p.pos, "unexpected end of input")
	}
	c := p.s[p.pos]
	switch {
	case c == 'T' || c == ':':
		return p.errAt(p.pos, "times are not supported (dates only)")
	case c == 'S':
		return p.errAt(p.pos, "significant digits (S) are not supported")
	case c == 'E':
		return p.errAt(p.pos, "exponential years (E) are not supported")
	case c == 'Y':
		return p.errAt(p.pos, "Y-prefixed years (beyond 9999) are not supported")
	case c == 'Z' || c == '+':
		return p.errAt(p.pos, "time zones are not supported (dates only)")
	case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		return p.errAt(p.pos, "unexpected space")
	case c < 0x20 || c >= 0x7f:
		return p.errAt(p.pos, "unexpected byte 0x%02x", c)
	}
	return p.errAt(p.pos, "unexpected %q", string(c))
}

func isDigitX(c byte) bool { return c >= '0' && c <= '9' || c == 'X' }

// parse parses the whole input into a node.
func parse(s string) (node, error) {
	p := &parser{s: s}
	if s == "" {
		return node{}, p.errAt(0, "empty date")
	}
	var n node
	var err error
	switch s[0] {
	case '[', '{':
		n, err = p.parseSet()
	default:
		n, err = p.parseIntervalOrSingle()
	}
	if err != nil {
		return node{}, err
	}
	if p.pos != len(s) {
		return node{}, p.unexpected()
	}
	return n, nil
}

func (p *parser) parseIntervalOrSingle() (node, error) {
	var a end
	switch {
	case strings.HasPrefix(p.s[p.pos:], ".."):
		a.kind = endOpen
		p.pos += 2
	case p.peek() == '/':
		a.kind = endUnknown
	default:
		pt, err := p.parsePoint()
		if err != nil {
			return node{}, err
		}
		a.p = pt
	}
	if p.peek() != '/' {
		if a.kind != endDate {
			if p.pos >= len(p.s) {
				return node{}, p.errAt(0, "\"..\" must be an end of an interval (\"../2024\") or of a range in a set")
			}
			return node{}, p.unexpected()
		}
		return node{kind: kindSingle, start: a}, nil
	}
	slash := p.pos
	p.pos++
	var b end
	switch {
	case p.pos == len(p.s):
		b.kind = endUnknown
	case strings.HasPrefix(p.s[p.pos:], ".."):
		b.kind = endOpen
		p.pos += 2
	default:
		pt, err := p.parsePoint()
		if err != nil {
			return node{}, err
		}
		b.p = pt
	}
	if a.kind != endDate && b.kind != endDate {
		return node{}, p.errAt(slash, "an interval needs a date at one end at least")
	}
	if a.kind == endDate && b.kind == endDate && a.p.lo.Compare(b.p.hi) > 0 {
		return node{}, p.errAt(slash+1, "interval start %s is after its end %s", a.p.text(), b.p.text())
	}
	return node{kind: kindInterval, start: a, end: b}, nil
}

func (p *parser) skipSpace() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

func (p *parser) parseSet() (node, error) {
	open := p.s[p.pos]
	closer := byte(']')
	kind := kindOneOf
	if open == '{' {
		closer = '}'
		kind = kindAllOf
	}
	p.pos++
	p.skipSpace()
	if p.peek() == closer {
		return node{}, p.errAt(p.pos, "empty set")
	}
	var elems []element
	for {
		p.skipSpace()
		start := p.pos
		var el element
		if strings.HasPrefix(p.s[p.pos:], "..") {
			p.pos += 2
			hi, err := p.parsePoint()
			if err != nil {
				return node{}, err
			}
			el = element{isRange: true, lo: end{kind: endOpen}, hi: end{p: hi}}
		} else {
			lo, err := p.parsePoint()
			if err != nil {
				return node{}, err
			}
			el = element{lo: end{p: lo}}
			if strings.HasPrefix(p.s[p.pos:], "..") {
				p.pos += 2
				el.isRange = true
				if c := p.peek(); isDigitX(c) || c == '-' || qualOf(c) != 0 {
					hi, err := p.parsePoint()
					if err != nil {
						return node{}, err
					}
					if lo.lo.Compare(hi.hi) > 0 {
						return node{}, p.errAt(start, "range start %s is after its end %s", lo.text(), hi.text())
					}
					el.hi = end{p: hi}
				} else {
					el.hi = end{kind: endOpen}
				}
			}
		}
		elems = append(elems, el)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
			continue
		case closer:
			p.pos++
			return node{kind: kind, elems: elems}, nil
		case 0:
			return node{}, p.errAt(p.pos, "set is not closed (expected %q)", string(closer))
		}
		if c := p.peek(); c == ']' || c == '}' {
			return node{}, p.errAt(p.pos, "set opened with %q is closed with %q", string(open), string(c))
		}
		return node{}, p.unexpected()
	}
}

var componentNames = [3]string{"year", "month", "day"}

// parsePoint parses one date with optional per-component qualifiers: a qualifier before a
// component applies to it alone; a qualifier after a component applies to it and to every
// component on its left (so a trailing qualifier qualifies the whole date).
func (p *parser) parsePoint() (point, error) {
	var pt point
	var pre, post [3]qual
	var off [3]int
	for i := 0; i < 3; i++ {
		if q := qualOf(p.peek()); q != 0 {
			pre[i] = q
			p.pos++
		}
		if i == 0 {
			if p.peek() == 'Y' {
				return pt, p.errAt(p.pos, "Y-prefixed years (beyond 9999) are not supported")
			}
			if p.peek() == '-' {
				pt.neg = true
				p.pos++
			}
		}
		off[i] = p.pos
		width := 2
		if i == 0 {
			width = 4
		}
		j := p.pos
		for j < len(p.s) && j-p.pos < width && isDigitX(p.s[j]) {
			j++
		}
		if j-p.pos < width {
			if j == len(p.s) || j > p.pos {
				return pt, p.errAt(off[i], "expected a %d-digit %s", width, componentNames[i])
			}
			if i == 0 {
				if c := p.s[j]; c == 'T' || c == 'Y' || c == 'S' || c == 'E' || c == 'Z' || c == ':' {
					p.pos = j
					return pt, p.unexpected()
				}
			}
			return pt, p.errAt(off[i], "expected a %d-digit %s", width, componentNames[i])
		}
		if i == 0 && j < len(p.s) && isDigitX(p.s[j]) {
			return pt, p.errAt(off[i], "years of more than 4 digits (Y-prefixed) are not supported")
		}
		pt.digits[i] = p.s[p.pos:j]
		p.pos = j
		if q := qualOf(p.peek()); q != 0 {
			post[i] = q
			p.pos++
		}
		pt.n = i + 1
		if i < 2 && p.peek() == '-' {
			p.pos++
			continue
		}
		break
	}
	if pt.neg && pt.digits[0] == "0000" {
		return pt, p.errAt(off[0], "year -0000 is not allowed (write 0000)")
	}
	for i := 0; i < pt.n; i++ {
		pt.q[i] = pre[i]
		for j := i; j < pt.n; j++ {
			pt.q[i] |= post[j]
		}
	}
	if err := p.validate(&pt, off); err != nil {
		return pt, err
	}
	return pt, nil
}

// validate checks months, seasons and days and computes the point's bounds.
func (p *parser) validate(pt *point, off [3]int) error {
	if pt.n >= 2 {
		m := pt.digits[1]
		if v, err := strconv.Atoi(m); err == nil {
			switch {
			case v >= 1 && v <= 12:
			case v >= 21 && v <= 41:
				if pt.n == 3 {
					return p.errAt(off[2], "season %d cannot have a day", v)
				}
			default:
				return p.errAt(off[1], "month %s out of range", m)
			}
		} else if !anyMonth(m) {
			return p.errAt(off[1], "month %s out of range", m)
		}
	}
	if pt.n == 3 {
		d := pt.digits[2]
		if v, err := strconv.Atoi(d); err == nil && (v < 1 || v > 31) {
			return p.errAt(off[2], "day %s out of range", d)
		}
		if !anyMonthDay(pt.digits[1], d) {
			if strings.IndexByte(pt.digits[0], 'X') < 0 {
				return p.errAt(off[2], "day %s out of range for %s-%s", d, pt.yearText(), pt.digits[1])
			}
			return p.errAt(off[2], "day %s out of range for month %s", d, pt.digits[1])
		}
	}
	lo, ok := pt.bound(false)
	if !ok {
		if pt.hasX() {
			return p.errAt(off[0], "no valid day matches %s", pt.plainText())
		}
		return p.errAt(off[2], "day %s out of range for %s-%s", pt.digits[2], pt.yearText(), pt.digits[1])
	}
	hi, ok := pt.bound(true)
	if !ok || lo.Compare(hi) > 0 { // cannot happen: a pattern with a first day has a last one
		return p.errAt(off[0], "no valid day matches %s", pt.plainText())
	}
	pt.lo, pt.hi = lo, hi
	return nil
}

func match(pat string, v int) bool {
	if v < 0 {
		return false
	}
	for i := len(pat) - 1; i >= 0; i-- {
		d := byte('0' + v%10)
		v /= 10
		if pat[i] != 'X' && pat[i] != d {
			return false
		}
	}
	return v == 0
}

func anyMonth(pat string) bool {
	for m := 1; m <= 12; m++ {
		if match(pat, m) {
			return true
		}
	}
	return false
}

// anyMonthDay reports whether some month matching mpat has a day matching dpat in a leap year.
func anyMonthDay(mpat, dpat string) bool {
	fixed, err := strconv.Atoi(dpat)
	for m := 1; m <= 12; m++ {
		if !match(mpat, m) {
			continue
		}
		if err == nil {
			if fixed >= 1 && fixed <= daysIn(2000, time.Month(m)) {
				return true
			}
			continue
		}
		for d := 1; d <= daysIn(2000, time.Month(m)); d++ {
			if match(dpat, d) {
				return true
			}
		}
	}
	return false
}

// seasonMonths gives the first and last month of a season code (21-41) and whether the last
// month falls in the following year. See docs/edtf.md.
func seasonMonths(code int) (first, last time.Month, nextYear bool) {
	switch code {
	case 21, 25, 31: // spring; northern spring; southern autumn
		return time.March, time.May, false
	case 22, 26, 32: // summer; northern summer; southern winter
		return time.June, time.August, false
	case 23, 27, 29: // autumn; northern autumn; southern spring
		return time.September, time.November, false
	case 24, 28, 30: // winter; northern winter; southern summer
		return time.December, time.February, true
	case 33, 34, 35, 36: // quarters
		f := time.Month(1 + 3*(code-33))
		return f, f + 2, false
	case 37, 38, 39: // quadrimesters
		f := time.Month(1 + 4*(code-37))
		return f, f + 3, false
	case 40, 41: // semestrals
		f := time.Month(1 + 6*(code-40))
		return f, f + 5, false
	}
	return 0, 0, false
}

// fill replaces the X digits of pat, from the left, by the decimal digits of c (which has
// exactly as many digits as pat has Xs, zero-padded) and returns the value.
func fill(pat string, c int) int {
	xs := strings.Count(pat, "X")
	v := 0
	div := 1
	for i := 1; i < xs; i++ {
		div *= 10
	}
	for i := 0; i < len(pat); i++ {
		digit := int(pat[i] - '0')
		if pat[i] == 'X' {
			digit = (c / div) % 10
			div /= 10
		}
		v = v*10 + digit
	}
	return v
}

// bound returns the earliest (latest when last) valid day the point can denote. Matching years
// are visited in calendar order by counting through the values of the X digits.
func (pt point) bound(last bool) (Day, bool) {
	ypat := pt.digits[0]
	count := 1
	for i := strings.Count(ypat, "X"); i > 0; i-- {
		count *= 10
	}
	// ascending counter = ascending value; for negative years ascending value = descending year.
	descending := last != pt.neg
	season := pt.season()
	for i := 0; i < count; i++ {
		c := i
		if descending {
			c = count - 1 - i
		}
		y := fill(ypat, c)
		if pt.neg {
			if y == 0 {
				continue
			}
			y = -y
		}
		if d, ok := pt.boundInYear(y, season, last); ok {
			return d, true
		}
	}
	return Day{}, false
}

func (pt point) boundInYear(y, season int, last bool) (Day, bool) {
	switch {
	case pt.n == 1:
		if last {
			return Day{y, time.December, 31}, true
		}
		return Day{y, time.January, 1}, true
	case season != 0:
		f, l, next := seasonMonths(season)
		if !last {
			return Day{y, f, 1}, true
		}
		if next {
			y++
		}
		return Day{y, l, daysIn(y, l)}, true
	}
	m0, m1, step := 1, 12, 1
	if v, err := strconv.Atoi(pt.digits[1]); err == nil {
		m0, m1 = v, v // a given month: no search
	}
	if last {
		m0, m1, step = m1, m0, -1
	}
	for m := m0; ; m += step {
		if match(pt.digits[1], m) {
			if d, ok := pt.dayInMonth(y, time.Month(m), last); ok {
				return d, true
			}
		}
		if m == m1 {
			return Day{}, false
		}
	}
}

// dayInMonth returns the first (last) day of month y-mon that matches the point's day pattern.
func (pt point) dayInMonth(y int, mon time.Month, last bool) (Day, bool) {
	dim := daysIn(y, mon)
	if pt.n == 2 {
		if last {
			return Day{y, mon, dim}, true
		}
		return Day{y, mon, 1}, true
	}
	if v, err := strconv.Atoi(pt.digits[2]); err == nil { // a given day: no search
		return Day{y, mon, v}, v >= 1 && v <= dim
	}
	d0, d1, step := 1, dim, 1
	if last {
		d0, d1, step = dim, 1, -1
	}
	for d := d0; ; d += step {
		if match(pt.digits[2], d) {
			return Day{y, mon, d}, true
		}
		if d == d1 {
			return Day{}, false
		}
	}
}
