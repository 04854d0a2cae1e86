package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dossier/internal/audit"
	"dossier/internal/blob"
	"dossier/internal/capture"
	"dossier/internal/model"
	"dossier/internal/store"
	storeopen "dossier/internal/store/open"

	"codeberg.org/go-pdf/fpdf"
	"github.com/nlnwa/gowarc"
)

// lockerStore imports the small test case into a fresh store and adds the given sources.
func lockerStore(t *testing.T, sources ...model.Source) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "case.db")
	if _, e, code := run(t, "--db", db, "import", moduleDir(t, "internal/bundle/testdata/good")); code != 0 {
		t.Fatalf("import: %s", e)
	}
	if len(sources) == 0 {
		return db
	}
	ctx := context.Background()
	s, err := storeopen.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range sources {
		if _, err := store.Put(ctx, s, "small", model.KindSource, sources[i].ID, &sources[i], store.Change{Who: "test", Why: "test source"}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func getSource(t *testing.T, db, id string) (model.Source, int) {
	t.Helper()
	ctx := context.Background()
	s, err := storeopen.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	src, err := store.Get[model.Source](ctx, s, "small", model.KindSource, id)
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, "small", model.KindSource, id)
	if err != nil {
		t.Fatal(err)
	}
	return src, len(h)
}

func getCapture(t *testing.T, db, id string) model.Capture {
	t.Helper()
	ctx := context.Background()
	s, err := storeopen.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := store.Get[model.Capture](ctx, s, "small", model.KindCapture, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func custodyEntries(t *testing.T, db string) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	if err := audit.Read(context.Background(), db+".custody.jsonl", func(_ int, e audit.Entry) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func entriesWith(es []audit.Entry, action string) []audit.Entry {
	var out []audit.Entry
	for _, e := range es {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

func captureJSON(t *testing.T, out string) []captureOut {
	t.Helper()
	var outs []captureOut
	if err := json.Unmarshal([]byte(out), &outs); err != nil {
		t.Fatalf("capture --json output: %v\n%s", err, out)
	}
	return outs
}

const articleHTML = `<!DOCTYPE html><html><head><title>%s | Site</title>
<meta name="citation_title" content="%s">
<meta name="citation_author" content="Garamone, Jim">
<meta name="citation_publication_date" content="2024/11/04">
<meta property="og:site_name" content="DOD News">
</head><body><nav>menu</nav><article><p>%s</p></article></body></html>`

func TestCaptureStoresSearchableRecordAndFillsSource(t *testing.T) {
	title := "Pentagon Says Troops Entered Kursk"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Evidence", "yes")
		t := title
		if r.URL.Path == "/other" {
			t = "A Different Headline"
		}
		fmt.Fprintf(w, articleHTML, t, t, "Soldiers crossed near quixotrelliswort village.")
	}))
	defer srv.Close()
	pageURL := srv.URL + "/article"
	db := lockerStore(t, model.Source{ID: "blank", Kind: model.News, URL: pageURL})

	// The word is nowhere in the case before the capture.
	if out, _, _ := run(t, "--db", db, "search", "quixotrelliswort"); !strings.Contains(out, "no match") {
		t.Fatalf("word found before capture:\n%s", out)
	}
	out, stderr, code := run(t, "--db", db, "--as", "investigator@example.org", "capture", "--allow-loopback", "--json", pageURL)
	if code != 0 {
		t.Fatalf("capture exit %d: %s", code, stderr)
	}
	outs := captureJSON(t, out)
	if len(outs) != 1 || !outs[0].OK || outs[0].Source != "blank" || !strings.HasPrefix(outs[0].ID, "cap-") {
		t.Fatalf("capture report: %+v", outs)
	}
	id := outs[0].ID
	c := getCapture(t, db, id)
	if c.By != "investigator@example.org" || !strings.HasPrefix(c.How, "web-capture dossier/") || c.URL != pageURL ||
		c.FinalURL != pageURL || c.Status != 200 || c.MediaType != "text/html" || c.Source != "blank" ||
		len(c.SHA256) != 64 || c.Size == 0 || len(c.WARC) != 64 || len(c.Meta[metaWARCSegment]) != 64 || id != "cap-"+c.Meta[metaWARCSegment][:12] ||
		c.Meta[metaWARCOffset] != "0" || c.Meta[metaWARCLength] != c.Meta["warc_size"] || c.Meta["http.X-Evidence"] != "yes" {
		t.Fatalf("capture record: %+v", c)
	}
	if _, err := time.Parse(time.RFC3339, c.At); err != nil {
		t.Fatalf("at %q: %v", c.At, err)
	}
	// The page's text is searchable and found in the capture.
	out, _, code = run(t, "--db", db, "search", "--json", "quixotrelliswort")
	if code != 0 || !strings.Contains(out, `"ID": "`+id+`"`) {
		t.Fatalf("search after capture (exit %d):\n%s", code, out)
	}
	// The empty source was filled, as a new version.
	src, versions := getSource(t, db, "blank")
	if src.Title != title || len(src.Author) != 1 || src.Author[0].Family != "Garamone" || src.ContainerTitle != "DOD News" ||
		src.Issued.EDTF.String() != "2024-11-04" || src.Accessed.IsZero() || versions != 2 {
		t.Fatalf("source after capture (%d versions): %+v", versions, src)
	}
	// Custody: allow-loopback, the capture with its blobs, the metadata change.
	es := custodyEntries(t, db)
	if len(entriesWith(es, audit.ActionAllowLoopback)) != 1 {
		t.Errorf("no allow-loopback entry: %+v", es)
	}
	caps := entriesWith(es, audit.ActionCapture)
	if len(caps) != 1 || caps[0].Subject != id || caps[0].Actor != "investigator@example.org" || len(caps[0].Blobs) != 1 ||
		caps[0].Blobs[0] != blob.Prefix+c.WARC || caps[0].Details["url"] != pageURL || caps[0].Details["sha256"] != c.SHA256 ||
		caps[0].Details[metaWARCOffset] != "0" || caps[0].Details[metaWARCSegment] != c.Meta[metaWARCSegment] {
		t.Fatalf("capture entry: %+v", caps)
	}
	mc := entriesWith(es, audit.ActionMetadataChange)
	if len(mc) != 1 || mc[0].Subject != "blank" || mc[0].Details["new.title"] != title || mc[0].Details["old.title"] != "" {
		t.Fatalf("metadata-change entry: %+v", mc)
	}
	if out, e, code := run(t, "--db", db, "verify"); code != 0 {
		t.Fatalf("verify after capture: exit %d\n%s%s", code, out, e)
	}

	// A second capture whose page disagrees never overwrites: it reports.
	out, stderr, code = run(t, "--db", db, "capture", "--allow-loopback", "--source", "blank", srv.URL+"/other")
	if code != 0 {
		t.Fatalf("second capture exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `source blank: title kept "`+title+`"`) || !strings.Contains(out, `"A Different Headline"`) {
		t.Fatalf("mismatch not reported:\n%s", out)
	}
	if src, versions := getSource(t, db, "blank"); src.Title != title || versions != 2 {
		t.Fatalf("source changed by a disagreeing capture (%d versions): %+v", versions, src)
	}
	// Unknown source: bad input, nothing fetched.
	if _, _, code := run(t, "--db", db, "capture", "--allow-loopback", "--source", "nope", pageURL); code != ExitBadInput {
		t.Fatalf("unknown --source: exit %d, want 2", code)
	}
}

func TestCaptureLoopbackRefusedAndRecorded(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "should never be fetched")
	}))
	defer srv.Close()
	db := lockerStore(t)
	out, _, code := run(t, "--db", db, "capture", "--json", srv.URL+"/x")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	outs := captureJSON(t, out)
	if len(outs) != 1 || outs[0].OK || !strings.Contains(outs[0].Error, "blocked-address") || !strings.HasPrefix(outs[0].ID, "cap-failed-") {
		t.Fatalf("report: %+v", outs)
	}
	if hits.Load() != 0 {
		t.Fatalf("the server was contacted %d times", hits.Load())
	}
	c := getCapture(t, db, outs[0].ID)
	if c.Error == "" || c.URL != srv.URL+"/x" || c.SHA256 != emptySHA256 || c.Size != 0 {
		t.Fatalf("failed capture record: %+v", c)
	}
	es := custodyEntries(t, db)
	failed := entriesWith(es, audit.ActionCaptureFailed)
	if len(failed) != 1 || failed[0].Subject != c.ID || !strings.Contains(failed[0].Details["error"], "loopback") {
		t.Fatalf("capture-failed entry: %+v", es)
	}
	if len(entriesWith(es, audit.ActionAllowLoopback)) != 0 {
		t.Fatal("allow-loopback recorded without the flag")
	}
	if _, _, code := run(t, "--db", db, "verify"); code != 0 {
		t.Fatal("verify after a failed capture is not clean")
	}
}

