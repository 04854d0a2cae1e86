package capture

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"dossier/internal/blob"
)

// sharedWARC is the one WARC file of a CaptureAll batch with Options.OneWARC:
// each capture builds its records (a segment) in memory and appends them
// here in one write, so records of different captures never interleave and
// the file is written sequentially, as wget does. Once all captures are done
// the file becomes one blob.
type sharedWARC struct {
	mu  sync.Mutex
	f   *os.File
	off int64
	err error
}

func newSharedWARC(dir string) (*sharedWARC, error) {
	f, err := os.CreateTemp(dir, "dossier-batch-*.warc")
	if err != nil {
		return nil, fmt.Errorf("capture: batch WARC: %w", err)
	}
	return &sharedWARC{f: f}, nil
}

// append writes seg at the end of the file and returns its offset.
func (s *sharedWARC) append(seg []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	off := s.off
	if _, err := s.f.Write(seg); err != nil {
		// The file may now hold a partial segment: no later capture may use it.
		s.err = fmt.Errorf("capture: append to batch WARC: %w", err)
		return 0, s.err
	}
	s.off += int64(len(seg))
	return off, nil
}

// store puts the file into st and sets the WARC ref of every successful result.
func (s *sharedWARC) store(ctx context.Context, st blob.Store, results []*Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if s.off == 0 {
		return nil // every capture failed: nothing to store
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("capture: batch WARC: %w", err)
	}
	ref, n, err := st.Put(ctx, s.f)
	if err != nil {
		return fmt.Errorf("capture: store batch WARC: %w", err)
	}
	if n != s.off {
		return fmt.Errorf("capture: batch WARC: stored %d bytes, wrote %d", n, s.off)
	}
	for _, r := range results {
		if r != nil && r.OK() && r.WARCLength > 0 {
			r.WARC, r.WARCSize, r.WARCSHA256 = ref, n, ref.Hex()
		}
	}
	return nil
}

func (s *sharedWARC) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// segPool recycles the in-memory buffers segments are built in.
var segPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getSegment() *bytes.Buffer { b := segPool.Get().(*bytes.Buffer); b.Reset(); return b }

func putSegment(b *bytes.Buffer) {
	if b.Cap() <= 8<<20 {
		segPool.Put(b)
	}
}

// Segment is what CheckSegment found in one capture's records.
type Segment struct {
	SHA256        string // digest of the whole segment
	PayloadSHA256 string // digest of the last response record's HTTP payload (the body)
	PayloadSize   int64
	Records       int
}

// CheckSegment reads the WARC records of one capture (length bytes at off in
// r), checks their framing (version line, headers, Content-Length, CRLF CRLF)
// and each WARC-Block-Digest and WARC-Payload-Digest given, and returns the
// segment's digest and the digest and size of the final response's payload.
// It shares no code with gowarc, which wrote the records.
func CheckSegment(r io.ReaderAt, off, length int64) (*Segment, error) {
	if off < 0 || length <= 0 {
		return nil, fmt.Errorf("warc segment at %d: bad length %d", off, length)
	}
	sum := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(io.NewSectionReader(r, off, length), sum), 64<<10)
	seg := &Segment{}
	found := false
	var read int64
	for read < length {
		n, rec, err := readRecord(br, length-read)
		if err != nil {
			return nil, fmt.Errorf("warc segment at %d, record %d: %w", off, seg.Records+1, err)
		}
		read += n
		seg.Records++
		if rec.typ != "response" {
			continue
		}
		i := bytes.Index(rec.block, []byte("\r\n\r\n"))
		if i < 0 {
			return nil, fmt.Errorf("warc segment at %d, record %d: HTTP response without end of headers", off, seg.Records)
		}
		p := sha256.Sum256(rec.block[i+4:])
		seg.PayloadSHA256, seg.PayloadSize, found = hex.EncodeToString(p[:]), int64(len(rec.block)-i-4), true
		if d := rec.payloadDigest; d != "" && d != "sha256:"+seg.PayloadSHA256 {
			return nil, fmt.Errorf("warc segment at %d, record %d: WARC-Payload-Digest %s, payload is sha256:%s", off, seg.Records, d, seg.PayloadSHA256)
		}
	}
	if read != length {
		return nil, fmt.Errorf("warc segment at %d: records end at %d bytes, recorded length %d", off, read, length)
	}
	if !found {
		return nil, fmt.Errorf("warc segment at %d: no response record", off)
	}
	seg.SHA256 = hex.EncodeToString(sum.Sum(nil))
	return seg, nil
}

type rawRecord struct {
	typ, payloadDigest string
	block              []byte
}

var errShort = errors.New("unexpected end of segment")

// readRecord reads one WARC record and returns how many bytes it took.
func readRecord(br *bufio.Reader, remaining int64) (int64, *rawRecord, error) {
	var n int64
	line, err := br.ReadString('\n')
	n += int64(len(line))
	if err != nil {
		return n, nil, fmt.Errorf("version line: %w", errShort)
	}
	if !strings.HasPrefix(line, "WARC/") || !strings.HasSuffix(line, "\r\n") {
		return n, nil, fmt.Errorf("bad version line %q", line)
	}
	rec := &rawRecord{}
	clen, blockDigest := int64(-1), ""
	for {
		h, err := br.ReadString('\n')
		n += int64(len(h))
		if err != nil {
			return n, nil, fmt.Errorf("header: %w", errShort)
		}
		if !strings.HasSuffix(h, "\r\n") {
			return n, nil, fmt.Errorf("header line without CRLF: %q", h)
		}
		if h == "\r\n" {
			break
		}
		name, value, ok := strings.Cut(strings.TrimSuffix(h, "\r\n"), ":")
		if !ok {
			return n, nil, fmt.Errorf("header without colon: %q", h)
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "warc-type":
			rec.typ = value
		case "content-length":
			v, err := strconv.ParseInt(value, 10, 64)
			if err != nil || v < 0 {
				return n, nil, fmt.Errorf("Content-Length %q", value)
			}
			clen = v
		case "warc-block-digest":
			blockDigest = value
		case "warc-payload-digest":
			rec.payloadDigest = value
		}
	}
	if clen < 0 {
		return n, nil, errors.New("no Content-Length")
	}
	if clen > remaining-n {
		return n, nil, fmt.Errorf("Content-Length %d runs past the segment", clen)
	}
	rec.block = make([]byte, clen)
	if _, err := io.ReadFull(br, rec.block); err != nil {
		return n, nil, fmt.Errorf("block shorter than Content-Length %d: %w", clen, errShort)
	}
	n += clen
	var sep [4]byte
	if _, err := io.ReadFull(br, sep[:]); err != nil || string(sep[:]) != "\r\n\r\n" {
		return n, nil, fmt.Errorf("missing CRLF CRLF after block")
	}
	n += 4
	if blockDigest != "" {
		b := sha256.Sum256(rec.block)
		if blockDigest != "sha256:"+hex.EncodeToString(b[:]) {
			return n, nil, fmt.Errorf("WARC-Block-Digest %s, block is sha256:%x", blockDigest, b)
		}
	}
	return n, rec, nil
}
