package draft

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"dossier/internal/bundle"
	"dossier/internal/cite"
	"dossier/internal/law"
	"dossier/internal/model"
	"dossier/internal/render"
)

// Versions recorded in Document.Version and printed in every page header.
const (
	VersionPublic       = "PUBLIC REDACTED VERSION"
	VersionConfidential = "CONFIDENTIAL — FULL VERSION"
	VersionFull         = "FULL VERSION"
)

// Kinds of draft.
var Kinds = []string{"indictment", "brief", "warrant-application"}

// Options tune compilation. The zero value compiles the full version in the draft's own style.
type Options struct {
	// File names the draft in error messages (default "drafts/" + the draft's path or id + ".md").
	File string
	// Style, when set, overrides the front matter's style.
	Style cite.Style
	// Public compiles the public redacted version.
	Public bool
	// Assessment produces the {{assessment}} summary; nil runs internal/assess at the case's stage.
	Assessment AssessmentFunc
}

// AssessmentFunc summarises the case's assessment as a table: a header and rows of plain text.
// It is the seam for internal/assess.
type AssessmentFunc func(ctx context.Context, b *model.Bundle, lib *law.Library) (header []string, rows [][]string, err error)

// Error is a problem in a draft: file:line: field: message (hint).
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
	Hint  string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Errors is every problem found in a draft, in line order.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

type compiler struct {
	ctx      context.Context
	opts     Options
	file     string
	front    Front
	frontRaw string
	b        *model.Bundle
	lib      *law.Library
	style    cite.Style
	public   bool

	sources map[string]*model.Source
	facts   map[string]*model.Fact
	actors  map[string]*model.Actor

	errs   []*Error
	labels map[string]labelInfo
	notes  *cite.Notes
	prov   provCites // provisions cited in footnotes (the assessment's quotations)
	doc    *render.Document
}

type labelInfo struct {
	num     int // paragraph number; 0 for a heading
	line    int
	heading bool
}

// Compile compiles a draft of case b into a Document. Problems in the draft (unknown sources,
// facts, actors, labels or provisions; malformed front matter; backwards ranges) are returned
// together as Errors, each as file:line: field: problem; then no Document is returned.
func Compile(ctx context.Context, d *model.DraftDoc, b *model.Bundle, lib *law.Library, opts Options) (*render.Document, error) {
	if d == nil || b == nil || lib == nil {
		return nil, fmt.Errorf("compile draft: draft, case and law library are required")
	}
	c := &compiler{ctx: ctx, opts: opts, b: b, lib: lib, public: opts.Public,
		sources: map[string]*model.Source{}, facts: map[string]*model.Fact{}, actors: map[string]*model.Actor{},
		labels: map[string]labelInfo{}}
	c.file = opts.File
	if c.file == "" {
		name := d.Path
		if name == "" {
			name = d.ID + ".md"
		}
		c.file = "drafts/" + name
	}
	for i := range b.Sources {
		c.sources[b.Sources[i].ID] = &b.Sources[i]
	}
	for i := range b.Facts {
		c.facts[b.Facts[i].ID] = &b.Facts[i]
	}
	for i := range b.Actors {
		c.actors[b.Actors[i].ID] = &b.Actors[i]
	}

	front, body, bodyLine, ok := bundle.FrontMatter(d.Body)
	if !ok {
		c.err(1, "front matter", "missing", "start the draft with ---, kind: indictment|brief, ---")
		return nil, c.errors()
	}
	c.frontRaw = front
	var ferrs []*Error
	c.front, ferrs = parseFront(c.file, front, 2)
	c.errs = append(c.errs, ferrs...)
	c.checkFront()
	c.style = opts.Style
	if c.style == "" {
		st, err := cite.ParseStyle(c.front.Style)
		if err != nil {
			c.err(c.frontLine("style"), "style", err.Error(), "")
		}
		c.style = st
	}
	if c.style == "" {
		c.style = cite.Bluebook
	}
	c.notes = cite.NewNotes(c.style)

	blocks := parseBlocks(body, bodyLine)
	blocks = c.expand(blocks)
	c.number(blocks)
	c.doc = c.newDocument()
	if c.front.Kind == "indictment" || c.front.Kind == "warrant-application" {
		c.doc.Blocks = append(c.doc.Blocks, c.caption())
	} else if c.front.Title != "" {
		c.doc.Blocks = append(c.doc.Blocks, &render.Paragraph{Align: render.AlignCenter,
			Inlines: []render.Inline{render.Text{Text: c.front.Title, Style: render.Style{Bold: true}}}})
		if c.front.Subtitle != "" {
			c.doc.Blocks = append(c.doc.Blocks, &render.Paragraph{Align: render.AlignCenter,
				Inlines: []render.Inline{render.Text{Text: c.front.Subtitle, Style: render.Style{Italic: true}}}})
		}
	}
	signed := false
	num := 0
	for i := range blocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		blk := &blocks[i]
		if blk.kind == bkNumbered {
			num++
		}
		if blk.kind == bkDirective && blk.name == "signature" {
			signed = true
		}
		c.emit(blk, num)
	}
	if !signed && (c.front.Place != "" || len(c.front.Signatory) > 0) {
		c.doc.Blocks = append(c.doc.Blocks, c.signature())
	}
	if len(c.errs) > 0 {
		return nil, c.errors()
	}
	if c.public {
		c.scrub()
	}
	if err := render.Validate(c.doc); err != nil {
		return nil, fmt.Errorf("compile %s: internal inconsistency: %w", c.file, err)
	}
	return c.doc, nil
}

