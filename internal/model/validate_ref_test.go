package model

// refValidate is Validate as it was before Checker (whole-bundle maps of records), kept as the
// reference for the differential test in check_test.go.

import (
	"fmt"
	"strings"
)

type refValidator struct {
	probs []Problem
}

func (v *refValidator) add(k Kind, id string, idx int, field, msg, hint string) {
	v.probs = append(v.probs, Problem{Kind: k, ID: id, Index: idx, Field: field, Msg: msg, Hint: hint})
}

func (v *refValidator) warn(k Kind, id string, idx int, field, msg, hint string) {
	v.probs = append(v.probs, Problem{Kind: k, ID: id, Index: idx, Field: field, Msg: msg, Hint: hint, Warning: true})
}

// Validate checks a whole case and returns every problem found, errors and warnings, in a stable
// order. law may be nil.
func refValidate(b *Bundle, law ChargeChecker) []Problem {
	v := &refValidator{}
	actors := map[string]*Actor{}
	sources := map[string]*Source{}
	facts := map[string]*Fact{}
	charges := map[string]*Charge{}
	captures := map[string]bool{}

	ids := func(k Kind, idx int, id string, seen map[string]bool) {
		switch {
		case id == "":
			v.add(k, id, idx, "id", "missing id", "every record needs a unique id")
		case !ValidID(id):
			v.add(k, id, idx, "id", fmt.Sprintf("id %q is not valid", id), "use lower-case letters, digits, '-', '_' or '.'")
		case seen[id]:
			v.add(k, id, idx, "id", fmt.Sprintf("duplicate id %q", id), "ids must be unique within their kind")
		}
		seen[id] = true
	}

	seen := map[string]bool{}
	for i := range b.Actors {
		a := &b.Actors[i]
		ids(KindActor, i, a.ID, seen)
		actors[a.ID] = a
	}
	seen = map[string]bool{}
	for i := range b.Sources {
		s := &b.Sources[i]
		ids(KindSource, i, s.ID, seen)
		sources[s.ID] = s
	}
	seen = map[string]bool{}
	for i := range b.Captures {
		ids(KindCapture, i, b.Captures[i].ID, seen)
		captures[b.Captures[i].ID] = true
	}
	seen = map[string]bool{}
	for i := range b.Facts {
		ids(KindFact, i, b.Facts[i].ID, seen)
		facts[b.Facts[i].ID] = &b.Facts[i]
	}
	seen = map[string]bool{}
	for i := range b.Charges {
		ids(KindCharge, i, b.Charges[i].ID, seen)
		charges[b.Charges[i].ID] = &b.Charges[i]
	}
	seen = map[string]bool{}
	for i := range b.Findings {
		ids(KindFinding, i, b.Findings[i].ID, seen)
	}
	seen = map[string]bool{}
	for i := range b.Drafts {
		ids(KindDraft, i, b.Drafts[i].ID, seen)
	}

	actorRef := func(k Kind, id string, idx int, field, ref string) {
		if ref == "" {
			return
		}
		if _, ok := actors[ref]; !ok {
			v.add(k, id, idx, field, fmt.Sprintf("unknown actor %q", ref), suggest(ref, keys(actors)))
		}
	}
	sourceRef := func(k Kind, id string, idx int, field, ref string) {
		if ref == "" {
			v.add(k, id, idx, field, "missing source", "name the id of a source in sources.yaml")
			return
		}
		if _, ok := sources[ref]; !ok {
			v.add(k, id, idx, field, fmt.Sprintf("unknown source %q", ref), suggest(ref, keys(sources)))
		}
	}
	conf := func(k Kind, id string, idx int, c Confidentiality) {
		if c.Rank() > 2 {
			v.add(k, id, idx, "confidentiality", fmt.Sprintf("unknown level %q", c), "use public, restricted or confidential")
		}
	}

	// Case.
	c := &b.Case
	if c.ID == "" {
		v.add(KindCase, c.ID, 0, "id", "missing case id", "")
	} else if !ValidID(c.ID) {
		v.add(KindCase, c.ID, 0, "id", fmt.Sprintf("id %q is not valid", c.ID), "use lower-case letters, digits, '-', '_' or '.'")
	}
	if strings.TrimSpace(c.Title) == "" {
		v.add(KindCase, c.ID, 0, "title", "missing title", "")
	}
	for i, a := range c.Accused {
		actorRef(KindCase, c.ID, 0, fmt.Sprintf("accused[%d]", i), a)
	}
	conf(KindCase, c.ID, 0, c.Confidentiality)

	// Actors.
	for i := range b.Actors {
		a := &b.Actors[i]
		switch a.Kind {
		case Person, Organisation, State, ArmedForce:
		default:
			v.add(KindActor, a.ID, i, "kind", fmt.Sprintf("unknown actor kind %q", a.Kind), "use person, organisation, state or armed-force")
		}
		if strings.TrimSpace(a.Name) == "" {
			v.add(KindActor, a.ID, i, "name", "missing name", "")
		}
		if a.PartOf == a.ID && a.ID != "" {
			v.add(KindActor, a.ID, i, "part_of", "an actor cannot be part of itself", "")
		} else {
			actorRef(KindActor, a.ID, i, "part_of", a.PartOf)
		}
		for j, p := range a.Positions {
			f := fmt.Sprintf("positions[%d]", j)
			if strings.TrimSpace(p.Office) == "" {
				v.add(KindActor, a.ID, i, f+".office", "missing office", "")
			}
			actorRef(KindActor, a.ID, i, f+".of", p.Of)
			if p.From.EDTF.After(p.To.EDTF) && !p.To.EDTF.IsZero() {
				v.add(KindActor, a.ID, i, f+".to", "position ends before it starts", "")
			}
			for k, s := range p.Sources {
				sourceRef(KindActor, a.ID, i, fmt.Sprintf("%s.sources[%d]", f, k), s)
			}
		}
		conf(KindActor, a.ID, i, a.Confidentiality)
	}

	// Sources.
	for i := range b.Sources {
		s := &b.Sources[i]
		if !knownSourceKind(s.Kind) {
			v.add(KindSource, s.ID, i, "kind", fmt.Sprintf("unknown source kind %q", s.Kind), "use one of "+joinKinds())
		}
		if strings.TrimSpace(s.Title) == "" {
			v.add(KindSource, s.ID, i, "title", "missing title", "")
		}
		if s.URL != "" {
			if msg := CheckURL(s.URL); msg != "" {
				v.add(KindSource, s.ID, i, "URL", msg, "record the defect under problems and give the corrected URL")
			}
		}
		if s.Reliability != "" && (len(s.Reliability) != 1 || s.Reliability[0] < 'A' || s.Reliability[0] > 'F') {
			v.add(KindSource, s.ID, i, "reliability", fmt.Sprintf("reliability %q is not a grade A–F", s.Reliability), "A completely reliable … F cannot be judged")
		}
		if !s.Accessed.EDTF.IsZero() && !s.Issued.EDTF.IsZero() && s.Accessed.EDTF.Before(s.Issued.EDTF) {
			v.add(KindSource, s.ID, i, "accessed", "accessed before it was issued", "")
		}
		conf(KindSource, s.ID, i, s.Confidentiality)
	}

	// Captures.
	for i := range b.Captures {
		cp := &b.Captures[i]
		if cp.Source != "" {
			sourceRef(KindCapture, cp.ID, i, "source", cp.Source)
		}
		if !isHex64(cp.SHA256) {
			v.add(KindCapture, cp.ID, i, "sha256", "not a SHA-256 hex digest", "64 lower-case hex digits")
		}
	}

	// Facts.
	for i := range b.Facts {
		f := &b.Facts[i]
		if strings.TrimSpace(f.Statement) == "" {
			v.add(KindFact, f.ID, i, "statement", "missing statement", "")
		}
		if f.When.IsZero() {
			v.warn(KindFact, f.ID, i, "when", "undated fact", "give an EDTF date, uncertain if need be (2024?, 2024-XX, 2024-10/2025-01)")
		}
		for j, r := range f.Actors {
			if r.Actor == "" {
				v.add(KindFact, f.ID, i, fmt.Sprintf("actors[%d].actor", j), "missing actor", "")
				continue
			}
			actorRef(KindFact, f.ID, i, fmt.Sprintf("actors[%d].actor", j), r.Actor)
		}
		if len(f.Excerpts) == 0 {
			v.add(KindFact, f.ID, i, "excerpts", "a fact needs at least one excerpt tying it to a source", "")
		}
		for j, e := range f.Excerpts {
			field := fmt.Sprintf("excerpts[%d]", j)
			sourceRef(KindFact, f.ID, i, field+".source", e.Source)
			switch e.Stance {
			case "", Supports, Contradicts:
			default:
				v.add(KindFact, f.ID, i, field+".stance", fmt.Sprintf("unknown stance %q", e.Stance), "supports or contradicts")
			}
			if e.Pinpoint == "" && e.Quote == "" {
				v.add(KindFact, f.ID, i, field, "an excerpt needs a pinpoint or a quote", "")
			}
			if e.Capture != "" && !captures[e.Capture] {
				v.add(KindFact, f.ID, i, field+".capture", fmt.Sprintf("unknown capture %q", e.Capture), "")
			}
			if s, ok := sources[e.Source]; ok && e.EffectiveStance() == Supports && !f.When.EDTF.IsZero() && !s.Issued.EDTF.IsZero() && f.When.EDTF.After(s.Issued.EDTF) {
				v.add(KindFact, f.ID, i, field+".source", fmt.Sprintf("source %q was published %s, before the event it is cited for (%s)", e.Source, s.Issued.Display(), f.When.Display()),
					"a source cannot report what happened after it was published: cite a later source")
			}
		}
		if f.Credibility < 1 || f.Credibility > 6 {
			v.add(KindFact, f.ID, i, "credibility", fmt.Sprintf("credibility %d is outside 1–6", f.Credibility), "1 confirmed by other sources … 6 cannot be judged")
		}
		switch f.Review {
		case "", Draft, Reviewed, Approved, Disputed:
		default:
			v.add(KindFact, f.ID, i, "review", fmt.Sprintf("unknown review status %q", f.Review), "draft, reviewed, approved or disputed")
		}
		conf(KindFact, f.ID, i, f.Confidentiality)
		for j := range f.Figures {
			refValidateFigure(v, f, i, j, sources)
		}
	}

	// Charges.
	for i := range b.Charges {
		ch := &b.Charges[i]
		if ch.Accused == "" {
			v.add(KindCharge, ch.ID, i, "accused", "missing accused", "")
		}
		actorRef(KindCharge, ch.ID, i, "accused", ch.Accused)
		actorRef(KindCharge, ch.ID, i, "principal", ch.Principal)
		for _, fld := range []struct{ name, val string }{{"crime", ch.Crime}, {"mode", ch.Mode}, {"forum", ch.Forum}} {
			if fld.val == "" {
				v.add(KindCharge, ch.ID, i, fld.name, "missing "+fld.name, "see dossier law")
			}
		}
		if law != nil && ch.Crime != "" && ch.Mode != "" && ch.Forum != "" {
			for _, fe := range law.CheckCharge(ch) {
				v.add(KindCharge, ch.ID, i, fe.Field, fe.Msg, fe.Hint)
			}
		}
	}

	// Findings.
	elems := map[string]map[string]bool{}
	for i := range b.Findings {
		fd := &b.Findings[i]
		ch, ok := charges[fd.Charge]
		if !ok {
			v.add(KindFinding, fd.ID, i, "charge", fmt.Sprintf("unknown charge %q", fd.Charge), suggest(fd.Charge, keys(charges)))
		}
		if _, ok := facts[fd.Fact]; !ok {
			v.add(KindFinding, fd.ID, i, "fact", fmt.Sprintf("unknown fact %q", fd.Fact), suggest(fd.Fact, keys(facts)))
		}
		switch fd.Stance {
		case Supports, Contradicts:
		default:
			v.add(KindFinding, fd.ID, i, "stance", fmt.Sprintf("stance %q is not supports or contradicts", fd.Stance), "")
		}
		if strings.TrimSpace(fd.Reason) == "" {
			v.add(KindFinding, fd.ID, i, "reason", "missing reason", "say why the fact bears on the element")
		}
		if ok && law != nil {
			set, done := elems[ch.ID]
			if !done {
				set = map[string]bool{}
				if es, err := law.Elements(ch); err == nil {
					for _, e := range es {
						set[e] = true
					}
				}
				elems[ch.ID] = set
			}
			if len(set) > 0 && !set[fd.Element] {
				v.add(KindFinding, fd.ID, i, "element", fmt.Sprintf("count %q has no element %q", ch.ID, fd.Element), suggest(fd.Element, keysBool(set)))
			}
		}
	}

	// Drafts.
	for i := range b.Drafts {
		d := &b.Drafts[i]
		if d.Kind == "" {
			v.add(KindDraft, d.ID, i, "kind", "missing kind", "indictment, brief or warrant-application")
		}
	}
	return v.probs
}

