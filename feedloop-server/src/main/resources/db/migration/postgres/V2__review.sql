-- Review from the dashboard (as SQLite's V8): a description a reviewer wrote is kept by later
-- triage runs; every pattern event names who caused it (NULL: Feedloop itself).
ALTER TABLE patterns ADD COLUMN description_locked boolean NOT NULL DEFAULT false;
ALTER TABLE pattern_events ADD COLUMN actor text;

-- The dashboard's running totals read only rows added since their last read (SQLite uses the
-- rowid): a sequence number per row, in insertion order.
ALTER TABLE responses ADD COLUMN seq bigserial;
CREATE INDEX responses_by_seq ON responses (project, seq);
ALTER TABLE assignments ADD COLUMN seq bigserial;
CREATE INDEX assignments_by_seq ON assignments (project, seq);
