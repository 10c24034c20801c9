-- Capture: responses, feedback events, API keys, installation settings.
-- Times are epoch milliseconds (UTC). SQL stays portable (PostgreSQL gets its own folder).

CREATE TABLE responses (
    project             TEXT    NOT NULL,
    request_id          TEXT    NOT NULL,
    ts                  BIGINT  NOT NULL,
    prompt_version      TEXT    NOT NULL,
    model               TEXT,
    user_input          TEXT    NOT NULL,
    llm_output          TEXT    NOT NULL,
    retrieved_context   TEXT,
    doc_count           INTEGER NOT NULL DEFAULT 0,
    max_retrieval_score REAL,
    session_id          TEXT,
    user_id             TEXT,
    tags                TEXT,
    reasked             INTEGER NOT NULL DEFAULT 0,
    ingested_at         BIGINT  NOT NULL,
    PRIMARY KEY (project, request_id)
);
CREATE INDEX responses_by_time ON responses (project, ts);
CREATE INDEX responses_by_session ON responses (project, session_id, ts);

CREATE TABLE feedback (
    project         TEXT    NOT NULL,
    event_id        TEXT    NOT NULL,
    request_id      TEXT    NOT NULL,
    ts              BIGINT  NOT NULL,
    implicit_signal TEXT,
    explicit_rating INTEGER,
    thumbs          TEXT,
    edited_output   TEXT,
    edit_magnitude  REAL,
    figures_edited  INTEGER,
    comment         TEXT,
    ingested_at     BIGINT  NOT NULL,
    PRIMARY KEY (project, event_id)
);
CREATE INDEX feedback_by_request ON feedback (project, request_id);
CREATE INDEX feedback_by_time ON feedback (project, ts);

CREATE TABLE api_keys (
    key_id     TEXT   NOT NULL PRIMARY KEY,
    project    TEXT   NOT NULL,
    scope      TEXT   NOT NULL,
    key_hash   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE settings (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
