-- The grains' journals and the alert table (everything else in a cluster's database is Orleans' own, see orleans-sql/).
CREATE TABLE IF NOT EXISTS scoring_journal (
    stream    text   NOT NULL,
    grain_key text   NOT NULL,
    seq       bigint NOT NULL,
    payload   text   NOT NULL,
    PRIMARY KEY (stream, grain_key, seq)
);

CREATE TABLE IF NOT EXISTS scoring_alerts (
    seq        bigserial PRIMARY KEY,
    alert_id   text        NOT NULL UNIQUE,
    audience   text        NOT NULL,
    kind       text        NOT NULL,
    grain_key  text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS scoring_alerts_audience ON scoring_alerts (audience, seq);

-- Published model versions in publish order, and the one draft managers edit.
CREATE TABLE IF NOT EXISTS scoring_model_publications (
    number         integer     PRIMARY KEY,
    definition     text        NOT NULL,
    effective_from timestamptz NOT NULL,
    published_by   text        NOT NULL,
    published_at   timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS scoring_model_draft (
    id         integer     PRIMARY KEY CHECK (id = 1),
    definition text        NOT NULL,
    saved_by   text        NOT NULL,
    saved_at   timestamptz NOT NULL
);
