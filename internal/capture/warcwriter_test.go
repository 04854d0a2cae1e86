package capture

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"
	"golang.org/x/net/html/charset"
)

// testHop builds a hop as fetch would, digests included.
func testHop(t *testing.T, target, ip string, status string, hdr map[string][]string, body []byte, chunked bool) *hop {
	t.Helper()
	h := &hop{
		target:   target,
		date:     time.Date(2025, 7, 29, 10, 11, 12, 345678901, time.UTC),
		remoteIP: ip,
		request:  []byte("GET " + target + " HTTP/1.1\r\nHost: example.org\r\nUser-Agent: test\r\n\r\n"),
		respHead: headerBytes(status, hdr),
		chunked:  chunked,
	}
	sp := &spool{dir: t.TempDir()}
	t.Cleanup(sp.close)
	if _, err := sp.Write(body); err != nil {
		t.Fatal(err)
	}
	ps := sha256.Sum256(body)
	bs := sha256.Sum256(append(bytes.Clone(h.respHead), body...))
	h.body, h.bodyLen, h.sum, h.blockSum = sp, int64(len(body)), ps[:], bs[:]
	return h
}

// readStrict reads a WARC file with gowarc's strict validation, checking
// every record's digests, and returns the record count.
func readStrict(t *testing.T, warc []byte) int {
	t.Helper()
	rd, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(warc), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		rec, _, validation, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("gowarc record %d: %v", n, err)
		}
		if err := rec.ValidateDigest(validation); err != nil || !validation.Valid() {
			t.Fatalf("gowarc validation of record %d: %v %v", n, err, validation)
		}
		rec.Close()
		n++
	}
}

// TestWriterMatchesGowarc writes the same captures with the hand-written
// writer and with gowarc's record builder and compares them record by record:
// the same header fields with the same values (record ids aside, which are
// random, but the links between records must be the same), the same blocks.
func TestWriterMatchesGowarc(t *testing.T) {
	started := time.Date(2025, 7, 29, 10, 11, 10, 5, time.UTC)
	big := bytes.Repeat([]byte("<p>large page spilled to disk</p>\n"), (spoolMem/34)+100)
	cases := []struct {
		name string
		res  *Result
		hops func(t *testing.T) []*hop
	}{
		{"one page", &Result{URL: "http://example.org/a", FinalURL: "http://example.org/a", Status: 200, BodySHA256: "ab", Collector: "me@example.org", ToolVersion: "dossier test", Started: started, Finished: started.Add(3 * time.Second), AllowLoopback: true},
			func(t *testing.T) []*hop {
				return []*hop{testHop(t, "http://example.org/a", "127.0.0.1", "HTTP/1.1 200 OK", map[string][]string{"Content-Type": {"text/html"}, "X-Multi": {"a\r\nb", "c"}}, []byte("<title>t</title><p>hello</p>"), false)}
			}},
		{"redirect, chunked, empty body, no ip", &Result{URL: "http://example.org/r", FinalURL: "http://example.org/b", Redirects: []string{"http://example.org/b"}, Status: 404, Collector: "c\nd", ToolVersion: "v", Started: started, Finished: started}, func(t *testing.T) []*hop {
			return []*hop{
				testHop(t, "http://example.org/r", "", "HTTP/1.1 302 Found", map[string][]string{"Location": {"/b"}}, nil, false),
				testHop(t, "http://example.org/b", "::1", "HTTP/1.1 404 Not Found", map[string][]string{}, []byte("gone"), true),
			}
		}},
		{"large body streamed from a file", &Result{URL: "http://example.org/big", FinalURL: "http://example.org/big", Status: 200, Collector: "me", ToolVersion: "v", Started: started, Finished: started}, func(t *testing.T) []*hop {
			h := testHop(t, "http://example.org/big", "10.0.0.1", "HTTP/1.1 200 OK", map[string][]string{"Content-Type": {"text/html"}}, big, false)
			if h.body.path() == "" {
				t.Fatal("large body did not spill to a file")
			}
			return []*hop{h}
		}},
	}
	ids := map[string]bool{"warc-record-id": true, "warc-concurrent-to": true, "warc-warcinfo-id": true}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hops := tc.hops(t)
			var ours, theirs bytes.Buffer
			if err := writeWARC(&ours, tc.res, hops, t.TempDir()); err != nil {
				t.Fatal(err)
			}
			if err := writeWARCGowarc(&theirs, tc.res, hops, t.TempDir()); err != nil {
				t.Fatal(err)
			}
			if n, want := readStrict(t, ours.Bytes()), 2+2*len(hops); n != want {
				t.Fatalf("gowarc read %d of our records, want %d", n, want)
			}
			a, err := readWARCIndependent(ours.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			b, err := readWARCIndependent(theirs.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if len(a) != len(b) {
				t.Fatalf("%d records, gowarc wrote %d", len(a), len(b))
			}
			// Map each record id to its position, to compare links.
			pos := func(recs []warcRecord) map[string]int {
				m := map[string]int{}
				for i, r := range recs {
					m[r.get("WARC-Record-ID")] = i
				}
				return m
			}
			pa, pb := pos(a), pos(b)
			for i := range a {
				ha, hb := maps.Clone(a[i].Header), maps.Clone(b[i].Header)
				for k := range ids {
					va, oka := ha[k]
					vb, okb := hb[k]
					if oka != okb {
						t.Errorf("record %d: %s present %v, gowarc %v", i, k, oka, okb)
					}
					if k == "warc-record-id" {
						if !strings.HasPrefix(va, "<urn:uuid:") || len(va) != 47 {
							t.Errorf("record %d: record id %q", i, va)
						}
					} else if oka && pa[va] != pb[vb] {
						t.Errorf("record %d: %s points to record %d, gowarc's to %d", i, k, pa[va], pb[vb])
					}
					delete(ha, k)
					delete(hb, k)
				}
				if !maps.Equal(ha, hb) {
					t.Errorf("record %d (%s) fields differ:\nours   %v\ngowarc %v", i, a[i].get("WARC-Type"), ha, hb)
				}
				if a[i].Version != b[i].Version || !bytes.Equal(a[i].Block, b[i].Block) {
					t.Errorf("record %d (%s): version or block differs", i, a[i].get("WARC-Type"))
				}
				checkDigest(t, "WARC-Block-Digest", a[i].get("WARC-Block-Digest"), a[i].Block)
			}
		})
	}
}

