package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"dossier/internal/model"
	"dossier/internal/store"
)

func checkCase(caseID string) error {
	if caseID == "" {
		return errors.New("empty case id")
	}
	if !validText(caseID) {
		return fmt.Errorf("case id %q: invalid UTF-8 or NUL", caseID)
	}
	return nil
}

// validText reports whether PostgreSQL text can hold s.
func validText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// checkRecord validates what the store itself requires of a record.
func checkRecord(r *store.Record) error {
	if r.Kind == "" {
		return fmt.Errorf("record %q: empty kind", r.ID)
	}
	if r.ID == "" {
		return fmt.Errorf("record of kind %s: empty id", r.Kind)
	}
	if !validText(string(r.Kind)) || !validText(r.ID) {
		return fmt.Errorf("record %q/%q: kind and id must be valid UTF-8 without NUL", r.Kind, r.ID)
	}
	if r.Rev < 0 {
		return fmt.Errorf("record %s/%s: negative rev %d", r.Kind, r.ID, r.Rev)
	}
	if !r.DataEncoded() && !json.Valid(r.Data) {
		return fmt.Errorf("record %s/%s: data is not JSON", r.Kind, r.ID)
	}
	if !validText(r.Text) {
		return fmt.Errorf("record %s/%s: text is not valid UTF-8 or holds NUL", r.Kind, r.ID)
	}
	return nil
}

// lockCase takes the case's advisory lock for the transaction: shared for single writes,
// exclusive for imports.
func lockCase(ctx context.Context, tx pgx.Tx, caseID string, exclusive bool) error {
	q := `SELECT pg_advisory_xact_lock_shared(hashtextextended('dossier-case:' || current_schema() || ':' || $1, 0))`
	if exclusive {
		q = `SELECT pg_advisory_xact_lock(hashtextextended('dossier-case:' || current_schema() || ':' || $1, 0))`
	}
	_, err := tx.Exec(ctx, q, caseID)
	return err
}

type current struct {
	rev     int
	deleted bool
	same    bool // stored data equals the new data (as JSONB)
}

