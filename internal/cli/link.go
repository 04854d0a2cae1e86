package cli

import (
	"fmt"
	"strings"

	"dossier/internal/model"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

func init() { register(newLinkCmd) }

func newLinkCmd(e *env) *cobra.Command {
	var chargeID, reason, id string
	var supports, contradicts bool
	cmd := &cobra.Command{
		Use:   "link FACT ELEMENT --charge ID (--supports|--contradicts) --reason TEXT",
		Short: "Link a fact to an element of a count, for or against, with the reason (adds a finding)",
		Long: `Link records a finding: that FACT supports or contradicts ELEMENT of the count --charge, and
why. The element must be one of the count's elements (see dossier charges). An unknown fact,
element or charge is refused with exit status 2 and nothing is written. Linking the same fact to
the same element of the same count again replaces the earlier finding (a new version; the old one
stays in the history). The finding's id is CHARGE.ELEMENT.FACT unless --id is given.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			factID, element := args[0], args[1]
			if supports == contradicts {
				return badInputf("link: give exactly one of --supports or --contradicts")
			}
			if strings.TrimSpace(reason) == "" {
				return badInputf("link: --reason is required (say why the fact bears on the element)")
			}
			if chargeID == "" {
				return badInputf("link: --charge is required (see dossier charges)")
			}
			b, s, caseID, err := e.loadCase(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			stance := model.Supports
			if contradicts {
				stance = model.Contradicts
			}
			if id == "" {
				id = chargeID + "." + element + "." + factID
			}
			f := model.Finding{ID: id, Charge: chargeID, Element: element, Fact: factID, Stance: stance, Reason: strings.TrimSpace(reason), By: e.who}
			replaced := false
			for i := range b.Findings {
				if b.Findings[i].ID == id {
					b.Findings[i] = f
					replaced = true
				}
			}
			if !replaced {
				b.Findings = append(b.Findings, f)
			}
			var bad []string
			for _, p := range model.Errors(model.Validate(b, lawChecker())) {
				if p.Kind == model.KindFinding && p.ID == id {
					msg := fmt.Sprintf("link: %s: %s", p.Field, p.Msg)
					if p.Hint != "" {
						msg += " (" + p.Hint + ")"
					}
					bad = append(bad, msg)
				}
			}
			if len(bad) > 0 {
				return badInputf("%s", strings.Join(bad, "\n"))
			}
			rev, err := store.Put(ctx, s, caseID, model.KindFinding, id, &f, e.change(fmt.Sprintf("link %s %s %s (%s)", factID, stance, element, chargeID)))
			if err != nil {
				return fmt.Errorf("link: %w", err)
			}
			if err := e.recordCustody(ctx, "link", id, map[string]string{"fact": factID, "element": element, "charge": chargeID, "stance": string(stance)}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "finding %s: fact %s %s element %s of count %s (revision %d)\n", id, factID, stance, element, chargeID, rev)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&chargeID, "charge", "", "the count (charge id)")
	fl.BoolVar(&supports, "supports", false, "the fact supports the element")
	fl.BoolVar(&contradicts, "contradicts", false, "the fact contradicts the element")
	fl.StringVar(&reason, "reason", "", "why the fact bears on the element")
	fl.StringVar(&id, "id", "", "finding id (default CHARGE.ELEMENT.FACT)")
	return cmd
}
