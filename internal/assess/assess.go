package assess

import (
	"cmp"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"
	"unsafe"

	"dossier/internal/law"
	"dossier/internal/model"
)

// Status is an element's status under a standard of proof.
type Status string

// Statuses.
const (
	Met        Status = "met"
	NotMet     Status = "not-met"
	Contested  Status = "contested"
	NoEvidence Status = "no-evidence"
)

// Statuses lists the statuses, best first.
var Statuses = []Status{Met, Contested, NotMet, NoEvidence}

// Options choose what to assess and how.
type Options struct {
	Stage     string // procedural stage (warrant, confirmation, trial); default: the case's stage, else warrant
	Forum     string // assess only the counts charged in this forum; "" all
	Rules     *Rules // nil: DefaultRules
	MaxListed int    // facts listed per side of an element (0: 20); totals are always given
}

const (
	reviewDraft = iota
	reviewReviewed
	reviewApproved
	reviewDisputed
	reviewOther
	nReview
)

func reviewCode(s model.ReviewStatus) int8 {
	switch s {
	case "", model.Draft:
		return reviewDraft
	case model.Reviewed:
		return reviewReviewed
	case model.Approved:
		return reviewApproved
	case model.Disputed:
		return reviewDisputed
	}
	return reviewOther
}

// stageRule is one standard with its rules, ready for evaluation.
type stageRule struct {
	std     *law.Standard
	r       StandardRules
	minRank int8
	review  [nReview]bool
}

type srcRef struct {
	origin int32
	rank   int8
}

type factInfo struct {
	fact   *model.Fact
	cred   int8
	review int8
	srcs   []srcRef // sources cited in support, one per (origin, grade)
	kinds  uint32   // bit set of the supporting sources' kinds
	ok     uint8    // bit si set: the fact counts under stage si (R2)
	best   int8     // best reliability rank of its supporting sources (6: none)
	live   bool
}

// listKey orders facts for listing before their ids: credibility, then best reliability.
func (fi *factInfo) listKey() uint16 { return uint16(fi.cred)<<8 | uint16(fi.best) }

// findingRec is a finding as the Assessor holds it. The first len(bundle.Findings) records are the
// bundle's findings in order (dead when outside the assessed forum); later ones were added by
// Update. It holds no pointers, so that a million of them cost the garbage collector nothing.
type findingRec struct {
	src   int32 // >= 0: index in bundle.Findings; < 0: -1-index in Assessor.added
	fact  int32
	cell  int32 // index in Assessor.cells
	pos   int32 // index in cell.members
	sup   bool  // supports (else contradicts)
	alive bool
}

// member is a finding filed under a cell, with what evaluation and listing need kept inline so
// that a pass over a cell reads it sequentially and touches the fact records only for the
// findings it changes.
type member struct {
	finding int32
	fact    int32
	key     uint16 // factInfo.listKey of the fact
	ok      uint8  // factInfo.ok of the fact
	sup     bool
}

// side is the aggregate of one stance (supporting or contradicting) of one element under one
// standard: the findings whose facts count (R2) and, per origin, how many counting findings cite a
// counting source of that origin. Independent origins are the origins with a non-zero count, so a
// finding can be added or removed in O(sources of its fact).
type side struct {
	q     int32
	ref   []int32 // by origin index
	nOrig int32   // origins with ref > 0
}

// stageAgg is one element's aggregate under one standard.
type stageAgg struct {
	sup, con                side
	exReview, exCred, exRel int32    // supporting findings excluded by each R2 condition (a fact may fail several)
	cred                    [8]int32 // counting supporting findings by credibility (1–6)
	rank                    [8]int32 // counting supporting findings by best reliability rank (0 A … 5 F)
}

// topList is the listing of one side of an element under the assessed stage: the best findings,
// best first. It is kept exact under additions; removing a listed finding while unlisted ones
// remain marks it dirty, and the next read rebuilds it with one pass over the element.
type topList struct {
	ids   []int32
	dirty bool
}

