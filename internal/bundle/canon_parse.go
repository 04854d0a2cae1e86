package bundle

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/internal/model"
)

// canonParser reads the canonical subset of YAML described in canon.go. Every method returns
// false (and sets bad) on anything outside that subset; nothing it reads is ever reported as an
// error, since the general path re-reads the file and reports precisely.
//
// Layout of what it accepts: a file of '#' comment lines, then records, each "- " at column 0
// followed by a block mapping whose keys sit at column 2. A mapping at column c has one entry
// per line, "key: scalar" or "key:" followed by a nested block at column c+2 (a mapping, or a
// sequence of "- " items). Literal scalars (|, |-, |+, with an optional indentation digit) are
// the only multi-line scalars.
type canonParser struct {
	data    []byte
	pos     int // start of what is read next
	bad     bool
	arena   *strings.Builder // current chunk strings are cut from
	scratch []byte           // decoded escapes and literal blocks
	whens   map[string]model.When
}

const arenaChunk = 64 << 10

// newCanonParser checks the characters of data and skips the header comments. It declines data
// with any byte yaml.v3 would reject or treat specially outside our subset: control characters
// (tab and carriage return included), DEL, C1 controls and NEL, the Unicode line and paragraph
// separators (line breaks in YAML 1.1), a byte order mark, invalid UTF-8.
func newCanonParser(data []byte) (*canonParser, bool) {
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, false
	}
	if !canonChars(data) {
		return nil, false
	}
	p := &canonParser{data: data, whens: map[string]model.When{}}
	for p.pos < len(data) && data[p.pos] == '#' {
		p.pos += bytes.IndexByte(data[p.pos:], '\n') + 1
	}
	if p.pos >= len(data) {
		return nil, false
	}
	return p, true
}

// canonChars checks the characters of data (see newCanonParser), eight ASCII bytes at a time.
func canonChars(data []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(data); {
		if i+8 <= len(data) {
			w := binary.LittleEndian.Uint64(data[i:])
			del := w ^ (0x7f * ones)
			// All ASCII, none below 0x20 (a line break included), none DEL: the common case.
			if w&highs == 0 && (w-0x20*ones)&^w&highs == 0 && (del-ones)&^del&highs == 0 {
				i += 8
				continue
			}
		}
		end := min(i+8, len(data))
		for i < end {
			c := data[i]
			if c < utf8.RuneSelf {
				if (c < 0x20 && c != '\n') || c == 0x7f {
					return false
				}
				i++
				continue
			}
			r, size := utf8.DecodeRune(data[i:])
			if size == 1 || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
				return false
			}
			i += size
		}
	}
	return true
}

func (p *canonParser) fail() bool {
	p.bad = true
	return false
}

// intern returns b as a string cut from a shared chunk, so that a file's thousands of small
// values cost a few allocations rather than one each.
func (p *canonParser) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaChunk/16 {
		return string(b)
	}
	if p.arena == nil || p.arena.Cap()-p.arena.Len() < len(b) {
		p.arena = new(strings.Builder)
		p.arena.Grow(arenaChunk)
	}
	start := p.arena.Len()
	p.arena.Write(b)
	return p.arena.String()[start:]
}

// indent returns the number of spaces that start the line at p.pos; ok is false for a blank or
// comment line (canonical lists have none).
func (p *canonParser) indent() (int, bool) {
	i := p.pos
	for i < len(p.data) && p.data[i] == ' ' {
		i++
	}
	if i >= len(p.data) || p.data[i] == '\n' || p.data[i] == '#' {
		return 0, false
	}
	return i - p.pos, true
}

// more reports whether another item of a sequence at column col follows.
func (p *canonParser) more(col int) bool {
	if p.pos >= len(p.data) || p.bad {
		return false
	}
	ind, ok := p.indent()
	if !ok || ind > col {
		return p.fail()
	}
	return ind == col
}

// dash consumes "- " at column col of the line at p.pos.
func (p *canonParser) dash(col int) bool {
	ind, ok := p.indent()
	if !ok || ind != col {
		return p.fail()
	}
	i := p.pos + col
	if i+1 >= len(p.data) || p.data[i] != '-' || p.data[i+1] != ' ' {
		return p.fail()
	}
	p.pos = i + 2
	return true
}

