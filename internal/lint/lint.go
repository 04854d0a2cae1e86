// Package lint checks legal drafts — imported ones (docimport) and dossier's own — for the
// defects a careful reader finds: cross-references that point nowhere, provisions that do not
// exist or are written two ways, sources cited under different details, sources dated before
// the events they support, footnote numbering faults, incomplete and malformed citations,
// inconsistent citation style, spelling variants of names, unsupported quotations and
// allegations, and figures stated differently for one measure.
//
// Every check has a stable id (see Checks), a severity, a location (file, line, numbered
// paragraph, footnote), a message and, where one exists, a suggestion.
package lint

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"dossier/internal/cite"
	"dossier/internal/docimport"
)

// Severity of a finding.
type Severity int

// Severities, in increasing order.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "info", "warning" or "error" (also "note", "warn").
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "info", "note":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("severity %q: want info, warning or error", s)
}

// Location is where a finding applies.
type Location struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"` // numbered paragraph, when in one
	Footnote  int    `json:"footnote,omitempty"`
}

func (l Location) String() string {
	s := l.File
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
	}
	return s
}

// Finding is one result of a check.
type Finding struct {
	Check      string     `json:"check"`
	Severity   Severity   `json:"severity"`
	Location              // embedded: file, line, paragraph, footnote
	Message    string     `json:"message"`
	Suggestion string     `json:"suggestion,omitempty"`
	Related    []Location `json:"related,omitempty"`
}

// Name is a canonical name with its accepted aliases (a case's actors, places, treaties).
type Name struct {
	Canonical string   `json:"canonical"`
	Aliases   []string `json:"aliases,omitempty"`
}

// Options tune a run.
type Options struct {
	// Provisions answers whether a cited provision exists; nil uses the built-in table.
	Provisions Provisions
	// Names are the case's actors and aliases; spelling variants of them are reported.
	Names []Name
	// Disable lists check ids not to run.
	Disable []string
	// MinSeverity drops findings below it (zero keeps all).
	MinSeverity Severity
}

// Run checks the documents and returns findings sorted by file, line and check id.
func Run(ctx context.Context, docs []*docimport.Document, opts Options) []Finding {
	var out []Finding
	if opts.Provisions == nil {
		opts.Provisions = BuiltinProvisions()
	}
	opts.Provisions = normProvisions{opts.Provisions}
	off := map[string]bool{}
	for _, d := range opts.Disable {
		off[d] = true
	}
	for _, d := range docs {
		if d == nil || ctx.Err() != nil {
			continue
		}
		dc := newDocCtx(d, opts)
		dc.findings = runChecks(ctx, dc)
		for _, f := range dc.findings {
			if off[f.Check] || f.Severity < opts.MinSeverity {
				continue
			}
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Message < b.Message
	})
	return out
}

// FailOn reports whether any finding is at or above the severity (the CLI exits 1 when true).
func FailOn(findings []Finding, min Severity) bool {
	for _, f := range findings {
		if f.Severity >= min {
			return true
		}
	}
	return false
}

// Count returns the number of findings per severity.
func Count(findings []Finding) map[Severity]int {
	m := map[Severity]int{}
	for _, f := range findings {
		m[f.Severity]++
	}
	return m
}

var checkFuncs = []func(*docCtx){
	checkFootnotes,
	checkReaderNotes,
	checkCrossRefs,
	checkTOC,
	checkNumbering,
	checkProvisions,
	checkCitations,
	checkStyle,
	checkPredates,
	checkNames,
	checkTreatyNames,
	checkQuotes,
	checkAllegations,
	checkFigures,
	checkLegal,
	checkTypos,
}

// docCtx holds one document and what the checks share about it.
type docCtx struct {
	doc      *docimport.Document
	opts     Options
	cites    *cite.Result
	byNote   map[int][]*cite.Citation
	findings []Finding
	// body is the text of every prose paragraph (not footnotes), for "is this stated elsewhere".
	body string
	// sentIndex is built on first use by likelyPlace.
	sentIndex *sentenceIndex
}

// runChecks runs every check on its own shallow copy of the document context, on all cores (the
// checks only read the shared context), and returns their findings in check order.
func runChecks(ctx context.Context, dc *docCtx) []Finding {
	per := make([][]Finding, len(checkFuncs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(checkFuncs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					continue
				}
				local := *dc
				local.findings = nil
				checkFuncs[i](&local)
				per[i] = local.findings
			}
		}()
	}
	for i := range checkFuncs {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []Finding
	for _, fs := range per {
		out = append(out, fs...)
	}
	return out
}

func newDocCtx(d *docimport.Document, opts Options) *docCtx {
	dc := &docCtx{doc: d, opts: opts, byNote: map[int][]*cite.Citation{}}
	notes := make([]cite.Note, 0, len(d.Footnotes))
	for _, f := range d.Footnotes {
		notes = append(notes, cite.Note{Number: f.Number, Text: f.Text, Line: f.Line})
	}
	dc.cites = cite.ParseNotes(notes)
	for i := range dc.cites.Citations {
		c := &dc.cites.Citations[i]
		dc.byNote[c.Footnote] = append(dc.byNote[c.Footnote], c)
	}
	var b strings.Builder
	for _, p := range d.Paragraphs {
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	dc.body = b.String()
	return dc
}

// add records a finding.
func (dc *docCtx) add(f Finding) {
	if f.File == "" {
		f.File = dc.doc.File
	}
	dc.findings = append(dc.findings, f)
}

// atPara returns the location of an offset in a paragraph.
func (dc *docCtx) atPara(p *docimport.Paragraph, off int) Location {
	return Location{File: dc.doc.File, Line: p.LineAt(off), Paragraph: p.Number}
}

// atNote returns the location of a footnote body.
func (dc *docCtx) atNote(n int) Location {
	l := Location{File: dc.doc.File, Footnote: n}
	if f := dc.doc.Footnote(n); f != nil {
		l.Line = f.Line
	}
	return l
}

// citation returns the citation a citation stands for (itself unless Id./supra).
func (dc *docCtx) resolve(c *cite.Citation) *cite.Citation {
	if c.RefersTo == nil {
		return c
	}
	for _, x := range dc.byNote[c.RefersTo.Footnote] {
		if x.Index == c.RefersTo.Index {
			return x
		}
	}
	return c
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

// ranges renders sorted ints compactly: "8-10, 14, 18".
func ranges(xs []int) string {
	if len(xs) == 0 {
		return ""
	}
	sort.Ints(xs)
	var parts []string
	start, prev := xs[0], xs[0]
	flush := func() {
		if start == prev {
			parts = append(parts, fmt.Sprint(start))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", start, prev))
		}
	}
	for _, x := range xs[1:] {
		if x == prev+1 {
			prev = x
			continue
		}
		flush()
		start, prev = x, x
	}
	flush()
	return strings.Join(parts, ", ")
}
