-- Cluster store: grain state, partition checkpoints and leases, membership, alerts, journals, the outbox of
-- cross-partition messages, and the ids of messages already applied (exactly-once over an at-least-once log).
-- Idempotent: every node runs it at start, serialised by an advisory lock.
CREATE TABLE IF NOT EXISTS meta (
    name  text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE IF NOT EXISTS nodes (
    id        text PRIMARY KEY,
    address   text NOT NULL,
    heartbeat timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS partition_leases (
    partition  integer PRIMARY KEY,
    owner      text,
    epoch      bigint NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS checkpoints (
    partition    integer PRIMARY KEY,
    next_offset  bigint NOT NULL,
    epoch        bigint NOT NULL,
    committed_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS grain_state (
    grain_type text    NOT NULL,
    grain_key  text    NOT NULL,
    partition  integer NOT NULL,
    state      bytea   NOT NULL,
    wake_at    bigint,
    PRIMARY KEY (grain_type, grain_key)
);
CREATE INDEX IF NOT EXISTS grain_timers ON grain_state (partition, wake_at) WHERE wake_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS alerts (
    seq        bigserial PRIMARY KEY,
    alert_id   text NOT NULL UNIQUE,
    audience   text NOT NULL,
    kind       text NOT NULL,
    grain_key  text NOT NULL,
    payload    text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_audience ON alerts (audience, seq);

CREATE TABLE IF NOT EXISTS journal (
    stream    text   NOT NULL,
    grain_key text   NOT NULL,
    seq       bigint NOT NULL,
    payload   text   NOT NULL,
    PRIMARY KEY (stream, grain_key, seq)
);

-- Messages a checkpoint sent to other partitions, waiting to be appended to their logs.
CREATE TABLE IF NOT EXISTS outbox (
    id               bigserial PRIMARY KEY,
    source_partition integer  NOT NULL,
    kind             smallint NOT NULL,
    grain_type       text     NOT NULL,
    grain_key        text     NOT NULL,
    body             bytea    NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_source ON outbox (source_partition, id);

-- Dedup keys of log records already applied, written with the checkpoint that applied them.
CREATE TABLE IF NOT EXISTS applied_messages (
    dedup_key  text PRIMARY KEY,
    partition  integer NOT NULL,
    applied_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS applied_messages_age ON applied_messages (applied_at);