func refValidateFigure(v *refValidator, f *Fact, i, j int, sources map[string]*Source) {
	g := &f.Figures[j]
	field := fmt.Sprintf("figures[%d]", j)
	if strings.TrimSpace(g.Measure) == "" {
		v.add(KindFact, f.ID, i, field+".measure", "missing measure", "name what is counted, e.g. dprk-troops-deployed")
	}
	if strings.TrimSpace(g.Unit) == "" {
		v.add(KindFact, f.ID, i, field+".unit", "missing unit", "e.g. troops, rounds, percent, USD, km")
	}
	switch {
	case g.Value != nil && (g.Min != nil || g.Max != nil):
		v.add(KindFact, f.ID, i, field+".value", "give either value or min/max, not both", "")
	case g.Value == nil && g.Min == nil && g.Max == nil:
		v.add(KindFact, f.ID, i, field+".value", "missing value", "value: N, or min: and max: for a range")
	case g.Min != nil && g.Max != nil && *g.Min > *g.Max:
		v.add(KindFact, f.ID, i, field+".min", fmt.Sprintf("min %g is greater than max %g", *g.Min, *g.Max), "")
	}
	switch g.Qualifier {
	case "", Exact, About, AtLeast, UpTo, Over, Under:
	default:
		v.add(KindFact, f.ID, i, field+".qualifier", fmt.Sprintf("unknown qualifier %q", g.Qualifier), "exact, about, at-least, up-to, over or under")
	}
	if g.Source != "" {
		if _, ok := sources[g.Source]; !ok {
			v.add(KindFact, f.ID, i, field+".source", fmt.Sprintf("unknown source %q", g.Source), suggest(g.Source, keys(sources)))
		}
	}
}
