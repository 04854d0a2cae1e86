// Package csl converts sources to and from CSL-JSON, the citation format Zotero, Mendeley,
// pandoc and citeproc read and write, so that a team's reference library moves in and out of a
// case without retyping.
//
// Fields dossier has and CSL does not (kind, origin, reliability, confidentiality, problems) travel
// in the item's "note" as "dossier-FIELD: value" lines, Zotero's convention for extra fields, so a
// round trip through Zotero keeps them. Dates: a day, month or year becomes "date-parts"; an
// approximate date adds "circa"; anything finer-grained in its uncertainty (sets, intervals, X
// digits) is written as "raw" EDTF with a readable "literal", and read back from "raw".
package csl

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"dossier/internal/model"
)

// Item is one CSL-JSON item, with the fields dossier uses.
type Item struct {
	ID             string          `json:"id"`
	Type           string          `json:"type"`
	Title          string          `json:"title,omitempty"`
	Author         []model.CSLName `json:"author,omitempty"`
	ContainerTitle string          `json:"container-title,omitempty"`
	Publisher      string          `json:"publisher,omitempty"`
	Issued         *Date           `json:"issued,omitempty"`
	Accessed       *Date           `json:"accessed,omitempty"`
	URL            string          `json:"URL,omitempty"`
	Number         string          `json:"number,omitempty"`
	Language       string          `json:"language,omitempty"`
	Note           string          `json:"note,omitempty"`
}

// Date is a CSL date.
type Date struct {
	DateParts [][]any `json:"date-parts,omitempty"`
	Circa     any     `json:"circa,omitempty"`
	Raw       string  `json:"raw,omitempty"`
	Literal   string  `json:"literal,omitempty"`
	Season    any     `json:"season,omitempty"`
}

var kindToType = map[model.SourceKind]string{
	model.News: "article-newspaper", model.UNDocument: "document", model.OfficialStatement: "speech",
	model.Report: "report", model.Academic: "article-journal", model.Encyclopedia: "entry-encyclopedia",
	model.LegalInstrument: "treaty", model.CaseLaw: "legal_case", model.Imagery: "graphic",
	model.Video: "motion_picture", model.WitnessStatement: "interview", model.Web: "webpage",
}

var typeToKind = map[string]model.SourceKind{
	"article-newspaper": model.News, "article-magazine": model.News, "broadcast": model.News,
	"document": model.Report, "speech": model.OfficialStatement, "report": model.Report,
	"article-journal": model.Academic, "book": model.Academic, "chapter": model.Academic, "thesis": model.Academic,
	"entry-encyclopedia": model.Encyclopedia, "entry-dictionary": model.Encyclopedia, "treaty": model.LegalInstrument,
	"legislation": model.LegalInstrument, "bill": model.LegalInstrument, "regulation": model.LegalInstrument,
	"legal_case": model.CaseLaw, "graphic": model.Imagery, "map": model.Imagery, "motion_picture": model.Video,
	"interview": model.WitnessStatement, "webpage": model.Web, "post-weblog": model.Web, "post": model.Web,
}

// FromSource converts a source to a CSL item.
func FromSource(s *model.Source) Item {
	it := Item{ID: s.ID, Type: kindToType[s.Kind], Title: s.Title, Author: s.Author, ContainerTitle: s.ContainerTitle,
		Publisher: s.Publisher, URL: s.URL, Number: s.Number, Language: s.Language,
		Issued: fromWhen(s.Issued), Accessed: fromWhen(s.Accessed)}
	if it.Type == "" {
		it.Type = "document"
	}
	if s.Kind == model.UNDocument {
		// keep the kind exact: "document" maps back to report otherwise
		it.Note = "dossier-kind: " + string(s.Kind)
	}
	var extra []string
	if it.Note != "" {
		extra = append(extra, it.Note)
	}
	add := func(k, v string) {
		if v != "" {
			extra = append(extra, "dossier-"+k+": "+oneLine(v))
		}
	}
	add("origin", s.Origin)
	add("reliability", s.Reliability)
	add("confidentiality", string(s.Confidentiality))
	for _, p := range s.Problems {
		add("problem", p)
	}
	add("notes", s.Notes)
	if s.Issued.Text != "" {
		add("issued-text", s.Issued.Text)
	}
	it.Note = strings.Join(extra, "\n")
	return it
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func fromWhen(w model.When) *Date {
	if w.EDTF.IsZero() {
		return nil
	}
	d := &Date{}
	s := w.EDTF.String()
	core := strings.TrimRight(s, "?~%")
	parts := strings.Split(core, "-")
	simple := !w.EDTF.IsInterval() && !w.EDTF.IsSet() && !strings.ContainsAny(core, "X[{/.")
	if simple && len(parts) <= 3 && parts[0] != "" {
		var dp []any
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || (i == 1 && n > 12) {
				simple = false
				break
			}
			dp = append(dp, n)
		}
		if simple {
			d.DateParts = [][]any{dp}
			if w.EDTF.Approximate() || w.EDTF.Uncertain() {
				d.Circa = true
			}
			return d
		}
	}
	d.Raw = s
	d.Literal = w.EDTF.Human()
	return d
}

