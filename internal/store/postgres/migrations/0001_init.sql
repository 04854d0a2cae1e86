-- 0001: the initial schema (created in the first schema of the connection's search_path).
--
-- records holds the current version of every record, keyed (case_id, kind, id); versions holds
-- every earlier version (append-only): an update or tombstone first copies the current row
-- there. Keys use the "C" collation so that ordering is by code point, as in the SQLite backend.
-- tsv is the full-text vector of text under the 'simple' configuration (lower-casing, no
-- stemming, no stop words: evidence comes in many languages), indexed with GIN.
CREATE TABLE cases (
	case_id    text COLLATE "C" PRIMARY KEY,
	created_at timestamptz NOT NULL
);

CREATE TABLE records (
	case_id text COLLATE "C" NOT NULL,
	kind    text COLLATE "C" NOT NULL,
	id      text COLLATE "C" NOT NULL,
	rev     integer NOT NULL,
	op      text NOT NULL CHECK (op IN ('create', 'update', 'tombstone')),
	data    jsonb NOT NULL,
	sort_lo bigint,
	sort_hi bigint,
	text    text NOT NULL DEFAULT '',
	deleted boolean NOT NULL DEFAULT false,
	at      timestamptz NOT NULL,
	who     text NOT NULL,
	why     text NOT NULL DEFAULT '',
	-- A tsvector is limited to 1 MB; the first million characters are indexed.
	tsv     tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, left(text, 1000000))) STORED,
	PRIMARY KEY (case_id, kind, id)
);

CREATE INDEX records_tsv ON records USING gin (tsv);

-- Chronological listing (ListOptions.ByDate) without sorting the whole kind.
CREATE INDEX records_by_date ON records (case_id, kind, sort_lo NULLS FIRST, sort_hi NULLS FIRST, id);

CREATE TABLE versions (
	case_id text COLLATE "C" NOT NULL,
	kind    text COLLATE "C" NOT NULL,
	id      text COLLATE "C" NOT NULL,
	rev     integer NOT NULL,
	op      text NOT NULL CHECK (op IN ('create', 'update', 'tombstone')),
	data    jsonb NOT NULL,
	at      timestamptz NOT NULL,
	who     text NOT NULL,
	why     text NOT NULL DEFAULT '',
	PRIMARY KEY (case_id, kind, id, rev)
);
