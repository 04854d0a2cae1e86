// Package postgres is dossier's server store: PostgreSQL through github.com/jackc/pgx/v5 and its
// connection pool pgxpool (which needs github.com/jackc/puddle/v2, added to go.mod for it). It
// implements store.Store and passes the conformance suite in store/storetest.
//
// The layout mirrors store/sqlite (migrations/0001_init.sql): current versions in `records`
// keyed (case_id, kind, id) with the data as JSONB, earlier versions in the append-only
// `versions`, a generated tsvector column with a GIN index for search, `cases`, and
// `schema_migrations`. Tables live in the first schema of the connection's search_path, so one
// database can hold several stores (the tests use a fresh schema per run).
//
// Concurrency: Put and Tombstone lock the record row (SELECT … FOR UPDATE) and hold a shared
// advisory lock on the case; Import holds the exclusive advisory lock on the case, so an import's
// checks and counts cannot race with single writes to the same case. Import streams the records
// with COPY into a temporary table and applies them with a handful of set-based statements, all
// in one transaction.
//
// JSONB normalises the data (key order, whitespace): Get returns equivalent JSON, not the same
// bytes, and "identical data" means equal as JSONB. PostgreSQL text cannot hold NUL characters
// or invalid UTF-8; such records are refused with an error.
package postgres

import (
	"context"
	schema "dossier/internal/store/migrate"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is a store.Store on a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database at dsn (a postgres:// URL or key=value string; a search_path
// parameter selects the schema) and applies pending migrations. It refuses a database whose
// schema is newer than this binary.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres store %s: %w", redact(cfg), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", redact(cfg), err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", redact(cfg), err)
	}
	return &Store{pool: pool}, nil
}

// redact names a connection without its password.
func redact(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// Close releases the store's connections. Closing twice is harmless.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int { return schema.Version(migrationFS, "migrations") }

// migrate applies pending migrations, each in its own transaction under an advisory lock (so
// that two processes starting together do not both apply one), after checking that the schema
// is not newer than this binary.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return schema.Apply(migrationFS, "migrations", func(ms []schema.Migration) (bool, error) { return migrateOne(ctx, pool, ms) })
}

func migrateOne(ctx context.Context, pool *pgxpool.Pool, ms []schema.Migration) (bool, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	// The lock key includes the schema, so stores in different schemas migrate independently.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('dossier-migrate:' || current_schema(), 0))`); err != nil {
		return false, fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	var cur int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	if cur > len(ms) {
		return false, fmt.Errorf("database schema version %d is newer than this dossier understands (%d): upgrade dossier", cur, len(ms))
	}
	if cur == len(ms) {
		return true, tx.Commit(ctx)
	}
	m := ms[cur]
	if _, err := tx.Exec(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
		return false, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("migration %04d_%s: commit: %w", m.Version, m.Name, err)
	}
	return false, nil
}

// inTx runs fn in one transaction.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return ctxErr(ctx, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return ctxErr(ctx, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return ctxErr(ctx, tx.Commit(ctx))
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

// changeTime is the moment a change is recorded: ch.At, or now, to the microsecond (the
// precision of timestamptz).
func changeTime(at time.Time) time.Time {
	if at.IsZero() {
		at = time.Now()
	}
	return at.UTC().Truncate(time.Microsecond)
}
