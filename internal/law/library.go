package law

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Library is the whole law library: instruments, crimes, modes of liability, forums, standards of proof,
// authorities and means of proof, with indexes for lookups.
type Library struct {
	Instruments []*Instrument   `json:"instruments"`
	Crimes      []*Crime        `json:"crimes"`
	Modes       []*Mode         `json:"modes"`
	Forums      []*Forum        `json:"forums"`
	Standards   []*Standard     `json:"standards"`
	Authorities []*Authority    `json:"authorities"`
	Means       []*MeansOfProof `json:"means_of_proof"`

	instruments map[string]*Instrument
	provisions  map[string]*Provision
	labels      map[string]string // normalised label/citation -> path
	crimes      map[string]*Crime
	modes       map[string]*Mode
	forums      map[string]*Forum
	standards   map[string]*Standard
	authorities map[string]*Authority
	means       map[string]*MeansOfProof
	elements    map[string]*Element
	owners      map[string]string // element id -> crime/mode/forum id
	def         *Instrument
}

var (
	idRe      = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	segRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	typeOK    = map[string]bool{TypeConduct: true, TypeCircumstance: true, TypeConsequence: true, TypeMental: true, TypeJurisdiction: true}
	reliabOK  = map[string]bool{PrimaryExtract: true, SecondaryQuote: true, Digest: true, SecondaryReport: true}
	immuneOK  = map[string]bool{ImmunityNoBar: true, ImmunityBarsWhileInOffice: true, ImmunityTrialDeferred: true}
	statusOK  = map[string]bool{"": true, "in-force": true, "deleted": true, "non-binding": true, "not-found": true}
	selectors = map[string]bool{"principal:*": true, "principal:conduct": true, "principal:circumstance": true, "principal:consequence": true, "principal:mental": true}
)

type checker struct{ errs []error }

func (c *checker) add(p Pos, field, problem, hint string) {
	c.errs = append(c.errs, &Error{File: p.File, Line: p.at(lastKey(field)), Field: field, Problem: problem, Hint: hint})
}

func lastKey(field string) string {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	return field
}

