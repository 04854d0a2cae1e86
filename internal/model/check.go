package model

import (
	"fmt"
	"strings"
)

// Checker validates a case record by record, kind by kind, in dependency order: sources,
// captures, actors, the case head, facts, charges, findings, drafts (any kind may be empty or
// skipped, but not revisited). It keeps only what later checks need (the ids of each kind, each
// source's issued date, the charges), not the records, so that a large bundle can be checked as it
// streams past. Problems reports exactly what Validate reports for the same records, in the same
// order.
type Checker struct {
	law   ChargeChecker
	phase int // index in checkOrder of the kind being fed

	n   [nKinds]int       // records seen per kind
	ids [nKinds][]Problem // id problems per kind
	out [nKinds][]Problem // other problems per kind

	// ids of each kind. The keys are copies: an id decoded from a file may share memory with the
	// rest of its file's records, which must not stay alive. For sources the value indexes whens:
	// the issued date of the last source with that id.
	seen    [nKinds]map[string]int32
	whens   []When         // distinct issued dates, whens[0] the zero When
	whenIdx map[When]int32 // index in whens
	charges map[string]*Charge
	elems   map[string]map[string]bool

	// pending actor references made by actors, resolved once every actor is known: the slot in
	// out[actor] of the problem to report if the reference is unknown.
	pending []pendingRef

	errs int // problems that are errors, found so far
}

type pendingRef struct {
	slot int
	ref  string
}

// kind slots, in Validate's output order.
const (
	kActor = iota
	kSource
	kCapture
	kFact
	kCharge
	kFinding
	kDraft
	kCase
	nKinds
)

// checkOrder is the order in which kinds must be fed.
var checkOrder = [...]int{kSource, kCapture, kActor, kCase, kFact, kCharge, kFinding, kDraft}

var slotKind = [nKinds]Kind{KindActor, KindSource, KindCapture, KindFact, KindCharge, KindFinding, KindDraft, KindCase}

// NewChecker returns a Checker; law may be nil.
func NewChecker(law ChargeChecker) *Checker {
	c := &Checker{
		law:     law,
		whens:   []When{{}},
		whenIdx: map[When]int32{{}: 0},
		charges: map[string]*Charge{},
		elems:   map[string]map[string]bool{},
	}
	for i := range c.seen {
		c.seen[i] = map[string]int32{}
	}
	return c
}

// when returns the index of w in whens, adding a copy of w that shares no memory with the record.
func (c *Checker) when(w When) int32 {
	if i, ok := c.whenIdx[w]; ok {
		return i
	}
	cp := w
	cp.Text = strings.Clone(w.Text)
	if !w.EDTF.IsZero() {
		if d, err := ParseWhen(strings.Clone(w.EDTF.String())); err == nil && d.EDTF == w.EDTF {
			cp.EDTF = d.EDTF
		}
	}
	i := int32(len(c.whens))
	c.whens = append(c.whens, cp)
	c.whenIdx[cp] = i
	return i
}

func (c *Checker) known(slot int, id string) bool {
	_, ok := c.seen[slot][id]
	return ok
}

// enter moves the checker to a kind's phase. Feeding a kind after a later kind is a programming
// error: the records are still checked, but references may be reported wrongly.
func (c *Checker) enter(slot int) {
	for c.phase < len(checkOrder) && checkOrder[c.phase] != slot {
		if checkOrder[c.phase] == kActor {
			c.resolveActors()
		}
		c.phase++
	}
	if c.phase == len(checkOrder) {
		// out of order: find the slot again without resolving anything twice.
		for i, s := range checkOrder {
			if s == slot {
				c.phase = i
			}
		}
	}
}

func (c *Checker) add(slot int, id string, idx int, field, msg, hint string) {
	c.errs++
	c.out[slot] = append(c.out[slot], Problem{Kind: slotKind[slot], ID: id, Index: idx, Field: field, Msg: msg, Hint: hint})
}

