package capture

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Name is a CSL-JSON name: either Family/Given or Literal.
type Name struct {
	Family  string `json:"family,omitempty"`
	Given   string `json:"given,omitempty"`
	Literal string `json:"literal,omitempty"`
}

func (n Name) String() string {
	if n.Literal != "" {
		return n.Literal
	}
	if n.Given == "" {
		return n.Family
	}
	return n.Given + " " + n.Family
}

// Metadata is citation metadata found in a page, named after CSL-JSON
// variables. Issued and Accessed hold ISO 8601 dates (as found for Issued);
// CSL() renders them as CSL date objects. FieldSources records where each
// field came from (e.g. "title": "citation_title").
type Metadata struct {
	Title          string            `json:"title,omitempty"`
	Author         []Name            `json:"author,omitempty"`
	ContainerTitle string            `json:"container-title,omitempty"`
	Publisher      string            `json:"publisher,omitempty"`
	Issued         string            `json:"issued,omitempty"`
	URL            string            `json:"URL,omitempty"`
	Accessed       string            `json:"accessed,omitempty"`
	FieldSources   map[string]string `json:"-"`
}

// CSL returns the metadata as a CSL-JSON item (without id and type).
func (m Metadata) CSL() map[string]any {
	out := map[string]any{}
	if m.Title != "" {
		out["title"] = m.Title
	}
	if len(m.Author) > 0 {
		out["author"] = m.Author
	}
	if m.ContainerTitle != "" {
		out["container-title"] = m.ContainerTitle
	}
	if m.Publisher != "" {
		out["publisher"] = m.Publisher
	}
	if m.URL != "" {
		out["URL"] = m.URL
	}
	for key, v := range map[string]string{"issued": m.Issued, "accessed": m.Accessed} {
		if v == "" {
			continue
		}
		if parts := dateParts(v); parts != nil {
			out[key] = map[string]any{"date-parts": [][]int{parts}}
		} else {
			out[key] = map[string]any{"raw": v}
		}
	}
	return out
}

var dateRE = regexp.MustCompile(`^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?`)

// dateParts extracts [year, month, day] (as far as present) from an ISO-like date.
func dateParts(s string) []int {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil
	}
	var parts []int
	for i, p := range m[1:] {
		if p == "" {
			break
		}
		n, err := strconv.Atoi(p)
		if err != nil || (i == 1 && (n < 1 || n > 12)) || (i == 2 && (n < 1 || n > 31)) {
			break
		}
		parts = append(parts, n)
	}
	return parts
}

// Page is what extraction finds in an HTML document.
type Page struct {
	Text string
	Meta Metadata
}

// maxExtractBytes bounds the HTML parsed for text and metadata.
const maxExtractBytes = 32 << 20

// ExtractHTML parses an HTML document (UTF-8) and returns its readable text
// (paragraphs separated by blank lines; script, style, nav, noscript,
// template, svg, iframe, head, header, footer and aside dropped) and its
// citation metadata. Precedence per field: citation_* (Highwire/Google
// Scholar) > schema.org JSON-LD > OpenGraph/article:* > <title>.
func ExtractHTML(r io.Reader) (*Page, error) {
	doc, err := html.Parse(io.LimitReader(r, maxExtractBytes))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	x := &extractor{cands: map[string][]cand{}}
	bufs := textBufs.Get().(*[2][]byte)
	x.text, x.cur = bufs[0][:0], bufs[1][:0]
	x.walk(doc, 0)
	x.flush()
	p := &Page{Text: string(x.text), Meta: x.metadata()}
	if cap(x.text) <= maxPooledText && cap(x.cur) <= maxPooledText {
		bufs[0], bufs[1] = x.text, x.cur
		textBufs.Put(bufs)
	}
	return p, nil
}

// textBufs recycles the extractor's text buffers (the page's text and the current paragraph),
// which would otherwise grow from nothing, step by step, for every page.
var textBufs = sync.Pool{New: func() any { return new([2][]byte) }}

// maxPooledText is the largest text buffer kept for the next page.
const maxPooledText = 1 << 20

type cand struct {
	rank   int // lower wins
	source string
	value  string
}

type extractor struct {
	text    []byte         // the paragraphs so far, separated by blank lines
	cur     []byte         // text of the current paragraph, reused across paragraphs
	authors map[int][]Name // by rank
	authSrc map[int]string
	cands   map[string][]cand
}

const (
	rankCitation = iota
	rankJSONLD
	rankOG
	rankTitle
)

var skipText = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Nav: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Iframe: true, atom.Head: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Button: true, atom.Select: true, atom.Object: true, atom.Canvas: true,
}

