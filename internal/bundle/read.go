// Package bundle reads and writes plain-text case bundles: a directory of YAML files that is
// dossier's exchange and review format (diffable in git, lossless through import and export).
//
// Layout (docs/bundle.md):
//
//	case.yaml        the case head (a mapping, with format: 1)
//	actors.yaml      a list of actors        (or actors/*.yaml, each a list)
//	sources.yaml     a list of sources       (or sources/*.yaml)
//	captures.yaml    a list of captures      (or captures/*.yaml)
//	facts.yaml       a list of facts         (or facts/*.yaml)
//	charges.yaml     a list of charges
//	findings.yaml    a list of findings      (or findings/*.yaml)
//	drafts/*.md      drafts: YAML front matter (id, kind) and a Markdown body
//
// Reading is strict: unknown fields, wrong types, broken dates, dangling references and duplicate
// ids are all reported, each as file:line: field: problem (hint), and a bundle with any error is
// refused whole.
package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"dossier/internal/model"

	"go.yaml.in/yaml/v3"
)

// Format is the bundle format version written to case.yaml.
const Format = 1

// Problem is one thing wrong with a bundle, located in a file.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Msg     string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Warning bool   `json:"warning,omitempty"`
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString(" (" + p.Hint + ")")
	}
	return b.String()
}

// Error is returned when a bundle is refused: it holds every problem found.
type Error struct {
	Dir      string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	n := 0
	for _, p := range e.Problems {
		if !p.Warning {
			n++
		}
	}
	fmt.Fprintf(&b, "bundle %s refused: %d problem(s)", e.Dir, n)
	for _, p := range e.Problems {
		if p.Warning {
			continue
		}
		b.WriteString("\n")
		q := p
		q.File = filepath.Join(e.Dir, p.File)
		b.WriteString(q.String())
	}
	return b.String()
}

// list files per kind, in bundle order.
var listFiles = []struct {
	kind model.Kind
	name string
}{
	{model.KindActor, "actors"},
	{model.KindSource, "sources"},
	{model.KindCapture, "captures"},
	{model.KindFact, "facts"},
	{model.KindCharge, "charges"},
	{model.KindFinding, "findings"},
}

// Index locates every record and field of a bundle read from disk. It keeps only which file holds
// which records; the YAML of a file is parsed again, once, when a problem in it must be located,
// so that reading a large bundle does not hold every node in memory.
type Index struct {
	dir   string
	spans map[model.Kind][]fileSpan
	mu    sync.Mutex
	nodes map[string]*yaml.Node // files re-parsed for locating
}

// fileSpan says that records [start, start+n) of a kind came from file, in order.
type fileSpan struct {
	file     string
	start, n int
}

func (ix *Index) add(kind model.Kind, file string, start, n int) {
	ix.spans[kind] = append(ix.spans[kind], fileSpan{file: file, start: start, n: n})
}

// node returns the YAML node of record idx of a kind, and its file.
func (ix *Index) node(kind model.Kind, idx int) (*yaml.Node, string) {
	for _, sp := range ix.spans[kind] {
		if idx < sp.start || idx >= sp.start+sp.n {
			continue
		}
		root := ix.fileNode(sp.file)
		if kind == model.KindCase {
			return root, sp.file
		}
		if root == nil || root.Kind != yaml.SequenceNode || idx-sp.start >= len(root.Content) {
			return nil, sp.file
		}
		return root.Content[idx-sp.start], sp.file
	}
	return nil, ""
}

func (ix *Index) fileNode(rel string) *yaml.Node {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if n, ok := ix.nodes[rel]; ok {
		return n
	}
	n, _, _ := parseFile(ix.dir, rel)
	ix.nodes[rel] = n
	return n
}

// Locate maps a model problem to a file and line.
func (ix *Index) Locate(p model.Problem) Problem {
	out := Problem{Field: p.Field, Msg: p.Msg, Hint: p.Hint, Warning: p.Warning}
	idx := p.Index
	if p.Kind == model.KindCase {
		idx = 0
	}
	n, file := ix.node(p.Kind, idx)
	if file == "" {
		out.File = string(p.Kind)
		return out
	}
	out.File = file
	out.Line = fieldLine(n, p.Field)
	if p.Kind != model.KindCase && p.ID != "" && p.Field != "id" {
		out.Field = p.ID + "." + p.Field
	}
	return out
}

var pathPart = regexp.MustCompile(`^([A-Za-z_-]+)(?:\[(\d+)\])?$`)

