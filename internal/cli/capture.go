package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"dossier/internal/audit"
	"dossier/internal/blob"
	"dossier/internal/capture"
	"dossier/internal/model"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

func init() { register(newCaptureCmd) }

// emptySHA256 is the digest of zero bytes: a failed capture preserved nothing.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// captureFlags are the fetch settings shared by capture and links.
type captureFlags struct {
	concurrency   int
	allowLoopback bool
	timeout       time.Duration
	maxBytes      int64
}

func (f *captureFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.concurrency, "concurrency", 16, "captures run at once")
	cmd.Flags().BoolVar(&f.allowLoopback, "allow-loopback", false, "permit loopback targets (127.0.0.0/8, ::1) and nothing else; recorded in the custody log")
	cmd.Flags().DurationVar(&f.timeout, "timeout", 60*time.Second, "per capture, all redirects and the body included")
	cmd.Flags().Int64Var(&f.maxBytes, "max-bytes", 64<<20, "largest response body kept")
}

// options are the capture options of a batch of this command: its WARC files (OneWARC: each
// capture record names its segment; the body is the response record's payload; the readable
// text goes into the store's search index and can be re-extracted from the WARC) go to st, via
// the scratch directory tmp.
func (f *captureFlags) options(e *env, st blob.Store, tmp string) capture.Options {
	return capture.Options{
		Store:         st,
		Collector:     e.who,
		ToolVersion:   "dossier/" + Version,
		Timeout:       f.timeout,
		MaxBodyBytes:  f.maxBytes,
		AllowLoopback: f.allowLoopback,
		OneWARC:       true,
		TempDir:       tmp,
	}
}

func (f *captureFlags) check() error {
	if f.concurrency < 1 {
		return badInputf("--concurrency %d: want at least 1", f.concurrency)
	}
	if f.timeout <= 0 {
		return badInputf("--timeout %s: want a positive duration", f.timeout)
	}
	if f.maxBytes < 1 {
		return badInputf("--max-bytes %d: want at least 1", f.maxBytes)
	}
	return nil
}

// openLocker opens the blob store beside the case store.
func (e *env) openLocker() (*blob.Dir, error) {
	d, err := blob.NewDir(e.blobDir())
	if err != nil {
		return nil, fmt.Errorf("evidence locker: %w", err)
	}
	// Temporary files of Puts interrupted more than a day ago (crashes) are garbage.
	if n, err := d.CleanTemp(24 * time.Hour); err == nil && n > 0 {
		e.log.Info("removed stale temporary files from the blob store", "count", n)
	}
	return d, nil
}

// appendCustody appends entries to the custody log in one group commit (one fsync).
func (e *env) appendCustody(ctx context.Context, entries []audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	p := e.custodyPath()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("custody log: %w", err)
	}
	l, err := audit.Open(ctx, p)
	if err != nil {
		return fmt.Errorf("custody log: %w", err)
	}
	defer l.Close()
	for i := range entries {
		if entries[i].Actor == "" {
			entries[i].Actor = e.who
		}
	}
	if _, err := l.AppendBatch(ctx, entries); err != nil {
		return fmt.Errorf("custody log: %w", err)
	}
	return nil
}

// Capture Meta keys locating a capture's records in a batch WARC (a WARC file holding the records
// of many captures of one command): byte offset and length of its segment, and the segment's
// SHA-256.
const (
	metaWARCOffset  = "warc.offset"
	metaWARCLength  = "warc.length"
	metaWARCSegment = "warc.segment_sha256"
)

// captureID is the id of a successful capture: from its own records' digest when they are a
// segment of a batch WARC, from the WARC's digest otherwise.
func captureID(res *capture.Result) string {
	if res.WARCLength > 0 && len(res.SegmentSHA256) >= 12 {
		return "cap-" + res.SegmentSHA256[:12]
	}
	return "cap-" + res.WARCSHA256[:12]
}

// captureRecord is a stored capture with its searchable text and the blobs it refers to.
type captureRecord struct {
	c     model.Capture
	text  string
	blobs []string
}

// storeRecord is the capture as a store record, searchable by its page's text too.
func (r *captureRecord) storeRecord() (store.Record, error) {
	rec, err := store.ToRecord(model.KindCapture, r.c.ID, &r.c)
	if err == nil && strings.TrimSpace(r.text) != "" {
		rec.Text += "\n" + r.text
	}
	return rec, err
}

