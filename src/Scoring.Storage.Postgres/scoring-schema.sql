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
