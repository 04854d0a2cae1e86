package draft

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// blockKind is what a block of the body is.
type blockKind int

const (
	bkPara      blockKind = iota // plain paragraph
	bkNumbered                   // numbered paragraph ("1." or "#.")
	bkHeading                    // "#", "##", "###"
	bkQuote                      // "> "
	bkList                       // "- " items
	bkDirective                  // "{{counts}}"
)

// block is one block of the body as written.
type block struct {
	kind  blockKind
	level int    // heading level
	label string // {#label}
	text  string // inline text (lines joined with "\n")
	line  int    // line of the text's first character in the file
	items []item // list items and quote paragraphs
	name  string // directive name
	arg   string // directive argument
	gen   string // for generated blocks: what generated them (for error messages)
}

type item struct {
	text string
	line int
}

var (
	reNumbered  = regexp.MustCompile(`^(?:\d{1,4}|#)\.[ \t]+`)
	reHeading   = regexp.MustCompile(`^(#{1,3})[ \t]+(.*)$`)
	reBullet    = regexp.MustCompile(`^[-+*][ \t]+`)
	reDirective = regexp.MustCompile(`^\{\{[ \t]*([a-z][a-z-]*)(?:[ \t]+([^}]*?))?[ \t]*\}\}$`)
	reLabelEnd  = regexp.MustCompile(`[ \t]*\{#([A-Za-z0-9][A-Za-z0-9_.:-]*)\}[ \t]*$`)
)

// parseBlocks splits the body into blocks. firstLine is the file line of the body's first line.
// It never fails: everything that is not another block is paragraph text; problems with labels
// are reported by the compiler.
func parseBlocks(body string, firstLine int) []block {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	var out []block
	var cur *block
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	inComment := false
	for i, raw := range lines {
		ln := firstLine + i
		l := strings.TrimRight(raw, " \t\r")
		t := strings.TrimLeft(l, " \t")
		if inComment {
			if strings.Contains(t, "-->") {
				inComment = false
			}
			continue
		}
		if strings.HasPrefix(t, "<!--") {
			flush()
			if !strings.Contains(t, "-->") {
				inComment = true
			}
			continue
		}
		switch {
		case t == "":
			flush()
		case reDirective.MatchString(t):
			flush()
			m := reDirective.FindStringSubmatch(t)
			out = append(out, block{kind: bkDirective, name: m[1], arg: strings.TrimSpace(m[2]), line: ln})
		case reHeading.MatchString(t) && !reNumbered.MatchString(t):
			flush()
			m := reHeading.FindStringSubmatch(t)
			b := block{kind: bkHeading, level: len(m[1]), text: m[2], line: ln}
			b.text, b.label = cutLabel(b.text)
			out = append(out, b)
		case reNumbered.MatchString(t):
			flush()
			m := reNumbered.FindString(t)
			cur = &block{kind: bkNumbered, text: t[len(m):], line: ln}
		case strings.HasPrefix(t, ">"):
			q := strings.TrimPrefix(strings.TrimPrefix(t, ">"), " ")
			if cur == nil || cur.kind != bkQuote {
				flush()
				cur = &block{kind: bkQuote, line: ln}
			}
			if q == "" {
				cur.items = append(cur.items, item{})
				continue
			}
			if n := len(cur.items); n > 0 && cur.items[n-1].text != "" {
				cur.items[n-1].text += "\n" + q
			} else if n > 0 {
				cur.items[n-1] = item{text: q, line: ln}
			} else {
				cur.items = append(cur.items, item{text: q, line: ln})
			}
		case reBullet.MatchString(t) && (cur == nil || cur.kind == bkList || cur.kind == bkPara):
			if cur == nil || cur.kind != bkList {
				flush()
				cur = &block{kind: bkList, line: ln}
			}
			m := reBullet.FindString(t)
			cur.items = append(cur.items, item{text: t[len(m):], line: ln})
		default:
			switch {
			case cur == nil:
				cur = &block{kind: bkPara, text: t, line: ln}
			case cur.kind == bkList:
				n := len(cur.items) - 1
				cur.items[n].text += "\n" + t
			case cur.kind == bkQuote:
				n := len(cur.items) - 1
				cur.items[n].text += "\n" + t
			default:
				cur.text += "\n" + t
			}
		}
	}
	flush()
	// quote paragraphs that ended empty
	for i := range out {
		if out[i].kind == bkQuote {
			var its []item
			for _, it := range out[i].items {
				if it.text != "" {
					its = append(its, it)
				}
			}
			out[i].items = its
		}
	}
	for i := range out {
		if out[i].kind == bkNumbered || out[i].kind == bkPara {
			out[i].text, out[i].label = cutLabel(out[i].text)
		}
	}
	return out
}

// cutLabel removes a trailing {#label}.
func cutLabel(s string) (string, string) {
	m := reLabelEnd.FindStringSubmatchIndex(s)
	if m == nil {
		return s, ""
	}
	return s[:m[0]], s[m[2]:m[3]]
}

// ---------------------------------------------------------------- inline

// nodeKind is what an inline node is.
type nodeKind int

const (
	nText      nodeKind = iota
	nCite               // [@a, at 3; see @b] [#fact]
	nXref               // [¶@label] or [¶@a–@b]
	nProvision          // [art:rome-statute/25/3/c]
	nActor              // [actor:id]
	nBorn               // [born:id]
	nLink               // <https://…> or [text](url)
)

