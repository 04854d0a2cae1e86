// Package store defines how dossier keeps cases: the Store interface that every backend
// implements (store/sqlite, the embedded default; store/postgres, the team server), the errors
// they share, and the typed layer (bundle.go) that turns a whole case into records and back.
//
// Every record is kept as the JSON encoding of its model type, keyed by (case, kind, id), with
// its date bounds for ordering and its searchable text. Nothing is ever hard-deleted: Tombstone
// keeps who, when and why, and every edit keeps the previous version (History). Captures are
// immutable. The conformance suite in store/storetest is what "a backend" means: every backend's
// tests run it.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"time"

	"dossier/internal/model"
)

// Shared errors. Backends wrap them with context; test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrDeleted   = errors.New("tombstoned")
	ErrImmutable = errors.New("record is immutable")
	ErrConflict  = errors.New("record changed since it was read")
	ErrNoReason  = errors.New("a tombstone needs a reason")
)

// Change says who makes a change, when, and why. A zero At means now.
type Change struct {
	Who string
	Why string
	At  time.Time
}

// Record is one stored record: the JSON of a model type plus what the store indexes.
type Record struct {
	Kind model.Kind
	ID   string
	// Rev is the record's version (1 for a new record). On Put, a non-zero Rev is the version the
	// caller read: if the stored version differs, Put fails with ErrConflict.
	Rev  int
	Data json.RawMessage
	// SortLo and SortHi are the earliest and latest possible days (days since 1970-01-01) of the
	// record's date (a fact's when, a source's issued), for chronological listing; nil if unbounded.
	SortLo, SortHi *int64
	// Text is what full-text search indexes.
	Text    string
	Deleted bool
	At      time.Time // when this version was written
	Who     string

	encoded []byte // Data as ToRecord encoded it (see DataEncoded)
}

// DataEncoded reports whether Data is still exactly the JSON that ToRecord encoded for this
// record (the same bytes, not replaced since), so that a backend need not validate it again.
// It is false for a record built any other way.
func (r *Record) DataEncoded() bool {
	return len(r.encoded) > 0 && len(r.Data) == len(r.encoded) && &r.Data[0] == &r.encoded[0]
}

// Version is one version of a record in its history, oldest first.
type Version struct {
	Rev  int
	Op   string // create, update, tombstone
	Who  string
	Why  string
	At   time.Time
	Data json.RawMessage
}

// ListOptions selects and orders a listing.
type ListOptions struct {
	// ByDate orders by (SortLo, SortHi, ID) with unbounded dates first; otherwise by ID.
	ByDate bool
	// Deleted includes tombstoned records.
	Deleted bool
	Limit   int // 0: all
}

// ImportStats counts what an import did.
type ImportStats struct {
	Created, Updated, Unchanged, Tombstoned int
}

// ImportOptions control an import.
type ImportOptions struct {
	// Replace tombstones the case's records that the import does not contain.
	Replace bool
	// Progress, if set, is called now and then with the number of records written.
	Progress func(done int)
}

// Hit is a search result.
type Hit struct {
	Kind    model.Kind
	ID      string
	Snippet string
	Rank    float64 // lower is better (bm25)
}

// Store keeps cases. All methods are safe for concurrent use.
type Store interface {
	// Cases lists the ids of the cases in the store.
	Cases(ctx context.Context) ([]string, error)
	// Put creates or updates one record. Writing data identical to the current version is a no-op
	// that returns the current revision. Updating a capture fails with ErrImmutable. Putting a
	// tombstoned record revives it as a new version.
	Put(ctx context.Context, caseID string, r Record, ch Change) (rev int, err error)
	// Get returns the current version; ErrNotFound if absent, ErrDeleted if tombstoned.
	Get(ctx context.Context, caseID string, kind model.Kind, id string) (Record, error)
	// List returns a case's records of one kind.
	List(ctx context.Context, caseID string, kind model.Kind, opt ListOptions) ([]Record, error)
	// Tombstone marks a record removed, keeping it and its history; ch.Why is required.
	Tombstone(ctx context.Context, caseID string, kind model.Kind, id string, ch Change) error
	// History returns every version of a record, oldest first, including the current one.
	History(ctx context.Context, caseID string, kind model.Kind, id string) ([]Version, error)
	// Import writes many records in one transaction: all of them or, on any error, none.
	Import(ctx context.Context, caseID string, recs iter.Seq2[Record, error], ch Change, opt ImportOptions) (ImportStats, error)
	// Search runs a full-text query over a case's records, best first: of the kinds given, or
	// of all kinds when none is. The limit applies to the records of those kinds.
	Search(ctx context.Context, caseID, query string, limit int, kinds ...model.Kind) ([]Hit, error)
	// Close releases the store.
	Close() error
}
