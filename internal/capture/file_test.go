package capture

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	mt "dossier/internal/media/mediatest"
)

func writePDF(t testing.TB, path string) {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetTitle("Report on Munitions Transfers", true)
	p.SetAuthor("Panel of Experts", true)
	p.SetCreationDate(time.Date(2024, 3, 7, 9, 30, 0, 0, time.UTC))
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(40, 10, "Hwasong-11 missiles were transferred in 2023.")
	if err := p.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
}

func TestAddFilePDF(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.bin") // misleading extension: content sniffing decides
	writePDF(t, path)
	s := newStore(t)
	res, err := AddFile(context.Background(), s, path)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if res.MediaType != "application/pdf" || res.SHA256 != res.Ref.Hex() || !bytes.Equal(readBlob(t, s, res.Ref), raw) {
		t.Fatalf("pdf add: %+v", res)
	}
	if res.PDF == nil || res.PDF.Title != "Report on Munitions Transfers" || res.PDF.Author != "Panel of Experts" ||
		!strings.HasPrefix(res.PDF.CreationDate, "2024-03-07T09:30:00") || res.PDF.Pages != 1 {
		t.Fatalf("pdf info: %+v warnings %v", res.PDF, res.Warnings)
	}
	if res.Meta.Title != res.PDF.Title || len(res.Meta.Author) != 1 || res.Meta.Issued != res.PDF.CreationDate {
		t.Errorf("meta: %+v", res.Meta)
	}
	if !strings.Contains(res.Text, "Hwasong-11") || res.TextRef.IsZero() {
		t.Fatalf("pdf text (%s): %q", res.TextTool, res.Text)
	}
	if res.TextTool != "github.com/ledongthuc/pdf" {
		t.Errorf("text extracted by %q, want the pure-Go library", res.TextTool)
	}
}

func TestAddFileImageVideoText(t *testing.T) {
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 31, 17))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	files := map[string][]byte{
		"photo.png": buf.Bytes(),
		"clip.mp4":  append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), make([]byte, 100)...),
		"notes.txt": []byte("plain notes"),
		"page.htm":  []byte("<title>Saved page</title><p>saved text</p>"),
		"data.xyz":  {0x00, 0x01, 0x02, 0xfe},
	}
	want := map[string]string{
		"photo.png": "image/png", "clip.mp4": "video/mp4", "notes.txt": "text/plain",
		"page.htm": "text/html", "data.xyz": "application/octet-stream",
	}
	s := newStore(t)
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.WriteFile(p, content, 0o644)
		res, err := AddFile(context.Background(), s, p)
		if err != nil {
			t.Fatal(err)
		}
		if res.MediaType != want[name] || res.Size != int64(len(content)) {
			t.Errorf("%s: type %q size %d", name, res.MediaType, res.Size)
		}
		switch name {
		case "photo.png":
			if res.Image == nil || res.Image.Width != 31 || res.Image.Height != 17 || res.Image.Format != "png" {
				t.Errorf("image: %+v", res.Image)
			}
		case "notes.txt":
			if res.Text != "plain notes" {
				t.Errorf("text: %q", res.Text)
			}
		case "page.htm":
			if res.Meta.Title != "Saved page" || res.Text != "saved text" {
				t.Errorf("html: %+v %q", res.Meta, res.Text)
			}
		case "clip.mp4", "data.xyz":
			if res.Text != "" || res.Image != nil || res.PDF != nil || !res.TextRef.IsZero() {
				t.Errorf("%s: unexpected extraction %+v", name, res)
			}
		}
	}
	if _, err := AddFile(context.Background(), s, dir); err == nil {
		t.Error("adding a directory succeeded")
	}
	if _, err := AddFile(context.Background(), s, filepath.Join(dir, "missing")); err == nil {
		t.Error("adding a missing file succeeded")
	}
}

func TestBrokenPDFIsWarningNotPanic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "broken.pdf")
	os.WriteFile(p, []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R /Info 9 0 R >>\n%%EOF"), 0o644)
	res, err := AddFile(context.Background(), newStore(t), p)
	if err != nil {
		t.Fatal(err)
	}
	if res.MediaType != "application/pdf" || res.Ref.IsZero() {
		t.Fatalf("%+v", res)
	}
}

