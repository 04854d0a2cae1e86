package capture

import (
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // image.DecodeConfig formats
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
	_ "golang.org/x/image/bmp" // image.DecodeConfig formats the web and cameras also use
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"dossier/internal/blob"
	"dossier/internal/media"
)

// FileResult describes a file added to the locker.
type FileResult struct {
	Path      string    `json:"path"`
	Name      string    `json:"name"`
	Ref       blob.Ref  `json:"ref"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	MediaType string    `json:"media_type"`
	ModTime   time.Time `json:"mod_time"` // file system modification time (as found)
	Added     time.Time `json:"added"`
	Text      string    `json:"-"`
	TextRef   blob.Ref  `json:"text"`
	TextTool  string    `json:"text_tool,omitempty"` // which extractor produced Text
	Meta      Metadata  `json:"meta"`
	PDF       *PDFInfo  `json:"pdf,omitempty"`
	Image     *Image    `json:"image,omitempty"`
	// Media is what a photograph or video says about itself: EXIF, or an MP4/QuickTime
	// file's headers and metadata atoms (when, device, place, duration).
	Media    *media.Info `json:"media,omitempty"`
	Warnings []string    `json:"warnings,omitempty"`
}

// PDFInfo is a PDF's document information dictionary and page count.
type PDFInfo struct {
	Title        string `json:"title,omitempty"`
	Author       string `json:"author,omitempty"`
	Subject      string `json:"subject,omitempty"`
	Creator      string `json:"creator,omitempty"`
	Producer     string `json:"producer,omitempty"`
	CreationDate string `json:"creation_date,omitempty"` // ISO 8601 when parseable, else raw
	ModDate      string `json:"mod_date,omitempty"`
	Pages        int    `json:"pages"`
	Text         string `json:"-"`
}

// Meta maps the info dictionary to citation metadata.
func (p *PDFInfo) Meta() Metadata {
	m := Metadata{Title: p.Title, Issued: p.CreationDate, FieldSources: map[string]string{}}
	if p.Title != "" {
		m.FieldSources["title"] = "pdf Info Title"
	}
	if p.CreationDate != "" {
		m.FieldSources["issued"] = "pdf Info CreationDate"
	}
	if p.Author != "" {
		m.Author = []Name{{Literal: p.Author}}
		m.FieldSources["author"] = "pdf Info Author"
	}
	return m
}

// Image holds basic image facts.
type Image struct {
	Format string `json:"format"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// AddFile stores the file at path in store and extracts what it can: media
// type (sniffed, then by extension), PDF info dictionary and text, image
// dimensions. Videos and other types get size and type only. Extraction
// problems are warnings; only reading or storing the file fails.
func AddFile(ctx context.Context, store blob.Store, path string) (*FileResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("add file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("add file %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("add file %s: not a regular file", path)
	}
	ref, n, err := store.Put(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("add file %s: %w", path, err)
	}
	res := &FileResult{Path: path, Name: filepath.Base(path), Ref: ref, Size: n, SHA256: ref.Hex(),
		ModTime: info.ModTime().UTC(), Added: time.Now().UTC()}
	// Work on the stored copy: that is the evidence.
	rc, err := store.Open(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("add file %s: reopen stored blob: %w", path, err)
	}
	defer rc.Close()
	head := make([]byte, 512)
	k, _ := io.ReadFull(rc, head)
	res.MediaType = sniffType(head[:k], path)
	rc.Close()
	if bt := bmffType(head[:k]); bt != "" && !strings.HasPrefix(res.MediaType, "video/") && !strings.HasPrefix(res.MediaType, "image/") {
		res.MediaType = bt // QuickTime and HEIF, which content sniffing does not know
	}

	switch {
	case res.MediaType == "application/pdf":
		p, tool, err := pdfFromStore(ctx, store, ref, n)
		if err != nil {
			res.Warnings = append(res.Warnings, err.Error())
		}
		if p != nil {
			res.PDF, res.Text, res.TextTool, res.Meta = p, p.Text, tool, p.Meta()
		}
	case strings.HasPrefix(res.MediaType, "image/"):
		r, err := store.Open(ctx, ref)
		if err == nil {
			cfg, format, derr := image.DecodeConfig(r)
			r.Close()
			switch {
			case derr == nil:
				res.Image = &Image{Format: format, Width: cfg.Width, Height: cfg.Height}
			case heifTypes[res.MediaType] != "":
				res.Image, res.Warnings = heifImage(ctx, store, ref, n, heifTypes[res.MediaType], res.Warnings)
			default:
				res.Warnings = append(res.Warnings, fmt.Sprintf("image: %v", derr))
			}
		}
		res.addMedia(ctx, store, ref, n)
	case videoTypes[res.MediaType]:
		res.addMedia(ctx, store, ref, n)
	case res.MediaType == "text/html":
		r, err := store.Open(ctx, ref)
		if err == nil {
			p, perr := ExtractHTML(r)
			r.Close()
			if perr == nil {
				res.Text, res.Meta, res.TextTool = p.Text, p.Meta, "html"
			}
		}
	case strings.HasPrefix(res.MediaType, "text/"):
		r, err := store.Open(ctx, ref)
		if err == nil {
			b, _ := io.ReadAll(io.LimitReader(r, maxExtractBytes))
			r.Close()
			res.Text, res.TextTool = strings.ToValidUTF8(string(b), "\uFFFD"), "plain"
		}
	}
	if strings.TrimSpace(res.Text) != "" {
		tref, _, err := store.Put(ctx, strings.NewReader(res.Text))
		if err != nil {
			return nil, fmt.Errorf("add file %s: store text: %w", path, err)
		}
		res.TextRef = tref
	}
	return res, nil
}

// heifTypes are the media types of the HEIF family (as sniffed from the brand, or as the
// system's type table names them by extension) and the format each is reported as.
var heifTypes = map[string]string{"image/heic": "heic", "image/heif": "heic", "image/heic-sequence": "heic",
	"image/heif-sequence": "heic", "image/avif": "avif"}

// heifImage reads a HEIF or AVIF picture's size from its boxes (Go has no decoder for them).
func heifImage(ctx context.Context, store blob.Store, ref blob.Ref, size int64, format string, warnings []string) (*Image, []string) {
	r, err := store.Open(ctx, ref)
	if err != nil {
		return nil, append(warnings, fmt.Sprintf("image: %v", err))
	}
	defer r.Close()
	ra, ok := r.(io.ReaderAt)
	if !ok {
		return nil, warnings
	}
	w, h, err := media.HEIFSize(ra, size)
	switch {
	case err == nil:
		return &Image{Format: format, Width: w, Height: h}, warnings
	case errors.Is(err, media.ErrNoMetadata):
		return nil, warnings
	}
	return nil, append(warnings, err.Error())
}

// addMedia reads the stored file's embedded metadata (embedded) into the result.
func (res *FileResult) addMedia(ctx context.Context, store blob.Store, ref blob.Ref, size int64) {
	r, err := store.Open(ctx, ref)
	if err != nil {
		res.Warnings = append(res.Warnings, "media: "+err.Error())
		return
	}
	defer r.Close()
	body, ok := r.(interface {
		io.Reader
		io.ReaderAt
	})
	if !ok {
		res.Warnings = append(res.Warnings, "media: the stored file cannot be read at offsets")
		return
	}
	info, warns := embedded(res.MediaType, body, size)
	res.Media = info
	res.Warnings = append(res.Warnings, warns...)
}

// bmffType is the media type of an ISO base media file that content sniffing misses, from its
// 'ftyp' brand: QuickTime movies, and HEIF/AVIF images (which are not videos); "" otherwise.
func bmffType(head []byte) string {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return ""
	}
	switch brand := string(head[8:12]); brand {
	case "heic", "heix", "heim", "heis", "mif1", "msf1":
		return "image/heic"
	case "avif", "avis":
		return "image/avif"
	case "qt  ":
		return "video/quicktime"
	case "3gp4", "3gp5", "3gp6", "3g2a":
		return "video/3gpp"
	case "jp2 ", "jpx ", "jpm ":
		return "image/jp2" // JPEG 2000 also uses the box format
	default:
		return "video/mp4"
	}
}