func capturedStore(t *testing.T) (db string, c model.Capture) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, articleHTML, "Title", "Title", "Body text of the page.")
	}))
	defer srv.Close()
	db = lockerStore(t)
	out, e, code := run(t, "--db", db, "capture", "--allow-loopback", "--json", srv.URL)
	if code != 0 {
		t.Fatalf("capture: %s", e)
	}
	return db, getCapture(t, db, captureJSON(t, out)[0].ID)
}

func TestVerifyReportsTampering(t *testing.T) {
	db, c := capturedStore(t)
	if out, e, code := run(t, "--db", db, "verify"); code != 0 || !strings.Contains(out, "0 problem(s)") {
		t.Fatalf("clean store: exit %d\n%s%s", code, out, e)
	}
	d, err := blob.NewDir(db + ".blobs")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := blob.ParseHex(c.SHA256)
	warc, _ := blob.ParseHex(c.WARC)

	// A flipped byte in the WARC blob.
	p := d.Path(warc)
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o644)
	bad := bytes.Clone(orig)
	bad[len(bad)/2] ^= 0x20
	if err := os.WriteFile(p, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "--db", db, "verify")
	if code != ExitFindings || !strings.Contains(out, "digest-mismatch") || !strings.Contains(out, warc.Hex()) {
		t.Fatalf("flipped byte: exit %d\n%s", code, out)
	}
	if err := os.WriteFile(p, orig, 0o444); err != nil {
		t.Fatal(err)
	}
	// A missing WARC blob, named by the capture record and by the custody entry.
	data, _ := os.ReadFile(p)
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "--db", db, "verify", "--json")
	var rep verifyReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, pr := range rep.Problems {
		if pr.Kind == "missing-blob" && pr.Expected == warc.String() {
			where = append(where, pr.Where)
		}
	}
	if code != ExitFindings || len(where) != 2 || !strings.Contains(strings.Join(where, " "), "capture "+c.ID+" warc") {
		t.Fatalf("missing blob: exit %d, %v\n%s", code, where, out)
	}
	if err := os.WriteFile(p, data, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, _, code := run(t, "--db", db, "verify"); code != 0 {
		t.Fatal("not clean after restoring")
	}
	// No body blob: the body is the WARC response record's payload.
	if _, err := d.Stat(context.Background(), body); err == nil {
		t.Errorf("body stored as a blob of its own")
	}
	// The custody log cut by one entry.
	logPath := db + ".custody.jsonl"
	lg, _ := os.ReadFile(logPath)
	lines := bytes.SplitAfter(bytes.TrimSuffix(lg, []byte("\n")), []byte("\n"))
	if err := os.WriteFile(logPath, bytes.Join(lines[:len(lines)-1], nil), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "--db", db, "verify")
	if code != ExitFindings || !strings.Contains(out, "truncated") {
		t.Fatalf("truncated log: exit %d\n%s", code, out)
	}
}

