// Package audit is the evidence locker's custody log: an append-only,
// hash-chained record of every action on evidence (capture, add, recapture,
// metadata change, export, tombstone, import, allow-loopback, ...).
//
// The log is a JSON Lines file. Each line is one Entry encoded canonically
// (encoding/json of the Entry struct, fields in declaration order, map keys
// sorted, no insignificant whitespace). The entry's hash is "sha256-<hex>" of
// the canonical encoding of the entry with its hash field omitted, and each
// entry carries the hash of the previous one (prev), so changing, inserting,
// reordering or removing any entry breaks the chain. Because the line must
// equal its canonical encoding byte for byte, any single-byte change
// anywhere in the file is detected.
//
// Cutting entries off the end of a hash chain leaves a valid shorter chain,
// so after every append the writer also records the last seq and hash in a
// head file (<log>.head, replaced atomically). Verify compares the two and
// reports truncation. The head may lag the log by exactly one entry (a crash
// between the log fsync and the head rename); the next Open repairs it.
//
// AppendBatch writes many entries with one write and one fsync (group commit). It first
// announces the batch in the head ({"seq","hash","batch"}), so that a crash part way — some
// entries written, the last possibly cut — is recognised as an interrupted append: Verify accepts
// it and the next Open drops the cut line and rewrites the head.
//
// Appends are serialised within a process by a mutex and across processes by
// an flock on <log>.lock; the log is opened O_APPEND and fsynced after each
// entry, before Append returns.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// Actions recorded by the locker. Other lowercase hyphenated words are allowed.
const (
	ActionCapture        = "capture"
	ActionAdd            = "add"
	ActionRecapture      = "recapture"
	ActionMetadataChange = "metadata-change"
	ActionExport         = "export"
	ActionTombstone      = "tombstone"
	ActionImport         = "import"
	ActionAllowLoopback  = "allow-loopback"
	ActionCaptureFailed  = "capture-failed"
	ActionVerify         = "verify"
)

// HashPrefix prefixes every entry hash.
const HashPrefix = "sha256-"

// Entry is one custody record. Seq, Prev and Hash are set by Append; Time is
// set by Append when zero. Blobs lists the blob refs ("sha256-<hex>")
// involved; Details holds anything else (URLs, old and new values, digests).
type Entry struct {
	Seq     int64             `json:"seq"`
	Time    time.Time         `json:"time"`
	Actor   string            `json:"actor"`
	Action  string            `json:"action"`
	Subject string            `json:"subject"`
	Blobs   []string          `json:"blobs,omitempty"`
	Details map[string]string `json:"details,omitempty"`
	Prev    string            `json:"prev"`
	Hash    string            `json:"hash,omitempty"`
}

var actionRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// ComputeHash returns the hash of e's canonical encoding without its hash.
func ComputeHash(e Entry) (string, error) {
	e.Hash = ""
	b, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("encode custody entry %d: %w", e.Seq, err)
	}
	sum := sha256.Sum256(b)
	return HashPrefix + hex.EncodeToString(sum[:]), nil
}

// encodeLine returns the canonical line for e (which must carry its hash),
// including the final newline.
func encodeLine(e Entry) ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode custody entry %d: %w", e.Seq, err)
	}
	return append(b, '\n'), nil
}

// checkFields validates the content of an entry (not its chain position).
func checkFields(e Entry) []string {
	var bad []string
	if e.Actor == "" {
		bad = append(bad, "actor: empty")
	}
	if !actionRE.MatchString(e.Action) {
		bad = append(bad, fmt.Sprintf("action: %q is not a lowercase hyphenated word", e.Action))
	}
	if e.Time.IsZero() {
		bad = append(bad, "time: missing")
	} else if e.Time.Location() != time.UTC {
		bad = append(bad, fmt.Sprintf("time: %s is not UTC", e.Time.Format(time.RFC3339Nano)))
	}
	for i, b := range e.Blobs {
		if !isHash(b) {
			bad = append(bad, fmt.Sprintf("blobs[%d]: %q is not a sha256-<hex> ref", i, b))
		}
	}
	return bad
}

func isHash(s string) bool {
	if len(s) != len(HashPrefix)+64 || s[:len(HashPrefix)] != HashPrefix {
		return false
	}
	for _, c := range []byte(s[len(HashPrefix):]) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// parseLine decodes one line strictly.
func parseLine(line []byte) (Entry, error) {
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Entry{}, err
	}
	if dec.More() {
		return Entry{}, fmt.Errorf("trailing data after the entry")
	}
	return e, nil
}

// head is the content of the head file.
type head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	// Batch, when set, announces an AppendBatch of that many entries after Seq: until the head
	// is rewritten, the log may hold up to Batch entries beyond Seq, the last possibly cut short
	// by a crash (Open repairs both).
	Batch int64 `json:"batch,omitempty"`
}

// allowedLag is how many entries the log may hold beyond the head after an interrupted append.
func (h head) allowedLag() int64 { return max(1, h.Batch) }

// HeadPath returns the head file path for a log path.
func HeadPath(logPath string) string { return logPath + ".head" }

// LockPath returns the lock file path for a log path.
func LockPath(logPath string) string { return logPath + ".lock" }