// key reads the next key of a block mapping whose keys are at column col, and the ':' after it;
// p.pos is then at the ' ' or line break that follows. first: p.pos is already at the mapping's
// first key (just after "- "). It returns false at the end of the mapping (a line indented less,
// or the end of the file), and on anything else (with bad set).
func (p *canonParser) key(col int, first bool) ([]byte, bool) {
	if !first {
		if p.pos >= len(p.data) || p.bad {
			return nil, false
		}
		ind, ok := p.indent()
		if !ok || ind > col {
			return nil, p.fail()
		}
		if ind < col {
			return nil, false
		}
		p.pos += ind
	}
	d := p.data
	start := p.pos
	for i := start; i < len(d); i++ {
		c := d[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', (c == '-' || c >= '0' && c <= '9') && i > start:
			continue
		case c == ':' && i > start && (d[i+1] == ' ' || d[i+1] == '\n'):
			p.pos = i + 1
			return d[start:i], true
		}
		break
	}
	return nil, p.fail()
}

// block consumes the line break after "key:" and checks that a nested block follows at column
// col+2.
func (p *canonParser) block(col int) bool {
	if p.data[p.pos] != '\n' {
		return p.fail()
	}
	p.pos++
	if p.pos >= len(p.data) {
		return p.fail()
	}
	ind, ok := p.indent()
	if !ok || ind != col+2 {
		return p.fail()
	}
	return true
}

// inline consumes the space after "key:"; the value is on the same line.
func (p *canonParser) inline() bool {
	if p.data[p.pos] != ' ' {
		return p.fail()
	}
	p.pos++
	return true
}

// str reads "key: scalar" of a string field in a mapping at column col.
func (p *canonParser) str(col int, dst *string) bool {
	if !p.inline() {
		return false
	}
	b, ok := p.scalar(col)
	if !ok {
		return false
	}
	*dst = p.intern(b)
	return true
}

// scalar reads a scalar that starts at p.pos and ends its line (or, for a literal block, the
// lines indented more than parent, the column of the collection it belongs to), and returns its
// value. The bytes alias the input or the scratch buffer: use them before the next call.
func (p *canonParser) scalar(parent int) ([]byte, bool) {
	d := p.data
	i := p.pos
	switch c := d[i]; c {
	case '"':
		return p.doubleQuoted()
	case '\'':
		return p.singleQuoted()
	case '|':
		return p.literal(parent)
	case '-', '?', ':':
		if d[i+1] == ' ' || d[i+1] == '\n' {
			return nil, p.fail()
		}
	case ' ', '\n', ',', '[', ']', '{', '}', '#', '&', '*', '!', '>', '%', '@', '`':
		return nil, p.fail()
	}
	eol := i + bytes.IndexByte(d[i:], '\n')
	v := d[i:eol]
	if !plainOK(v) {
		return nil, p.fail()
	}
	p.pos = eol + 1
	return v, true
}

// plainOK reports whether a one-line plain scalar (its first character already checked) means
// exactly its text as a string: no ": " or " #" inside, no trailing space or colon, not null.
func plainOK(v []byte) bool {
	last := v[len(v)-1]
	if last == ' ' || last == ':' {
		return false
	}
	// bytes.Contains(v, ": ") || bytes.Contains(v, " #"), scanning for the rare byte of each
	// pair rather than for the space (prose has a space every few bytes).
	for i := 0; i < len(v); {
		j := bytes.IndexByte(v[i:], ':')
		if j < 0 {
			break
		}
		i += j + 1
		if i < len(v) && v[i] == ' ' {
			return false
		}
	}
	for i := 0; i < len(v); {
		j := bytes.IndexByte(v[i:], '#')
		if j < 0 {
			break
		}
		if i+j > 0 && v[i+j-1] == ' ' {
			return false
		}
		i += j + 1
	}
	switch string(v) {
	case "~", "null", "Null", "NULL":
		return false
	}
	return true
}

// doubleQuoted reads a one-line double-quoted scalar with yaml.v3's escapes.
func (p *canonParser) doubleQuoted() ([]byte, bool) {
	d := p.data
	start := p.pos + 1
	i := start
	for d[i] != '"' {
		switch d[i] {
		case '\\':
			return p.doubleEscaped(start, i)
		case '\n':
			return nil, p.fail()
		}
		i++
	}
	if d[i+1] != '\n' {
		return nil, p.fail()
	}
	p.pos = i + 2
	return d[start:i], true
}