func TestLinksAliveChangedGone(t *testing.T) {
	var n atomic.Int32
	var goneNow atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("/alive", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "the same every time") })
	mux.HandleFunc("/changed", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "version %d", n.Add(1)) })
	// Pages whose markup changes at every fetch: one keeps its words, one does not.
	var m, rw atomic.Int32
	mux.HandleFunc("/markup", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<html><head><title>Report</title><script>var t = %d;</script></head><body><p>Troops crossed the border.</p></body></html>", m.Add(1))
	})
	mux.HandleFunc("/rewritten", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<html><head><title>Report</title></head><body><p>Troops crossed the border %d times.</p></body></html>", rw.Add(1))
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		if goneNow.Load() {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "here for now")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// A port nothing listens on: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String() + "/page"
	ln.Close()

	db := lockerStore(t,
		model.Source{ID: "s-alive", Kind: model.Web, Title: "A", URL: srv.URL + "/alive"},
		model.Source{ID: "s-changed", Kind: model.Web, Title: "C", URL: srv.URL + "/changed"},
		model.Source{ID: "s-gone", Kind: model.Web, Title: "G", URL: srv.URL + "/gone"},
		model.Source{ID: "s-refused", Kind: model.Web, Title: "R", URL: refused},
		model.Source{ID: "s-markup", Kind: model.Web, Title: "M", URL: srv.URL + "/markup"},
		model.Source{ID: "s-rewritten", Kind: model.Web, Title: "W", URL: srv.URL + "/rewritten"},
	)
	// First captures, linked to the sources by their URLs.
	if out, e, code := run(t, "--db", db, "capture", "--allow-loopback", srv.URL+"/alive", srv.URL+"/changed", srv.URL+"/gone",
		srv.URL+"/markup", srv.URL+"/rewritten"); code != 0 {
		t.Fatalf("capture: %s%s", out, e)
	}
	goneNow.Store(true)
	out, e, code := run(t, "--db", db, "links", "--allow-loopback", "--json")
	if code != 0 {
		t.Fatalf("links exit %d: %s", code, e)
	}
	var links []linkOut
	if err := json.Unmarshal([]byte(out), &links); err != nil {
		t.Fatal(err)
	}
	got := map[string]linkOut{}
	for _, l := range links {
		got[l.Source] = l
	}
	want := map[string]string{"s-alive": linkAlive, "s-changed": linkChanged, "s-gone": linkGone, "s-refused": linkGone, "dod-2024": "",
		"s-markup": linkChanged, "s-rewritten": linkChanged}
	for src, state := range want {
		if state == "" {
			continue // a real URL of the small case: no network in tests, any state
		}
		if got[src].State != state {
			t.Errorf("%s: state %q (%s), want %q", src, got[src].State, got[src].Detail, state)
		}
	}
	if got["s-alive"].Previous == "" || got["s-alive"].Capture == got["s-alive"].Previous {
		t.Errorf("alive: the new capture is not beside the old: %+v", got["s-alive"])
	}
	if got["s-gone"].HTTP != 404 {
		t.Errorf("gone: %+v", got["s-gone"])
	}
	// The markup alone changed on one page, the words on the other.
	if tc := got["s-markup"].TextChanged; tc == nil || *tc || !strings.Contains(got["s-markup"].Detail, "markup alone") {
		t.Errorf("markup-only change: %+v", got["s-markup"])
	}
	if tc := got["s-rewritten"].TextChanged; tc == nil || !*tc {
		t.Errorf("text change: %+v", got["s-rewritten"])
	}
	// The new captures are stored, linked to their sources, with recapture entries.
	if c := getCapture(t, db, got["s-changed"].Capture); c.Source != "s-changed" || c.Status != 200 {
		t.Errorf("new capture: %+v", c)
	}
	es := custodyEntries(t, db)
	rec := entriesWith(es, audit.ActionRecapture)
	if len(rec) < 3 {
		t.Errorf("%d recapture entries, want >= 3", len(rec))
	}
	if _, _, code := run(t, "--db", db, "links", "--allow-loopback", "--fail-on-gone"); code != ExitFindings {
		t.Errorf("--fail-on-gone: exit %d, want 1", code)
	}
	if out, _, code := run(t, "--db", db, "verify"); code != 0 {
		t.Errorf("verify after links: %s", out)
	}
}

