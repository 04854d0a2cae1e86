package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/internal/audit"
	"dossier/internal/blob"
	"dossier/internal/model"
	"dossier/internal/store"
	storeopen "dossier/internal/store/open"
	"dossier/internal/testutil"
)

// pagesServer serves /p<N> as an article of about size bytes whose text names N.
func pagesServer(size int) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		p := strings.TrimPrefix(r.URL.Path, "/")
		body := strings.Repeat("Debris of page "+p+" was identified. ", max(1, size/40))
		fmt.Fprintf(w, articleHTML, "Article "+p, "Report "+p, "marker"+p+" "+body)
	}))
}

func pageURLs(base string, n int) []string {
	var urls []string
	for i := range n {
		urls = append(urls, fmt.Sprintf("%s/p%d", base, i))
	}
	return urls
}

func listCaptures(t *testing.T, db string) []model.Capture {
	t.Helper()
	ctx := context.Background()
	s, err := storeopen.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, err := s.List(ctx, "small", model.KindCapture, store.ListOptions{Deleted: true})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]model.Capture, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal(r.Data, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestCaptureSeveralWARCFiles: a batch larger than captureWARCMaxSize is kept in several WARC
// blobs; every record names its own, the pages are searchable, the custody entries name the
// records' blobs, and verify is clean.
func TestCaptureSeveralWARCFiles(t *testing.T) {
	srv := pagesServer(20 << 10)
	defer srv.Close()
	db := lockerStore(t)
	urls := pageURLs(srv.URL, 70) // about 1.4 MiB of WARC
	out, e, code := run(t, append([]string{"--db", db, "capture", "--allow-loopback", "--json", "--concurrency", "8"}, urls...)...)
	if code != 0 {
		t.Fatalf("capture: exit %d: %s", code, e)
	}
	outs := captureJSON(t, out)
	d, err := blob.NewDir(db + ".blobs")
	if err != nil {
		t.Fatal(err)
	}
	blobs := map[string]bool{}
	if err := d.Walk(context.Background(), func(r blob.Ref, _ int64) error { blobs[r.Hex()] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	warcs := map[string]bool{}
	for i, o := range outs {
		c := getCapture(t, db, o.ID)
		if !o.OK || c.URL != urls[i] || !blobs[c.WARC] {
			t.Fatalf("capture %d: %+v (WARC blob stored: %v)", i, c, blobs[c.WARC])
		}
		warcs[c.WARC] = true
	}
	if len(warcs) < 2 || len(blobs) != len(warcs) {
		t.Fatalf("%d WARC files, %d blobs: want several, and no other blob", len(warcs), len(blobs))
	}
	if out, _, code := run(t, "--db", db, "search", "--json", "markerp63"); code != 0 || !strings.Contains(out, `"ID": "`+outs[63].ID+`"`) {
		t.Fatalf("search markerp63 (exit %d):\n%s", code, out)
	}
	caps := entriesWith(custodyEntries(t, db), audit.ActionCapture)
	if len(caps) != len(urls) {
		t.Fatalf("%d capture entries, want %d", len(caps), len(urls))
	}
	for i, en := range caps {
		if en.Subject != outs[i].ID || len(en.Blobs) != 1 || en.Blobs[0] != blob.Prefix+outs[i].WARC {
			t.Fatalf("entry %d: %+v, record %+v", i, en, outs[i])
		}
	}
	if out, _, code := run(t, "--db", db, "verify"); code != 0 || !strings.Contains(out, "0 problem(s)") {
		t.Fatalf("verify: exit %d\n%s", code, out)
	}
}

// TestCaptureNewSource: --new-source makes a web source from each page no source has (stored
// in the captures' transaction, filled from the page, one version), links the page whose URL a
// source has to that source, makes none for a failed capture, and records each new source in
// the custody log.
func TestCaptureNewSource(t *testing.T) {
	srv := pagesServer(100)
	defer srv.Close()
	known := srv.URL + "/p0"
	db := lockerStore(t, model.Source{ID: "blank", Kind: model.News, URL: known})
	urls := []string{known, srv.URL + "/p1", srv.URL + "/p2", "gopher://nowhere/"}
	out, e, code := run(t, append([]string{"--db", db, "capture", "--allow-loopback", "--new-source", "--json"}, urls...)...)
	if code != ExitFindings { // the gopher URL fails
		t.Fatalf("capture: exit %d: %s\n%s", code, e, out)
	}
	outs := captureJSON(t, out)
	if len(outs) != 4 || outs[0].Source != "blank" || outs[3].OK || outs[3].Source != "" {
		t.Fatalf("report: %+v", outs)
	}
	ctx := context.Background()
	s, err := storeopen.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mc := entriesWith(custodyEntries(t, db), audit.ActionMetadataChange)
	for i, o := range outs[1:3] {
		c := getCapture(t, db, o.ID)
		want := "web-" + strings.TrimPrefix(o.ID, "cap-")
		if o.Source != want || c.Source != want {
			t.Fatalf("page %d: source %q, record %q, want %s", i+1, o.Source, c.Source, want)
		}
		src, versions := getSource(t, db, want)
		p := "p" + strconv.Itoa(i+1)
		if src.Kind != model.Web || src.Title != "Report "+p || len(src.Author) != 1 || src.URL != urls[i+1] || src.Accessed.IsZero() || versions != 1 {
			t.Fatalf("new source (%d versions): %+v", versions, src)
		}
		h, err := s.History(ctx, "small", model.KindSource, want)
		if err != nil || len(h) != 1 || !strings.Contains(h[0].Why, "--new-source") {
			t.Fatalf("history of %s: %+v %v", want, h, err)
		}
		if len(o.Filled) == 0 || o.Filled[0].Source != want {
			t.Fatalf("page %d: filled %+v", i+1, o.Filled)
		}
		found := false
		for _, en := range mc {
			found = found || (en.Subject == want && en.Details["new.title"] == src.Title)
		}
		if !found {
			t.Fatalf("no metadata-change entry for %s: %+v", want, mc)
		}
	}
	srcs, err := s.List(ctx, "small", model.KindSource, store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	web := 0
	for _, r := range srcs {
		if strings.HasPrefix(r.ID, "web-") {
			web++
		}
	}
	if web != 2 {
		t.Fatalf("%d web sources, want 2", web)
	}
	if out, _, code := run(t, "--db", db, "verify"); code != 0 {
		t.Fatalf("verify: exit %d\n%s", code, out)
	}
}

const captureCrashEnv = "DOSSIER_CAPTURE_CRASH"

// crashPages is how many URLs each capture of the crash test fetches.
const crashPages = 30

// TestCaptureCrashChild is the child process of TestCaptureKilled: it runs the capture command
// on the same URLs again and again until it is killed.
func TestCaptureCrashChild(t *testing.T) {
	env := os.Getenv(captureCrashEnv)
	if env == "" {
		t.Skip("helper process for TestCaptureKilled")
	}
	db, base, _ := strings.Cut(env, "|")
	captureWARCMaxSize = 24 << 10 // several WARC files per capture
	args := append([]string{"--db", db, "capture", "--allow-loopback", "--concurrency", "6"}, pageURLs(base, crashPages)...)
	fmt.Println("ready")
	for {
		var out, errb bytes.Buffer
		if code := Main(context.Background(), args, &out, &errb); code != 0 {
			fmt.Fprintf(os.Stderr, "capture: exit %d: %s", code, errb.String())
			os.Exit(2)
		}
	}
}

// TestCaptureKilled kills the capture command with SIGKILL at random points (100 times) and
// checks after each kill that verify passes and that no capture is stored in part: the store
// holds the captures of whole commands only (its transaction commits after every WARC blob is
// durable), and every capture the custody log names is stored.
func TestCaptureKilled(t *testing.T) {
	if os.Getenv(captureCrashEnv) != "" {
		t.Skip("inside the child")
	}
	kills := 100
	if testing.Short() {
		kills = 10
	}
	srv := pagesServer(3 << 10)
	defer srv.Close()
	var db string
	whole := 0
	rng := mrand.New(mrand.NewPCG(6, 28))
	for k := range kills {
		if k%10 == 0 { // a fresh store now and then: verify re-reads everything
			if db != "" {
				whole += len(listCaptures(t, db)) / crashPages
			}
			db = lockerStore(t)
		}
		if !testutil.KillChild(t, "TestCaptureCrashChild", []string{captureCrashEnv + "=" + db + "|" + srv.URL}, time.Duration(rng.IntN(150_000))*time.Microsecond) {
			t.Fatalf("kill %d: the child ended on its own", k)
		}
		if out, e, code := run(t, "--db", db, "verify"); code != 0 {
			t.Fatalf("kill %d: verify exit %d\n%s%s", k, code, out, e)
		}
		caps := listCaptures(t, db)
		if len(caps)%crashPages != 0 {
			t.Fatalf("kill %d: %d captures stored: a capture command stored in part", k, len(caps))
		}
		stored := map[string]bool{}
		for _, c := range caps {
			if c.Error != "" {
				t.Fatalf("kill %d: failed capture %s: %s", k, c.ID, c.Error)
			}
			stored[c.ID] = true
		}
		// Custody entries are appended after the records are committed. (A kill during an
		// append may leave its last line cut: verify accepts that interrupted append, and the
		// next writer repairs it; Read stops there.)
		_ = audit.Read(context.Background(), db+".custody.jsonl", func(_ int, en audit.Entry) error {
			if en.Action == audit.ActionCapture && !stored[en.Subject] {
				t.Fatalf("kill %d: the custody log names capture %s, which is not stored", k, en.Subject)
			}
			return nil
		})
	}
	n := whole + len(listCaptures(t, db))/crashPages
	if n < kills/10 {
		t.Fatalf("only %d whole captures after %d kills: the children did too little to test anything", n, kills)
	}
	t.Logf("%d kills, %d capture commands stored whole", kills, n)
}