func (c *compiler) err(line int, field, msg, hint string) {
	c.errs = append(c.errs, &Error{File: c.file, Line: line, Field: field, Msg: msg, Hint: hint})
}

func (c *compiler) errors() error {
	sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].Line < c.errs[j].Line })
	return Errors(c.errs)
}

// frontLine finds the line of a front matter key (for error messages), else 1.
func (c *compiler) frontLine(key string) int {
	for i, l := range strings.Split(c.frontRaw, "\n") {
		if strings.HasPrefix(l, key+":") {
			return i + 2
		}
	}
	return 1
}

func (c *compiler) checkFront() {
	switch c.front.Kind {
	case "indictment", "brief", "warrant-application":
	case "":
		c.err(1, "kind", "missing", "kind: indictment, brief or warrant-application")
	default:
		c.err(c.frontLine("kind"), "kind", fmt.Sprintf("unknown kind %q", c.front.Kind), "want indictment, brief or warrant-application")
	}
	if c.front.Date != "" {
		if _, err := time.Parse("2006-01-02", c.front.Date); err != nil {
			c.err(c.frontLine("date"), "date", fmt.Sprintf("%q is not a date", c.front.Date), "write YYYY-MM-DD")
		}
	}
}

func (c *compiler) newDocument() *render.Document {
	doc := &render.Document{Kind: render.Kind(c.front.Kind), Title: c.front.Title, Subtitle: c.front.Subtitle, Lang: c.front.Lang}
	if doc.Title == "" {
		doc.Title = titleCase(c.front.Kind)
	}
	if t, err := time.Parse("2006-01-02", c.front.Date); err == nil {
		doc.Date = t
	}
	switch {
	case c.public:
		doc.Version = VersionPublic
	case c.anyConfidential():
		doc.Version = VersionConfidential
	default:
		doc.Version = VersionFull
	}
	add := func(k, v string) {
		if v != "" {
			doc.Meta = append(doc.Meta, render.MetaField{Key: k, Value: v})
		}
	}
	add("case", c.b.Case.ID)
	add("forum", c.b.Case.Forum)
	add("stage", c.b.Case.Stage)
	add("case-number", c.front.CaseNumber)
	add("author", c.front.Author)
	add("citation-style", string(c.style))
	return doc
}

func (c *compiler) anyConfidential() bool {
	if c.b.Case.Confidentiality.Redacted() {
		return true
	}
	for _, s := range c.b.Sources {
		if s.Confidentiality.Redacted() {
			return true
		}
	}
	for _, f := range c.b.Facts {
		if f.Confidentiality.Redacted() {
			return true
		}
	}
	for _, a := range c.b.Actors {
		if a.Confidentiality.Redacted() {
			return true
		}
	}
	return false
}

// number assigns paragraph numbers and records labels.
func (c *compiler) number(blocks []block) {
	n := 0
	for i := range blocks {
		blk := &blocks[i]
		if blk.kind == bkNumbered {
			n++
		}
		if blk.label == "" {
			continue
		}
		if prev, dup := c.labels[blk.label]; dup {
			c.err(blk.line, "label", fmt.Sprintf("{#%s} is already used on line %d", blk.label, prev.line), "labels must be unique")
			continue
		}
		switch blk.kind {
		case bkNumbered:
			c.labels[blk.label] = labelInfo{num: n, line: blk.line}
		case bkHeading:
			c.labels[blk.label] = labelInfo{heading: true, line: blk.line}
		default:
			c.err(blk.line, "label", fmt.Sprintf("{#%s} on an unnumbered paragraph", blk.label), "labels go at the end of a numbered paragraph (1. …) or a heading")
		}
	}
}

