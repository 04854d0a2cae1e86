package capture

import (
	"fmt"
	"io"
	"sync"

	"github.com/nlnwa/gowarc"
)

// builderMu serialises gowarc.NewRecordBuilder: gowarc v1.6.0 calls
// uuid.EnableRandPool (a write to a package global) on every call, which is
// a data race when captures run concurrently.
var builderMu sync.Mutex

func newRecordBuilder(t gowarc.RecordType, opts ...gowarc.WarcRecordOption) gowarc.WarcRecordBuilder {
	builderMu.Lock()
	defer builderMu.Unlock()
	return gowarc.NewRecordBuilder(t, opts...)
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

// writeWARCGowarc is the former writer, built through gowarc; the tests use it
// as the reference the hand-written writer is compared with. It writes a warcinfo record, a request and response record per hop
// and a metadata record describing the capture to w.
func writeWARCGowarc(w io.Writer, res *Result, hops []*hop, tmpDir string) error {
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
	fi := infoFields(res)
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
	mf := metaFields(res, hops)
	if _, err := meta.WriteString(mf.String()); err != nil {
		return fmt.Errorf("warc metadata record: %w", err)
	}
	return write(meta)
}
