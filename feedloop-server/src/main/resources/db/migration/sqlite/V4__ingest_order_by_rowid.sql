-- Rows are appended in the order they are ingested, so their rowids already give the order the
-- background embedder reads them in: the two ingestion-time indexes go (each was one more B-tree
-- every ingested row had to update; see IngestOrder for how a time becomes a rowid).
DROP INDEX feedback_by_ingest;
DROP INDEX responses_by_ingest;
