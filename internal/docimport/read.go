package docimport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var reMDFootSniff = regexp.MustCompile(`(?m)^\[\^[^\]\s]+\]:`)

// DetectFormat chooses a reader from the file name and, failing that, from the content.
func DetectFormat(name string, head []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return FormatDOCX
	case ".md", ".markdown", ".mdown":
		return FormatMarkdown
	case ".txt", ".text":
		return FormatText
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return FormatDOCX
	}
	if reMDFootSniff.Match(head) {
		return FormatMarkdown
	}
	return FormatText
}

// Read reads a draft in the given format (empty: detect from name and content).
func Read(ctx context.Context, name string, r io.Reader, f Format) (*Document, error) {
	data, err := readAllLimit(r, MaxDOCXSize)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if f == "" {
		f = DetectFormat(name, data)
	}
	switch f {
	case FormatDOCX:
		return ParseDOCX(ctx, name, data)
	case FormatMarkdown:
		return ReadMarkdown(ctx, name, bytes.NewReader(data))
	case FormatText:
		return ReadText(ctx, name, bytes.NewReader(data))
	}
	return nil, fmt.Errorf("read %s: unknown format %q (want text, markdown or docx)", name, f)
}

// ReadFile opens and reads a draft, choosing the reader from its extension and content.
func ReadFile(ctx context.Context, path string) (*Document, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	defer fh.Close()
	return Read(ctx, path, fh, "")
}
