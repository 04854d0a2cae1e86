package capture

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"

	"dossier/internal/blob"
)

var update = flag.Bool("update", false, "rewrite golden files")

func newStore(t *testing.T) *blob.Dir {
	t.Helper()
	d, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func baseOpts(t *testing.T, s blob.Store) Options {
	return Options{Store: s, Collector: "tester@example.org", ToolVersion: "dossier test", AllowLoopback: true,
		TempDir: t.TempDir(), Timeout: 30 * time.Second}
}

func readBlob(t *testing.T, s blob.Store, ref blob.Ref) []byte {
	t.Helper()
	rc, err := s.Open(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func countBlobs(t *testing.T, s blob.Store) int {
	t.Helper()
	n := 0
	if err := s.Walk(context.Background(), func(blob.Ref, int64) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("temporary file left in %s: %s", dir, e.Name())
	}
}

func TestCaptureOK(t *testing.T) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Evidence", "yes")
		w.Write(page)
	}))
	defer srv.Close()
	s := newStore(t)
	opts := baseOpts(t, s)
	opts.StoreText = true
	res, err := Capture(context.Background(), srv.URL+"/story?id=1#frag", opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() || res.Status != 200 || res.FinalURL != srv.URL+"/story?id=1" || res.MediaType != "text/html" {
		t.Fatalf("result: %+v", res)
	}
	if res.Headers.Get("X-Evidence") != "yes" || res.Collector != "tester@example.org" || res.ToolVersion != "dossier test" {
		t.Errorf("recorded headers/collector/tool: %v %q %q", res.Headers, res.Collector, res.ToolVersion)
	}
	if res.RemoteIP != "127.0.0.1" || !res.AllowLoopback {
		t.Errorf("remote ip %q allowLoopback %v", res.RemoteIP, res.AllowLoopback)
	}
	if got := readBlob(t, s, res.Body); !bytes.Equal(got, page) || res.BodySHA256 != blob.RefOfBytes(page).Hex() {
		t.Fatal("stored body differs from served page")
	}
	warc := readBlob(t, s, res.WARC)
	if blob.RefOfBytes(warc).Hex() != res.WARCSHA256 || int64(len(warc)) != res.WARCSize {
		t.Fatal("WARC digest/size mismatch")
	}
	if !strings.Contains(string(readBlob(t, s, res.TextRef)), "KN-23") {
		t.Error("stored text lacks the article")
	}

	// Second reader: the independent parser.
	recs, err := readWARCIndependent(warc)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, r := range recs {
		types = append(types, r.get("WARC-Type"))
		if r.Version != "WARC/1.1" {
			t.Errorf("version %q", r.Version)
		}
		checkDigest(t, "WARC-Block-Digest", r.get("WARC-Block-Digest"), r.Block)
		if r.get("WARC-Record-ID") == "" || r.get("WARC-Date") == "" {
			t.Errorf("record lacks id or date: %v", r.Header)
		}
	}
	if strings.Join(types, ",") != "warcinfo,request,response,metadata" {
		t.Fatalf("record types %v", types)
	}
	req, resp, meta := recs[1], recs[2], recs[3]
	for _, r := range []warcRecord{req, resp} {
		if r.get("WARC-Target-URI") != res.FinalURL || r.get("WARC-IP-Address") != "127.0.0.1" {
			t.Errorf("%s record target %q ip %q", r.get("WARC-Type"), r.get("WARC-Target-URI"), r.get("WARC-IP-Address"))
		}
	}
	if req.get("WARC-Concurrent-To") != resp.get("WARC-Record-ID") || resp.get("WARC-Concurrent-To") != req.get("WARC-Record-ID") {
		t.Error("request and response are not linked by WARC-Concurrent-To")
	}
	if !strings.HasPrefix(string(req.Block), "GET /story?id=1 HTTP/1.1\r\n") || !strings.Contains(string(req.Block), "User-Agent: ") {
		t.Errorf("request block: %q", req.Block)
	}
	head, payload, err := httpPayload(resp.Block)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(head, "HTTP/1.1 200 OK\r\n") || !strings.Contains(head, "X-Evidence: yes") {
		t.Errorf("response head: %q", head)
	}
	if !bytes.Equal(payload, page) {
		t.Error("WARC response payload differs from the page")
	}
	checkDigest(t, "WARC-Payload-Digest", resp.get("WARC-Payload-Digest"), page)
	for _, want := range []string{"collector: tester@example.org", "final-url: " + res.FinalURL, "payload-sha256: " + res.BodySHA256, "allow-loopback: true"} {
		if !strings.Contains(string(meta.Block), want+"\r\n") {
			t.Errorf("metadata record lacks %q:\n%s", want, meta.Block)
		}
	}

	// First reader: gowarc itself, with validation.
	rd, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(warc), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		rec, _, validation, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.ValidateDigest(validation); err != nil || !validation.Valid() {
			t.Errorf("gowarc validation of record %d: %v %v", n, err, validation)
		}
		rec.Close()
		n++
	}
	if n != 4 {
		t.Errorf("gowarc read %d records", n)
	}
}

