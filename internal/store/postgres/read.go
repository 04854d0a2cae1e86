package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"dossier/internal/model"
	"dossier/internal/store"
)

const recordCols = `kind, id, rev, data::text, sort_lo, sort_hi, text, deleted, at, who`

func scanRecord(row pgx.Row) (store.Record, error) {
	var (
		r    store.Record
		kind string
		data string
		at   time.Time
	)
	if err := row.Scan(&kind, &r.ID, &r.Rev, &data, &r.SortLo, &r.SortHi, &r.Text, &r.Deleted, &at, &r.Who); err != nil {
		return r, err
	}
	r.Kind = model.Kind(kind)
	r.Data = json.RawMessage(data)
	r.At = at.UTC()
	return r, nil
}

// Cases implements store.Store.
func (s *Store) Cases(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT case_id FROM cases ORDER BY case_id`)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", ctxErr(ctx, err))
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", ctxErr(ctx, err))
	}
	return out, nil
}

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, caseID string, kind model.Kind, id string) (store.Record, error) {
	if !validText(caseID) || !validText(string(kind)) || !validText(id) {
		return store.Record{}, fmt.Errorf("get %q %q/%q: %w", caseID, kind, id, store.ErrNotFound)
	}
	r, err := scanRecord(s.pool.QueryRow(ctx, `SELECT `+recordCols+` FROM records WHERE case_id = $1 AND kind = $2 AND id = $3`,
		caseID, string(kind), id))
	if errors.Is(err, pgx.ErrNoRows) {
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
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list %s %s: %w", caseID, kind, err)
	}
	if !validText(caseID) || !validText(string(kind)) {
		return nil, nil
	}
	var q strings.Builder
	q.WriteString(`SELECT ` + recordCols + ` FROM records WHERE case_id = $1 AND kind = $2`)
	args := []any{caseID, string(kind)}
	if !opt.Deleted {
		q.WriteString(` AND NOT deleted`)
	}
	if opt.ByDate {
		q.WriteString(` ORDER BY sort_lo NULLS FIRST, sort_hi NULLS FIRST, id`)
	} else {
		q.WriteString(` ORDER BY id`)
	}
	if opt.Limit > 0 {
		q.WriteString(` LIMIT $3`)
		args = append(args, opt.Limit)
	}
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("list %s %s: %w", caseID, kind, ctxErr(ctx, err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Record, error) { return scanRecord(row) })
	if err != nil {
		return nil, fmt.Errorf("list %s %s: %w", caseID, kind, ctxErr(ctx, err))
	}
	return out, nil
}

// History implements store.Store.
func (s *Store) History(ctx context.Context, caseID string, kind model.Kind, id string) ([]store.Version, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, err)
	}
	if !validText(caseID) || !validText(string(kind)) || !validText(id) {
		return nil, fmt.Errorf("history %q %q/%q: %w", caseID, kind, id, store.ErrNotFound)
	}
	// One statement, so that old versions and the current one come from one snapshot.
	rows, err := s.pool.Query(ctx, `
		SELECT rev, op, who, why, at, data::text FROM versions WHERE case_id = $1 AND kind = $2 AND id = $3
		UNION ALL
		SELECT rev, op, who, why, at, data::text FROM records WHERE case_id = $1 AND kind = $2 AND id = $3
		ORDER BY rev`, caseID, string(kind), id)
	if err != nil {
		return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, ctxErr(ctx, err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Version, error) {
		var v store.Version
		var data string
		err := row.Scan(&v.Rev, &v.Op, &v.Who, &v.Why, &v.At, &data)
		v.At = v.At.UTC()
		v.Data = json.RawMessage(data)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, ctxErr(ctx, err))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("history %s %s/%s: %w", caseID, kind, id, store.ErrNotFound)
	}
	return out, nil
}

// DefaultSearchLimit is the number of hits Search returns when limit <= 0.
const DefaultSearchLimit = 50

// Search implements store.Store. The query is plain words and "quoted phrases"; every term must
// occur (see WebQuery). Rank is the negated ts_rank, so that lower is better as with bm25.
func (s *Store) Search(ctx context.Context, caseID, query string, limit int, kinds ...model.Kind) ([]store.Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search %s: %w", caseID, err)
	}
	q := WebQuery(query)
	if q == "" || !validText(caseID) {
		return nil, nil
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	only := make([]string, len(kinds)) // NULL: every kind
	for i, k := range kinds {
		only[i] = string(k)
	}
	var kindsArg any
	if len(kinds) > 0 {
		kindsArg = only
	}
	rows, err := s.pool.Query(ctx, `
		WITH q AS (SELECT websearch_to_tsquery('simple', $2) AS q),
		hits AS (
			SELECT kind, id, text, ts_rank(tsv, q.q) AS score, q.q AS q
			FROM records, q
			WHERE case_id = $1 AND NOT deleted AND tsv @@ q.q AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
			ORDER BY score DESC, kind, id
			LIMIT $3)
		SELECT kind, id, ts_headline('simple', text, q, 'StartSel="**", StopSel="**", MaxWords=24, MinWords=8'), -score
		FROM hits ORDER BY score DESC, kind, id`, caseID, q, limit, kindsArg)
	if err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", caseID, query, ctxErr(ctx, err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Hit, error) {
		var h store.Hit
		var kind string
		var rank float32
		err := row.Scan(&kind, &h.ID, &h.Snippet, &rank)
		h.Kind = model.Kind(kind)
		h.Rank = float64(rank)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", caseID, query, ctxErr(ctx, err))
	}
	return out, nil
}

// Limits on a search query, so that a pasted document cannot make a runaway query.
const (
	maxTerms   = 32
	maxTermLen = 200
)

// WebQuery turns what a user typed into a websearch_to_tsquery string that means exactly "all of
// these words and phrases".
//
// The user's query is plain words and "double-quoted phrases". Each term is passed to
// websearch_to_tsquery inside double quotes, so that nothing in it is an operator ("or", a
// leading "-"), and the term's text is parsed by the same parser that indexed the records (so
// "KN-23" or "example.org" match as they were indexed). Terms without a letter or digit are
// dropped; invalid UTF-8, NUL and control characters are removed; terms are deduplicated and
// limited to 32 of at most 200 characters. websearch_to_tsquery never raises a syntax error. An
// empty result means the query has nothing to search for.
func WebQuery(q string) string {
	q = strings.ToValidUTF8(q, " ")
	var parts []string
	seen := map[string]bool{}
	for len(q) > 0 && len(parts) < maxTerms {
		q = strings.TrimLeftFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
		if q == "" {
			break
		}
		var term string
		if q[0] == '"' {
			q = q[1:]
			end := strings.IndexByte(q, '"')
			if end < 0 {
				end = len(q)
			}
			term = q[:end]
			q = q[min(end+1, len(q)):]
		} else {
			end := strings.IndexFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' })
			if end < 0 {
				end = len(q)
			}
			term = q[:end]
			q = q[end:]
		}
		term = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || r == '"' {
				return ' '
			}
			return r
		}, term)
		term = strings.Join(strings.Fields(term), " ")
		if len(term) > maxTermLen {
			term = strings.ToValidUTF8(term[:maxTermLen], "")
		}
		if strings.IndexFunc(term, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			continue
		}
		key := strings.ToLower(term)
		if seen[key] {
			continue
		}
		seen[key] = true
		parts = append(parts, `"`+term+`"`)
	}
	return strings.Join(parts, " ")
}
