// Package sqlite is dossier's embedded store: one SQLite file, through the pure-Go driver
// modernc.org/sqlite (no cgo; FTS5 built in). It implements store.Store and passes the
// conformance suite in store/storetest.
//
// Native build (opt-in): built with -tags 'sqlite_native sqlite_fts5' the package uses the cgo
// driver github.com/mattn/go-sqlite3 instead (SQLite's C code compiled natively, with FTS5),
// which ranks full-text searches about twice as fast as the transpiled pure-Go driver, at the
// cost of cgo and a C toolchain. Schema, pragmas and behaviour are the same; only
// driver_modernc.go / driver_native.go differ (opening a pool with per-connection pragmas, and
// reading SQLite's extended error code).
//
// Layout (migrations/0001_init.sql): the current version of each record in `records`, keyed
// (case_id, kind, id); every earlier version in the append-only `versions` table (an update or a
// tombstone copies the current row there first, so a create-only import writes one row per
// record); an FTS5 external-content index `records_fts` over records.text holding exactly the
// live rows; `cases` lists the cases; `schema_migrations` the applied migrations.
//
// Durability: WAL journal with synchronous=FULL, so that a transaction is on disk when its commit
// returns, also across a power loss (NORMAL would only survive an application crash). The cost is
// one fsync per committed transaction, which an import pays once. Evidence records matter more
// than write latency.
//
// Concurrency: all writes go through one connection (a *sql.DB with one open connection) and
// begin with BEGIN IMMEDIATE, so in-process writers queue instead of failing with "database is
// locked", and a second process waits up to busy_timeout. Reads use a separate pool of read-only
// connections and see the last committed state (WAL readers do not block the writer).
package sqlite

import (
	"context"
	"database/sql"
	schema "dossier/internal/store/migrate"
	"embed"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is a store.Store on one SQLite file.
type Store struct {
	path string
	w    *sql.DB // the single writer connection
	r    *sql.DB // read-only pool
}

// readerMmap is how much of the database file each read connection maps into memory (address
// space, not memory: the kernel's page cache backs it): SQLite's default ceiling
// (SQLITE_MAX_MMAP_SIZE), in both drivers.
const readerMmap = 0x7fff0000

// busyTimeout is how long a connection waits for another process's lock.
const busyTimeout = 30 * time.Second

// Open opens (creating if needed) the SQLite store at path and applies pending migrations. It
// refuses a database whose schema is newer than this binary.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite store: empty path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite store %s: path must not contain '?' or '#'", path)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	common := []pragma{
		{"busy_timeout", strconv.FormatInt(busyTimeout.Milliseconds(), 10)},
		{"foreign_keys", "1"},
	}
	wp := append(append([]pragma(nil), common...),
		pragma{"journal_size_limit", "67108864"}, // truncate the WAL to 64 MiB after a checkpoint
		// Checkpoint when the WAL passes 128 MiB (SQLite's default is 16 MiB at our page size): a
		// commit of a few tens of MiB (a capture batch with its page text) then returns after the
		// WAL's fsync without copying the pages into the file too; the checkpoint runs later, at
		// a larger commit or when the store is closed.
		pragma{"wal_autocheckpoint", "8192"},
		pragma{"synchronous", "FULL"},
		pragma{"cache_size", "-262144"}, // 256 MiB page cache (used as needed) for imports
	)
	w, err := openDB(path, wp, true)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// page_size must come before journal_mode (and modernc.org/sqlite runs DSN pragmas in
	// alphabetical order), so both run here: 16 KiB pages (only possible while the file is new) mean a quarter of the I/O
	// calls of the 4 KiB default in bulk imports, and shallower b-trees. WAL is then recorded in
	// the file and holds for every later connection.
	for _, p := range []string{"PRAGMA page_size = 16384", "PRAGMA journal_mode = WAL"} {
		if _, err := w.ExecContext(ctx, p); err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite store %s: %s: %w", path, p, err)
		}
	}
	if err := checkDriver(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}

	// Readers map the file (read-only: SQLite never writes through the map) instead of copying
	// each page into their cache with a read call; ranking a common word over a million texts
	// touches tens of thousands of pages.
	r, err := openDB(path, append(append([]pragma(nil), common...), pragma{"query_only", "1"}, pragma{"mmap_size", strconv.FormatInt(readerMmap, 10)}), false)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers())
	r.SetMaxIdleConns(readers())
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	return &Store{path: path, w: w, r: r}, nil
}

// readers is the size of the read-only pool.
func readers() int { return max(4, runtime.GOMAXPROCS(0)) }

// pragma is one PRAGMA name and value that every new connection of a pool runs. The driver
// files (driver_modernc.go, driver_native.go) translate them into the driver's form.
type pragma struct{ name, value string }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close releases the store. Closing twice is harmless.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// migrations returns the embedded migrations in order (migrations/NNNN_name.sql).
func migrations() ([]schema.Migration, error) { return schema.Load(migrationFS, "migrations") }

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int { return schema.Version(migrationFS, "migrations") }

// migrate applies pending migrations, each in its own (immediate) transaction, after checking
// that the database is not newer than this binary.
func migrate(ctx context.Context, db *sql.DB) error {
	return schema.Apply(migrationFS, "migrations", func(ms []schema.Migration) (bool, error) { return migrateOne(ctx, db, ms) })
}

func migrateOne(ctx context.Context, db *sql.DB, ms []schema.Migration) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	var cur int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	if cur > len(ms) {
		return false, fmt.Errorf("database schema version %d is newer than this dossier understands (%d): upgrade dossier", cur, len(ms))
	}
	if cur == len(ms) {
		return true, tx.Commit()
	}
	m := ms[cur]
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %04d_%s: commit: %w", m.Version, m.Name, err)
	}
	return false, nil
}

// ctxErr returns err, making sure a cancelled context shows through errors.Is.
func ctxErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w (%v)", cerr, err)
	}
	return err
}