// lineOf is the file line of byte offset off in a block's text.
func lineOf(blk *block, text string, off int) int {
	if off > len(text) {
		off = len(text)
	}
	return blk.line + strings.Count(text[:off], "\n")
}

// emit turns one block into Document blocks. num is the current paragraph number (the block's
// own when numbered).
func (c *compiler) emit(blk *block, num int) {
	switch blk.kind {
	case bkHeading:
		ins := c.inlines(blk, blk.text, blk.line, 0)
		c.doc.Blocks = append(c.doc.Blocks, &render.Heading{Level: blk.level, Label: blk.label, Inlines: ins})
	case bkNumbered:
		ins := c.inlines(blk, blk.text, blk.line, num)
		c.doc.Blocks = append(c.doc.Blocks, &render.NumberedParagraph{Number: num, Label: blk.label, Inlines: ins})
	case bkPara:
		ins := c.inlines(blk, blk.text, blk.line, 0)
		c.doc.Blocks = append(c.doc.Blocks, &render.Paragraph{Inlines: ins})
	case bkQuote:
		q := &render.BlockQuote{}
		for _, it := range blk.items {
			q.Paragraphs = append(q.Paragraphs, c.inlines(blk, it.text, it.line, 0))
		}
		c.doc.Blocks = append(c.doc.Blocks, q)
	case bkList:
		l := &render.List{}
		for _, it := range blk.items {
			l.Items = append(l.Items, c.inlines(blk, it.text, it.line, 0))
		}
		c.doc.Blocks = append(c.doc.Blocks, l)
	case bkDirective:
		c.directive(blk)
	}
}

// inlines resolves the inline text of a block. line is the line of text's first byte; para is
// the referring paragraph's number (0 if unnumbered). In the public version a paragraph that
// refers to a confidential fact is withheld whole: its text becomes [REDACTED] (its number stays).
func (c *compiler) inlines(blk *block, text string, line int, para int) []render.Inline {
	nodes := parseInline(text)
	sub := &block{line: line, gen: blk.gen}
	before := len(c.errs)
	withheld := false
	for _, n := range nodes {
		if c.check(sub, text, n, para) {
			withheld = true
		}
	}
	if len(c.errs) > before {
		// the draft will be refused; nothing of this block is emitted
		return nil
	}
	if withheld && c.public {
		return []render.Inline{render.Text{Text: cite.Redacted}}
	}
	var out []render.Inline
	for i, n := range nodes {
		st := render.Style{Italic: n.italic, Bold: n.bold}
		switch n.kind {
		case nText:
			out = append(out, render.Text{Text: n.text, Style: st})
		case nLink:
			out = append(out, render.Link{Text: n.text, URL: n.url, Style: st})
		case nActor:
			out = append(out, render.Text{Text: c.actorName(n.text), Style: st})
		case nBorn:
			out = append(out, render.Text{Text: c.born(n.text), Style: st})
		case nProvision:
			path, _ := c.lib.ParseProvisionRef(n.text)
			label := c.lib.Canonical(path)
			if n.url == "cite" {
				// [cite:…] names the instrument: "Rome Statute, art. 8 bis(1)"
				label = c.lib.Citation(path)
			}
			out = append(out, render.Text{Text: strings.TrimSuffix(label, " "+law.UnverifiedTag), Style: st})
		case nXref:
			out = append(out, c.xref(n))
		case nCite:
			out = c.footnote(out, n)
			// move punctuation that follows the reference before it: "in Kursk [#f]." -> "in Kursk.¹"
			if i+1 < len(nodes) && nodes[i+1].kind == nText {
				t := nodes[i+1].text
				k := 0
				for k < len(t) && strings.ContainsRune(".,;:", rune(t[k])) {
					k++
				}
				if k > 0 && len(out) >= 2 {
					if prev, ok := out[len(out)-2].(render.Text); ok {
						prev.Text += t[:k]
						out[len(out)-2] = prev
						nodes[i+1].text = t[k:]
					}
				}
			}
		}
	}
	return mergeText(out)
}