func TestBagVerifyAndTamper(t *testing.T) {
	db, c := capturedStore(t)
	dir := filepath.Join(t.TempDir(), "bag")
	out, e, code := run(t, "--db", db, "bag", "--json", dir)
	if code != 0 {
		t.Fatalf("bag: %s", e)
	}
	var res bagResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Blobs != 1 {
		t.Errorf("bag holds %d capture blobs, want 1 (the batch WARC)", res.Blobs)
	}
	for _, rel := range []string{"data/bundle/case.yaml", "data/bundle/captures.yaml", "data/captures/index.json",
		"data/captures/sha256-" + c.WARC, "data/custody/custody.jsonl", "data/custody/custody.jsonl.head"} {
		if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
			t.Errorf("bag lacks %s", rel)
		}
	}
	// The export is in the custody log with the tag manifest's digest.
	tm, _ := os.ReadFile(filepath.Join(dir, "tagmanifest-sha256.txt"))
	sum := sha256.Sum256(tm)
	ex := entriesWith(custodyEntries(t, db), audit.ActionExport)
	if len(ex) != 1 || ex[0].Details["tagmanifest_sha256"] != hex.EncodeToString(sum[:]) || res.TagManifestSHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("export entry: %+v", ex)
	}
	if out, _, code := run(t, "--db", db, "verify", "--bag", dir); code != 0 {
		t.Fatalf("fresh bag: %s", out)
	}
	// A bag is never overwritten.
	if _, _, code := run(t, "--db", db, "bag", dir); code != ExitBadInput {
		t.Fatalf("bag over an existing dir: exit %d", code)
	}
	p := filepath.Join(dir, "data", "captures", "sha256-"+c.WARC)
	data, _ := os.ReadFile(p)
	data[10] ^= 1
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "--db", db, "verify", "--bag", dir)
	if code != ExitFindings || !strings.Contains(out, "checksum-mismatch") || !strings.Contains(out, "sha256-"+c.WARC) {
		t.Fatalf("tampered bag: exit %d\n%s", code, out)
	}
}