// index builds the lookup maps and validates the library; it returns every problem found.
func (l *Library) index() error {
	c := &checker{}
	l.instruments = map[string]*Instrument{}
	l.provisions = map[string]*Provision{}
	l.labels = map[string]string{}
	l.crimes = map[string]*Crime{}
	l.modes = map[string]*Mode{}
	l.forums = map[string]*Forum{}
	l.standards = map[string]*Standard{}
	l.authorities = map[string]*Authority{}
	l.means = map[string]*MeansOfProof{}
	l.elements = map[string]*Element{}
	l.owners = map[string]string{}

	// Pass 1: identities.
	for _, in := range l.Instruments {
		if !idRe.MatchString(in.ID) {
			c.add(in.Pos, "id", fmt.Sprintf("bad instrument id %q", in.ID), "lower-case letters, digits, '-' and '.'")
			continue
		}
		if prev, dup := l.instruments[in.ID]; dup {
			c.add(in.Pos, "id", fmt.Sprintf("duplicate instrument %q", in.ID), fmt.Sprintf("first defined at %s:%d", prev.Pos.File, prev.Pos.Line))
			continue
		}
		l.instruments[in.ID] = in
		if in.Default {
			if l.def != nil {
				c.add(in.Pos, "default", "more than one default instrument", "also "+l.def.ID)
			}
			l.def = in
		}
		if in.Title == "" {
			c.add(in.Pos, "title", "missing", "")
		}
		if !statusOK[in.Status] {
			c.add(in.Pos, "status", fmt.Sprintf("unknown status %q", in.Status), "in-force, deleted, non-binding or not-found")
		}
		if len(in.Sources) == 0 {
			c.add(in.Pos, "sources", "missing", "every instrument names where its text was copied from")
		}
		if in.Units != nil {
			if _, _, err := parseRange(in.Units.Range); err != nil {
				c.add(in.Units.Pos, "units.range", err.Error(), "e.g. 1-128")
			}
		}
		for _, p := range in.Provisions {
			p.Instrument = in
			p.Path = in.ID + "/" + p.Rel
			for _, seg := range strings.Split(p.Rel, "/") {
				if !segRe.MatchString(seg) {
					c.add(p.Pos, "path", fmt.Sprintf("bad path %q", p.Rel), "segments of lower-case letters and digits separated by '/', e.g. 25/3/c or 8bis/2/a")
					break
				}
			}
			if prev, dup := l.provisions[p.Path]; dup {
				c.add(p.Pos, "path", fmt.Sprintf("duplicate provision %q", p.Path), fmt.Sprintf("first defined at %s:%d", prev.Pos.File, prev.Pos.Line))
				continue
			}
			if !statusOK[p.Status] {
				c.add(p.Pos, "status", fmt.Sprintf("unknown status %q", p.Status), "in-force or deleted")
			}
			if p.Label == "" {
				p.Label = in.LabelPrefix + refForm(p.Rel)
			}
			if p.Citation == "" {
				if strings.HasPrefix(p.Label, in.LabelPrefix) && in.LabelPrefix != "" {
					p.Citation = in.CitationPrefix + strings.TrimPrefix(p.Label, in.LabelPrefix)
				} else {
					p.Citation = p.Label
				}
			}
			if p.Text != "" && p.Source == "" {
				c.add(p.Pos, "source", "text without a source", "name the file or page the text was copied from")
			}
			if p.Unverified && p.Note == "" {
				c.add(p.Pos, "note", "unverified provision without a note", "say what was (not) found")
			}
			l.provisions[p.Path] = p
			l.labels[normLabel(p.Label)] = p.Path
			l.labels[normLabel(p.Citation)] = p.Path
		}
	}
	for _, a := range l.Authorities {
		if !idRe.MatchString(a.ID) {
			c.add(a.Pos, "id", fmt.Sprintf("bad authority id %q", a.ID), "")
			continue
		}
		if _, dup := l.authorities[a.ID]; dup {
			c.add(a.Pos, "id", fmt.Sprintf("duplicate authority %q", a.ID), "")
			continue
		}
		l.authorities[a.ID] = a
		if !reliabOK[a.Reliability] {
			c.add(a.Pos, "reliability", fmt.Sprintf("unknown reliability %q", a.Reliability), "PRIMARY-EXTRACT, SECONDARY-QUOTE, DIGEST or SECONDARY-REPORT")
		}
		if a.Text == "" || a.Source == "" {
			c.add(a.Pos, "text", "an authority needs text and source", "")
		}
	}
	for _, m := range l.Means {
		if !idRe.MatchString(m.ID) {
			c.add(m.Pos, "id", fmt.Sprintf("bad means-of-proof id %q", m.ID), "")
			continue
		}
		if _, dup := l.means[m.ID]; dup {
			c.add(m.Pos, "id", fmt.Sprintf("duplicate means of proof %q", m.ID), "")
		}
		l.means[m.ID] = m
	}
	ranks := map[int]string{}
	for _, s := range l.Standards {
		if s.Stage == "" {
			c.add(s.Pos, "stage", "missing", "")
			continue
		}
		if _, dup := l.standards[s.Stage]; dup {
			c.add(s.Pos, "stage", fmt.Sprintf("duplicate stage %q", s.Stage), "")
			continue
		}
		l.standards[s.Stage] = s
		if s.Rank <= 0 {
			c.add(s.Pos, "rank", "rank must be a positive number", "1 is the lowest standard")
		} else if prev, dup := ranks[s.Rank]; dup {
			c.add(s.Pos, "rank", fmt.Sprintf("rank %d also used by stage %q", s.Rank, prev), "ranks order the standards")
		}
		ranks[s.Rank] = s.Stage
	}
	regElem := func(e *Element, owner string) {
		if !idRe.MatchString(e.ID) {
			c.add(e.Pos, "id", fmt.Sprintf("bad element id %q", e.ID), "stable ids like aggression.icc.e1")
			return
		}
		if prev, dup := l.owners[e.ID]; dup {
			c.add(e.Pos, "id", fmt.Sprintf("duplicate element id %q", e.ID), "also in "+prev)
			return
		}
		l.elements[e.ID] = e
		l.owners[e.ID] = owner
	}
	issueIDs := map[string]bool{}
	regIssue := func(is *Issue) {
		if !idRe.MatchString(is.ID) || issueIDs[is.ID] {
			c.add(is.Pos, "id", fmt.Sprintf("bad or duplicate issue id %q", is.ID), "")
		}
		issueIDs[is.ID] = true
	}
	for _, cr := range l.Crimes {
		if !idRe.MatchString(cr.ID) {
			c.add(cr.Pos, "id", fmt.Sprintf("bad crime id %q", cr.ID), "")
			continue
		}
		if _, dup := l.crimes[cr.ID]; dup {
			c.add(cr.Pos, "id", fmt.Sprintf("duplicate crime %q", cr.ID), "")
			continue
		}
		l.crimes[cr.ID] = cr
		for _, e := range cr.Elements {
			regElem(e, "crime "+cr.ID)
		}
		for _, e := range cr.ParticipantElements {
			regElem(e, "crime "+cr.ID)
		}
		for _, is := range cr.Issues {
			regIssue(is)
		}
	}
	for _, m := range l.Modes {
		if !idRe.MatchString(m.ID) {
			c.add(m.Pos, "id", fmt.Sprintf("bad mode id %q", m.ID), "")
			continue
		}
		if _, dup := l.modes[m.ID]; dup {
			c.add(m.Pos, "id", fmt.Sprintf("duplicate mode %q", m.ID), "")
			continue
		}
		l.modes[m.ID] = m
		for _, e := range m.Elements {
			regElem(e, "mode "+m.ID)
		}
		for _, is := range m.Issues {
			regIssue(is)
		}
	}
	for _, f := range l.Forums {
		if !idRe.MatchString(f.ID) {
			c.add(f.Pos, "id", fmt.Sprintf("bad forum id %q", f.ID), "")
			continue
		}
		if _, dup := l.forums[f.ID]; dup {
			c.add(f.Pos, "id", fmt.Sprintf("duplicate forum %q", f.ID), "")
			continue
		}
		l.forums[f.ID] = f
		for _, p := range f.Preconditions {
			regElem(&p.Element, "forum "+f.ID)
		}
		for _, is := range f.Issues {
			regIssue(is)
		}
	}

	// Pass 2: references and quotations.
	for _, p := range l.provisions {
		for i, fn := range p.Footnotes {
			l.needProvision(c, p.Pos, fmt.Sprintf("footnotes[%d]", i), fn)
		}
	}
	for _, s := range l.Standards {
		l.needProvision(c, s.Pos, "provision", s.Provision)
		l.checkQuote(c, s.Pos, s.Text, s.QuotedFrom, s.Unverified, s.Note)
	}
	for _, cr := range l.Crimes {
		if cr.Instrument != "" && l.instruments[cr.Instrument] == nil {
			c.add(cr.Pos, "instrument", fmt.Sprintf("unknown instrument %q", cr.Instrument), l.hintIDs("instruments"))
		}
		if cr.Definition != "" {
			l.needProvision(c, cr.Pos, "definition", cr.Definition)
		}
		l.needProvisions(c, cr.Pos, "provisions", cr.Provisions)
		l.needProvisions(c, cr.Pos, "notes", cr.Notes)
		if cr.Unverified && cr.Note == "" {
			c.add(cr.Pos, "note", "unverified crime without a note", "")
		}
		if len(cr.Elements) == 0 {
			c.add(cr.Pos, "elements", "a crime needs elements", "")
		}
		for _, a := range cr.Acts {
			l.needProvision(c, a.Pos, "provision", a.Provision)
		}
		for _, e := range cr.Elements {
			l.checkElement(c, e, false)
		}
		for _, e := range cr.ParticipantElements {
			l.checkElement(c, e, false)
		}
		for _, e := range cr.Elements {
			if len(e.AppliesToModes) > 0 {
				c.add(e.Pos, "applies_to_modes", "only participant elements are limited to modes", "")
			}
		}
		for _, is := range cr.Issues {
			l.checkIssue(c, is)
		}
	}
	for _, m := range l.Modes {
		if m.Instrument != "" && l.instruments[m.Instrument] == nil {
			c.add(m.Pos, "instrument", fmt.Sprintf("unknown instrument %q", m.Instrument), l.hintIDs("instruments"))
		}
		if m.Provision != "" {
			l.needProvision(c, m.Pos, "provision", m.Provision)
		}
		l.needProvisions(c, m.Pos, "provisions", m.Provisions)
		if len(m.Elements) == 0 {
			c.add(m.Pos, "elements", "a mode of liability needs elements", "")
		}
		for _, e := range m.Elements {
			l.checkElement(c, e, true)
		}
		for _, is := range m.Issues {
			l.checkIssue(c, is)
		}
	}
	for _, f := range l.Forums {
		for i, id := range f.Instruments {
			if l.instruments[id] == nil {
				c.add(f.Pos, fmt.Sprintf("instruments[%d]", i), fmt.Sprintf("unknown instrument %q", id), l.hintIDs("instruments"))
			}
		}
		for i, id := range f.Crimes {
			if l.crimes[id] == nil {
				c.add(f.Pos, fmt.Sprintf("crimes[%d]", i), fmt.Sprintf("unknown crime %q", id), l.hintIDs("crimes"))
			}
		}
		for i, id := range f.Modes {
			if l.modes[id] == nil {
				c.add(f.Pos, fmt.Sprintf("modes[%d]", i), fmt.Sprintf("unknown mode %q", id), l.hintIDs("modes"))
			}
		}
		for i, st := range f.Standards {
			if l.standards[st] == nil {
				c.add(f.Pos, fmt.Sprintf("standards[%d]", i), fmt.Sprintf("unknown standard %q", st), l.hintIDs("standards"))
			}
		}
		l.needAuthorities(c, f.Pos, "authorities", f.Authorities)
		if f.Unverified && f.Note == "" {
			c.add(f.Pos, "note", "unverified forum without a note", "")
		}
		for _, p := range f.Preconditions {
			l.checkElement(c, &p.Element, false)
			if p.Type != TypeJurisdiction {
				c.add(p.Pos, "type", "a precondition has type jurisdiction", "")
			}
			for i, id := range p.AppliesTo {
				if l.crimes[id] == nil {
					c.add(p.Pos, fmt.Sprintf("applies_to[%d]", i), fmt.Sprintf("unknown crime %q", id), l.hintIDs("crimes"))
				}
			}
		}
		if im := f.Immunity; im != nil {
			if !immuneOK[im.Rule] {
				c.add(im.Pos, "rule", fmt.Sprintf("unknown immunity rule %q", im.Rule), "no-bar, bars-while-in-office or no-immunity-trial-deferred")
			}
			l.checkQuote(c, im.Pos, im.Text, im.QuotedFrom, im.Unverified, im.Note)
			l.needProvisions(c, im.Pos, "provisions", im.Provisions)
			l.needAuthorities(c, im.Pos, "authorities", im.Authorities)
		}
		for _, s := range f.States {
			if s.Code == "" || s.State == "" {
				c.add(s.Pos, "code", "a state entry needs state and code", "")
			}
			if !s.Unverified && s.Source == "" {
				c.add(s.Pos, "source", "a verified state entry needs a source", "or mark it unverified: true with a note")
			}
		}
		for _, is := range f.Issues {
			l.checkIssue(c, is)
		}
	}
	if len(c.errs) > 0 {
		return errors.Join(c.errs...)
	}
	return nil
}