// check validates one node; it reports whether the node refers to a confidential fact.
func (c *compiler) check(blk *block, text string, n node, para int) bool {
	line := lineOf(blk, text, n.off)
	field := func(f string) string {
		if blk.gen != "" {
			return blk.gen + ": " + f
		}
		return f
	}
	switch n.kind {
	case nActor, nBorn:
		a, ok := c.actors[n.text]
		if !ok {
			c.err(line, field("actor"), fmt.Sprintf("no actor %q in the case", n.text), c.suggest(n.text, c.actorIDs()))
			return false
		}
		if n.kind == nBorn && a.Born.IsZero() {
			c.err(line, field("actor"), fmt.Sprintf("actor %q has no birth date", n.text), "add born: to actors.yaml")
		}
	case nProvision:
		path, err := c.lib.ParseProvisionRef(n.text)
		if err != nil {
			c.err(line, field("provision"), err.Error(), "")
			return false
		}
		if _, ok := c.lib.Provision(path); !ok {
			c.err(line, field("provision"), fmt.Sprintf("%s: not in the law library", n.text), "")
		}
	case nXref:
		if n.from == "" {
			c.err(line, field("cross-reference"), fmt.Sprintf("malformed reference %s", n.raw), "write [¶@label] or [¶@first–@last]")
			return false
		}
		from, ok1 := c.labelNum(line, field("cross-reference"), n.from)
		if n.to == "" {
			return false
		}
		to, ok2 := c.labelNum(line, field("cross-reference"), n.to)
		if !ok1 || !ok2 {
			return false
		}
		switch {
		case from > to:
			c.err(line, field("cross-reference"), fmt.Sprintf("range %s runs backwards (paragraph %d to %d)", n.raw, from, to), "put the earlier paragraph first")
		case from == to:
			c.err(line, field("cross-reference"), fmt.Sprintf("range %s has one paragraph (%d)", n.raw, from), "write [¶@"+n.from+"]")
		case para > 0 && from <= para && para <= to:
			c.err(line, field("cross-reference"), fmt.Sprintf("range %s (paragraphs %d–%d) includes the paragraph that refers to it (%d)", n.raw, from, to, para), "a paragraph cannot incorporate itself")
		}
	case nCite:
		conf := false
		for _, it := range n.cites {
			iline := lineOf(blk, text, it.off)
			if it.fact {
				f, ok := c.facts[it.id]
				if !ok {
					c.err(iline, field("fact"), fmt.Sprintf("no fact %q in the case", it.id), c.suggest(it.id, c.factIDs()))
					continue
				}
				if it.locator != "" {
					c.err(iline, field("fact"), fmt.Sprintf("[#%s, %s]: a fact takes no pinpoint", it.id, it.locator), "the fact's excerpts give the pinpoints; cite a source with [@id, at 3] instead")
				}
				if len(c.factCites(f, "")) == 0 {
					c.err(iline, field("fact"), fmt.Sprintf("fact %q has no supporting excerpt to cite", it.id), "add an excerpt with stance supports")
				}
				for _, x := range f.Excerpts {
					if _, ok := c.sources[x.Source]; !ok {
						c.err(iline, field("fact"), fmt.Sprintf("fact %q cites unknown source %q", it.id, x.Source), "")
					}
				}
				if f.Confidentiality.Redacted() {
					conf = true
				}
				continue
			}
			if _, ok := c.sources[it.id]; !ok {
				c.err(iline, field("citation"), fmt.Sprintf("no source %q in the case", it.id), c.suggest(it.id, c.sourceIDs()))
			}
		}
		return conf
	}
	return false
}

func (c *compiler) labelNum(line int, field, label string) (int, bool) {
	li, ok := c.labels[label]
	if !ok {
		var ls []string
		for l := range c.labels {
			ls = append(ls, l)
		}
		c.err(line, field, fmt.Sprintf("no paragraph labelled {#%s}", label), c.suggest(label, ls))
		return 0, false
	}
	if li.heading {
		c.err(line, field, fmt.Sprintf("{#%s} labels a heading, not a numbered paragraph", label), "")
		return 0, false
	}
	return li.num, true
}

func (c *compiler) xref(n node) render.Inline {
	from := c.labels[n.from].num
	if n.to == "" {
		return render.CrossRef{Text: fmt.Sprintf("paragraph %d", from), Target: n.from}
	}
	to := c.labels[n.to].num
	return render.CrossRef{Text: fmt.Sprintf("paragraphs %d–%d", from, to), Target: n.from}
}