func TestAddPDFSearchableWithCustody(t *testing.T) {
	db := lockerStore(t, model.Source{ID: "poe", Kind: model.Report, URL: "https://example.org/poe"})
	path := filepath.Join(t.TempDir(), "report.pdf")
	p := fpdf.New("P", "mm", "A4", "")
	p.SetTitle("Report on Munitions Transfers", true)
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(40, 10, "Shipments through Rajin port were observed by xylofrondite.")
	if err := p.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
	out, e, code := run(t, "--db", db, "add", "--json", "--source", "poe", path)
	if code != 0 {
		t.Fatalf("add: %s", e)
	}
	outs := captureJSON(t, out)
	if len(outs) != 1 || outs[0].MediaType != "application/pdf" {
		t.Fatalf("add report: %+v", outs)
	}
	c := getCapture(t, db, outs[0].ID)
	if c.How != "upload" || c.Source != "poe" || c.Meta["pdf.title"] != "Report on Munitions Transfers" || c.Text == "" {
		t.Fatalf("record: %+v", c)
	}
	if out, _, _ := run(t, "--db", db, "search", "xylofrondite"); !strings.Contains(out, c.ID) {
		t.Fatalf("PDF text not searchable:\n%s", out)
	}
	if src, _ := getSource(t, db, "poe"); src.Title != "Report on Munitions Transfers" {
		t.Fatalf("source not filled from the PDF: %+v", src)
	}
	adds := entriesWith(custodyEntries(t, db), audit.ActionAdd)
	if len(adds) != 1 || adds[0].Subject != c.ID || adds[0].Details["name"] != "report.pdf" || adds[0].Blobs[0] != blob.Prefix+c.SHA256 {
		t.Fatalf("add entry: %+v", adds)
	}
	// The same file again is one item of evidence.
	out, _, _ = run(t, "--db", db, "add", path)
	if !strings.Contains(out, "already in the locker") {
		t.Fatalf("second add:\n%s", out)
	}
	if out, _, code := run(t, "--db", db, "verify"); code != 0 {
		t.Fatalf("verify: %s", out)
	}
}