func (l *Library) checkElement(c *checker, e *Element, inMode bool) {
	if !typeOK[e.Type] {
		c.add(e.Pos, "type", fmt.Sprintf("unknown element type %q", e.Type), "conduct, circumstance, consequence, mental or jurisdiction")
	}
	if e.Text == "" {
		c.add(e.Pos, "text", "missing", "")
	}
	if e.ParaphraseOf != "" {
		// dossier's wording of the provision's condition: not a quotation, so not checked word for
		// word; the provision must exist and carry its own verbatim text
		if e.QuotedFrom != "" {
			c.add(e.Pos, "quoted_from", "an element is either quoted (quoted_from) or a paraphrase (paraphrase_of), not both", "")
		}
		if pr := l.provisions[e.ParaphraseOf]; pr == nil {
			c.add(e.Pos, "paraphrase_of", fmt.Sprintf("unknown provision %q", e.ParaphraseOf), l.suggestProvision(e.ParaphraseOf))
		} else if pr.Text == "" && !e.Unverified {
			c.add(e.Pos, "paraphrase_of", fmt.Sprintf("%s carries no text to paraphrase", e.ParaphraseOf), "name the paragraph whose words are paraphrased")
		}
		if e.Unverified && e.Note == "" {
			c.add(e.Pos, "note", "unverified wording without a note", "say why it is unverified and where to check it")
		}
	} else {
		l.checkQuote(c, e.Pos, e.Text, e.QuotedFrom, e.Unverified, e.Note)
	}
	for i, id := range e.AppliesToModes {
		if l.modes[id] == nil {
			c.add(e.Pos, fmt.Sprintf("applies_to_modes[%d]", i), fmt.Sprintf("unknown mode %q", id), l.hintIDs("modes"))
		}
	}
	l.needProvisions(c, e.Pos, "provisions", e.Provisions)
	l.needProvisions(c, e.Pos, "notes", e.Notes)
	l.needAuthorities(c, e.Pos, "authorities", e.Authorities)
	for i, m := range e.Means {
		if l.means[m] == nil {
			c.add(e.Pos, fmt.Sprintf("means[%d]", i), fmt.Sprintf("unknown means of proof %q", m), l.hintIDs("means"))
		}
	}
	for i, r := range e.RelatesTo {
		if !selectors[r] && l.elements[r] == nil {
			c.add(e.Pos, fmt.Sprintf("relates_to[%d]", i), fmt.Sprintf("unknown element or selector %q", r), "an element id or principal:*, principal:conduct, principal:circumstance, principal:consequence, principal:mental")
		}
	}
	if !inMode && len(e.RelatesTo) > 0 && e.Type != TypeJurisdiction {
		c.add(e.Pos, "relates_to", "only elements of modes of liability relate to a principal crime", "")
	}
}

