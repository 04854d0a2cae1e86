package capture

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// warcRecord is a record as read by the independent reader below, which
// shares no code with gowarc: it checks the WARC 1.1 framing (version line,
// header fields, Content-Length, the CRLF CRLF record separator) and the
// block and payload digests.
type warcRecord struct {
	Version string
	Header  map[string]string // canonical names as written
	Block   []byte
}

func (r warcRecord) get(k string) string { return r.Header[strings.ToLower(k)] }

// readWARCIndependent parses an uncompressed WARC file.
func readWARCIndependent(data []byte) ([]warcRecord, error) {
	br := bufio.NewReader(bytes.NewReader(data))
	var recs []warcRecord
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF && line == "" {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("record %d: version line: %w", len(recs)+1, err)
		}
		if !strings.HasSuffix(line, "\r\n") || !strings.HasPrefix(line, "WARC/") {
			return nil, fmt.Errorf("record %d: bad version line %q", len(recs)+1, line)
		}
		rec := warcRecord{Version: strings.TrimSpace(line), Header: map[string]string{}}
		for {
			h, err := br.ReadString('\n')
			if err != nil {
				return nil, fmt.Errorf("record %d: header: %w", len(recs)+1, err)
			}
			if !strings.HasSuffix(h, "\r\n") {
				return nil, fmt.Errorf("record %d: header line without CRLF: %q", len(recs)+1, h)
			}
			if h == "\r\n" {
				break
			}
			name, value, ok := strings.Cut(strings.TrimSuffix(h, "\r\n"), ":")
			if !ok {
				return nil, fmt.Errorf("record %d: header without colon: %q", len(recs)+1, h)
			}
			rec.Header[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
		}
		n, err := strconv.ParseInt(rec.get("Content-Length"), 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("record %d: Content-Length %q", len(recs)+1, rec.get("Content-Length"))
		}
		rec.Block = make([]byte, n)
		if _, err := io.ReadFull(br, rec.Block); err != nil {
			return nil, fmt.Errorf("record %d: block shorter than Content-Length %d: %w", len(recs)+1, n, err)
		}
		sep := make([]byte, 4)
		if _, err := io.ReadFull(br, sep); err != nil || string(sep) != "\r\n\r\n" {
			return nil, fmt.Errorf("record %d: missing CRLF CRLF after block (got %q)", len(recs)+1, sep)
		}
		recs = append(recs, rec)
	}
}

// checkDigest verifies a "sha256:<hex>" digest field against data.
func checkDigest(t *testing.T, field, value string, data []byte) {
	t.Helper()
	algo, hexd, ok := strings.Cut(value, ":")
	if !ok || algo != "sha256" {
		t.Fatalf("%s = %q, want sha256:<hex>", field, value)
	}
	sum := sha256.Sum256(data)
	if hexd != hex.EncodeToString(sum[:]) {
		t.Fatalf("%s = %s, computed sha256:%x", field, value, sum)
	}
}

// httpPayload splits an HTTP message block into head and payload.
func httpPayload(block []byte) (head string, payload []byte, err error) {
	i := bytes.Index(block, []byte("\r\n\r\n"))
	if i < 0 {
		return "", nil, fmt.Errorf("http message without end of headers")
	}
	return string(block[:i]), block[i+4:], nil
}

func TestIndependentReaderRejectsDamage(t *testing.T) {
	good := "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n"
	if _, err := readWARCIndependent([]byte(good)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		strings.Replace(good, "Length: 3", "Length: 4", 1),
		strings.Replace(good, "WARC/1.1", "WORC/1.1", 1),
		strings.TrimSuffix(good, "\r\n"),
	} {
		if _, err := readWARCIndependent([]byte(bad)); err == nil {
			t.Errorf("accepted damaged WARC %q", bad)
		}
	}
}
