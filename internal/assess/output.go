package assess

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"dossier/internal/law"
)

// WriteText writes an assessment as plain text: the standard and rules, each count's elements
// with status and explanation, the legal issues and the gap report.
func WriteText(w io.Writer, a *Assessment) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Assessment of %s under %s\n%s\n", a.Case, a.Standard, a.Notice)
	if a.Forum != "" {
		fmt.Fprintf(&b, "Forum: %s\n", a.Forum)
	}
	fmt.Fprintf(&b, "\nRules:\n")
	for _, r := range a.Rules {
		fmt.Fprintf(&b, "  %s %s: %s\n", r.ID, r.Name, r.Text)
	}
	for _, c := range a.Counts {
		fmt.Fprintf(&b, "\nCount %d (%s): %s\n", c.Count, c.Charge, c.Title)
		fmt.Fprintf(&b, "  accused: %s; crime: %s; mode: %s; forum: %s\n", orID(c.AccusedName, c.Accused), c.CrimeName, c.ModeName, c.ForumName)
		if c.Principal != "" {
			fmt.Fprintf(&b, "  principal: %s", orID(c.PrincipalName, c.Principal))
			if c.Act != "" {
				fmt.Fprintf(&b, "; act: %s", c.Act)
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "  %s\n", summary(c.Summary))
		for _, g := range c.Groups {
			fmt.Fprintf(&b, "  group %s [%s]: %s\n", g.Group, g.Status, g.Explanation)
		}
		for _, e := range c.Elements {
			fmt.Fprintf(&b, "  %2d. [%s] %s (%s, %s, concerns the %s)\n", e.Number, e.Status, e.ID, e.Part, e.Type, e.Concerns)
			if e.ParaphraseOf != "" {
				fmt.Fprintf(&b, "      %s\n", flagText(e.Text+" "+law.ParaphraseTag, e.Unverified))
				fmt.Fprintf(&b, "      (dossier's statement of the condition in %s, whose words are: %q)\n", e.ParaphraseOf, e.ProvisionText)
			} else {
				fmt.Fprintf(&b, "      %s\n", flagText(e.Text, e.Unverified))
			}
			fmt.Fprintf(&b, "      %s\n", e.Explanation)
			for _, al := range e.Allegations {
				fmt.Fprintf(&b, "      alleged: %s\n", al)
			}
			for _, au := range e.AuthorityRefs {
				fmt.Fprintf(&b, "      authority: %s\n", au.Citation)
			}
		}
	}
	fmt.Fprintf(&b, "\nLegal issues (%d):\n", len(a.Issues))
	for i, is := range a.Issues {
		fmt.Fprintf(&b, "  %d. [count %d, %s] %s\n     %s\n", i+1, is.Count, is.Kind, flagText(is.Title, is.Unverified), is.Text)
		if len(is.Provisions) > 0 {
			fmt.Fprintf(&b, "     provisions: %s\n", strings.Join(is.Provisions, "; "))
		}
	}
	if a.Next != nil {
		fmt.Fprintf(&b, "\nGaps toward %s (%d elements not met):\n", a.Next, len(a.Gaps))
	} else {
		fmt.Fprintf(&b, "\nGaps at %s (%d elements not met):\n", a.Standard, len(a.Gaps))
	}
	for _, g := range a.Gaps {
		fmt.Fprintf(&b, "  count %d, element %d %s [%s]\n", g.Count, g.Number, g.Element, g.Status)
		for _, l := range g.Lacks {
			fmt.Fprintf(&b, "    - %s\n", l)
		}
		var ms []string
		for _, m := range g.Means {
			s := m.ID
			if m.Cited {
				s += " (cited)"
			}
			ms = append(ms, s)
		}
		if len(ms) > 0 {
			fmt.Fprintf(&b, "    evidence that would move it: %s\n", strings.Join(ms, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name + " (" + id + ")"
}

func flagText(s string, unverified bool) string {
	if unverified {
		return s + " [unverified]"
	}
	return s
}

func summary(m map[Status]int) string {
	var parts []string
	for _, s := range Statuses {
		parts = append(parts, fmt.Sprintf("%s %d", s, m[s]))
	}
	return strings.Join(parts, ", ")
}

// WriteCSV writes one row per count element.
func WriteCSV(w io.Writer, a *Assessment) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"count", "charge", "forum", "number", "element", "part", "type", "concerns", "unverified", "stage",
		"status", "rule", "supporting", "supporting_counting", "contradicting", "contradicting_counting", "origins", "best_reliability",
		"best_credibility", "explanation"}); err != nil {
		return err
	}
	for _, c := range a.Counts {
		for _, e := range c.Elements {
			cred := ""
			if e.BestCredibility > 0 {
				cred = fmt.Sprint(e.BestCredibility)
			}
			if err := cw.Write([]string{fmt.Sprint(c.Count), c.Charge, c.Forum, fmt.Sprint(e.Number), e.ID, e.Part, e.Type, e.Concerns,
				fmt.Sprint(e.Unverified), a.Stage, string(e.Status), e.Rule, fmt.Sprint(e.SupportingTotal), fmt.Sprint(e.SupportingCounting),
				fmt.Sprint(e.ContradictingTotal), fmt.Sprint(e.ContradictingCounted), fmt.Sprint(e.OriginsTotal), e.BestReliability, cred,
				e.Explanation}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