// fieldLine walks a field path ("excerpts[1].source") down a record node and returns the line of
// the deepest node reached.
func fieldLine(n *yaml.Node, path string) int {
	if n == nil {
		return 0
	}
	line := n.Line
	if path == "" {
		return line
	}
	cur := n
	for _, part := range strings.Split(path, ".") {
		m := pathPart.FindStringSubmatch(part)
		if m == nil || cur.Kind != yaml.MappingNode {
			return line
		}
		var next *yaml.Node
		for i := 0; i+1 < len(cur.Content); i += 2 {
			if cur.Content[i].Value == m[1] {
				line = cur.Content[i].Line
				next = cur.Content[i+1]
				break
			}
		}
		if next == nil {
			return line
		}
		cur = next
		if m[2] != "" {
			i, _ := strconv.Atoi(m[2])
			if cur.Kind != yaml.SequenceNode || i >= len(cur.Content) {
				return line
			}
			cur = cur.Content[i]
			line = cur.Line
		}
	}
	return line
}

// Read reads a bundle directory without checking references between records (see Load).
// Syntax and type errors are returned as *Error.
func Read(ctx context.Context, dir string) (*model.Bundle, *Index, error) {
	b, ix, probs, err := read(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	if hasErrors(probs) {
		return nil, nil, &Error{Dir: dir, Problems: probs}
	}
	return b, ix, nil
}

// read reads as much of a bundle as it can: records that fail to decode in part are kept as far
// as they decoded, so that validation can report the rest of the bundle's problems too.
func read(ctx context.Context, dir string) (*model.Bundle, *Index, []Problem, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read bundle: %w", err)
	}
	if !fi.IsDir() {
		return nil, nil, nil, fmt.Errorf("read bundle: %s is not a directory", dir)
	}
	b := &model.Bundle{}
	ix := &Index{dir: dir, spans: map[model.Kind][]fileSpan{}, nodes: map[string]*yaml.Node{}}
	var probs []Problem

	// case.yaml
	caseNode, ps, err := parseFile(dir, "case.yaml")
	if err != nil {
		return nil, nil, nil, err
	}
	probs = append(probs, ps...)
	if caseNode == nil && len(ps) == 0 {
		probs = append(probs, Problem{File: "case.yaml", Msg: "missing", Hint: "a bundle needs case.yaml with the case's id and title"})
	}
	if caseNode != nil {
		probs = append(probs, decodeCase(caseNode, &b.Case)...)
		ix.add(model.KindCase, "case.yaml", 0, 1)
	}

	for _, lf := range listFiles {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		files, err := kindFiles(dir, lf.name)
		if err != nil {
			return nil, nil, nil, err
		}
		ps, err := readKind(dir, files, lf.kind, b, ix)
		if err != nil {
			return nil, nil, nil, err
		}
		probs = append(probs, ps...)
	}
	ds, ps, err := readDrafts(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	b.Drafts = ds
	probs = append(probs, ps...)
	return b, ix, probs, nil
}

// Load reads a bundle and validates it whole (references, dates, figures, and with law the
// charges and findings). Any error refuses the bundle; warnings are returned beside it.
func Load(ctx context.Context, dir string, law model.ChargeChecker) (*model.Bundle, []Problem, error) {
	b, ix, probs, err := read(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	// Problems already reported while decoding a field are not reported again by validation.
	reported := map[string]bool{}
	for _, p := range probs {
		reported[fmt.Sprintf("%s:%d", p.File, p.Line)] = true
	}
	for _, p := range model.Validate(b, law) {
		lp := ix.Locate(p)
		if reported[fmt.Sprintf("%s:%d", lp.File, lp.Line)] {
			continue
		}
		probs = append(probs, lp)
	}
	sortProblems(probs)
	if hasErrors(probs) {
		return nil, probs, &Error{Dir: dir, Problems: probs}
	}
	return b, probs, nil
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

func hasErrors(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// kindFiles returns NAME.yaml and NAME/*.yaml (sorted), relative to dir.
func kindFiles(dir, name string) ([]string, error) {
	var out []string
	if _, err := os.Stat(filepath.Join(dir, name+".yaml")); err == nil {
		out = append(out, name+".yaml")
	}
	sub := filepath.Join(dir, name)
	ents, err := os.ReadDir(sub)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read bundle %s: %w", dir, err)
	}
	for _, e := range ents {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			out = append(out, filepath.Join(name, e.Name()))
		}
	}
	sort.Strings(out[min(1, len(out)):]) // keep NAME.yaml first
	return out, nil
}

// parseFile parses one YAML file into its document's root node. A missing file is (nil, nil, nil).
func parseFile(dir, rel string) (*yaml.Node, []Problem, error) {
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle file %s: %w", rel, err)
	}
	return parseBytes(rel, data)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseBytes(rel string, data []byte) (*yaml.Node, []Problem, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, nil, nil
		}
		p := Problem{File: rel, Msg: err.Error()}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			p.Msg = m[2]
		}
		p.Msg = "YAML syntax: " + p.Msg
		return nil, []Problem{p}, nil
	}
	if len(doc.Content) == 0 {
		return nil, nil, nil
	}
	return doc.Content[0], nil, nil
}

