package draft

import (
	"fmt"
	"sort"
	"strings"

	"dossier/internal/assess"
	"dossier/internal/cite"
	"dossier/internal/law"
	"dossier/internal/model"
	"dossier/internal/render"
	"dossier/internal/timeline"
)

// Directives: a line {{name args}} alone.
//
//	{{counts}}             the counts, generated from the case's charges
//	{{chronology TAG -TAG}} a table of the facts in time order (only facts with one of the TAGs;
//	                       none of the -TAGs); each row footnoted with the fact's sources
//	{{assessment}}         the assessment summary
//	{{signature}}          the date and signature block here (default: at the end)
//	{{pagebreak}}          a page break
var directiveNames = []string{"counts", "chronology", "assessment", "signature", "pagebreak"}

// expand replaces {{counts}} with generated blocks and checks directive names.
func (c *compiler) expand(blocks []block) []block {
	var out []block
	numbered := 0
	for _, b := range blocks {
		if b.kind != bkDirective {
			if b.kind == bkNumbered {
				numbered++
			}
			out = append(out, b)
			continue
		}
		switch b.name {
		case "counts":
			gen := c.counts(b, numbered)
			for _, g := range gen {
				if g.kind == bkNumbered {
					numbered++
				}
			}
			out = append(out, gen...)
		case "chronology", "assessment", "signature", "pagebreak":
			out = append(out, b)
		default:
			c.err(b.line, "directive", fmt.Sprintf("unknown directive {{%s}}", b.name), "known: "+strings.Join(directiveNames, ", "))
		}
	}
	return out
}

// esc escapes text for the inline parser.
func esc(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, `<`, `\<`, `{`, `\{`)
	return r.Replace(s)
}

