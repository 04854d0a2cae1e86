-- 0001: the initial schema.
--
-- records holds the current version of every record, keyed (case_id, kind, id); seq is the
-- rowid that the full-text index refers to. versions holds every earlier version (append-only):
-- an update or tombstone first copies the current row there, so a create-only import writes
-- exactly one row per record. Times are microseconds since 1970-01-01 UTC.
CREATE TABLE cases (
	case_id    TEXT PRIMARY KEY,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE records (
	seq     INTEGER PRIMARY KEY,
	case_id TEXT NOT NULL,
	kind    TEXT NOT NULL,
	id      TEXT NOT NULL,
	rev     INTEGER NOT NULL,
	op      TEXT NOT NULL CHECK (op IN ('create', 'update', 'tombstone')),
	data    TEXT NOT NULL,
	sort_lo INTEGER,
	sort_hi INTEGER,
	text    TEXT NOT NULL DEFAULT '',
	deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	at      INTEGER NOT NULL,
	who     TEXT NOT NULL,
	why     TEXT NOT NULL DEFAULT '',
	UNIQUE (case_id, kind, id)
);

CREATE TABLE versions (
	case_id TEXT NOT NULL,
	kind    TEXT NOT NULL,
	id      TEXT NOT NULL,
	rev     INTEGER NOT NULL,
	op      TEXT NOT NULL CHECK (op IN ('create', 'update', 'tombstone')),
	data    TEXT NOT NULL,
	at      INTEGER NOT NULL,
	who     TEXT NOT NULL,
	why     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (case_id, kind, id, rev)
) WITHOUT ROWID;

-- Full-text index over records.text, external content: the text lives once, in records. The
-- index holds exactly the rows with deleted = 0 and text <> ''; the Go code keeps it in sync.
CREATE VIRTUAL TABLE records_fts USING fts5(
	text,
	content = 'records',
	content_rowid = 'seq',
	tokenize = 'unicode61 remove_diacritics 2'
);
