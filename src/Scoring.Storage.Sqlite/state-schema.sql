-- The embedded state: grain states (with ETags), Orleans reminders, the grains' journals and the alert table.
CREATE TABLE IF NOT EXISTS grain_state (
    grain_id   TEXT    NOT NULL,
    state_name TEXT    NOT NULL,
    etag       INTEGER NOT NULL,
    payload    BLOB    NOT NULL,
    written_at INTEGER NOT NULL,
    PRIMARY KEY (grain_id, state_name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS reminders (
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    grain_hash    INTEGER NOT NULL,
    start_at      INTEGER NOT NULL,
    period        INTEGER NOT NULL,
    etag          INTEGER NOT NULL,
    PRIMARY KEY (grain_id, reminder_name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);

CREATE TABLE IF NOT EXISTS journal (
    stream    TEXT    NOT NULL,
    grain_key TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    payload   TEXT    NOT NULL,
    PRIMARY KEY (stream, grain_key, seq)
) WITHOUT ROWID;

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

-- Published model versions in publish order, and the one draft managers edit.
CREATE TABLE IF NOT EXISTS model_publications (
    number         INTEGER PRIMARY KEY,
    definition     TEXT    NOT NULL,
    effective_from INTEGER NOT NULL,
    published_by   TEXT    NOT NULL,
    published_at   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS model_draft (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    definition TEXT    NOT NULL,
    saved_by   TEXT    NOT NULL,
    saved_at   INTEGER NOT NULL
);
