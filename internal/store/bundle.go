package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"strings"
	"sync"

	"dossier/internal/model"
)

// Records turns a whole case into store records, case head first.
func Records(b *model.Bundle) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		emit := func(kind model.Kind, id string, v any) bool {
			r, err := ToRecord(kind, id, v)
			return yield(r, err)
		}
		if !emit(model.KindCase, b.Case.ID, &b.Case) {
			return
		}
		for i := range b.Actors {
			if !emit(model.KindActor, b.Actors[i].ID, &b.Actors[i]) {
				return
			}
		}
		for i := range b.Sources {
			if !emit(model.KindSource, b.Sources[i].ID, &b.Sources[i]) {
				return
			}
		}
		for i := range b.Captures {
			if !emit(model.KindCapture, b.Captures[i].ID, &b.Captures[i]) {
				return
			}
		}
		for i := range b.Facts {
			if !emit(model.KindFact, b.Facts[i].ID, &b.Facts[i]) {
				return
			}
		}
		for i := range b.Charges {
			if !emit(model.KindCharge, b.Charges[i].ID, &b.Charges[i]) {
				return
			}
		}
		for i := range b.Findings {
			if !emit(model.KindFinding, b.Findings[i].ID, &b.Findings[i]) {
				return
			}
		}
		for i := range b.Drafts {
			if !emit(model.KindDraft, b.Drafts[i].ID, &b.Drafts[i]) {
				return
			}
		}
	}
}

// ToRecord encodes one model value as a record with its date bounds and searchable text.
func ToRecord(kind model.Kind, id string, v any) (Record, error) {
	var data []byte
	var err error
	if s, ok := v.(*model.Source); ok && s != nil {
		data, err = sourceJSON(s)
	} else {
		data, err = json.Marshal(v)
	}
	if err != nil {
		return Record{}, fmt.Errorf("encode %s %s: %w", kind, id, err)
	}
	r := Record{Kind: kind, ID: id, Data: data, encoded: data}
	var parts []string
	switch x := v.(type) {
	case *model.Case:
		parts = []string{x.Title, x.Summary}
	case *model.Actor:
		r.SortLo, r.SortHi = x.Born.Bounds()
		parts = append(x.AllNames(), x.Notes)
		for _, p := range x.Positions {
			parts = append(parts, p.Office)
		}
	case *model.Source:
		r.SortLo, r.SortHi = x.Issued.Bounds()
		parts = []string{x.Title, x.ContainerTitle, x.Publisher, x.Number, x.URL, x.Notes}
		for _, a := range x.Author {
			parts = append(parts, a.String())
		}
	case *model.Capture:
		parts = []string{x.URL, x.FinalURL, x.MediaType}
	case *model.Fact:
		r.SortLo, r.SortHi = x.When.Bounds()
		parts = []string{x.Statement, x.Where, x.When.Text, x.Notes}
		for _, e := range x.Excerpts {
			parts = append(parts, e.Quote, e.Translation)
		}
		for _, g := range x.Figures {
			parts = append(parts, g.Text)
		}
	case *model.Charge:
		parts = []string{x.Title}
		for _, a := range x.Allegations {
			parts = append(parts, a.Text)
		}
	case *model.Finding:
		parts = []string{x.Reason}
	case *model.DraftDoc:
		parts = []string{x.Body}
	}
	r.Text = joinNonEmpty(parts)
	return r, nil
}

func joinNonEmpty(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(p)
		}
	}
	return b.String()
}

// SaveBundle imports a whole case in one transaction.
func SaveBundle(ctx context.Context, s Store, b *model.Bundle, ch Change, opt ImportOptions) (ImportStats, error) {
	if b.Case.ID == "" {
		return ImportStats{}, fmt.Errorf("save case: missing case id")
	}
	return s.Import(ctx, b.Case.ID, Records(b), ch, opt)
}

// Each produces a case's values one by one, calling fn for each and stopping at fn's first error
// (bundle.Checked.Each is one).
type Each func(fn func(kind model.Kind, id string, v any) error) error

// EachRecords turns the values each produces into store records.
func EachRecords(each Each) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		stopped := false
		err := each(func(kind model.Kind, id string, v any) error {
			r, err := ToRecord(kind, id, v)
			if !yield(r, err) || err != nil {
				stopped = true
				return errStop
			}
			return nil
		})
		if err != nil && !stopped {
			yield(Record{}, err)
		}
	}
}

var errStop = errors.New("stop")

// SaveEach imports a case's values, as each produces them, in one transaction: on any error,
// including one of each's, nothing is written.
func SaveEach(ctx context.Context, s Store, caseID string, each Each, ch Change, opt ImportOptions) (ImportStats, error) {
	if caseID == "" {
		return ImportStats{}, fmt.Errorf("save case: missing case id")
	}
	return s.Import(ctx, caseID, EachRecords(each), ch, opt)
}

// LoadBundle reads a whole case (current versions, no tombstones) from a store.
func LoadBundle(ctx context.Context, s Store, caseID string) (*model.Bundle, error) {
	b := &model.Bundle{}
	head, err := s.Get(ctx, caseID, model.KindCase, caseID)
	if err != nil {
		return nil, fmt.Errorf("load case %s: %w", caseID, err)
	}
	if err := json.Unmarshal(head.Data, &b.Case); err != nil {
		return nil, fmt.Errorf("load case %s: decode: %w", caseID, err)
	}
	var err1 error
	load := func(kind model.Kind, byDate bool, decode func([]Record) error) {
		if err1 != nil {
			return
		}
		recs, err := s.List(ctx, caseID, kind, ListOptions{ByDate: byDate})
		if err != nil {
			err1 = err
			return
		}
		if err := decode(recs); err != nil {
			err1 = fmt.Errorf("decode %s: %w", kind, err)
		}
	}
	load(model.KindActor, false, decodeAll(&b.Actors))
	load(model.KindSource, false, decodeAll(&b.Sources))
	load(model.KindCapture, false, decodeAll(&b.Captures))
	load(model.KindFact, true, decodeAll(&b.Facts))
	load(model.KindCharge, false, decodeAll(&b.Charges))
	load(model.KindFinding, false, decodeAll(&b.Findings))
	load(model.KindDraft, false, decodeAll(&b.Drafts))
	if err1 != nil {
		return nil, fmt.Errorf("load case %s: %w", caseID, err1)
	}
	return b, nil
}

