-- Routing (PRODUCT.md part 6): one ticket per pattern, and an outbox of intended tracker calls.
-- A ticket row is written when its creation is enqueued (state 'pending'); the sender fills in the
-- tracker's key and URL. routed_cause/routed_status are what routing last acted on, so a cause
-- override or a status change is noticed once.
CREATE TABLE tickets (
    project       TEXT   NOT NULL,
    pattern_id    TEXT   NOT NULL,
    tracker       TEXT   NOT NULL,
    ticket_key    TEXT,
    url           TEXT,
    state         TEXT   NOT NULL,
    routed_cause  TEXT   NOT NULL,
    routed_status TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (project, pattern_id)
);

-- One row per intended create/update; outbox_key is deterministic (pattern + kind + run/fix id), so
-- enqueueing the same intent twice keeps one row. state: pending, sent, failed (not retried).
CREATE TABLE ticket_outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    project         TEXT    NOT NULL,
    outbox_key      TEXT    NOT NULL,
    pattern_id      TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    sent_at         BIGINT,
    UNIQUE (project, outbox_key)
);
CREATE INDEX ticket_outbox_pending ON ticket_outbox (project, state, seq);