// checkQuote verifies that a verified text is quoted word for word from the provision or authority it names.
func (l *Library) checkQuote(c *checker, p Pos, text, from string, unverified bool, note string) {
	if unverified {
		if note == "" {
			c.add(p, "note", "unverified wording without a note", "say why it is unverified and where to check it")
		}
		if from != "" {
			l.needSource(c, p, from)
		}
		return
	}
	if text == "" {
		return
	}
	if from == "" {
		c.add(p, "quoted_from", "verified text without quoted_from", "name the provision or authority it is quoted from, or mark it unverified: true")
		return
	}
	src, ok := l.needSource(c, p, from)
	if !ok {
		return
	}
	if !strings.Contains(NormalizeText(src), NormalizeText(text)) {
		c.add(p, "text", fmt.Sprintf("text is not quoted word for word from %s", from), "copy the wording exactly, or mark it unverified: true with a note")
	}
}

func (l *Library) needSource(c *checker, p Pos, from string) (string, bool) {
	if pr := l.provisions[from]; pr != nil {
		if pr.Unverified {
			c.add(p, "quoted_from", fmt.Sprintf("%s is unverified; a text quoted from it must be unverified too", from), "")
		}
		return pr.Text, true
	}
	if a := l.authorities[from]; a != nil {
		return a.Text, true
	}
	c.add(p, "quoted_from", fmt.Sprintf("unknown provision or authority %q", from), l.suggestProvision(from))
	return "", false
}

