-- What the cluster's log keeps beside RabbitMQ: per partition, the offset delivered up to; the dedup keys with the
-- position each was first seen at (RabbitMQ cannot refuse a repeat, so repeats are dropped when read); parked entries.
CREATE TABLE IF NOT EXISTS log_meta (
    name  text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE IF NOT EXISTS log_committed (
    partition    int         PRIMARY KEY,
    next_offset  bigint      NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS log_dedup (
    dedup_key     text        PRIMARY KEY,
    partition     int         NOT NULL,
    record_offset bigint      NOT NULL,
    entry_index   int         NOT NULL,
    seen_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS log_dedup_age ON log_dedup (seen_at);

CREATE TABLE IF NOT EXISTS log_parked (
    seq              bigserial   PRIMARY KEY,
    partition        int         NOT NULL,
    record_offset    bigint      NOT NULL,
    entry_index      int         NOT NULL,
    stream_namespace text        NOT NULL,
    stream_key       text        NOT NULL,
    payload          bytea       NOT NULL,
    reason           text        NOT NULL,
    parked_at        timestamptz NOT NULL,
    UNIQUE (partition, record_offset, entry_index)
);