func (c *compiler) actorName(id string) string {
	a := c.actors[id]
	if a == nil {
		return id
	}
	if c.public && a.Confidentiality.Redacted() {
		return cite.Redacted
	}
	return a.Name
}

// born is the birth date as the case states it, uncertainty kept: the recorded wording when there
// is one, else the date in words ("8 January 1982, 1983 or 1984").
func (c *compiler) born(id string) string {
	a := c.actors[id]
	if a == nil {
		return id
	}
	if c.public && a.Confidentiality.Redacted() {
		return cite.Redacted
	}
	if a.Born.Text != "" {
		return a.Born.Text
	}
	return a.Born.EDTF.Human()
}

// footnote appends a footnote reference for a citation group and records the footnote.
func (c *compiler) footnote(out []render.Inline, n node) []render.Inline {
	var cs []cite.Cited
	for _, it := range n.cites {
		if it.fact {
			f := c.facts[it.id]
			fc := c.factCites(f, it.prefix)
			cs = append(cs, fc...)
			continue
		}
		s := c.sources[it.id]
		cs = append(cs, cite.Cited{Source: s, Pinpoint: it.locator, Signal: it.prefix, Redacted: c.public && s.Confidentiality.Redacted()})
	}
	num, spans := c.notes.Footnote(dedupe(cs))
	c.doc.Footnotes = append(c.doc.Footnotes, render.Footnote{Number: num, Inlines: spanInlines(spans)})
	// the reference sits against the word before it
	if k := len(out) - 1; k >= 0 {
		if t, ok := out[k].(render.Text); ok {
			t.Text = strings.TrimRight(t.Text, " ")
			out[k] = t
		}
	}
	return append(out, render.FootnoteRef{Number: num})
}

// factCites lists the sources that support a fact, in excerpt order, one citation per source
// with its pinpoints joined; signal goes on the first.
func (c *compiler) factCites(f *model.Fact, signal string) []cite.Cited {
	var out []cite.Cited
	idx := map[string]int{}
	for _, x := range f.Excerpts {
		if x.EffectiveStance() != model.Supports {
			continue
		}
		s := c.sources[x.Source]
		if s == nil {
			continue
		}
		pin := locator(x.Pinpoint, s)
		if i, ok := idx[s.ID]; ok {
			if pin != "" && !strings.Contains(out[i].Pinpoint, pin) {
				if out[i].Pinpoint == "" {
					out[i].Pinpoint = pin
				} else {
					out[i].Pinpoint += ", " + strings.TrimPrefix(pin, "at ")
				}
			}
			continue
		}
		idx[s.ID] = len(out)
		out = append(out, cite.Cited{Source: s, Pinpoint: pin,
			Redacted: c.public && (s.Confidentiality.Redacted() || f.Confidentiality.Redacted())})
	}
	out = dropIncompleteOnline(out)
	if len(out) > 0 {
		out[0].Signal = signal
	}
	return out
}

// dropIncompleteOnline leaves out a news or web source recorded without a URL when other sources
// support the fact: a reader cannot find it, and the citation would be incomplete. A fact that
// rests on such a source alone still cites it.
func dropIncompleteOnline(cs []cite.Cited) []cite.Cited {
	incomplete := func(s *model.Source) bool {
		return s != nil && strings.TrimSpace(s.URL) == "" && (s.Kind == model.News || s.Kind == model.Web)
	}
	keep := cs[:0:0]
	for _, x := range cs {
		if !incomplete(x.Source) {
			keep = append(keep, x)
		}
	}
	if len(keep) == 0 {
		return cs
	}
	return keep
}

// locator keeps the part of an excerpt's pinpoint that locates something in the source. Notes
// about where the paper cited it ("fn 24 (no pinpoint)"), "headline" and a repeated document
// symbol are not locators and are not printed.
func locator(p string, s *model.Source) string {
	p = strings.TrimSpace(p)
	lp := strings.ToLower(p)
	switch {
	case p == "", lp == "headline", strings.HasPrefix(lp, "fn "), strings.Contains(lp, "no pinpoint"),
		strings.HasPrefix(lp, "entry"), strings.HasPrefix(lp, "document"):
		return ""
	case strings.Contains(p, ";"):
		// "Executive Summary; indictment para. 11" is one pinpoint, not two citations
		return strings.ReplaceAll(p, "; ", ", ")
	case s.Number != "" && strings.EqualFold(strings.ReplaceAll(p, " ", ""), strings.ReplaceAll(s.Number, " ", "")):
		return ""
	}
	return p
}

