package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	mt "dossier/internal/media/mediatest"
)

// dossier add reports what a photograph and a video record about themselves, and keeps it in
// their capture records; a malformed GPS block is a warning, not a failure.
func TestAddEmbeddedMetadata(t *testing.T) {
	db := lockerStore(t)
	dir := t.TempDir()
	gps := mt.GPS()
	photo, err := mt.JPEG(mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2024:11:04 09:15:00")}, gps))
	if err != nil {
		t.Fatal(err)
	}
	noRef, err := mt.JPEG(mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2024:11:05 10:00:00")}, append([]mt.Entry{gps[0]}, gps[2:]...)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"photo.jpg": photo, "clip.mov": mt.PhoneMOV("2024-11-08T13:02:05+0300"), "noref.jpg": noRef}
	var args []string
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, stderr, code := run(t, append([]string{"--db", db, "add"}, args...)...)
	if code != 0 {
		t.Fatalf("add: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"(photo.jpg): taken 2024-11-04T09:15:00 (no time zone recorded) · samsung SM-N920T · software GIMP 2.8.20 · GPS 26.580942,-80.053800, altitude -2.5 m",
		"(clip.mov): taken 2024-11-08T13:02:05+0300 · Apple iPhone 15 · software 17.1 · GPS 50.450100,30.523400, altitude 11.0 m · 1920×1080 · 10.0 s",
		"(noref.jpg): warning: exif: GPS latitude without N or S",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("add output lacks %q:\n%s", want, out)
		}
	}
	exp := filepath.Join(t.TempDir(), "bundle")
	if _, stderr, code := run(t, "--db", db, "export", exp); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	caps, err := os.ReadFile(filepath.Join(exp, "captures.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"image.taken: 2024-11-04T09:15:00", "image.gps: 26.580942,-80.053800", "video.taken: 2024-11-08T13:02:05+0300",
		"video.gps_raw: +50.4501+030.5234+011.000/", "video.duration: \"10.000\"", "warnings: 'exif: GPS latitude without N or S'"} {
		if !strings.Contains(string(caps), want) {
			t.Errorf("captures.yaml lacks %q", want)
		}
	}
}

// A photograph or video captured from the web keeps what it says about itself too.
func TestCaptureEmbeddedMetadata(t *testing.T) {
	photo, err := mt.JPEG(mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2024:11:04 09:15:00"), mt.ASCII(0x9011, "+02:00")}, mt.GPS()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]struct {
		typ  string
		body []byte
	}{"/photo.jpg": {"image/jpeg", photo}, "/clip.mov": {"video/quicktime", mt.PhoneMOV("2024-11-08T13:02:05+0300")}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.typ)
		w.Write(f.body)
	}))
	defer srv.Close()
	db := lockerStore(t)
	out, stderr, code := run(t, "--db", db, "capture", "--allow-loopback", "--json", srv.URL+"/photo.jpg", srv.URL+"/clip.mov")
	if code != 0 {
		t.Fatalf("capture: exit %d: %s", code, stderr)
	}
	outs := captureJSON(t, out)
	if len(outs) != 2 {
		t.Fatalf("capture report: %+v", outs)
	}
	img, mov := getCapture(t, db, outs[0].ID), getCapture(t, db, outs[1].ID)
	if img.Meta["image.taken"] != "2024-11-04T09:15:00+02:00" || img.Meta["image.gps"] != "26.580942,-80.053800" || img.Meta["image.make"] != "samsung" {
		t.Errorf("photo capture meta: %v", img.Meta)
	}
	if mov.Meta["video.taken"] != "2024-11-08T13:02:05+0300" || mov.Meta["video.gps"] != "50.450100,30.523400" || mov.Meta["video.duration"] != "10.000" {
		t.Errorf("video capture meta: %v", mov.Meta)
	}
	if vout, _, code := run(t, "--db", db, "verify"); code != 0 {
		t.Errorf("verify: %s", vout)
	}
}
