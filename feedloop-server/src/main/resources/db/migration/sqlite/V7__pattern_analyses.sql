-- The LLM analyst's last answer per pattern (PRODUCT.md part 5), kept so that a pattern is analysed
-- again only when it changed markedly: centroid is the pattern's centroid when it was analysed.
-- Text fields are the model's words, validated; counts and causes of record stay in patterns.
CREATE TABLE pattern_analyses (
    project       TEXT    NOT NULL,
    pattern_id    TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    model         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    cause         TEXT    NOT NULL,
    cause_reason  TEXT    NOT NULL,
    suggested_fix TEXT    NOT NULL,
    centroid      BLOB    NOT NULL,
    member_count  INTEGER NOT NULL,
    analysed_at   BIGINT  NOT NULL,
    PRIMARY KEY (project, pattern_id)
);
