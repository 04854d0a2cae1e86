// Package capture preserves web pages and files as evidence.
//
// Capture fetches a URL with an overall timeout, a response-header timeout,
// a body size limit and a redirect limit, and writes every HTTP exchange
// (each redirect hop and the final response) as request and response records
// of a WARC 1.1 file (ISO 28500), preceded by a warcinfo record and followed
// by a metadata record (collector, tool, times, final URL, payload digest).
//
// The WARC writer (warc.go) is hand-written. It first used the record builder
// of github.com/nlnwa/gowarc, which re-parses and validates every record it
// builds and copies each block through its own buffers: in a CPU profile of
// 1,000 loopback captures that was ~37% of all capture CPU, and
// BenchmarkWriteWARC measures it at ~0.9 ms per 13 KB page against ~47 µs
// for the direct writer. The records are simple and every digest is computed
// from bytes already in hand (the response's block and payload digests in the
// same pass that reads the body), so nothing is parsed again. gowarc stays
// the independent reader in the tests: every record written must read back
// through gowarc with strict validation and through a second parser that
// shares no code with either, and TestWriterMatchesGowarc compares the
// writer's records field by field with what gowarc's builder produces for
// the same exchanges. The WARC file and the raw response body
// go into the content-addressed blob store (CaptureAll with Options.OneWARC
// instead appends each capture's records to WARC files shared by the batch,
// closed at Options.WARCMaxSize, and hands each Result to Options.OnResult
// once the file holding it is stored: onewarc.go); readable text and citation
// metadata (citation_*, schema.org JSON-LD, OpenGraph, <title>) are
// extracted from HTML. A failed capture returns a Result saying why.
//
// Every connection passes an SSRF guard (guard.go): the host is resolved by
// the capture itself and each resolved address is checked, and the socket's
// Control hook checks the literal address again at connect time. Redirects
// are followed by hand, so each hop is a new, checked connection.
//
// AddFile stores a local file (PDF, image, video, anything) with its media
// type and embedded metadata; PDF text is extracted with
// github.com/ledongthuc/pdf (pure Go, added to go.mod for this: no PDF text
// extractor exists in the standard library or the other dependencies).
package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"dossier/internal/blob"
	"dossier/internal/media"
)

// Failure kinds.
const (
	FailInvalidURL   = "invalid-url"
	FailBlocked      = "blocked-address"
	FailTimeout      = "timeout"
	FailTooLarge     = "too-large"
	FailRedirects    = "too-many-redirects"
	FailNetwork      = "network"
	FailStore        = "store"
	FailCanceled     = "canceled"
	defaultUserAgent = "dossier-capture/1 (evidence preservation; +https://example.invalid/dossier)"
)