// fromResult turns a capture result into its record. A failed capture preserved nothing: its
// sha256 is the digest of zero bytes, its size 0, and Error says why.
func fromResult(res *capture.Result, source, how string) captureRecord {
	c := model.Capture{
		Source: source,
		By:     res.Collector,
		How:    how,
		At:     res.Started.UTC().Format(time.RFC3339),
		URL:    res.URL,
		Meta:   map[string]string{},
	}
	if res.Failure != nil {
		sum := sha256.Sum256([]byte(res.URL + "\x00" + res.Started.UTC().Format(time.RFC3339Nano)))
		c.ID = "cap-failed-" + hex.EncodeToString(sum[:])[:12]
		c.SHA256 = emptySHA256
		c.Error = res.Failure.Kind + ": " + res.Failure.Reason
		c.Meta["failure"] = res.Failure.Kind
		if res.AllowLoopback {
			c.Meta["allow_loopback"] = "true"
		}
		return captureRecord{c: c}
	}
	c.ID = captureID(res)
	c.SHA256 = res.BodySHA256
	c.Size = res.BodySize
	c.MediaType = res.MediaType
	c.FinalURL = res.FinalURL
	c.WARC = res.WARCSHA256
	c.Status = res.Status
	var blobs []string
	if res.WARCLength > 0 {
		// The body is the payload of the response record in this segment of the batch WARC.
		c.Meta[metaWARCOffset] = strconv.FormatInt(res.WARCOffset, 10)
		c.Meta[metaWARCLength] = strconv.FormatInt(res.WARCLength, 10)
		c.Meta[metaWARCSegment] = res.SegmentSHA256
		blobs = []string{res.WARC.String()}
	} else {
		blobs = []string{res.Body.String(), res.WARC.String()}
	}
	if !res.TextRef.IsZero() {
		c.Text = res.TextRef.Hex()
		c.Meta["text_size"] = strconv.Itoa(len(res.Text))
		blobs = append(blobs, res.TextRef.String())
	}
	if m := res.Media; m != nil {
		for k, v := range m.Meta(m.Kind + ".") {
			c.Meta[k] = v
		}
	}
	if len(res.MediaWarnings) > 0 {
		c.Meta["media_warnings"] = strings.Join(res.MediaWarnings, "; ")
	}
	if res.Text != "" {
		// The readable text's digest: links tells a page whose words changed from one whose
		// markup alone did (ads, timestamps, tokens).
		c.Meta[metaTextSHA256] = textSHA256(res.Text)
	}
	c.Meta["warc_size"] = strconv.FormatInt(res.WARCSize, 10)
	c.Meta["finished"] = res.Finished.UTC().Format(time.RFC3339Nano)
	c.Meta["started"] = res.Started.UTC().Format(time.RFC3339Nano)
	if res.RemoteIP != "" {
		c.Meta["remote_ip"] = res.RemoteIP
	}
	if res.StatusLine != "" {
		c.Meta["status_line"] = res.StatusLine
	}
	if len(res.Redirects) > 0 {
		c.Meta["redirects"] = strings.Join(res.Redirects, " ")
	}
	if res.AllowLoopback {
		c.Meta["allow_loopback"] = "true"
	}
	for name, vals := range res.Headers {
		c.Meta["http."+http.CanonicalHeaderKey(name)] = strings.Join(vals, ", ")
	}
	for field, from := range res.Meta.FieldSources {
		c.Meta["citation."+field] = from
	}
	return captureRecord{c: c, text: res.Text, blobs: blobs}
}

// custodyEntry is the custody entry of a capture.
func (r *captureRecord) custodyEntry(action string, extra map[string]string) audit.Entry {
	d := map[string]string{"url": r.c.URL}
	if r.c.Error != "" {
		d["error"] = r.c.Error
	} else {
		d["final_url"] = r.c.FinalURL
		d["status"] = strconv.Itoa(r.c.Status)
		d["sha256"] = r.c.SHA256
		d["size"] = strconv.FormatInt(r.c.Size, 10)
		d["warc"] = r.c.WARC
		d["warc_size"] = r.c.Meta["warc_size"]
		for _, k := range []string{metaWARCOffset, metaWARCLength, metaWARCSegment} {
			if v := r.c.Meta[k]; v != "" {
				d[k] = v
			}
		}
		d["media_type"] = r.c.MediaType
		d["how"] = r.c.How
	}
	if r.c.Source != "" {
		d["source"] = r.c.Source
	}
	for k, v := range extra {
		d[k] = v
	}
	return audit.Entry{Action: action, Subject: r.c.ID, Blobs: r.blobs, Details: d}
}

