package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"dossier/internal/audit"
	"dossier/internal/bagit"
	"dossier/internal/blob"
	"dossier/internal/bundle"
	"dossier/internal/model"

	"github.com/spf13/cobra"
)

func init() {
	register(newBagCmd)
	registerDemoStep("evidence locker: verify and BagIt export", demoLocker)
}

// bagCapture says which capture and source a blob in data/captures/ belongs to.
type bagCapture struct {
	Path    string `json:"path"` // under data/
	Ref     string `json:"ref"`
	Role    string `json:"role"` // body, warc, text
	Capture string `json:"capture"`
	Source  string `json:"source,omitempty"`
	URL     string `json:"url,omitempty"`
	Size    int64  `json:"size"`
	// A capture kept in a batch WARC: its records are Length bytes at Offset of the WARC,
	// and its body (SHA256) is the payload of the last response record among them.
	Offset *int64 `json:"offset,omitempty"`
	Length int64  `json:"length,omitempty"`
	SHA256 string `json:"body_sha256,omitempty"`
}

// bagResult describes a written bag.
type bagResult struct {
	Dir               string `json:"dir"`
	Files             int    `json:"files"`
	Octets            int64  `json:"octets"`
	Blobs             int    `json:"blobs"`
	CustodySeq        int64  `json:"custody_seq"`
	CustodyHash       string `json:"custody_hash,omitempty"`
	TagManifestSHA256 string `json:"tagmanifest_sha256"`
}

// writeBag writes the case as a BagIt bag at dir: data/bundle/ (the case bundle), data/captures/
// (every blob a capture refers to, named by ref, and index.json saying whose it is) and
// data/custody/ (the custody log and its head), then appends an export custody entry naming
// the bag's tag manifest digest. The custody log is locked while the bag is written, so the copy
// in the bag is consistent with its head.
func (e *env) writeBag(ctx context.Context, dir string, b *model.Bundle) (*bagResult, error) {
	if _, err := os.Lstat(dir); err == nil {
		return nil, badInputf("bag %s: already exists (a bag is never overwritten)", dir)
	}
	files, err := bundle.Encode(b)
	if err != nil {
		return nil, fmt.Errorf("bag: encode case: %w", err)
	}
	var payload []bagit.File
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		payload = append(payload, bagit.FromBytes(files[name], "bundle/"+filepath.ToSlash(name)))
	}

	// Captures' blobs.
	var index []bagCapture
	seen := map[string]bool{}
	var locker *blob.Dir
	if _, err := os.Stat(e.blobDir()); err == nil {
		if locker, err = blob.NewDir(e.blobDir()); err != nil {
			return nil, err
		}
	}
	for i := range b.Captures {
		c := &b.Captures[i]
		for _, r := range captureRefs(c) {
			ref, err := blob.Parse(r.ref)
			if err != nil {
				return nil, fmt.Errorf("bag: capture %s: %w", c.ID, err)
			}
			if locker == nil {
				return nil, fmt.Errorf("bag: capture %s refers to %s but there is no evidence locker at %s (dossier verify)", c.ID, ref, e.blobDir())
			}
			size, err := locker.Stat(ctx, ref)
			if err != nil {
				return nil, fmt.Errorf("bag: capture %s: %w (dossier verify)", c.ID, err)
			}
			role := strings.TrimPrefix(r.where, "capture "+c.ID+" ")
			if role == "sha256" {
				role = "body"
			}
			p := "captures/" + ref.String()
			bc := bagCapture{Path: p, Ref: ref.String(), Role: role, Capture: c.ID, Source: c.Source, URL: c.URL, Size: size}
			if role == "warc" && c.Meta[metaWARCOffset] != "" {
				off, err1 := strconv.ParseInt(c.Meta[metaWARCOffset], 10, 64)
				n, err2 := strconv.ParseInt(c.Meta[metaWARCLength], 10, 64)
				if err1 == nil && err2 == nil {
					bc.Offset, bc.Length, bc.SHA256 = &off, n, c.SHA256
				}
			}
			index = append(index, bc)
			if !seen[p] {
				seen[p] = true
				payload = append(payload, bagit.FromBlob(ctx, locker, ref, p))
			}
		}
	}
	var ib bytes.Buffer
	if err := writeJSON(&ib, nonNil(index)); err != nil {
		return nil, err
	}
	payload = append(payload, bagit.FromBytes(ib.Bytes(), "captures/index.json"))

	// The custody log, locked so that nothing is appended while it is copied and the export is
	// recorded.
	logPath := e.custodyPath()
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		return nil, fmt.Errorf("custody log: %w", err)
	}
	l, err := audit.Open(ctx, logPath)
	if err != nil {
		return nil, fmt.Errorf("bag: custody log: %w", err)
	}
	defer l.Close()
	seq, last := l.Head()
	for p, name := range map[string]string{logPath: "custody.jsonl", audit.HeadPath(logPath): "custody.jsonl.head"} {
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("bag: read %s: %w", p, err)
		}
		payload = append(payload, bagit.FromBytes(data, "custody/"+name))
	}

	res, err := bagit.Write(ctx, dir, payload, bagit.Options{Info: []bagit.Field{
		{Label: "Source-Organization", Value: "dossier"},
		{Label: "External-Identifier", Value: b.Case.ID},
		{Label: "External-Description", Value: b.Case.Title},
		{Label: "Bag-Group-Identifier", Value: b.Case.ID},
		{Label: "Custody-Log-Seq", Value: strconv.FormatInt(seq, 10)},
		{Label: "Custody-Log-Hash", Value: last},
		{Label: "Contact-Name", Value: e.who},
	}})
	if err != nil {
		return nil, fmt.Errorf("bag %s: %w", dir, err)
	}
	tm, err := os.ReadFile(filepath.Join(dir, "tagmanifest-sha256.txt"))
	if err != nil {
		return nil, fmt.Errorf("bag %s: %w", dir, err)
	}
	sum := sha256.Sum256(tm)
	out := &bagResult{Dir: dir, Files: res.Files, Octets: res.Octets, Blobs: len(seen), CustodySeq: seq, CustodyHash: last,
		TagManifestSHA256: hex.EncodeToString(sum[:])}
	abs, _ := filepath.Abs(dir)
	if _, err := l.Append(ctx, audit.Entry{Actor: e.who, Action: audit.ActionExport, Subject: b.Case.ID, Details: map[string]string{
		"format":             "bagit-1.0",
		"bag":                abs,
		"tagmanifest_sha256": out.TagManifestSHA256,
		"files":              strconv.Itoa(res.Files),
		"octets":             strconv.FormatInt(res.Octets, 10),
		"custody_seq":        strconv.FormatInt(seq, 10),
	}}); err != nil {
		return out, fmt.Errorf("bag %s written but not recorded in the custody log: %w", dir, err)
	}
	return out, nil
}