// Options configure a capture. Store is required; zero durations and limits
// take the defaults shown.
type Options struct {
	Store         blob.Store
	Collector     string        // who collects (recorded in the WARC and Result)
	ToolVersion   string        // default: "dossier <module version>"
	UserAgent     string        // default: defaultUserAgent
	Timeout       time.Duration // whole capture, all hops; default 60s
	HeaderTimeout time.Duration // wait for response headers; default 30s
	MaxBodyBytes  int64         // per response body; default 64 MiB
	MaxRedirects  int           // default 10; negative means none
	AllowLoopback bool          // permit loopback targets (only loopback)
	StoreText     bool          // also store the extracted text as a blob (TextRef)
	// OneWARC makes CaptureAll write the records of every capture into one
	// WARC file, stored as one blob once all captures are done; each Result
	// then gives its segment (WARCOffset, WARCLength, SegmentSHA256) and the
	// body is not stored as a blob of its own (it is the response record's
	// payload; BodySHA256 is its digest). Capture alone ignores it.
	OneWARC bool
	// WARCMaxSize, with OneWARC, closes the batch's WARC file once it holds
	// at least this many bytes (whole captures: a capture's records are never
	// split) and starts a new one, like wget --warc-max-size. Each closed file
	// is stored as one blob at once, while the other captures go on, and its
	// captures are handed to OnResult. 0: one WARC file for the whole batch.
	WARCMaxSize int64
	// OnResult, if set, is called by CaptureAll once per URL (i is its index
	// in urls), never concurrently, as soon as the Result is final: a failed
	// capture when it fails; with OneWARC a successful one once the WARC blob
	// holding its records is stored (Store.Put returned: WARC is set); else
	// when the capture is done. The callback must not modify the Result and
	// should return quickly (captures wait for it). When CaptureAll returns an
	// error, results already handed over belong to a batch that failed.
	OnResult func(i int, r *Result)
	Resolver Resolver // default net.DefaultResolver
	TempDir  string   // scratch space; default os.TempDir()
	Now      func() time.Time

	// connect replaces the final dial (tests only); the SSRF policy still
	// applies to the resolved address.
	connect func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (o Options) withDefaults() Options {
	if o.ToolVersion == "" {
		o.ToolVersion = "dossier " + moduleVersion()
	}
	if o.UserAgent == "" {
		o.UserAgent = defaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 30 * time.Second
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 64 << 20
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 10
	} else if o.MaxRedirects < 0 {
		o.MaxRedirects = 0
	}
	if o.TempDir == "" {
		o.TempDir = os.TempDir()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Collector == "" {
		o.Collector = "unknown"
	}
	return o
}

func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// Failure says why a capture failed.
type Failure struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// Error is the error returned with a failed Result.
type Error struct {
	URL string
	Failure
	Err error
}

func (e *Error) Error() string {
	return fmt.Sprintf("capture %s: %s: %s", e.URL, e.Kind, e.Reason)
}
func (e *Error) Unwrap() error { return e.Err }

// Result describes one capture. On failure Failure is set and the blob refs
// are zero; nothing was stored.
type Result struct {
	URL           string      `json:"url"`
	FinalURL      string      `json:"final_url,omitempty"`
	Redirects     []string    `json:"redirects,omitempty"` // each Location followed, in order
	Status        int         `json:"status,omitempty"`
	StatusLine    string      `json:"status_line,omitempty"`
	Headers       http.Header `json:"headers,omitempty"` // final response headers
	ContentType   string      `json:"content_type,omitempty"`
	MediaType     string      `json:"media_type,omitempty"`
	RemoteIP      string      `json:"remote_ip,omitempty"`
	Collector     string      `json:"collector"`
	ToolVersion   string      `json:"tool_version"`
	Started       time.Time   `json:"started"`
	Finished      time.Time   `json:"finished"`
	AllowLoopback bool        `json:"allow_loopback,omitempty"`

	Body       blob.Ref `json:"body"`
	BodySize   int64    `json:"body_size"`
	BodySHA256 string   `json:"body_sha256,omitempty"`
	WARC       blob.Ref `json:"warc"`
	WARCSize   int64    `json:"warc_size"`
	WARCSHA256 string   `json:"warc_sha256,omitempty"`
	// With Options.OneWARC: this capture's records (warcinfo, request and
	// response per hop, metadata) are WARCLength bytes at WARCOffset of the
	// shared WARC blob, and SegmentSHA256 is their digest.
	WARCOffset    int64    `json:"warc_offset,omitempty"`
	WARCLength    int64    `json:"warc_length,omitempty"`
	SegmentSHA256 string   `json:"segment_sha256,omitempty"`
	Text          string   `json:"-"`
	TextRef       blob.Ref `json:"text"` // extracted text stored as a blob (only with Options.StoreText)
	Meta          Metadata `json:"meta"`
	// Media is what a captured photograph or video says about itself (EXIF; MP4/QuickTime
	// headers and metadata atoms), when the page is one; MediaWarnings what could not be read.
	Media         *media.Info `json:"media,omitempty"`
	MediaWarnings []string    `json:"media_warnings,omitempty"`

	Failure *Failure `json:"failure,omitempty"`
}

// OK reports whether the capture succeeded.
func (r *Result) OK() bool { return r != nil && r.Failure == nil }

// Capturer holds a configured HTTP client; it is safe for concurrent use.
type Capturer struct {
	opts   Options
	client *http.Client
	shared *sharedWARC // with Options.OneWARC in CaptureAll
}

// New validates opts and returns a Capturer.
func New(opts Options) (*Capturer, error) {
	if opts.Store == nil {
		return nil, errors.New("capture: no blob store configured")
	}
	opts = opts.withDefaults()
	g := newGuardedDialer(opts.Resolver, opts.AllowLoopback, opts.connect)
	tr := &http.Transport{
		Proxy:                  nil, // never: a proxy would bypass the SSRF guard
		DialContext:            g.DialContext,
		ForceAttemptHTTP2:      false,
		TLSNextProto:           map[string]func(string, *tls.Conn) http.RoundTripper{},
		DisableCompression:     true, // store the body exactly as sent
		ResponseHeaderTimeout:  opts.HeaderTimeout,
		TLSHandshakeTimeout:    15 * time.Second,
		MaxIdleConnsPerHost:    64,
		IdleConnTimeout:        30 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
		// A page in one or two reads rather than one per 4 KiB (the default).
		ReadBufferSize: 64 << 10,
	}
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // redirects are followed by hand
		},
	}
	return &Capturer{opts: opts, client: client}, nil
}

