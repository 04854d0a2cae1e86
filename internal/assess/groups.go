package assess

import (
	"fmt"
	"slices"
	"strings"
)

// GroupResult is a group of alternative elements of a count (law.Element.Group): any one
// alternative suffices. An alternative is one element or, for preconditions with triggers, all
// the group's preconditions of one jurisdiction route (e.g. art. 15 bis: State referral or
// proprio motu; art. 15 ter: Security Council referral), all of which must be met.
type GroupResult struct {
	Group        string        `json:"group"`
	Status       Status        `json:"status"`
	Explanation  string        `json:"explanation"`
	Alternatives []Alternative `json:"alternatives"`
}

// Alternative is one way of satisfying a group: its status is the weakest of its elements'.
type Alternative struct {
	Name     string   `json:"name"`
	Elements []string `json:"elements"`
	Status   Status   `json:"status"`
}

// strength orders statuses for combining alternatives: met > contested > not met > no evidence.
func strength(s Status) int {
	switch s {
	case Met:
		return 3
	case Contested:
		return 2
	case NotMet:
		return 1
	}
	return 0
}

// alternatives returns a group's alternatives as element indexes of the count.
func alternatives(cs *countState, group string) (names []string, alts [][]int) {
	var members []int
	triggers := false
	for i := range cs.elems {
		if cs.elems[i].Group == group {
			members = append(members, i)
			triggers = triggers || len(cs.elems[i].Triggers) > 0
		}
	}
	if !triggers {
		for _, i := range members {
			names = append(names, cs.elems[i].ID)
			alts = append(alts, []int{i})
		}
		return names, alts
	}
	for _, i := range members {
		for _, tr := range cs.elems[i].Triggers {
			var alt []int
			for _, j := range members {
				if slices.Contains(cs.elems[j].Triggers, tr) {
					alt = append(alt, j)
				}
			}
			// routes with the same preconditions are one alternative ("state-referral / proprio-motu")
			if k := slices.IndexFunc(alts, func(x []int) bool { return slices.Equal(x, alt) }); k >= 0 {
				if !slices.Contains(strings.Split(names[k], " / "), tr) {
					names[k] += " / " + tr
				}
				continue
			}
			names = append(names, tr)
			alts = append(alts, alt)
		}
	}
	return names, alts
}

// groupStatus is a group's status under stage si, with its alternatives.
func (a *Assessor) groupStatus(cs *countState, group string, si int) (Status, []Alternative) {
	names, alts := alternatives(cs, group)
	best := NoEvidence
	var out []Alternative
	for k, alt := range alts {
		st := Met
		var ids []string
		for _, i := range alt {
			ids = append(ids, cs.elems[i].ID)
			if s := a.eval(cs.cells[i], si).status; strength(s) < strength(st) {
				st = s
			}
		}
		out = append(out, Alternative{Name: names[k], Elements: ids, Status: st})
		if strength(st) > strength(best) {
			best = st
		}
	}
	return best, out
}

// groups returns the count's groups of alternatives under the assessed stage.
func (a *Assessor) groups(cs *countState) []GroupResult {
	var seen []string
	var out []GroupResult
	std := a.stages[a.cur].std
	for _, e := range cs.elems {
		if e.Group == "" || slices.Contains(seen, e.Group) {
			continue
		}
		seen = append(seen, e.Group)
		st, alts := a.groupStatus(cs, e.Group, a.cur)
		var parts []string
		for _, alt := range alts {
			var els []string
			for _, id := range alt.Elements {
				i := cs.elemIdx[id]
				els = append(els, fmt.Sprintf("element %d %s", cs.elems[i].Number, a.eval(cs.cells[i], a.cur).status))
			}
			how := ""
			if len(alt.Elements) > 1 {
				how = ", all required"
			}
			parts = append(parts, fmt.Sprintf("%s (%s%s) is %s", alt.Name, strings.Join(els, ", "), how, alt.Status))
		}
		out = append(out, GroupResult{Group: e.Group, Status: st, Alternatives: alts,
			Explanation: fmt.Sprintf("Alternatives, any one of which suffices: %s. The group is %s under %s (%s): the strongest alternative decides, and an alternative is as strong as its weakest element.",
				strings.Join(parts, "; "), st, std.Name, std.Stage)})
	}
	return out
}
