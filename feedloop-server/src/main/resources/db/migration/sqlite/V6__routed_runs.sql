-- A triage run is routed to tickets after it is stored. routed_at NULL marks a run whose ticket work
-- is still owed: it is written in the same transaction as the run's patterns, and cleared in the
-- same transaction as the outbox entries routing derives from it, so a crash between the two leaves
-- the run to be routed on the next pass instead of losing its weekly ticket updates. Runs stored
-- before this migration count as routed.
ALTER TABLE triage_runs ADD COLUMN routed_at BIGINT;
UPDATE triage_runs SET routed_at = finished_at;

-- The title routing last gave the ticket, so a renamed pattern retitles its ticket once.
ALTER TABLE tickets ADD COLUMN routed_title TEXT;