// Close releases idle connections.
func (c *Capturer) Close() { c.client.CloseIdleConnections() }

// Capture fetches rawURL once with opts. See Capturer.Capture.
func Capture(ctx context.Context, rawURL string, opts Options) (*Result, error) {
	c, err := New(opts)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Capture(ctx, rawURL)
}

// Capture fetches rawURL, following redirects, stores the body and a WARC
// file in the blob store, and extracts text and metadata. The Result is never
// nil; when the capture fails, Result.Failure says why and the returned error
// is an *Error with the same kind. Non-2xx responses are captured, not failed.
func (c *Capturer) Capture(ctx context.Context, rawURL string) (*Result, error) {
	return c.capture(ctx, rawURL, -1)
}

// capture is Capture for the i-th URL of a CaptureAll batch (i < 0 outside one).
func (c *Capturer) capture(ctx context.Context, rawURL string, i int) (*Result, error) {
	o := c.opts
	res := &Result{URL: rawURL, Collector: o.Collector, ToolVersion: o.ToolVersion, Started: o.Now().UTC(), AllowLoopback: o.AllowLoopback}
	fail := func(kind string, err error) (*Result, error) {
		res.Finished = o.Now().UTC()
		res.Failure = &Failure{Kind: kind, Reason: err.Error()}
		res.Body, res.WARC, res.TextRef = blob.Ref{}, blob.Ref{}, blob.Ref{}
		res.Text, res.Meta = "", Metadata{}
		return res, &Error{URL: rawURL, Failure: *res.Failure, Err: err}
	}
	u, err := checkURL(rawURL)
	if err != nil {
		return fail(FailInvalidURL, err)
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	var hops []*hop
	defer func() {
		for _, h := range hops {
			if h.body != nil {
				h.body.close()
			}
		}
	}()
	var final *http.Response
	for {
		h, resp, err := c.fetch(ctx, u)
		if h != nil {
			hops = append(hops, h)
		}
		if err != nil {
			return fail(classify(ctx, err), err)
		}
		loc := resp.Header.Get("Location")
		if !isRedirect(resp.StatusCode) || loc == "" {
			final = resp
			break
		}
		if len(res.Redirects) >= o.MaxRedirects {
			return fail(FailRedirects, fmt.Errorf("more than %d redirects (last to %q)", o.MaxRedirects, loc))
		}
		next, err := u.Parse(loc)
		if err != nil {
			return fail(FailInvalidURL, fmt.Errorf("redirect from %s: bad Location %q: %w", u, loc, err))
		}
		if next, err = checkURL(next.String()); err != nil {
			return fail(FailInvalidURL, fmt.Errorf("redirect from %s: %w", u, err))
		}
		res.Redirects = append(res.Redirects, next.String())
		u = next
	}
	last := hops[len(hops)-1]
	res.FinalURL = u.String()
	res.Status = final.StatusCode
	res.StatusLine = final.Proto + " " + final.Status
	res.Headers = final.Header.Clone()
	res.ContentType = final.Header.Get("Content-Type")
	res.MediaType, _, _ = mime.ParseMediaType(res.ContentType)
	res.RemoteIP = last.remoteIP
	res.BodySize = last.bodyLen
	res.Finished = o.Now().UTC()

	if c.shared == nil {
		// Body: hash and store.
		br, err := last.body.reader()
		if err != nil {
			return fail(FailStore, err)
		}
		bodyRef, n, err := o.Store.Put(ctx, br)
		if err != nil {
			return fail(FailStore, fmt.Errorf("store body: %w", err))
		}
		res.Body, res.BodySize, res.BodySHA256 = bodyRef, n, bodyRef.Hex()

		// WARC: build in a spool, then store.
		wf := &spool{dir: o.TempDir}
		defer wf.close()
		if err := writeWARC(wf, res, hops, o.TempDir); err != nil {
			return fail(FailStore, err)
		}
		wr, err := wf.reader()
		if err != nil {
			return fail(FailStore, err)
		}
		warcRef, wn, err := o.Store.Put(ctx, wr)
		if err != nil {
			return fail(FailStore, fmt.Errorf("store warc: %w", err))
		}
		res.WARC, res.WARCSize, res.WARCSHA256 = warcRef, wn, warcRef.Hex()
	}

	// Text and metadata.
	res.Text, res.Meta = c.extract(ctx, res, last.body)
	if hasEmbedded(res.MediaType) {
		if body, err := last.body.reader(); err == nil {
			res.Media, res.MediaWarnings = embedded(res.MediaType, body, res.BodySize)
		} else {
			res.MediaWarnings = []string{"media: " + err.Error()}
		}
	}
	res.Meta.URL = firstNonEmpty(res.Meta.URL, res.FinalURL)
	res.Meta.Accessed = res.Started.Format("2006-01-02")
	if res.Text != "" && o.StoreText {
		tref, _, err := o.Store.Put(ctx, strings.NewReader(res.Text))
		if err != nil {
			return fail(FailStore, fmt.Errorf("store text: %w", err))
		}
		res.TextRef = tref
	}
	if c.shared != nil {
		// One WARC for the batch: the body is the response record's payload. The segment is
		// appended last, when the Result is complete but for the ref of the WARC blob, which
		// the worker storing the file sets (see sharedWARC).
		res.BodySHA256 = hex.EncodeToString(last.sum)
		seg := getSegment()
		defer putSegment(seg)
		if err := writeWARC(seg, res, hops, o.TempDir); err != nil {
			return fail(FailStore, err)
		}
		sum := sha256.Sum256(seg.Bytes())
		if err := c.shared.append(seg.Bytes(), hex.EncodeToString(sum[:]), i, res); err != nil {
			return fail(FailStore, err)
		}
	}
	return res, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// extract reads text and metadata from the stored body according to its media type.
func (c *Capturer) extract(ctx context.Context, res *Result, sp *spool) (string, Metadata) {
	body, err := sp.reader()
	if err != nil {
		return "", Metadata{}
	}
	switch {
	case res.MediaType == "text/html" || res.MediaType == "application/xhtml+xml" || (res.MediaType == "" && sniffHTML(body)):
		body.Seek(0, io.SeekStart)
		var r io.Reader
		if sp.f == nil && isValidUTF8Page(sp.bytes(), res.ContentType) {
			// Decoding valid UTF-8 as UTF-8 changes nothing: skip the transform.
			r = bytes.NewReader(sp.bytes())
		} else if r, err = charset.NewReader(body, res.ContentType); err != nil {
			slog.Warn("capture: unknown charset; reading as UTF-8", "url", res.URL, "err", err)
			r = body
		}
		p, err := ExtractHTML(r)
		if err != nil {
			slog.Warn("capture: html extraction failed", "url", res.URL, "err", err)
			return "", Metadata{}
		}
		return p.Text, p.Meta
	case res.MediaType == "application/pdf":
		info, _, err := extractPDFTool(ctx, body, res.BodySize, sp.path())
		if err != nil {
			slog.Warn("capture: pdf extraction failed", "url", res.URL, "err", err)
			return "", Metadata{}
		}
		return info.Text, info.Meta()
	case strings.HasPrefix(res.MediaType, "text/"):
		b, _ := io.ReadAll(io.LimitReader(body, maxExtractBytes))
		return strings.ToValidUTF8(string(b), "\uFFFD"), Metadata{}
	}
	return "", Metadata{}
}

// videoTypes are the media types whose embedded metadata media.Video reads.
var videoTypes = map[string]bool{"video/mp4": true, "video/quicktime": true, "video/3gpp": true}

// hasEmbedded reports a media type that may carry embedded metadata (photographs and videos).
func hasEmbedded(mediaType string) bool {
	return videoTypes[mediaType] || strings.HasPrefix(mediaType, "image/")
}

// embedded reads the metadata a photograph or video carries (nil for other media types, and
// for files that carry none), and what of it could not be read. Web captures and added files
// both use it.
func embedded(mediaType string, body interface {
	io.Reader
	io.ReaderAt
}, size int64) (*media.Info, []string) {
	if !hasEmbedded(mediaType) {
		return nil, nil
	}
	var info *media.Info
	var err error
	if videoTypes[mediaType] {
		info, err = media.Video(body, size)
	} else {
		info, err = media.Image(body)
	}
	switch {
	case err == nil:
		return info, info.Warnings
	case errors.Is(err, media.ErrNoMetadata) || errors.Is(err, media.ErrNotVideo):
		return nil, nil
	}
	return nil, []string{err.Error()}
}

// isValidUTF8Page reports whether page is declared or sniffed as UTF-8 (as
// charset.NewReader would decide) and is valid UTF-8.
func isValidUTF8Page(page []byte, contentType string) bool {
	_, name, _ := charset.DetermineEncoding(page[:min(len(page), 1024)], contentType)
	return name == "utf-8" && utf8.Valid(page)
}

func sniffHTML(f io.Reader) bool {
	buf := make([]byte, 512)
	n, _ := f.Read(buf)
	return strings.HasPrefix(http.DetectContentType(buf[:n]), "text/html")
}

func isRedirect(code int) bool {
	switch code {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("parse url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("url %q: scheme must be http or https", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("url %q: no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("url %q: credentials in URLs are not captured", raw)
	}
	u.Fragment = ""
	return u, nil
}

func classify(ctx context.Context, err error) string {
	var be *BlockedError
	var ne net.Error
	switch {
	case errors.As(err, &be):
		return FailBlocked
	case errors.Is(err, errTooLarge):
		return FailTooLarge
	case errors.Is(err, context.DeadlineExceeded), ctx.Err() == context.DeadlineExceeded:
		return FailTimeout
	case errors.Is(err, context.Canceled):
		return FailCanceled
	case errors.As(err, &ne) && ne.Timeout():
		return FailTimeout
	}
	return FailNetwork
}

// copyBufs recycles the buffers response bodies are copied through.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

var errTooLarge = errors.New("response body exceeds the size limit")

// fetch performs one GET and reads the body (bounded) into a temp file.
func (c *Capturer) fetch(ctx context.Context, u *url.URL) (*hop, *http.Response, error) {
	o := c.opts
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("request %s: %w", u, err)
	}
	req.Header.Set("User-Agent", o.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8")
	h := &hop{target: u.String(), date: o.Now().UTC()}
	var remote string
	var mu sync.Mutex
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if info.Conn != nil {
			if ap, ok := info.Conn.RemoteAddr().(*net.TCPAddr); ok {
				mu.Lock()
				remote = ap.IP.String()
				mu.Unlock()
			}
		}
	}}
	req = req.WithContext(httptrace.WithClientTrace(ctx, trace))
	var rb bytes.Buffer
	if err := req.Write(&rb); err != nil {
		return nil, nil, fmt.Errorf("serialise request %s: %w", u, err)
	}
	h.request = rb.Bytes()
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("GET %s: %w", u, err)
	}
	defer resp.Body.Close()
	mu.Lock()
	h.remoteIP = remote
	mu.Unlock()
	if resp.ContentLength > o.MaxBodyBytes {
		return nil, nil, fmt.Errorf("GET %s: Content-Length %d: %w (%d bytes)", u, resp.ContentLength, errTooLarge, o.MaxBodyBytes)
	}
	hdr := resp.Header.Clone()
	hdr.Del("Transfer-Encoding")
	h.chunked = len(resp.TransferEncoding) > 0
	h.respHead = headerBytes(resp.Proto+" "+resp.Status, hdr)
	f := newBodySpool(o.TempDir, resp.ContentLength)
	// One pass over the body feeds the spool, the payload digest and the
	// response record's block digest (status line and headers, then body).
	hs, bs := sha256.New(), sha256.New()
	bs.Write(h.respHead)
	cb := copyBufs.Get().(*[]byte)
	n, err := io.CopyBuffer(io.MultiWriter(f, hs, bs), io.LimitReader(resp.Body, o.MaxBodyBytes+1), *cb)
	copyBufs.Put(cb)
	if err == nil && n > o.MaxBodyBytes {
		err = fmt.Errorf("GET %s: %w (%d bytes)", u, errTooLarge, o.MaxBodyBytes)
	} else if err != nil {
		err = fmt.Errorf("GET %s: read body after %d bytes: %w", u, n, err)
	}
	if err != nil {
		f.close()
		return nil, nil, err
	}
	h.body, h.bodyLen, h.sum, h.blockSum = f, n, hs.Sum(nil), bs.Sum(nil)
	return h, resp, nil
}

