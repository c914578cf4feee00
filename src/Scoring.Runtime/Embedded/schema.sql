-- Embedded single-node store: the log and the state in one SQLite file, so a checkpoint and the
-- cross-grain messages it emits are one transaction.
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS log (
    partition  INTEGER NOT NULL,
    offset     INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    body       BLOB    NOT NULL,
    PRIMARY KEY (partition, offset)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ingest_dedup (
    dedup_key   TEXT    PRIMARY KEY,
    accepted_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ingest_dedup_age ON ingest_dedup (accepted_at);

CREATE TABLE IF NOT EXISTS partition_leases (
    partition INTEGER PRIMARY KEY,
    owner     TEXT    NOT NULL,
    epoch     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS checkpoints (
    partition    INTEGER PRIMARY KEY,
    next_offset  INTEGER NOT NULL,
    epoch        INTEGER NOT NULL,
    committed_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS grain_state (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    partition  INTEGER NOT NULL,
    state      BLOB    NOT NULL,
    wake_at    INTEGER,
    PRIMARY KEY (grain_type, grain_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS grain_timers ON grain_state (partition, wake_at) WHERE wake_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS alerts (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id   TEXT    NOT NULL UNIQUE,
    audience   TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_audience ON alerts (audience, seq);

CREATE TABLE IF NOT EXISTS journal (
    stream    TEXT    NOT NULL,
    grain_key TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    payload   TEXT    NOT NULL,
    PRIMARY KEY (stream, grain_key, seq)
) WITHOUT ROWID;