type cell struct {
	idx         int32 // index in Assessor.cells
	count, elem int
	members     []member
	nSup, nCon  int32
	kinds       [32]int32 // supporting findings by source-kind bit
	st          []stageAgg
	top         [2]topList // 0 supporting, 1 contradicting
}

type countState struct {
	ch      model.Charge
	crime   *law.Crime
	mode    *law.Mode
	forum   *law.Forum
	elems   []CountElement
	elemIdx map[string]int
	cells   []*cell
}

// elemIndex finds an element of the count by id. Findings built from the law library's ids share
// their strings, so a first pass compares only the strings' addresses; otherwise the map decides.
func (cs *countState) elemIndex(id string) (int, bool) {
	p := unsafe.StringData(id)
	for i := range cs.elems {
		if unsafe.StringData(cs.elems[i].ID) == p && len(cs.elems[i].ID) == len(id) {
			return i, true
		}
	}
	i, ok := cs.elemIdx[id]
	return i, ok
}

// Assessor holds a case indexed for assessment: findings by (count, element), facts by id,
// sources by origin, and for each element under every standard the aggregates that decide its
// status (counts of findings, counting findings, exclusions, references per origin, credibility
// and reliability histograms). Update, Remove, UpdateFact, UpdateSource and RemoveSource adjust
// the aggregates of the findings they touch, in O(sources of the fact) per finding; statuses and
// explanations are recomputed from the aggregates when read.
// An Assessor is not safe for concurrent use.
type Assessor struct {
	lib         *law.Library
	b           *model.Bundle
	opt         Options
	stages      []stageRule // by rank
	cur         int         // index of the assessed stage
	counts      []*countState
	cells       []*cell
	countIdx    map[string]int
	skipped     map[string]bool // charges of the case outside the assessed forum
	facts       []factInfo
	factIdx     *strIndex
	sources     map[string]*model.Source
	srcMeta     map[string]srcMeta
	srcFacts    map[string][]int32 // built on first incremental change
	origins     []string
	originIdx   map[string]int32
	originOrder []int32 // origin indexes sorted by displayed name (rebuilt when origins grow)
	findings    []findingRec
	added       []*model.Finding // findings added by Update
	findIdx     map[string]int32 // built on first incremental change
	factFinds   [][]int32        // built on first incremental change
}

// New indexes a case and assesses every element of every count (in the chosen forum) under every
// standard that has rules. The bundle must have passed validation; a finding naming an unknown
// charge, element or fact is an error.
func New(lib *law.Library, b *model.Bundle, opt Options) (*Assessor, error) {
	if opt.Rules == nil {
		r := DefaultRules()
		opt.Rules = &r
	}
	if opt.MaxListed <= 0 {
		opt.MaxListed = 20
	}
	if opt.Stage == "" {
		opt.Stage = b.Case.Stage
	}
	if opt.Stage == "" {
		opt.Stage = "warrant"
	}
	a := &Assessor{lib: lib, b: b, opt: opt, countIdx: map[string]int{}, skipped: map[string]bool{},
		sources: make(map[string]*model.Source, len(b.Sources)), srcMeta: make(map[string]srcMeta, len(b.Sources)), originIdx: map[string]int32{}}
	if err := a.initStages(); err != nil {
		return nil, err
	}
	if opt.Forum != "" {
		if _, ok := lib.Forum(opt.Forum); !ok {
			return nil, fmt.Errorf("unknown forum %q (%s)", opt.Forum, hintOr(didYouMean(opt.Forum, forumIDs(lib)), "see dossier law forums"))
		}
	}
	chs := slices.Clone(b.Charges)
	slices.SortStableFunc(chs, func(x, y model.Charge) int { return cmp.Or(cmp.Compare(x.Count, y.Count), cmp.Compare(x.ID, y.ID)) })
	for _, ch := range chs {
		if opt.Forum != "" && ch.Forum != opt.Forum {
			a.skipped[ch.ID] = true
			continue
		}
		cr, m, f, errs := resolve(lib, &ch)
		if len(errs) > 0 {
			return nil, fmt.Errorf("charge %s: %s: %s", ch.ID, errs[0].Field, errs[0].Msg)
		}
		els, err := Elements(lib, &ch)
		if err != nil {
			return nil, err
		}
		cs := &countState{ch: ch, crime: cr, mode: m, forum: f, elems: els, elemIdx: map[string]int{}}
		for i := range els {
			cs.elemIdx[els[i].ID] = i
			c := &cell{idx: int32(len(a.cells)), count: len(a.counts), elem: i}
			cs.cells = append(cs.cells, c)
			a.cells = append(a.cells, c)
		}
		a.countIdx[ch.ID] = len(a.counts)
		a.counts = append(a.counts, cs)
	}
	for i := range b.Sources {
		a.setSource(&b.Sources[i])
	}
	a.facts = make([]factInfo, len(b.Facts))
	a.factIdx = newStrIndex(len(b.Facts), func(v int32) string { return a.facts[v].fact.ID })
	parallel(len(b.Facts), 20000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			a.facts[i] = a.factInfo(&b.Facts[i]) // reads only the source index
		}
	})
	for i := range b.Facts {
		a.factIdx.put(b.Facts[i].ID, int32(i))
	}
	if err := a.indexFindings(b.Findings); err != nil {
		return nil, err
	}
	a.evaluateAll()
	return a, nil
}

