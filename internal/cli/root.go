// Package cli is dossier's command tree: one file per verb, each turning flags into calls on the
// domain packages and their results into text, JSON or files. It holds no domain logic.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"dossier/internal/bundle"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

// Version is the program version, set at build time with -ldflags "-X dossier/internal/cli.Version=…".
var Version = "0.1.0-dev"

// Exit statuses.
const (
	ExitOK       = 0
	ExitFindings = 1 // checks failed or findings at or above the threshold
	ExitBadInput = 2 // bad usage or bad input
)

// ExitError carries an exit status with an error.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// badInput marks an error as the user's input being wrong (exit 2).
func badInput(err error) error { return &ExitError{Code: ExitBadInput, Err: err} }

// badInputf formats a bad-input error.
func badInputf(format string, args ...any) error { return badInput(fmt.Errorf(format, args...)) }

// env is what every command shares: global flags and the opened store.
type env struct {
	dbPath  string
	caseID  string
	who     string
	verbose bool
	stdout  io.Writer
	stderr  io.Writer
	log     *slog.Logger
}

// commands register themselves here (one file per verb).
var registry []func(*env) *cobra.Command

func register(f func(*env) *cobra.Command) { registry = append(registry, f) }

// NewRoot builds the command tree.
func NewRoot(stdout, stderr io.Writer) *cobra.Command {
	e := &env{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "dossier",
		Short: "Build a prosecution-ready international criminal case from open-source evidence",
		Long: `dossier turns open-source evidence into a prosecution-ready international criminal case:
preserved sources → dated facts and figures → the law's elements → an element-by-element
assessment of proof → an indictment and a background brief with footnotes, and a checker for
drafts written elsewhere.

Start with:  dossier demo --out demo-out    (the reference case, end to end)
The store is one SQLite file (--db, $DOSSIER_DB, default ./dossier.db) with its evidence
locker beside it (DB.blobs/ and DB.custody.jsonl); --db postgres://… uses a PostgreSQL server.

Exit status: 0 ok, 1 checks failed or findings, 2 bad usage or bad input.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	defDB := os.Getenv("DOSSIER_DB")
	if defDB == "" {
		defDB = "dossier.db"
	}
	pf := root.PersistentFlags()
	pf.StringVar(&e.dbPath, "db", defDB, "store: a SQLite file path, or a postgres:// URL ($DOSSIER_DB)")
	pf.StringVar(&e.caseID, "case", os.Getenv("DOSSIER_CASE"), "case id, when the store holds more than one ($DOSSIER_CASE)")
	pf.StringVar(&e.who, "as", defaultWho(), "who is acting, recorded in versions and the custody log ($DOSSIER_USER)")
	pf.BoolVarP(&e.verbose, "verbose", "v", false, "log progress to stderr")
	root.PersistentPreRun = func(cmd *cobra.Command, args []string) {
		lvl := slog.LevelWarn
		if e.verbose {
			lvl = slog.LevelDebug
		}
		e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: lvl}))
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return badInput(err) })
	for _, f := range registry {
		root.AddCommand(f(e))
	}
	return root
}

func defaultWho() string {
	if s := os.Getenv("DOSSIER_USER"); s != "" {
		return s
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// Main runs the program and returns its exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := NewRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	code := 1
	if errors.As(err, &ee) {
		code = ee.Code
	} else if isUsageError(err) {
		code = ExitBadInput
	}
	if ee == nil || ee.Err != nil {
		fmt.Fprintln(stderr, "dossier: "+err.Error())
	}
	return code
}

func isUsageError(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "unknown command") || strings.HasPrefix(s, "unknown flag") ||
		strings.HasPrefix(s, "accepts ") || strings.HasPrefix(s, "requires ") || strings.Contains(s, "invalid argument")
}

// blobDir and custodyPath are where the embedded store keeps its evidence locker.
func (e *env) blobDir() string {
	if isURL(e.dbPath) {
		return filepath.Join(os.Getenv("HOME"), ".dossier", "blobs")
	}
	return e.dbPath + ".blobs"
}

func (e *env) custodyPath() string {
	if isURL(e.dbPath) {
		return filepath.Join(os.Getenv("HOME"), ".dossier", "custody.jsonl")
	}
	return e.dbPath + ".custody.jsonl"
}

func isURL(s string) bool { return strings.Contains(s, "://") }

// change is a Change by the acting user.
func (e *env) change(why string) store.Change { return store.Change{Who: e.who, Why: why} }

// pickCase returns the case to work on: --case, or the only case in the store.
func (e *env) pickCase(ctx context.Context, s store.Store) (string, error) {
	if e.caseID != "" {
		return e.caseID, nil
	}
	ids, err := s.Cases(ctx)
	if err != nil {
		return "", err
	}
	switch len(ids) {
	case 0:
		return "", badInputf("store %s holds no case (dossier import DIR first)", e.dbPath)
	case 1:
		return ids[0], nil
	}
	return "", badInputf("store %s holds %d cases (%s): choose one with --case", e.dbPath, len(ids), strings.Join(ids, ", "))
}

// bundleError turns a refused bundle into a bad-input error listing file:line problems.
func bundleError(err error) error {
	var be *bundle.Error
	if errors.As(err, &be) {
		return badInput(err)
	}
	return err
}
