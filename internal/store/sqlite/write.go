package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strings"
	"time"

	"dossier/internal/model"
	"dossier/internal/store"
)

// micros converts a time to stored microseconds since the epoch (UTC).
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros is the inverse of micros.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// changeTime is the moment a change is recorded: ch.At, or now, to the microsecond.
func changeTime(ch store.Change) time.Time {
	at := ch.At
	if at.IsZero() {
		at = time.Now()
	}
	return at.UTC().Truncate(time.Microsecond)
}

// checkRecord validates what the store itself requires of a record and returns its data as
// text. The JSON is checked, not rewritten: "identical data" (a no-op Put) means byte-identical,
// which is what re-encoding the same model value gives.
func checkRecord(r *store.Record) (string, error) {
	if r.Kind == "" {
		return "", fmt.Errorf("record %q: empty kind", r.ID)
	}
	if r.ID == "" {
		return "", fmt.Errorf("record of kind %s: empty id", r.Kind)
	}
	if r.Rev < 0 {
		return "", fmt.Errorf("record %s/%s: negative rev %d", r.Kind, r.ID, r.Rev)
	}
	if !r.DataEncoded() && !json.Valid(r.Data) {
		return "", fmt.Errorf("record %s/%s: data is not JSON", r.Kind, r.ID)
	}
	return string(r.Data), nil
}

func checkCase(caseID string) error {
	if caseID == "" {
		return errors.New("empty case id")
	}
	return nil
}

// current is the stored current row of a record.
type current struct {
	seq     int64
	rev     int
	data    string
	text    string
	deleted bool
}

// writer does the writes of one transaction with statements prepared once.
type writer struct {
	ctx    context.Context
	tx     *sql.Tx
	caseID string
	at     int64
	who    string
	why    string
	stmts  map[string]*sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx, caseID string, at time.Time, ch store.Change) *writer {
	return &writer{ctx: ctx, tx: tx, caseID: caseID, at: micros(at), who: ch.Who, why: ch.Why, stmts: map[string]*sql.Stmt{}}
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *writer) stmt(q string) (*sql.Stmt, error) {
	if st, ok := w.stmts[q]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, q)
	if err != nil {
		return nil, err
	}
	w.stmts[q] = st
	return st, nil
}

func (w *writer) exec(q string, args ...any) (sql.Result, error) {
	st, err := w.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(w.ctx, args...)
}

const (
	qCurrent = `SELECT seq, rev, data, text, deleted FROM records WHERE case_id = ? AND kind = ? AND id = ?`
	qInsert  = `INSERT INTO records (case_id, kind, id, rev, op, data, sort_lo, sort_hi, text, deleted, at, who, why)
		VALUES (?, ?, ?, 1, 'create', ?, ?, ?, ?, 0, ?, ?, ?)`
	qArchive = `INSERT INTO versions (case_id, kind, id, rev, op, data, at, who, why)
		SELECT case_id, kind, id, rev, op, data, at, who, why FROM records WHERE seq = ?`
	qUpdate = `UPDATE records SET rev = rev + 1, op = 'update', data = ?, sort_lo = ?, sort_hi = ?, text = ?,
		deleted = 0, at = ?, who = ?, why = ? WHERE seq = ?`
	qTomb = `UPDATE records SET rev = rev + 1, op = 'tombstone', deleted = 1, at = ?, who = ?, why = ?
		WHERE seq = ?`
	qFTSAdd  = `INSERT INTO records_fts (rowid, text) VALUES (?, ?)`
	qFTSDel  = `INSERT INTO records_fts (records_fts, rowid, text) VALUES ('delete', ?, ?)`
	qNewCase = `INSERT INTO cases (case_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING`
)

