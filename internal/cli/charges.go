package cli

import (
	"fmt"

	"dossier/internal/assess"

	"github.com/spf13/cobra"
)

func init() { register(newChargesCmd) }

// chargeOut is a count with its generated elements.
type chargeOut struct {
	ID             string                `json:"id"`
	Count          int                   `json:"count"`
	Title          string                `json:"title,omitempty"`
	Accused        string                `json:"accused"`
	Crime          string                `json:"crime"`
	Mode           string                `json:"mode"`
	Forum          string                `json:"forum"`
	Principal      string                `json:"principal,omitempty"`
	PrincipalCrime string                `json:"principal_crime,omitempty"`
	Elements       []assess.CountElement `json:"elements"`
}

func newChargesCmd(e *env) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "charges",
		Short: "List the counts with the elements the law gives them (crime, mode of liability, forum preconditions)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := lawLibrary()
			if err != nil {
				return err
			}
			b, s, _, err := e.loadCase(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			out := []chargeOut{}
			for i := range b.Charges {
				c := &b.Charges[i]
				els, err := assess.Elements(lib, c)
				if err != nil {
					return badInput(err)
				}
				out = append(out, chargeOut{ID: c.ID, Count: c.Count, Title: c.Title, Accused: c.Accused, Crime: c.Crime, Mode: c.Mode,
					Forum: c.Forum, Principal: c.Principal, PrincipalCrime: c.PrincipalCrime, Elements: els})
			}
			if jsonOut {
				return writeJSON(e.stdout, out)
			}
			for _, c := range out {
				fmt.Fprintf(e.stdout, "Count %d (%s): %s\n  accused %s; crime %s; mode %s; forum %s", c.Count, c.ID, c.Title, c.Accused, c.Crime, c.Mode, c.Forum)
				if c.Principal != "" {
					fmt.Fprintf(e.stdout, "; principal %s", c.Principal)
				}
				if c.PrincipalCrime != "" {
					fmt.Fprintf(e.stdout, " (%s)", c.PrincipalCrime)
				}
				fmt.Fprintln(e.stdout)
				t := newTable(e.stdout, "  #", "ELEMENT", "PART", "TYPE", "CONCERNS", "TEXT")
				for _, el := range c.Elements {
					t.row(fmt.Sprintf("  %d", el.Number), el.ID, el.Part, el.Type, el.Concerns, truncate(el.Label()[len(fmt.Sprint(el.Number))+2:], 90))
				}
				if err := t.flush(); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	return cmd
}
