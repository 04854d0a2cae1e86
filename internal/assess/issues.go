package assess

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"dossier/internal/law"
	"dossier/internal/model"
)

// Kinds of legal issue.
const (
	IssueMentalElement = "mental-element"          // the forum's mental element for aiding and abetting vs the findings
	IssueLeadership    = "leadership"              // the leadership requirement of aggression and an accessory from another State
	IssueNonParty      = "non-party-jurisdiction"  // jurisdiction over nationals of non-States Parties (art. 15 bis(5))
	IssueImmunity      = "head-of-state-immunity"  // immunity of a sitting head of State before the forum
	IssueAllegation    = "contradicted-allegation" // an allegation that the findings contradict
	IssueLaw           = "law"                     // an issue the law library records for the count's crime, mode or forum
)

// Issue is an open legal question the assessment detects from the law and the case.
type Issue struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Charge      string   `json:"charge"`
	Count       int      `json:"count"`
	Title       string   `json:"title"`
	Text        string   `json:"text"`
	Provisions  []string `json:"provisions,omitempty"`
	Authorities []string `json:"authorities,omitempty"`
	Elements    []string `json:"elements,omitempty"`
	Facts       []string `json:"facts,omitempty"`
	LawIssue    string   `json:"law_issue,omitempty"`
	Unverified  bool     `json:"unverified,omitempty"`
}

// issueRaiser builds the issues of one count.
type issueRaiser struct {
	a      *Assessor
	cs     *countState
	cr     *CountResult
	out    []Issue
	used   map[string]bool // law issue ids consumed by a specific check
	actors map[string]*model.Actor
}

func (a *Assessor) issues(as *Assessment) []Issue {
	actors := map[string]*model.Actor{}
	for i := range a.b.Actors {
		actors[a.b.Actors[i].ID] = &a.b.Actors[i]
	}
	var out []Issue
	for i, cs := range a.counts {
		r := &issueRaiser{a: a, cs: cs, cr: &as.Counts[i], used: map[string]bool{}, actors: actors}
		r.mentalElement()
		r.leadership()
		r.nonParty()
		r.immunity()
		r.allegations()
		r.lawIssues()
		out = append(out, r.out...)
	}
	return out
}

func (r *issueRaiser) add(is Issue) {
	is.Charge, is.Count = r.cs.ch.ID, r.cs.ch.Count
	is.ID = fmt.Sprintf("%s/%s", r.cs.ch.ID, is.Kind)
	n := 0
	for _, x := range r.out {
		if x.Kind == is.Kind {
			n++
		}
	}
	if n > 0 {
		is.ID += fmt.Sprintf("-%d", n+1)
	}
	r.out = append(r.out, is)
}