// stripParen drops a trailing parenthetical, nested parentheses included: "Aiding, abetting
// (Rome Statute art. 25(3)(c))" -> "Aiding, abetting".
func stripParen(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, ")") {
		return s
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return strings.TrimSpace(s[:i])
			}
		}
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	// keep acronyms ("ICC") as they are
	if len(s) > 1 && strings.ToUpper(s[:2]) == s[:2] {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// counts generates a heading and paragraphs for each charge. before is the number of numbered
// paragraphs that precede the directive: each count incorporates them by reference, and the
// range is computed, so it cannot point past the paragraphs that exist.
func (c *compiler) counts(d block, before int) []block {
	charges := append([]model.Charge(nil), c.b.Charges...)
	sort.SliceStable(charges, func(i, j int) bool {
		if charges[i].Count != charges[j].Count {
			return charges[i].Count < charges[j].Count
		}
		return charges[i].ID < charges[j].ID
	})
	if len(charges) == 0 {
		c.err(d.line, "directive", "{{counts}}: the case has no charges", "add charges.yaml to the case")
		return nil
	}
	var out []block
	for _, ch := range charges {
		gen := "counts: charge " + ch.ID
		crime, ok := c.lib.Crime(ch.Crime)
		if !ok {
			c.err(d.line, gen+": crime", fmt.Sprintf("no crime %q in the law library", ch.Crime), "")
			continue
		}
		mode, ok := c.lib.Mode(ch.Mode)
		if !ok {
			c.err(d.line, gen+": mode", fmt.Sprintf("no mode of liability %q in the law library", ch.Mode), "")
			continue
		}
		if _, ok := c.actors[ch.Accused]; !ok {
			c.err(d.line, gen+": accused", fmt.Sprintf("no actor %q in the case", ch.Accused), "")
			continue
		}
		title := ch.Title
		if title == "" {
			title = stripParen(crime.Name)
		}
		out = append(out, block{kind: bkHeading, level: 3, text: esc(fmt.Sprintf("Count %d: %s", ch.Count, title)), line: d.line, gen: gen})
		if before > 0 {
			rng := fmt.Sprintf("paragraphs 1 to %d", before)
			if before == 1 {
				rng = "paragraph 1"
			}
			out = append(out, block{kind: bkNumbered, line: d.line, gen: gen,
				text: "The Prosecutor repeats and incorporates by reference " + rng + " of this indictment."})
		}
		var s strings.Builder
		if f, ok := c.lib.Forum(ch.Forum); ok {
			fmt.Fprintf(&s, "Under the law applied by the %s, ", esc(forumName(f.Name)))
		} else if ch.Forum != "" {
			c.err(d.line, gen+": forum", fmt.Sprintf("no forum %q in the law library", ch.Forum), "")
		}
		cn := lowerFirst(stripParen(crime.Name))
		if !strings.HasPrefix(cn, "the ") {
			cn = "the " + cn
		}
		fmt.Fprintf(&s, "[actor:%s] is charged with %s", ch.Accused, esc(cn))
		if crime.Definition != "" {
			fmt.Fprintf(&s, " as defined in [cite:%s]", crime.Definition)
		}
		fmt.Fprintf(&s, ", by %s", esc(lowerFirst(stripParen(mode.Name))))
		if mode.Accessory {
			s.WriteString(" its commission")
		}
		if mode.Provision != "" {
			fmt.Fprintf(&s, " within the meaning of [cite:%s]", mode.Provision)
		}
		if ch.Principal != "" {
			if _, ok := c.actors[ch.Principal]; !ok {
				c.err(d.line, gen+": principal", fmt.Sprintf("no actor %q in the case", ch.Principal), "")
			} else {
				fmt.Fprintf(&s, ", the crime having been committed by [actor:%s]", ch.Principal)
			}
		}
		if ch.PrincipalCrime != "" {
			if act := findAct(crime, ch.PrincipalCrime); act != nil {
				fmt.Fprintf(&s, " through the act of aggression of %s", esc(lowerFirst(act.Name)))
				if act.Provision != "" {
					fmt.Fprintf(&s, " ([cite:%s])", act.Provision)
				}
			} else {
				c.err(d.line, gen+": principal_crime", fmt.Sprintf("%q is not an act of %s", ch.PrincipalCrime, crime.ID), "use an act id of the crime, e.g. "+firstAct(crime))
			}
		}
		if !ch.Period.IsZero() {
			fmt.Fprintf(&s, ", %s", esc(periodText(ch.Period)))
		}
		s.WriteString(".")
		out = append(out, block{kind: bkNumbered, line: d.line, gen: gen, text: s.String()})
		for i, al := range ch.Allegations {
			text := strings.TrimSpace(al.Text)
			if text == "" {
				continue
			}
			if !strings.HasSuffix(text, ".") {
				text += "."
			}
			text = esc(text)
			if facts := c.supporting(ch.ID, al.Element); len(facts) > 0 {
				text = strings.TrimSuffix(text, ".") + " [#" + strings.Join(facts, "; #") + "]."
			}
			out = append(out, block{kind: bkNumbered, line: d.line, gen: fmt.Sprintf("%s: allegations[%d]", gen, i), text: text})
		}
	}
	return out
}

func periodText(w model.When) string {
	t := w.EDTF.Human()
	if t == "" {
		t = w.Text
	}
	if strings.HasPrefix(t, "from ") || strings.HasPrefix(t, "between ") {
		return t
	}
	return "in " + t
}

func findAct(crime *law.Crime, id string) *law.Act {
	for _, a := range crime.Acts {
		if a.ID == id || strings.HasSuffix(a.ID, "."+id) || strings.ReplaceAll(strings.TrimPrefix(a.Provision, crime.Instrument+"/"), "/", "-") == id {
			return a
		}
	}
	return nil
}

func firstAct(crime *law.Crime) string {
	if len(crime.Acts) > 0 {
		return crime.Acts[0].ID
	}
	return "none defined"
}

// supporting lists the facts found to support an element of a charge, in findings order.
func (c *compiler) supporting(charge, element string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range c.b.Findings {
		if f.Charge == charge && f.Element == element && f.Stance != model.Contradicts && !seen[f.Fact] {
			if _, ok := c.facts[f.Fact]; !ok {
				continue
			}
			seen[f.Fact] = true
			out = append(out, f.Fact)
		}
	}
	return out
}

// directive emits a directive that stays a directive after expansion.
func (c *compiler) directive(d *block) {
	switch d.name {
	case "pagebreak":
		c.doc.Blocks = append(c.doc.Blocks, &render.PageBreak{})
	case "signature":
		c.doc.Blocks = append(c.doc.Blocks, c.signature())
	case "chronology":
		c.chronology(d)
	case "assessment":
		c.assessment(d)
	}
}

// chronology is a table of the case's dated facts in the order of timeline.Build, each row
// footnoted with the fact's sources. Arguments filter by tag.
func (c *compiler) chronology(d *block) {
	var want, not []string
	for _, a := range strings.Fields(d.arg) {
		if strings.HasPrefix(a, "-") {
			not = append(not, a[1:])
		} else {
			want = append(want, a)
		}
	}
	var facts []model.Fact
	for _, f := range c.b.Facts {
		if f.When.IsZero() || !tagged(f.Tags, want, not) {
			continue
		}
		facts = append(facts, f)
	}
	if len(facts) == 0 {
		c.err(d.line, "directive", "{{chronology}}: no dated fact matches", "check the tags")
		return
	}
	t := &render.Table{Caption: []render.Inline{render.Text{Text: "Chronology"}},
		Header: []render.Cell{{Inlines: []render.Inline{render.Text{Text: "Date"}}}, {Inlines: []render.Inline{render.Text{Text: "Event"}}}},
		Widths: []float64{1, 3}}
	for _, e := range timeline.Build(facts) {
		f := c.facts[e.Fact]
		if c.public && f.Confidentiality.Redacted() {
			t.Rows = append(t.Rows, []render.Cell{{Inlines: []render.Inline{render.Text{Text: cite.Redacted}}}, {Inlines: []render.Inline{render.Text{Text: cite.Redacted}}}})
			continue
		}
		ins := []render.Inline{render.Text{Text: strings.TrimSpace(f.Statement)}}
		if cs := c.factCites(f, ""); len(cs) > 0 {
			num, spans := c.notes.Footnote(cs)
			c.doc.Footnotes = append(c.doc.Footnotes, render.Footnote{Number: num, Inlines: spanInlines(spans)})
			ins = append(ins, render.FootnoteRef{Number: num})
		}
		t.Rows = append(t.Rows, []render.Cell{{Inlines: []render.Inline{render.Text{Text: e.When.Display()}}}, {Inlines: ins}})
	}
	c.doc.Blocks = append(c.doc.Blocks, t)
}

func tagged(tags, want, not []string) bool {
	has := func(t string) bool {
		for _, x := range tags {
			if x == t {
				return true
			}
		}
		return false
	}
	for _, n := range not {
		if has(n) {
			return false
		}
	}
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if has(w) {
			return true
		}
	}
	return false
}

