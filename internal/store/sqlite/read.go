package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"dossier/internal/model"
	"dossier/internal/store"
)

const recordCols = `kind, id, rev, data, sort_lo, sort_hi, text, deleted, at, who`

type scanner interface{ Scan(dest ...any) error }

func scanRecord(sc scanner) (store.Record, error) {
	var (
		r      store.Record
		kind   string
		data   string
		lo, hi sql.NullInt64
		at     int64
	)
	if err := sc.Scan(&kind, &r.ID, &r.Rev, &data, &lo, &hi, &r.Text, &r.Deleted, &at, &r.Who); err != nil {
		return r, err
	}
	r.Kind = model.Kind(kind)
	r.Data = json.RawMessage(data)
	if lo.Valid {
		v := lo.Int64
		r.SortLo = &v
	}
	if hi.Valid {
		v := hi.Int64
		r.SortHi = &v
	}
	r.At = fromMicros(at)
	return r, nil
}

// Cases implements store.Store.
func (s *Store) Cases(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT case_id FROM cases ORDER BY case_id`)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", ctxErr(ctx, err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("list cases: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list cases: %w", ctxErr(ctx, err))
	}
	return out, nil
}

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, caseID string, kind model.Kind, id string) (store.Record, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+recordCols+` FROM records WHERE case_id = ? AND kind = ? AND id = ?`, caseID, string(kind), id)
	r, err := scanRecord(row)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Record{}, fmt.Errorf("get %s %s/%s: %w", caseID, kind, id, store.ErrNotFound)
	}
	if err != nil {
		return store.Record{}, fmt.Errorf("get %s %s/%s: %w", caseID, kind, id, ctxErr(ctx, err))
	}
	if r.Deleted {
		return store.Record{}, fmt.Errorf("get %s %s/%s: %w", caseID, kind, id, store.ErrDeleted)
	}
	return r, nil
}

// List implements store.Store.
func (s *Store) List(ctx context.Context, caseID string, kind model.Kind, opt store.ListOptions) ([]store.Record, error) {
	var q strings.Builder
	q.WriteString(`SELECT ` + recordCols + ` FROM records WHERE case_id = ? AND kind = ?`)
	args := []any{caseID, string(kind)}
	if !opt.Deleted {
		q.WriteString(` AND deleted = 0`)
	}
	if opt.ByDate {
		q.WriteString(` ORDER BY sort_lo NULLS FIRST, sort_hi NULLS FIRST, id`)
	} else {
		q.WriteString(` ORDER BY id`)
	}
	if opt.Limit > 0 {
		q.WriteString(` LIMIT ?`)
		args = append(args, opt.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("list %s %s: %w", caseID, kind, ctxErr(ctx, err))
	}
	defer rows.Close()
	var out []store.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("list %s %s: %w", caseID, kind, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %s %s: %w", caseID, kind, ctxErr(ctx, err))
	}
	return out, nil
}

// History implements store.Store.
func (s *Store) History(ctx context.Context, caseID string, kind model.Kind, id string) ([]store.Version, error) {
	// One statement, so that the old versions and the current one come from one snapshot.
	rows, err := s.r.QueryContext(ctx, `
		SELECT rev, op, who, why, at, data FROM versions WHERE case_id = ?1 AND kind = ?2 AND id = ?3
		UNION ALL
		SELECT rev, op, who, why, at, data FROM records WHERE case_id = ?1 AND kind = ?2 AND id = ?3
		ORDER BY rev`, caseID, string(kind), id)
	if err != nil {
		return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, ctxErr(ctx, err))
	}
	defer rows.Close()
	var out []store.Version
	for rows.Next() {
		var (
			v    store.Version
			at   int64
			data string
		)
		if err := rows.Scan(&v.Rev, &v.Op, &v.Who, &v.Why, &at, &data); err != nil {
			return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, err)
		}
		v.At = fromMicros(at)
		v.Data = json.RawMessage(data)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, ctxErr(ctx, err))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, store.ErrNotFound)
	}
	return out, nil
}

// DefaultSearchLimit is the number of hits Search returns when limit <= 0.
const DefaultSearchLimit = 50

// Snippet markers around matched words.
const (
	SnippetStart = "**"
	SnippetEnd   = "**"
)

// Search implements store.Store. The query is plain words and "quoted phrases"; every term must
// occur. Nothing in it is FTS5 syntax (see FTSQuery).
func (s *Store) Search(ctx context.Context, caseID, query string, limit int) ([]store.Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search %s: %w", caseID, err)
	}
	match := FTSQuery(query)
	if match == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	rows, err := s.r.QueryContext(ctx, `
		SELECT r.kind, r.id, snippet(records_fts, 0, ?, ?, '…', 16), bm25(records_fts) AS score
		FROM records_fts JOIN records r ON r.seq = records_fts.rowid
		WHERE records_fts MATCH ? AND r.case_id = ? AND r.deleted = 0
		ORDER BY score, r.kind, r.id
		LIMIT ?`, SnippetStart, SnippetEnd, match, caseID, limit)
	if err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", caseID, query, ctxErr(ctx, err))
	}
	defer rows.Close()
	var out []store.Hit
	for rows.Next() {
		var h store.Hit
		var kind string
		if err := rows.Scan(&kind, &h.ID, &h.Snippet, &h.Rank); err != nil {
			return nil, fmt.Errorf("search %s: %w", caseID, err)
		}
		h.Kind = model.Kind(kind)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", caseID, query, ctxErr(ctx, err))
	}
	return out, nil
}
