-- Review from the dashboard (issue 17). A description a reviewer wrote is kept by later triage runs,
-- as a locked name is; every pattern event names who caused it (a key id, a command-line user, or
-- NULL for Feedloop itself: triage, verification).
ALTER TABLE patterns ADD COLUMN description_locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pattern_events ADD COLUMN actor TEXT;