func TestExtractGolden(t *testing.T) {
	f, err := os.Open("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ExtractHTML(f)
	if err != nil {
		t.Fatal(err)
	}
	csl, _ := json.MarshalIndent(p.Meta.CSL(), "", "  ")
	src, _ := json.MarshalIndent(p.Meta.FieldSources, "", "  ")
	got := fmt.Sprintf("== text\n%s\n== csl\n%s\n== sources\n%s\n", p.Text, csl, src)
	golden := "testdata/article.golden"
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("extraction differs from %s:\n%s", golden, got)
	}
}

func TestMetadataFlavours(t *testing.T) {
	tests := []struct {
		name string
		html string
		want Metadata
	}{
		{"title only", `<title> Plain  title </title><p>x</p>`, Metadata{Title: "Plain title"}},
		{"opengraph", `<title>T</title><meta property="og:title" content="OG"><meta property="og:site_name" content="Site">
			<meta property="article:published_time" content="2025-07-29T08:00:00Z">`,
			Metadata{Title: "OG", ContainerTitle: "Site", Issued: "2025-07-29T08:00:00Z"}},
		{"json-ld", `<title>T</title><meta property="og:title" content="OG"><script type="application/ld+json">
			{"@type":"NewsArticle","headline":"LD","datePublished":"2025-01-02","author":{"name":"A. Writer"},"publisher":"Pub"}</script>`,
			Metadata{Title: "LD", Issued: "2025-01-02", Author: []Name{{Literal: "A. Writer"}}, Publisher: "Pub"}},
		{"json-ld array authors", `<script type="application/ld+json">[{"@type":"Person","name":"x"},{"@type":"ReportageNewsArticle","headline":"H","author":["B","C"]}]</script>`,
			Metadata{Title: "H", Author: []Name{{Literal: "B"}, {Literal: "C"}}}},
		{"citation wins", `<meta name="citation_title" content="C"><meta name="citation_author" content="Kim, Jong Un"><meta name="citation_author" content="Literal Name">
			<meta name="citation_journal_title" content="J"><meta name="citation_publication_date" content="2023">
			<meta property="og:title" content="OG"><script type="application/ld+json">{"@type":"Article","headline":"LD","author":"Z"}</script>`,
			Metadata{Title: "C", Author: []Name{{Family: "Kim", Given: "Jong Un"}, {Literal: "Literal Name"}}, ContainerTitle: "J", Issued: "2023"}},
		{"malformed json-ld ignored", `<title>T</title><script type="application/ld+json">{"@type":"NewsArticle",</script>`, Metadata{Title: "T"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ExtractHTML(strings.NewReader(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			got := p.Meta
			got.FieldSources = nil
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tt.want)
			if string(g) != string(w) {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestCSLDates(t *testing.T) {
	m := Metadata{Issued: "2024-01-06T10:00:00Z", Accessed: "2025-07-29"}
	b, _ := json.Marshal(m.CSL())
	if string(b) != `{"accessed":{"date-parts":[[2025,7,29]]},"issued":{"date-parts":[[2024,1,6]]}}` {
		t.Errorf("CSL = %s", b)
	}
	m = Metadata{Issued: "last Tuesday"}
	b, _ = json.Marshal(m.CSL())
	if string(b) != `{"issued":{"raw":"last Tuesday"}}` {
		t.Errorf("CSL raw = %s", b)
	}
}

// redirectChain serves /r/N redirecting to /r/N-1 ... /r/0 which is the page.
func redirectChain() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/r/%d", &n)
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "final page")
	}))
}

func TestRedirects(t *testing.T) {
	srv := redirectChain()
	defer srv.Close()
	s := newStore(t)
	opts := baseOpts(t, s)
	opts.MaxRedirects = 3
	res, err := Capture(context.Background(), srv.URL+"/r/3", opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.FinalURL != srv.URL+"/r/0" || len(res.Redirects) != 3 || res.Redirects[0] != srv.URL+"/r/2" {
		t.Fatalf("final %q redirects %v", res.FinalURL, res.Redirects)
	}
	if string(readBlob(t, s, res.Body)) != "final page" || res.Text != "final page" {
		t.Fatal("wrong final body")
	}
	recs, err := readWARCIndependent(readBlob(t, s, res.WARC))
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, r := range recs {
		if r.get("WARC-Type") == "response" {
			targets = append(targets, r.get("WARC-Target-URI"))
			head, _, _ := httpPayload(r.Block)
			if r.get("WARC-Target-URI") != res.FinalURL && !strings.HasPrefix(head, "HTTP/1.1 302") {
				t.Errorf("redirect hop recorded as %q", head)
			}
		}
	}
	if len(targets) != 4 || targets[0] != srv.URL+"/r/3" || targets[3] != srv.URL+"/r/0" {
		t.Fatalf("response records for %v", targets)
	}

	// One more hop than allowed fails, and stores nothing.
	s2 := newStore(t)
	opts = baseOpts(t, s2)
	opts.MaxRedirects = 2
	res, err = Capture(context.Background(), srv.URL+"/r/3", opts)
	var ce *Error
	if !errors.As(err, &ce) || ce.Kind != FailRedirects || res.Failure == nil || res.Failure.Kind != FailRedirects {
		t.Fatalf("redirect limit: res %+v err %v", res.Failure, err)
	}
	if countBlobs(t, s2) != 0 {
		t.Fatal("a failed capture stored blobs")
	}
	assertNoTemp(t, opts.TempDir)
	// MaxRedirects < 0: no redirects at all.
	opts.MaxRedirects = -1
	if _, err := Capture(context.Background(), srv.URL+"/r/1", opts); !errors.As(err, &ce) || ce.Kind != FailRedirects {
		t.Fatalf("no-redirect option: %v", err)
	}
}

func TestTimeouts(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/partial" {
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("some of the body"))
			w.(http.Flusher).Flush()
		}
		select { // stall until the test ends or the client goes away
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	tests := []struct {
		name                   string
		path                   string
		timeout, headerTimeout time.Duration
	}{
		{"overall timeout, no headers", "/stall", 200 * time.Millisecond, time.Hour},
		{"header timeout", "/stall", time.Hour, 200 * time.Millisecond},
		{"body stalls", "/partial", 300 * time.Millisecond, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			opts := baseOpts(t, s)
			opts.Timeout, opts.HeaderTimeout = tt.timeout, tt.headerTimeout
			res, err := Capture(context.Background(), srv.URL+tt.path, opts)
			if err == nil || res.Failure == nil || res.Failure.Kind != FailTimeout {
				t.Fatalf("want timeout failure, got %+v, %v", res.Failure, err)
			}
			if countBlobs(t, s) != 0 {
				t.Fatal("a timed-out capture stored blobs")
			}
			assertNoTemp(t, opts.TempDir)
		})
	}
}