func TestPDFDate(t *testing.T) {
	tests := map[string]string{
		"D:20240307093000Z":       "2024-03-07T09:30:00Z",
		"D:20240307093000+02'00'": "2024-03-07T09:30:00+02:00",
		"D:20240307":              "2024-03-07",
		"D:2024":                  "2024",
		"March 2024":              "March 2024",
		"":                        "",
	}
	for in, want := range tests {
		if got := pdfDate(in); got != want {
			t.Errorf("pdfDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzReadPDF(f *testing.F) {
	var buf bytes.Buffer
	p := fpdf.New("P", "mm", "A4", "")
	p.SetTitle("T", true)
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(40, 10, "text")
	p.Output(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("%PDF-1.7\ntrailer<</Root 1 0 R>>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = readPDF(bytes.NewReader(b), int64(len(b)))
		_ = pdfDate(string(b))
	})
}

// A photograph's EXIF and a phone's QuickTime metadata are read from the stored copy: when,
// with what, where; a QuickTime file is recognised although content sniffing does not know it.
func TestAddFileMedia(t *testing.T) {
	dir := t.TempDir()
	photo, err := mt.JPEG(mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2024:11:04 09:15:00"), mt.ASCII(0x9011, "+03:00")}, mt.GPS()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"IMG_0001.JPG": photo, "clip.bin": mt.PhoneMOV("2024-11-08T13:02:05+0300")}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := newStore(t)
	img, err := AddFile(context.Background(), s, filepath.Join(dir, "IMG_0001.JPG"))
	if err != nil {
		t.Fatal(err)
	}
	if img.MediaType != "image/jpeg" || img.Image == nil || img.Image.Width != 8 || img.Media == nil || img.Media.Taken != "2024-11-04T09:15:00+03:00" ||
		img.Media.Make != "samsung" || img.Media.GPS == nil || img.Media.GPS.String() != "26.580942,-80.053800" || len(img.Warnings) != 0 {
		t.Fatalf("photo: %+v media %+v", img, img.Media)
	}
	mov, err := AddFile(context.Background(), s, filepath.Join(dir, "clip.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if mov.MediaType != "video/quicktime" || mov.Media == nil || mov.Media.Duration != 10 || mov.Media.Width != 1920 ||
		mov.Media.Taken != "2024-11-08T13:02:05+0300" || mov.Media.Model != "iPhone 15" || mov.Media.GPS.String() != "50.450100,30.523400" {
		t.Fatalf("movie: %+v media %+v", mov, mov.Media)
	}
	// A file of another kind gets no media metadata and no warning for lacking it.
	plain, err := mt.JPEG(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "plain.jpg")
	if err := os.WriteFile(p, plain, 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := AddFile(context.Background(), s, p); err != nil || res.Media != nil || len(res.Warnings) != 0 {
		t.Fatalf("plain JPEG: %+v, %v", res, err)
	}
}

func TestBMFFType(t *testing.T) {
	for brand, want := range map[string]string{"qt  ": "video/quicktime", "isom": "video/mp4", "mp42": "video/mp4", "heic": "image/heic",
		"mif1": "image/heic", "avif": "image/avif", "3gp5": "video/3gpp", "jp2 ": "image/jp2"} {
		if got := bmffType(append([]byte("\x00\x00\x00\x18ftyp"), brand...)); got != want {
			t.Errorf("%q: %q, want %q", brand, got, want)
		}
	}
	if got := bmffType([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")); got != "" {
		t.Errorf("PNG: %q", got)
	}
}

// WebP, TIFF, BMP and HEIF images get their format and size too.
func TestAddFileImageFormats(t *testing.T) {
	dir := t.TempDir()
	webp, err := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==") // 1×1 lossless
	if err != nil {
		t.Fatal(err)
	}
	var tif, bm bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 5, 3))
	if err := tiff.Encode(&tif, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := bmp.Encode(&bm, img); err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	for _, tc := range []struct {
		name, format string
		b            []byte
		w, h         int
	}{{"a.webp", "webp", webp, 1, 1}, {"a.tif", "tiff", tif.Bytes(), 5, 3}, {"a.bmp", "bmp", bm.Bytes(), 5, 3},
		{"IMG_0001.HEIC", "heic", mt.HEIF(4032, 3024), 4032, 3024}} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, tc.b, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := AddFile(context.Background(), s, p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Image == nil || res.Image.Format != tc.format || res.Image.Width != tc.w || res.Image.Height != tc.h || len(res.Warnings) != 0 || res.Media != nil {
			t.Errorf("%s: %s %+v %v", tc.name, res.MediaType, res.Image, res.Warnings)
		}
	}
}
