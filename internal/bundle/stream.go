package bundle

// Streaming import: Check reads a bundle file by file, validates it with model.Checker and keeps
// no records (only ids, issued dates and where each record came from), so that a bundle of a
// million records is checked in memory proportional to its ids, not its records. Checked.Each then
// reads the files again and hands the records over one by one; CheckEach does both in one
// reading, handing each file's records over as soon as they are checked (what `dossier import`
// uses: its store transaction is rolled back if the bundle turns out to have an error). Check
// reports exactly what Load reports for the same directory.

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"

	"dossier/internal/model"

	"go.yaml.in/yaml/v3"
)

// Checked is a bundle that Check found valid: what Each needs to read it again.
type Checked struct {
	dir    string
	head   model.Case
	files  []checkedFile // list files, in store order (actors, sources, captures, facts, charges, findings)
	drafts []model.DraftDoc
	count  int
}

// checkedFile is one list file as Check read it.
type checkedFile struct {
	kind model.Kind
	rel  string
	n    int    // records
	sum  uint32 // CRC-32C of its bytes: Each refuses a file that changed since Check
}

// CaseID is the id of the bundle's case.
func (c *Checked) CaseID() string { return c.head.ID }

// Count is the number of records Each yields, the case head included.
func (c *Checked) Count() int { return c.count }

// checkOrder is the order Check reads kinds in: each kind's references point to earlier kinds
// (model.Checker). Actors refer to actors too; Checker resolves those at the end of the actors.
var checkOrder = []model.Kind{model.KindSource, model.KindCapture, model.KindActor, model.KindFact, model.KindCharge, model.KindFinding}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Check reads and validates a bundle like Load, without keeping its records. Any error refuses the
// bundle (*Error, with the same problems Load reports); warnings are returned beside it.
func Check(ctx context.Context, dir string, law model.ChargeChecker) (*Checked, []Problem, error) {
	return check(ctx, dir, law, nil, nil)
}

// CheckEach is Check and Each in one reading of the files: it hands each record to fn as soon as
// its file is decoded and checked (case head, sources, captures, actors, facts, charges,
// findings, drafts: the order Check reads them in), and reports the bundle's problems at the
// end. A bundle with errors is only known to be one at the end, so fn's caller must write the
// records so that they can be discarded whole (one transaction, rolled back on an error): once
// an error is found no further record is handed over, and CheckEach returns the *Error. It is
// how `dossier import` reads a bundle once instead of twice.
func CheckEach(ctx context.Context, dir string, law model.ChargeChecker, fn func(kind model.Kind, id string, v any) error) (*Checked, []Problem, error) {
	return CheckEachProgress(ctx, dir, law, fn, nil)
}

// Progress is told, each time a record file of a bundle has been read, checked and its records
// handed over, how many bytes of the bundle's record files have been read so far and how many
// there are in all (as listed when the reading began), and how many records have been handed
// over so far. A long import estimates from it how many records are still to come.
type Progress func(read, total int64, records int)

// CheckEachProgress is CheckEach that reports its progress through the bundle's record files to
// progress (which may be nil), on the goroutine that calls fn.
func CheckEachProgress(ctx context.Context, dir string, law model.ChargeChecker, fn func(kind model.Kind, id string, v any) error, progress Progress) (*Checked, []Problem, error) {
	if fn == nil {
		return nil, nil, errors.New("read bundle: CheckEach without a function")
	}
	return check(ctx, dir, law, fn, progress)
}

// CaseID reads the case id from the bundle's case.yaml alone, so that an import can begin before
// the rest is read; ok is false when case.yaml is missing or has any problem (Check then says
// which).
func CaseID(dir string) (id string, ok bool) {
	n, ps, err := parseFile(dir, "case.yaml")
	if err != nil || n == nil || hasErrors(ps) {
		return "", false
	}
	var head model.Case
	if hasErrors(decodeCase(n, &head)) || head.ID == "" {
		return "", false
	}
	return head.ID, true
}

