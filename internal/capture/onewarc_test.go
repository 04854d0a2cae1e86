package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"dossier/internal/blob"
)

func TestCaptureAllOneWARC(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/p0", http.StatusFound)
			return
		}
		fmt.Fprintf(w, "<title>page %s</title><p>body %s</p>", r.URL.Path, strings.Repeat(r.URL.Path, 50))
	}))
	defer srv.Close()
	s := newStore(t)
	var urls []string
	for i := range 20 {
		urls = append(urls, fmt.Sprintf("%s/p%d", srv.URL, i))
	}
	urls = append(urls, srv.URL+"/moved", "gopher://bad")
	opts := baseOpts(t, s)
	opts.OneWARC = true
	results, err := CaptureAll(context.Background(), urls, 8, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	// One blob: the WARC. No body blobs.
	if n := countBlobs(t, s); n != 1 {
		t.Fatalf("%d blobs, want 1 (the batch WARC)", n)
	}
	last := results[len(results)-1]
	if last.OK() || !last.WARC.IsZero() || last.WARCLength != 0 {
		t.Fatalf("failed capture has a segment: %+v", last)
	}
	warc := readBlob(t, s, results[0].WARC)
	// The independent reader reads the whole file; every record's digests hold.
	recs, err := readWARCIndependent(warc)
	if err != nil {
		t.Fatal(err)
	}
	// warcinfo, request, response, metadata per page; the redirect adds a request and a response.
	if n, want := readStrict(t, warc), 21*4+2; n != want {
		t.Fatalf("gowarc (strict) read %d records, want %d", n, want)
	}
	if want := 21*4 + 2; len(recs) != want {
		t.Fatalf("%d records, want %d", len(recs), want)
	}
	for _, r := range recs {
		checkDigest(t, "WARC-Block-Digest", r.get("WARC-Block-Digest"), r.Block)
	}
	type span struct{ off, end int64 }
	var spans []span
	for i, r := range results[:21] {
		if !r.OK() || r.WARC != results[0].WARC || r.WARCSize != int64(len(warc)) || !r.Body.IsZero() {
			t.Fatalf("result %d: %+v", i, r)
		}
		seg := warc[r.WARCOffset : r.WARCOffset+r.WARCLength]
		if sum := sha256.Sum256(seg); hex.EncodeToString(sum[:]) != r.SegmentSHA256 {
			t.Fatalf("result %d: segment digest", i)
		}
		// The segment alone is a WARC file the independent reader accepts.
		srecs, err := readWARCIndependent(seg)
		if err != nil || srecs[0].get("WARC-Type") != "warcinfo" || srecs[len(srecs)-1].get("WARC-Type") != "metadata" {
			t.Fatalf("result %d: segment: %v", i, err)
		}
		resp := srecs[len(srecs)-2]
		_, payload, err := httpPayload(resp.Block)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("<title>page /p%d</title>", i%20)
		if !bytes.HasPrefix(payload, []byte(want)) || int64(len(payload)) != r.BodySize {
			t.Fatalf("result %d: payload %.40q", i, payload)
		}
		checkDigest(t, "WARC-Payload-Digest", resp.get("WARC-Payload-Digest"), payload)
		checkDigest(t, "body sha256", "sha256:"+r.BodySHA256, payload)
		got, err := CheckSegment(bytes.NewReader(warc), r.WARCOffset, r.WARCLength)
		if err != nil || got.PayloadSHA256 != r.BodySHA256 || got.SHA256 != r.SegmentSHA256 || got.PayloadSize != r.BodySize {
			t.Fatalf("result %d: CheckSegment %+v %v", i, got, err)
		}
		spans = append(spans, span{r.WARCOffset, r.WARCOffset + r.WARCLength})
	}
	// Segments tile the file without overlap.
	var total int64
	for i, a := range spans {
		total += a.end - a.off
		for _, b := range spans[i+1:] {
			if a.off < b.end && b.off < a.end {
				t.Fatalf("segments overlap: %v %v", a, b)
			}
		}
	}
	if total != int64(len(warc)) {
		t.Fatalf("segments cover %d of %d bytes", total, len(warc))
	}
	assertNoTemp(t, opts.TempDir)
}