func (p *canonParser) doubleEscaped(start, i int) ([]byte, bool) {
	d := p.data
	out := append(p.scratch[:0], d[start:i]...)
	for {
		c := d[i]
		switch c {
		case '"':
			if d[i+1] != '\n' {
				return nil, p.fail()
			}
			p.pos = i + 2
			p.scratch = out
			return out, true
		case '\n':
			return nil, p.fail()
		case '\\':
			e := d[i+1]
			i += 2
			switch e {
			case '0':
				out = append(out, 0)
			case 'a':
				out = append(out, '\a')
			case 'b':
				out = append(out, '\b')
			case 't', '\t':
				out = append(out, '\t')
			case 'n':
				out = append(out, '\n')
			case 'v':
				out = append(out, '\v')
			case 'f':
				out = append(out, '\f')
			case 'r':
				out = append(out, '\r')
			case 'e':
				out = append(out, 0x1b)
			case ' ', '"', '\'', '\\':
				out = append(out, e)
			case 'N':
				out = utf8.AppendRune(out, 0x85)
			case '_':
				out = utf8.AppendRune(out, 0xa0)
			case 'L':
				out = utf8.AppendRune(out, 0x2028)
			case 'P':
				out = utf8.AppendRune(out, 0x2029)
			case 'x', 'u', 'U':
				n := 2
				switch e {
				case 'u':
					n = 4
				case 'U':
					n = 8
				}
				if i+n > len(d) {
					return nil, p.fail()
				}
				var r int64
				for _, h := range d[i : i+n] {
					var v byte
					switch {
					case h >= '0' && h <= '9':
						v = h - '0'
					case h >= 'a' && h <= 'f':
						v = h - 'a' + 10
					case h >= 'A' && h <= 'F':
						v = h - 'A' + 10
					default:
						return nil, p.fail()
					}
					r = r<<4 | int64(v)
				}
				if (r >= 0xd800 && r <= 0xdfff) || r > 0x10ffff {
					return nil, p.fail()
				}
				out = utf8.AppendRune(out, rune(r))
				i += n
			default:
				return nil, p.fail()
			}
			continue
		}
		out = append(out, c)
		i++
	}
}

// singleQuoted reads a one-line single-quoted scalar (a doubled quote is one quote).
func (p *canonParser) singleQuoted() ([]byte, bool) {
	d := p.data
	start := p.pos + 1
	i := start
	escaped := false
	for {
		switch d[i] {
		case '\n':
			return nil, p.fail()
		case '\'':
			if d[i+1] == '\'' {
				escaped = true
				i += 2
				continue
			}
		default:
			i++
			continue
		}
		break
	}
	if d[i+1] != '\n' {
		return nil, p.fail()
	}
	p.pos = i + 2
	v := d[start:i]
	if !escaped {
		return v, true
	}
	out := p.scratch[:0]
	for j := 0; j < len(v); j++ {
		out = append(out, v[j])
		if v[j] == '\'' {
			j++
		}
	}
	p.scratch = out
	return out, true
}

// literal reads a literal block scalar: "|" with an optional indentation digit and chomping
// indicator, then lines indented at least parent+digit (or, without a digit, exactly parent+2 on
// the first line). Blank lines must be empty, and no line may end in a space.
func (p *canonParser) literal(parent int) ([]byte, bool) {
	d := p.data
	i := p.pos + 1
	digit, chomp := 0, byte(0)
	for k := 0; k < 2 && d[i] != '\n'; k++ {
		switch c := d[i]; {
		case c >= '1' && c <= '9' && digit == 0:
			digit = int(c - '0')
		case (c == '-' || c == '+') && chomp == 0:
			chomp = c
		default:
			return nil, p.fail()
		}
		i++
	}
	if d[i] != '\n' {
		return nil, p.fail()
	}
	i++
	ci := 0
	if digit > 0 {
		ci = parent + digit
	}
	out := p.scratch[:0]
	started := false
	blank := 0
	for i < len(d) {
		j := i
		for d[j] == ' ' {
			j++
		}
		if d[j] == '\n' {
			if j > i {
				return nil, p.fail() // a line of spaces
			}
			blank++
			i = j + 1
			continue
		}
		ind := j - i
		if ci == 0 {
			if blank > 0 || ind != parent+2 {
				return nil, p.fail()
			}
			ci = ind
		}
		if ind < ci {
			break
		}
		if started {
			out = append(out, '\n')
		}
		for ; blank > 0; blank-- {
			out = append(out, '\n')
		}
		eol := j + bytes.IndexByte(d[j:], '\n')
		if d[eol-1] == ' ' {
			return nil, p.fail()
		}
		out = append(out, d[i+ci:eol]...)
		started = true
		i = eol + 1
	}
	if ci == 0 {
		return nil, p.fail() // no content line: not something Encode writes
	}
	switch chomp {
	case 0:
		if started {
			out = append(out, '\n')
		}
	case '+':
		if started {
			out = append(out, '\n')
		}
		for ; blank > 0; blank-- {
			out = append(out, '\n')
		}
	}
	p.pos = i
	p.scratch = out
	return out, true
}