// storeCaptures writes capture records in one transaction. A record already stored under the
// same id (the same WARC, or the same file) is left as it is.
func storeCaptures(ctx context.Context, s store.Store, caseID string, recs []captureRecord, ch store.Change) error {
	var fresh []captureRecord
	for _, r := range recs {
		if _, err := s.Get(ctx, caseID, model.KindCapture, r.c.ID); errors.Is(err, store.ErrNotFound) {
			fresh = append(fresh, r)
		} else if err != nil && !errors.Is(err, store.ErrDeleted) {
			return fmt.Errorf("store captures: %w", err)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	seq := func(yield func(store.Record, error) bool) {
		for i := range fresh {
			if !yield(fresh[i].storeRecord()) {
				return
			}
		}
	}
	if _, err := s.Import(ctx, caseID, iter.Seq2[store.Record, error](seq), ch, store.ImportOptions{}); err != nil {
		return fmt.Errorf("store captures: %w", err)
	}
	return nil
}

// loadSources opens the store and reads the current case's sources: all that capture needs of
// the case (loadCase would read every record of it, captures and their text included).
func (e *env) loadSources(ctx context.Context) (store.Store, string, []model.Source, error) {
	s, err := e.openStore(ctx, false)
	if err != nil {
		return nil, "", nil, err
	}
	caseID, err := e.pickCase(ctx, s)
	if err != nil {
		s.Close()
		return nil, "", nil, err
	}
	_, err = s.Get(ctx, caseID, model.KindCase, caseID)
	var recs []store.Record
	if err == nil {
		recs, err = s.List(ctx, caseID, model.KindSource, store.ListOptions{})
	}
	srcs := make([]model.Source, len(recs))
	for i := 0; err == nil && i < len(recs); i++ {
		if err = json.Unmarshal(recs[i].Data, &srcs[i]); err != nil {
			err = fmt.Errorf("decode source %s: %w", recs[i].ID, err)
		}
	}
	if err != nil {
		s.Close()
		return nil, "", nil, fmt.Errorf("load case %s: %w", caseID, err)
	}
	return s, caseID, srcs, nil
}

// fieldNote is one citation field filled in a source, or found to disagree with it.
type fieldNote struct {
	Source string `json:"source"`
	Field  string `json:"field"`
	Old    string `json:"old,omitempty"`
	New    string `json:"new"`
	From   string `json:"from,omitempty"` // where in the page the value came from
}

var leadingDate = regexp.MustCompile(`^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?`)

// metaIssued turns a page's publication date ("2024-11-04T10:00:00Z", "2024/11/04", "2024-11")
// into an EDTF day, month or year.
func metaIssued(s string) (model.When, bool) {
	m := leadingDate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return model.When{}, false
	}
	d := m[1]
	for _, part := range m[2:] {
		if part == "" {
			break
		}
		if len(part) == 1 {
			part = "0" + part
		}
		d += "-" + part
	}
	w, err := model.ParseWhen(d)
	return w, err == nil
}

func authorsString(as []model.CSLName) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return strings.Join(parts, "; ")
}

