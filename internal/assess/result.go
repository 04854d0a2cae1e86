package assess

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"dossier/internal/law"
	"dossier/internal/model"
)

// Notice is printed with every assessment.
const Notice = "An assessment of the evidence against written rules at one procedural stage; never a verdict of guilt."

// StandardInfo names a standard of proof.
type StandardInfo struct {
	Stage      string `json:"stage"`
	Name       string `json:"name"`
	Provision  string `json:"provision"`
	Unverified bool   `json:"unverified,omitempty"`
}

func (s StandardInfo) String() string {
	out := fmt.Sprintf("%s (%s, %s)", s.Name, s.Stage, s.Provision)
	if s.Unverified {
		out += " " + law.UnverifiedTag
	}
	return out
}

// Assessment is the result of assessing a case under one stage's standard.
type Assessment struct {
	Case       string         `json:"case"`
	Title      string         `json:"title,omitempty"`
	Notice     string         `json:"notice"`
	Stage      string         `json:"stage"`
	Standard   StandardInfo   `json:"standard"`
	Next       *StandardInfo  `json:"next_standard,omitempty"`
	Forum      string         `json:"forum,omitempty"`
	Rules      []RuleText     `json:"rules"`
	Parameters StandardRules  `json:"rule_parameters"`
	Summary    map[Status]int `json:"summary"`
	Counts     []CountResult  `json:"counts"`
	Issues     []Issue        `json:"issues"`
	Gaps       []Gap          `json:"gaps"`
}

// CountResult is one count with its elements' results.
type CountResult struct {
	Charge        string          `json:"charge"`
	Count         int             `json:"count"`
	Title         string          `json:"title,omitempty"`
	Accused       string          `json:"accused"`
	AccusedName   string          `json:"accused_name,omitempty"`
	Principal     string          `json:"principal,omitempty"`
	PrincipalName string          `json:"principal_name,omitempty"`
	Act           string          `json:"principal_act,omitempty"`
	Crime         string          `json:"crime"`
	CrimeName     string          `json:"crime_name"`
	Mode          string          `json:"mode"`
	ModeName      string          `json:"mode_name"`
	Forum         string          `json:"forum"`
	ForumName     string          `json:"forum_name"`
	Unverified    bool            `json:"unverified_law,omitempty"` // the crime, mode or forum is marked unverified
	Summary       map[Status]int  `json:"summary"`
	Elements      []ElementResult `json:"elements"`
	Groups        []GroupResult   `json:"groups,omitempty"` // alternatives among the elements
}

// ElementResult is one element's status under the standard, with its explanation.
type ElementResult struct {
	CountElement
	Anchor               string            `json:"anchor"`
	Status               Status            `json:"status"`
	Rule                 string            `json:"rule"`
	Explanation          string            `json:"explanation"`
	ByStage              map[string]Status `json:"by_stage"`
	SupportingTotal      int               `json:"supporting_total"`
	SupportingCounting   int               `json:"supporting_counting"`
	ContradictingTotal   int               `json:"contradicting_total"`
	ContradictingCounted int               `json:"contradicting_counting"`
	Origins              []string          `json:"origins,omitempty"`
	OriginsTotal         int               `json:"origins_total"`
	ContradictingOrigins []string          `json:"contradicting_origins,omitempty"`
	BestReliability      string            `json:"best_reliability,omitempty"`
	BestCredibility      int               `json:"best_credibility,omitempty"`
	Supporting           []Evidence        `json:"supporting,omitempty"`
	Contradicting        []Evidence        `json:"contradicting,omitempty"`
	Allegations          []string          `json:"allegations,omitempty"`
	AuthorityRefs        []AuthorityRef    `json:"authority_refs,omitempty"`
}

// Evidence is one finding as the assessment weighed it.
type Evidence struct {
	Finding     string      `json:"finding"`
	Fact        string      `json:"fact"`
	Statement   string      `json:"statement"`
	Stance      string      `json:"stance"`
	Reason      string      `json:"reason"`
	Credibility int         `json:"credibility"`
	Review      string      `json:"review"`
	Counts      bool        `json:"counts"`
	Why         string      `json:"why_not,omitempty"` // why the fact does not count (R2)
	Sources     []SourceRef `json:"sources"`
}

