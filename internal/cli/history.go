package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/internal/model"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

func init() {
	register(newHistoryCmd)
	register(newRemoveCmd)
}

func parseKind(s string) (model.Kind, error) {
	for _, k := range model.Kinds {
		if string(k) == s || string(k)+"s" == s {
			return k, nil
		}
	}
	var names []string
	for _, k := range model.Kinds {
		names = append(names, string(k))
	}
	return "", badInputf("unknown record kind %q (one of %s)", s, strings.Join(names, ", "))
}

func newHistoryCmd(e *env) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "history KIND ID",
		Short: "Every version of a record, with who changed it, when and why (tombstones included)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			kind, err := parseKind(args[0])
			if err != nil {
				return err
			}
			s, err := e.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer s.Close()
			caseID, err := e.pickCase(ctx, s)
			if err != nil {
				return err
			}
			vs, err := s.History(ctx, caseID, kind, args[1])
			if errors.Is(err, store.ErrNotFound) {
				return badInputf("no %s %q in case %s", kind, args[1], caseID)
			}
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(e.stdout, vs)
			}
			t := newTable(e.stdout, "REV", "OP", "AT", "WHO", "WHY")
			for _, v := range vs {
				t.row(fmt.Sprint(v.Rev), v.Op, v.At.UTC().Format(time.RFC3339), v.Who, v.Why)
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON (with each version's data)")
	return cmd
}

func newRemoveCmd(e *env) *cobra.Command {
	var why string
	cmd := &cobra.Command{
		Use:   "rm KIND ID --why REASON",
		Short: "Remove a record: it is tombstoned (kept, with who, when and why), never deleted",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			kind, err := parseKind(args[0])
			if err != nil {
				return err
			}
			if strings.TrimSpace(why) == "" {
				return badInputf("rm: --why is required: a removal keeps its reason")
			}
			s, err := e.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer s.Close()
			caseID, err := e.pickCase(ctx, s)
			if err != nil {
				return err
			}
			b, err := store.LoadBundle(ctx, s, caseID)
			if err != nil {
				return err
			}
			if refs := referrers(b, kind, args[1]); len(refs) > 0 {
				return badInputf("cannot remove %s %s: still referred to by %s", kind, args[1], strings.Join(refs, ", "))
			}
			if err := s.Tombstone(ctx, caseID, kind, args[1], e.change(why)); err != nil {
				if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDeleted) {
					return badInputf("rm: %s %q: %v", kind, args[1], err)
				}
				return err
			}
			if err := e.recordCustody(ctx, "tombstone", string(kind)+":"+args[1], map[string]string{"why": why, "case": caseID}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "tombstoned %s %s (history keeps every version)\n", kind, args[1])
			return nil
		},
	}
	cmd.Flags().StringVar(&why, "why", "", "the reason for the removal (required)")
	return cmd
}

// referrers lists the records that refer to kind/id, so that removing it would not leave the case
// inconsistent.
func referrers(b *model.Bundle, kind model.Kind, id string) []string {
	var out []string
	switch kind {
	case model.KindSource:
		for _, f := range b.Facts {
			for _, x := range f.Excerpts {
				if x.Source == id {
					out = append(out, "fact "+f.ID)
					break
				}
			}
		}
	case model.KindActor:
		for _, f := range b.Facts {
			for _, r := range f.Actors {
				if r.Actor == id {
					out = append(out, "fact "+f.ID)
					break
				}
			}
		}
		for _, c := range b.Charges {
			if c.Accused == id || c.Principal == id {
				out = append(out, "charge "+c.ID)
			}
		}
	case model.KindFact:
		for _, g := range b.Findings {
			if g.Fact == id {
				out = append(out, "finding "+g.ID)
			}
		}
	case model.KindCharge:
		for _, g := range b.Findings {
			if g.Charge == id {
				out = append(out, "finding "+g.ID)
			}
		}
	}
	if len(out) > 5 {
		out = append(out[:5], fmt.Sprintf("and %d more", len(out)-5))
	}
	return out
}
