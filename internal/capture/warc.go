package capture

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
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
	sum      []byte // sha256 of the body (the response record's payload digest)
	blockSum []byte // sha256 of respHead and body (the response record's block digest)
	chunked  bool
}

// newRecordID returns a random (version 4) UUID as a WARC-Record-ID.
func newRecordID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	var out [47]byte
	copy(out[:], "<urn:uuid:")
	i := 10
	for j, c := range b {
		if j == 4 || j == 6 || j == 8 || j == 10 {
			out[i] = '-'
			i++
		}
		hex.Encode(out[i:i+2], []byte{c})
		i += 2
	}
	out[i] = '>'
	return string(out[:])
}

// digest renders a sha256 sum as a WARC digest field value.
func digest(sum []byte) string { return "sha256:" + hex.EncodeToString(sum) }

// warcDate renders a WARC-Date (UTC, second precision, as gowarc wrote it).
func warcDate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// record is one WARC record to write: named fields in order, then a block
// given as byte slices and an optional stream of streamLen bytes.
type record struct {
	fields        fields
	parts         [][]byte
	stream        io.Reader
	streamLen     int64
	blockDigest   string
	payloadDigest string
}

// write renders the record: version line, fields, Content-Length, digests,
// a blank line, the block and the CRLF CRLF that ends every record.
func (r *record) write(w io.Writer, scratch *[]byte) error {
	n := r.streamLen
	for _, p := range r.parts {
		n += int64(len(p))
	}
	b := append((*scratch)[:0], "WARC/1.1\r\n"...)
	for _, f := range r.fields {
		b = append(b, f[0]...)
		b = append(b, ": "...)
		b = append(b, f[1]...)
		b = append(b, "\r\n"...)
	}
	b = append(b, "Content-Length: "...)
	b = strconv.AppendInt(b, n, 10)
	b = append(b, "\r\nWARC-Block-Digest: "...)
	b = append(b, r.blockDigest...)
	b = append(b, "\r\n"...)
	if r.payloadDigest != "" {
		b = append(b, "WARC-Payload-Digest: "...)
		b = append(b, r.payloadDigest...)
		b = append(b, "\r\n"...)
	}
	b = append(b, "\r\n"...)
	*scratch = b
	if _, err := w.Write(b); err != nil {
		return err
	}
	for _, p := range r.parts {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	if r.stream != nil {
		m, err := io.Copy(w, r.stream)
		if err != nil {
			return err
		}
		if m != r.streamLen {
			return fmt.Errorf("block stream gave %d bytes, want %d", m, r.streamLen)
		}
	}
	_, err := io.WriteString(w, "\r\n\r\n")
	return err
}

// infoFields is the warcinfo record's block.
func infoFields(res *Result) fields {
	fi := fields{}
	fi.Add("software", res.ToolVersion)
	fi.Add("format", "WARC File Format 1.1")
	fi.Add("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	fi.Add("operator", res.Collector)
	fi.Add("description", "dossier evidence capture of "+res.URL)
	return fi
}

// metaFields is the metadata record's block.
func metaFields(res *Result, hops []*hop) fields {
	mf := fields{}
	mf.Add("collector", res.Collector)
	mf.Add("tool", res.ToolVersion)
	mf.Add("requested-url", res.URL)
	mf.Add("final-url", res.FinalURL)
	for _, r := range res.Redirects {
		mf.Add("redirect", r)
	}
	mf.Add("started", res.Started.Format(time.RFC3339Nano))
	mf.Add("finished", res.Finished.Format(time.RFC3339Nano))
	mf.Add("status", strconv.Itoa(res.Status))
	mf.Add("payload-sha256", res.BodySHA256)
	mf.Add("allow-loopback", strconv.FormatBool(res.AllowLoopback))
	for _, h := range hops {
		if h.chunked {
			mf.Add("note", "response to "+h.target+" used chunked transfer coding; the record holds the decoded payload and omits the Transfer-Encoding header")
		}
	}
	mf.Add("note", "HTTP messages are reconstructed from the parsed exchange (header names canonicalised, sorted)")
	return mf
}

// fieldsBlock renders fields and returns the block with its digest.
func fieldsBlock(f fields) ([]byte, string) {
	b := []byte(f.String())
	sum := sha256.Sum256(b)
	return b, digest(sum[:])
}

// writeWARC writes a warcinfo record, a request and response record per hop
// and a metadata record describing the capture to w. Every digest is
// computed from bytes already in hand (the response's block and payload
// digests while its body was read, in fetch); nothing is parsed again.
func writeWARC(w io.Writer, res *Result, hops []*hop, _ string) error {
	var scratch []byte
	infoID := newRecordID()
	ib, id := fieldsBlock(infoFields(res))
	info := record{
		fields: fields{{"WARC-Type", "warcinfo"}, {"WARC-Record-ID", infoID}, {"WARC-Date", warcDate(res.Started)},
			{"Content-Type", "application/warc-fields"}},
		parts: [][]byte{ib}, blockDigest: id,
	}
	if err := info.write(w, &scratch); err != nil {
		return fmt.Errorf("write warcinfo record: %w", err)
	}
	var lastResp string
	for _, h := range hops {
		reqID, respID := newRecordID(), newRecordID()
		date := warcDate(h.date)
		bsum := sha256.Sum256(h.request)
		var psum [sha256.Size]byte
		if i := bytes.Index(h.request, []byte("\r\n\r\n")); i >= 0 {
			psum = sha256.Sum256(h.request[i+4:])
		} else {
			return fmt.Errorf("warc request record for %s: request without end of headers", h.target)
		}
		req := record{
			fields: fields{{"WARC-Type", "request"}, {"WARC-Record-ID", reqID}, {"WARC-Date", date},
				{"WARC-Target-URI", h.target}, {"WARC-Warcinfo-ID", infoID}, {"WARC-Concurrent-To", respID},
				{"Content-Type", "application/http;msgtype=request"}},
			parts: [][]byte{h.request}, blockDigest: digest(bsum[:]), payloadDigest: digest(psum[:]),
		}
		if h.remoteIP != "" {
			req.fields.Add("WARC-IP-Address", h.remoteIP)
		}
		if err := req.write(w, &scratch); err != nil {
			return fmt.Errorf("write warc request record: %w", err)
		}
		resp := record{
			fields: fields{{"WARC-Type", "response"}, {"WARC-Record-ID", respID}, {"WARC-Date", date},
				{"WARC-Target-URI", h.target}, {"WARC-Warcinfo-ID", infoID}, {"WARC-Concurrent-To", reqID},
				{"Content-Type", "application/http;msgtype=response"}},
			parts: [][]byte{h.respHead}, blockDigest: digest(h.blockSum), payloadDigest: digest(h.sum),
		}
		if h.remoteIP != "" {
			resp.fields.Add("WARC-IP-Address", h.remoteIP)
		}
		if h.body != nil && h.bodyLen > 0 {
			br, err := h.body.reader()
			if err != nil {
				return fmt.Errorf("warc response record: %w", err)
			}
			resp.stream, resp.streamLen = br, h.bodyLen
		}
		if err := resp.write(w, &scratch); err != nil {
			return fmt.Errorf("write warc response record: %w", err)
		}
		lastResp = respID
	}
	mb, md := fieldsBlock(metaFields(res, hops))
	meta := record{
		fields: fields{{"WARC-Type", "metadata"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Date", warcDate(res.Finished)},
			{"WARC-Target-URI", res.FinalURL}, {"WARC-Warcinfo-ID", infoID}},
		parts: [][]byte{mb}, blockDigest: md,
	}
	if lastResp != "" {
		meta.fields.Add("WARC-Concurrent-To", lastResp)
	}
	meta.fields.Add("Content-Type", "application/warc-fields")
	if err := meta.write(w, &scratch); err != nil {
		return fmt.Errorf("write warc metadata record: %w", err)
	}
	return nil
}

// fields is an ordered list of WARC named fields (application/warc-fields).
type fields [][2]string

func (f *fields) Add(name, value string) { *f = append(*f, [2]string{name, value}) }

// String renders "name: value\r\n" lines, replacing line breaks in values.
func (f fields) String() string {
	var b strings.Builder
	for _, nv := range f {
		b.WriteString(nv[0])
		b.WriteString(": ")
		b.WriteString(lineBreaks.Replace(nv[1]))
		b.WriteString("\r\n")
	}
	return b.String()
}

// lineBreaks replaces line breaks in field values.
var lineBreaks = strings.NewReplacer("\r", " ", "\n", " ")

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
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(lineBreaks.Replace(v))
			b.WriteString("\r\n")
		}
	}
	b.WriteString("\r\n")
	return b.Bytes()
}
