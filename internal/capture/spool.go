package capture

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
)

// spoolMem is how much a spool keeps in memory before spilling to a file.
const spoolMem = 4 << 20

// spool collects bytes in memory and spills to a temporary file when large.
type spool struct {
	dir    string
	buf    *bytes.Buffer // nil until the first write
	pooled bool          // buf is recycled through spoolBufs on close
	f      *os.File
	n      int64
}

// spoolBufs recycles the memory of response-body spools (newBodySpool): a page's body no longer
// costs a new buffer grown step by step, nor the garbage it leaves.
var spoolBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// newBodySpool returns a spool whose memory comes from spoolBufs, with room for sizeHint bytes
// when that is known (> 0) and fits in memory.
func newBodySpool(dir string, sizeHint int64) *spool {
	b := spoolBufs.Get().(*bytes.Buffer)
	b.Reset()
	if sizeHint > 0 && sizeHint <= spoolMem {
		b.Grow(int(sizeHint))
	}
	return &spool{dir: dir, buf: b, pooled: true}
}

func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil && s.buf == nil {
		s.buf = new(bytes.Buffer)
	}
	if s.f == nil && s.buf.Len()+len(p) > spoolMem {
		f, err := os.CreateTemp(s.dir, "dossier-spool-*")
		if err != nil {
			return 0, fmt.Errorf("spool: %w", err)
		}
		s.f = f
		if _, err := f.Write(s.buf.Bytes()); err != nil {
			return 0, fmt.Errorf("spool: %w", err)
		}
		s.release()
	}
	var n int
	var err error
	if s.f != nil {
		n, err = s.f.Write(p)
	} else {
		n, err = s.buf.Write(p)
	}
	s.n += int64(n)
	return n, err
}

// bytes returns what was written while it is in memory (nil once spilled).
func (s *spool) bytes() []byte {
	if s.f != nil || s.buf == nil {
		return nil
	}
	return s.buf.Bytes()
}

// reader returns a fresh reader over everything written.
func (s *spool) reader() (interface {
	io.ReadSeeker
	io.ReaderAt
}, error) {
	if s.f == nil {
		return bytes.NewReader(s.bytes()), nil
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	return s.f, nil
}

// path returns the spill file's name, or "" while in memory.
func (s *spool) path() string {
	if s.f == nil {
		return ""
	}
	return s.f.Name()
}

// release drops the memory, handing a pooled buffer back (nothing may use its bytes after).
func (s *spool) release() {
	if s.pooled && s.buf != nil && s.buf.Cap() <= spoolMem {
		spoolBufs.Put(s.buf)
	}
	s.buf, s.pooled = nil, false
}

// close discards the spool.
func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f = nil
	}
	s.release()
}