func TestMetaIssued(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2024-11-04", "2024-11-04"},
		{"2024-11-04T10:00:00+01:00", "2024-11-04"},
		{"2024/11/4", "2024-11-04"},
		{"2024-11", "2024-11"},
		{"2024", "2024"},
		{"2024-13-01", ""}, // no month 13
		{"November 4, 2024", ""},
		{"", ""},
	} {
		w, ok := metaIssued(tt.in)
		got := ""
		if ok {
			got = w.EDTF.String()
		}
		if got != tt.want {
			t.Errorf("metaIssued(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFillSourceNeverOverwrites(t *testing.T) {
	src := model.Source{ID: "s", Title: "Kept Title", URL: "https://example.org/a"}
	meta := capture.Metadata{Title: "Other Title", ContainerTitle: "Paper", Issued: "2024-06-19",
		Author: []capture.Name{{Family: "Kim", Given: "Min"}}, URL: "https://example.org/a",
		FieldSources: map[string]string{"title": "og:title"}}
	filled, mism := fillSource(&src, meta, "2025-07-29", true)
	if src.Title != "Kept Title" || src.ContainerTitle != "Paper" || src.Issued.EDTF.String() != "2024-06-19" ||
		src.Accessed.EDTF.String() != "2025-07-29" || len(src.Author) != 1 {
		t.Fatalf("source: %+v", src)
	}
	if len(mism) != 1 || mism[0].Field != "title" || mism[0].Old != "Kept Title" || mism[0].New != "Other Title" || mism[0].From != "og:title" {
		t.Fatalf("mismatches: %+v", mism)
	}
	var names []string
	for _, f := range filled {
		names = append(names, f.Field)
	}
	if strings.Join(names, ",") != "container-title,author,issued,accessed" {
		t.Fatalf("filled: %v", names)
	}
	// The same metadata again changes nothing; a different spacing or case is no mismatch.
	meta.Title = "kept  title"
	filled, mism = fillSource(&src, meta, "2025-07-30", true)
	if len(filled) != 0 || len(mism) != 0 {
		t.Fatalf("second fill: %+v %+v", filled, mism)
	}
}

func TestClassifyLinks(t *testing.T) {
	prev := &model.Capture{ID: "cap-old", SHA256: strings.Repeat("a", 64), At: "2025-07-29T00:00:00Z"}
	text := sha256.Sum256([]byte("Troops crossed the border."))
	prevText := &model.Capture{ID: "cap-old", SHA256: strings.Repeat("a", 64), At: "2025-07-29T00:00:00Z",
		Meta: map[string]string{metaTextSHA256: hex.EncodeToString(text[:])}}
	yes, no := true, false
	for _, tt := range []struct {
		name        string
		res         capture.Result
		prev        *model.Capture
		want        string
		textChanged *bool
	}{
		{"same body", capture.Result{Status: 200, BodySHA256: strings.Repeat("a", 64)}, prev, linkAlive, nil},
		{"no earlier capture", capture.Result{Status: 200, BodySHA256: strings.Repeat("b", 64)}, nil, linkAlive, nil},
		{"new body, earlier text not digested", capture.Result{Status: 200, BodySHA256: strings.Repeat("b", 64)}, prev, linkChanged, nil},
		{"new markup, same text", capture.Result{Status: 200, BodySHA256: strings.Repeat("b", 64), Text: "Troops crossed the border."}, prevText, linkChanged, &no},
		{"new text", capture.Result{Status: 200, BodySHA256: strings.Repeat("b", 64), Text: "Troops withdrew."}, prevText, linkChanged, &yes},
		{"text gone", capture.Result{Status: 200, BodySHA256: strings.Repeat("b", 64)}, prevText, linkChanged, &yes},
		{"404", capture.Result{Status: 404, BodySHA256: strings.Repeat("b", 64)}, prev, linkGone, nil},
		{"410", capture.Result{Status: 410, BodySHA256: strings.Repeat("b", 64)}, prev, linkGone, nil},
		{"500", capture.Result{Status: 500, BodySHA256: strings.Repeat("b", 64)}, prev, linkError, nil},
		{"dns", capture.Result{Failure: &capture.Failure{Kind: capture.FailNetwork, Reason: "lookup x: no such host"}}, prev, linkGone, nil},
		{"refused", capture.Result{Failure: &capture.Failure{Kind: capture.FailNetwork, Reason: "dial tcp: connect: connection refused"}}, prev, linkGone, nil},
		{"timeout", capture.Result{Failure: &capture.Failure{Kind: capture.FailTimeout, Reason: "deadline"}}, prev, linkError, nil},
		{"blocked", capture.Result{Failure: &capture.Failure{Kind: capture.FailBlocked, Reason: "private address"}}, prev, linkError, nil},
	} {
		got, detail, textChanged := classify(&tt.res, tt.prev)
		if got != tt.want || (textChanged == nil) != (tt.textChanged == nil) || (textChanged != nil && *textChanged != *tt.textChanged) {
			t.Errorf("%s: %s, text changed %v (%s), want %s, %v", tt.name, got, textChanged, detail, tt.want, tt.textChanged)
		}
	}
}

// TestCaptureBatchOneWARC: the pages of one capture command share one WARC blob; each record is
// read back at its offset by gowarc (a reader independent of verify's), its payload is the page
// and its digest the capture's sha256; a flipped byte in one page's payload is reported against
// that capture.
func TestCaptureBatchOneWARC(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, articleHTML, "Page "+r.URL.Path, "Page "+r.URL.Path, "Body of "+r.URL.Path)
	}))
	defer srv.Close()
	db := lockerStore(t)
	var urls []string
	for i := range 12 {
		urls = append(urls, fmt.Sprintf("%s/p%d", srv.URL, i))
	}
	out, e, code := run(t, append([]string{"--db", db, "capture", "--allow-loopback", "--json"}, urls...)...)
	if code != 0 {
		t.Fatalf("capture: exit %d: %s", code, e)
	}
	outs := captureJSON(t, out)
	d, err := blob.NewDir(db + ".blobs")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := d.Walk(context.Background(), func(blob.Ref, int64) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("%d blobs (%v), want 1: the batch WARC", n, err)
	}
	var caps []model.Capture
	for i, o := range outs {
		c := getCapture(t, db, o.ID)
		if c.WARC != outs[0].WARC || c.URL != urls[i] {
			t.Fatalf("capture %d: %+v", i, c)
		}
		caps = append(caps, c)
	}
	ref, _ := blob.ParseHex(caps[0].WARC)
	warc, err := os.ReadFile(d.Path(ref))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range caps {
		off, _ := strconv.ParseInt(c.Meta[metaWARCOffset], 10, 64)
		length, _ := strconv.ParseInt(c.Meta[metaWARCLength], 10, 64)
		u := gowarc.NewUnmarshaler(gowarc.WithSpecViolationPolicy(gowarc.ErrFail), gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail))
		br := bufio.NewReader(bytes.NewReader(warc[off : off+length]))
		var payload []byte
		records := 0
		for {
			rec, _, _, err := u.Unmarshal(br)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("capture %d: gowarc: %v", i, err)
			}
			records++
			if rec.Type() == gowarc.Response {
				if rec.WarcHeader().Get(gowarc.WarcTargetURI) != urls[i] {
					t.Errorf("capture %d: response for %s", i, rec.WarcHeader().Get(gowarc.WarcTargetURI))
				}
				pr, err := rec.Block().(gowarc.PayloadBlock).PayloadBytes()
				if err != nil {
					t.Fatal(err)
				}
				payload, _ = io.ReadAll(pr)
			}
			rec.Close()
		}
		sum := sha256.Sum256(payload)
		if records != 4 || hex.EncodeToString(sum[:]) != c.SHA256 || int64(len(payload)) != c.Size ||
			!bytes.Contains(payload, []byte("Body of /p"+strconv.Itoa(i))) {
			t.Fatalf("capture %d: %d records, payload %d bytes sha256 %x, record says %s (%d bytes)", i, records, len(payload), sum, c.SHA256, c.Size)
		}
	}
	if out, _, code := run(t, "--db", db, "verify"); code != 0 || !strings.Contains(out, "0 problem(s)") {
		t.Fatalf("verify: exit %d\n%s", code, out)
	}
	// A flipped byte in page 5's payload: the blob's digest and that capture's record.
	c := caps[5]
	off, _ := strconv.ParseInt(c.Meta[metaWARCOffset], 10, 64)
	length, _ := strconv.ParseInt(c.Meta[metaWARCLength], 10, 64)
	i := bytes.Index(warc[off:off+length], []byte("Body of /p5")) + int(off)
	bad := bytes.Clone(warc)
	bad[i] ^= 0x20
	p := d.Path(ref)
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "--db", db, "verify")
	if code != ExitFindings || !strings.Contains(out, "digest-mismatch") || !strings.Contains(out, "capture "+c.ID+" warc record") {
		t.Fatalf("flipped payload byte: exit %d\n%s", code, out)
	}
	if strings.Count(out, "warc record") != 1 {
		t.Errorf("other captures reported:\n%s", out)
	}
}