// parallel runs f over [0, n) split among the CPUs, when n is large enough to gain from it.
func parallel(n, grain int, f func(lo, hi int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n/grain))
	if workers == 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(n*w/workers, n*(w+1)/workers)
		}()
	}
	wg.Wait()
}

// indexFindings locates every finding's element and fact (in parallel: the indexes are read
// only) and files the findings by (count, element).
func (a *Assessor) indexFindings(fds []model.Finding) error {
	n := len(fds)
	a.findings = make([]findingRec, n)
	var mu sync.Mutex
	var first error
	firstAt := n
	parallel(n, 50000, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			r := &a.findings[i]
			r.src = int32(i)
			c, fi, err := a.locate(&fds[i])
			if err != nil {
				if errors.Is(err, errSkipped) {
					continue
				}
				mu.Lock()
				if i < firstAt {
					first, firstAt = fmt.Errorf("finding %s: %w", fds[i].ID, err), i
				}
				mu.Unlock()
				return
			}
			r.cell, r.fact, r.sup, r.alive = c, fi, fds[i].Stance == model.Supports, true
		}
	})
	if first != nil {
		return first
	}
	sizes := make([]int32, len(a.cells))
	for i := range a.findings {
		if r := &a.findings[i]; r.alive {
			sizes[r.cell]++
		}
	}
	for i, c := range a.cells {
		c.members = make([]member, 0, sizes[i])
	}
	for i := range a.findings {
		r := &a.findings[i]
		if !r.alive {
			continue
		}
		c := a.cells[r.cell]
		fi := &a.facts[r.fact]
		r.pos = int32(len(c.members))
		c.members = append(c.members, member{finding: int32(i), fact: r.fact, key: fi.listKey(), ok: fi.ok, sup: r.sup})
	}
	return nil
}

// finding returns a finding record's finding.
func (a *Assessor) finding(r *findingRec) *model.Finding {
	if r.src >= 0 {
		return &a.b.Findings[r.src]
	}
	return a.added[-1-r.src]
}

// srcMeta is what assessment needs of a source: its origin, grade and kind.
type srcMeta struct {
	origin int32
	rank   int8
	kind   uint32
}

func (a *Assessor) setSource(s *model.Source) {
	a.sources[s.ID] = s
	a.srcMeta[s.ID] = srcMeta{origin: a.origin(s.OriginKey()), rank: int8(gradeRank(s.Reliability)), kind: kindBit(s.Kind)}
}

// Run assesses a case: New followed by Result.
func Run(lib *law.Library, b *model.Bundle, opt Options) (*Assessment, error) {
	a, err := New(lib, b, opt)
	if err != nil {
		return nil, err
	}
	return a.Result(), nil
}

