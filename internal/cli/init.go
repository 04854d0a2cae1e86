package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func init() { register(newInitCmd) }

func newInitCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create an empty store (SQLite file and evidence locker) at --db",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := e.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer s.Close()
			fmt.Fprintf(e.stdout, "store ready: %s\n", e.dbPath)
			return nil
		},
	}
}