type fileResult struct {
	n     int // records in the file
	probs []Problem
	err   error
	recs  any    // []T decoded
	sum   uint32 // CRC-32C of the file's bytes (stream.go)
	size  int64  // the file's size in bytes (stream.go)
}

// readKind reads every file of one kind, in parallel, then appends records in file order.
func readKind(dir string, files []string, kind model.Kind, b *model.Bundle, ix *Index) ([]Problem, error) {
	results := make([]fileResult, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Add(1)
		go func(i int, f string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			// Files in the canonical form Write produces take a fast path (canon.go); anything
			// else, or anything the fast path is unsure of, goes through the YAML parser.
			if recs, n, ok := decodeCanonicalFile(dir, f, kind); ok {
				results[i] = fileResult{recs: recs, n: n}
				return
			}
			n, ps, err := parseFile(dir, f)
			r := fileResult{probs: ps, err: err}
			if n != nil {
				r.recs, r.probs = decodeList(f, n, kind, r.probs)
				r.n = len(n.Content)
			}
			results[i] = r // the node is dropped here: Index re-parses a file only to locate a problem
		}(i, f)
	}
	wg.Wait()
	var probs []Problem
	for i, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		probs = append(probs, r.probs...)
		if r.recs == nil {
			continue
		}
		base := 0
		switch kind {
		case model.KindActor:
			base = len(b.Actors)
			b.Actors = append(b.Actors, r.recs.([]model.Actor)...)
		case model.KindSource:
			base = len(b.Sources)
			b.Sources = append(b.Sources, r.recs.([]model.Source)...)
		case model.KindCapture:
			base = len(b.Captures)
			b.Captures = append(b.Captures, r.recs.([]model.Capture)...)
		case model.KindFact:
			base = len(b.Facts)
			b.Facts = append(b.Facts, r.recs.([]model.Fact)...)
		case model.KindCharge:
			base = len(b.Charges)
			b.Charges = append(b.Charges, r.recs.([]model.Charge)...)
		case model.KindFinding:
			base = len(b.Findings)
			b.Findings = append(b.Findings, r.recs.([]model.Finding)...)
		}
		ix.add(kind, files[i], base, r.n)
	}
	return probs, nil
}

func decodeList(file string, n *yaml.Node, kind model.Kind, probs []Problem) (any, []Problem) {
	if n.Kind != yaml.SequenceNode {
		return nil, append(probs, Problem{File: file, Line: n.Line, Msg: "expected a list of records", Hint: "start each record with '- id: ...'"})
	}
	switch kind {
	case model.KindActor:
		return decodeItems[model.Actor](file, n, probs)
	case model.KindSource:
		return decodeItems[model.Source](file, n, probs)
	case model.KindCapture:
		return decodeItems[model.Capture](file, n, probs)
	case model.KindFact:
		return decodeItems[model.Fact](file, n, probs)
	case model.KindCharge:
		return decodeItems[model.Charge](file, n, probs)
	case model.KindFinding:
		return decodeItems[model.Finding](file, n, probs)
	}
	return nil, probs
}

func decodeItems[T any](file string, n *yaml.Node, probs []Problem) ([]T, []Problem) {
	out := make([]T, len(n.Content))
	t := reflect.TypeFor[T]()
	for i, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			probs = append(probs, Problem{File: file, Line: item.Line, Msg: "expected a record (a mapping of fields)"})
			continue
		}
		probs = append(probs, checkFields(file, item, t, "")...)
		probs = append(probs, decodeNode(file, item, &out[i])...)
	}
	return out, probs
}

func decodeCase(n *yaml.Node, c *model.Case) []Problem {
	if n.Kind != yaml.MappingNode {
		return []Problem{{File: "case.yaml", Line: n.Line, Msg: "expected a mapping with the case's fields"}}
	}
	var probs []Problem
	// format is the bundle's own field; check it and hide it from the Case decoder.
	content := make([]*yaml.Node, 0, len(n.Content))
	seenFormat := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "format" {
			seenFormat = true
			if v, err := strconv.Atoi(n.Content[i+1].Value); err != nil || v != Format {
				probs = append(probs, Problem{File: "case.yaml", Line: n.Content[i].Line, Field: "format", Msg: fmt.Sprintf("unsupported bundle format %q", n.Content[i+1].Value), Hint: fmt.Sprintf("this dossier reads format %d", Format)})
			}
			continue
		}
		content = append(content, n.Content[i], n.Content[i+1])
	}
	if !seenFormat {
		probs = append(probs, Problem{File: "case.yaml", Line: n.Line, Field: "format", Msg: "missing", Hint: fmt.Sprintf("add 'format: %d'", Format)})
	}
	m := *n
	m.Content = content
	probs = append(probs, checkFields("case.yaml", &m, reflect.TypeFor[model.Case](), "")...)
	probs = append(probs, decodeNode("case.yaml", &m, c)...)
	return probs
}