// check is Check, and CheckEach when fn is not nil; progress (optional) is told after each record
// file.
func check(ctx context.Context, dir string, law model.ChargeChecker, fn func(kind model.Kind, id string, v any) error, progress Progress) (*Checked, []Problem, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle: %w", err)
	}
	if !fi.IsDir() {
		return nil, nil, fmt.Errorf("read bundle: %s is not a directory", dir)
	}
	c := &Checked{dir: dir}
	ix := &Index{dir: dir, spans: map[model.Kind][]fileSpan{}, nodes: map[string]*yaml.Node{}}
	var probs []Problem

	caseNode, ps, err := parseFile(dir, "case.yaml")
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, ps...)
	if caseNode == nil && len(ps) == 0 {
		probs = append(probs, Problem{File: "case.yaml", Msg: "missing", Hint: "a bundle needs case.yaml with the case's id and title"})
	}
	if caseNode != nil {
		probs = append(probs, decodeCase(caseNode, &c.head)...)
		ix.add(model.KindCase, "case.yaml", 0, 1)
	}
	chk := model.NewChecker(law)
	// yield hands records to fn while the bundle has shown no error.
	yield := func(emit func() error) error {
		if fn == nil || chk.HasErrors() || hasErrors(probs) {
			return nil
		}
		return emit()
	}
	if err := yield(func() error { return fn(model.KindCase, c.head.ID, &c.head) }); err != nil {
		return nil, nil, err
	}

	files := map[model.Kind][]checkedFile{}
	kindRels := make(map[model.Kind][]string, len(checkOrder))
	var read, total int64
	handed := 1 // the case head
	for _, kind := range checkOrder {
		rs, err := kindFiles(dir, kindName(kind))
		if err != nil {
			return nil, nil, err
		}
		kindRels[kind] = rs
		if progress != nil {
			total += filesSize(dir, rs)
		}
	}
	for _, kind := range checkOrder {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if kind == model.KindFact {
			chk.Case(&c.head) // after the actors it names
		}
		rels := kindRels[kind]
		base := 0
		err = eachFile(ctx, dir, rels, kind, func(i int, r fileResult) error {
			probs = append(probs, r.probs...)
			if r.recs == nil {
				return nil
			}
			n := feed(chk, r.recs)
			ix.add(kind, rels[i], base, r.n)
			base += n
			files[kind] = append(files[kind], checkedFile{kind: kind, rel: rels[i], n: n, sum: r.sum})
			if err := yield(func() error { return yieldRecords(r.recs, n, fn) }); err != nil {
				return err
			}
			if progress != nil {
				read, handed = read+r.size, handed+n
				progress(read, max(total, read), handed)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	ds, ps, err := readDrafts(dir)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, ps...)
	for i := range ds {
		chk.Draft(&ds[i])
	}
	c.drafts = ds
	for i := range ds {
		if err := yield(func() error { return fn(model.KindDraft, ds[i].ID, &ds[i]) }); err != nil {
			return nil, nil, err
		}
	}

	// As in Load: problems already reported while decoding a field are not reported again.
	reported := map[string]bool{}
	for _, p := range probs {
		reported[fmt.Sprintf("%s:%d", p.File, p.Line)] = true
	}
	for _, p := range chk.Problems() {
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
	c.count = 1 + len(c.drafts)
	for _, lf := range listFiles {
		for _, f := range files[lf.kind] {
			c.files = append(c.files, f)
			c.count += f.n
		}
	}
	return c, probs, nil
}

func kindName(kind model.Kind) string {
	for _, lf := range listFiles {
		if lf.kind == kind {
			return lf.name
		}
	}
	return string(kind)
}

// feed checks decoded records and returns how many there were.
func feed(chk *model.Checker, recs any) int {
	switch rs := recs.(type) {
	case []model.Actor:
		for i := range rs {
			chk.Actor(&rs[i])
		}
		return len(rs)
	case []model.Source:
		for i := range rs {
			chk.Source(&rs[i])
		}
		return len(rs)
	case []model.Capture:
		for i := range rs {
			chk.Capture(&rs[i])
		}
		return len(rs)
	case []model.Fact:
		for i := range rs {
			chk.Fact(&rs[i])
		}
		return len(rs)
	case []model.Charge:
		for i := range rs {
			chk.Charge(&rs[i])
		}
		return len(rs)
	case []model.Finding:
		for i := range rs {
			chk.Finding(&rs[i])
		}
		return len(rs)
	}
	return 0
}

// Each yields the bundle's records in store order (case head, actors, sources, captures, facts,
// charges, findings, drafts), reading the list files again, several at a time. It stops at the
// first error fn returns, and fails if a file changed since Check read it.
func (c *Checked) Each(ctx context.Context, fn func(kind model.Kind, id string, v any) error) error {
	if err := fn(model.KindCase, c.head.ID, &c.head); err != nil {
		return err
	}
	rels := make([]string, len(c.files))
	for i, f := range c.files {
		rels[i] = f.rel
	}
	// Files of different kinds go through one pipeline; each is decoded as its own kind.
	err := eachFileKinds(ctx, c.dir, rels, func(i int) model.Kind { return c.files[i].kind }, func(i int, r fileResult) error {
		f := c.files[i]
		if r.sum != f.sum || r.n != f.n || len(r.probs) > 0 || r.recs == nil {
			return fmt.Errorf("read bundle %s: %s changed while it was being imported", c.dir, f.rel)
		}
		return yieldRecords(r.recs, f.n, fn)
	})
	if err != nil {
		return err
	}
	for i := range c.drafts {
		if err := fn(model.KindDraft, c.drafts[i].ID, &c.drafts[i]); err != nil {
			return err
		}
	}
	return nil
}

func yieldRecords(recs any, n int, fn func(model.Kind, string, any) error) error {
	each := func(kind model.Kind, m int, at func(int) (string, any)) error {
		for i := range min(m, n) {
			id, v := at(i)
			if err := fn(kind, id, v); err != nil {
				return err
			}
		}
		return nil
	}
	switch rs := recs.(type) {
	case []model.Actor:
		return each(model.KindActor, len(rs), func(i int) (string, any) { return rs[i].ID, &rs[i] })
	case []model.Source:
		return each(model.KindSource, len(rs), func(i int) (string, any) { return rs[i].ID, &rs[i] })
	case []model.Capture:
		return each(model.KindCapture, len(rs), func(i int) (string, any) { return rs[i].ID, &rs[i] })
	case []model.Fact:
		return each(model.KindFact, len(rs), func(i int) (string, any) { return rs[i].ID, &rs[i] })
	case []model.Charge:
		return each(model.KindCharge, len(rs), func(i int) (string, any) { return rs[i].ID, &rs[i] })
	case []model.Finding:
		return each(model.KindFinding, len(rs), func(i int) (string, any) { return rs[i].ID, &rs[i] })
	}
	return fmt.Errorf("read bundle: unexpected records %T", recs)
}

// filesSize is the size in bytes of the bundle files rels (those that can be seen: a file that
// cannot is reported when it is read).
func filesSize(dir string, rels []string) int64 {
	var n int64
	for _, rel := range rels {
		if fi, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// decodeFile reads one list file once: the canonical fast path, else the YAML parser (which also
// produces the problems), as readKind does.
func decodeFile(dir, rel string, kind model.Kind) fileResult {
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if errors.Is(err, os.ErrNotExist) {
		return fileResult{}
	}
	if err != nil {
		return fileResult{err: fmt.Errorf("read bundle file %s: %w", rel, err)}
	}
	sum, size := crc32.Checksum(data, crcTable), int64(len(data))
	if recs, n, ok := decodeCanonical(data, kind); ok {
		return fileResult{recs: recs, n: n, sum: sum, size: size}
	}
	node, ps, err := parseBytes(rel, data)
	r := fileResult{probs: ps, err: err, sum: sum, size: size}
	if node != nil {
		r.recs, r.probs = decodeList(rel, node, kind, r.probs)
		r.n = len(node.Content)
	}
	return r
}

func eachFile(ctx context.Context, dir string, rels []string, kind model.Kind, fn func(i int, r fileResult) error) error {
	return eachFileKinds(ctx, dir, rels, func(int) model.Kind { return kind }, fn)
}

// eachFileKinds decodes files on up to GOMAXPROCS goroutines and calls fn with each result in
// file order, on the calling goroutine. At most GOMAXPROCS+1 decoded files are held at a time.
func eachFileKinds(ctx context.Context, dir string, rels []string, kind func(int) model.Kind, fn func(i int, r fileResult) error) error {
	if len(rels) == 0 {
		return nil
	}
	window := runtime.GOMAXPROCS(0) + 1
	tokens := make(chan struct{}, window)
	results := make([]chan fileResult, len(rels))
	for i := range results {
		results[i] = make(chan fileResult, 1)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for i, rel := range rels {
			select {
			case tokens <- struct{}{}:
			case <-done:
				return
			}
			go func() { results[i] <- decodeFile(dir, rel, kind(i)) }()
		}
	}()
	for i := range rels {
		var r fileResult
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		<-tokens
		if r.err != nil {
			return r.err
		}
		if err := fn(i, r); err != nil {
			return err
		}
	}
	return nil
}
