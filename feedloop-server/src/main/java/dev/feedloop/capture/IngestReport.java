package dev.feedloop.capture;

import java.util.List;

/** The outcome of one ingest call: counts plus the items that were rejected and why. */
public record IngestReport(int stored, int duplicates, List<Rejection> rejected) {
    public IngestReport {
        rejected = List.copyOf(rejected);
    }
}