func (a *Assessor) initStages() error {
	stds := slices.Clone(a.lib.Standards)
	slices.SortFunc(stds, func(x, y *law.Standard) int { return cmp.Compare(x.Rank, y.Rank) })
	a.cur = -1
	for _, s := range stds {
		r, err := a.opt.Rules.For(s.Stage)
		if err != nil {
			if s.Stage == a.opt.Stage {
				return err
			}
			continue
		}
		if len(a.stages) == 8 {
			return fmt.Errorf("at most 8 stages can be assessed together (stage %q is one too many)", s.Stage)
		}
		sr := stageRule{std: s, r: r, minRank: int8(gradeRank(r.MinReliability))}
		for _, rv := range r.Review {
			sr.review[reviewCode(model.ReviewStatus(rv))] = true
		}
		if s.Stage == a.opt.Stage {
			a.cur = len(a.stages)
		}
		a.stages = append(a.stages, sr)
	}
	if a.cur < 0 {
		var names []string
		for _, s := range stds {
			names = append(names, s.Stage)
		}
		return fmt.Errorf("unknown stage %q (%s)", a.opt.Stage, hintOr(didYouMean(a.opt.Stage, names), "stages: "+orList(names)))
	}
	return nil
}

func (a *Assessor) origin(key string) int32 {
	if i, ok := a.originIdx[key]; ok {
		return i
	}
	i := int32(len(a.origins))
	a.origins = append(a.origins, key)
	a.originIdx[key] = i
	return i
}

func (a *Assessor) factInfo(f *model.Fact) factInfo {
	fi := factInfo{fact: f, cred: int8(f.Credibility), review: reviewCode(f.Review), live: true}
	if f.Credibility < 1 || f.Credibility > 6 {
		fi.cred = 6
	}
	for _, e := range f.Excerpts {
		if e.EffectiveStance() != model.Supports {
			continue
		}
		sm, ok := a.srcMeta[e.Source]
		if !ok {
			continue
		}
		o, rank := sm.origin, sm.rank
		dup := false
		for _, x := range fi.srcs {
			if x.origin == o && x.rank == rank {
				dup = true
			}
		}
		if !dup {
			fi.srcs = append(fi.srcs, srcRef{origin: o, rank: rank})
		}
		fi.kinds |= sm.kind
	}
	fi.best = bestRank(&fi)
	for si := range a.stages {
		if ok, _, _, _ := a.stages[si].counts(&fi); ok {
			fi.ok |= 1 << si
		}
	}
	return fi
}

var errSkipped = errors.New("charge outside the assessed forum")

// locate finds the cell (index in a.cells) and fact a finding belongs to.
func (a *Assessor) locate(fd *model.Finding) (int32, int32, error) {
	ci := -1
	p := unsafe.StringData(fd.Charge)
	for i, cs := range a.counts { // address first, as in elemIndex
		if unsafe.StringData(cs.ch.ID) == p && len(cs.ch.ID) == len(fd.Charge) {
			ci = i
			break
		}
	}
	if ci < 0 {
		if i, ok := a.countIdx[fd.Charge]; ok {
			ci = i
		}
	}
	if ci < 0 {
		if a.skipped[fd.Charge] {
			return 0, 0, errSkipped
		}
		var ids []string
		for id := range a.countIdx {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return 0, 0, fmt.Errorf("charge: unknown charge %q (%s)", fd.Charge, hintOr(didYouMean(fd.Charge, ids), "see dossier charges"))
	}
	cs := a.counts[ci]
	ei, ok := cs.elemIndex(fd.Element)
	if !ok {
		return 0, 0, fmt.Errorf("element: count %q has no element %q (%s)", fd.Charge, fd.Element, hintOr(didYouMean(fd.Element, elementIDs(cs.elems)), "see dossier charges"))
	}
	fi, ok := a.factIdx.get(fd.Fact)
	if !ok || !a.facts[fi].live {
		return 0, 0, fmt.Errorf("fact: unknown fact %q", fd.Fact)
	}
	if fd.Stance != model.Supports && fd.Stance != model.Contradicts {
		return 0, 0, fmt.Errorf("stance: %q is not supports or contradicts", fd.Stance)
	}
	return cs.cells[ei].idx, fi, nil
}

// evaluateAll aggregates every cell, in parallel (cells are independent).
func (a *Assessor) evaluateAll() {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(a.cells)))
	next := make(chan *cell, len(a.cells))
	// largest cells first, so that the workers finish together
	order := slices.Clone(a.cells)
	slices.SortStableFunc(order, func(x, y *cell) int { return cmp.Compare(len(y.members), len(x.members)) })
	for _, c := range order {
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				a.evalCell(c)
			}
		}()
	}
	wg.Wait()
}