// SourceRef is a source a fact cites in support.
type SourceRef struct {
	ID          string `json:"id"`
	Reliability string `json:"reliability"`
	Origin      string `json:"origin"`
	Counts      bool   `json:"counts"`
}

// AuthorityRef is an authority the law library gives for an element.
type AuthorityRef struct {
	ID          string `json:"id"`
	Citation    string `json:"citation"`
	Reliability string `json:"reliability"`
	Unverified  bool   `json:"unverified,omitempty"`
}

func (a *Assessor) stdInfo(si int) StandardInfo {
	s := a.stages[si].std
	return StandardInfo{Stage: s.Stage, Name: s.Name, Provision: a.lib.Canonical(s.Provision), Unverified: s.Unverified}
}

// next is the index of the stage whose standard the gap report aims at: the next stricter one,
// or the assessed one when it is the strictest.
func (a *Assessor) next() int { return min(a.cur+1, len(a.stages)-1) }

// Result builds the assessment from the cached evaluations: every count and element with its
// status and explanation, the legal issues and the gap report.
func (a *Assessor) Result() *Assessment {
	s := &a.stages[a.cur]
	out := &Assessment{Case: a.b.Case.ID, Title: a.b.Case.Title, Notice: Notice, Stage: s.std.Stage, Standard: a.stdInfo(a.cur),
		Forum: a.opt.Forum, Rules: s.r.Texts(s.std.Name), Parameters: s.r, Summary: map[Status]int{}}
	if n := a.next(); n != a.cur {
		ni := a.stdInfo(n)
		out.Next = &ni
	}
	for _, cs := range a.counts {
		cr := CountResult{Charge: cs.ch.ID, Count: cs.ch.Count, Title: cs.ch.Title, Accused: cs.ch.Accused, AccusedName: a.actorName(cs.ch.Accused),
			Principal: cs.ch.Principal, PrincipalName: a.actorName(cs.ch.Principal), Crime: cs.crime.ID, CrimeName: cs.crime.String(),
			Mode: cs.mode.ID, ModeName: cs.mode.String(), Forum: cs.forum.ID, ForumName: cs.forum.String(),
			Unverified: cs.crime.Unverified || cs.mode.Unverified || cs.forum.Unverified, Summary: map[Status]int{}}
		if act := Act(a.lib, &cs.ch); act != nil {
			cr.Act = act.Name + " (" + a.lib.Canonical(act.Provision) + ")"
		}
		for i, c := range cs.cells {
			er := a.elementResult(cs, i, c)
			cr.Summary[er.Status]++
			out.Summary[er.Status]++
			cr.Elements = append(cr.Elements, er)
		}
		cr.Groups = a.groups(cs)
		out.Counts = append(out.Counts, cr)
	}
	out.Issues = a.issues(out)
	out.Gaps = a.gaps()
	if out.Issues == nil {
		out.Issues = []Issue{}
	}
	if out.Gaps == nil {
		out.Gaps = []Gap{}
	}
	return out
}

// Element returns one element's current result.
func (a *Assessor) Element(charge, element string) (ElementResult, bool) {
	ci, ok := a.countIdx[charge]
	if !ok {
		return ElementResult{}, false
	}
	cs := a.counts[ci]
	ei, ok := cs.elemIdx[element]
	if !ok {
		return ElementResult{}, false
	}
	return a.elementResult(cs, ei, cs.cells[ei]), true
}

// Anchor is the HTML anchor of an element's explanation.
func Anchor(charge, element string) string { return "c-" + charge + "--" + element }

