package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"

	"dossier/internal/audit"
	"dossier/internal/bagit"
	"dossier/internal/blob"
	"dossier/internal/capture"
	"dossier/internal/model"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

func init() { register(newVerifyCmd) }

// verifyProblem is one defect found by verify: what, where, expected, found.
type verifyProblem struct {
	Check    string `json:"check"` // blobs, custody, refs, bag
	Kind     string `json:"kind"`
	Where    string `json:"where"`
	Expected string `json:"expected,omitempty"`
	Found    string `json:"found,omitempty"`
	Msg      string `json:"message,omitempty"`
}

func (p verifyProblem) String() string {
	s := fmt.Sprintf("%s: %s: %s", p.Check, p.Where, p.Kind)
	if p.Msg != "" {
		s += ": " + p.Msg
	}
	if p.Expected != "" || p.Found != "" {
		s += fmt.Sprintf(" (expected %s, found %s)", orDash(p.Expected), orDash(p.Found))
	}
	return s
}

// verifyReport is what verify found.
type verifyReport struct {
	Blobs    int             `json:"blobs"`
	Entries  int             `json:"custody_entries"`
	Captures int             `json:"captures"`
	Refs     int             `json:"refs_checked"`
	Bag      string          `json:"bag,omitempty"`
	Problems []verifyProblem `json:"problems"`
}

// blobRef is a blob a record or entry names, with its size when known (-1 otherwise).
type blobRef struct {
	ref, where string
	size       int64
}

// captureRefs lists the blobs a capture refers to. Failed captures refer to none.
func captureRefs(c *model.Capture) []blobRef {
	if c.Error != "" {
		return nil
	}
	where := "capture " + c.ID
	var out []blobRef
	if c.Meta[metaWARCOffset] == "" { // a batch WARC holds the body; no blob of its own
		out = append(out, blobRef{blob.Prefix + c.SHA256, where + " sha256", c.Size})
	}
	size := func(k string) int64 {
		if n, err := strconv.ParseInt(c.Meta[k], 10, 64); err == nil {
			return n
		}
		return -1
	}
	if c.WARC != "" {
		out = append(out, blobRef{blob.Prefix + c.WARC, where + " warc", size("warc_size")})
	}
	if c.Text != "" {
		out = append(out, blobRef{blob.Prefix + c.Text, where + " text", -1})
	}
	return out
}

