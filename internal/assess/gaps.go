package assess

import (
	"fmt"
	"slices"

	"dossier/internal/model"
)

// Gap is an element short of the next stage's standard: what it lacks under the written rules and
// the kinds of evidence that typically prove it (the law library's means of proof).
type Gap struct {
	Charge     string     `json:"charge"`
	Count      int        `json:"count"`
	Element    string     `json:"element"`
	Number     int        `json:"number"`
	Text       string     `json:"text"`
	Unverified bool       `json:"unverified,omitempty"`
	Anchor     string     `json:"anchor"`
	Stage      string     `json:"stage"`    // the stage aimed at
	Standard   string     `json:"standard"` // its standard's name
	Status     Status     `json:"status"`   // status under that standard
	Lacks      []string   `json:"lacks"`
	Means      []MeansRef `json:"means"`
}

// MeansRef is a kind of evidence that would move an element. Cited says whether a supporting fact
// already cites a source of a matching kind (only for means that a source kind reveals).
type MeansRef struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Cited       bool   `json:"cited"`
}

// meansKinds maps means of proof to the source kinds that reveal them. Means not listed (a
// leader's speech, a recovered munition …) cannot be told from a source's kind.
var meansKinds = map[string][]model.SourceKind{
	"official-statement":      {model.OfficialStatement},
	"un-document":             {model.UNDocument},
	"satellite-imagery":       {model.Imagery},
	"video-photo":             {model.Video, model.Imagery},
	"witness-statement":       {model.WitnessStatement},
	"expert-report":           {model.Report, model.Academic},
	"intelligence-assessment": {model.Report},
	"treaty-text":             {model.LegalInstrument},
	"legal-record":            {model.LegalInstrument, model.UNDocument, model.CaseLaw},
}

func kindBit(k model.SourceKind) uint32 {
	if i := slices.Index(model.SourceKinds, k); i >= 0 && i < 32 {
		return 1 << i
	}
	return 0
}

// gaps lists, for every element not met under the next stage's standard, what it lacks.
func (a *Assessor) gaps() []Gap {
	ni := a.next()
	s := &a.stages[ni]
	var out []Gap
	for _, cs := range a.counts {
		for i, c := range cs.cells {
			res := a.eval(c, ni)
			if res.status == Met {
				continue
			}
			el := &cs.elems[i]
			if el.Group != "" { // an alternative of a group that another alternative satisfies lacks nothing
				if st, _ := a.groupStatus(cs, el.Group, ni); st == Met {
					continue
				}
			}
			g := Gap{Charge: cs.ch.ID, Count: cs.ch.Count, Element: el.ID, Number: el.Number, Text: el.Text, Unverified: el.Unverified,
				Anchor: Anchor(cs.ch.ID, el.ID), Stage: s.std.Stage, Standard: s.std.Name, Status: res.status, Lacks: lacks(s, &res, a)}
			kinds := c.kindsOf()
			for _, m := range el.Means {
				mr := MeansRef{ID: m}
				if mp, ok := a.lib.MeansOfProof(m); ok {
					mr.Description = mp.Description
				}
				for _, k := range meansKinds[m] {
					if kinds&kindBit(k) != 0 {
						mr.Cited = true
					}
				}
				g.Means = append(g.Means, mr)
			}
			out = append(out, g)
		}
	}
	return out
}

// lacks says in words what an element lacks under a standard's rules.
func lacks(s *stageRule, res *evalRes, a *Assessor) []string {
	var out []string
	switch res.status {
	case NoEvidence:
		out = append(out, "no finding links any fact to this element: find evidence of the kinds below and link it (dossier link)")
		return out
	case NotMet:
		need := s.r.MinOrigins - res.nSupOrig
		have := "none"
		if res.nSupOrig > 0 {
			have = namesOr(a.originNames(res.sup, 5), res.nSupOrig)
		}
		what := plural(need, "independent origin", "independent origins")
		switch {
		case need == 1 && res.nSupOrig == 1:
			what = "a second independent origin"
		case res.nSupOrig > 0:
			what = plural(need, "more independent origin", "more independent origins")
		}
		out = append(out, fmt.Sprintf("needs %s: supporting facts of credibility %d or better from sources graded %s or better (has %d: %s) (rule %s)",
			what, s.r.MaxCredibility, s.r.MinReliability, res.nSupOrig, have, RuleCorroboration))
	case Contested:
		need := s.r.ContradictionMargin - (res.nSupOrig - res.nConOrig)
		out = append(out, fmt.Sprintf("contradicting facts from %s must be answered, or %s must be added (rule %s)",
			plural(res.nConOrig, "origin", "origins"), plural(need, "further independent supporting origin", "further independent supporting origins"), RuleContradiction))
	}
	if res.exReview > 0 {
		out = append(out, fmt.Sprintf("%s not counted because the review status is not %s: review them (rule %s)",
			plural(res.exReview, "supporting fact is", "supporting facts are"), orList(s.r.Review), RuleWeight))
	}
	if res.exCred > 0 {
		out = append(out, fmt.Sprintf("%s credibility worse than %d: corroborate them (rule %s)",
			plural(res.exCred, "supporting fact has", "supporting facts have"), s.r.MaxCredibility, RuleWeight))
	}
	if res.exRel > 0 {
		out = append(out, fmt.Sprintf("%s no source graded %s or better: find a more reliable source (rule %s)",
			plural(res.exRel, "supporting fact cites", "supporting facts cite"), s.r.MinReliability, RuleWeight))
	}
	return out
}
