-- The embedded log: records of every partition, the dedup keys of what was appended, the committed offsets, and
-- what could not be delivered (parked). Records are never rewritten; offsets only grow.
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS records (
    partition   INTEGER NOT NULL,
    offset      INTEGER NOT NULL,
    body        BLOB    NOT NULL,
    appended_at INTEGER NOT NULL,
    PRIMARY KEY (partition, offset)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS dedup (
    dedup_key   TEXT    PRIMARY KEY,
    appended_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dedup_age ON dedup (appended_at);

CREATE TABLE IF NOT EXISTS committed (
    partition    INTEGER PRIMARY KEY,
    next_offset  INTEGER NOT NULL,
    committed_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS parked (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    partition        INTEGER NOT NULL,
    offset           INTEGER NOT NULL,
    entry_index      INTEGER NOT NULL,
    stream_namespace TEXT    NOT NULL,
    stream_key       TEXT    NOT NULL,
    payload          BLOB    NOT NULL,
    reason           TEXT    NOT NULL,
    parked_at        INTEGER NOT NULL,
    UNIQUE (partition, offset, entry_index)
);