// TestCaptureAllWARCMaxSize: with a size limit the batch's records go to several WARC files,
// each a blob closed once it holds the limit (whole captures), each a valid WARC file whose
// segments tile it; OnResult hands over every URL once, never concurrently, a success only once
// its blob is in the store.
func TestCaptureAllWARCMaxSize(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<title>page %s</title><p>%s</p>", r.URL.Path, strings.Repeat("evidence "+r.URL.Path+" ", 150))
	}))
	defer srv.Close()
	s := newStore(t)
	var urls []string
	for i := range 40 {
		urls = append(urls, fmt.Sprintf("%s/p%d", srv.URL, i))
	}
	urls = append(urls, "gopher://bad", srv.URL+"/p40")
	opts := baseOpts(t, s)
	opts.OneWARC = true
	opts.WARCMaxSize = 8 << 10 // a few pages per file
	var (
		busy      atomic.Bool
		handed    = map[int]*Result{}
		notStored []string
	)
	opts.OnResult = func(i int, r *Result) {
		if !busy.CompareAndSwap(false, true) {
			t.Errorf("OnResult called concurrently")
		}
		defer busy.Store(false)
		if handed[i] != nil {
			t.Errorf("URL %d handed over twice", i)
		}
		handed[i] = r
		if r.OK() {
			if _, err := s.Stat(context.Background(), r.WARC); err != nil {
				notStored = append(notStored, fmt.Sprintf("URL %d: %v", i, err))
			}
		}
	}
	results, err := CaptureAll(context.Background(), urls, 6, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(handed) != len(urls) || len(notStored) > 0 {
		t.Fatalf("%d of %d handed over; before their blob was stored: %v", len(handed), len(urls), notStored)
	}
	for i, r := range results {
		if handed[i] != r {
			t.Fatalf("URL %d: OnResult got another result", i)
		}
	}
	if bad := results[40]; bad.OK() || !bad.WARC.IsZero() {
		t.Fatalf("failed capture: %+v", bad)
	}
	// Group the captures by WARC file.
	files := map[blob.Ref][]*Result{}
	for _, r := range results {
		if r.OK() {
			files[r.WARC] = append(files[r.WARC], r)
		}
	}
	if n := countBlobs(t, s); len(files) < 4 || n != len(files) {
		t.Fatalf("%d WARC files, %d blobs: want several, one blob each", len(files), n)
	}
	for ref, rs := range files {
		warc := readBlob(t, s, ref)
		if _, err := readWARCIndependent(warc); err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		if n, want := readStrict(t, warc), 4*len(rs); n != want {
			t.Fatalf("%s: gowarc read %d records, want %d", ref, n, want)
		}
		// Closed once it holds the limit: without its last capture it is below it.
		var total, last int64
		for _, r := range rs {
			if r.WARCSize != int64(len(warc)) || r.WARCSHA256 != ref.Hex() {
				t.Fatalf("%s: result says %d bytes, %s", ref, r.WARCSize, r.WARCSHA256)
			}
			total += r.WARCLength
			last = max(last, r.WARCOffset)
			got, err := CheckSegment(bytes.NewReader(warc), r.WARCOffset, r.WARCLength)
			if err != nil || got.SHA256 != r.SegmentSHA256 || got.PayloadSHA256 != r.BodySHA256 {
				t.Fatalf("%s: segment at %d: %+v %v", ref, r.WARCOffset, got, err)
			}
		}
		if total != int64(len(warc)) || last >= opts.WARCMaxSize {
			t.Fatalf("%s: segments cover %d of %d bytes; last starts at %d (limit %d)", ref, total, len(warc), last, opts.WARCMaxSize)
		}
	}
	assertNoTemp(t, opts.TempDir)
}

// failingStore refuses every Put.
type failingStore struct{ blob.Store }

func (failingStore) Put(context.Context, io.Reader) (blob.Ref, int64, error) {
	return blob.Ref{}, 0, errors.New("disk full")
}

// A WARC file that cannot be stored fails the batch; its captures are not handed over.
func TestCaptureAllWARCStoreFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<p>%s</p>", strings.Repeat("x", 3000))
	}))
	defer srv.Close()
	for _, maxSize := range []int64{0, 4 << 10} {
		opts := baseOpts(t, failingStore{newStore(t)})
		opts.OneWARC, opts.WARCMaxSize = true, maxSize
		var handed atomic.Int32
		opts.OnResult = func(_ int, r *Result) {
			if r.OK() {
				handed.Add(1)
			}
		}
		urls := []string{srv.URL + "/a", srv.URL + "/b", srv.URL + "/c", srv.URL + "/d"}
		if _, err := CaptureAll(context.Background(), urls, 2, opts, nil); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("max %d: err = %v, want the store's", maxSize, err)
		}
		if handed.Load() != 0 {
			t.Fatalf("max %d: %d successful captures handed over from a batch that failed", maxSize, handed.Load())
		}
		assertNoTemp(t, opts.TempDir)
	}
}

func TestCheckSegmentDetectsDamage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<p>evidence %s</p>", r.URL.Path)
	}))
	defer srv.Close()
	s := newStore(t)
	opts := baseOpts(t, s)
	opts.OneWARC = true
	results, err := CaptureAll(context.Background(), []string{srv.URL + "/a", srv.URL + "/b"}, 2, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	warc := readBlob(t, s, results[0].WARC)
	r := results[1]
	if _, err := CheckSegment(bytes.NewReader(warc), r.WARCOffset, r.WARCLength); err != nil {
		t.Fatal(err)
	}
	for i := r.WARCOffset; i < r.WARCOffset+r.WARCLength; i += 7 {
		bad := bytes.Clone(warc)
		bad[i] ^= 0x01
		seg, err := CheckSegment(bytes.NewReader(bad), r.WARCOffset, r.WARCLength)
		if err == nil && seg.SHA256 == r.SegmentSHA256 {
			t.Fatalf("flipped byte %d not detected", i)
		}
	}
	for _, tc := range []struct{ off, n int64 }{{r.WARCOffset + 1, r.WARCLength - 1}, {r.WARCOffset, r.WARCLength - 1}, {r.WARCOffset, 0}, {-1, 5}} {
		if _, err := CheckSegment(bytes.NewReader(warc), tc.off, tc.n); err == nil {
			t.Errorf("segment %d+%d accepted", tc.off, tc.n)
		}
	}
}

func FuzzCheckSegment(f *testing.F) {
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 8\r\n\r\nH\r\n\r\nbody\r\n\r\n"))
	f.Add([]byte("WARC/1.1\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		_, _ = CheckSegment(bytes.NewReader(b), 0, int64(len(b)))
	})
}