func (a *Assessor) elementResult(cs *countState, i int, c *cell) ElementResult {
	s := &a.stages[a.cur]
	res := a.eval(c, a.cur)
	er := ElementResult{CountElement: cs.elems[i], Anchor: Anchor(cs.ch.ID, cs.elems[i].ID), Status: res.status, Rule: res.rule,
		ByStage: map[string]Status{}, SupportingTotal: res.nSup, SupportingCounting: res.qSup, ContradictingTotal: res.nCon,
		ContradictingCounted: res.qCon, OriginsTotal: res.nSupOrig}
	for si := range a.stages {
		er.ByStage[a.stages[si].std.Stage] = a.eval(c, si).status
	}
	er.Origins = a.originNames(res.sup, a.opt.MaxListed)
	er.ContradictingOrigins = a.originNames(res.con, a.opt.MaxListed)
	if res.qSup > 0 {
		er.BestReliability = string(rune('A' + res.bestRank))
		er.BestCredibility = int(res.bestCred)
	}
	for _, k := range a.list(c, 0) {
		er.Supporting = append(er.Supporting, a.evidence(s, k))
	}
	for _, k := range a.list(c, 1) {
		er.Contradicting = append(er.Contradicting, a.evidence(s, k))
	}
	for _, al := range cs.ch.Allegations {
		if al.Element == er.ID {
			er.Allegations = append(er.Allegations, al.Text)
		}
	}
	for _, id := range er.Authorities {
		if au, ok := a.lib.Authority(id); ok {
			er.AuthorityRefs = append(er.AuthorityRefs, AuthorityRef{ID: id, Citation: au.String(), Reliability: au.Reliability, Unverified: au.Unverified})
		}
	}
	er.Explanation = a.explain(s, &res, &er)
	return er
}

func (a *Assessor) actorName(id string) string {
	for i := range a.b.Actors {
		if a.b.Actors[i].ID == id {
			return a.b.Actors[i].Name
		}
	}
	return ""
}

// originNames returns the first n (by name) of the origins a side counts, sorted.
func (a *Assessor) originNames(sd *side, n int) []string {
	if len(a.originOrder) != len(a.origins) {
		a.originOrder = make([]int32, len(a.origins))
		for i := range a.originOrder {
			a.originOrder[i] = int32(i)
		}
		slices.SortStableFunc(a.originOrder, func(x, y int32) int { return cmp.Compare(originName(a.origins[x]), originName(a.origins[y])) })
	}
	want := min(int(sd.nOrig), n)
	names := make([]string, 0, want)
	for _, o := range a.originOrder {
		if len(names) == want {
			break
		}
		if int(o) < len(sd.ref) && sd.ref[o] > 0 {
			names = append(names, originName(a.origins[o]))
		}
	}
	return names
}

func originName(key string) string { return strings.TrimPrefix(key, "source:") }

func (a *Assessor) evidence(s *stageRule, k int32) Evidence {
	r := &a.findings[k]
	fi := &a.facts[r.fact]
	fd := a.finding(r)
	ok, rv, cr, rl := s.counts(fi)
	ev := Evidence{Finding: fd.ID, Fact: fi.fact.ID, Statement: fi.fact.Statement, Stance: string(fd.Stance), Reason: fd.Reason,
		Credibility: int(fi.cred), Review: string(fi.fact.Review), Counts: ok}
	if ev.Review == "" {
		ev.Review = string(model.Draft)
	}
	var why []string
	if !rv {
		why = append(why, fmt.Sprintf("review status %s is not %s", ev.Review, orList(s.r.Review)))
	}
	if !cr {
		why = append(why, fmt.Sprintf("credibility %d is worse than %d", fi.cred, s.r.MaxCredibility))
	}
	if !rl {
		why = append(why, fmt.Sprintf("no supporting source is graded %s or better", s.r.MinReliability))
	}
	ev.Why = strings.Join(why, "; ")
	seen := map[string]bool{}
	for _, e := range fi.fact.Excerpts {
		if e.EffectiveStance() != model.Supports || seen[e.Source] {
			continue
		}
		seen[e.Source] = true
		src, ok := a.sources[e.Source]
		if !ok {
			continue
		}
		g := src.Reliability
		if g == "" {
			g = "F"
		}
		ev.Sources = append(ev.Sources, SourceRef{ID: src.ID, Reliability: g, Origin: strings.TrimPrefix(src.OriginKey(), "source:"),
			Counts: int8(gradeRank(src.Reliability)) <= s.minRank})
	}
	return ev
}