// Stage is the assessed stage.
func (a *Assessor) Stage() string { return a.stages[a.cur].std.Stage }

// ---------------------------------------------------------------- aggregates

// evalCell builds a cell's aggregates from its members in one pass, and its listings.
func (a *Assessor) evalCell(c *cell) {
	n := len(a.origins)
	c.st = make([]stageAgg, len(a.stages))
	refs := make([]int32, 2*len(a.stages)*n) // one allocation for all the cell's origin counts
	for si := range c.st {
		c.st[si].sup.ref = refs[2*si*n : (2*si+1)*n : (2*si+1)*n]
		c.st[si].con.ref = refs[(2*si+1)*n : (2*si+2)*n : (2*si+2)*n]
	}
	c.nSup, c.nCon, c.kinds = 0, 0, [32]int32{}
	for _, m := range c.members {
		a.apply(c, m.sup, &a.facts[m.fact], 1)
	}
	a.rebuildList(c, 0)
	a.rebuildList(c, 1)
}

func (sd *side) add(o int32, d int32) {
	if int(o) >= len(sd.ref) {
		sd.ref = append(sd.ref, make([]int32, int(o)+1-len(sd.ref))...)
	}
	r := &sd.ref[o]
	if d > 0 {
		if *r == 0 {
			sd.nOrig++
		}
		*r++
		return
	}
	*r--
	if *r == 0 {
		sd.nOrig--
	}
}

// apply adds (d = 1) or removes (d = -1) one finding's contribution to a cell's aggregates, with
// fi the fact record as it was when the finding was added.
func (a *Assessor) apply(c *cell, sup bool, fi *factInfo, d int32) {
	if sup {
		c.nSup += d
		for k := fi.kinds; k != 0; k &= k - 1 {
			c.kinds[bits.TrailingZeros32(k)] += d
		}
	} else {
		c.nCon += d
	}
	for si := range a.stages {
		s := &a.stages[si]
		g := &c.st[si]
		if fi.ok&(1<<si) == 0 {
			if sup {
				if !s.review[fi.review] {
					g.exReview += d
				}
				if int(fi.cred) > s.r.MaxCredibility {
					g.exCred += d
				}
				if fi.best > s.minRank {
					g.exRel += d
				}
			}
			continue
		}
		sd := &g.con
		if sup {
			sd = &g.sup
			g.cred[fi.cred] += d
			g.rank[fi.best] += d
		}
		sd.q += d
		for _, x := range fi.srcs {
			if x.rank <= s.minRank {
				sd.add(x.origin, d)
			}
		}
	}
}

// ---------------------------------------------------------------- listings

// better orders findings for listing under the assessed stage: counting first, then
// credibility, reliability, fact id, finding id.
func (a *Assessor) better(i, j int32) bool {
	ri, rj := &a.findings[i], &a.findings[j]
	ki, kj := a.listKey(i), a.listKey(j)
	if ki != kj {
		return ki < kj
	}
	fa, fb := a.facts[ri.fact].fact, a.facts[rj.fact].fact
	if fa.ID != fb.ID {
		return fa.ID < fb.ID
	}
	return a.finding(ri).ID < a.finding(rj).ID
}

// memberKey is a member's listing key under the assessed stage: not counting (bit 16), then
// credibility and best reliability.
func (a *Assessor) memberKey(m *member) uint32 {
	k := uint32(m.key)
	if m.ok&(1<<a.cur) == 0 {
		k |= 1 << 16
	}
	return k
}

func (a *Assessor) listKey(i int32) uint32 {
	r := &a.findings[i]
	return a.memberKey(&a.cells[r.cell].members[r.pos])
}