func (c *Checker) warn(slot int, id string, idx int, field, msg, hint string) {
	c.out[slot] = append(c.out[slot], Problem{Kind: slotKind[slot], ID: id, Index: idx, Field: field, Msg: msg, Hint: hint, Warning: true})
}

func (c *Checker) id(slot, idx int, id string, val int32) {
	k := slotKind[slot]
	p := func(msg, hint string) {
		c.errs++
		c.ids[slot] = append(c.ids[slot], Problem{Kind: k, ID: id, Index: idx, Field: "id", Msg: msg, Hint: hint})
	}
	seen := c.seen[slot]
	switch {
	case id == "":
		p("missing id", "every record needs a unique id")
	case !ValidID(id):
		p(fmt.Sprintf("id %q is not valid", id), "use lower-case letters, digits, '-', '_' or '.'")
	case c.known(slot, id):
		p(fmt.Sprintf("duplicate id %q", id), "ids must be unique within their kind")
	}
	seen[strings.Clone(id)] = val
}

func (c *Checker) actorRef(slot int, id string, idx int, field, ref string) {
	if ref == "" {
		return
	}
	if slot == kActor && c.phase < len(checkOrder) && checkOrder[c.phase] == kActor {
		// not every actor is known yet: keep a slot and decide in resolveActors.
		c.out[slot] = append(c.out[slot], Problem{Kind: slotKind[slot], ID: id, Index: idx, Field: field})
		c.pending = append(c.pending, pendingRef{slot: len(c.out[slot]) - 1, ref: ref})
		return
	}
	if !c.known(kActor, ref) {
		c.add(slot, id, idx, field, fmt.Sprintf("unknown actor %q", ref), suggest(ref, keys(c.seen[kActor])))
	}
}

func (c *Checker) resolveActors() {
	if len(c.pending) == 0 {
		return
	}
	drop := map[int]bool{}
	var names []string
	for _, pr := range c.pending {
		if c.known(kActor, pr.ref) {
			drop[pr.slot] = true
			continue
		}
		if names == nil {
			names = keys(c.seen[kActor])
		}
		p := &c.out[kActor][pr.slot]
		c.errs++
		p.Msg = fmt.Sprintf("unknown actor %q", pr.ref)
		p.Hint = suggest(pr.ref, names)
	}
	kept := c.out[kActor][:0]
	for i, p := range c.out[kActor] {
		if !drop[i] {
			kept = append(kept, p)
		}
	}
	c.out[kActor] = kept
	c.pending = nil
}

func (c *Checker) sourceRef(slot int, id string, idx int, field, ref string) {
	if ref == "" {
		c.add(slot, id, idx, field, "missing source", "name the id of a source in sources.yaml")
		return
	}
	if !c.known(kSource, ref) {
		c.add(slot, id, idx, field, fmt.Sprintf("unknown source %q", ref), suggest(ref, keys(c.seen[kSource])))
	}
}

func (c *Checker) conf(slot int, id string, idx int, cf Confidentiality) {
	if cf.Rank() > 2 {
		c.add(slot, id, idx, "confidentiality", fmt.Sprintf("unknown level %q", cf), "use public, restricted or confidential")
	}
}

// Source checks the next source.
func (c *Checker) Source(s *Source) {
	c.enter(kSource)
	i := c.n[kSource]
	c.n[kSource]++
	c.id(kSource, i, s.ID, c.when(s.Issued))
	if !knownSourceKind(s.Kind) {
		c.add(kSource, s.ID, i, "kind", fmt.Sprintf("unknown source kind %q", s.Kind), "use one of "+joinKinds())
	}
	if strings.TrimSpace(s.Title) == "" {
		c.add(kSource, s.ID, i, "title", "missing title", "")
	}
	if s.URL != "" {
		if msg := CheckURL(s.URL); msg != "" {
			c.add(kSource, s.ID, i, "URL", msg, "record the defect under problems and give the corrected URL")
		}
	}
	if s.Reliability != "" && (len(s.Reliability) != 1 || s.Reliability[0] < 'A' || s.Reliability[0] > 'F') {
		c.add(kSource, s.ID, i, "reliability", fmt.Sprintf("reliability %q is not a grade A–F", s.Reliability), "A completely reliable … F cannot be judged")
	}
	if !s.Accessed.EDTF.IsZero() && !s.Issued.EDTF.IsZero() && s.Accessed.EDTF.Before(s.Issued.EDTF) {
		c.add(kSource, s.ID, i, "accessed", "accessed before it was issued", "")
	}
	c.conf(kSource, s.ID, i, s.Confidentiality)
}

