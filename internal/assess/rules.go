package assess

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"dossier/internal/model"

	"go.yaml.in/yaml/v3"
)

// Rule ids. Each rule is documented in docs/assessment.md and tested on its own.
const (
	RuleNoEvidence    = "R1" // no finding at all
	RuleWeight        = "R2" // which facts and sources count under the standard
	RuleCorroboration = "R3" // enough independent origins
	RuleContradiction = "R4" // contradicting facts that count
	RuleMet           = "R5" // R3 satisfied and not contested under R4
)

// StandardRules are the thresholds applied under one standard of proof (one stage).
type StandardRules struct {
	// MinOrigins is the number of independent origins (model.Source.OriginKey) the supporting
	// facts that count must come from (R3).
	MinOrigins int `yaml:"min_origins" json:"min_origins"`
	// MinReliability is the worst source reliability grade (A best … F cannot be judged) that
	// counts (R2). A source with no grade counts as F.
	MinReliability string `yaml:"min_reliability" json:"min_reliability"`
	// MaxCredibility is the worst information credibility (1 confirmed … 6 cannot be judged) of a
	// fact that counts (R2).
	MaxCredibility int `yaml:"max_credibility" json:"max_credibility"`
	// Review lists the review statuses whose facts count (R2). A fact with no status is a draft.
	Review []string `yaml:"review" json:"review"`
	// ContradictionMargin: where contradicting facts count, the supporting origins must outnumber
	// the contradicting origins by at least this many, else the element is contested (R4).
	ContradictionMargin int `yaml:"contradiction_margin" json:"contradiction_margin"`
}

// Rules are the written rules that decide statuses: one set of thresholds per stage.
type Rules struct {
	Standards map[string]StandardRules `yaml:"standards" json:"standards"`
}

// DefaultRules are the rules dossier applies unless a rules file says otherwise (see
// docs/assessment.md for the reasons behind each number).
func DefaultRules() Rules {
	return Rules{Standards: map[string]StandardRules{
		"warrant": {MinOrigins: 2, MinReliability: "C", MaxCredibility: 3,
			Review: []string{string(model.Draft), string(model.Reviewed), string(model.Approved)}, ContradictionMargin: 1},
		"confirmation": {MinOrigins: 2, MinReliability: "B", MaxCredibility: 2,
			Review: []string{string(model.Draft), string(model.Reviewed), string(model.Approved)}, ContradictionMargin: 2},
		"trial": {MinOrigins: 3, MinReliability: "B", MaxCredibility: 2,
			Review: []string{string(model.Reviewed), string(model.Approved)}, ContradictionMargin: 3},
	}}
}

// For returns the rules for a stage.
func (r Rules) For(stage string) (StandardRules, error) {
	sr, ok := r.Standards[stage]
	if !ok {
		var st []string
		for k := range r.Standards {
			st = append(st, k)
		}
		sort.Strings(st)
		return sr, fmt.Errorf("no assessment rules for stage %q (rules exist for %s)", stage, strings.Join(st, ", "))
	}
	return sr, nil
}

// RuleText is one written rule as it applies under one standard.
type RuleText struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Text string `json:"text"`
}

// Texts returns the written rules with this standard's numbers filled in.
func (sr StandardRules) Texts(standard string) []RuleText {
	return []RuleText{
		{RuleNoEvidence, "no evidence", "An element that no finding supports or contradicts has no evidence."},
		{RuleWeight, "weight", fmt.Sprintf("Under %s a fact counts only if its review status is %s, its credibility is %d or better (1 best, 6 worst), and at least one source it cites in support is graded %s or better (A best, F worst); only the origins of those sources count.",
			standard, orList(sr.Review), sr.MaxCredibility, sr.MinReliability)},
		{RuleCorroboration, "corroboration", fmt.Sprintf("The supporting facts that count must come from at least %d independent origin(s) (sources repeating one origin are one origin); otherwise the element is not met.", sr.MinOrigins)},
		{RuleContradiction, "contradiction", fmt.Sprintf("Where contradicting facts count, the supporting origins must outnumber the contradicting origins by at least %d; otherwise the element is contested.", sr.ContradictionMargin)},
		{RuleMet, "met", fmt.Sprintf("An element that satisfies %s and is not contested under %s is met.", RuleCorroboration, RuleContradiction)},
	}
}