func toWhen(d *Date) (model.When, error) {
	if d == nil {
		return model.When{}, nil
	}
	if d.Raw != "" {
		if w, err := model.ParseWhen(d.Raw); err == nil {
			return w, nil
		}
	}
	if len(d.DateParts) > 0 {
		var ends []string
		for _, dp := range d.DateParts {
			var ps []string
			for i, p := range dp {
				n, err := toInt(p)
				if err != nil {
					return model.When{}, fmt.Errorf("date-parts: %w", err)
				}
				if i == 0 {
					ps = append(ps, fmt.Sprintf("%04d", n))
				} else {
					ps = append(ps, fmt.Sprintf("%02d", n))
				}
			}
			ends = append(ends, strings.Join(ps, "-"))
		}
		s := strings.Join(ends, "/")
		if c, _ := d.Circa.(bool); c || d.Circa == "true" || d.Circa == 1.0 {
			if len(ends) == 1 {
				s += "~"
			}
		}
		return model.ParseWhen(s)
	}
	if d.Literal != "" {
		return model.When{Text: d.Literal}, nil
	}
	return model.When{}, nil
}

func toInt(v any) (int, error) {
	switch x := v.(type) {
	case float64:
		return int(x), nil
	case string:
		return strconv.Atoi(x)
	case json.Number:
		n, err := x.Int64()
		return int(n), err
	}
	return 0, fmt.Errorf("not a number: %v", v)
}

// ToSource converts a CSL item back to a source.
func ToSource(it Item) (model.Source, error) {
	s := model.Source{ID: it.ID, Title: it.Title, Author: it.Author, ContainerTitle: it.ContainerTitle,
		Publisher: it.Publisher, URL: it.URL, Number: it.Number, Language: it.Language}
	s.Kind = typeToKind[it.Type]
	if s.Kind == "" {
		s.Kind = model.Web
	}
	var err error
	if s.Issued, err = toWhen(it.Issued); err != nil {
		return s, fmt.Errorf("issued: %w", err)
	}
	if s.Accessed, err = toWhen(it.Accessed); err != nil {
		return s, fmt.Errorf("accessed: %w", err)
	}
	var rest []string
	for _, ln := range strings.Split(it.Note, "\n") {
		k, v, ok := strings.Cut(ln, ": ")
		if !ok || !strings.HasPrefix(k, "dossier-") {
			if strings.TrimSpace(ln) != "" {
				rest = append(rest, ln)
			}
			continue
		}
		switch strings.TrimPrefix(k, "dossier-") {
		case "kind":
			s.Kind = model.SourceKind(v)
		case "origin":
			s.Origin = v
		case "reliability":
			s.Reliability = v
		case "confidentiality":
			s.Confidentiality = model.Confidentiality(v)
		case "problem":
			s.Problems = append(s.Problems, v)
		case "notes":
			s.Notes = v
		case "issued-text":
			s.Issued.Text = v
		default:
			rest = append(rest, ln)
		}
	}
	if len(rest) > 0 {
		if s.Notes != "" {
			s.Notes += "\n"
		}
		s.Notes += strings.Join(rest, "\n")
	}
	return s, nil
}

// Write writes sources as a CSL-JSON array, in id order.
func Write(w io.Writer, sources []model.Source) error {
	items := make([]Item, 0, len(sources))
	for i := range sources {
		items = append(items, FromSource(&sources[i]))
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(items)
}

// ItemError is a problem with one item of a CSL-JSON file.
type ItemError struct {
	Index int
	ID    string
	Field string
	Msg   string
}

func (e ItemError) Error() string {
	return fmt.Sprintf("item %d (%s): %s: %s", e.Index+1, e.ID, e.Field, e.Msg)
}

// Read reads a CSL-JSON array (or a single item) into sources. Every item is checked; problems
// are returned together and no source is returned when there is any.
func Read(r io.Reader) ([]model.Source, []ItemError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	var items []Item
	trimmed := strings.TrimSpace(string(data))
	if strings.HasPrefix(trimmed, "{") {
		var it Item
		if err := json.Unmarshal(data, &it); err != nil {
			return nil, nil, fmt.Errorf("CSL-JSON: %w", err)
		}
		items = []Item{it}
	} else if err := json.Unmarshal(data, &items); err != nil {
		return nil, nil, fmt.Errorf("CSL-JSON: %w", err)
	}
	var out []model.Source
	var probs []ItemError
	for i, it := range items {
		if it.ID == "" {
			probs = append(probs, ItemError{Index: i, Field: "id", Msg: "missing"})
			continue
		}
		s, err := ToSource(it)
		if err != nil {
			field, msg, _ := strings.Cut(err.Error(), ": ")
			probs = append(probs, ItemError{Index: i, ID: it.ID, Field: field, Msg: msg})
			continue
		}
		if s.ID = Slug(it.ID); s.ID == "" {
			probs = append(probs, ItemError{Index: i, ID: it.ID, Field: "id", Msg: "cannot make an id from it"})
			continue
		}
		out = append(out, s)
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	return out, nil, nil
}

// Slug turns a CSL id (Zotero keys such as "http://zotero.org/users/1/items/ABCD" or "smith2024")
// into a dossier id.
func Slug(id string) string {
	id = strings.ToLower(strings.TrimSpace(id))
	if i := strings.LastIndex(id, "/"); i >= 0 && i < len(id)-1 {
		id = id[i+1:]
	}
	var b strings.Builder
	dash := false
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.Trim(b.String(), "-.")
}