// Capture checks the next capture.
func (c *Checker) Capture(cp *Capture) {
	c.enter(kCapture)
	i := c.n[kCapture]
	c.n[kCapture]++
	c.id(kCapture, i, cp.ID, 0)
	if cp.Source != "" {
		c.sourceRef(kCapture, cp.ID, i, "source", cp.Source)
	}
	if !isHex64(cp.SHA256) {
		c.add(kCapture, cp.ID, i, "sha256", "not a SHA-256 hex digest", "64 lower-case hex digits")
	}
}

// Actor checks the next actor.
func (c *Checker) Actor(a *Actor) {
	c.enter(kActor)
	i := c.n[kActor]
	c.n[kActor]++
	c.id(kActor, i, a.ID, 0)
	switch a.Kind {
	case Person, Organisation, State, ArmedForce:
	default:
		c.add(kActor, a.ID, i, "kind", fmt.Sprintf("unknown actor kind %q", a.Kind), "use person, organisation, state or armed-force")
	}
	if strings.TrimSpace(a.Name) == "" {
		c.add(kActor, a.ID, i, "name", "missing name", "")
	}
	if a.PartOf == a.ID && a.ID != "" {
		c.add(kActor, a.ID, i, "part_of", "an actor cannot be part of itself", "")
	} else {
		c.actorRef(kActor, a.ID, i, "part_of", a.PartOf)
	}
	for j, p := range a.Positions {
		f := fmt.Sprintf("positions[%d]", j)
		if strings.TrimSpace(p.Office) == "" {
			c.add(kActor, a.ID, i, f+".office", "missing office", "")
		}
		c.actorRef(kActor, a.ID, i, f+".of", p.Of)
		if p.From.EDTF.After(p.To.EDTF) && !p.To.EDTF.IsZero() {
			c.add(kActor, a.ID, i, f+".to", "position ends before it starts", "")
		}
		for k, s := range p.Sources {
			c.sourceRef(kActor, a.ID, i, fmt.Sprintf("%s.sources[%d]", f, k), s)
		}
	}
	c.conf(kActor, a.ID, i, a.Confidentiality)
}

// Case checks the case head (once).
func (c *Checker) Case(cs *Case) {
	c.enter(kCase)
	c.n[kCase]++
	if cs.ID == "" {
		c.add(kCase, cs.ID, 0, "id", "missing case id", "")
	} else if !ValidID(cs.ID) {
		c.add(kCase, cs.ID, 0, "id", fmt.Sprintf("id %q is not valid", cs.ID), "use lower-case letters, digits, '-', '_' or '.'")
	}
	if strings.TrimSpace(cs.Title) == "" {
		c.add(kCase, cs.ID, 0, "title", "missing title", "")
	}
	for i, a := range cs.Accused {
		c.actorRef(kCase, cs.ID, 0, fmt.Sprintf("accused[%d]", i), a)
	}
	c.conf(kCase, cs.ID, 0, cs.Confidentiality)
}