func spanInlines(spans []cite.Span) []render.Inline {
	var out []render.Inline
	for _, s := range spans {
		if s.URL != "" {
			out = append(out, render.Link{Text: s.Text, URL: s.URL, Style: render.Style{Italic: s.Italic}})
			continue
		}
		out = append(out, render.Text{Text: s.Text, Style: render.Style{Italic: s.Italic}})
	}
	return out
}

// mergeText joins adjacent texts of one style and drops empty ones.
func mergeText(in []render.Inline) []render.Inline {
	var out []render.Inline
	for _, x := range in {
		t, ok := x.(render.Text)
		if ok && t.Text == "" {
			continue
		}
		if ok && len(out) > 0 {
			if p, ok2 := out[len(out)-1].(render.Text); ok2 && p.Style == t.Style {
				p.Text += t.Text
				out[len(out)-1] = p
				continue
			}
		}
		out = append(out, x)
	}
	if len(out) > 0 {
		if t, ok := out[0].(render.Text); ok {
			t.Text = strings.TrimLeft(t.Text, " ")
			out[0] = t
		}
		if t, ok := out[len(out)-1].(render.Text); ok {
			t.Text = strings.TrimRight(t.Text, " ")
			out[len(out)-1] = t
		}
	}
	return out
}

func (c *compiler) caption() *render.Caption {
	ct := c.front.CaseTitle
	if ct == "" {
		var names []string
		for _, id := range c.b.Case.Accused {
			names = append(names, strings.ToUpper(c.actorName(id)))
		}
		ct = "THE PROSECUTOR v. " + strings.Join(names, ", ")
	}
	dt := c.front.DocumentTitle
	if dt == "" {
		dt = strings.ToUpper(c.doc.Title)
	}
	lines := append([]string(nil), c.front.CourtLines...)
	if c.front.Date != "" {
		if t, err := time.Parse("2006-01-02", c.front.Date); err == nil {
			lines = append(lines, "Date: "+cite.FormatTime(t))
		}
	}
	return &render.Caption{Court: c.front.Court, Lines: lines, CaseNumber: c.front.CaseNumber, CaseTitle: ct, DocumentTitle: dt}
}

func (c *compiler) signature() *render.Signature {
	s := &render.Signature{Place: c.front.Place, Lines: append([]string(nil), c.front.Signatory...)}
	if t, err := time.Parse("2006-01-02", c.front.Date); err == nil {
		s.Date = cite.FormatTime(t)
	}
	return s
}

func titleCase(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func (c *compiler) actorIDs() []string {
	var out []string
	for id := range c.actors {
		out = append(out, id)
	}
	return out
}

func (c *compiler) factIDs() []string {
	var out []string
	for id := range c.facts {
		out = append(out, id)
	}
	return out
}

func (c *compiler) sourceIDs() []string {
	var out []string
	for id := range c.sources {
		out = append(out, id)
	}
	return out
}

// suggest names the closest known id ("did you mean …?") when one is close.
func (c *compiler) suggest(id string, known []string) string {
	sort.Strings(known)
	best, bestD := "", 1<<30
	for _, k := range known {
		d := editDistance(id, k)
		if d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" && bestD <= max(2, len(id)/4) {
		return "did you mean " + best + "?"
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// dedupe drops a citation that repeats an earlier one of the same footnote (same source and
// pinpoint): two facts resting on one article cite it once.
func dedupe(cs []cite.Cited) []cite.Cited {
	// one citation per source and redaction: pinpoints of the same source in one footnote are
	// joined ("supra note 1, section II, indictment para. 8"), never cited twice
	type key struct {
		id       string
		redacted bool
	}
	at := map[key]int{}
	var out []cite.Cited
	for _, c := range cs {
		if c.Source == nil {
			out = append(out, c)
			continue
		}
		k := key{c.Source.ID, c.Redacted}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, c)
			continue
		}
		pin := strings.TrimSpace(c.Pinpoint)
		switch {
		case pin == "" || slices.Contains(strings.Split(out[i].Pinpoint, ", "), pin) || slices.Contains(strings.Split(out[i].Pinpoint, ", "), strings.TrimPrefix(pin, "at ")):
		case out[i].Pinpoint == "":
			out[i].Pinpoint = pin
		default:
			out[i].Pinpoint += ", " + strings.TrimPrefix(pin, "at ")
		}
	}
	return out
}