func (l *Library) checkIssue(c *checker, is *Issue) {
	if is.Title == "" || is.Description == "" {
		c.add(is.Pos, "description", "an issue needs title and description", "")
	}
	l.needProvisions(c, is.Pos, "provisions", is.Provisions)
	l.needAuthorities(c, is.Pos, "authorities", is.Authorities)
}

func (l *Library) needProvision(c *checker, p Pos, field, path string) {
	if l.provisions[path] == nil {
		c.add(p, field, fmt.Sprintf("unknown provision %q", path), l.suggestProvision(path))
	}
}

func (l *Library) needProvisions(c *checker, p Pos, field string, paths []string) {
	for i, path := range paths {
		l.needProvision(c, p, fmt.Sprintf("%s[%d]", field, i), path)
	}
}

func (l *Library) needAuthorities(c *checker, p Pos, field string, ids []string) {
	for i, id := range ids {
		if l.authorities[id] == nil {
			c.add(p, fmt.Sprintf("%s[%d]", field, i), fmt.Sprintf("unknown authority %q", id), "")
		}
	}
}

func (l *Library) suggestProvision(path string) string {
	if _, err := l.ParseProvisionRef(path); err != nil {
		var re *RefError
		if errors.As(err, &re) && re.Suggestion != "" {
			return "did you mean " + re.Suggestion + "?"
		}
	}
	return "provision paths look like rome-statute/25/3/c"
}

