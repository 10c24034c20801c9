-- Triage: embedding cache, failure patterns with stable ids, runs, and each negative's assignment.

CREATE TABLE embeddings (
    content_hash TEXT    NOT NULL PRIMARY KEY,
    model        TEXT    NOT NULL,
    dimension    INTEGER NOT NULL,
    vector       BLOB    NOT NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE patterns (
    project          TEXT    NOT NULL,
    pattern_id       TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    name_locked      INTEGER NOT NULL DEFAULT 0,
    description      TEXT    NOT NULL DEFAULT '',
    keywords         TEXT    NOT NULL DEFAULT '[]',
    cause            TEXT    NOT NULL DEFAULT 'unknown',
    cause_confidence REAL    NOT NULL DEFAULT 0,
    cause_override   TEXT,
    evidence         TEXT    NOT NULL DEFAULT '{}',
    status           TEXT    NOT NULL,
    merged_into      TEXT,
    manual           INTEGER NOT NULL DEFAULT 0,
    model            TEXT    NOT NULL,
    centroid         BLOB    NOT NULL,
    exemplars        BLOB    NOT NULL,
    member_count     BIGINT  NOT NULL DEFAULT 0,
    first_seen       BIGINT,
    last_seen        BIGINT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    PRIMARY KEY (project, pattern_id)
);

CREATE TABLE pattern_events (
    project    TEXT   NOT NULL,
    pattern_id TEXT   NOT NULL,
    at         BIGINT NOT NULL,
    kind       TEXT   NOT NULL,
    detail     TEXT   NOT NULL
);
CREATE INDEX pattern_events_by_pattern ON pattern_events (project, pattern_id, at);

CREATE TABLE triage_runs (
    project     TEXT   NOT NULL,
    run_id      TEXT   NOT NULL,
    window_from BIGINT NOT NULL,
    window_to   BIGINT NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    negatives   BIGINT NOT NULL,
    report      TEXT   NOT NULL,
    PRIMARY KEY (project, run_id)
);

-- The latest run's verdict for each negative response: which pattern it belongs to (or none).
CREATE TABLE assignments (
    project    TEXT   NOT NULL,
    request_id TEXT   NOT NULL,
    pattern_id TEXT,
    run_id     TEXT   NOT NULL,
    ts         BIGINT NOT NULL,
    similarity REAL,
    PRIMARY KEY (project, request_id)
);
CREATE INDEX assignments_by_pattern ON assignments (project, pattern_id, ts);

CREATE TABLE fixes (
    project        TEXT   NOT NULL,
    fix_id         TEXT   NOT NULL,
    pattern_id     TEXT   NOT NULL,
    deployed_at    BIGINT NOT NULL,
    prompt_version TEXT,
    note           TEXT,
    created_at     BIGINT NOT NULL,
    last_verdict   TEXT,
    last_result    TEXT,
    verified_at    BIGINT,
    PRIMARY KEY (project, fix_id)
);
CREATE INDEX fixes_by_pattern ON fixes (project, pattern_id);

-- The background embedder finds newly arrived negatives by ingestion time.
CREATE INDEX responses_by_ingest ON responses (project, ingested_at);
CREATE INDEX feedback_by_ingest ON feedback (project, ingested_at);