func TestCheckSegmentAgainstRecord(t *testing.T) {
	db, c := capturedStore(t)
	d, err := blob.NewDir(db + ".blobs")
	if err != nil {
		t.Fatal(err)
	}
	if p := checkSegment(context.Background(), d, &c); p != nil {
		t.Fatalf("clean capture: %v", p)
	}
	edit := func(k, v string) *model.Capture {
		cc := c
		cc.Meta = maps.Clone(c.Meta)
		if k == "sha256" {
			cc.SHA256 = v
		} else if k == "size" {
			cc.Size = 1
		} else {
			cc.Meta[k] = v
		}
		return &cc
	}
	for _, tc := range []struct {
		name string
		c    *model.Capture
		kind string
	}{
		{"offset moved", edit(metaWARCOffset, "1"), "warc-record-damaged"},
		{"length short", edit(metaWARCLength, "100"), "warc-record-damaged"},
		{"offset not a number", edit(metaWARCOffset, "x"), "bad-record"},
		{"other segment digest", edit(metaWARCSegment, strings.Repeat("0", 64)), "warc-record-mismatch"},
		{"other body digest", edit("sha256", strings.Repeat("0", 64)), "payload-mismatch"},
		{"other body size", edit("size", ""), "payload-size-mismatch"},
	} {
		p := checkSegment(context.Background(), d, tc.c)
		if p == nil || p.Kind != tc.kind {
			t.Errorf("%s: got %+v, want %s", tc.name, p, tc.kind)
		}
	}
}