func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// fillSource fills src's empty citation fields from meta and lists the fields it filled and those
// already set that the metadata contradicts (never overwritten). accessed is the capture day (""
// for files); web is whether the URL may be filled.
func fillSource(src *model.Source, meta capture.Metadata, accessed string, web bool) (filled, mismatched []fieldNote) {
	note := func(field, old, nw string) fieldNote {
		return fieldNote{Source: src.ID, Field: field, Old: old, New: nw, From: meta.FieldSources[field]}
	}
	check := func(field string, cur *string, val string) {
		val = strings.TrimSpace(val)
		switch {
		case val == "":
		case strings.TrimSpace(*cur) == "":
			filled = append(filled, note(field, *cur, val))
			*cur = val
		case !sameText(*cur, val):
			mismatched = append(mismatched, note(field, *cur, val))
		}
	}
	check("title", &src.Title, meta.Title)
	check("container-title", &src.ContainerTitle, meta.ContainerTitle)
	check("publisher", &src.Publisher, meta.Publisher)
	if len(meta.Author) > 0 {
		var names []model.CSLName
		for _, a := range meta.Author {
			names = append(names, model.CSLName{Family: a.Family, Given: a.Given, Literal: a.Literal})
		}
		switch {
		case len(src.Author) == 0:
			filled = append(filled, note("author", "", authorsString(names)))
			src.Author = names
		case !sameText(authorsString(src.Author), authorsString(names)):
			mismatched = append(mismatched, note("author", authorsString(src.Author), authorsString(names)))
		}
	}
	if w, ok := metaIssued(meta.Issued); ok {
		switch {
		case src.Issued.IsZero():
			filled = append(filled, note("issued", "", w.EDTF.String()))
			src.Issued = w
		case !src.Issued.EDTF.Overlaps(w.EDTF):
			mismatched = append(mismatched, note("issued", src.Issued.EDTF.String(), w.EDTF.String()))
		}
	}
	if web {
		check("URL", &src.URL, meta.URL)
	}
	if accessed != "" && src.Accessed.IsZero() {
		if w, err := model.ParseWhen(accessed); err == nil {
			filled = append(filled, fieldNote{Source: src.ID, Field: "accessed", New: accessed, From: "capture day"})
			src.Accessed = w
		}
	}
	return filled, mismatched
}

// sourceUpdate is a source whose fields a capture filled.
type sourceUpdate struct {
	src     *model.Source
	capture string
	filled  []fieldNote
}

// saveSourceUpdates writes each filled source as a new version and returns the custody entries.
func (e *env) saveSourceUpdates(ctx context.Context, s store.Store, caseID string, ups []sourceUpdate) ([]audit.Entry, error) {
	var entries []audit.Entry
	for _, u := range ups {
		if len(u.filled) == 0 {
			continue
		}
		var names []string
		d := map[string]string{"capture": u.capture}
		for _, f := range u.filled {
			names = append(names, f.Field)
			d["old."+f.Field] = f.Old
			d["new."+f.Field] = f.New
			if f.From != "" {
				d["from."+f.Field] = f.From
			}
		}
		why := fmt.Sprintf("filled %s from capture %s", strings.Join(names, ", "), u.capture)
		d["why"] = why
		if _, err := store.Put(ctx, s, caseID, model.KindSource, u.src.ID, u.src, e.change(why)); err != nil {
			return nil, fmt.Errorf("update source %s: %w", u.src.ID, err)
		}
		entries = append(entries, audit.Entry{Action: audit.ActionMetadataChange, Subject: u.src.ID, Details: d})
	}
	return entries, nil
}

// captureOut is one line of capture's report.
type captureOut struct {
	URL        string      `json:"url"`
	ID         string      `json:"id"`
	OK         bool        `json:"ok"`
	Status     int         `json:"status,omitempty"`
	FinalURL   string      `json:"final_url,omitempty"`
	SHA256     string      `json:"sha256,omitempty"`
	WARC       string      `json:"warc,omitempty"`
	MediaType  string      `json:"media_type,omitempty"`
	Source     string      `json:"source,omitempty"`
	Error      string      `json:"error,omitempty"`
	Filled     []fieldNote `json:"filled,omitempty"`
	Mismatches []fieldNote `json:"mismatches,omitempty"`
	// Embedded is what an added photograph or video says about itself (the image.* or video.*
	// meta of its capture record); Summary says it in one line; Warnings are what could not
	// be read (dossier add).
	Embedded map[string]string `json:"embedded,omitempty"`
	Summary  string            `json:"summary,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
}

func newCaptureCmd(e *env) *cobra.Command {
	var (
		jsonOut   bool
		sourceID  string
		newSource bool
		flags     captureFlags
	)
	cmd := &cobra.Command{
		Use:   "capture URL... [--source ID | --new-source] [--concurrency N] [--allow-loopback] [--timeout D] [--max-bytes N] [--json]",
		Short: "Preserve web pages as evidence: the batch's WARC files in the locker, a capture record per page, custody entries",
		Long: `Capture fetches each URL (concurrently, with a progress bar on a terminal), writes the requests and
responses of all of them as WARC files of about 1 MiB each (like wget --warc-file with
--warc-max-size; a page's records are never split) in the evidence locker (DB.blobs/), and stores a
capture record per URL (id cap-<first 12 hex digits of the SHA-256 of its records>) with the SHA-256
of its WARC file, the offset and length of its records in it (meta warc.offset, warc.length,
warc.segment_sha256), the body's SHA-256 (the response record's payload) and size, media
type, time, collector (--as), tool, final URL, status and response headers. The page's readable
text is searchable (dossier search). A failed capture is stored too (id cap-failed-…), saying why.
The records go to the store in one transaction while the pages are fetched, each once its WARC
file is durable; the transaction commits when every page is done (all the records or none).
Every capture appends a capture (or capture-failed) entry to the custody log.

A capture is linked to a source when --source is given, or when a source of the case has the
URL (requested or final) as its URL, or with --new-source, which creates a web source from the
page's citation metadata. The page's metadata (citation_*, schema.org, OpenGraph, <title>) fills
the linked source's empty fields (title, author, container-title, publisher, issued, URL;
accessed = the capture day) as a new version of the source with a metadata-change custody entry;
fields already set are never overwritten: a disagreement is reported.

