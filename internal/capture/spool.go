package capture

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolMem is how much a spool keeps in memory before spilling to a file.
const spoolMem = 4 << 20

// spool collects bytes in memory and spills to a temporary file when large.
type spool struct {
	dir string
	buf bytes.Buffer
	f   *os.File
	n   int64
}

func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil && s.buf.Len()+len(p) > spoolMem {
		f, err := os.CreateTemp(s.dir, "dossier-spool-*")
		if err != nil {
			return 0, fmt.Errorf("spool: %w", err)
		}
		s.f = f
		if _, err := f.Write(s.buf.Bytes()); err != nil {
			return 0, fmt.Errorf("spool: %w", err)
		}
		s.buf = bytes.Buffer{}
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

// reader returns a fresh reader over everything written.
func (s *spool) reader() (interface {
	io.ReadSeeker
	io.ReaderAt
}, error) {
	if s.f == nil {
		return bytes.NewReader(s.buf.Bytes()), nil
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

// close discards the spool.
func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f = nil
	}
	s.buf = bytes.Buffer{}
}
