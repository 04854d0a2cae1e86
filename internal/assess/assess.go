package assess

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"

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
	srcs   []srcRef // sources cited in support, one per source
	kinds  uint32   // bit set of the supporting sources' kinds
	ok     uint8    // bit si set: the fact counts under stage si (R2)
	best   int8     // best reliability rank of its supporting sources (6: none)
	live   bool
}

type findingRec struct {
	f     *model.Finding
	sup   bool // supports (else contradicts)
	fact  int32
	cell  *cell
	pos   int32 // index in cell.members
	alive bool
}

// member is a finding filed under a cell, with what evaluation needs kept inline so that the hot
// loop reads the cell sequentially and only the (small) fact records at random.
type member struct {
	finding int32
	fact    int32
	sup     bool
}

type cell struct {
	count, elem int
	members     []member
	res         []evalRes
	kinds       uint32 // source kinds cited by the supporting facts
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

// Assessor holds a case indexed for assessment: findings by (count, element), facts by id,
// sources by origin, and each element's cached result under every standard. Update, Remove,
// UpdateFact, UpdateSource and RemoveSource re-assess only the elements they touch.
// An Assessor is not safe for concurrent use.
type Assessor struct {
	lib       *law.Library
	b         *model.Bundle
	opt       Options
	stages    []stageRule // by rank
	cur       int         // index of the assessed stage
	counts    []*countState
	countIdx  map[string]int
	skipped   map[string]bool // charges of the case outside the assessed forum
	facts     []factInfo
	factIdx   map[string]int32
	sources   map[string]*model.Source
	srcFacts  map[string][]int32
	origins   []string
	originIdx map[string]int32
	findings  []findingRec
	findIdx   map[string]int32 // built on first incremental change
	factFinds [][]int32        // built on first incremental change
	ev        *evaluator
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
		sources: map[string]*model.Source{}, srcFacts: map[string][]int32{}, originIdx: map[string]int32{}}
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
			cs.cells = append(cs.cells, &cell{count: len(a.counts), elem: i})
		}
		a.countIdx[ch.ID] = len(a.counts)
		a.counts = append(a.counts, cs)
	}
	for i := range b.Sources {
		s := &b.Sources[i]
		a.sources[s.ID] = s
		a.origin(s.OriginKey())
	}
	a.facts = make([]factInfo, len(b.Facts))
	a.factIdx = make(map[string]int32, len(b.Facts))
	for i := range b.Facts {
		f := &b.Facts[i]
		a.factIdx[f.ID] = int32(i)
		a.facts[i] = a.factInfo(f)
		for _, e := range f.Excerpts {
			if e.EffectiveStance() == model.Supports {
				a.srcFacts[e.Source] = append(a.srcFacts[e.Source], int32(i))
			}
		}
	}
	if err := a.indexFindings(b.Findings); err != nil {
		return nil, err
	}
	a.evaluateAll()
	return a, nil
}

// indexFindings locates every finding's element and fact (in parallel: the indexes are read
// only) and files the findings by (count, element).
func (a *Assessor) indexFindings(fds []model.Finding) error {
	var cells []*cell
	for _, cs := range a.counts {
		cells = append(cells, cs.cells...)
	}
	cellID := map[*cell]int32{}
	for i, c := range cells {
		cellID[c] = int32(i)
	}
	n := len(fds)
	where := make([]int32, n) // cell index, or -1 when the finding's count is not assessed
	facts := make([]int32, n)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/50000))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				c, fi, err := a.locate(&fds[i])
				if err != nil {
					if errors.Is(err, errSkipped) {
						where[i] = -1
						continue
					}
					errs[w] = fmt.Errorf("finding %s: %w", fds[i].ID, err)
					return
				}
				where[i], facts[i] = cellID[c], fi
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	sizes := make([]int, len(cells))
	for _, c := range where {
		if c >= 0 {
			sizes[c]++
		}
	}
	for i, c := range cells {
		c.members = make([]member, 0, sizes[i])
	}
	a.findings = make([]findingRec, 0, n)
	for i := range fds {
		if where[i] < 0 {
			continue
		}
		c := cells[where[i]]
		idx := int32(len(a.findings))
		a.findings = append(a.findings, findingRec{f: &fds[i], sup: fds[i].Stance == model.Supports, fact: facts[i], cell: c, pos: int32(len(c.members)), alive: true})
		c.members = append(c.members, member{idx, facts[i], fds[i].Stance == model.Supports})
	}
	return nil
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
		s, ok := a.sources[e.Source]
		if !ok {
			continue
		}
		o := a.origin(s.OriginKey())
		dup := false
		for _, x := range fi.srcs {
			if x.origin == o && x.rank == int8(gradeRank(s.Reliability)) {
				dup = true
			}
		}
		if !dup {
			fi.srcs = append(fi.srcs, srcRef{origin: o, rank: int8(gradeRank(s.Reliability))})
		}
		fi.kinds |= kindBit(s.Kind)
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