func TestOversizedBody(t *testing.T) {
	big := bytes.Repeat([]byte("A"), 10000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			// No Content-Length: the limit is enforced while reading.
			for i := 0; i < 10; i++ {
				w.Write(big[:1000])
				w.(http.Flusher).Flush()
			}
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		w.Write(big)
	}))
	defer srv.Close()
	for _, path := range []string{"/declared", "/chunked"} {
		t.Run(path, func(t *testing.T) {
			s := newStore(t)
			opts := baseOpts(t, s)
			opts.MaxBodyBytes = 9999
			res, err := Capture(context.Background(), srv.URL+path, opts)
			if err == nil || res.Failure.Kind != FailTooLarge {
				t.Fatalf("want too-large, got %+v %v", res.Failure, err)
			}
			if countBlobs(t, s) != 0 {
				t.Fatal("partial blob stored for an oversized body")
			}
			assertNoTemp(t, opts.TempDir)
			// At exactly the limit it is accepted.
			opts.MaxBodyBytes = 10000
			if res, err := Capture(context.Background(), srv.URL+path, opts); err != nil || res.BodySize != 10000 {
				t.Fatalf("at the limit: %v", err)
			}
		})
	}
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		ip            string
		allowLoopback bool
		blocked       bool
	}{
		{"8.8.8.8", false, false},
		{"2606:4700:4700::1111", false, false},
		{"203.0.113.10", false, false},
		{"127.0.0.1", false, true},
		{"127.8.9.10", false, true},
		{"::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"127.0.0.1", true, false},
		{"::1", true, false},
		{"::ffff:127.0.0.1", true, false},
		{"10.0.0.1", true, true},
		{"172.16.5.4", true, true},
		{"192.168.1.1", false, true},
		{"::ffff:10.0.0.1", true, true},
		{"::ffff:192.168.0.1", false, true},
		{"fc00::1", false, true},
		{"fd12:3456::1", true, true},
		{"169.254.169.254", true, true},
		{"169.254.1.1", false, true},
		{"fe80::1", true, true},
		{"fe80::1%eth0", false, true},
		{"fd00:ec2::254", true, true},
		{"100.100.100.200", false, true},
		{"100.64.0.1", false, true},
		{"100.127.255.254", false, true},
		{"100.128.0.1", false, false},
		{"224.0.0.1", false, true},
		{"239.255.255.250", false, true},
		{"ff02::1", false, true},
		{"0.0.0.0", true, true},
		{"0.1.2.3", false, true},
		{"::", true, true},
		{"255.255.255.255", false, true},
		{"240.0.0.1", false, true},
		{"64:ff9b::a00:1", false, true},    // NAT64 of 10.0.0.1
		{"64:ff9b::808:808", false, false}, // NAT64 of 8.8.8.8
		{"2002:a00:1::1", false, true},     // 6to4 of 10.0.0.1
		{"2002:7f00:1::1", true, false},    // 6to4 of 127.0.0.1, loopback allowed
		{"::a00:1", false, true},           // IPv4-compatible 10.0.0.1
		{"::ffff:169.254.169.254", true, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.ip, tt.allowLoopback), func(t *testing.T) {
			ip, err := netip.ParseAddr(tt.ip)
			if err != nil {
				t.Fatal(err)
			}
			err = CheckAddr(ip, tt.allowLoopback)
			if (err != nil) != tt.blocked {
				t.Fatalf("CheckAddr(%s, %v) = %v, want blocked=%v", tt.ip, tt.allowLoopback, err, tt.blocked)
			}
			// The socket Control hook applies the same policy to the literal address.
			g := newGuardedDialer(nil, tt.allowLoopback, nil)
			cerr := g.control("tcp", netip.AddrPortFrom(ip.WithZone(""), 80).String(), nil)
			if (cerr != nil) != tt.blocked {
				t.Fatalf("control(%s) = %v, want blocked=%v", tt.ip, cerr, tt.blocked)
			}
		})
	}
}

func TestSSRFLoopbackRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	s := newStore(t)
	opts := baseOpts(t, s)
	opts.AllowLoopback = false
	for _, u := range []string{srv.URL + "/", strings.Replace(srv.URL, "127.0.0.1", "[::ffff:127.0.0.1]", 1)} {
		res, err := Capture(context.Background(), u, opts)
		var be *BlockedError
		if !errors.As(err, &be) || res.Failure == nil || res.Failure.Kind != FailBlocked || be.Reason != "loopback" {
			t.Fatalf("%s: want blocked loopback, got %+v %v", u, res.Failure, err)
		}
	}
	// A name resolving to loopback (via the resolver) is refused as well.
	opts.Resolver = StaticResolver{"localhost.test": {netip.MustParseAddr("127.0.0.1")}}
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	if _, err := Capture(context.Background(), "http://localhost.test:"+port+"/", opts); err == nil || !strings.Contains(err.Error(), "localhost.test") {
		t.Fatalf("name resolving to loopback: %v", err)
	}
	if hits.Load() != 0 || countBlobs(t, s) != 0 {
		t.Fatalf("server hit %d times, %d blobs stored", hits.Load(), countBlobs(t, s))
	}
}

// publicHarness makes "public.test" resolve to a public address whose
// connections actually reach a loopback test server.
func publicHarness(t *testing.T, opts *Options, srv *httptest.Server) (dials *atomic.Int32) {
	t.Helper()
	public := netip.MustParseAddr("203.0.113.10")
	opts.Resolver = StaticResolver{
		"public.test": {public},
		"evil.test":   {netip.MustParseAddr("10.0.0.1")},
		"mixed.test":  {netip.MustParseAddr("192.168.0.7"), netip.MustParseAddr("169.254.169.254")},
	}
	real := strings.TrimPrefix(srv.URL, "http://")
	dials = &atomic.Int32{}
	opts.connect = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		ap, err := netip.ParseAddrPort(addr)
		if err != nil || ap.Addr() != public {
			return nil, fmt.Errorf("test harness: unexpected dial to %s", addr)
		}
		var d net.Dialer
		return d.DialContext(ctx, network, real)
	}
	return dials
}