// Fact checks the next fact.
func (c *Checker) Fact(f *Fact) {
	c.enter(kFact)
	i := c.n[kFact]
	c.n[kFact]++
	c.id(kFact, i, f.ID, 0)
	if strings.TrimSpace(f.Statement) == "" {
		c.add(kFact, f.ID, i, "statement", "missing statement", "")
	}
	if f.When.IsZero() {
		c.warn(kFact, f.ID, i, "when", "undated fact", "give an EDTF date, uncertain if need be (2024?, 2024-XX, 2024-10/2025-01)")
	}
	for j, r := range f.Actors {
		if r.Actor == "" {
			c.add(kFact, f.ID, i, fmt.Sprintf("actors[%d].actor", j), "missing actor", "")
			continue
		}
		c.actorRef(kFact, f.ID, i, fmt.Sprintf("actors[%d].actor", j), r.Actor)
	}
	if len(f.Excerpts) == 0 {
		c.add(kFact, f.ID, i, "excerpts", "a fact needs at least one excerpt tying it to a source", "")
	}
	for j, e := range f.Excerpts {
		field := fmt.Sprintf("excerpts[%d]", j)
		c.sourceRef(kFact, f.ID, i, field+".source", e.Source)
		switch e.Stance {
		case "", Supports, Contradicts:
		default:
			c.add(kFact, f.ID, i, field+".stance", fmt.Sprintf("unknown stance %q", e.Stance), "supports or contradicts")
		}
		if e.Pinpoint == "" && e.Quote == "" {
			c.add(kFact, f.ID, i, field, "an excerpt needs a pinpoint or a quote", "")
		}
		if e.Capture != "" && !c.known(kCapture, e.Capture) {
			c.add(kFact, f.ID, i, field+".capture", fmt.Sprintf("unknown capture %q", e.Capture), "")
		}
		if wi, ok := c.seen[kSource][e.Source]; ok && e.EffectiveStance() == Supports && !f.When.EDTF.IsZero() && !c.whens[wi].EDTF.IsZero() && f.When.EDTF.After(c.whens[wi].EDTF) {
			issued := c.whens[wi]
			c.add(kFact, f.ID, i, field+".source", fmt.Sprintf("source %q was published %s, before the event it is cited for (%s)", e.Source, issued.Display(), f.When.Display()),
				"a source cannot report what happened after it was published: cite a later source")
		}
	}
	if f.Credibility < 1 || f.Credibility > 6 {
		c.add(kFact, f.ID, i, "credibility", fmt.Sprintf("credibility %d is outside 1–6", f.Credibility), "1 confirmed by other sources … 6 cannot be judged")
	}
	switch f.Review {
	case "", Draft, Reviewed, Approved, Disputed:
	default:
		c.add(kFact, f.ID, i, "review", fmt.Sprintf("unknown review status %q", f.Review), "draft, reviewed, approved or disputed")
	}
	c.conf(kFact, f.ID, i, f.Confidentiality)
	for j := range f.Figures {
		c.figure(f, i, j)
	}
}

func (c *Checker) figure(f *Fact, i, j int) {
	g := &f.Figures[j]
	field := fmt.Sprintf("figures[%d]", j)
	if strings.TrimSpace(g.Measure) == "" {
		c.add(kFact, f.ID, i, field+".measure", "missing measure", "name what is counted, e.g. dprk-troops-deployed")
	}
	if strings.TrimSpace(g.Unit) == "" {
		c.add(kFact, f.ID, i, field+".unit", "missing unit", "e.g. troops, rounds, percent, USD, km")
	}
	switch {
	case g.Value != nil && (g.Min != nil || g.Max != nil):
		c.add(kFact, f.ID, i, field+".value", "give either value or min/max, not both", "")
	case g.Value == nil && g.Min == nil && g.Max == nil:
		c.add(kFact, f.ID, i, field+".value", "missing value", "value: N, or min: and max: for a range")
	case g.Min != nil && g.Max != nil && *g.Min > *g.Max:
		c.add(kFact, f.ID, i, field+".min", fmt.Sprintf("min %g is greater than max %g", *g.Min, *g.Max), "")
	}
	switch g.Qualifier {
	case "", Exact, About, AtLeast, UpTo, Over, Under:
	default:
		c.add(kFact, f.ID, i, field+".qualifier", fmt.Sprintf("unknown qualifier %q", g.Qualifier), "exact, about, at-least, up-to, over or under")
	}
	if g.Source != "" {
		if !c.known(kSource, g.Source) {
			c.add(kFact, f.ID, i, field+".source", fmt.Sprintf("unknown source %q", g.Source), suggest(g.Source, keys(c.seen[kSource])))
		}
	}
}

