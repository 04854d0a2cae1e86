package audit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Log is an open custody log. It holds the cross-process lock until Close.
type Log struct {
	mu     sync.Mutex
	path   string
	f      *os.File
	unlock func() error
	seq    int64
	last   string
	broken error // set when a write failed half way; no further appends
	now    func() time.Time
}

// Open opens (creating if needed) the custody log at path, waiting for the
// cross-process lock until ctx ends. It refuses a log whose tail is damaged
// (incomplete last line, wrong last hash, or a head file ahead of the log):
// run Verify to see why.
func Open(ctx context.Context, path string) (*Log, error) {
	unlock, err := lockFile(ctx, LockPath(path))
	if err != nil {
		return nil, fmt.Errorf("open custody log %s: %w", path, err)
	}
	l := &Log{path: path, unlock: unlock, now: time.Now}
	if err := l.load(); err != nil {
		_ = unlock()
		return nil, fmt.Errorf("open custody log %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		_ = unlock()
		return nil, fmt.Errorf("open custody log %s: %w", path, err)
	}
	l.f = f
	return l, nil
}

// load reads the last entry and the head, repairing a head that lags after an interrupted
// append (and, after an interrupted AppendBatch, a final line cut short by the crash).
func (l *Log) load() error {
	f, err := os.OpenFile(l.path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		if _, herr := os.Stat(HeadPath(l.path)); herr == nil {
			return fmt.Errorf("the log is missing but its head file %s exists: the log was deleted or truncated", HeadPath(l.path))
		}
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	var lastLine []byte
	lineNo := 0
	var complete int64 // bytes up to the end of the last complete line
	partial := 0       // line number of a final line without newline
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			lineNo++
			if line[len(line)-1] != '\n' {
				partial = lineNo
			} else {
				lastLine = line
				complete += int64(len(line))
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
	}
	if lastLine != nil {
		e, err := parseLine(lastLine)
		if err != nil {
			return fmt.Errorf("%s:%d: last entry: %w", l.path, lineNo, err)
		}
		h, err := ComputeHash(e)
		if err != nil {
			return err
		}
		if h != e.Hash {
			return fmt.Errorf("%s:%d: last entry: stored hash %s, computed %s", l.path, lineNo, e.Hash, h)
		}
		l.seq, l.last = e.Seq, e.Hash
	}
	hd, err := readHead(l.path)
	if partial > 0 {
		// Only an AppendBatch announced in the head can leave a cut line: drop it.
		if err != nil || hd.Batch == 0 || l.seq < hd.Seq || l.seq >= hd.Seq+hd.Batch {
			return fmt.Errorf("%s:%d: incomplete final line (no newline): the log was truncated or a write was interrupted", l.path, partial)
		}
		slog.Warn("custody log: dropping the incomplete last line of an interrupted batch append", "log", l.path, "line", partial)
		if err := f.Truncate(complete); err != nil {
			return fmt.Errorf("drop incomplete line %d: %w", partial, err)
		}
		if err := f.Sync(); err != nil {
			return fmt.Errorf("drop incomplete line %d: %w", partial, err)
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if l.seq > 1 {
			return fmt.Errorf("head file %s is missing for a log of %d entries", HeadPath(l.path), l.seq)
		}
	case err != nil:
		return err
	case hd.Seq > l.seq:
		return fmt.Errorf("head file records seq %d but the log ends at seq %d: the log was truncated", hd.Seq, l.seq)
	case hd.Seq == l.seq && hd.Hash != l.last:
		return fmt.Errorf("head file records seq %d with hash %s but the log's entry %d has hash %s", hd.Seq, hd.Hash, l.seq, l.last)
	case l.seq-hd.Seq > hd.allowedLag():
		return fmt.Errorf("head file records seq %d but the log ends at seq %d", hd.Seq, l.seq)
	}
	if l.seq > 0 && (err != nil || hd.Seq != l.seq || hd.Batch != 0) {
		slog.Warn("custody log head lagged behind the log (interrupted append); repairing", "log", l.path, "head", hd.Seq, "seq", l.seq)
		if err := writeHead(l.path, head{Seq: l.seq, Hash: l.last}); err != nil {
			return err
		}
	}
	return nil
}

// Head returns the last seq and hash.
func (l *Log) Head() (int64, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq, l.last
}

// Append sets e's Seq, Prev, Hash (and Time when zero, in UTC), writes it as
// one line, fsyncs the log, then records the new head. It returns the entry
// as written.
func (l *Log) Append(ctx context.Context, e Entry) (Entry, error) {
	out, err := l.AppendBatch(ctx, []Entry{e})
	if len(out) == 1 {
		return out[0], err
	}
	return Entry{}, err
}

// AppendBatch appends several entries with one write and one fsync (a group
// commit), then records the new head. Before writing it announces the batch in
// the head file, so that a crash part way (some entries written, the last one
// possibly cut short) is recognised as an interrupted append and repaired by
// the next Open rather than reported as tampering. It returns the entries as
// written. On a fresh log the first entry is appended on its own, so that the
// head exists before a batch is announced.
func (l *Log) AppendBatch(ctx context.Context, es []Entry) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("custody append: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil, fmt.Errorf("custody append %s: log is closed", l.path)
	}
	if l.broken != nil {
		return nil, fmt.Errorf("custody append %s: an earlier write failed (%v); reopen the log", l.path, l.broken)
	}
	var out []Entry
	if l.seq == 0 && len(es) > 1 {
		first, err := l.appendLocked(es[:1])
		if err != nil {
			return nil, err
		}
		out, es = first, es[1:]
	}
	rest, err := l.appendLocked(es)
	return append(out, rest...), err
}

func (l *Log) appendLocked(es []Entry) ([]Entry, error) {
	if len(es) == 0 {
		return nil, nil
	}
	out := make([]Entry, len(es))
	var buf []byte
	seq, last := l.seq, l.last
	for i, e := range es {
		if e.Time.IsZero() {
			e.Time = l.now()
		}
		e.Time = e.Time.UTC().Round(0)
		e.Seq = seq + 1
		e.Prev = last
		e.Hash = ""
		if len(e.Blobs) == 0 {
			e.Blobs = nil
		}
		if len(e.Details) == 0 {
			e.Details = nil
		}
		if bad := checkFields(e); len(bad) > 0 {
			return nil, fmt.Errorf("custody append: entry %d of %d: %s", i+1, len(es), bad[0])
		}
		h, err := ComputeHash(e)
		if err != nil {
			return nil, err
		}
		e.Hash = h
		line, err := encodeLine(e)
		if err != nil {
			return nil, err
		}
		buf = append(buf, line...)
		out[i] = e
		seq, last = e.Seq, e.Hash
	}
	first, final := out[0], out[len(out)-1]
	if len(out) > 1 {
		if err := writeHead(l.path, head{Seq: l.seq, Hash: l.last, Batch: int64(len(out))}); err != nil {
			return nil, fmt.Errorf("custody append %s: announce batch of %d: %w", l.path, len(out), err)
		}
	}
	if n, err := l.f.Write(buf); err != nil {
		if n > 0 {
			l.broken = err
		}
		return nil, fmt.Errorf("custody append %s: write entries %d-%d: %w", l.path, first.Seq, final.Seq, err)
	}
	if err := l.f.Sync(); err != nil {
		l.broken = err
		return nil, fmt.Errorf("custody append %s: sync entries %d-%d: %w", l.path, first.Seq, final.Seq, err)
	}
	l.seq, l.last = final.Seq, final.Hash
	if err := writeHead(l.path, head{Seq: final.Seq, Hash: final.Hash}); err != nil {
		return out, fmt.Errorf("custody append %s: entries %d-%d written but head not updated: %w", l.path, first.Seq, final.Seq, err)
	}
	return out, nil
}

// Close closes the log and releases the lock.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	if uerr := l.unlock(); err == nil {
		err = uerr
	}
	if err != nil {
		return fmt.Errorf("close custody log %s: %w", l.path, err)
	}
	return nil
}