// lookup reads and locks a record's current row; same compares with data (nil: not compared).
func lookup(ctx context.Context, tx pgx.Tx, caseID string, kind model.Kind, id string, data []byte) (current, bool, error) {
	var c current
	var err error
	if data == nil {
		err = tx.QueryRow(ctx, `SELECT rev, deleted, false FROM records WHERE case_id = $1 AND kind = $2 AND id = $3 FOR UPDATE`,
			caseID, string(kind), id).Scan(&c.rev, &c.deleted, &c.same)
	} else {
		err = tx.QueryRow(ctx, `SELECT rev, deleted, data = $4::jsonb FROM records WHERE case_id = $1 AND kind = $2 AND id = $3 FOR UPDATE`,
			caseID, string(kind), id, string(data)).Scan(&c.rev, &c.deleted, &c.same)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

const qArchive = `INSERT INTO versions (case_id, kind, id, rev, op, data, at, who, why)
	SELECT case_id, kind, id, rev, op, data, at, who, why FROM records WHERE case_id = $1 AND kind = $2 AND id = $3`

// Put implements store.Store.
func (s *Store) Put(ctx context.Context, caseID string, r store.Record, ch store.Change) (int, error) {
	if err := checkCase(caseID); err != nil {
		return 0, fmt.Errorf("put: %w", err)
	}
	if err := checkRecord(&r); err != nil {
		return 0, fmt.Errorf("put: %w", err)
	}
	if !validText(ch.Who) || !validText(ch.Why) {
		return 0, fmt.Errorf("put: who/why must be valid UTF-8 without NUL")
	}
	at := changeTime(ch.At)
	var rev int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockCase(ctx, tx, caseID, false); err != nil {
			return err
		}
		for range 3 { // a concurrent create of the same record makes us look again
			cur, found, err := lookup(ctx, tx, caseID, r.Kind, r.ID, r.Data)
			if err != nil {
				return err
			}
			if !found {
				if r.Rev != 0 {
					return fmt.Errorf("caller read rev %d but the record does not exist: %w", r.Rev, store.ErrConflict)
				}
				tag, err := tx.Exec(ctx, `INSERT INTO records (case_id, kind, id, rev, op, data, sort_lo, sort_hi, text, deleted, at, who, why)
					VALUES ($1, $2, $3, 1, 'create', $4::jsonb, $5, $6, $7, false, $8, $9, $10) ON CONFLICT DO NOTHING`,
					caseID, string(r.Kind), r.ID, string(r.Data), r.SortLo, r.SortHi, r.Text, at, ch.Who, ch.Why)
				if err != nil {
					return err
				}
				if tag.RowsAffected() == 0 {
					continue
				}
				if _, err := tx.Exec(ctx, `INSERT INTO cases (case_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, caseID, at); err != nil {
					return err
				}
				rev = 1
				return nil
			}
			if r.Rev != 0 && r.Rev != cur.rev {
				return fmt.Errorf("caller read rev %d, stored rev is %d: %w", r.Rev, cur.rev, store.ErrConflict)
			}
			if cur.same && !cur.deleted {
				rev = cur.rev
				return nil
			}
			if !cur.same && r.Kind == model.KindCapture {
				return store.ErrImmutable
			}
			if _, err := tx.Exec(ctx, qArchive, caseID, string(r.Kind), r.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE records SET rev = rev + 1, op = 'update', data = $4::jsonb, sort_lo = $5, sort_hi = $6,
				text = $7, deleted = false, at = $8, who = $9, why = $10 WHERE case_id = $1 AND kind = $2 AND id = $3`,
				caseID, string(r.Kind), r.ID, string(r.Data), r.SortLo, r.SortHi, r.Text, at, ch.Who, ch.Why); err != nil {
				return err
			}
			rev = cur.rev + 1
			return nil
		}
		return errors.New("record keeps changing under concurrent writes; try again")
	})
	if err != nil {
		return 0, fmt.Errorf("put %s %s/%s: %w", caseID, r.Kind, r.ID, err)
	}
	return rev, nil
}

// Tombstone implements store.Store.
func (s *Store) Tombstone(ctx context.Context, caseID string, kind model.Kind, id string, ch store.Change) error {
	if strings.TrimSpace(ch.Why) == "" {
		return fmt.Errorf("tombstone %s %s/%s: %w", caseID, kind, id, store.ErrNoReason)
	}
	if !validText(caseID) || !validText(string(kind)) || !validText(id) || !validText(ch.Who) || !validText(ch.Why) {
		return fmt.Errorf("tombstone %q %q/%q: invalid UTF-8 or NUL", caseID, kind, id)
	}
	at := changeTime(ch.At)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockCase(ctx, tx, caseID, false); err != nil {
			return err
		}
		cur, found, err := lookup(ctx, tx, caseID, kind, id, nil)
		if err != nil {
			return err
		}
		if !found {
			return store.ErrNotFound
		}
		if cur.deleted {
			return fmt.Errorf("already: %w", store.ErrDeleted)
		}
		if _, err := tx.Exec(ctx, qArchive, caseID, string(kind), id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE records SET rev = rev + 1, op = 'tombstone', deleted = true, at = $4, who = $5, why = $6
			WHERE case_id = $1 AND kind = $2 AND id = $3`, caseID, string(kind), id, at, ch.Who, ch.Why)
		return err
	})
	if err != nil {
		return fmt.Errorf("tombstone %s %s/%s: %w", caseID, kind, id, err)
	}
	return nil
}

// progressEvery is how many records an import streams between Progress calls.
const progressEvery = 10000

// analyzeAfter is the size of an import after which the records table is analysed.
const analyzeAfter = 10000

// Import implements store.Store: COPY into a temporary table, checks, then set-based statements,
// all in one transaction under the case's exclusive advisory lock.
func (s *Store) Import(ctx context.Context, caseID string, recs iter.Seq2[store.Record, error], ch store.Change, opt store.ImportOptions) (store.ImportStats, error) {
	if err := checkCase(caseID); err != nil {
		return store.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	if !validText(ch.Who) || !validText(ch.Why) {
		return store.ImportStats{}, fmt.Errorf("import: who/why must be valid UTF-8 without NUL")
	}
	at := changeTime(ch.At)
	var st store.ImportStats
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		st = store.ImportStats{}
		if err := lockCase(ctx, tx, caseID, true); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE import_rows (
			ord bigint NOT NULL, kind text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, rev integer NOT NULL,
			data jsonb NOT NULL, sort_lo bigint, sort_hi bigint, text text NOT NULL) ON COMMIT DROP`); err != nil {
			return err
		}
		n, err := copyRecords(ctx, tx, recs, opt.Progress)
		if err != nil {
			return err
		}
		if n > 0 {
			if err := apply(ctx, tx, caseID, at, ch, &st); err != nil {
				return err
			}
		}
		if opt.Replace {
			t, err := replace(ctx, tx, caseID, at, ch)
			if err != nil {
				return err
			}
			st.Tombstoned = t
		}
		if n >= analyzeAfter {
			// Fresh statistics, so that the planner uses the indexes on a newly filled case.
			if _, err := tx.Exec(ctx, `ANALYZE records`); err != nil {
				return err
			}
		}
		if opt.Progress != nil {
			opt.Progress(int(n))
		}
		return nil
	})
	if err != nil {
		return store.ImportStats{}, fmt.Errorf("import into case %s: %w", caseID, err)
	}
	return st, nil
}

