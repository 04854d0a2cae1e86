package audit

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Problem kinds reported by Verify.
const (
	ProblemParse        = "parse"         // the line is not a valid entry
	ProblemNotCanonical = "not-canonical" // the line differs from the entry's canonical encoding
	ProblemHash         = "wrong-hash"    // the stored hash is not the hash of the entry
	ProblemChain        = "broken-chain"  // prev does not equal the previous entry's hash
	ProblemSeq          = "seq-gap"       // seq is not the previous seq + 1
	ProblemField        = "bad-field"     // a field is empty or malformed
	ProblemIncomplete   = "incomplete"    // the final line has no newline
	ProblemTruncated    = "truncated"     // the head records more than the log holds
	ProblemHead         = "head"          // the head file is missing, unreadable or inconsistent
)

// maxLine bounds one entry's size when reading.
const maxLine = 16 << 20

// Problem is one defect found by Verify. Line is 1-based (0 for the head).
type Problem struct {
	Path string
	Line int
	Kind string
	Msg  string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s: %s", p.Path, p.Kind, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.Path, p.Line, p.Kind, p.Msg)
}

// Report is the result of Verify.
type Report struct {
	Entries  int    // lines read
	LastSeq  int64  // seq of the last valid entry
	LastHash string // hash of the last valid entry
	HeadLag  bool   // the head trails the log after an interrupted append (one entry, or part of an announced batch)
	Problems []Problem
}