func (l *Library) hintIDs(kind string) string {
	var ids []string
	switch kind {
	case "instruments":
		for id := range l.instruments {
			ids = append(ids, id)
		}
	case "crimes":
		for id := range l.crimes {
			ids = append(ids, id)
		}
	case "modes":
		for id := range l.modes {
			ids = append(ids, id)
		}
	case "standards":
		for id := range l.standards {
			ids = append(ids, id)
		}
	case "means":
		for id := range l.means {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if len(ids) > 12 {
		ids = append(ids[:12], "...")
	}
	return "known: " + strings.Join(ids, ", ")
}

// Instrument returns the instrument with the given id.
func (l *Library) Instrument(id string) (*Instrument, bool) {
	in, ok := l.instruments[id]
	return in, ok
}

// Provision returns the provision at a canonical path such as "rome-statute/25/3/c".
func (l *Library) Provision(path string) (*Provision, bool) {
	p, ok := l.provisions[path]
	return p, ok
}

// Crime returns the crime definition with the given id (e.g. "aggression.icc").
func (l *Library) Crime(id string) (*Crime, bool) { c, ok := l.crimes[id]; return c, ok }

// Mode returns the mode of liability with the given id (e.g. "aid-abet.icc").
func (l *Library) Mode(id string) (*Mode, bool) { m, ok := l.modes[id]; return m, ok }

// Forum returns the forum with the given id (e.g. "icc").
func (l *Library) Forum(id string) (*Forum, bool) { f, ok := l.forums[id]; return f, ok }

// Standard returns the standard of proof for a stage ("warrant", "confirmation", "trial").
func (l *Library) Standard(stage string) (*Standard, bool) { s, ok := l.standards[stage]; return s, ok }

// Authority returns the authority with the given id.
func (l *Library) Authority(id string) (*Authority, bool) { a, ok := l.authorities[id]; return a, ok }

// MeansOfProof returns the means of proof with the given id.
func (l *Library) MeansOfProof(id string) (*MeansOfProof, bool) { m, ok := l.means[id]; return m, ok }

// Element returns any element (of a crime, a mode or a forum precondition) by its stable id, and the id of what
// it belongs to ("crime aggression.icc", "mode aid-abet.icc", "forum icc").
func (l *Library) Element(id string) (e *Element, owner string, ok bool) {
	e, ok = l.elements[id]
	return e, l.owners[id], ok
}

// Precondition returns a forum precondition by id.
func (l *Library) Precondition(id string) (*Precondition, bool) {
	for _, f := range l.Forums {
		for _, p := range f.Preconditions {
			if p.ID == id {
				return p, true
			}
		}
	}
	return nil, false
}

// Provisions returns every provision's canonical path, sorted, so that callers can check existence.
func (l *Library) Provisions() []string {
	out := make([]string, 0, len(l.provisions))
	for p := range l.provisions {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Canonical returns the printed label of a provision path ("rome-statute/25/3/c" -> "Article 25(3)(c)";
// "rome-statute/8bis/2/a" -> "Article 8 bis(2)(a)"), with " [unverified]" when its wording is unverified.
// For a path that is not carried it computes the label from the instrument's prefix; for an unknown instrument
// it returns "".
func (l *Library) Canonical(path string) string {
	if p := l.provisions[path]; p != nil {
		return p.String()
	}
	id, rel, ok := strings.Cut(path, "/")
	in := l.instruments[id]
	if in == nil || !ok {
		return ""
	}
	return in.LabelPrefix + refForm(rel)
}

// Citation returns the citation form of a provision ("Rome Statute, art. 25(3)(c)"), flagged when unverified.
func (l *Library) Citation(path string) string {
	if p := l.provisions[path]; p != nil {
		return flag(p.Citation, p.Unverified)
	}
	id, rel, ok := strings.Cut(path, "/")
	in := l.instruments[id]
	if in == nil || !ok {
		return ""
	}
	return in.CitationPrefix + refForm(rel)
}

// refForm renders a relative path "8bis/2/a" as "8 bis(2)(a)".
func refForm(rel string) string {
	segs := strings.Split(rel, "/")
	var b strings.Builder
	for i, s := range segs {
		s = spaceSuffix(s)
		if i == 0 {
			b.WriteString(s)
		} else {
			b.WriteString("(" + s + ")")
		}
	}
	return b.String()
}

var suffixRe = regexp.MustCompile(`^([0-9]+)(bis|ter|quater)$`)

func spaceSuffix(s string) string {
	if m := suffixRe.FindStringSubmatch(s); m != nil {
		return m[1] + " " + m[2]
	}
	return s
}