// verifyLocker checks the blob store, the custody log and every blob ref named by the store's
// capture records (all cases, tombstoned ones included) and by the log.
func (e *env) verifyLocker(ctx context.Context, s store.Store) (*verifyReport, error) {
	rep := &verifyReport{Problems: []verifyProblem{}}
	add := func(p verifyProblem) { rep.Problems = append(rep.Problems, p) }

	// 1. Every blob re-hashed.
	var dir *blob.Dir
	if _, err := os.Stat(e.blobDir()); err == nil {
		if dir, err = blob.NewDir(e.blobDir()); err != nil {
			return nil, err
		}
		n, err := blob.Verify(ctx, dir, func(p blob.Problem) {
			where := p.Path
			if where == "" {
				where = dir.Path(p.Ref)
			}
			msg := ""
			if p.Err != nil {
				msg = p.Err.Error()
			}
			add(verifyProblem{Check: "blobs", Kind: p.Kind, Where: where, Expected: p.Expected, Found: p.Actual, Msg: msg})
		})
		if err != nil {
			return nil, fmt.Errorf("verify blobs: %w", err)
		}
		rep.Blobs = n
	}
	stat := func(ref string) (int64, error) {
		r, err := blob.Parse(ref)
		if err != nil {
			return 0, err
		}
		if dir == nil {
			return 0, blob.ErrNotFound
		}
		return dir.Stat(ctx, r)
	}
	checkRef := func(b blobRef) {
		rep.Refs++
		n, err := stat(b.ref)
		switch {
		case errors.Is(err, blob.ErrNotFound):
			add(verifyProblem{Check: "refs", Kind: "missing-blob", Where: b.where, Expected: b.ref, Found: "no such blob in " + e.blobDir()})
		case err != nil:
			add(verifyProblem{Check: "refs", Kind: "bad-ref", Where: b.where, Msg: err.Error()})
		case b.size >= 0 && n != b.size:
			add(verifyProblem{Check: "refs", Kind: "size-mismatch", Where: b.where + " " + b.ref, Expected: strconv.FormatInt(b.size, 10) + " bytes", Found: strconv.FormatInt(n, 10) + " bytes"})
		}
	}

	// 2. The custody log.
	logPath := e.custodyPath()
	_, lerr := os.Stat(logPath)
	_, herr := os.Stat(audit.HeadPath(logPath))
	if lerr == nil || herr == nil {
		arep, err := audit.Verify(ctx, logPath)
		if err != nil {
			return nil, fmt.Errorf("verify custody log: %w", err)
		}
		rep.Entries = arep.Entries
		for _, p := range arep.Problems {
			where := p.Path
			if p.Line > 0 {
				where += ":" + strconv.Itoa(p.Line)
			} else {
				where = audit.HeadPath(p.Path)
			}
			add(verifyProblem{Check: "custody", Kind: p.Kind, Where: where, Msg: p.Msg})
		}
		if lerr == nil {
			err := audit.Read(ctx, logPath, func(line int, en audit.Entry) error {
				for _, b := range en.Blobs {
					checkRef(blobRef{ref: b, where: fmt.Sprintf("%s:%d (seq %d, %s %s)", logPath, line, en.Seq, en.Action, en.Subject), size: -1})
				}
				return nil
			})
			if err != nil {
				// Read stops at a line Verify has already reported.
				e.log.Debug("custody log read stopped", "err", err)
			}
		}
	} else if !errors.Is(lerr, fs.ErrNotExist) {
		return nil, fmt.Errorf("verify custody log: %w", lerr)
	}

	// 3. Every blob a capture record names.
	if s != nil {
		cases, err := s.Cases(ctx)
		if err != nil {
			return nil, fmt.Errorf("verify: list cases: %w", err)
		}
		sort.Strings(cases)
		for _, caseID := range cases {
			recs, err := s.List(ctx, caseID, model.KindCapture, store.ListOptions{Deleted: true})
			if err != nil {
				return nil, fmt.Errorf("verify: list captures of %s: %w", caseID, err)
			}
			for _, r := range recs {
				var c model.Capture
				if err := json.Unmarshal(r.Data, &c); err != nil {
					add(verifyProblem{Check: "refs", Kind: "bad-record", Where: "case " + caseID + " capture " + r.ID, Msg: err.Error()})
					continue
				}
				rep.Captures++
				for _, b := range captureRefs(&c) {
					if len(cases) > 1 {
						b.where = "case " + caseID + " " + b.where
					}
					checkRef(b)
				}
				if p := checkSegment(ctx, dir, &c); p != nil {
					if len(cases) > 1 {
						p.Where = "case " + caseID + " " + p.Where
					}
					add(*p)
				}
			}
		}
	}
	return rep, nil
}

