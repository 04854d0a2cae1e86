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
	"strconv"
	"strings"
	"sync"

	"dossier/internal/blob"
)

// sharedWARC is the WARC output of a CaptureAll batch with Options.OneWARC:
// each capture builds its records (a segment) in memory and appends them to
// the current file in one write under a mutex, so records of different
// captures never interleave and the file is written sequentially, as wget
// does. With Options.WARCMaxSize a file is closed once it holds that many
// bytes (whole segments: a segment is never split) and the next segment
// starts a new one, like wget --warc-max-size; a worker stores it as one blob
// at once and hands its results to Options.OnResult, while the other captures
// go on. Without it there is one file, stored when all captures are done.
type sharedWARC struct {
	dir string
	max int64 // close a file once it holds this many bytes; 0: never

	mu   sync.Mutex
	cur  *warcFile   // the file segments are appended to; nil before the first
	full []*warcFile // closed files not yet stored
	err  error       // a failed append or store: no later capture may use the batch
	free [][]byte    // buffers of stored files, for the next ones (fresh memory costs page faults)
}

// warcFile is one WARC file of a batch: its bytes and the captures whose segments it holds.
// With a size limit of at most maxPrealloc the file is kept in memory (mem: at most the limit
// plus one segment); otherwise it goes to a spool, which spills to a temporary file.
type warcFile struct {
	mem     []byte
	sp      *spool
	members []member
}

func (f *warcFile) size() int64 {
	if f.sp != nil {
		return f.sp.n
	}
	return int64(len(f.mem))
}

// member is a capture whose segment a warcFile holds: the index of its URL and its result.
type member struct {
	i   int
	res *Result
}

func newSharedWARC(dir string, maxSize int64) *sharedWARC {
	return &sharedWARC{dir: dir, max: max(maxSize, 0)}
}

// maxPrealloc is the largest WARCMaxSize for which a batch's WARC files are kept in memory.
const maxPrealloc = 64 << 20

// append writes seg (whose digest is sum) at the end of the current file and records res as its
// capture, setting res's WARCOffset, WARCLength and SegmentSHA256. The result must be complete
// but for its WARC blob (WARC, WARCSize, WARCSHA256), which store sets.
func (s *sharedWARC) append(seg []byte, sum string, i int, res *Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if s.cur == nil {
		s.cur = &warcFile{}
		switch {
		case s.max == 0 || s.max > maxPrealloc:
			s.cur.sp = &spool{dir: s.dir}
		case len(s.free) > 0:
			s.cur.mem = s.free[len(s.free)-1]
			s.free = s.free[:len(s.free)-1]
		default:
			// Allocated once, not doubled segment after segment.
			s.cur.mem = make([]byte, 0, s.max+1<<20)
		}
	}
	f := s.cur
	off := f.size()
	if f.sp != nil {
		if _, err := f.sp.Write(seg); err != nil {
			// The file may now hold a partial segment: no later capture may use it.
			s.err = fmt.Errorf("capture: append to batch WARC: %w", err)
			return s.err
		}
	} else {
		f.mem = append(f.mem, seg...)
	}
	res.WARCOffset, res.WARCLength, res.SegmentSHA256 = off, int64(len(seg)), sum
	f.members = append(f.members, member{i, res})
	if s.max > 0 && f.size() >= s.max {
		s.full = append(s.full, f)
		s.cur = nil
	}
	return nil
}

// takeFull returns the closed files not yet stored; with last, the current file too.
func (s *sharedWARC) takeFull(last bool) []*warcFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.full
	s.full = nil
	if last && s.cur != nil {
		out = append(out, s.cur)
		s.cur = nil
	}
	return out
}

// store puts f into st as one blob, sets the WARC ref of each of its captures and returns them.
// A failure is also kept for append and fail, so that the batch fails as a whole.
func (s *sharedWARC) store(ctx context.Context, st blob.Store, f *warcFile) ([]member, error) {
	defer s.release(f)
	err := func() error {
		s.mu.Lock()
		err := s.err
		s.mu.Unlock()
		if err != nil {
			return err
		}
		var r io.Reader = bytes.NewReader(f.mem)
		if f.sp != nil {
			if r, err = f.sp.reader(); err != nil {
				return fmt.Errorf("capture: batch WARC: %w", err)
			}
		}
		ref, n, err := st.Put(ctx, r)
		if err != nil {
			return fmt.Errorf("capture: store batch WARC: %w", err)
		}
		if n != f.size() {
			return fmt.Errorf("capture: batch WARC: stored %d bytes, wrote %d", n, f.size())
		}
		for _, m := range f.members {
			m.res.WARC, m.res.WARCSize, m.res.WARCSHA256 = ref, n, ref.Hex()
		}
		return nil
	}()
	if err != nil {
		s.fail(err)
		return nil, err
	}
	return f.members, nil
}

// release discards f's bytes, keeping its buffer for the next file.
func (s *sharedWARC) release(f *warcFile) {
	if f.sp != nil {
		f.sp.close()
		return
	}
	if cap(f.mem) <= int(s.max+1<<20) {
		s.mu.Lock()
		s.free = append(s.free, f.mem[:0])
		s.mu.Unlock()
	}
	f.mem = nil
}

// fail records the batch's first error.
func (s *sharedWARC) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// close discards whatever was not stored.
func (s *sharedWARC) close() {
	for _, f := range s.takeFull(true) {
		s.release(f)
	}
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
