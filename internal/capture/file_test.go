package capture

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
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