func (w *writer) current(kind model.Kind, id string) (current, bool, error) {
	st, err := w.stmt(qCurrent)
	if err != nil {
		return current{}, false, err
	}
	var c current
	err = st.QueryRowContext(w.ctx, w.caseID, string(kind), id).Scan(&c.seq, &c.rev, &c.data, &c.text, &c.deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

func (w *writer) ensureCase() error {
	_, err := w.exec(qNewCase, w.caseID, w.at)
	return err
}

// outcome of writing one record.
type outcome int

const (
	created outcome = iota
	updated
	unchanged
)

// put writes one record (data already checked and compacted) and returns what happened and the
// resulting revision.
func (w *writer) put(r *store.Record, data string) (outcome, int, error) {
	cur, found, err := w.current(r.Kind, r.ID)
	if err != nil {
		return 0, 0, err
	}
	if !found {
		if r.Rev != 0 {
			return 0, 0, fmt.Errorf("%s/%s: caller read rev %d but the record does not exist: %w", r.Kind, r.ID, r.Rev, store.ErrConflict)
		}
		res, err := w.exec(qInsert, w.caseID, string(r.Kind), r.ID, data, r.SortLo, r.SortHi, r.Text, w.at, w.who, w.why)
		if err != nil {
			return 0, 0, err
		}
		if r.Text != "" {
			seq, err := res.LastInsertId()
			if err != nil {
				return 0, 0, err
			}
			if _, err := w.exec(qFTSAdd, seq, r.Text); err != nil {
				return 0, 0, err
			}
		}
		return created, 1, nil
	}
	if r.Rev != 0 && r.Rev != cur.rev {
		return 0, 0, fmt.Errorf("%s/%s: caller read rev %d, stored rev is %d: %w", r.Kind, r.ID, r.Rev, cur.rev, store.ErrConflict)
	}
	same := cur.data == data
	if same && !cur.deleted {
		return unchanged, cur.rev, nil
	}
	if !same && r.Kind == model.KindCapture {
		return 0, 0, fmt.Errorf("%s/%s: %w", r.Kind, r.ID, store.ErrImmutable)
	}
	if _, err := w.exec(qArchive, cur.seq); err != nil {
		return 0, 0, err
	}
	if !cur.deleted && cur.text != "" {
		if _, err := w.exec(qFTSDel, cur.seq, cur.text); err != nil {
			return 0, 0, err
		}
	}
	if _, err := w.exec(qUpdate, data, r.SortLo, r.SortHi, r.Text, w.at, w.who, w.why, cur.seq); err != nil {
		return 0, 0, err
	}
	if r.Text != "" {
		if _, err := w.exec(qFTSAdd, cur.seq, r.Text); err != nil {
			return 0, 0, err
		}
	}
	return updated, cur.rev + 1, nil
}

// write runs fn in one immediate transaction on the writer connection.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return ctxErr(ctx, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return ctxErr(ctx, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return ctxErr(ctx, tx.Commit())
}

// Put implements store.Store.
func (s *Store) Put(ctx context.Context, caseID string, r store.Record, ch store.Change) (int, error) {
	if err := checkCase(caseID); err != nil {
		return 0, fmt.Errorf("put: %w", err)
	}
	data, err := checkRecord(&r)
	if err != nil {
		return 0, fmt.Errorf("put: %w", err)
	}
	var rev int
	err = s.write(ctx, func(tx *sql.Tx) error {
		w := newWriter(ctx, tx, caseID, changeTime(ch), ch)
		defer w.close()
		out, rv, err := w.put(&r, data)
		if err != nil {
			return err
		}
		rev = rv
		if out == created {
			return w.ensureCase()
		}
		return nil
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
	err := s.write(ctx, func(tx *sql.Tx) error {
		w := newWriter(ctx, tx, caseID, changeTime(ch), ch)
		defer w.close()
		cur, found, err := w.current(kind, id)
		if err != nil {
			return err
		}
		if !found {
			return store.ErrNotFound
		}
		if cur.deleted {
			return fmt.Errorf("already: %w", store.ErrDeleted)
		}
		return w.tombstone(cur)
	})
	if err != nil {
		return fmt.Errorf("tombstone %s %s/%s: %w", caseID, kind, id, err)
	}
	return nil
}

func (w *writer) tombstone(cur current) error {
	if _, err := w.exec(qArchive, cur.seq); err != nil {
		return err
	}
	if cur.text != "" {
		if _, err := w.exec(qFTSDel, cur.seq, cur.text); err != nil {
			return err
		}
	}
	_, err := w.exec(qTomb, w.at, w.who, w.why, cur.seq)
	return err
}

// progressEvery is how many records an import writes between Progress calls.
const progressEvery = 10000

// Import implements store.Store. The whole import is one transaction. When the case holds no
// records at all when the import starts, records are inserted without per-record lookups or
// full-text work, and the case's full-text entries are added in one statement at the end (still
// inside the transaction).
func (s *Store) Import(ctx context.Context, caseID string, recs iter.Seq2[store.Record, error], ch store.Change, opt store.ImportOptions) (store.ImportStats, error) {
	if err := checkCase(caseID); err != nil {
		return store.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	var st store.ImportStats
	if restore, err := s.bulkJournal(ctx); err != nil {
		return store.ImportStats{}, fmt.Errorf("import into case %s: %w", caseID, err)
	} else if restore != nil {
		defer restore()
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		st = store.ImportStats{}
		w := newWriter(ctx, tx, caseID, changeTime(ch), ch)
		defer w.close()
		var empty bool
		if err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM records WHERE case_id = ?)`, caseID).Scan(&empty); err != nil {
			return err
		}
		var n int
		var err error
		if empty {
			n, err = w.bulkInsert(recs, opt.Progress)
			st.Created = n
		} else {
			n, err = w.merge(recs, opt, &st)
		}
		if err != nil {
			return err
		}
		if n > 0 {
			if err := w.ensureCase(); err != nil {
				return err
			}
		}
		if opt.Progress != nil {
			opt.Progress(n)
		}
		return nil
	})
	if err != nil {
		return store.ImportStats{}, fmt.Errorf("import into case %s: %w", caseID, err)
	}
	return st, nil
}

// bulkJournal prepares an import into a database that holds no record at all (a new store
// being loaded): it switches the file from WAL to a rollback journal for the import's one
// transaction and returns the function that switches back. In WAL mode every page of a large
// import is written twice (into the WAL, then by the checkpoint into the file); with a rollback
// journal the new pages are written once, straight into the file, and the journal keeps only
// the few pages that existed before (so a crash still rolls the whole import back: the next
// open finds the hot journal and restores the empty database). Readers of other processes
// would wait while it commits, which a store being loaded can afford. When the switch is not
// possible (another connection holds the WAL open), or the database is not empty, the import
// runs in WAL mode as usual and restore is nil.
func (s *Store) bulkJournal(ctx context.Context) (restore func(), err error) {
	var empty bool
	if err := s.w.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM records) AND NOT EXISTS (SELECT 1 FROM versions)`).Scan(&empty); err != nil {
		return nil, ctxErr(ctx, err)
	}
	if !empty {
		return nil, nil
	}
	var mode string
	// The switch needs the only connection to the file: close this store's idle readers.
	s.r.SetMaxIdleConns(0)
	defer s.r.SetMaxIdleConns(readers())
	err = s.w.QueryRowContext(ctx, `PRAGMA journal_mode = TRUNCATE`).Scan(&mode)
	if err != nil || mode != "truncate" {
		return nil, nil // not possible now: import in WAL mode
	}
	return func() {
		var mode string
		if err := s.w.QueryRowContext(context.WithoutCancel(ctx), `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil || mode != "wal" {
			// The next Open switches it back; until then the store works with a rollback journal.
			slog.Warn("sqlite store: could not switch back to WAL after an import", "path", s.path, "mode", mode, "err", err)
		}
	}, nil
}

// ftsChunk is how much text a bulk import writes before it feeds the rows written since to the
// full-text index in one statement: FTS5 flushes its in-memory index at every statement
// (statement savepoint), so feeding it per batch would write thousands of tiny segments; a
// chunk just under its hash size (migration 0002) makes one segment per chunk.
var ftsChunk = 48 << 20

// bulkBatch is how many rows one INSERT statement of a bulk import carries (13 parameters each,
// well under SQLite's limit of 32766): fewer statement executions, same rows.
const bulkBatch = 128

// batch is a bulk-insert statement's arguments and the keys of its rows.
type batch struct {
	args []any
	keys []string // kind/id, for error messages
	text int      // bytes of text in the batch's rows
	err  error    // the producer's error; ends the stream
}

// produce runs the records iterator on its own goroutine, checking and encoding records and
// grouping them into batches, so that this work overlaps with SQLite's. It stops early when stop
// is closed, and always closes out.
func (w *writer) produce(recs iter.Seq2[store.Record, error], out chan<- batch, stop <-chan struct{}) {
	defer close(out)
	defer func() {
		// A panicking iterator must not take the process down from this goroutine: hand it to
		// the caller as an error (the transaction is rolled back).
		if p := recover(); p != nil {
			send := batch{err: fmt.Errorf("import: records iterator panicked: %v", p)}
			select {
			case out <- send:
			case <-stop:
			}
		}
	}()
	b := batch{args: make([]any, 0, 10*bulkBatch), keys: make([]string, 0, bulkBatch)}
	send := func(b batch) bool {
		select {
		case out <- b:
			return true
		case <-stop:
			return false
		}
	}
	for r, err := range recs {
		if err == nil {
			err = w.ctx.Err()
		}
		var data string
		if err == nil {
			data, err = checkRecord(&r)
		}
		if err == nil && r.Rev != 0 {
			err = fmt.Errorf("%s/%s: caller read rev %d but the record does not exist: %w", r.Kind, r.ID, r.Rev, store.ErrConflict)
		}
		if err != nil {
			send(batch{err: err})
			return
		}
		b.args = append(b.args, w.caseID, string(r.Kind), r.ID, data, r.SortLo, r.SortHi, r.Text, w.at, w.who, w.why)
		b.keys = append(b.keys, string(r.Kind)+"/"+r.ID)
		b.text += len(r.Text)
		if len(b.keys) == bulkBatch {
			if !send(b) {
				return
			}
			b = batch{args: make([]any, 0, 10*bulkBatch), keys: make([]string, 0, bulkBatch)}
		}
	}
	if len(b.keys) > 0 {
		send(b)
	}
}

// bulkInsert writes records into an empty case, bulkBatch rows per statement. Reading and
// encoding the records runs on another goroutine (produce).
func (w *writer) bulkInsert(recs iter.Seq2[store.Record, error], progress func(int)) (int, error) {
	const row = `(?, ?, ?, 1, 'create', ?, ?, ?, ?, 0, ?, ?, ?)`
	head := `INSERT INTO records (case_id, kind, id, rev, op, data, sort_lo, sort_hi, text, deleted, at, who, why) VALUES `
	full, err := w.stmt(head + strings.Repeat(row+",", bulkBatch-1) + row)
	if err != nil {
		return 0, err
	}
	batches := make(chan batch, 256)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.produce(recs, batches, stop)
	}()
	defer func() {
		close(stop)
		for range batches { // let the producer finish
		}
		<-done
	}()
	// The full-text index is fed each time ftsChunk bytes of text have been written, from the
	// rows written since (the rowids after the last one indexed), so that tokenizing overlaps
	// with the reading and checking of the next records on the producer's goroutine instead of
	// running alone at the end.
	var last int64
	if err := w.tx.QueryRowContext(w.ctx, `SELECT coalesce(max(seq), 0) FROM records`).Scan(&last); err != nil {
		return 0, err
	}
	index, err := w.stmt(`INSERT INTO records_fts (rowid, text) SELECT seq, text FROM records WHERE seq > ? AND text <> ''`)
	if err != nil {
		return 0, err
	}
	n, pending := 0, 0
	for b := range batches {
		if b.err != nil {
			return n, b.err
		}
		st := full
		if len(b.keys) < bulkBatch {
			if st, err = w.tx.PrepareContext(w.ctx, head+strings.Repeat(row+",", len(b.keys)-1)+row); err != nil {
				return n, err
			}
		}
		res, err := st.ExecContext(w.ctx, b.args...)
		if st != full {
			st.Close()
		}
		if err != nil {
			if isUnique(err) {
				return n, w.duplicateIn(b.keys)
			}
			return n, err
		}
		pending += b.text
		if pending >= ftsChunk {
			if _, err := index.ExecContext(w.ctx, last); err != nil {
				return n, fmt.Errorf("index text: %w", err)
			}
			if last, err = res.LastInsertId(); err != nil {
				return n, err
			}
			pending = 0
		}
		n += len(b.keys)
		if progress != nil && n/progressEvery != (n-len(b.keys))/progressEvery {
			progress(n)
		}
	}
	if err := w.ctx.Err(); err != nil {
		return n, err
	}
	if pending > 0 {
		if _, err := index.ExecContext(w.ctx, last); err != nil {
			return n, fmt.Errorf("index text: %w", err)
		}
	}
	return n, nil
}

// duplicateIn names the record of a failed batch that duplicates another: one repeated within
// the batch, or one an earlier batch wrote (the failed statement itself wrote nothing).
func (w *writer) duplicateIn(keys []string) error {
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			return fmt.Errorf("%s: duplicate record in import", k)
		}
		seen[k] = true
	}
	for _, k := range keys {
		kind, id, _ := strings.Cut(k, "/")
		var one int
		err := w.tx.QueryRowContext(w.ctx, `SELECT 1 FROM records WHERE case_id = ? AND kind = ? AND id = ?`, w.caseID, kind, id).Scan(&one)
		if err == nil {
			return fmt.Errorf("%s: duplicate record in import", k)
		}
	}
	return errors.New("duplicate record in import")
}

// merge writes records into a case that already has some, record by record.
func (w *writer) merge(recs iter.Seq2[store.Record, error], opt store.ImportOptions, st *store.ImportStats) (int, error) {
	if _, err := w.tx.ExecContext(w.ctx, `CREATE TEMP TABLE IF NOT EXISTS import_seen (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID`); err != nil {
		return 0, err
	}
	if _, err := w.tx.ExecContext(w.ctx, `DELETE FROM temp.import_seen`); err != nil {
		return 0, err
	}
	n := 0
	for r, err := range recs {
		if err != nil {
			return n, err
		}
		if err := w.ctx.Err(); err != nil {
			return n, err
		}
		data, err := checkRecord(&r)
		if err != nil {
			return n, err
		}
		if _, err := w.exec(`INSERT INTO temp.import_seen (kind, id) VALUES (?, ?)`, string(r.Kind), r.ID); err != nil {
			if isUnique(err) {
				return n, fmt.Errorf("%s/%s: duplicate record in import", r.Kind, r.ID)
			}
			return n, err
		}
		out, _, err := w.put(&r, data)
		if err != nil {
			return n, fmt.Errorf("%s/%s: %w", r.Kind, r.ID, err)
		}
		switch out {
		case created:
			st.Created++
		case updated:
			st.Updated++
		case unchanged:
			st.Unchanged++
		}
		n++
		if opt.Progress != nil && n%progressEvery == 0 {
			opt.Progress(n)
		}
	}
	if opt.Replace {
		t, err := w.replace()
		if err != nil {
			return n, err
		}
		st.Tombstoned = t
	}
	return n, nil
}

// replace tombstones the case's live records that the import did not contain.
func (w *writer) replace() (int, error) {
	const missing = `case_id = ? AND deleted = 0 AND NOT EXISTS (
		SELECT 1 FROM temp.import_seen s WHERE s.kind = records.kind AND s.id = records.id)`
	var count int
	if err := w.tx.QueryRowContext(w.ctx, `SELECT count(*) FROM records WHERE `+missing, w.caseID).Scan(&count); err != nil {
		return 0, err
	}
	if count == 0 {
		return 0, nil
	}
	if strings.TrimSpace(w.why) == "" {
		return 0, fmt.Errorf("replace would tombstone %d records: %w", count, store.ErrNoReason)
	}
	steps := []string{
		`INSERT INTO versions (case_id, kind, id, rev, op, data, at, who, why)
			SELECT case_id, kind, id, rev, op, data, at, who, why FROM records WHERE ` + missing,
		`INSERT INTO records_fts (records_fts, rowid, text)
			SELECT 'delete', seq, text FROM records WHERE text <> '' AND ` + missing,
	}
	for _, q := range steps {
		if _, err := w.tx.ExecContext(w.ctx, q, w.caseID); err != nil {
			return 0, fmt.Errorf("replace: %w", err)
		}
	}
	res, err := w.tx.ExecContext(w.ctx, `UPDATE records SET rev = rev + 1, op = 'tombstone', deleted = 1, at = ?, who = ?, why = ?
		WHERE `+missing, w.at, w.who, w.why, w.caseID)
	if err != nil {
		return 0, fmt.Errorf("replace: %w", err)
	}
	got, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if int(got) != count {
		return 0, fmt.Errorf("replace: tombstoned %d records, expected %d", got, count)
	}
	return count, nil
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY constraint violation.
func isUnique(err error) bool {
	// SQLITE_CONSTRAINT_PRIMARYKEY (1555), SQLITE_CONSTRAINT_UNIQUE (2067)
	code, ok := errCode(err)
	return ok && (code == 1555 || code == 2067)
}