// integer reads "key: N" where N is a plain decimal integer of at most 18 digits.
func (p *canonParser) integer() (int64, bool) {
	if !p.inline() {
		return 0, false
	}
	d := p.data
	i := p.pos
	neg := d[i] == '-'
	if neg {
		i++
	}
	start := i
	var v int64
	for d[i] >= '0' && d[i] <= '9' {
		v = v*10 + int64(d[i]-'0')
		i++
	}
	n := i - start
	if n == 0 || n > 18 || (d[start] == '0' && n > 1) || d[i] != '\n' {
		return 0, p.fail()
	}
	p.pos = i + 1
	if neg {
		v = -v
	}
	return v, true
}

func (p *canonParser) intField(dst *int) bool {
	v, ok := p.integer()
	if !ok || int64(int(v)) != v {
		return p.fail()
	}
	*dst = int(v)
	return true
}

func (p *canonParser) int64Field(dst *int64) bool {
	v, ok := p.integer()
	*dst = v
	return ok
}

// float reads "key: N" of a *float64: a plain decimal integer as yaml.v3 resolves it (an int,
// converted), or a decimal with a fraction or exponent (parsed as a float).
func (p *canonParser) float(dst **float64) bool {
	if !p.inline() {
		return false
	}
	d := p.data
	i := p.pos
	if d[i] == '-' {
		i++
	}
	digits := i
	for d[i] >= '0' && d[i] <= '9' {
		i++
	}
	n := i - digits
	if n == 0 || (d[digits] == '0' && n > 1) {
		return p.fail()
	}
	isInt := true
	if d[i] == '.' {
		isInt = false
		i++
		k := i
		for d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == k {
			return p.fail()
		}
	}
	if d[i] == 'e' || d[i] == 'E' {
		isInt = false
		i++
		if d[i] == '+' || d[i] == '-' {
			i++
		}
		k := i
		for d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == k {
			return p.fail()
		}
	}
	if d[i] != '\n' {
		return p.fail()
	}
	tok := d[p.pos:i]
	var v float64
	if isInt {
		if n > 18 {
			return p.fail()
		}
		iv, err := strconv.ParseInt(string(tok), 10, 64)
		if err != nil {
			return p.fail()
		}
		v = float64(iv)
	} else {
		fv, err := strconv.ParseFloat(string(tok), 64)
		if err != nil {
			return p.fail()
		}
		v = fv
	}
	p.pos = i + 1
	*dst = &v
	return true
}

// when reads a date: "key: EDTF" or "key:" and a mapping with edtf and text, as
// model.When.UnmarshalYAML reads them.
func (p *canonParser) when(col int, dst *model.When) bool {
	if p.data[p.pos] == ' ' {
		p.pos++
		b, ok := p.scalar(col)
		if !ok {
			return false
		}
		if w, ok := p.whens[string(b)]; ok {
			*dst = w
			return true
		}
		s := p.intern(b)
		w, err := model.ParseWhen(s)
		if err != nil {
			return p.fail()
		}
		p.whens[s] = w
		*dst = w
		return true
	}
	if !p.block(col) {
		return false
	}
	mc := col + 2
	var e, text string
	var seen uint8
	for {
		k, ok := p.key(mc, false)
		if !ok {
			break
		}
		var bit uint8
		switch string(k) {
		case "edtf":
			bit, ok = 1, p.str(mc, &e)
		case "text":
			bit, ok = 2, p.str(mc, &text)
		default:
			return p.fail()
		}
		if !ok || seen&bit != 0 {
			return p.fail()
		}
		seen |= bit
	}
	if p.bad || seen == 0 {
		return p.fail()
	}
	w, err := model.ParseWhen(e)
	if err != nil {
		return p.fail()
	}
	w.Text = text
	*dst = w
	return true
}