// locate finds the cell and fact a finding belongs to.
func (a *Assessor) locate(fd *model.Finding) (*cell, int32, error) {
	ci, ok := a.countIdx[fd.Charge]
	if !ok {
		if a.skipped[fd.Charge] {
			return nil, 0, errSkipped
		}
		var ids []string
		for id := range a.countIdx {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return nil, 0, fmt.Errorf("charge: unknown charge %q (%s)", fd.Charge, hintOr(didYouMean(fd.Charge, ids), "see dossier charges"))
	}
	cs := a.counts[ci]
	ei, ok := cs.elemIdx[fd.Element]
	if !ok {
		return nil, 0, fmt.Errorf("element: count %q has no element %q (%s)", fd.Charge, fd.Element, hintOr(didYouMean(fd.Element, elementIDs(cs.elems)), "see dossier charges"))
	}
	fi, ok := a.factIdx[fd.Fact]
	if !ok || !a.facts[fi].live {
		return nil, 0, fmt.Errorf("fact: unknown fact %q", fd.Fact)
	}
	if fd.Stance != model.Supports && fd.Stance != model.Contradicts {
		return nil, 0, fmt.Errorf("stance: %q is not supports or contradicts", fd.Stance)
	}
	return cs.cells[ei], fi, nil
}

// evaluateAll assesses every cell, in parallel.
func (a *Assessor) evaluateAll() {
	var cells []*cell
	for _, cs := range a.counts {
		cells = append(cells, cs.cells...)
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(cells)))
	next := make(chan *cell)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := a.newEvaluator()
			for c := range next {
				ev.eval(c)
			}
		}()
	}
	for _, c := range cells {
		next <- c
	}
	close(next)
	wg.Wait()
	a.ev = a.newEvaluator()
}

// Stage is the assessed stage.
func (a *Assessor) Stage() string { return a.stages[a.cur].std.Stage }

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
		a.findIdx[r.f.ID] = int32(i)
		a.factFinds[r.fact] = append(a.factFinds[r.fact], int32(i))
	}
}