// copyRecords streams the records into import_rows with COPY.
func copyRecords(ctx context.Context, tx pgx.Tx, recs iter.Seq2[store.Record, error], progress func(int)) (int64, error) {
	next, stop := iter.Pull2(recs)
	defer stop()
	var ord int64
	var recErr error // an error of ours (not COPY's), reported as is
	src := pgx.CopyFromFunc(func() ([]any, error) {
		r, err, ok := next()
		if !ok {
			return nil, nil
		}
		if err != nil {
			recErr = err
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			recErr = err
			return nil, err
		}
		if err := checkRecord(&r); err != nil {
			recErr = err
			return nil, err
		}
		ord++
		if progress != nil && ord%progressEvery == 0 {
			progress(int(ord))
		}
		return []any{ord, string(r.Kind), r.ID, r.Rev, string(r.Data), r.SortLo, r.SortHi, r.Text}, nil
	})
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"import_rows"},
		[]string{"ord", "kind", "id", "rev", "data", "sort_lo", "sort_hi", "text"}, src)
	if recErr != nil {
		return 0, recErr
	}
	if err != nil {
		return 0, fmt.Errorf("copy records: %w", err)
	}
	if _, err := tx.Exec(ctx, `ANALYZE import_rows`); err != nil {
		return 0, err
	}
	return n, nil
}

// join matches import rows with the case's current records.
const join = `import_rows i LEFT JOIN records r ON r.case_id = $1 AND r.kind = i.kind AND r.id = i.id`