// assessment renders the assessment summary: Options.Assessment when set, else internal/assess
// at the case's stage (status and explanation of every element of every count, and the legal
// issues it raises). It never states a verdict.
func (c *compiler) assessment(d *block) {
	cell := func(s string) render.Cell { return render.Cell{Inlines: []render.Inline{render.Text{Text: s}}} }
	if c.opts.Assessment != nil {
		header, rows, err := c.opts.Assessment(c.ctx, c.b, c.lib)
		if err != nil {
			c.err(d.line, "directive", fmt.Sprintf("{{assessment}}: %v", err), "")
			return
		}
		t := &render.Table{Caption: []render.Inline{render.Text{Text: "Assessment summary"}}}
		for _, h := range header {
			t.Header = append(t.Header, cell(h))
		}
		for _, r := range rows {
			var cs []render.Cell
			for _, x := range r {
				cs = append(cs, cell(x))
			}
			t.Rows = append(t.Rows, cs)
		}
		if len(t.Rows) > 0 || len(t.Header) > 0 {
			c.doc.Blocks = append(c.doc.Blocks, t)
		}
		return
	}
	a, err := assess.Run(c.lib, c.b, assess.Options{})
	if err != nil {
		c.err(d.line, "directive", fmt.Sprintf("{{assessment}}: %v", err), "")
		return
	}
	c.doc.Blocks = append(c.doc.Blocks, &render.Paragraph{Inlines: []render.Inline{render.Text{
		Text: fmt.Sprintf("%s Standard applied: %s.", a.Notice, a.Standard.String()), Style: render.Style{Italic: true}}}})
	// The element's number has a column of its own: "15. Activation decision …" at the start of
	// a cell reads as a numbered paragraph to a reader of the DOCX that does not know tables.
	t := &render.Table{Caption: []render.Inline{render.Text{Text: "Assessment summary"}},
		Header: []render.Cell{cell("Count"), cell("No."), cell("Element"), cell("Status"), cell("Why")}, Widths: []float64{0.7, 0.5, 2.3, 1.1, 4.8}}
	for _, cr := range a.Counts {
		for _, e := range cr.Elements {
			name := e.Title
			if name == "" {
				name = e.Text
				if r := []rune(name); len(r) > 90 {
					name = string(r[:89]) + "…"
				}
			}
			t.Rows = append(t.Rows, []render.Cell{cell(fmt.Sprint(cr.Count)), cell(fmt.Sprint(e.Number)), cell(name), cell(string(e.Status)), cell(e.Explanation)})
		}
	}
	if len(t.Rows) == 0 {
		c.err(d.line, "directive", "{{assessment}}: the case has no counts to assess", "add charges.yaml to the case")
		return
	}
	c.doc.Blocks = append(c.doc.Blocks, t)
	if len(a.Issues) > 0 {
		l := &render.List{}
		for _, is := range a.Issues {
			item := []render.Inline{render.Text{Text: is.Title, Style: render.Style{Bold: true}}, render.Text{Text: ": "}}
			l.Items = append(l.Items, append(item, c.issueInlines(is)...))
		}
		c.doc.Blocks = append(c.doc.Blocks, &render.Paragraph{Inlines: []render.Inline{render.Text{Text: "Legal issues the assessment raises:"}}}, l)
	}
}

// forumName lowers the initial of a descriptive forum name ("National court exercising universal
// jurisdiction") but keeps a proper name ("International Criminal Court") as it is.
func forumName(s string) string {
	words := strings.Fields(s)
	for _, w := range words[min(1, len(words)):] {
		if w != "" && strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1] {
			return s
		}
	}
	return lowerFirst(s)
}