var blockElem = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Figure: true,
	atom.Figcaption: true, atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Br: true,
	atom.Hr: true, atom.Address: true, atom.Caption: true, atom.Body: true,
}

func (x *extractor) add(field string, rank int, source, value string) {
	value = collapse(value)
	if value == "" {
		return
	}
	x.cands[field] = append(x.cands[field], cand{rank, source, value})
}

func (x *extractor) addAuthor(rank int, source string, n Name) {
	if n.String() == "" {
		return
	}
	if x.authors == nil {
		x.authors, x.authSrc = map[int][]Name{}, map[int]string{}
	}
	for _, have := range x.authors[rank] {
		if have == n {
			return
		}
	}
	x.authors[rank] = append(x.authors[rank], n)
	x.authSrc[rank] = source
}

// flush ends the current paragraph: collapsed, and unless empty appended to the text.
func (x *extractor) flush() {
	if len(x.cur) > 0 {
		n := len(x.text)
		if n > 0 {
			x.text = append(x.text, "\n\n"...)
		}
		if x.text = appendCollapsed(x.text, x.cur); len(x.text) == n+2 && n > 0 {
			x.text = x.text[:n] // nothing but white space
		}
	}
	x.cur = x.cur[:0]
}

func (x *extractor) walk(n *html.Node, depth int) {
	if depth > 512 {
		return
	}
	switch n.Type {
	case html.TextNode:
		x.cur = append(x.cur, n.Data...)
		return
	case html.ElementNode:
		x.element(n)
		if skipText[n.DataAtom] {
			// Still look inside head for <meta>, <title> and JSON-LD.
			if n.DataAtom == atom.Head || n.DataAtom == atom.Header || n.DataAtom == atom.Footer || n.DataAtom == atom.Aside {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					x.metaOnly(c, depth+1)
				}
			}
			return
		}
		if blockElem[n.DataAtom] {
			x.flush()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.walk(c, depth+1)
	}
	if n.Type == html.ElementNode && blockElem[n.DataAtom] {
		x.flush()
	}
}

// metaOnly visits a subtree for metadata only.
func (x *extractor) metaOnly(n *html.Node, depth int) {
	if depth > 512 {
		return
	}
	if n.Type == html.ElementNode {
		x.element(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.metaOnly(c, depth+1)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// element records metadata carried by one element.
func (x *extractor) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Title:
		x.add("title", rankTitle, "<title>", textOf(n))
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(strings.SplitN(attr(n, "type"), ";", 2)[0]), "application/ld+json") {
			x.jsonLD(textOf(n))
		}
	case atom.Meta:
		key := strings.ToLower(strings.TrimSpace(attr(n, "name")))
		if key == "" {
			key = strings.ToLower(strings.TrimSpace(attr(n, "property")))
		}
		val := attr(n, "content")
		switch key {
		case "citation_title":
			x.add("title", rankCitation, key, val)
		case "citation_author":
			x.addAuthor(rankCitation, key, parseName(val))
		case "citation_publication_date", "citation_date", "citation_online_date":
			x.add("issued", rankCitation, key, val)
		case "citation_journal_title", "citation_conference_title", "citation_inbook_title":
			x.add("container-title", rankCitation, key, val)
		case "citation_publisher":
			x.add("publisher", rankCitation, key, val)
		case "og:title":
			x.add("title", rankOG, key, val)
		case "og:site_name":
			x.add("container-title", rankOG, key, val)
		case "article:published_time":
			x.add("issued", rankOG, key, val)
		case "article:author", "author":
			if !strings.HasPrefix(val, "http") {
				x.addAuthor(rankOG, key, Name{Literal: collapse(val)})
			}
		case "og:url":
			x.add("URL", rankOG, key, val)
		}
	case atom.Link:
		if strings.EqualFold(attr(n, "rel"), "canonical") {
			x.add("URL", rankCitation, "link rel=canonical", attr(n, "href"))
		}
	}
}

// parseName turns "Family, Given" into a structured name, anything else
// into a literal.
func parseName(s string) Name {
	s = collapse(s)
	if fam, given, ok := strings.Cut(s, ","); ok && strings.TrimSpace(fam) != "" && strings.TrimSpace(given) != "" && !strings.Contains(given, ",") {
		return Name{Family: strings.TrimSpace(fam), Given: strings.TrimSpace(given)}
	}
	return Name{Literal: s}
}

var articleTypes = map[string]bool{
	"newsarticle": true, "article": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"blogposting": true, "scholarlyarticle": true, "report": true, "webpage": false,
}

