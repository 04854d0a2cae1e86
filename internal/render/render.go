package render

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// Format is an output format.
type Format string

// Output formats.
const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatDOCX     Format = "docx"
	FormatPDF      Format = "pdf"
)

// Formats lists every format in a fixed order.
var Formats = []Format{FormatMarkdown, FormatHTML, FormatDOCX, FormatPDF}

// ParseFormat accepts "md", "markdown", "html", "docx" or "pdf" (case-insensitive).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown":
		return FormatMarkdown, nil
	case "html", "htm":
		return FormatHTML, nil
	case "docx":
		return FormatDOCX, nil
	case "pdf":
		return FormatPDF, nil
	}
	return "", fmt.Errorf("unknown format %q (want md, html, docx or pdf)", s)
}

// Ext is the usual file extension of the format, with the dot.
func (f Format) Ext() string { return "." + string(f) }

// Options tune rendering. The zero value is ready to use.
type Options struct {
	// ReferenceDocx is the content of a .docx file (a court's template) whose word/styles.xml
	// replaces the embedded styles in DOCX output. Styles the renderer needs and the template lacks
	// are added from the embedded set, so a template only has to define what it wants to change.
	ReferenceDocx []byte
}

// Renderer is the signature shared by every format.
type Renderer func(ctx context.Context, w io.Writer, doc *Document, opts Options) error

// Render renders doc in format f.
func Render(ctx context.Context, f Format, w io.Writer, doc *Document, opts Options) error {
	switch f {
	case FormatMarkdown:
		return Markdown(ctx, w, doc, opts)
	case FormatHTML:
		return HTML(ctx, w, doc, opts)
	case FormatDOCX:
		return DOCX(ctx, w, doc, opts)
	case FormatPDF:
		return PDF(ctx, w, doc, opts)
	}
	return fmt.Errorf("render: unknown format %q", f)
}

// prepare validates the document and checks the context; every renderer calls it first so that
// nothing is written for a bad document.
func prepare(ctx context.Context, doc *Document, format string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	if err := Validate(doc); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	return nil
}

// docTime is the single timestamp used in outputs: the document date (UTC, to the second) or
// 1980-01-01, the earliest time a zip entry can carry.
func docTime(doc *Document) time.Time {
	if doc.Date.IsZero() || doc.Date.Year() < 1980 {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return doc.Date.UTC().Truncate(time.Second)
}

func docLang(doc *Document) string {
	if doc.Lang == "" {
		return "en"
	}
	return doc.Lang
}

// clean normalises text for output: line breaks and tabs become spaces and control characters
// (which XML 1.0 forbids and PDF fonts cannot draw) are dropped, as are invalid UTF-8 bytes.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfffd || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff:
		case r == 0xfffd:
			// invalid UTF-8 decodes as U+FFFD; keep a genuine one as it is printable
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plain returns the text of inlines without styling; footnote markers are omitted.
func plain(ins []Inline) string {
	var b strings.Builder
	for _, in := range ins {
		switch v := in.(type) {
		case Text:
			b.WriteString(clean(v.Text))
		case Link:
			b.WriteString(clean(v.Text))
		case CrossRef:
			b.WriteString(clean(v.Text))
		}
	}
	return b.String()
}

// listMarker is the literal marker of item i of a list.
func listMarker(l *List, i int) string {
	if !l.Ordered {
		return "•"
	}
	start := l.Start
	if start == 0 {
		start = 1
	}
	return fmt.Sprintf("%d.", start+i)
}

// errWriter remembers the first write error so writers can be used without checking every call.
type errWriter struct {
	w   *bufio.Writer
	err error
}

func newErrWriter(w io.Writer) *errWriter { return &errWriter{w: bufio.NewWriterSize(w, 64<<10)} }

func (e *errWriter) s(strs ...string) {
	if e.err != nil {
		return
	}
	for _, s := range strs {
		if _, err := e.w.WriteString(s); err != nil {
			e.err = err
			return
		}
	}
}

func (e *errWriter) flush() error {
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}