// apply checks the imported rows against the case and writes them.
func apply(ctx context.Context, tx pgx.Tx, caseID string, at time.Time, ch store.Change, st *store.ImportStats) error {
	var kind, id string
	var a, b int
	err := tx.QueryRow(ctx, `SELECT kind, id FROM import_rows GROUP BY kind, id HAVING count(*) > 1 ORDER BY min(ord) LIMIT 1`).Scan(&kind, &id)
	if err == nil {
		return fmt.Errorf("%s/%s: duplicate record in import", kind, id)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	err = tx.QueryRow(ctx, `SELECT i.kind, i.id, i.rev, coalesce(r.rev, 0) FROM `+join+`
		WHERE i.rev <> 0 AND i.rev IS DISTINCT FROM r.rev ORDER BY i.ord LIMIT 1`, caseID).Scan(&kind, &id, &a, &b)
	if err == nil {
		return fmt.Errorf("%s/%s: caller read rev %d, stored rev is %d: %w", kind, id, a, b, store.ErrConflict)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	err = tx.QueryRow(ctx, `SELECT i.kind, i.id FROM `+join+`
		WHERE i.kind = $2 AND r.data <> i.data ORDER BY i.ord LIMIT 1`, caseID, string(model.KindCapture)).Scan(&kind, &id)
	if err == nil {
		return fmt.Errorf("%s/%s: %w", kind, id, store.ErrImmutable)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if err := tx.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE r.id IS NULL),
			count(*) FILTER (WHERE r.id IS NOT NULL AND (r.deleted OR r.data <> i.data)),
			count(*) FILTER (WHERE r.id IS NOT NULL AND NOT r.deleted AND r.data = i.data)
		FROM `+join, caseID).Scan(&st.Created, &st.Updated, &st.Unchanged); err != nil {
		return err
	}
	const changed = `r.case_id = $1 AND r.kind = i.kind AND r.id = i.id AND (r.deleted OR r.data <> i.data)`
	steps := []struct {
		q    string
		args []any
		want int
	}{
		{`INSERT INTO versions (case_id, kind, id, rev, op, data, at, who, why)
			SELECT r.case_id, r.kind, r.id, r.rev, r.op, r.data, r.at, r.who, r.why FROM records r, import_rows i WHERE ` + changed,
			[]any{caseID}, st.Updated},
		{`UPDATE records r SET rev = r.rev + 1, op = 'update', data = i.data, sort_lo = i.sort_lo, sort_hi = i.sort_hi,
			text = i.text, deleted = false, at = $2, who = $3, why = $4 FROM import_rows i WHERE ` + changed,
			[]any{caseID, at, ch.Who, ch.Why}, st.Updated},
		{`INSERT INTO records (case_id, kind, id, rev, op, data, sort_lo, sort_hi, text, deleted, at, who, why)
			SELECT $1, i.kind, i.id, 1, 'create', i.data, i.sort_lo, i.sort_hi, i.text, false, $2, $3, $4
			FROM import_rows i WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.case_id = $1 AND r.kind = i.kind AND r.id = i.id)
			ORDER BY i.ord`,
			[]any{caseID, at, ch.Who, ch.Why}, st.Created},
	}
	for _, s := range steps {
		tag, err := tx.Exec(ctx, s.q, s.args...)
		if err != nil {
			return err
		}
		if int(tag.RowsAffected()) != s.want {
			return fmt.Errorf("import wrote %d rows where %d were expected", tag.RowsAffected(), s.want)
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO cases (case_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, caseID, at)
	return err
}

// replace tombstones the case's live records that the import did not contain.
func replace(ctx context.Context, tx pgx.Tx, caseID string, at time.Time, ch store.Change) (int, error) {
	const missing = `r.case_id = $1 AND NOT r.deleted AND NOT EXISTS (
		SELECT 1 FROM import_rows i WHERE i.kind = r.kind AND i.id = r.id)`
	var count int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM records r WHERE `+missing, caseID).Scan(&count); err != nil {
		return 0, err
	}
	if count == 0 {
		return 0, nil
	}
	if strings.TrimSpace(ch.Why) == "" {
		return 0, fmt.Errorf("replace would tombstone %d records: %w", count, store.ErrNoReason)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO versions (case_id, kind, id, rev, op, data, at, who, why)
		SELECT r.case_id, r.kind, r.id, r.rev, r.op, r.data, r.at, r.who, r.why FROM records r WHERE `+missing, caseID); err != nil {
		return 0, fmt.Errorf("replace: %w", err)
	}
	tag, err := tx.Exec(ctx, `UPDATE records r SET rev = r.rev + 1, op = 'tombstone', deleted = true, at = $2, who = $3, why = $4
		WHERE `+missing, caseID, at, ch.Who, ch.Why)
	if err != nil {
		return 0, fmt.Errorf("replace: %w", err)
	}
	if int(tag.RowsAffected()) != count {
		return 0, fmt.Errorf("replace: tombstoned %d records, expected %d", tag.RowsAffected(), count)
	}
	return count, nil
}