func (r *issueRaiser) labels(paths ...string) []string {
	var out []string
	for _, p := range paths {
		if p == "" {
			continue
		}
		l := r.a.lib.Citation(p)
		if l == "" {
			l = p
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func (r *issueRaiser) name(id string) string {
	if a, ok := r.actors[id]; ok {
		return a.Name
	}
	return id
}

// lawIssue returns the first issue of the count's crime, mode or forum whose id contains key.
func (r *issueRaiser) lawIssue(key string) *law.Issue {
	for _, list := range [][]*law.Issue{r.cs.crime.Issues, r.cs.mode.Issues, r.cs.forum.Issues} {
		for _, is := range list {
			if strings.Contains(is.ID, key) {
				r.used[is.ID] = true
				return is
			}
		}
	}
	return nil
}

func (r *issueRaiser) elem(i int) (*CountElement, *evalRes, *ElementResult) {
	res := r.a.eval(r.cs.cells[i], r.a.cur)
	return &r.cs.elems[i], &res, &r.cr.Elements[i]
}

func factIDs(es []Evidence) []string {
	var out []string
	for _, e := range es {
		if !slices.Contains(out, e.Fact) {
			out = append(out, e.Fact)
		}
	}
	return out
}

// mentalElement (a): the mode requires purpose, its purpose element is not met, and the findings
// support another mental element of the accused (knowledge, intent) with facts that count.
func (r *issueRaiser) mentalElement() {
	purpose := -1
	for i, e := range r.cs.elems {
		if e.Part == PartMode && e.Type == law.TypeMental && strings.Contains(strings.ToLower(e.Text), "purpose") {
			purpose = i
			break
		}
	}
	lawIs := r.lawIssue("purpose")
	if purpose < 0 {
		return
	}
	pe, pres, per := r.elem(purpose)
	if pres.status == Met {
		return
	}
	var know []string
	var facts []string
	for i, e := range r.cs.elems {
		if i == purpose || e.Type != law.TypeMental || e.Concerns != ConcernsAccused {
			continue
		}
		_, res, er := r.elem(i)
		if res.qSup > 0 {
			know = append(know, fmt.Sprintf("element %d (%s: %q) is %s", e.Number, e.ID, e.Text, res.status))
			facts = append(facts, factIDs(er.Supporting)...)
		}
	}
	if len(know) == 0 {
		return
	}
	onPurpose := "no finding addresses purpose"
	if pres.nSup+pres.nCon > 0 {
		onPurpose = fmt.Sprintf("the findings on purpose leave element %d %s under %s (%s)", pe.Number, pres.status, r.a.stages[r.a.cur].std.Name, strings.Join(factIDs(per.Supporting), ", "))
		facts = append(facts, factIDs(per.Supporting)...)
	}
	text := fmt.Sprintf("%s requires that the accused acted %q (element %d, %s). The findings show the accused's knowledge or intent — %s — but %s. Knowledge that the assistance helps is the customary standard for aiding and abetting (ICTY, ICTR, SCSL Taylor); by its wording the Rome Statute asks for purpose. Whether the evidence shows purpose, or only knowledge, is open.",
		r.cs.mode.String(), pe.Text, pe.Number, pe.ID, strings.Join(know, "; "), onPurpose)
	is := Issue{Kind: IssueMentalElement, Title: "Mental element: purpose of facilitating, not knowledge", Text: text,
		Provisions: r.labels(append([]string{r.cs.mode.Provision}, pe.Provisions...)...), Elements: []string{pe.ID}, Facts: dedupe(facts)}
	if lawIs != nil {
		is.LawIssue = lawIs.ID
		is.Provisions = append(is.Provisions, r.labels(lawIs.Provisions...)...)
		is.Authorities = lawIs.Authorities
	}
	is.Provisions = dedupe(is.Provisions)
	r.add(is)
}

// states returns the States an actor holds office in (following part_of from the office's
// organ to its State), with the offices.
func (r *issueRaiser) states(actor string) (ids []string, offices map[string][]string, current map[string][]string) {
	offices, current = map[string][]string{}, map[string][]string{}
	a, ok := r.actors[actor]
	if !ok {
		return nil, offices, current
	}
	for _, p := range a.Positions {
		st := r.stateOf(p.Of)
		if st == "" {
			continue
		}
		if !slices.Contains(ids, st) {
			ids = append(ids, st)
		}
		offices[st] = append(offices[st], p.Office)
		if p.To.IsZero() {
			current[st] = append(current[st], p.Office)
		}
	}
	return ids, offices, current
}

func (r *issueRaiser) stateOf(id string) string {
	for depth := 0; id != "" && depth < 16; depth++ {
		a, ok := r.actors[id]
		if !ok {
			return ""
		}
		if a.Kind == model.State {
			return a.ID
		}
		id = a.PartOf
	}
	return ""
}

// aggressor is the State whose act the count charges: the principal's State (accessory modes).
func (r *issueRaiser) aggressor() string {
	if r.cs.ch.Principal == "" {
		return ""
	}
	ids, _, _ := r.states(r.cs.ch.Principal)
	if len(ids) == 1 {
		return ids[0]
	}
	return ""
}

// leadership (b): aggression charged against an accused who holds no office in the aggressor State.
func (r *issueRaiser) leadership() {
	if r.cs.crime.Family != "aggression" {
		return
	}
	lawIs := r.lawIssue("leadership")
	agg := r.aggressor()
	if agg == "" {
		return
	}
	accStates, offices, _ := r.states(r.cs.ch.Accused)
	if slices.Contains(accStates, agg) {
		return
	}
	_, pOffices, _ := r.states(r.cs.ch.Principal)
	where := "no State office recorded"
	var parts []string
	for _, st := range accStates {
		parts = append(parts, fmt.Sprintf("%s (%s)", r.name(st), strings.Join(offices[st], ", ")))
	}
	if len(parts) > 0 {
		where = "office in " + strings.Join(parts, "; ")
	}
	var els []string
	var status []string
	for i, e := range r.cs.elems {
		low := strings.ToLower(e.Text)
		if strings.Contains(low, "control over or to direct") || strings.Contains(low, "exercise control over or to direct") {
			_, res, _ := r.elem(i)
			els = append(els, e.ID)
			status = append(status, fmt.Sprintf("element %d (%s, concerning the %s) is %s", e.Number, e.ID, e.Concerns, res.status))
		}
	}
	text := fmt.Sprintf("%s holds %s, not in %s, the State whose act of aggression the count charges through the principal %s (%s). ",
		r.name(r.cs.ch.Accused), where, r.name(agg), r.name(r.cs.ch.Principal), strings.Join(pOffices[agg], ", "))
	is := Issue{Kind: IssueLeadership, Title: "Leadership requirement and an accessory who leads another State", Elements: els}
	if lawIs != nil {
		text += lawIs.Description
		is.LawIssue = lawIs.ID
		is.Provisions = r.labels(lawIs.Provisions...)
		is.Authorities = lawIs.Authorities
	} else {
		text += "Aggression is a leadership crime; whether an accessory who does not control or direct the aggressor State's action can be liable is not settled in the law library for this crime, and must be argued."
		is.Unverified = r.cs.crime.Unverified
		for _, e := range r.cs.elems {
			if slices.Contains(els, e.ID) {
				is.Provisions = append(is.Provisions, r.labels(e.Provisions...)...)
			}
		}
	}
	if len(status) > 0 {
		text += " In this count " + strings.Join(status, "; ") + "."
	}
	// a participant leadership element that the law library marks unverified (the mode is outside
	// art. 25, so art. 25(3 bis) does not govern it as such): say so, never borrow the ICC rule
	for _, e := range r.cs.elems {
		if e.Part == PartParticipant && e.Unverified && slices.Contains(els, e.ID) {
			text += fmt.Sprintf(" The mode charged (%s) is not one of Rome Statute art. 25's modes, so art. 25(3 bis) does not apply to it as such; element %d (%s) states a leadership requirement for it that the law library marks unverified: whether %s requires it, and in what words, must be checked.",
				r.cs.mode.String(), e.Number, e.ID, r.cs.forum.Name)
			is.Unverified = true
		}
	}
	is.Text = text
	r.add(is)
}

// partyStatus says whether a State is a party to the forum's constituent instrument: from the
// actor's state_party list when it has one, else from the forum's data.
func (r *issueRaiser) partyStatus(state string) (party, known, unverified bool, how string) {
	f := r.cs.forum
	a := r.actors[state]
	if a != nil && len(a.StateParty) > 0 && len(f.Instruments) > 0 {
		party = slices.Contains(a.StateParty, f.Instruments[0])
		return party, true, false, "case actor data"
	}
	names := []string{state}
	if a != nil {
		names = append(names, a.AllNames()...)
	}
	for _, n := range names {
		if e, ok := f.StateParty(n); ok {
			return e.Party, true, e.Unverified, "law library forum data"
		}
	}
	return false, false, false, ""
}

// nonParty (c): the forum cannot try aggression by nationals of a non-State Party, and the
// accused's or the aggressor State is not a party (or its status is unknown).
func (r *issueRaiser) nonParty() {
	var pre *law.Precondition
	for _, p := range r.cs.forum.Preconditions {
		if p.Check == "non-party-nationality-or-territory" {
			pre = p
		}
	}
	lawIs := r.lawIssue("non-party")
	if pre == nil {
		return
	}
	accStates, _, _ := r.states(r.cs.ch.Accused)
	type who struct{ role, state string }
	var ws []who
	for _, s := range accStates {
		ws = append(ws, who{"the accused's State (from his offices; nationality is not recorded)", s})
	}
	if agg := r.aggressor(); agg != "" && !slices.Contains(accStates, agg) {
		ws = append(ws, who{"the aggressor State", agg})
	}
	var lines []string
	unverified, raise := false, false
	for _, w := range ws {
		party, known, unv, how := r.partyStatus(w.state)
		switch {
		case !known:
			raise = true
			lines = append(lines, fmt.Sprintf("%s, %s: party status unknown (neither the case nor the law library records it)", r.name(w.state), w.role))
		case !party:
			raise = true
			flag := ""
			if unv {
				flag = " " + law.UnverifiedTag
				unverified = true
			}
			lines = append(lines, fmt.Sprintf("%s, %s: not a party (%s)%s", r.name(w.state), w.role, how, flag))
		default:
			lines = append(lines, fmt.Sprintf("%s, %s: a party (%s)", r.name(w.state), w.role, how))
		}
	}
	if !raise {
		return
	}
	status := ""
	for i, e := range r.cs.elems {
		if e.ID == pre.ID {
			_, res, _ := r.elem(i)
			status = fmt.Sprintf(" In this count the precondition (element %d) is %s.", e.Number, res.status)
		}
	}
	// quote the provision's own words (the precondition states the condition in dossier's words)
	path := cmp.Or(pre.QuotedFrom, pre.ParaphraseOf)
	words := pre.Text
	if p, ok := r.a.lib.Provision(path); ok && p.Text != "" {
		words = p.Text
	}
	text := fmt.Sprintf("%s: %q %s. Unless the Security Council refers the situation (art. 15 ter), %s cannot exercise jurisdiction over the crime of aggression committed by nationals of a non-State Party.%s",
		r.a.lib.Canonical(path), words, strings.Join(lines, "; "), r.cs.forum.Name, status)
	is := Issue{Kind: IssueNonParty, Title: "Jurisdiction over nationals of non-States Parties", Text: text, Elements: []string{pre.ID},
		Provisions: r.labels(path), Unverified: unverified}
	if lawIs != nil {
		is.LawIssue = lawIs.ID
		is.Provisions = dedupe(append(is.Provisions, r.labels(lawIs.Provisions...)...))
	}
	r.add(is)
}

var headOffices = []string{"head of state", "supreme leader", "president", "head of government", "prime minister",
	"foreign minister", "minister of foreign affairs", "minister for foreign affairs", "chairman of the state affairs commission"}

// immunity (d): the accused holds, as far as the case records, a head-of-State (or head of
// government, foreign minister) office of a State; the forum's rule decides what that means.
func (r *issueRaiser) immunity() {
	_, _, current := r.states(r.cs.ch.Accused)
	var held []string
	for st, offs := range current {
		for _, o := range offs {
			low := strings.ToLower(o)
			for _, h := range headOffices {
				if strings.Contains(low, h) {
					held = append(held, fmt.Sprintf("%s of %s", o, r.name(st)))
					break
				}
			}
		}
	}
	if len(held) == 0 {
		return
	}
	slices.Sort(held)
	f := r.cs.forum
	text := fmt.Sprintf("%s holds office as %s and, as far as the case records, still holds it. ", r.name(r.cs.ch.Accused), strings.Join(held, ", "))
	is := Issue{Kind: IssueImmunity, Title: "Immunity of a sitting head of State"}
	im := f.Immunity
	if im == nil {
		text += fmt.Sprintf("The law library does not record %s's rule on official-capacity immunity.", f.Name)
		is.Unverified = true
	} else {
		quote := fmt.Sprintf("%q", im.Text)
		if im.QuotedFrom != "" {
			quote += " (" + r.a.lib.Citation(im.QuotedFrom) + ")"
		}
		if im.Unverified {
			quote += " " + law.UnverifiedTag
		}
		switch im.Rule {
		case law.ImmunityNoBar:
			text += fmt.Sprintf("In this forum (%s) official capacity is no bar to jurisdiction: %s.", f.Name, quote)
		case law.ImmunityBarsWhileInOffice:
			text += fmt.Sprintf("In this forum (%s) his office bars jurisdiction while he holds it: %s.", f.Name, quote)
		case law.ImmunityTrialDeferred:
			text += fmt.Sprintf("In this forum (%s) his office does not bar an indictment, but trial is deferred while he holds it: %s.", f.Name, quote)
		default:
			text += fmt.Sprintf("%s's rule (%s): %s.", f.Name, im.Rule, quote)
		}
		if im.Description != "" {
			text += " " + im.Description
		}
		is.Unverified = im.Unverified
		is.Provisions = r.labels(append([]string{im.QuotedFrom}, im.Provisions...)...)
		is.Authorities = im.Authorities
	}
	is.Text = text
	r.add(is)
}

// allegations (e): an allegation of the count that contradicting findings on its element bear
// on. When the element carries one allegation, every contradicting finding bears on it; when it
// carries several, a contradicting finding bears on those whose cited paragraphs ("para. 17",
// "paras 10, 18") match a tag of the fact ("indictment-para-17").
func (r *issueRaiser) allegations() {
	perElement := map[string]int{}
	for _, al := range r.cs.ch.Allegations {
		perElement[al.Element]++
	}
	for _, al := range r.cs.ch.Allegations {
		i, ok := r.cs.elemIdx[al.Element]
		if !ok {
			continue
		}
		e, res, er := r.elem(i)
		if res.nCon == 0 {
			continue
		}
		paras := paragraphs(al.Text)
		var bearing []Evidence
		for _, ev := range er.Contradicting {
			if perElement[al.Element] == 1 || r.taggedWith(ev.Fact, paras) {
				bearing = append(bearing, ev)
			}
		}
		if len(bearing) == 0 {
			continue
		}
		var descs []string
		for _, ev := range bearing {
			descs = append(descs, describe(ev))
		}
		how := "the only allegation on this element"
		if perElement[al.Element] > 1 {
			how = "matched by the paragraph it cites"
		}
		text := fmt.Sprintf("Count %d pleads for element %d (%s): %q. The findings contradict it (%s): %s. The element itself is %s under %s; the contradiction bears on the allegation as pleaded, which should be proved, amended or withdrawn.",
			r.cs.ch.Count, e.Number, e.ID, al.Text, how, strings.Join(descs, "; "), res.status, r.a.stages[r.a.cur].std.Name)
		r.add(Issue{Kind: IssueAllegation, Title: "Allegation contradicted by the findings", Text: text, Elements: []string{e.ID},
			Facts: factIDs(bearing), Provisions: r.labels(e.Provisions...)})
	}
}

// taggedWith reports whether a fact carries a tag naming one of the paragraphs ("…para-N").
func (r *issueRaiser) taggedWith(factID string, paras []int) bool {
	i, ok := r.a.factIdx.get(factID)
	if !ok || len(paras) == 0 {
		return false
	}
	for _, t := range r.a.facts[i].fact.Tags {
		for _, p := range paras {
			if strings.HasSuffix(t, fmt.Sprintf("para-%d", p)) || strings.HasSuffix(t, fmt.Sprintf("paragraph-%d", p)) {
				return true
			}
		}
	}
	return false
}

var paraRe = regexp.MustCompile(`(?i)\bpara(?:graph)?s?\.?\s+((?:\d+(?:\s*[-–]\s*\d+)?(?:\s*(?:,|and|&)\s*)?)+)`)
var rangeRe = regexp.MustCompile(`(\d+)(?:\s*[-–]\s*(\d+))?`)

// paragraphs returns the paragraph numbers a text cites: "para. 17", "paras 10, 18 and 22",
// "paras 14-16".
func paragraphs(s string) []int {
	var out []int
	for _, m := range paraRe.FindAllStringSubmatch(s, -1) {
		for _, r := range rangeRe.FindAllStringSubmatch(m[1], -1) {
			lo, err := strconv.Atoi(r[1])
			if err != nil {
				continue
			}
			hi := lo
			if r[2] != "" {
				if h, err := strconv.Atoi(r[2]); err == nil && h >= lo && h-lo < 100 {
					hi = h
				}
			}
			for p := lo; p <= hi; p++ {
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// lawIssues: the issues the law library records for the count's crime, mode and forum that no
// specific check above has taken up; they apply because the count uses that law.
func (r *issueRaiser) lawIssues() {
	for _, src := range []struct {
		what   string
		list   []*law.Issue
		unverf bool
	}{{"crime " + r.cs.crime.ID, r.cs.crime.Issues, r.cs.crime.Unverified}, {"mode " + r.cs.mode.ID, r.cs.mode.Issues, r.cs.mode.Unverified}, {"forum " + r.cs.forum.ID, r.cs.forum.Issues, r.cs.forum.Unverified}} {
		for _, is := range src.list {
			if r.used[is.ID] || strings.Contains(is.ID, "purpose") || strings.Contains(is.ID, "leadership") || strings.Contains(is.ID, "non-party") {
				continue
			}
			r.add(Issue{Kind: IssueLaw, Title: is.Title, Text: is.Description + " (Recorded by the law library for " + src.what + ".)",
				Provisions: r.labels(is.Provisions...), Authorities: is.Authorities, LawIssue: is.ID, Unverified: src.unverf})
		}
	}
}

func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