func (a *Assessor) insertTop(top []int32, i int32) []int32 {
	k := a.opt.MaxListed
	if len(top) == k && !a.better(i, top[k-1]) {
		return top
	}
	pos := sort.Search(len(top), func(j int) bool { return a.better(i, top[j]) })
	if len(top) < k {
		top = append(top, 0)
	}
	copy(top[pos+1:], top[pos:len(top)-1])
	top[pos] = i
	return top
}

func sideOf(sup bool) int {
	if sup {
		return 0
	}
	return 1
}

// rebuildList lists the best findings of one side of a cell with one pass over its members: a
// member whose key is worse than the last listed one's cannot enter a full list.
func (a *Assessor) rebuildList(c *cell, sd int) {
	t := &c.top[sd]
	t.ids, t.dirty = t.ids[:0], false
	k := a.opt.MaxListed
	want := sd == 0
	var last uint32
	for i := range c.members {
		m := &c.members[i]
		if m.sup != want {
			continue
		}
		key := a.memberKey(m)
		if len(t.ids) == k && key > last {
			continue
		}
		t.ids = a.insertTop(t.ids, m.finding)
		if len(t.ids) == k {
			last = a.listKey(t.ids[k-1])
		}
	}
}

// list returns a cell's listing of one side, rebuilding it if a listed finding has left.
func (a *Assessor) list(c *cell, sd int) []int32 {
	if c.top[sd].dirty {
		a.rebuildList(c, sd)
	}
	return c.top[sd].ids
}

func (a *Assessor) listAdd(c *cell, m *member) {
	t := &c.top[sideOf(m.sup)]
	if !t.dirty {
		t.ids = a.insertTop(t.ids, m.finding)
	}
}

// listRemove takes a finding out of its side's listing; call it before the member leaves the
// cell and before its key changes.
func (a *Assessor) listRemove(c *cell, m *member) {
	sd := sideOf(m.sup)
	t := &c.top[sd]
	if t.dirty {
		return
	}
	i := slices.Index(t.ids, m.finding)
	if i < 0 {
		return
	}
	n := c.nSup
	if sd == 1 {
		n = c.nCon
	}
	t.ids = slices.Delete(t.ids, i, i+1)
	if int(n) > len(t.ids)+1 { // unlisted findings remain: the next best is not known
		t.dirty = true
	}
}

// ---------------------------------------------------------------- incremental changes

func (a *Assessor) buildIndexes() {
	if a.findIdx != nil {
		return
	}
	a.findIdx = make(map[string]int32, len(a.findings))
	a.factFinds = make([][]int32, len(a.facts))
	for i := range a.findings {
		r := &a.findings[i]
		if !r.alive {
			continue
		}
		a.findIdx[a.finding(r).ID] = int32(i)
		a.factFinds[r.fact] = append(a.factFinds[r.fact], int32(i))
	}
	a.srcFacts = make(map[string][]int32, len(a.sources))
	for i := range a.facts {
		if f := a.facts[i].fact; f != nil {
			for _, e := range f.Excerpts {
				if e.EffectiveStance() == model.Supports {
					a.srcFacts[e.Source] = append(a.srcFacts[e.Source], int32(i))
				}
			}
		}
	}
}

// detach removes a live finding from its cell's aggregates, listing and members.
func (a *Assessor) detach(i int32) {
	r := &a.findings[i]
	c := a.cells[r.cell]
	m := c.members[r.pos]
	a.listRemove(c, &m)
	a.apply(c, m.sup, &a.facts[m.fact], -1)
	last := c.members[len(c.members)-1]
	c.members[r.pos] = last
	a.findings[last.finding].pos = r.pos
	c.members = c.members[:len(c.members)-1]
	ff := a.factFinds[r.fact]
	if k := slices.Index(ff, i); k >= 0 {
		a.factFinds[r.fact] = slices.Delete(ff, k, k+1)
	}
	r.alive = false
}