// node is one inline element as written; off is its byte offset in the block text.
type node struct {
	kind   nodeKind
	text   string
	italic bool
	bold   bool
	cites  []citeItem
	from   string // xref label
	to     string // xref range end label
	url    string
	off    int
	raw    string
}

// citeItem is one item of a citation group.
type citeItem struct {
	fact    bool   // '#' (a fact) rather than '@' (a source)
	id      string // source or fact id
	prefix  string // signal: "see", "see also", "cf."
	locator string // pinpoint
	off     int
}

var (
	reCiteItem = regexp.MustCompile(`^\s*(?:([A-Za-z][A-Za-z .,]*?)\s+)?([@#])([A-Za-z0-9][A-Za-z0-9_:.\-]*?)\s*(?:,\s*(.*?))?\s*$`)
	reXref     = regexp.MustCompile(`^¶\s*@([A-Za-z0-9][A-Za-z0-9_.:-]*?)(?:\s*(?:–|—|-{1,2})\s*@([A-Za-z0-9][A-Za-z0-9_.:-]*))?$`)
)

// parseInline splits block text into nodes. It never fails: text that is not a recognised
// construct stays text.
func parseInline(s string) []node {
	var out []node
	var buf strings.Builder
	bufOff := 0
	italic, bold := false, false
	flushText := func(at int) {
		if buf.Len() > 0 {
			out = append(out, node{kind: nText, text: buf.String(), italic: italic, bold: bold, off: bufOff})
			buf.Reset()
		}
		bufOff = at
	}
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.ContainsRune(`\[]*_{}<>#@`+"`", rune(s[i+1])):
			if buf.Len() == 0 {
				bufOff = i
			}
			buf.WriteByte(s[i+1])
			i += 2
			continue
		case c == '*' && strings.HasPrefix(s[i:], "**"):
			flushText(i + 2)
			bold = !bold
			i += 2
			continue
		case c == '*':
			flushText(i + 1)
			italic = !italic
			i++
			continue
		case c == '<' && (strings.HasPrefix(s[i:], "<http://") || strings.HasPrefix(s[i:], "<https://")):
			if j := strings.IndexByte(s[i:], '>'); j > 0 && !strings.ContainsAny(s[i:i+j], " \n") {
				flushText(i + j + 1)
				u := s[i+1 : i+j]
				out = append(out, node{kind: nLink, text: u, url: u, off: i, italic: italic, bold: bold})
				i += j + 1
				continue
			}
		case c == '[':
			if n, adv, ok := bracket(s, i); ok {
				flushText(i + adv)
				n.italic, n.bold = italic, bold
				out = append(out, n)
				i += adv
				continue
			}
		}
		if buf.Len() == 0 {
			bufOff = i
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		if c == '\n' {
			buf.WriteByte(' ')
		} else {
			buf.WriteString(s[i : i+size])
		}
		i += size
	}
	flushText(len(s))
	return out
}

// bracket reads a bracketed construct at s[i] == '['. It returns the node, the bytes consumed
// and whether it was a construct (otherwise the bracket is literal text).
func bracket(s string, i int) (node, int, bool) {
	end := -1
	for j := i + 1; j < len(s); j++ {
		if s[j] == '\\' {
			j++
			continue
		}
		if s[j] == '[' {
			return node{}, 0, false
		}
		if s[j] == ']' {
			end = j
			break
		}
	}
	if end < 0 {
		return node{}, 0, false
	}
	inner := s[i+1 : end]
	raw := s[i : end+1]
	// [text](url)
	if end+1 < len(s) && s[end+1] == '(' {
		if k := strings.IndexByte(s[end+1:], ')'); k > 0 {
			u := s[end+2 : end+1+k]
			if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "mailto:") {
				return node{kind: nLink, text: inner, url: u, off: i, raw: s[i : end+2+k]}, end + 2 + k - i, true
			}
		}
	}
	t := strings.TrimSpace(inner)
	switch {
	case strings.HasPrefix(t, "¶"):
		m := reXref.FindStringSubmatch(t)
		if m == nil {
			// a malformed reference is still a reference: the compiler reports it
			return node{kind: nXref, off: i, raw: raw}, end + 1 - i, true
		}
		return node{kind: nXref, from: m[1], to: m[2], off: i, raw: raw}, end + 1 - i, true
	case strings.HasPrefix(t, "art:"):
		return node{kind: nProvision, text: strings.TrimSpace(t[4:]), off: i, raw: raw}, end + 1 - i, true
	case strings.HasPrefix(t, "cite:"):
		return node{kind: nProvision, text: strings.TrimSpace(t[5:]), url: "cite", off: i, raw: raw}, end + 1 - i, true
	case strings.HasPrefix(t, "actor:"):
		return node{kind: nActor, text: strings.TrimSpace(t[6:]), off: i, raw: raw}, end + 1 - i, true
	case strings.HasPrefix(t, "born:"):
		return node{kind: nBorn, text: strings.TrimSpace(t[5:]), off: i, raw: raw}, end + 1 - i, true
	}
	if !strings.ContainsAny(t, "@#") {
		return node{}, 0, false
	}
	var items []citeItem
	off := i + 1
	for _, part := range strings.Split(inner, ";") {
		m := reCiteItem.FindStringSubmatch(part)
		if m == nil {
			return node{}, 0, false
		}
		items = append(items, citeItem{fact: m[2] == "#", id: m[3], prefix: strings.TrimSpace(m[1]), locator: strings.TrimSpace(m[4]), off: off})
		off += len(part) + 1
	}
	return node{kind: nCite, cites: items, off: i, raw: raw}, end + 1 - i, true
}