// seq reads "key:" and a block sequence at column col+2 whose items item reads (their content at
// column col+4), or "key: []".
func seq[T any](p *canonParser, col int, dst *[]T, item func(*canonParser, int, *T) bool) bool {
	d := p.data
	if d[p.pos] == ' ' {
		if d[p.pos+1] == '[' && d[p.pos+2] == ']' && d[p.pos+3] == '\n' {
			p.pos += 4
			*dst = []T{}
			return true
		}
		return p.fail()
	}
	if !p.block(col) {
		return false
	}
	sc := col + 2
	var out []T
	for {
		if !p.dash(sc) {
			return false
		}
		out = append(out, *new(T))
		if !item(p, sc+2, &out[len(out)-1]) || p.bad {
			return p.fail()
		}
		if !p.more(sc) {
			break
		}
	}
	if p.bad {
		return false
	}
	*dst = out
	return true
}

// strItem reads a scalar item of a sequence whose items' content is at column col.
func strItem(p *canonParser, col int, dst *string) bool {
	b, ok := p.scalar(col - 2)
	if !ok {
		return false
	}
	*dst = p.intern(b)
	return true
}

// strMap reads "key:" and a mapping of strings at column col+2 (keys plain or quoted), or
// "key: {}".
func (p *canonParser) strMap(col int, dst *map[string]string) bool {
	d := p.data
	if d[p.pos] == ' ' {
		if d[p.pos+1] == '{' && d[p.pos+2] == '}' && d[p.pos+3] == '\n' {
			p.pos += 4
			*dst = map[string]string{}
			return true
		}
		return p.fail()
	}
	if !p.block(col) {
		return false
	}
	mc := col + 2
	m := map[string]string{}
	for p.pos < len(d) {
		ind, ok := p.indent()
		if !ok || ind > mc {
			return p.fail()
		}
		if ind < mc {
			break
		}
		p.pos += ind
		k, ok := p.mapKey()
		if !ok {
			return false
		}
		ks := p.intern(k)
		if _, dup := m[ks]; dup {
			return p.fail()
		}
		var v string
		if !p.str(mc, &v) {
			return false
		}
		m[ks] = v
	}
	*dst = m
	return true
}

// mapKey reads a map key (plain, or quoted on one line) and its ':'; p.pos is then at the ' ' or
// line break after it.
func (p *canonParser) mapKey() ([]byte, bool) {
	d := p.data
	start := p.pos
	var k []byte
	switch c := d[start]; c {
	case '"', '\'':
		// the quoted readers expect the scalar to end its line: find the closing quote first.
		end := start + 1
		for ; d[end] != '\n'; end++ {
			if d[end] == c && c == '\'' && d[end+1] == '\'' {
				end++
				continue
			}
			if d[end] == '\\' && c == '"' {
				end++
				if d[end] == '\n' {
					return nil, p.fail()
				}
				continue
			}
			if d[end] == c {
				break
			}
		}
		if d[end] != c || d[end+1] != ':' || (d[end+2] != ' ' && d[end+2] != '\n') {
			return nil, p.fail()
		}
		// Decode a copy that ends the line right after the quote.
		sub := &canonParser{data: append(append([]byte(nil), d[start:end+1]...), '\n'), scratch: p.scratch}
		var ok bool
		if c == '"' {
			k, ok = sub.doubleQuoted()
		} else {
			k, ok = sub.singleQuoted()
		}
		if !ok {
			return nil, p.fail()
		}
		p.pos = end + 2
	default:
		end := start
		for ; d[end] != '\n'; end++ {
			if d[end] == ':' && (d[end+1] == ' ' || d[end+1] == '\n') {
				break
			}
		}
		if d[end] != ':' || end == start {
			return nil, p.fail()
		}
		k = d[start:end]
		switch c {
		case '-', '?', ':':
			if len(k) == 1 || k[1] == ' ' {
				return nil, p.fail()
			}
		case ' ', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '"', '\'', '%', '@', '`':
			return nil, p.fail()
		}
		if !plainOK(k) {
			return nil, p.fail()
		}
		p.pos = end + 1
	}
	if p.pos-start > 1000 || string(k) == "<<" { // yaml limits simple keys to 1024 characters
		return nil, p.fail()
	}
	return k, true
}
