package docimport

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	reMDFootDef = regexp.MustCompile(`^\[\^([^\]\s]{1,64})\]:\s?(.*)$`)
	reMDFootRef = regexp.MustCompile(`\[\^([^\]\s]{1,64})\]`)
	reMDInline  = regexp.MustCompile(`\^\[([^\[\]]*)\]`)
	reMDHeading = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	reMDSetext  = regexp.MustCompile(`^(=+|-+)\s*$`)
	reMDLinks   = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]*)\)`)
	reMDCode    = regexp.MustCompile("`+[^`]*`+")
)

// ReadMarkdown reads a Markdown draft with pandoc footnotes ("[^1]" references and "[^1]: body"
// definitions, continuation lines indented; inline "^[body]" notes are numbered in place).
func ReadMarkdown(ctx context.Context, name string, r io.Reader) (*Document, error) {
	data, err := readLimited(ctx, name, r, MaxTextSize)
	if err != nil {
		return nil, err
	}
	return ParseMarkdown(name, string(data)), nil
}

type mdDef struct {
	label string
	text  string
	line  int
	end   int
}

// ParseMarkdown parses Markdown already in memory; it never fails.
func ParseMarkdown(name, text string) *Document {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	b := newBuilder(name, FormatMarkdown)

	type block struct {
		kind  string
		level int
		lines []srcLine
	}
	var blocks []block
	var defs []mdDef
	var cur []srcLine
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, block{kind: KindBody, lines: cur})
			cur = nil
		}
	}
	inFence := false
	i := 0
	// YAML front matter.
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		for j := 1; j < len(lines); j++ {
			if t := strings.TrimSpace(lines[j]); t == "---" || t == "..." {
				i = j + 1
				break
			}
		}
	}
	for ; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			flush()
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if m := reMDFootDef.FindStringSubmatch(l); m != nil {
			flush()
			d := mdDef{label: m[1], text: m[2], line: i + 1, end: i + 1}
			for i+1 < len(lines) {
				nx := lines[i+1]
				if strings.TrimSpace(nx) == "" {
					// a blank line continues the note only if the next line is indented
					if i+2 < len(lines) && (strings.HasPrefix(lines[i+2], "    ") || strings.HasPrefix(lines[i+2], "\t")) {
						i++
						continue
					}
					break
				}
				if strings.HasPrefix(nx, "    ") || strings.HasPrefix(nx, "\t") || strings.HasPrefix(nx, "  ") ||
					(!reMDFootDef.MatchString(nx) && !reMDHeading.MatchString(nx)) {
					d.text += " " + strings.TrimSpace(nx)
					d.end = i + 2
					i++
					continue
				}
				break
			}
			defs = append(defs, d)
			continue
		}
		if t == "" {
			flush()
			continue
		}
		if m := reMDHeading.FindStringSubmatch(t); m != nil && !strings.HasPrefix(t, "#[") {
			flush()
			blocks = append(blocks, block{kind: KindHeading, level: len(m[1]), lines: []srcLine{{n: i + 1, s: m[2]}}})
			continue
		}
		if len(cur) == 1 && reMDSetext.MatchString(t) {
			blocks = append(blocks, block{kind: KindHeading, lines: cur})
			cur = nil
			continue
		}
		if len(cur) > 0 && (reNumberedPar.MatchString(t) || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ")) {
			flush()
		}
		cur = append(cur, srcLine{n: i + 1, s: l})
	}
	flush()

	// Number footnotes in order of first reference, as pandoc does.
	numbers := map[string]int{}
	next := 1
	number := func(label string) int {
		if n, ok := numbers[label]; ok {
			return n
		}
		n := next
		next++
		numbers[label] = n
		return n
	}
	var inline []Footnote
	for _, bl := range blocks {
		p := Paragraph{Kind: bl.kind, Line: bl.lines[0].n, EndLine: bl.lines[len(bl.lines)-1].n}
		var marks []Marker
		for li, sl := range bl.lines {
			t := strings.TrimSpace(sl.s)
			if li == 0 && bl.kind == KindBody {
				if m := reNumberedPar.FindStringSubmatch(t); m != nil {
					p.Kind = KindNumbered
					p.Number, _ = strconv.Atoi(m[1])
				} else {
					t = strings.TrimPrefix(strings.TrimPrefix(t, "- "), "* ")
				}
			}
			t = reMDLinks.ReplaceAllString(t, "$1 ($2)")
			if strings.Contains(t, "`") {
				t = reMDCode.ReplaceAllString(t, "") // code spans are not prose
			}
			t = cleanInline(t)
			var sb strings.Builder
			base := len(p.Text)
			if base > 0 {
				base++
			}
			for {
				loc := reMDFootRef.FindStringSubmatchIndex(t)
				iloc := reMDInline.FindStringSubmatchIndex(t)
				if iloc != nil && (loc == nil || iloc[0] < loc[0]) {
					sb.WriteString(t[:iloc[0]])
					n := number(fmt.Sprintf("\x00inline%d", len(inline)))
					inline = append(inline, Footnote{Number: n, Text: normSpace(t[iloc[2]:iloc[3]]), Line: sl.n, EndLine: sl.n})
					marks = append(marks, Marker{Number: n, Label: strconv.Itoa(n), Offset: base + sb.Len(), Line: sl.n})
					t = t[iloc[1]:]
					continue
				}
				if loc == nil {
					break
				}
				sb.WriteString(t[:loc[0]])
				label := t[loc[2]:loc[3]]
				marks = append(marks, Marker{Number: number(label), Label: label, Offset: base + sb.Len(), Line: sl.n})
				t = t[loc[1]:]
			}
			sb.WriteString(t)
			if p.Text != "" {
				p.Text += " "
			}
			p.Spans = append(p.Spans, Span{Offset: len(p.Text), Line: sl.n})
			p.Text += sb.String()
		}
		if p.Kind == KindBody && len(bl.lines) == 1 && bl.kind != KindHeading {
			// Bold-only lines act as headings in many drafts ("**Count 1**").
			raw := strings.TrimSpace(bl.lines[0].s)
			if strings.HasPrefix(raw, "**") && strings.HasSuffix(raw, "**") && len(raw) < 120 {
				p.Kind = KindHeading
			}
		}
		b.addParagraph(p, marks)
	}
	var foots []Footnote
	defined := map[string]bool{}
	for _, d := range defs {
		defined[d.label] = true
		n, referenced := numbers[d.label]
		if !referenced {
			n = number(d.label)
		}
		foots = append(foots, Footnote{Number: n, Label: d.label, Text: normSpace(cleanFoot(reMDLinks.ReplaceAllString(d.text, "$1 ($2)"))), Line: d.line, EndLine: d.end})
	}
	foots = append(foots, inline...)
	sort.SliceStable(foots, func(i, j int) bool { return foots[i].Number < foots[j].Number })
	for _, m := range b.doc.Markers {
		if !defined[m.Label] && !strings.HasPrefix(m.Label, "\x00") && !isInlineNumber(inline, m.Number) {
			b.note(NoteMissingRef, m.Line, fmt.Sprintf("footnote reference [^%s] has no definition", m.Label))
		}
	}
	b.doc.Footnotes = foots
	return b.finish()
}

func isInlineNumber(inline []Footnote, n int) bool {
	for _, f := range inline {
		if f.Number == n {
			return true
		}
	}
	return false
}