// Charge checks the next charge.
func (c *Checker) Charge(ch *Charge) {
	c.enter(kCharge)
	i := c.n[kCharge]
	c.n[kCharge]++
	c.id(kCharge, i, ch.ID, 0)
	cp := *ch
	c.charges[ch.ID] = &cp
	if ch.Accused == "" {
		c.add(kCharge, ch.ID, i, "accused", "missing accused", "")
	}
	c.actorRef(kCharge, ch.ID, i, "accused", ch.Accused)
	c.actorRef(kCharge, ch.ID, i, "principal", ch.Principal)
	for _, fld := range []struct{ name, val string }{{"crime", ch.Crime}, {"mode", ch.Mode}, {"forum", ch.Forum}} {
		if fld.val == "" {
			c.add(kCharge, ch.ID, i, fld.name, "missing "+fld.name, "see dossier law")
		}
	}
	if c.law != nil && ch.Crime != "" && ch.Mode != "" && ch.Forum != "" {
		for _, fe := range c.law.CheckCharge(ch) {
			c.add(kCharge, ch.ID, i, fe.Field, fe.Msg, fe.Hint)
		}
	}
}

// Finding checks the next finding.
func (c *Checker) Finding(fd *Finding) {
	c.enter(kFinding)
	i := c.n[kFinding]
	c.n[kFinding]++
	c.id(kFinding, i, fd.ID, 0)
	ch, ok := c.charges[fd.Charge]
	if !ok {
		c.add(kFinding, fd.ID, i, "charge", fmt.Sprintf("unknown charge %q", fd.Charge), suggest(fd.Charge, keys(c.charges)))
	}
	if !c.known(kFact, fd.Fact) {
		c.add(kFinding, fd.ID, i, "fact", fmt.Sprintf("unknown fact %q", fd.Fact), suggest(fd.Fact, keys(c.seen[kFact])))
	}
	switch fd.Stance {
	case Supports, Contradicts:
	default:
		c.add(kFinding, fd.ID, i, "stance", fmt.Sprintf("stance %q is not supports or contradicts", fd.Stance), "")
	}
	if strings.TrimSpace(fd.Reason) == "" {
		c.add(kFinding, fd.ID, i, "reason", "missing reason", "say why the fact bears on the element")
	}
	if ok && c.law != nil {
		set, done := c.elems[ch.ID]
		if !done {
			set = map[string]bool{}
			if es, err := c.law.Elements(ch); err == nil {
				for _, e := range es {
					set[e] = true
				}
			}
			c.elems[ch.ID] = set
		}
		if len(set) > 0 && !set[fd.Element] {
			c.add(kFinding, fd.ID, i, "element", fmt.Sprintf("count %q has no element %q", ch.ID, fd.Element), suggest(fd.Element, keysBool(set)))
		}
	}
}

// Draft checks the next draft.
func (c *Checker) Draft(d *DraftDoc) {
	c.enter(kDraft)
	i := c.n[kDraft]
	c.n[kDraft]++
	c.id(kDraft, i, d.ID, 0)
	if d.Kind == "" {
		c.add(kDraft, d.ID, i, "kind", "missing kind", "indictment, brief or warrant-application")
	}
}

// Problems returns every problem found, errors and warnings, in Validate's order. No record may
// be fed after it.
// HasErrors reports whether the records fed so far have shown an error (a warning is not one).
// References that can only be resolved later (an actor naming a later actor) are not counted
// until then; Problems has the full list.
func (c *Checker) HasErrors() bool { return c.errs > 0 }

func (c *Checker) Problems() []Problem {
	c.enter(-1) // resolves pending references
	var out []Problem
	for s := range nKinds {
		if s != kCase {
			out = append(out, c.ids[s]...)
		}
	}
	out = append(out, c.out[kCase]...)
	for s := range nKinds {
		if s != kCase {
			out = append(out, c.out[s]...)
		}
	}
	return out
}
