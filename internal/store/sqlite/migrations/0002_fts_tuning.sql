-- 0002: full-text index tuning for bulk imports.
--
-- FTS5 keeps pending index data in an in-memory hash and writes it out as a new segment when the
-- hash exceeds "hashsize" (default 1 MiB); segments are then merged incrementally. A
-- million-record import with the default wrote thousands of small segments and spent a quarter
-- of its time merging them. 64 MiB segments cut that work; the memory is only used while a large
-- transaction is pending.
INSERT INTO records_fts (records_fts, rank) VALUES ('hashsize', 67108864);