// checkSegment re-reads the records of a capture kept in a batch WARC (its segment, at
// meta warc.offset and warc.length), checks their framing and digests, and checks the segment's
// SHA-256 and its response payload's SHA-256 and size against the capture record. It returns
// nil when the record is not in a batch WARC, when the WARC blob is missing (the refs check
// reports that), or when everything matches.
func checkSegment(ctx context.Context, dir *blob.Dir, c *model.Capture) *verifyProblem {
	if c.Error != "" || c.Meta[metaWARCOffset] == "" || dir == nil {
		return nil
	}
	where := "capture " + c.ID + " warc record"
	bad := func(kind, exp, found, msg string) *verifyProblem {
		return &verifyProblem{Check: "refs", Kind: kind, Where: where, Expected: exp, Found: found, Msg: msg}
	}
	off, err1 := strconv.ParseInt(c.Meta[metaWARCOffset], 10, 64)
	n, err2 := strconv.ParseInt(c.Meta[metaWARCLength], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return bad("bad-record", "", "", "warc.offset / warc.length: "+err.Error())
	}
	ref, err := blob.ParseHex(c.WARC)
	if err != nil {
		return bad("bad-ref", "", "", err.Error())
	}
	if _, err := dir.Stat(ctx, ref); err != nil {
		return nil
	}
	f, err := os.Open(dir.Path(ref))
	if err != nil {
		return bad("unreadable-warc", "", "", err.Error())
	}
	defer f.Close()
	seg, err := capture.CheckSegment(f, off, n)
	switch {
	case err != nil:
		return bad("warc-record-damaged", "", "", err.Error())
	case c.Meta[metaWARCSegment] != "" && seg.SHA256 != c.Meta[metaWARCSegment]:
		return bad("warc-record-mismatch", "records sha256 "+c.Meta[metaWARCSegment], "sha256 "+seg.SHA256, "")
	case seg.PayloadSHA256 != c.SHA256:
		return bad("payload-mismatch", "payload sha256 "+c.SHA256, "sha256 "+seg.PayloadSHA256, "")
	case seg.PayloadSize != c.Size:
		return bad("payload-size-mismatch", strconv.FormatInt(c.Size, 10)+" bytes", strconv.FormatInt(seg.PayloadSize, 10)+" bytes", "")
	}
	return nil
}

func bagProblems(ctx context.Context, dir string) (*verifyReport, error) {
	probs, err := bagit.Verify(ctx, dir)
	if err != nil {
		return nil, badInputf("verify bag %s: %v", dir, err)
	}
	rep := &verifyReport{Bag: dir, Problems: []verifyProblem{}}
	for _, p := range probs {
		where := p.File
		if p.Line > 0 {
			where += ":" + strconv.Itoa(p.Line)
		}
		rep.Problems = append(rep.Problems, verifyProblem{Check: "bag", Kind: p.Kind, Where: where, Msg: p.Msg})
	}
	return rep, nil
}

func newVerifyCmd(e *env) *cobra.Command {
	var (
		jsonOut bool
		bagDir  string
	)
	cmd := &cobra.Command{
		Use:   "verify [--json] [--bag DIR]",
		Short: "Fixity check: re-hash every blob, check the custody log, check that every referenced blob exists",
		Long: `Verify re-hashes every blob of the evidence locker (DB.blobs/), checks the whole custody log
(DB.custody.jsonl: hash chain, sequence, canonical form, head), and checks that every blob named
by a capture record of the store (any case, tombstoned captures included) or by a custody entry
exists, with the recorded size where one is recorded. A capture kept in a batch WARC (a WARC
file shared by several captures of one command) has its records re-read at their offset: framing,
block and payload digests, the records' SHA-256, and the body's SHA-256 and size as recorded. Each problem is one line: which check,
where, what, expected and found. --bag DIR verifies a BagIt bag (dossier bag) instead.

Exit 0 when clean, 1 when a problem was found.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var rep *verifyReport
			if bagDir != "" {
				r, err := bagProblems(ctx, bagDir)
				if err != nil {
					return err
				}
				rep = r
			} else {
				s, err := e.openStore(ctx, false)
				if err != nil {
					return err
				}
				defer s.Close()
				if rep, err = e.verifyLocker(ctx, s); err != nil {
					return err
				}
			}
			if jsonOut {
				if err := writeJSON(e.stdout, rep); err != nil {
					return err
				}
			} else {
				for _, p := range rep.Problems {
					fmt.Fprintln(e.stdout, p.String())
				}
				if bagDir != "" {
					fmt.Fprintf(e.stdout, "bag %s: %d problem(s)\n", bagDir, len(rep.Problems))
				} else {
					fmt.Fprintf(e.stdout, "%d blob(s) re-hashed, %d custody entries checked, %d capture record(s), %d blob reference(s): %d problem(s)\n",
						rep.Blobs, rep.Entries, rep.Captures, rep.Refs, len(rep.Problems))
				}
			}
			if len(rep.Problems) > 0 {
				return &ExitError{Code: ExitFindings, Err: fmt.Errorf("verify: %d problem(s)", len(rep.Problems))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().StringVar(&bagDir, "bag", "", "verify this BagIt bag instead of the store")
	return cmd
}