func TestSSRFRedirectToLoopbackRefused(t *testing.T) {
	var secretHits atomic.Int32
	secret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secretHits.Add(1)
		io.WriteString(w, "internal secret")
	}))
	defer secret.Close()
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			io.WriteString(w, "<title>fine</title>")
		case "/to-loopback":
			http.Redirect(w, r, secret.URL+"/admin", http.StatusFound)
		case "/to-evil":
			http.Redirect(w, r, "http://evil.test/", http.StatusMovedPermanently)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusTemporaryRedirect)
		}
	}))
	defer front.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(front.URL, "http://"))
	s := newStore(t)
	opts := baseOpts(t, s)
	opts.AllowLoopback = false
	publicHarness(t, &opts, front)

	// The harness works: a public-looking host is captured.
	res, err := Capture(context.Background(), "http://public.test:"+port+"/ok", opts)
	if err != nil || res.Meta.Title != "fine" || res.RemoteIP != "127.0.0.1" {
		t.Fatalf("public capture: %+v %v", res, err)
	}
	before := countBlobs(t, s)
	for _, path := range []string{"/to-loopback", "/to-evil", "/to-metadata"} {
		res, err := Capture(context.Background(), "http://public.test:"+port+path, opts)
		var be *BlockedError
		if !errors.As(err, &be) || res.Failure == nil || res.Failure.Kind != FailBlocked {
			t.Fatalf("%s: want blocked, got %+v %v", path, res.Failure, err)
		}
		if len(res.Redirects) != 1 {
			t.Errorf("%s: redirect not recorded: %v", path, res.Redirects)
		}
	}
	if secretHits.Load() != 0 {
		t.Fatal("the loopback server behind the redirect was reached")
	}
	if countBlobs(t, s) != before {
		t.Fatal("refused captures stored blobs")
	}
}

func TestSSRFHostnameResolvingPrivate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	s := newStore(t)
	opts := baseOpts(t, s)
	opts.AllowLoopback = true // loopback permission does not extend to private addresses
	dials := publicHarness(t, &opts, srv)
	for _, host := range []string{"evil.test", "mixed.test"} {
		res, err := Capture(context.Background(), "http://"+host+"/", opts)
		var be *BlockedError
		if !errors.As(err, &be) || res.Failure.Kind != FailBlocked || be.Host != host {
			t.Fatalf("%s: want blocked, got %+v %v", host, res.Failure, err)
		}
		if !strings.Contains(err.Error(), host) {
			t.Errorf("error does not name the host: %v", err)
		}
	}
	if dials.Load() != 0 {
		t.Fatalf("%d connections attempted to refused addresses", dials.Load())
	}
	if _, err := Capture(context.Background(), "http://unknown.test/", opts); err == nil || !strings.Contains(err.Error(), "no such host") {
		t.Fatalf("unknown host: %v", err)
	}
}

