package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

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
//
// A large index is searched in parallel: the rowid range of records is cut into one slice per
// CPU (see searchShards), each slice is ranked on its own read connection, and the slices' best
// hits are merged. The result is exactly that of one query over everything: FTS5's bm25() takes
// its statistics (row count, average length, how many rows hold each term) from the whole
// index whatever rowid constraint the query has, so a hit scores the same in a slice as in the
// whole; and since (score, kind, id) orders hits totally, the best `limit` overall are among the
// best `limit` of the slices.
func (s *Store) Search(ctx context.Context, caseID, query string, limit int, kinds ...model.Kind) ([]store.Hit, error) {
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
	var lo, hi sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT min(seq) FROM records), (SELECT max(seq) FROM records)`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", caseID, query, ctxErr(ctx, err))
	}
	if !lo.Valid {
		return nil, nil
	}
	ranges := searchShards(lo.Int64, hi.Int64, searchCPUs())
	parts := make([][]store.Hit, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, rg := range ranges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[i], errs[i] = s.searchRange(ctx, caseID, match, limit, rg, kinds)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", caseID, query, ctxErr(ctx, err))
	}
	out := slices.Concat(parts...)
	if len(parts) > 1 {
		slices.SortFunc(out, func(a, b store.Hit) int {
			return cmp.Or(cmp.Compare(a.Rank, b.Rank), strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.ID, b.ID))
		})
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// searchShardRows is the least span of rowids a slice of a parallel search covers: below it,
// a second connection costs more than it saves.
var searchShardRows int64 = 50_000 // a variable for tests

// searchCPUs is how many slices a search may run at once (a variable for tests).
var searchCPUs = func() int { return runtime.GOMAXPROCS(0) }

// searchShards cuts the rowids lo..hi into at most cpus consecutive ranges of at least
// searchShardRows rowids each (one range for a small index).
func searchShards(lo, hi int64, cpus int) [][2]int64 {
	span := hi - lo + 1
	n := int64(max(1, min(cpus, 8)))
	n = max(1, min(n, span/searchShardRows))
	out := make([][2]int64, 0, n)
	step := span / n
	for i := range n {
		a, b := lo+i*step, lo+(i+1)*step-1
		if i == n-1 {
			b = hi
		}
		out = append(out, [2]int64{a, b})
	}
	return out
}

// searchRange ranks the live records of the case whose rowid is in rg and returns the best
// limit of them, best first.
func (s *Store) searchRange(ctx context.Context, caseID, match string, limit int, rg [2]int64, kinds []model.Kind) ([]store.Hit, error) {
	args := []any{SnippetStart, SnippetEnd, match, rg[0], rg[1], caseID}
	only := ""
	if len(kinds) > 0 {
		only = " AND r.kind IN (?" + strings.Repeat(", ?", len(kinds)-1) + ")"
		for _, k := range kinds {
			args = append(args, string(k))
		}
	}
	rows, err := s.r.QueryContext(ctx, `
		SELECT r.kind, r.id, snippet(records_fts, 0, ?, ?, '…', 16), bm25(records_fts) AS score
		FROM records_fts JOIN records r ON r.seq = records_fts.rowid
		WHERE records_fts MATCH ? AND records_fts.rowid BETWEEN ? AND ? AND r.case_id = ? AND r.deleted = 0`+only+`
		ORDER BY score, r.kind, r.id
		LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Hit
	for rows.Next() {
		var h store.Hit
		var kind string
		if err := rows.Scan(&kind, &h.ID, &h.Snippet, &h.Rank); err != nil {
			return nil, err
		}
		h.Kind = model.Kind(kind)
		out = append(out, h)
	}
	return out, rows.Err()
}