// OK reports whether no problem was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Verify checks every line of the custody log at path and its head file. The
// error is for I/O failures (including a log that does not exist and has no
// head); defects are listed in the report.
func Verify(ctx context.Context, path string) (*Report, error) {
	rep := &Report{}
	add := func(line int, kind, format string, args ...any) {
		rep.Problems = append(rep.Problems, Problem{Path: path, Line: line, Kind: kind, Msg: fmt.Sprintf(format, args...)})
	}
	// The head is read before and after the log. The writer fsyncs an entry
	// before it writes the head, so the head read first can never be ahead
	// of the log read afterwards unless entries were cut off; the head read
	// last shows whether an append ran concurrently with this check.
	h1, err1 := readHead(path)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err1 == nil || !errors.Is(err1, fs.ErrNotExist) {
			add(0, ProblemTruncated, "the log is missing but its head file %s exists", HeadPath(path))
			return rep, nil
		}
		return nil, fmt.Errorf("verify custody log: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("verify custody log: %w", err)
	}
	defer f.Close()

	hashes := map[int64]string{} // seq → hash of the last two entries
	var (
		prevSeq   int64
		prevHash  string
		prevKnown = true // false after an unparseable line
		lastLine  int
		partialNo int    // line number of a final line without newline
		h1Hash    string // hash of the entry at h1.Seq
		h1Seen    bool
	)
	r := bufio.NewReaderSize(f, 1<<16)
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("verify custody log: %w", err)
		}
		line, rerr := readLine(r)
		if rerr != nil && !errors.Is(rerr, io.EOF) && !errors.Is(rerr, errLineTooLong) {
			return nil, fmt.Errorf("verify custody log %s:%d: %w", path, lineNo, rerr)
		}
		if len(line) == 0 && errors.Is(rerr, io.EOF) {
			break
		}
		rep.Entries++
		lastLine = lineNo
		if errors.Is(rerr, errLineTooLong) {
			add(lineNo, ProblemParse, "line longer than %d bytes", maxLine)
			prevKnown = false
			continue
		}
		if line[len(line)-1] != '\n' {
			partialNo = lineNo // judged below, once the head has been re-read
			break
		}
		e, err := parseLine(line)
		if err != nil {
			add(lineNo, ProblemParse, "%v", err)
			prevKnown = false
			continue
		}
		if want, err := encodeLine(e); err == nil && !bytes.Equal(want, line) {
			add(lineNo, ProblemNotCanonical, "the line differs from the canonical encoding of its entry (edited by hand?)")
		}
		h, err := ComputeHash(e)
		if err != nil {
			add(lineNo, ProblemParse, "%v", err)
		} else if h != e.Hash {
			add(lineNo, ProblemHash, "seq %d: stored hash %s, computed %s", e.Seq, e.Hash, h)
		}
		for _, msg := range checkFields(e) {
			add(lineNo, ProblemField, "seq %d: %s", e.Seq, msg)
		}
		if prevKnown {
			if e.Seq != prevSeq+1 {
				add(lineNo, ProblemSeq, "seq %d follows seq %d (want %d)", e.Seq, prevSeq, prevSeq+1)
			}
			if e.Prev != prevHash {
				if prevSeq == 0 {
					add(lineNo, ProblemChain, "first entry has prev %q, want empty", e.Prev)
				} else {
					add(lineNo, ProblemChain, "prev is %s but line %d (seq %d) has hash %s", e.Prev, lineNo-1, prevSeq, prevHash)
				}
			}
		}
		prevSeq, prevHash, prevKnown = e.Seq, e.Hash, true
		delete(hashes, e.Seq-2)
		hashes[e.Seq] = e.Hash
		if err1 == nil && e.Seq == h1.Seq {
			h1Hash, h1Seen = e.Hash, true
		}
		rep.LastSeq, rep.LastHash = e.Seq, e.Hash
	}
	if afterLogRead != nil {
		afterLogRead()
	}
	h2, err2 := readHead(path)
	concurrent := err2 == nil && (err1 != nil || h2 != h1) && h2.Seq > rep.LastSeq

	// A batch announced in the head may have been cut short by a crash: its
	// entries up to the cut are valid, the cut line is an interrupted append.
	inBatch := err2 == nil && h2.Batch > 0 && rep.LastSeq >= h2.Seq && rep.LastSeq < h2.Seq+h2.Batch
	if partialNo > 0 && !concurrent {
		if inBatch {
			rep.HeadLag = true
		} else {
			add(partialNo, ProblemIncomplete, "final line has no newline: the log was truncated mid-entry or a write was interrupted")
		}
	}
	switch {
	case err1 == nil && h1.Seq > rep.LastSeq:
		add(0, ProblemTruncated, "head records seq %d (hash %s) but the log's last complete entry is seq %d at line %d: entries were cut off the end", h1.Seq, h1.Hash, rep.LastSeq, lastLine)
		return rep, nil
	case err1 == nil && (!h1Seen || h1Hash != h1.Hash):
		add(0, ProblemHead, "head records seq %d with hash %s but the log's entry %d has hash %s", h1.Seq, h1.Hash, h1.Seq, h1Hash)
		return rep, nil
	case err1 != nil && !errors.Is(err1, fs.ErrNotExist):
		add(0, ProblemHead, "%v", err1)
		return rep, nil
	}
	switch {
	case errors.Is(err2, fs.ErrNotExist):
		if rep.LastSeq > 1 || (rep.LastSeq == 0 && rep.Entries > 0) {
			add(0, ProblemHead, "head file %s is missing", HeadPath(path))
		} else if rep.LastSeq == 1 {
			rep.HeadLag = true
		}
	case err2 != nil:
		add(0, ProblemHead, "%v", err2)
	case concurrent:
		// An append finished while the log was being read; its entry is
		// checked by the next verification.
	case h2.Seq > rep.LastSeq:
		add(0, ProblemTruncated, "head records seq %d (hash %s) but the log's last complete entry is seq %d at line %d: entries were cut off the end", h2.Seq, h2.Hash, rep.LastSeq, lastLine)
	case rep.LastSeq-h2.Seq > h2.allowedLag():
		add(0, ProblemHead, "head records seq %d but the log ends at seq %d", h2.Seq, rep.LastSeq)
	default:
		want, ok := hashes[h2.Seq]
		if !ok && err1 == nil && h1.Seq == h2.Seq && h1Seen {
			want, ok = h1Hash, true
		}
		if !ok || want != h2.Hash {
			add(0, ProblemHead, "head records seq %d with hash %s but the log's entry %d has hash %s", h2.Seq, h2.Hash, h2.Seq, want)
		}
		rep.HeadLag = rep.HeadLag || h2.Seq < rep.LastSeq || h2.Batch > 0
	}
	return rep, nil
}

// afterLogRead is a test hook run between reading the log and re-reading the head.
var afterLogRead func()

var errLineTooLong = errors.New("line too long")

// readLine returns the next line including its newline (absent at EOF).
func readLine(r *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLine {
			// Skip the rest of the line.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			return buf[:1], errLineTooLong
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return buf, err
	}
}

// Read calls fn for every entry of the log in order, stopping at the first
// line that does not parse (use Verify for a full check). A final line
// without its newline (an append cut short by a crash) is not an entry and is
// skipped.
func Read(ctx context.Context, path string, fn func(line int, e Entry) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read custody log: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("read custody log: %w", err)
		}
		line, rerr := readLine(r)
		if len(line) == 0 && errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return fmt.Errorf("read custody log %s:%d: %w", path, lineNo, rerr)
		}
		if line[len(line)-1] != '\n' {
			// A final line without its newline is an append that was interrupted (a crash):
			// never an entry. Verify judges it; the next Open removes it.
			return nil
		}
		e, err := parseLine(line)
		if err != nil {
			return fmt.Errorf("read custody log %s:%d: %w", path, lineNo, err)
		}
		if err := fn(lineNo, e); err != nil {
			return err
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
	}
}