// jsonLD reads schema.org article metadata from a JSON-LD block.
func (x *extractor) jsonLD(src string) {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return // malformed JSON-LD is common; ignore it
	}
	var objs []map[string]any
	var collect func(v any, depth int)
	collect = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				collect(e, depth+1)
			}
		case map[string]any:
			objs = append(objs, t)
			if g, ok := t["@graph"]; ok {
				collect(g, depth+1)
			}
		}
	}
	collect(v, 0)
	for _, o := range objs {
		if !isArticle(o["@type"]) {
			continue
		}
		x.add("title", rankJSONLD, "json-ld headline", str(o["headline"]))
		if str(o["headline"]) == "" {
			x.add("title", rankJSONLD, "json-ld name", str(o["name"]))
		}
		x.add("issued", rankJSONLD, "json-ld datePublished", str(o["datePublished"]))
		for _, n := range names(o["author"]) {
			x.addAuthor(rankJSONLD, "json-ld author", Name{Literal: n})
		}
		if pub := names(o["publisher"]); len(pub) > 0 {
			x.add("publisher", rankJSONLD, "json-ld publisher", pub[0])
		}
		if u := str(o["url"]); u != "" {
			x.add("URL", rankJSONLD, "json-ld url", u)
		}
		return
	}
}

func isArticle(t any) bool {
	switch v := t.(type) {
	case string:
		return articleTypes[strings.ToLower(v)]
	case []any:
		for _, e := range v {
			if isArticle(e) {
				return true
			}
		}
	}
	return false
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// names reads a schema.org Person/Organization (or list, or string).
func names(v any) []string {
	switch t := v.(type) {
	case string:
		if s := collapse(t); s != "" {
			return []string{s}
		}
	case map[string]any:
		if s := collapse(str(t["name"])); s != "" {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, names(e)...)
		}
		return out
	}
	return nil
}

func (x *extractor) metadata() Metadata {
	m := Metadata{FieldSources: map[string]string{}}
	pick := func(field string) string {
		cs := x.cands[field]
		if len(cs) == 0 {
			return ""
		}
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].rank < cs[j].rank })
		m.FieldSources[field] = cs[0].source
		return cs[0].value
	}
	m.Title = pick("title")
	m.ContainerTitle = pick("container-title")
	m.Publisher = pick("publisher")
	m.Issued = pick("issued")
	m.URL = pick("URL")
	for rank := rankCitation; rank <= rankTitle; rank++ {
		if len(x.authors[rank]) > 0 {
			m.Author = x.authors[rank]
			m.FieldSources["author"] = x.authSrc[rank]
			break
		}
	}
	return m
}

// collapse trims and collapses white space, and drops invalid UTF-8: the
// same as strings.Join(strings.Fields(s), " ") after strings.ToValidUTF8.
func collapse(s string) string {
	var buf [256]byte
	b := appendCollapsed(buf[:0], []byte(s))
	if string(b) == s {
		return s // already collapsed: no new string
	}
	return string(b)
}

// appendCollapsed appends s to dst with white space trimmed and collapsed to
// single spaces, and each run of invalid UTF-8 replaced by U+FFFD (as
// strings.ToValidUTF8 does), in one pass.
func appendCollapsed(dst, s []byte) []byte {
	start := len(dst)
	space, bad := false, false
	for i := 0; i < len(s); {
		c := s[i]
		if plainASCII[c] {
			// A run of ASCII without white space, or with single ' ' between such bytes, is
			// copied as it is, in one append.
			j := i + 1
			for j < len(s) {
				if plainASCII[s[j]] {
					j++
				} else if s[j] == ' ' && j+1 < len(s) && plainASCII[s[j+1]] {
					j += 2
				} else {
					break
				}
			}
			if space {
				dst = append(dst, ' ')
				space = false
			}
			dst = append(dst, s[i:j]...)
			bad = false
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			bad = false
			if asciiSpace[c] {
				space = len(dst) > start
			} else {
				if space {
					dst = append(dst, ' ')
					space = false
				}
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && n == 1 {
			// A run of invalid bytes becomes one U+FFFD, which is not space.
			if !bad {
				if space {
					dst = append(dst, ' ')
					space = false
				}
				dst = append(dst, "\uFFFD"...)
				bad = true
			}
			i++
			continue
		}
		bad = false
		if unicode.IsSpace(r) {
			space = len(dst) > start
		} else {
			if space {
				dst = append(dst, ' ')
				space = false
			}
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// plainASCII[c] says whether c is ASCII and not white space: appendCollapsed copies it as it is.
var plainASCII = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = !asciiSpace[c]
	}
	return t
}()
