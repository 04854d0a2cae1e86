package docimport

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Limits applied to DOCX input.
const (
	MaxDOCXSize         = 128 << 20 // bytes of the .docx file itself
	MaxDOCXUncompressed = 256 << 20 // declared uncompressed bytes of all entries together
	MaxDOCXPart         = 64 << 20  // uncompressed bytes of one part we read
	MaxDOCXRatio        = 100       // uncompressed/compressed ratio above which a large entry is refused
	MaxDOCXEntries      = 10000
)

// Errors returned for refused DOCX input (wrapped with the file name).
var (
	ErrNotZip        = errors.New("not a DOCX file: not a zip archive")
	ErrZipBomb       = errors.New("refused: DOCX looks like a zip bomb")
	ErrPathTraversal = errors.New("refused: DOCX entry name escapes the archive (path traversal)")
	ErrNoDocument    = errors.New("not a DOCX file: word/document.xml is missing")
)

// ReadDOCX reads a Word document: body paragraphs from word/document.xml (heading styles become
// sections, list numbering becomes paragraph numbers) and footnotes from word/footnotes.xml.
// Line numbers are 1-based paragraph numbers within each part.
func ReadDOCX(ctx context.Context, name string, r io.Reader) (*Document, error) {
	data, err := readAllLimit(r, MaxDOCXSize)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return ParseDOCX(ctx, name, data)
}

func readAllLimit(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("input larger than %d bytes", limit)
	}
	return data, nil
}

// ParseDOCX parses DOCX bytes already in memory.
func ParseDOCX(ctx context.Context, name string, data []byte) (*Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%v)", name, ErrNotZip, err)
	}
	if len(zr.File) > MaxDOCXEntries {
		return nil, fmt.Errorf("%s: %w: %d entries (limit %d)", name, ErrZipBomb, len(zr.File), MaxDOCXEntries)
	}
	var total uint64
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		if bad := unsafeEntryName(f.Name); bad != "" {
			return nil, fmt.Errorf("%s: %w: entry %q (%s)", name, ErrPathTraversal, f.Name, bad)
		}
		total += f.UncompressedSize64
		if total > MaxDOCXUncompressed {
			return nil, fmt.Errorf("%s: %w: entries declare more than %d bytes uncompressed", name, ErrZipBomb, MaxDOCXUncompressed)
		}
		if f.UncompressedSize64 > 1<<20 {
			comp := f.CompressedSize64
			if comp == 0 || f.UncompressedSize64/comp > MaxDOCXRatio {
				return nil, fmt.Errorf("%s: %w: entry %q expands %d bytes to %d (ratio limit %d)", name, ErrZipBomb, f.Name, comp, f.UncompressedSize64, MaxDOCXRatio)
			}
		}
		parts[f.Name] = f
	}
	docPart, ok := parts["word/document.xml"]
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, ErrNoDocument)
	}
	docXML, err := readPart(ctx, docPart)
	if err != nil {
		return nil, fmt.Errorf("%s: word/document.xml: %w", name, err)
	}
	body, err := parseWordParas(docXML, "body")
	if err != nil {
		return nil, fmt.Errorf("%s: word/document.xml: %w", name, err)
	}
	var notes []wordPara
	if fp, ok := parts["word/footnotes.xml"]; ok {
		fx, err := readPart(ctx, fp)
		if err != nil {
			return nil, fmt.Errorf("%s: word/footnotes.xml: %w", name, err)
		}
		notes, err = parseWordParas(fx, "footnotes")
		if err != nil {
			return nil, fmt.Errorf("%s: word/footnotes.xml: %w", name, err)
		}
	}
	return buildDOCX(name, body, notes), nil
}