Addresses that are loopback, private, link-local, multicast or cloud metadata are refused at
connection time, after DNS and on every redirect. --allow-loopback permits loopback only and is
recorded in the custody log. Exit 1 when a capture failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := flags.check(); err != nil {
				return err
			}
			if sourceID != "" && newSource {
				return badInputf("--source and --new-source exclude each other")
			}
			t0 := time.Now()
			s, caseID, srcs, err := e.loadSources(ctx)
			if err != nil {
				return err
			}
			closeStore := sync.OnceValue(s.Close)
			defer closeStore()
			tLoad := time.Since(t0)
			sources := map[string]*model.Source{}
			byURL := map[string]*model.Source{}
			for i := range srcs {
				src := &srcs[i]
				sources[src.ID] = src
				if src.URL != "" && byURL[src.URL] == nil {
					byURL[src.URL] = src
				}
			}
			if sourceID != "" && sources[sourceID] == nil {
				return badInputf("--source %s: no such source in case %s (dossier sources lists them)", sourceID, caseID)
			}
			how := "web-capture dossier/" + Version
			// prepare links a capture to its source and builds what is stored for it. The link
			// depends on the capture alone (--source, an existing source's URL, or a new source
			// made from the page with --new-source), so the records can be stored in the order
			// the captures finish; existing sources are filled below, in the order of the URLs.
			prepare := func(res *capture.Result) *capturedURL {
				c := &capturedURL{res: res}
				switch {
				case sourceID != "":
					c.src = sources[sourceID]
				case byURL[res.URL] != nil:
					c.src = byURL[res.URL]
				case res.FinalURL != "" && byURL[res.FinalURL] != nil:
					c.src = byURL[res.FinalURL]
				case newSource && res.OK():
					c.src = &model.Source{ID: "web-" + strings.TrimPrefix(captureID(res), "cap-"), Kind: model.Web}
					c.created = true
					c.filled, c.mism = fillSource(c.src, res.Meta, res.Started.UTC().Format("2006-01-02"), true)
					if c.src.Title == "" { // a new source needs a title
						c.src.Title = res.FinalURL
					}
					c.srcRecord, c.err = store.ToRecord(model.KindSource, c.src.ID, c.src)
				}
				srcID := ""
				if c.src != nil {
					srcID = c.src.ID
				}
				c.rec = fromResult(res, srcID, how)
				r, err := c.rec.storeRecord()
				c.record = r
				if c.err == nil {
					c.err = err
				}
				return c
			}
			why := fmt.Sprintf("capture %d URL(s)", len(args))
			if newSource {
				why += "; --new-source: new sources from the pages' citation metadata"
			}
			// Blobs, capture records and new sources: one store transaction overlapping the
			// captures, committed only after every blob is durable (see captureIntoStore).
			t0 = time.Now()
			caps, tm, err := e.captureIntoStore(ctx, s, caseID, args, flags, prepare, e.change(why))
			if err != nil {
				return err
			}
			tCapture := time.Since(t0)
			var (
				outs    []captureOut
				ups     []sourceUpdate
				created []*model.Source
				failed  int
			)
			for _, c := range caps {
				res, r, src := c.res, &c.rec, c.src
				o := captureOut{URL: res.URL, ID: r.c.ID, OK: res.OK(), Status: r.c.Status, FinalURL: r.c.FinalURL,
					SHA256: r.c.SHA256, WARC: r.c.WARC, MediaType: r.c.MediaType, Source: r.c.Source, Error: r.c.Error}
				switch {
				case !res.OK():
					failed++
					o.SHA256 = ""
				case c.created:
					o.Filled, o.Mismatches = c.filled, c.mism
					created = append(created, src)
				case src != nil:
					filled, mism := fillSource(src, res.Meta, res.Started.UTC().Format("2006-01-02"), true)
					o.Filled, o.Mismatches = filled, mism
					if len(filled) > 0 {
						ups = append(ups, sourceUpdate{src: src, capture: r.c.ID, filled: filled})
					}
				}
				outs = append(outs, o)
			}
			// Records and new sources are stored, and their blobs durable: now custody.
			var custody []audit.Entry
			if flags.allowLoopback {
				custody = append(custody, audit.Entry{Action: audit.ActionAllowLoopback, Subject: caseID,
					Details: map[string]string{"command": "capture", "urls": strconv.Itoa(len(args))}})
			}
			for _, c := range caps {
				action := audit.ActionCapture
				if c.rec.c.Error != "" {
					action = audit.ActionCaptureFailed
				}
				custody = append(custody, c.rec.custodyEntry(action, nil))
			}
			for _, src := range created {
				custody = append(custody, audit.Entry{Action: audit.ActionMetadataChange, Subject: src.ID,
					Details: map[string]string{"why": "new source from the page's citation metadata", "new.title": src.Title, "new.URL": src.URL}})
			}
			t0 = time.Now()
			mc, err := e.saveSourceUpdates(ctx, s, caseID, ups)
			custody = append(custody, mc...)
			// The store is done with: it closes (for SQLite, a checkpoint) while the custody
			// entries are appended.
			closed := make(chan struct{})
			go func() { closeStore(); close(closed) }()
			if cerr := e.appendCustody(ctx, custody); err == nil {
				err = cerr
			}
			<-closed
			if err != nil {
				return err
			}
			e.log.Debug("capture phases", "load_case", tLoad, "capture_and_store", tCapture,
				"captured", tm.captured, "first_record", tm.firstRecord, "last_record", tm.lastRecord,
				"stored", tm.stored, "store_idle", tm.storeIdle, "sources_and_custody", time.Since(t0))
			if err := writeCaptureReport(e, jsonOut, outs); err != nil {
				return err
			}
			if failed > 0 {
				return &ExitError{Code: ExitFindings, Err: fmt.Errorf("%d of %d capture(s) failed (recorded)", failed, len(args))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().StringVar(&sourceID, "source", "", "link the captures to this source and fill its empty fields")
	cmd.Flags().BoolVar(&newSource, "new-source", false, "create a web source from each page whose URL no source has")
	flags.register(cmd)
	return cmd
}

func writeCaptureReport(e *env, jsonOut bool, outs []captureOut) error {
	if jsonOut {
		return writeJSON(e.stdout, nonNil(outs))
	}
	t := newTable(e.stdout, "ID", "STATUS", "SOURCE", "URL", "RESULT")
	for _, o := range outs {
		st, result := strconv.Itoa(o.Status), "ok "+o.SHA256
		if !o.OK {
			st, result = "-", "FAILED "+o.Error
		}
		t.row(o.ID, st, o.Source, o.URL, truncate(result, 90))
	}
	if err := t.flush(); err != nil {
		return err
	}
	for _, o := range outs {
		for _, f := range o.Filled {
			fmt.Fprintf(e.stdout, "source %s: %s filled: %q (from %s)\n", f.Source, f.Field, f.New, orDash(f.From))
		}
		for _, f := range o.Mismatches {
			fmt.Fprintf(e.stdout, "source %s: %s kept %q; capture %s says %q (from %s)\n", f.Source, f.Field, f.Old, o.ID, f.New, orDash(f.From))
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
