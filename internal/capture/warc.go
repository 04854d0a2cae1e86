package capture

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nlnwa/gowarc"
)

// hop is one HTTP exchange (the final one or a redirect).
type hop struct {
	target   string
	date     time.Time
	remoteIP string
	request  []byte // request line and headers as sent
	respHead []byte // status line and headers as received (Transfer-Encoding removed)
	body     *spool
	bodyLen  int64
	sum      []byte // sha256 of the body
	chunked  bool
}

// builderMu serialises gowarc.NewRecordBuilder: gowarc v1.6.0 calls
// uuid.EnableRandPool (a write to a package global) on every call, which is
// a data race when captures run concurrently.
var builderMu sync.Mutex

func newRecordBuilder(t gowarc.RecordType, opts ...gowarc.WarcRecordOption) gowarc.WarcRecordBuilder {
	builderMu.Lock()
	defer builderMu.Unlock()
	return gowarc.NewRecordBuilder(t, opts...)
}

func newRecordID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func recordOpts(tmpDir string) []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithVersion(gowarc.V1_1),
		gowarc.WithDefaultDigestAlgorithm("sha256"),
		gowarc.WithDefaultDigestEncoding(gowarc.Base16),
		gowarc.WithBufferTmpDir(tmpDir),
		gowarc.WithBufferMaxMemBytes(4 << 20),
	}
}

// writeWARC writes a warcinfo record, a request and response record per hop
// and a metadata record describing the capture to w.
func writeWARC(w io.Writer, res *Result, hops []*hop, tmpDir string) error {
	m := gowarc.NewMarshaler()
	write := func(b gowarc.WarcRecordBuilder) error {
		rec, _, err := b.Build()
		if err != nil {
			return fmt.Errorf("build warc record: %w", err)
		}
		defer rec.Close()
		if _, _, err := m.Marshal(w, rec, 0); err != nil {
			return fmt.Errorf("write warc record: %w", err)
		}
		return nil
	}
	infoID := newRecordID()
	info := newRecordBuilder(gowarc.Warcinfo, recordOpts(tmpDir)...)
	info.AddWarcHeader(gowarc.WarcRecordID, infoID)
	info.AddWarcHeaderTime(gowarc.WarcDate, res.Started)
	info.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	fi := &fields{}
	fi.Add("software", res.ToolVersion+" (github.com/nlnwa/gowarc)")
	fi.Add("format", "WARC File Format 1.1")
	fi.Add("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	fi.Add("operator", res.Collector)
	fi.Add("description", "dossier evidence capture of "+res.URL)
	if _, err := info.WriteString(fi.String()); err != nil {
		return fmt.Errorf("warcinfo: %w", err)
	}
	if err := write(info); err != nil {
		return err
	}
	var lastResp string
	for _, h := range hops {
		reqID, respID := newRecordID(), newRecordID()
		req := newRecordBuilder(gowarc.Request, recordOpts(tmpDir)...)
		req.AddWarcHeader(gowarc.WarcRecordID, reqID)
		req.AddWarcHeaderTime(gowarc.WarcDate, h.date)
		req.AddWarcHeader(gowarc.WarcTargetURI, h.target)
		req.AddWarcHeader(gowarc.WarcWarcinfoID, infoID)
		req.AddWarcHeader(gowarc.WarcConcurrentTo, respID)
		req.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
		if h.remoteIP != "" {
			req.AddWarcHeader(gowarc.WarcIPAddress, h.remoteIP)
		}
		if _, err := req.Write(h.request); err != nil {
			return fmt.Errorf("warc request record: %w", err)
		}
		if err := write(req); err != nil {
			return err
		}
		resp := newRecordBuilder(gowarc.Response, recordOpts(tmpDir)...)
		resp.AddWarcHeader(gowarc.WarcRecordID, respID)
		resp.AddWarcHeaderTime(gowarc.WarcDate, h.date)
		resp.AddWarcHeader(gowarc.WarcTargetURI, h.target)
		resp.AddWarcHeader(gowarc.WarcWarcinfoID, infoID)
		resp.AddWarcHeader(gowarc.WarcConcurrentTo, reqID)
		resp.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
		if h.remoteIP != "" {
			resp.AddWarcHeader(gowarc.WarcIPAddress, h.remoteIP)
		}
		if _, err := resp.Write(h.respHead); err != nil {
			return fmt.Errorf("warc response record: %w", err)
		}
		if h.body != nil {
			br, err := h.body.reader()
			if err != nil {
				return fmt.Errorf("warc response record: %w", err)
			}
			if _, err := io.Copy(resp, br); err != nil {
				return fmt.Errorf("warc response record: %w", err)
			}
		}
		if err := write(resp); err != nil {
			return err
		}
		lastResp = respID
	}
	meta := newRecordBuilder(gowarc.Metadata, recordOpts(tmpDir)...)
	meta.AddWarcHeader(gowarc.WarcRecordID, newRecordID())
	meta.AddWarcHeaderTime(gowarc.WarcDate, res.Finished)
	meta.AddWarcHeader(gowarc.WarcTargetURI, res.FinalURL)
	meta.AddWarcHeader(gowarc.WarcWarcinfoID, infoID)
	if lastResp != "" {
		meta.AddWarcHeader(gowarc.WarcConcurrentTo, lastResp)
	}
	meta.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	mf := &fields{}
	mf.Add("collector", res.Collector)
	mf.Add("tool", res.ToolVersion)
	mf.Add("requested-url", res.URL)
	mf.Add("final-url", res.FinalURL)
	for _, r := range res.Redirects {
		mf.Add("redirect", r)
	}
	mf.Add("started", res.Started.Format(time.RFC3339Nano))
	mf.Add("finished", res.Finished.Format(time.RFC3339Nano))
	mf.Add("status", fmt.Sprint(res.Status))
	mf.Add("payload-sha256", res.BodySHA256)
	mf.Add("allow-loopback", fmt.Sprint(res.AllowLoopback))
	for _, h := range hops {
		if h.chunked {
			mf.Add("note", "response to "+h.target+" used chunked transfer coding; the record holds the decoded payload and omits the Transfer-Encoding header")
		}
	}
	mf.Add("note", "HTTP messages are reconstructed from the parsed exchange (header names canonicalised, sorted)")
	if _, err := meta.WriteString(mf.String()); err != nil {
		return fmt.Errorf("warc metadata record: %w", err)
	}
	return write(meta)
}

// fields is an ordered list of WARC named fields (application/warc-fields).
type fields [][2]string

func (f *fields) Add(name, value string) { *f = append(*f, [2]string{name, value}) }

// String renders "name: value\r\n" lines, replacing line breaks in values.
func (f fields) String() string {
	var b strings.Builder
	r := strings.NewReplacer("\r", " ", "\n", " ")
	for _, nv := range f {
		fmt.Fprintf(&b, "%s: %s\r\n", nv[0], r.Replace(nv[1]))
	}
	return b.String()
}

// headerBytes renders a status line and sorted headers.
func headerBytes(statusLine string, hdr map[string][]string) []byte {
	var b bytes.Buffer
	b.WriteString(statusLine)
	b.WriteString("\r\n")
	keys := make([]string, 0, len(hdr))
	for k := range hdr {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range hdr[k] {
			v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	return b.Bytes()
}