// attach files a finding under a cell and adds it to the aggregates and listing.
func (a *Assessor) attach(fd *model.Finding, ci, fact int32) int32 {
	c := a.cells[ci]
	idx := int32(len(a.findings))
	sup := fd.Stance == model.Supports
	fi := &a.facts[fact]
	a.added = append(a.added, fd)
	a.findings = append(a.findings, findingRec{src: int32(-len(a.added)), sup: sup, fact: fact, cell: ci, pos: int32(len(c.members)), alive: true})
	m := member{finding: idx, fact: fact, key: fi.listKey(), ok: fi.ok, sup: sup}
	c.members = append(c.members, m)
	a.apply(c, sup, fi, 1)
	a.listAdd(c, &m)
	a.findIdx[fd.ID] = idx
	a.factFinds[fact] = append(a.factFinds[fact], idx)
	return idx
}

// Update adds a finding or replaces the one with the same id, adjusting the aggregates of the
// elements it leaves and joins. A finding naming an unknown charge, element or fact, or with a
// bad stance, is refused and nothing changes. A finding on a count outside the assessed forum is
// ignored.
func (a *Assessor) Update(f model.Finding) error {
	fd := f
	ci, fi, err := a.locate(&fd)
	if err != nil {
		if errors.Is(err, errSkipped) {
			return nil
		}
		return fmt.Errorf("finding %s: %w", f.ID, err)
	}
	a.buildIndexes()
	if i, ok := a.findIdx[f.ID]; ok {
		a.detach(i)
	}
	a.attach(&fd, ci, fi)
	return nil
}

// Remove removes a finding from its element's aggregates.
func (a *Assessor) Remove(findingID string) error {
	a.buildIndexes()
	i, ok := a.findIdx[findingID]
	if !ok {
		return fmt.Errorf("no finding %q", findingID)
	}
	a.detach(i)
	delete(a.findIdx, findingID)
	return nil
}

// UpdateFact adds or replaces a fact (its credibility, review status, excerpts) and adjusts the
// aggregates of the elements its findings touch.
func (a *Assessor) UpdateFact(f model.Fact) error {
	if !model.ValidID(f.ID) {
		return fmt.Errorf("fact %q: invalid id", f.ID)
	}
	if f.Credibility < 1 || f.Credibility > 6 {
		return fmt.Errorf("fact %s: credibility %d is outside 1–6", f.ID, f.Credibility)
	}
	a.buildIndexes()
	fc := f
	i, ok := a.factIdx.get(f.ID)
	if !ok {
		i = int32(len(a.facts))
		a.facts = append(a.facts, factInfo{fact: &fc})
		a.factIdx.put(f.ID, i)
		a.factFinds = append(a.factFinds, nil)
	} else {
		a.unlinkSources(i)
	}
	a.setFact(i, a.factInfo(&fc))
	for _, e := range fc.Excerpts {
		if e.EffectiveStance() == model.Supports {
			a.srcFacts[e.Source] = append(a.srcFacts[e.Source], i)
		}
	}
	return nil
}

// setFact replaces a fact's record: each of its findings leaves the aggregates as the old record
// counted it and re-enters as the new one does.
func (a *Assessor) setFact(i int32, nf factInfo) {
	finds := a.factFinds[i]
	for _, k := range finds {
		r := &a.findings[k]
		c := a.cells[r.cell]
		a.listRemove(c, &c.members[r.pos])
		a.apply(c, r.sup, &a.facts[i], -1)
	}
	a.facts[i] = nf
	for _, k := range finds {
		r := &a.findings[k]
		c := a.cells[r.cell]
		m := &c.members[r.pos]
		m.key, m.ok = nf.listKey(), nf.ok
		a.apply(c, r.sup, &a.facts[i], 1)
		a.listAdd(c, m)
	}
}

func (a *Assessor) unlinkSources(i int32) {
	old := a.facts[i].fact
	if old == nil {
		return
	}
	for _, e := range old.Excerpts {
		l := a.srcFacts[e.Source]
		if k := slices.Index(l, i); k >= 0 {
			a.srcFacts[e.Source] = slices.Delete(l, k, k+1)
		}
	}
}