func newBagCmd(e *env) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "bag DIR [--json]",
		Short: "Export the case, its captures and the custody log as a BagIt bag (RFC 8493) with SHA-256 manifests",
		Long: `Bag writes DIR (which must not exist) as a BagIt 1.0 bag, verifiable by any BagIt validator and by
dossier verify --bag DIR:

  data/bundle/      the case as a plain-text bundle (dossier import reads it back)
  data/captures/    every blob a capture refers to (body, WARC, text), named by its ref, and
                    index.json: which capture, role, source and URL each belongs to
  data/custody/     the custody log and its head, as of the export

The bag is built beside DIR and renamed into place, so a failed export leaves nothing. The export
is recorded in the custody log with the SHA-256 of the bag's tagmanifest-sha256.txt, which pins
every file of the bag.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			b, s, _, err := e.loadCase(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			res, err := e.writeBag(ctx, args[0], b)
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(e.stdout, res)
			}
			fmt.Fprintf(e.stdout, "bag written: %s (%d payload files, %d bytes, %d capture blobs, custody log to seq %d)\ntagmanifest-sha256.txt sha256 %s (recorded in the custody log)\n",
				res.Dir, res.Files, res.Octets, res.Blobs, res.CustodySeq, res.TagManifestSHA256)
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	return cmd
}

// demoLocker verifies the demo store's locker and writes the case as a bag in OUT/bag/ (verified).
func demoLocker(ctx context.Context, d *demoRun) error {
	rep, err := d.e.verifyLocker(ctx, d.st)
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("demo: verify found %d problem(s): %s", len(rep.Problems), rep.Problems[0])
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, rep); err != nil {
		return err
	}
	if err := d.file("verify.json", buf.Bytes()); err != nil {
		return err
	}
	dir := filepath.Join(d.out, "bag")
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if _, err := d.e.writeBag(ctx, dir, d.b); err != nil {
		return err
	}
	brep, err := bagProblems(ctx, dir)
	if err != nil {
		return err
	}
	if len(brep.Problems) > 0 {
		return fmt.Errorf("demo: bag %s: %s", dir, brep.Problems[0])
	}
	d.wrote = append(d.wrote, dir+string(filepath.Separator))
	return nil
}
