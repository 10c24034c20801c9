-- The PostgreSQL schema: the same tables as db/migration/sqlite (V1..V7 there), with PostgreSQL's
-- types: timestamptz for times (kept to the millisecond by the store, as SQLite's epoch millis),
-- jsonb for retrieved context and tags, boolean flags, bytea vectors (float32 little-endian).

CREATE TABLE responses (
    project             text        NOT NULL,
    request_id          text        NOT NULL,
    ts                  timestamptz NOT NULL,
    prompt_version      text        NOT NULL,
    model               text,
    user_input          text,
    llm_output          text,
    retrieved_context   jsonb,
    doc_count           integer     NOT NULL DEFAULT 0,
    max_retrieval_score double precision,
    session_id          text,
    user_id             text,
    tags                jsonb,
    reasked             boolean     NOT NULL DEFAULT false,
    ingested_at         timestamptz NOT NULL,
    PRIMARY KEY (project, request_id)
);
-- The weekly window, counts and samples: an index range scan on (project, ts).
CREATE INDEX responses_by_time ON responses (project, ts);
CREATE INDEX responses_by_session ON responses (project, session_id, ts) WHERE session_id IS NOT NULL;
-- Re-asked responses are few: the negative selection reaches them without reading the window.
CREATE INDEX responses_reasked ON responses (project, ts) WHERE reasked;
-- The background embedder's catch-up (SQLite finds these by rowid; PostgreSQL has no rowid order).
CREATE INDEX responses_by_ingest ON responses (project, ingested_at);

CREATE TABLE feedback (
    project         text        NOT NULL,
    event_id        text        NOT NULL,
    request_id      text        NOT NULL,
    ts              timestamptz NOT NULL,
    implicit_signal text,
    explicit_rating smallint,
    thumbs          text,
    edited_output   text,
    edit_magnitude  double precision,
    figures_edited  boolean,
    comment         text,
    ingested_at     timestamptz NOT NULL,
    PRIMARY KEY (project, event_id)
);
CREATE INDEX feedback_by_request ON feedback (project, request_id);
-- Negative feedback under the default rules (store.NegativeRules.DEFAULT): the negative selection
-- probes this small partial index instead of every feedback row of the window's responses.
CREATE INDEX feedback_negative ON feedback (project, request_id)
    WHERE implicit_signal IN ('regenerated', 'abandoned', 'reasked') OR edit_magnitude >= 0.3
       OR figures_edited OR explicit_rating <= 2 OR thumbs = 'down';
CREATE INDEX feedback_by_ingest ON feedback (project, ingested_at);

CREATE TABLE api_keys (
    key_id     text        NOT NULL PRIMARY KEY,
    project    text        NOT NULL,
    scope      text        NOT NULL,
    key_hash   text        NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE TABLE settings (
    name  text NOT NULL PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE embeddings (
    content_hash text        NOT NULL PRIMARY KEY,
    model        text        NOT NULL,
    dimension    integer     NOT NULL,
    vector       bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);

CREATE TABLE patterns (
    project          text             NOT NULL,
    pattern_id       text             NOT NULL,
    name             text             NOT NULL,
    name_locked      boolean          NOT NULL DEFAULT false,
    description      text             NOT NULL DEFAULT '',
    keywords         jsonb            NOT NULL DEFAULT '[]',
    cause            text             NOT NULL DEFAULT 'unknown',
    cause_confidence double precision NOT NULL DEFAULT 0,
    cause_override   text,
    evidence         text             NOT NULL DEFAULT '{}',
    status           text             NOT NULL,
    merged_into      text,
    manual           boolean          NOT NULL DEFAULT false,
    model            text             NOT NULL,
    centroid         bytea            NOT NULL,
    exemplars        bytea            NOT NULL,
    member_count     bigint           NOT NULL DEFAULT 0,
    first_seen       timestamptz,
    last_seen        timestamptz,
    created_at       timestamptz      NOT NULL,
    updated_at       timestamptz      NOT NULL,
    PRIMARY KEY (project, pattern_id)
);

CREATE TABLE pattern_events (
    seq        bigserial   PRIMARY KEY,
    project    text        NOT NULL,
    pattern_id text        NOT NULL,
    at         timestamptz NOT NULL,
    kind       text        NOT NULL,
    detail     text        NOT NULL
);
CREATE INDEX pattern_events_by_pattern ON pattern_events (project, pattern_id, at);

CREATE TABLE triage_runs (
    project     text        NOT NULL,
    run_id      text        NOT NULL,
    window_from timestamptz NOT NULL,
    window_to   timestamptz NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    negatives   bigint      NOT NULL,
    report      text        NOT NULL,
    routed_at   timestamptz,
    PRIMARY KEY (project, run_id)
);
CREATE INDEX triage_runs_unrouted ON triage_runs (project, finished_at) WHERE routed_at IS NULL;

CREATE TABLE assignments (
    project    text             NOT NULL,
    request_id text             NOT NULL,
    pattern_id text,
    run_id     text             NOT NULL,
    ts         timestamptz      NOT NULL,
    similarity double precision,
    PRIMARY KEY (project, request_id)
);
CREATE INDEX assignments_by_pattern ON assignments (project, pattern_id, ts);

CREATE TABLE fixes (
    project        text        NOT NULL,
    fix_id         text        NOT NULL,
    pattern_id     text        NOT NULL,
    deployed_at    timestamptz NOT NULL,
    prompt_version text,
    note           text,
    created_at     timestamptz NOT NULL,
    last_verdict   text,
    last_result    text,
    verified_at    timestamptz,
    PRIMARY KEY (project, fix_id)
);
CREATE INDEX fixes_by_pattern ON fixes (project, pattern_id);

CREATE TABLE tickets (
    project       text        NOT NULL,
    pattern_id    text        NOT NULL,
    tracker       text        NOT NULL,
    ticket_key    text,
    url           text,
    state         text        NOT NULL,
    routed_cause  text        NOT NULL,
    routed_status text        NOT NULL,
    routed_title  text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (project, pattern_id)
);

CREATE TABLE ticket_outbox (
    seq             bigserial   PRIMARY KEY,
    project         text        NOT NULL,
    outbox_key      text        NOT NULL,
    pattern_id      text        NOT NULL,
    kind            text        NOT NULL,
    payload         text        NOT NULL,
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    UNIQUE (project, outbox_key)
);
CREATE INDEX ticket_outbox_pending ON ticket_outbox (project, next_attempt_at) WHERE state = 'pending';

CREATE TABLE pattern_analyses (
    project       text        NOT NULL,
    pattern_id    text        NOT NULL,
    provider      text        NOT NULL,
    model         text        NOT NULL,
    name          text        NOT NULL,
    description   text        NOT NULL,
    cause         text        NOT NULL,
    cause_reason  text        NOT NULL,
    suggested_fix text        NOT NULL,
    centroid      bytea       NOT NULL,
    member_count  bigint      NOT NULL,
    analysed_at   timestamptz NOT NULL,
    PRIMARY KEY (project, pattern_id)
);

-- Several instances share one database: a scheduled job's lease (who runs it, until when) and the
-- last period it completed, so each period's run happens once and a dead holder's lease expires.
CREATE TABLE job_leases (
    job         text        NOT NULL PRIMARY KEY,
    holder      text,
    expires_at  timestamptz,
    claimed     bigint,
    done_period bigint      NOT NULL DEFAULT -1
);