// UpdateSource adds or replaces a source (its reliability, origin) and adjusts the aggregates of
// the elements whose facts cite it.
func (a *Assessor) UpdateSource(s model.Source) error {
	if !model.ValidID(s.ID) {
		return fmt.Errorf("source %q: invalid id", s.ID)
	}
	if s.Reliability != "" && reliabilityRank(s.Reliability) < 0 {
		return fmt.Errorf("source %s: reliability %q is not a grade A–F", s.ID, s.Reliability)
	}
	sc := s
	a.setSource(&sc)
	a.refreshSource(s.ID)
	return nil
}

// RemoveSource removes a source: the facts that cite it lose its support, and the aggregates of
// the elements their findings touch are adjusted.
func (a *Assessor) RemoveSource(id string) error {
	if _, ok := a.sources[id]; !ok {
		return fmt.Errorf("no source %q", id)
	}
	delete(a.sources, id)
	delete(a.srcMeta, id)
	a.refreshSource(id)
	return nil
}

func (a *Assessor) refreshSource(id string) {
	a.buildIndexes()
	fs := slices.Clone(a.srcFacts[id])
	slices.Sort(fs)
	fs = slices.Compact(fs)
	for _, i := range fs {
		a.setFact(i, a.factInfo(a.facts[i].fact))
	}
}

// ---------------------------------------------------------------- evaluation

// evalRes is one element's evaluation under one standard, read from its aggregates.
type evalRes struct {
	status                  Status
	rule                    string
	nSup, nCon              int // findings
	qSup, qCon              int // findings whose facts count (R2)
	exReview, exCred, exRel int // supporting findings excluded by each R2 condition
	nSupOrig, nConOrig      int // independent origins of the counting supporting / contradicting facts
	bestRank                int8
	bestCred                int8
	sup, con                *side
}

// counts reports whether a fact counts under a stage (R2), and which conditions it fails.
func (s *stageRule) counts(fi *factInfo) (ok, review, cred, rel bool) {
	review = s.review[fi.review]
	cred = int(fi.cred) <= s.r.MaxCredibility
	for _, x := range fi.srcs {
		if x.rank <= s.minRank {
			rel = true
			break
		}
	}
	return review && cred && rel, review, cred, rel
}

func bestRank(fi *factInfo) int8 {
	b := int8(6)
	for _, x := range fi.srcs {
		b = min(b, x.rank)
	}
	return b
}

// eval reads a cell's evaluation under stage si and decides its status.
func (a *Assessor) eval(c *cell, si int) evalRes {
	g := &c.st[si]
	res := evalRes{nSup: int(c.nSup), nCon: int(c.nCon), qSup: int(g.sup.q), qCon: int(g.con.q), exReview: int(g.exReview), exCred: int(g.exCred),
		exRel: int(g.exRel), nSupOrig: int(g.sup.nOrig), nConOrig: int(g.con.nOrig), bestRank: 6, bestCred: 7, sup: &g.sup, con: &g.con}
	for v := int8(1); v <= 6; v++ {
		if g.cred[v] > 0 {
			res.bestCred = v
			break
		}
	}
	for v := int8(0); v <= 5; v++ {
		if g.rank[v] > 0 {
			res.bestRank = v
			break
		}
	}
	decide(&res, a.stages[si].r)
	return res
}

// kindsOf is the bit set of the source kinds the supporting facts of a cell cite.
func (c *cell) kindsOf() uint32 {
	var k uint32
	for b, n := range c.kinds {
		if n > 0 {
			k |= 1 << b
		}
	}
	return k
}

// decide applies R1, R3, R4 and R5 to an evaluation whose counting facts R2 has chosen.
func decide(res *evalRes, r StandardRules) {
	switch {
	case res.nSup+res.nCon == 0:
		res.status, res.rule = NoEvidence, RuleNoEvidence
	case res.nSupOrig < r.MinOrigins:
		res.status, res.rule = NotMet, RuleCorroboration
	case res.nConOrig > 0 && res.nSupOrig-res.nConOrig < r.ContradictionMargin:
		res.status, res.rule = Contested, RuleContradiction
	default:
		res.status, res.rule = Met, RuleMet
	}
}
