package cli

import (
	"bytes"
	"context"
	"fmt"

	"dossier/internal/assess"

	"github.com/spf13/cobra"
)

func init() {
	register(newAssessCmd)
	registerDemoStep("assessment and heat map", demoAssess)
}

func newAssessCmd(e *env) *cobra.Command {
	var forum, stage, htmlOut, rulesFile string
	var jsonOut, csvFlag bool
	cmd := &cobra.Command{
		Use:   "assess [--forum F] [--stage S] [--json|--csv|--html FILE] [--rules FILE]",
		Short: "Assess every element of every count under a stage's standard of proof, with explanations, legal issues and gaps",
		Long: `Assess gives every element of every count a status under the standard of proof of a stage
(warrant: reasonable grounds to believe; confirmation: substantial grounds to believe; trial:
beyond reasonable doubt): met, not met, contested or no evidence. The status is decided by
written rules (R1–R5, docs/assessment.md) from the findings: how many independent origins
support the element, the sources' reliability, the facts' credibility and review status, and
the contradicting facts. Every status is explained in words naming the facts and sources. The
assessment also lists the legal issues it detects and, for each element short of the next
stage's standard, what kind of evidence would move it. --rules FILE overrides the default
thresholds (YAML). The stage defaults to the case's stage. Exit status 0.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := lawLibrary()
			if err != nil {
				return err
			}
			opt := assess.Options{Forum: forum, Stage: stage}
			if rulesFile != "" {
				r, err := assess.LoadRules(rulesFile)
				if err != nil {
					return badInput(err)
				}
				opt.Rules = &r
			}
			b, s, _, err := e.loadCase(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			a, err := assess.Run(lib, b, opt)
			if err != nil {
				return badInput(fmt.Errorf("assess: %w", err))
			}
			if htmlOut != "" {
				var buf bytes.Buffer
				if err := assess.WriteHeatMap(&buf, a); err != nil {
					return err
				}
				if err := writeFileAtomic(htmlOut, buf.Bytes()); err != nil {
					return err
				}
				if !jsonOut && !csvFlag {
					fmt.Fprintf(e.stdout, "wrote %s\n", htmlOut)
					return nil
				}
			}
			switch {
			case jsonOut:
				return writeJSON(e.stdout, a)
			case csvFlag:
				return assess.WriteCSV(e.stdout, a)
			}
			return assess.WriteText(e.stdout, a)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&forum, "forum", "", "assess only the counts charged in this forum (e.g. icc, stca-ukraine, national-uj)")
	fl.StringVar(&stage, "stage", "", "procedural stage: warrant, confirmation or trial (default: the case's stage)")
	fl.BoolVar(&jsonOut, "json", false, "write JSON")
	fl.BoolVar(&csvFlag, "csv", false, "write CSV (one row per element)")
	fl.StringVar(&htmlOut, "html", "", "write the proof matrix as a self-contained HTML heat map to FILE")
	fl.StringVar(&rulesFile, "rules", "", "YAML file overriding the assessment rules")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	return cmd
}

// demoAssess writes assessment-<forum>.json and heatmap-<forum>.html for each forum the reference
// case is charged under.
func demoAssess(ctx context.Context, d *demoRun) error {
	lib, err := lawLibrary()
	if err != nil {
		return err
	}
	var forums []string
	for _, c := range d.b.Charges {
		if !containsString(forums, c.Forum) {
			forums = append(forums, c.Forum)
		}
	}
	for _, f := range forums {
		a, err := assess.Run(lib, d.b, assess.Options{Forum: f})
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := writeJSON(&buf, a); err != nil {
			return err
		}
		if err := d.file("assessment-"+f+".json", buf.Bytes()); err != nil {
			return err
		}
		buf.Reset()
		if err := assess.WriteHeatMap(&buf, a); err != nil {
			return err
		}
		if err := d.file("heatmap-"+f+".html", buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