// unsafeEntryName explains why a zip entry name is unsafe, or returns "".
func unsafeEntryName(n string) string {
	switch {
	case n == "":
		return "empty name"
	case strings.ContainsRune(n, 0):
		return "NUL in name"
	case strings.HasPrefix(n, "/") || strings.HasPrefix(n, `\`):
		return "absolute path"
	case len(n) >= 2 && n[1] == ':':
		return "drive letter"
	case strings.Contains(n, `\`):
		return "backslash in name"
	}
	for _, seg := range strings.Split(n, "/") {
		if seg == ".." {
			return "parent directory segment"
		}
	}
	if c := path.Clean(n); strings.HasPrefix(c, "../") || c == ".." {
		return "parent directory segment"
	}
	return ""
}

func readPart(ctx context.Context, f *zip.File) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxDOCXPart+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDOCXPart {
		return nil, fmt.Errorf("%w: part larger than %d bytes uncompressed", ErrZipBomb, MaxDOCXPart)
	}
	return data, nil
}

// wordPara is one w:p with its text, footnote references and properties.
type wordPara struct {
	n        int // 1-based paragraph number in the part
	text     string
	style    string
	numbered bool
	numKey   string
	refs     []wordRef
	noteID   string // for footnotes.xml: the w:footnote id holding the paragraph
	noteType string
}

type wordRef struct {
	id     string
	offset int
}

// parseWordParas streams WordprocessingML and returns its paragraphs.
func parseWordParas(data []byte, part string) ([]wordPara, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	var out []wordPara
	var cur *wordPara
	var sb strings.Builder
	inText, inDel := false, 0
	noteID, noteType := "", ""
	numID, ilvl := "", ""
	count := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("xml near offset %d: %w", dec.InputOffset(), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "footnote":
				noteID, noteType = attr(t, "id"), attr(t, "type")
			case "p":
				count++
				cur = &wordPara{n: count, noteID: noteID, noteType: noteType}
				sb.Reset()
				numID, ilvl = "", "0"
			case "pStyle":
				if cur != nil {
					cur.style = attr(t, "val")
				}
			case "numPr":
				if cur != nil {
					cur.numbered = true
				}
			case "numId":
				numID = attr(t, "val")
			case "ilvl":
				ilvl = attr(t, "val")
			case "t":
				inText = true
			case "del":
				inDel++
			case "tab":
				if cur != nil && inDel == 0 {
					sb.WriteString("\t")
				}
			case "br", "cr":
				if cur != nil && inDel == 0 {
					sb.WriteString(" ")
				}
			case "footnoteReference":
				if cur != nil && inDel == 0 {
					cur.refs = append(cur.refs, wordRef{id: attr(t, "id"), offset: sb.Len()})
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "del":
				if inDel > 0 {
					inDel--
				}
			case "footnote":
				noteID, noteType = "", ""
			case "p":
				if cur != nil {
					cur.text = sb.String()
					if cur.numbered {
						cur.numKey = numID + "/" + ilvl
					}
					out = append(out, *cur)
					cur = nil
				}
			}
		case xml.CharData:
			if inText && cur != nil && inDel == 0 {
				sb.Write(t)
			}
		}
	}
	_ = part
	return out, nil
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

var reHeadingStyle = regexp.MustCompile(`(?i)^(heading|title|berschrift|titre)\s*(\d?)$`)

func buildDOCX(name string, body, notes []wordPara) *Document {
	b := newBuilder(name, FormatDOCX)
	numbers := map[string]int{}
	next := 1
	counters := map[string]int{}
	for _, wp := range body {
		text := strings.TrimSpace(wp.text)
		if text == "" && len(wp.refs) == 0 {
			continue
		}
		lead := len(wp.text) - len(strings.TrimLeft(wp.text, " \t"))
		p := Paragraph{Kind: KindBody, Text: text, Line: wp.n, EndLine: wp.n}
		switch {
		case reHeadingStyle.MatchString(wp.style):
			p.Kind = KindHeading
		case wp.numbered && wp.numKey != "":
			counters[wp.numKey]++
			p.Kind = KindNumbered
			p.Number = counters[wp.numKey]
		default:
			if m := reNumberedPar.FindStringSubmatch(text); m != nil && !isHeadingText(text) {
				p.Kind = KindNumbered
				p.Number, _ = strconv.Atoi(m[1])
			} else if isHeadingText(text) && len(wp.refs) <= 1 {
				p.Kind = KindHeading
			}
		}
		var marks []Marker
		for _, r := range wp.refs {
			n, ok := numbers[r.id]
			if !ok {
				n = next
				next++
				numbers[r.id] = n
			}
			off := r.offset - lead
			if off < 0 {
				off = 0
			}
			if off > len(text) {
				off = len(text)
			}
			marks = append(marks, Marker{Number: n, Label: r.id, Offset: off, Line: wp.n})
		}
		b.addParagraph(p, marks)
	}
	// Footnote bodies: join the paragraphs of each w:footnote.
	type acc struct {
		text       string
		line, last int
	}
	bodies := map[string]*acc{}
	var order []string
	for _, np := range notes {
		if np.noteID == "" || np.noteType == "separator" || np.noteType == "continuationSeparator" || np.noteType == "continuationNotice" {
			continue
		}
		a, ok := bodies[np.noteID]
		if !ok {
			a = &acc{line: np.n}
			bodies[np.noteID] = a
			order = append(order, np.noteID)
		}
		t := strings.TrimSpace(np.text)
		if t != "" {
			a.text = joinFoot(a.text, t, " ")
		}
		a.last = np.n
	}
	var foots []Footnote
	for _, id := range order {
		a := bodies[id]
		n, ok := numbers[id]
		if !ok {
			n = next
			next++
			numbers[id] = n
		}
		foots = append(foots, Footnote{Number: n, Label: id, Text: normSpace(a.text), Line: a.line, EndLine: a.last})
	}
	sort.SliceStable(foots, func(i, j int) bool { return foots[i].Number < foots[j].Number })
	b.doc.Footnotes = foots
	for _, m := range b.doc.Markers {
		if _, ok := bodies[m.Label]; !ok {
			b.note(NoteMissingRef, m.Line, fmt.Sprintf("footnote reference id %s has no footnote in word/footnotes.xml", m.Label))
		}
	}
	return b.finish()
}