// CaptureAll captures urls with n concurrent workers, calling progress (never
// concurrently) after each and Options.OnResult as each Result becomes final.
// Results are in the order of urls; failures are in each Result. The error is
// for invalid options, or (with Options.OneWARC) for a batch WARC that could
// not be written or stored.
func CaptureAll(ctx context.Context, urls []string, n int, opts Options, progress func(done, total int)) ([]*Result, error) {
	c, err := New(opts)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if n < 1 {
		n = 1
	}
	if opts.OneWARC {
		c.shared = newSharedWARC(c.opts.TempDir, opts.WARCMaxSize)
		defer c.shared.close()
	}
	var dmu sync.Mutex // OnResult is never called concurrently
	deliver := func(ms ...member) {
		if opts.OnResult == nil {
			return
		}
		dmu.Lock()
		defer dmu.Unlock()
		for _, m := range ms {
			opts.OnResult(m.i, m.res)
		}
	}
	// storeFull stores the closed WARC files (with last, the current one too) and hands their
	// captures over.
	storeFull := func(last bool) {
		for _, f := range c.shared.takeFull(last) {
			if ms, err := c.shared.store(ctx, c.opts.Store, f); err == nil {
				deliver(ms...)
			}
		}
	}
	results := make([]*Result, len(urls))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(n, max(len(urls), 1)) {
		wg.Go(func() {
			for i := range jobs {
				res, _ := c.capture(ctx, urls[i], i)
				results[i] = res
				switch {
				case c.shared == nil || !res.OK():
					deliver(member{i, res})
				case c.shared.max > 0:
					storeFull(false)
				}
				mu.Lock()
				done++
				if progress != nil {
					progress(done, len(urls))
				}
				mu.Unlock()
			}
		})
	}
	for i := range urls {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if c.shared != nil {
		storeFull(true)
		c.shared.mu.Lock()
		err := c.shared.err
		c.shared.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}