// sniffType detects the media type from content, falling back to the
// file extension when content sniffing is inconclusive.
func sniffType(head []byte, path string) string {
	t := http.DetectContentType(head)
	mt, _, _ := mime.ParseMediaType(t)
	if mt == "application/octet-stream" || mt == "text/plain" {
		if byExt := mime.TypeByExtension(strings.ToLower(filepath.Ext(path))); byExt != "" {
			if et, _, err := mime.ParseMediaType(byExt); err == nil && (mt == "application/octet-stream" || strings.HasPrefix(et, "text/")) {
				return et
			}
		}
	}
	return mt
}

// pdfFromStore extracts PDF info and text from a stored blob.
func pdfFromStore(ctx context.Context, store blob.Store, ref blob.Ref, size int64) (*PDFInfo, string, error) {
	if d, ok := store.(*blob.Dir); ok {
		f, err := os.Open(d.Path(ref))
		if err != nil {
			return nil, "", fmt.Errorf("pdf: %w", err)
		}
		defer f.Close()
		return extractPDFTool(ctx, f, size, d.Path(ref))
	}
	rc, err := store.Open(ctx, ref)
	if err != nil {
		return nil, "", fmt.Errorf("pdf: %w", err)
	}
	defer rc.Close()
	tmp, err := os.CreateTemp("", "dossier-pdf-*")
	if err != nil {
		return nil, "", fmt.Errorf("pdf: %w", err)
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	if _, err := io.Copy(tmp, rc); err != nil {
		return nil, "", fmt.Errorf("pdf: %w", err)
	}
	return extractPDFTool(ctx, tmp, size, tmp.Name())
}

// extractPDFTool reads the info dictionary and text with
// github.com/ledongthuc/pdf; when that yields no text and pdftotext
// (poppler) is installed, pdftotext is used for the text. It returns the
// tool that produced the text.
func extractPDFTool(ctx context.Context, f io.ReaderAt, size int64, path string) (p *PDFInfo, tool string, err error) {
	p, err = readPDF(f, size)
	if err == nil && strings.TrimSpace(p.Text) != "" {
		return p, "github.com/ledongthuc/pdf", nil
	}
	if bin, lerr := exec.LookPath("pdftotext"); lerr == nil && path != "" {
		cmd := exec.CommandContext(ctx, bin, "-enc", "UTF-8", "-q", path, "-")
		out, cerr := cmd.Output()
		if cerr == nil {
			if p == nil {
				p = &PDFInfo{}
			}
			p.Text = strings.ToValidUTF8(string(out), "\uFFFD")
			return p, "pdftotext", err
		}
	}
	return p, "", err
}

// readPDF parses the PDF, converting any panic in the library into an error.
func readPDF(f io.ReaderAt, size int64) (p *PDFInfo, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: malformed document: %v", r)
		}
	}()
	r, err := pdf.NewReader(f, size)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	p = &PDFInfo{Pages: r.NumPage()}
	info := r.Trailer().Key("Info")
	p.Title = collapse(info.Key("Title").Text())
	p.Author = collapse(info.Key("Author").Text())
	p.Subject = collapse(info.Key("Subject").Text())
	p.Creator = collapse(info.Key("Creator").Text())
	p.Producer = collapse(info.Key("Producer").Text())
	p.CreationDate = pdfDate(info.Key("CreationDate").Text())
	p.ModDate = pdfDate(info.Key("ModDate").Text())
	tr, terr := r.GetPlainText()
	if terr != nil {
		return p, fmt.Errorf("pdf text: %w", terr)
	}
	b, terr := io.ReadAll(io.LimitReader(tr, maxExtractBytes))
	if terr != nil && !errors.Is(terr, io.EOF) {
		return p, fmt.Errorf("pdf text: %w", terr)
	}
	p.Text = strings.ToValidUTF8(string(b), "\uFFFD")
	return p, nil
}

var pdfDateRE = regexp.MustCompile(`^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?`)

// pdfDate converts "D:YYYYMMDDHHmmSS+HH'mm'" to ISO 8601; other text is
// returned trimmed.
func pdfDate(s string) string {
	s = strings.TrimSpace(s)
	m := pdfDateRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	out := m[1]
	if m[2] != "" {
		out += "-" + m[2]
	}
	if m[3] != "" {
		out += "-" + m[3]
	}
	if m[4] != "" && m[5] != "" {
		out += "T" + m[4] + ":" + m[5]
		if m[6] != "" {
			out += ":" + m[6]
		}
		switch tz := strings.ReplaceAll(m[7], "'", ""); {
		case tz == "Z":
			out += "Z"
		case len(tz) == 5:
			out += tz[:3] + ":" + tz[3:]
		}
	}
	return out
}