func TestInvalidURLs(t *testing.T) {
	s := newStore(t)
	for _, u := range []string{"ftp://example.org/", "file:///etc/passwd", "http://", "http://user:pw@example.org/", "::"} {
		res, err := Capture(context.Background(), u, baseOpts(t, s))
		if err == nil || res.Failure.Kind != FailInvalidURL {
			t.Errorf("%q: %+v %v", u, res.Failure, err)
		}
	}
	if _, err := Capture(context.Background(), "http://x/", Options{}); err == nil {
		t.Error("capture without a store succeeded")
	}
}

func TestNon2xxIsCaptured(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	s := newStore(t)
	res, err := Capture(context.Background(), srv.URL+"/gone", baseOpts(t, s))
	if err != nil || res.Status != 404 || res.WARC.IsZero() {
		t.Fatalf("404: %+v %v", res, err)
	}
}

func TestCaptureAll(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<title>page %s</title><p>body %s</p>", r.URL.Path, r.URL.Path)
	}))
	defer srv.Close()
	s := newStore(t)
	var urls []string
	for i := range 25 {
		urls = append(urls, fmt.Sprintf("%s/p%d", srv.URL, i))
	}
	urls = append(urls, "gopher://bad")
	var calls []int
	results, err := CaptureAll(context.Background(), urls, 4, baseOpts(t, s), func(done, total int) {
		if total != len(urls) {
			t.Errorf("total %d", total)
		}
		calls = append(calls, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results[:25] {
		if !r.OK() || r.Meta.Title != fmt.Sprintf("page /p%d", i) {
			t.Fatalf("result %d: %+v", i, r)
		}
	}
	if results[25].OK() || results[25].Failure.Kind != FailInvalidURL {
		t.Fatalf("bad URL result: %+v", results[25])
	}
	for i, c := range calls {
		if c != i+1 {
			t.Fatalf("progress calls %v", calls)
		}
	}
	if len(calls) != len(urls) {
		t.Fatalf("%d progress calls", len(calls))
	}
	var problems []blob.Problem
	if _, err := blob.Verify(context.Background(), s, func(p blob.Problem) { problems = append(problems, p) }); err != nil || len(problems) > 0 {
		t.Fatalf("store after CaptureAll: %v %v", err, problems)
	}
}

func TestCharsetDecoded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<title>Caf\xe9</title><p>na\xefve</p>"))
	}))
	defer srv.Close()
	res, err := Capture(context.Background(), srv.URL, baseOpts(t, newStore(t)))
	if err != nil || res.Meta.Title != "Café" || res.Text != "naïve" {
		t.Fatalf("charset: %q %q %v", res.Meta.Title, res.Text, err)
	}
}

func FuzzExtractHTML(f *testing.F) {
	page, _ := os.ReadFile(filepath.Join("testdata", "article.html"))
	f.Add(string(page))
	f.Add(`<script type="application/ld+json">[[[{"@graph":{"@type":"NewsArticle","author":[{"name":1}]}}]]]</script>`)
	f.Add("<meta name=citation_author content=','>")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ExtractHTML(strings.NewReader(s))
		if err != nil {
			return
		}
		_ = p.Meta.CSL()
	})
}

func TestLargeBodySpillsToDisk(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), (spoolMem+12345)/16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(big)
	}))
	defer srv.Close()
	s := newStore(t)
	opts := baseOpts(t, s)
	res, err := Capture(context.Background(), srv.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readBlob(t, s, res.Body), big) {
		t.Fatal("large body stored wrongly")
	}
	recs, err := readWARCIndependent(readBlob(t, s, res.WARC))
	if err != nil {
		t.Fatal(err)
	}
	_, payload, _ := httpPayload(recs[2].Block)
	if !bytes.Equal(payload, big) {
		t.Fatal("large body recorded wrongly in the WARC")
	}
	checkDigest(t, "WARC-Payload-Digest", recs[2].get("WARC-Payload-Digest"), big)
	assertNoTemp(t, opts.TempDir)
}