func TestNewRecordID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := newRecordID()
		if seen[id] {
			t.Fatalf("repeated id %s", id)
		}
		seen[id] = true
		u := strings.TrimSuffix(strings.TrimPrefix(id, "<urn:uuid:"), ">")
		if len(u) != 36 || u[8] != '-' || u[13] != '-' || u[14] != '4' || u[18] != '-' || !strings.ContainsRune("89ab", rune(u[19])) || u[23] != '-' {
			t.Fatalf("bad version 4 uuid %s", id)
		}
	}
}

func BenchmarkWriteWARC(b *testing.B) {
	body := bytes.Repeat([]byte("<p>some page text</p>\n"), 600)
	res := &Result{URL: "http://example.org/a", FinalURL: "http://example.org/a", Status: 200, Collector: "me", ToolVersion: "v"}
	for _, w := range []struct {
		name string
		fn   func(io.Writer, *Result, []*hop, string) error
	}{{"hand-written", writeWARC}, {"gowarc", writeWARCGowarc}} {
		b.Run(w.name, func(b *testing.B) {
			sp := &spool{dir: b.TempDir()}
			sp.Write(body)
			head := headerBytes("HTTP/1.1 200 OK", map[string][]string{"Content-Type": {"text/html"}})
			ps, bs := sha256.Sum256(body), sha256.Sum256(append(bytes.Clone(head), body...))
			h := &hop{target: res.URL, request: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), respHead: head, body: sp, bodyLen: int64(len(body)), sum: ps[:], blockSum: bs[:]}
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := w.fn(&buf, res, []*hop{h}, b.TempDir()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCollapseMatchesFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "a  b", "a\tb\nc", "\u00a0x\u2003y\u0085", "x\xffy  z", "already collapsed", "trailing ", "  ", "é è", "\u3000全角\u3000"} {
		want := strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
		if got := collapse(s); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapse(f *testing.F) {
	f.Add("a  b\u00a0c\xff")
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
		if got := collapse(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestUTF8FastPathSameText checks that skipping the charset transform for
// valid UTF-8 gives what the transform gives.
func TestUTF8FastPathSameText(t *testing.T) {
	for _, tc := range []struct{ page, ct string }{
		{"<title>t</title><p>plain ascii</p>", "text/html; charset=utf-8"},
		{"\ufeff<title>BOM</title><p>with a byte order mark é</p>", "text/html"},
		{"\ufeff<title>BOM</title><p>with a byte order mark é</p>", "text/html; charset=utf-8"},
		{"<meta charset=utf-8><p>Київ 평양 \u00a0 text</p>", "text/html"},
		{string(benchPage()), "text/html; charset=utf-8"},
	} {
		{
			page, ct := tc.page, tc.ct
			if !isValidUTF8Page([]byte(page), ct) {
				t.Fatalf("%.30q (%s): fast path not taken", page, ct)
			}
			r, err := charset.NewReader(strings.NewReader(page), ct)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := ExtractHTML(r)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := ExtractHTML(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			if slow.Text != fast.Text || slow.Meta.Title != fast.Meta.Title {
				t.Errorf("%q (%s): transform gives %q, fast path %q", page, ct, slow.Text, fast.Text)
			}
		}
	}
	if isValidUTF8Page([]byte("<p>caf\xe9</p>"), "text/html; charset=utf-8") || isValidUTF8Page([]byte("<p>x</p>"), "text/html; charset=windows-1251") || isValidUTF8Page([]byte("<p>x</p>"), "text/html") {
		t.Error("fast path taken for invalid UTF-8 or another charset")
	}
}

// benchPage is a page as bench/locker serves it.
func benchPage() []byte {
	para := strings.Repeat("Debris recovered in Kharkiv was identified as a Hwasong-11 ballistic missile. ", 20)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><title>Article %s</title>
<meta name="citation_title" content="Report %s"><meta name="citation_author" content="Doe, Jane">
<meta name="citation_publication_date" content="2024-01-06"><meta property="og:site_name" content="Bench News">
</head><body><nav>menu</nav><article><h1>Report %s</h1>`, "1", "1", "1")
	for range 12 {
		fmt.Fprintf(&b, "<p>%s</p>\n", para)
	}
	b.WriteString("</article></body></html>\n")
	return b.Bytes()
}

func BenchmarkExtractHTMLPage(b *testing.B) {
	page := benchPage()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if !isValidUTF8Page(page, "text/html; charset=utf-8") {
			b.Fatal("bench page is not valid UTF-8")
		}
		if _, err := ExtractHTML(bytes.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}