func (a *Assessor) detach(i int32) {
	r := &a.findings[i]
	c := r.cell
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

// Update adds a finding or replaces the one with the same id, and re-assesses the elements it
// leaves and joins. A finding naming an unknown charge, element or fact, or with a bad stance,
// is refused and nothing changes. A finding on a count outside the assessed forum is ignored.
func (a *Assessor) Update(f model.Finding) error {
	fd := f
	c, fi, err := a.locate(&fd)
	if err != nil {
		if errors.Is(err, errSkipped) {
			return nil
		}
		return fmt.Errorf("finding %s: %w", f.ID, err)
	}
	a.buildIndexes()
	var old *cell
	if i, ok := a.findIdx[f.ID]; ok {
		old = a.findings[i].cell
		a.detach(i)
	}
	idx := int32(len(a.findings))
	a.findings = append(a.findings, findingRec{f: &fd, sup: fd.Stance == model.Supports, fact: fi, cell: c, pos: int32(len(c.members)), alive: true})
	c.members = append(c.members, member{idx, fi, fd.Stance == model.Supports})
	a.findIdx[f.ID] = idx
	a.factFinds[fi] = append(a.factFinds[fi], idx)
	if old != nil && old != c {
		a.ev.eval(old)
	}
	a.ev.eval(c)
	return nil
}

// Remove removes a finding and re-assesses its element.
func (a *Assessor) Remove(findingID string) error {
	a.buildIndexes()
	i, ok := a.findIdx[findingID]
	if !ok {
		return fmt.Errorf("no finding %q", findingID)
	}
	c := a.findings[i].cell
	a.detach(i)
	delete(a.findIdx, findingID)
	a.ev.eval(c)
	return nil
}

// UpdateFact adds or replaces a fact (its credibility, review status, excerpts) and re-assesses
// the elements its findings touch.
func (a *Assessor) UpdateFact(f model.Fact) error {
	if !model.ValidID(f.ID) {
		return fmt.Errorf("fact %q: invalid id", f.ID)
	}
	if f.Credibility < 1 || f.Credibility > 6 {
		return fmt.Errorf("fact %s: credibility %d is outside 1–6", f.ID, f.Credibility)
	}
	a.buildIndexes()
	fc := f
	i, ok := a.factIdx[f.ID]
	if !ok {
		i = int32(len(a.facts))
		a.factIdx[f.ID] = i
		a.facts = append(a.facts, factInfo{})
		a.factFinds = append(a.factFinds, nil)
	} else {
		a.unlinkSources(i)
	}
	a.facts[i] = a.factInfo(&fc)
	for _, e := range fc.Excerpts {
		if e.EffectiveStance() == model.Supports {
			a.srcFacts[e.Source] = append(a.srcFacts[e.Source], i)
		}
	}
	a.reevalFacts([]int32{i})
	return nil
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

// UpdateSource adds or replaces a source (its reliability, origin) and re-assesses the elements
// whose facts cite it.
func (a *Assessor) UpdateSource(s model.Source) error {
	if !model.ValidID(s.ID) {
		return fmt.Errorf("source %q: invalid id", s.ID)
	}
	if s.Reliability != "" && reliabilityRank(s.Reliability) < 0 {
		return fmt.Errorf("source %s: reliability %q is not a grade A–F", s.ID, s.Reliability)
	}
	sc := s
	a.sources[s.ID] = &sc
	a.origin(sc.OriginKey())
	return a.refreshSource(s.ID)
}

// RemoveSource removes a source: the facts that cite it lose its support, and the elements their
// findings touch are re-assessed.
func (a *Assessor) RemoveSource(id string) error {
	if _, ok := a.sources[id]; !ok {
		return fmt.Errorf("no source %q", id)
	}
	delete(a.sources, id)
	return a.refreshSource(id)
}

func (a *Assessor) refreshSource(id string) error {
	a.buildIndexes()
	fs := slices.Clone(a.srcFacts[id])
	for _, i := range fs {
		a.facts[i] = a.factInfo(a.facts[i].fact)
	}
	a.reevalFacts(fs)
	return nil
}

func (a *Assessor) reevalFacts(fs []int32) {
	seen := map[*cell]bool{}
	for _, i := range fs {
		for _, k := range a.factFinds[i] {
			seen[a.findings[k].cell] = true
		}
	}
	cells := make([]*cell, 0, len(seen))
	for c := range seen {
		cells = append(cells, c)
	}
	for _, c := range cells {
		a.ev.eval(c)
	}
}

// ---------------------------------------------------------------- evaluation

// evalRes is one element's evaluation under one standard.
type evalRes struct {
	status     Status
	rule       string
	nSup, nCon int // findings
	qSup, qCon int // findings whose facts count (R2)
	// supporting findings excluded by each R2 condition (a fact may fail several)
	exReview, exCred, exRel int
	supOrig, conOrig        []int32
	bestRank                int8 // best reliability rank among counting supporting facts' counting sources
	bestCred                int8
	topSup, topCon          []int32 // finding indexes, best first
}

type evaluator struct {
	a      *Assessor
	stamps [][]uint32 // per stage: supporting, contradicting
	gen    uint32
}

func (a *Assessor) newEvaluator() *evaluator {
	return &evaluator{a: a, stamps: make([][]uint32, 2*len(a.stages))}
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

// better orders findings for listing under stage si: counting first, then credibility,
// reliability, fact id, finding id.
func (ev *evaluator) better(si int, i, j int32) bool {
	ri, rj := &ev.a.findings[i], &ev.a.findings[j]
	fa, fb := &ev.a.facts[ri.fact], &ev.a.facts[rj.fact]
	bit := uint8(1) << si
	ca, cb := fa.ok&bit != 0, fb.ok&bit != 0
	if ca != cb {
		return ca
	}
	if fa.cred != fb.cred {
		return fa.cred < fb.cred
	}
	if fa.best != fb.best {
		return fa.best < fb.best
	}
	if fa.fact.ID != fb.fact.ID {
		return fa.fact.ID < fb.fact.ID
	}
	return ri.f.ID < rj.f.ID
}

// key is a finding's listing key under stage si (see eval).
func (ev *evaluator) key(si int, i int32) uint32 {
	fi := &ev.a.facts[ev.a.findings[i].fact]
	key := uint32(fi.cred)<<8 | uint32(fi.best)
	if fi.ok&(1<<si) == 0 {
		key |= 1 << 16
	}
	return key
}

func bestRank(fi *factInfo) int8 {
	b := int8(6)
	for _, x := range fi.srcs {
		b = min(b, x.rank)
	}
	return b
}

func (ev *evaluator) insertTop(si int, top []int32, k int, i int32) []int32 {
	if len(top) == k && !ev.better(si, i, top[k-1]) {
		return top
	}
	pos := sort.Search(len(top), func(j int) bool { return ev.better(si, i, top[j]) })
	if len(top) < k {
		top = append(top, 0)
	}
	copy(top[pos+1:], top[pos:len(top)-1])
	top[pos] = i
	return top
}

// eval assesses one cell under every stage in one pass over its findings.
func (ev *evaluator) eval(c *cell) {
	a := ev.a
	n := len(a.origins)
	for k := range ev.stamps {
		if len(ev.stamps[k]) < n {
			ev.stamps[k] = append(ev.stamps[k], make([]uint32, n-len(ev.stamps[k]))...)
		}
	}
	ev.gen++
	if ev.gen == 0 { // wrapped: clear the stamps
		for k := range ev.stamps {
			clear(ev.stamps[k])
		}
		ev.gen = 1
	}
	gen := ev.gen
	if len(c.res) != len(a.stages) {
		c.res = make([]evalRes, len(a.stages))
	}
	for si := range c.res {
		old := &c.res[si]
		c.res[si] = evalRes{bestRank: 6, bestCred: 7, topSup: old.topSup[:0], topCon: old.topCon[:0], supOrig: old.supOrig[:0], conOrig: old.conOrig[:0]}
	}
	c.kinds = 0
	k := a.opt.MaxListed
	var lastSup, lastCon [8]uint32 // per stage: the key of the last listed finding once the list is full
	for _, m := range c.members {
		fidx := m.finding
		fi := &a.facts[m.fact]
		sup := m.sup
		if sup {
			c.kinds |= fi.kinds
		}
		for si := range a.stages {
			res := &c.res[si]
			ok := fi.ok&(1<<si) != 0
			// key orders like better() up to the ids: a finding whose key is worse than the last
			// listed one's cannot enter a full list
			key := uint32(fi.cred)<<8 | uint32(fi.best)
			if !ok {
				key |= 1 << 16
			}
			if sup {
				res.nSup++
				if len(res.topSup) < k || key <= lastSup[si] {
					res.topSup = ev.insertTop(si, res.topSup, k, fidx)
					if len(res.topSup) == k {
						lastSup[si] = ev.key(si, res.topSup[k-1])
					}
				}
			} else {
				res.nCon++
				if len(res.topCon) < k || key <= lastCon[si] {
					res.topCon = ev.insertTop(si, res.topCon, k, fidx)
					if len(res.topCon) == k {
						lastCon[si] = ev.key(si, res.topCon[k-1])
					}
				}
			}
			if !ok {
				if sup {
					s := &a.stages[si]
					if !s.review[fi.review] {
						res.exReview++
					}
					if int(fi.cred) > s.r.MaxCredibility {
						res.exCred++
					}
					if fi.best > s.minRank {
						res.exRel++
					}
				}
				continue
			}
			minRank := a.stages[si].minRank
			var st []uint32
			if sup {
				st = ev.stamps[2*si]
				res.qSup++
				res.bestCred = min(res.bestCred, fi.cred)
				res.bestRank = min(res.bestRank, fi.best)
			} else {
				st = ev.stamps[2*si+1]
				res.qCon++
			}
			for _, x := range fi.srcs {
				if x.rank > minRank || st[x.origin] == gen {
					continue
				}
				st[x.origin] = gen
				if sup {
					res.supOrig = append(res.supOrig, x.origin)
				} else {
					res.conOrig = append(res.conOrig, x.origin)
				}
			}
		}
	}
	for si := range c.res {
		decide(&c.res[si], a.stages[si].r)
	}
}

// decide applies R1, R3, R4 and R5 to an evaluation whose counting facts R2 has chosen.
func decide(res *evalRes, r StandardRules) {
	switch {
	case res.nSup+res.nCon == 0:
		res.status, res.rule = NoEvidence, RuleNoEvidence
	case len(res.supOrig) < r.MinOrigins:
		res.status, res.rule = NotMet, RuleCorroboration
	case len(res.conOrig) > 0 && len(res.supOrig)-len(res.conOrig) < r.ContradictionMargin:
		res.status, res.rule = Contested, RuleContradiction
	default:
		res.status, res.rule = Met, RuleMet
	}
}
