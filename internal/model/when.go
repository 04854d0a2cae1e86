package model

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"dossier/internal/edtf"

	"go.yaml.in/yaml/v3"
)

// When is an uncertain date: an EDTF value (the machine form, with earliest and latest possible
// days) and, optionally, the words a source used ("late 2024", "winter of 2023"). In YAML and JSON
// a When with no wording is written as the bare EDTF string; with wording as {edtf, text}.
type When struct {
	EDTF edtf.Date `yaml:"edtf" json:"edtf"`
	Text string    `yaml:"text,omitempty" json:"text,omitempty"`
}

// IsZero reports whether no date is given.
func (w When) IsZero() bool { return w.EDTF.IsZero() && w.Text == "" }

// Display is the date as a reader should see it: the source's wording when kept, else the EDTF
// value in words; uncertainty is never dropped.
func (w When) Display() string {
	if w.EDTF.IsZero() {
		return w.Text
	}
	h := w.EDTF.Human()
	if w.Text != "" && !strings.EqualFold(w.Text, h) {
		return fmt.Sprintf("%s [%s]", w.Text, h)
	}
	return h
}

// Bounds returns the earliest and latest possible day as ordinals (days since 1970-01-01).
// A missing bound is nil.
func (w When) Bounds() (lo, hi *int64) {
	if w.EDTF.IsZero() {
		return nil, nil
	}
	if d, ok := w.EDTF.Earliest(); ok {
		v := d.Ordinal()
		lo = &v
	}
	if d, ok := w.EDTF.Latest(); ok {
		v := d.Ordinal()
		hi = &v
	}
	return lo, hi
}

type whenLong struct {
	EDTF string `yaml:"edtf" json:"edtf"`
	Text string `yaml:"text,omitempty" json:"text,omitempty"`
}

// MarshalYAML writes the short form when there is no wording.
func (w When) MarshalYAML() (any, error) {
	if w.Text == "" {
		return w.EDTF.String(), nil
	}
	return whenLong{EDTF: w.EDTF.String(), Text: w.Text}, nil
}

// UnmarshalYAML accepts "2024-06-19" or {edtf: "2024-06-19", text: "19 June 2024"}.
func (w *When) UnmarshalYAML(n *yaml.Node) error {
	var l whenLong
	switch n.Kind {
	case yaml.ScalarNode:
		l.EDTF = n.Value
	case yaml.MappingNode:
		if err := n.Decode(&l); err != nil {
			return err
		}
	default:
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a date is an EDTF string or a mapping with edtf and text", n.Line)}}
	}
	d, err := parseEDTF(l.EDTF)
	if err != nil {
		// A TypeError lets the decoder go on with the record's other fields, so that every
		// problem of a bundle is reported at once.
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*w = When{EDTF: d, Text: l.Text}
	return nil
}

type whenJSON struct {
	EDTF     string `json:"edtf"`
	Text     string `json:"text,omitempty"`
	Earliest string `json:"earliest,omitempty"`
	Latest   string `json:"latest,omitempty"`
}

// MarshalJSON writes the EDTF value, the wording, and for readers the earliest and latest day.
// It is written out by hand: every source and fact carries dates, and a store import encodes
// millions of them.
func (w When) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 96)
	b = append(b, `{"edtf":`...)
	b = AppendJSONString(b, w.EDTF.String())
	if w.Text != "" {
		b = append(b, `,"text":`...)
		b = AppendJSONString(b, w.Text)
	}
	if !w.EDTF.IsZero() {
		if d, ok := w.EDTF.Earliest(); ok {
			b = append(b, `,"earliest":"`...)
			b = append(b, d.String()...)
			b = append(b, '"')
		}
		if d, ok := w.EDTF.Latest(); ok {
			b = append(b, `,"latest":"`...)
			b = append(b, d.String()...)
			b = append(b, '"')
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads the object form (the bounds are derived, so ignored) or a string. The form
// MarshalJSON writes with plain strings is read directly; anything else goes through
// encoding/json.
func (w *When) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := jsonUnmarshal(b, &s); err != nil {
			return err
		}
		d, err := parseEDTF(s)
		if err != nil {
			return err
		}
		*w = When{EDTF: d}
		return nil
	}
	if string(b) == "null" {
		*w = When{}
		return nil
	}
	j, ok := scanWhenJSON(b)
	if !ok {
		if err := jsonUnmarshal(b, &j); err != nil {
			return err
		}
	}
	d, err := parseEDTF(j.EDTF)
	if err != nil {
		return err
	}
	*w = When{EDTF: d, Text: j.Text}
	return nil
}

// scanWhenJSON reads {"key":"value",...} whose values are strings without escapes; ok is false
// for anything else.
func scanWhenJSON(b []byte) (whenJSON, bool) {
	var j whenJSON
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return j, false
	}
	rest := b[1 : len(b)-1]
	for len(rest) > 0 {
		key, r, ok := scanPlainString(rest)
		if !ok || len(r) == 0 || r[0] != ':' {
			return j, false
		}
		val, r, ok := scanPlainString(r[1:])
		if !ok {
			return j, false
		}
		switch string(key) {
		case "edtf":
			j.EDTF = string(val)
		case "text":
			j.Text = string(val)
		case "earliest", "latest":
		default:
			return j, false
		}
		if len(r) == 0 {
			break
		}
		if r[0] != ',' || len(r) == 1 {
			return j, false
		}
		rest = r[1:]
	}
	return j, true
}

// scanPlainString reads a JSON string with no escapes or control characters from the start of b.
func scanPlainString(b []byte) (s, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, nil, false
	}
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			if !utf8.Valid(b[1:i]) {
				return nil, nil, false // encoding/json would replace invalid bytes
			}
			return b[1:i], b[i+1:], true
		case c == '\\' || c < 0x20:
			return nil, nil, false
		}
	}
	return nil, nil, false
}

// parseEDTF parses an EDTF string; the empty string is no date. Parsed dates are cached (a case
// repeats the same few thousand dates across millions of records); the cache is bounded.
func parseEDTF(s string) (edtf.Date, error) {
	if s == "" {
		return edtf.Date{}, nil
	}
	if d, ok := edtfCache.Load(s); ok {
		return d.(edtf.Date), nil
	}
	d, err := edtf.Parse(s)
	if err == nil && edtfCacheSize.Add(1) <= edtfCacheMax {
		edtfCache.Store(s, d)
	}
	return d, err
}

const edtfCacheMax = 1 << 16

var (
	edtfCache     sync.Map
	edtfCacheSize atomic.Int64
)

// ParseWhen parses an EDTF string into a When with no wording.
func ParseWhen(s string) (When, error) {
	d, err := parseEDTF(s)
	return When{EDTF: d}, err
}