func readHead(logPath string) (head, error) {
	b, err := os.ReadFile(HeadPath(logPath))
	if err != nil {
		return head{}, err
	}
	var h head
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return head{}, fmt.Errorf("%s: %w", HeadPath(logPath), err)
	}
	want, _ := json.Marshal(h)
	if !bytes.Equal(append(want, '\n'), b) {
		return head{}, fmt.Errorf("%s: not in canonical form", HeadPath(logPath))
	}
	if h.Seq < 1 || !isHash(h.Hash) || h.Batch < 0 {
		return head{}, fmt.Errorf("%s: seq %d / hash %q / batch %d invalid", HeadPath(logPath), h.Seq, h.Hash, h.Batch)
	}
	return h, nil
}

// writeHead replaces the head file atomically and durably.
func writeHead(logPath string, h head) error {
	b, _ := json.Marshal(h)
	b = append(b, '\n')
	dir := filepath.Dir(logPath)
	tmp, err := os.CreateTemp(dir, filepath.Base(HeadPath(logPath))+".tmp-*")
	if err != nil {
		return fmt.Errorf("write head: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write head: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write head: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write head: %w", err)
	}
	if err := os.Rename(tmp.Name(), HeadPath(logPath)); err != nil {
		return fmt.Errorf("write head: %w", err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("write head: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("write head: sync %s: %w", dir, err)
	}
	return nil
}