// describe is "fact (credibility N; source G, origin O; …)" with why it does not count.
func describe(e Evidence) string {
	var srcs []string
	for _, s := range e.Sources {
		d := s.ID + " " + s.Reliability
		if s.Origin != s.ID {
			d += ", origin " + s.Origin
		}
		srcs = append(srcs, d)
	}
	if len(srcs) == 0 {
		srcs = append(srcs, "no available source")
	}
	out := fmt.Sprintf("%s (credibility %d; %s)", e.Fact, e.Credibility, strings.Join(srcs, "; "))
	if !e.Counts {
		out += " — does not count: " + e.Why
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func listed(es []Evidence, total int) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, describe(e))
	}
	s := strings.Join(parts, "; ")
	if total > len(es) {
		s += fmt.Sprintf("; and %d more", total-len(es))
	}
	return s
}

func namesOr(names []string, total int) string {
	s := strings.Join(names, ", ")
	if total > len(names) {
		s += fmt.Sprintf(", and %d more", total-len(names))
	}
	if s == "" {
		return "none"
	}
	return s
}

// explain writes an element's status in words: the facts and sources, and the rule applied.
func (a *Assessor) explain(s *stageRule, res *evalRes, er *ElementResult) string {
	std := fmt.Sprintf("%s (%s)", s.std.Name, s.std.Stage)
	var b strings.Builder
	switch res.status {
	case NoEvidence:
		fmt.Fprintf(&b, "No evidence under %s: no finding supports or contradicts this element (rule %s).", std, RuleNoEvidence)
		return b.String()
	case NotMet:
		fmt.Fprintf(&b, "Not met under %s: %d of %s count (rule %s), from %s (%s); rule %s needs at least %d.",
			std, res.qSup, plural(res.nSup, "supporting fact", "supporting facts"), RuleWeight,
			plural(res.nSupOrig, "independent origin", "independent origins"), namesOr(er.Origins, res.nSupOrig), RuleCorroboration, s.r.MinOrigins)
	case Contested:
		fmt.Fprintf(&b, "Contested under %s: the supporting facts that count come from %s (%s), enough for rule %s (at least %d), but contradicting facts that count come from %s (%s); rule %s needs the supporting origins to outnumber them by at least %d.",
			std, plural(res.nSupOrig, "independent origin", "independent origins"), namesOr(er.Origins, res.nSupOrig), RuleCorroboration, s.r.MinOrigins,
			plural(res.nConOrig, "origin", "origins"), namesOr(er.ContradictingOrigins, res.nConOrig), RuleContradiction, s.r.ContradictionMargin)
	case Met:
		fmt.Fprintf(&b, "Met under %s: %d of %s count (rule %s), from %s (%s); rule %s needs at least %d; best reliability %s, best credibility %d.",
			std, res.qSup, plural(res.nSup, "supporting fact", "supporting facts"), RuleWeight,
			plural(res.nSupOrig, "independent origin", "independent origins"), namesOr(er.Origins, res.nSupOrig), RuleCorroboration, s.r.MinOrigins,
			er.BestReliability, er.BestCredibility)
		if res.nConOrig > 0 {
			fmt.Fprintf(&b, " Contradicting facts that count come from %s (%s), outweighed: the supporting origins outnumber them by %d, at least %d (rule %s).",
				plural(res.nConOrig, "origin", "origins"), namesOr(er.ContradictingOrigins, res.nConOrig), res.nSupOrig-res.nConOrig, s.r.ContradictionMargin, RuleContradiction)
		} else if res.nCon > 0 {
			fmt.Fprintf(&b, " No contradicting fact counts under rule %s.", RuleWeight)
		}
		fmt.Fprintf(&b, " Rule %s.", RuleMet)
	}
	if res.nSup > 0 {
		fmt.Fprintf(&b, " Supporting: %s.", listed(er.Supporting, res.nSup))
	}
	if res.nCon > 0 {
		fmt.Fprintf(&b, " Contradicting: %s.", listed(er.Contradicting, res.nCon))
	}
	return b.String()
}