var typeErrLine = regexp.MustCompile(`^line (\d+): (.*)$`)

func decodeNode(file string, n *yaml.Node, v any) []Problem {
	err := n.Decode(v)
	if err == nil {
		return nil
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var out []Problem
		for _, e := range te.Errors {
			p := Problem{File: file, Line: n.Line, Msg: e}
			if m := typeErrLine.FindStringSubmatch(e); m != nil {
				p.Line, _ = strconv.Atoi(m[1])
				p.Msg = m[2]
			}
			p.Field = fieldAtLine(n, p.Line, "")
			out = append(out, p)
		}
		return out
	}
	// Errors from UnmarshalYAML (e.g. a broken date) carry no line: find the node that failed.
	line, field := findBadNode(n, v)
	return []Problem{{File: file, Line: line, Field: field, Msg: err.Error()}}
}

// findBadNode locates the first field whose value fails to decode on its own.
func findBadNode(n *yaml.Node, v any) (int, string) {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var walk func(n *yaml.Node, t reflect.Type, path string) (int, string, bool)
	walk = func(n *yaml.Node, t reflect.Type, path string) (int, string, bool) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
			fields := yamlFields(t)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, val := n.Content[i], n.Content[i+1]
				ft, ok := fields[k.Value]
				if !ok {
					continue
				}
				p := joinPath(path, k.Value)
				probe := reflect.New(ft)
				if err := val.Decode(probe.Interface()); err != nil {
					if l, f, ok := walk(val, ft, p); ok {
						return l, f, true
					}
					return val.Line, p, true
				}
			}
		case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
			for i, item := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				probe := reflect.New(t.Elem())
				if err := item.Decode(probe.Interface()); err != nil {
					if l, f, ok := walk(item, t.Elem(), p); ok {
						return l, f, true
					}
					return item.Line, p, true
				}
			}
		}
		return 0, "", false
	}
	if l, f, ok := walk(n, t, ""); ok {
		return l, f
	}
	return n.Line, ""
}

func joinPath(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// yamlFields maps yaml field names of a struct to their types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	fieldCache.Lock()
	defer fieldCache.Unlock()
	if m, ok := fieldCache.m[t]; ok {
		return m
	}
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = f.Type
	}
	fieldCache.m[t] = m
	return m
}

var fieldCache = struct {
	sync.Mutex
	m map[reflect.Type]map[string]reflect.Type
}{m: map[reflect.Type]map[string]reflect.Type{}}

// types with their own YAML form are not walked field by field.
var customYAML = reflect.TypeFor[yaml.Unmarshaler]()

// checkFields reports unknown and repeated fields, recursively, with their lines.
func checkFields(file string, n *yaml.Node, t reflect.Type, path string) []Problem {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(customYAML) {
		return nil
	}
	var probs []Problem
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := yamlFields(t)
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			p := joinPath(path, k.Value)
			ft, ok := fields[k.Value]
			if !ok {
				probs = append(probs, Problem{File: file, Line: k.Line, Field: p, Msg: "unknown field", Hint: hintField(k.Value, fields)})
				continue
			}
			if seen[k.Value] {
				probs = append(probs, Problem{File: file, Line: k.Line, Field: p, Msg: "field given twice"})
			}
			seen[k.Value] = true
			probs = append(probs, checkFields(file, n.Content[i+1], ft, p)...)
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, item := range n.Content {
			probs = append(probs, checkFields(file, item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return probs
}

func hintField(k string, fields map[string]reflect.Type) string {
	best, bd := "", 1<<30
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if d := model.Levenshtein(strings.ToLower(k), strings.ToLower(f)); d < bd {
			best, bd = f, d
		}
	}
	if best != "" && bd <= 3 {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return "known fields: " + strings.Join(names, ", ")
}

// fieldAtLine returns the path of the deepest field whose value starts on line.
func fieldAtLine(n *yaml.Node, line int, path string) string {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := joinPath(path, k.Value)
			if f := fieldAtLine(v, line, p); f != "" {
				return f
			}
			if k.Line == line || (v.Kind == yaml.ScalarNode && v.Line == line) {
				return p
			}
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			if f := fieldAtLine(item, line, fmt.Sprintf("%s[%d]", path, i)); f != "" {
				return f
			}
		}
	}
	return ""
}