// decodeAll decodes records into *dst in order, on all cores for large kinds (a case of a million
// findings spends most of its load time in JSON decoding).
func decodeAll[T any](dst *[]T) func([]Record) error {
	return func(recs []Record) error {
		out := make([]T, len(recs))
		workers := min(runtime.GOMAXPROCS(0), max(1, len(recs)/1024))
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < len(recs); i += workers {
					if err := json.Unmarshal(recs[i].Data, &out[i]); err != nil {
						errs[w] = fmt.Errorf("%s: %w", recs[i].ID, err)
						return
					}
				}
			}(w)
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		*dst = append(*dst, out...)
		return nil
	}
}

// Get decodes one current record into v.
func Get[T any](ctx context.Context, s Store, caseID string, kind model.Kind, id string) (T, error) {
	var v T
	r, err := s.Get(ctx, caseID, kind, id)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(r.Data, &v); err != nil {
		return v, fmt.Errorf("decode %s %s: %w", kind, id, err)
	}
	return v, nil
}

// Put encodes v and writes it as one record.
func Put(ctx context.Context, s Store, caseID string, kind model.Kind, id string, v any, ch Change) (int, error) {
	r, err := ToRecord(kind, id, v)
	if err != nil {
		return 0, err
	}
	return s.Put(ctx, caseID, r, ch)
}

// sourceJSON encodes a source exactly as encoding/json does (field order, omitempty and
// omitzero, HTML-safe escaping, invalid UTF-8 as U+FFFD), without reflection: an import of a
// million sources spends most of its encoding time here. TestSourceJSONMatchesEncodingJSON and
// FuzzSourceJSON hold it to json.Marshal.
func sourceJSON(s *model.Source) ([]byte, error) {
	b := make([]byte, 0, 256+len(s.Title)+len(s.Notes))
	b = append(b, `{"id":`...)
	b = model.AppendJSONString(b, s.ID)
	b = append(b, `,"kind":`...)
	b = model.AppendJSONString(b, string(s.Kind))
	b = append(b, `,"title":`...)
	b = model.AppendJSONString(b, s.Title)
	if len(s.Author) > 0 {
		b = append(b, `,"author":[`...)
		for i, a := range s.Author {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			sep := false
			field := func(name, v string) {
				if v == "" {
					return
				}
				if sep {
					b = append(b, ',')
				}
				sep = true
				b = append(b, name...)
				b = model.AppendJSONString(b, v)
			}
			field(`"family":`, a.Family)
			field(`"given":`, a.Given)
			field(`"literal":`, a.Literal)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendStr(b, `,"container-title":`, s.ContainerTitle)
	b = appendStr(b, `,"publisher":`, s.Publisher)
	b, err := appendWhen(b, `,"issued":`, s.Issued)
	if err != nil {
		return nil, err
	}
	b = appendStr(b, `,"URL":`, s.URL)
	if b, err = appendWhen(b, `,"accessed":`, s.Accessed); err != nil {
		return nil, err
	}
	b = appendStr(b, `,"number":`, s.Number)
	b = appendStr(b, `,"origin":`, s.Origin)
	b = appendStr(b, `,"reliability":`, s.Reliability)
	b = appendStr(b, `,"language":`, s.Language)
	b = appendStr(b, `,"confidentiality":`, string(s.Confidentiality))
	if len(s.Problems) > 0 {
		b = append(b, `,"problems":[`...)
		for i, p := range s.Problems {
			if i > 0 {
				b = append(b, ',')
			}
			b = model.AppendJSONString(b, p)
		}
		b = append(b, ']')
	}
	b = appendStr(b, `,"notes":`, s.Notes)
	return append(b, '}'), nil
}

// appendStr appends ,"name":"v" (name given with its punctuation) unless v is empty.
func appendStr(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, name...)
	return model.AppendJSONString(b, v)
}

// whenCache holds the JSON of dates already encoded: a bundle has few distinct dates, and
// formatting one (with its earliest and latest day) costs more than looking it up.
var whenCache = struct {
	sync.RWMutex
	m map[model.When][]byte
}{m: map[model.When][]byte{}}

const whenCacheMax = 1 << 14

// appendWhen appends ,"name":{...} (When.MarshalJSON) unless w is zero (omitzero).
func appendWhen(b []byte, name string, w model.When) ([]byte, error) {
	if w.IsZero() {
		return b, nil
	}
	whenCache.RLock()
	d, ok := whenCache.m[w]
	whenCache.RUnlock()
	if !ok {
		var err error
		if d, err = w.MarshalJSON(); err != nil {
			return nil, err
		}
		// The key must not share memory with the record (a decoded file's strings).
		key, err := model.ParseWhen(strings.Clone(w.EDTF.String()))
		if err == nil && key.EDTF == w.EDTF {
			key.Text = strings.Clone(w.Text)
			whenCache.Lock()
			if len(whenCache.m) < whenCacheMax {
				whenCache.m[key] = d
			}
			whenCache.Unlock()
		}
	}
	b = append(b, name...)
	return append(b, d...), nil
}