func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return "(none)"
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// RulesError is a problem in a rules file: file:line: field: problem.
type RulesError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *RulesError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// LoadRules reads a rules file over the defaults.
func LoadRules(path string) (Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Rules{}, fmt.Errorf("read rules: %w", err)
	}
	return ParseRules(path, data)
}

// ParseRules reads rules YAML over the defaults: a file need only give what it changes, e.g.
//
//	standards:
//	  warrant: {min_origins: 3}
//
// Unknown keys, grades outside A–F, credibility outside 1–6, fewer than one origin, a negative
// margin and unknown review statuses are errors naming file, line and field.
func ParseRules(name string, data []byte) (Rules, error) {
	r := DefaultRules()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return r, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return r, nil
	}
	var errs []error
	bad := func(n *yaml.Node, field, format string, a ...any) {
		errs = append(errs, &RulesError{File: name, Line: n.Line, Field: field, Msg: fmt.Sprintf(format, a...)})
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		bad(top, "(top)", "expected a mapping with key standards")
		return r, errors.Join(errs...)
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "standards" {
			bad(k, k.Value, "unknown key (expected standards)")
			continue
		}
		if v.Kind != yaml.MappingNode {
			bad(v, "standards", "expected a mapping of stage to rules")
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			sk, sv := v.Content[j], v.Content[j+1]
			stage := sk.Value
			sr := r.Standards[stage] // zero for a new stage: every field must then be given
			_, existed := r.Standards[stage]
			given := map[string]bool{}
			if sv.Kind != yaml.MappingNode {
				bad(sv, "standards."+stage, "expected a mapping of rule fields")
				continue
			}
			for m := 0; m+1 < len(sv.Content); m += 2 {
				fk, fv := sv.Content[m], sv.Content[m+1]
				field := "standards." + stage + "." + fk.Value
				given[fk.Value] = true
				switch fk.Value {
				case "min_origins", "max_credibility", "contradiction_margin":
					n, err := strconv.Atoi(fv.Value)
					if fv.Kind != yaml.ScalarNode || err != nil {
						bad(fv, field, "%q is not a whole number", fv.Value)
						continue
					}
					switch fk.Value {
					case "min_origins":
						if n < 1 {
							bad(fv, field, "%d: at least one origin is needed", n)
						}
						sr.MinOrigins = n
					case "max_credibility":
						if n < 1 || n > 6 {
							bad(fv, field, "%d is outside the credibility scale 1–6", n)
						}
						sr.MaxCredibility = n
					default:
						if n < 0 {
							bad(fv, field, "%d: the margin cannot be negative", n)
						}
						sr.ContradictionMargin = n
					}
				case "min_reliability":
					if fv.Kind != yaml.ScalarNode || reliabilityRank(fv.Value) < 0 {
						bad(fv, field, "%q is not a reliability grade A–F", fv.Value)
						continue
					}
					sr.MinReliability = fv.Value
				case "review":
					var xs []string
					if err := fv.Decode(&xs); err != nil {
						bad(fv, field, "expected a list of review statuses")
						continue
					}
					for _, x := range xs {
						if !slices.Contains([]string{string(model.Draft), string(model.Reviewed), string(model.Approved), string(model.Disputed)}, x) {
							bad(fv, field, "unknown review status %q (draft, reviewed, approved or disputed)", x)
						}
					}
					sr.Review = xs
				default:
					bad(fk, field, "unknown rule field (min_origins, min_reliability, max_credibility, review, contradiction_margin)")
				}
			}
			if !existed {
				for _, f := range []string{"min_origins", "min_reliability", "max_credibility", "review"} {
					if !given[f] {
						bad(sk, "standards."+stage+"."+f, "missing (a stage without default rules must give every field)")
					}
				}
			}
			r.Standards[stage] = sr
		}
	}
	return r, errors.Join(errs...)
}

// reliabilityRank is 0 for A … 5 for F, -1 for anything else.
func reliabilityRank(g string) int {
	if len(g) != 1 || g[0] < 'A' || g[0] > 'F' {
		return -1
	}
	return int(g[0] - 'A')
}

// gradeRank is the rank used in assessment: an empty or unknown grade counts as F.
func gradeRank(g string) int {
	if r := reliabilityRank(g); r >= 0 {
		return r
	}
	return 5
}
