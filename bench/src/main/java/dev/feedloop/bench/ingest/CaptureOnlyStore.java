package dev.feedloop.bench.ingest;

import dev.feedloop.store.Assignment;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.Store;
import dev.feedloop.store.TriageRunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The benchmark stores only ingest: every later stage's method refuses, loudly. */
abstract class CaptureOnlyStore implements Store {
    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("an ingest benchmark store holds capture only");
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public List<String> projects() {
        throw refused();
    }

    @Override
    public List<NegativeRow> negatives(String project, Instant from, Instant to, NegativeRules rules) {
        throw refused();
    }

    @Override
    public List<NegativeText> negativeTextsIngestedAfter(String project, Instant ingestedAfter, NegativeRules rules) {
        throw refused();
    }

    @Override
    public List<SessionPair> sessionPairs(String project, Instant from, Instant to, Duration window) {
        throw refused();
    }

    @Override
    public List<SessionPair> sessionPairsIngestedAfter(String project, Instant ingestedAfter, Duration window) {
        throw refused();
    }

    @Override
    public void markReasked(String project, Collection<String> requestIds) {
        throw refused();
    }

    @Override
    public long countResponses(String project, Instant from, Instant to, String promptVersion) {
        throw refused();
    }

    @Override
    public Map<String, Long> countResponsesBy(String project, Instant from, Instant to, Dimension dimension) {
        throw refused();
    }

    @Override
    public Map<String, Map<String, Long>> dailyResponsesByVersion(String project, Instant from, Instant to) {
        throw refused();
    }

    @Override
    public List<ResponseSample> sampleResponses(String project, Instant from, Instant to, int n, long seed) {
        throw refused();
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> contentHashes) {
        throw refused();
    }

    @Override
    public void saveVectors(String model, Map<String, float[]> vectorsByHash) {
        throw refused();
    }

    @Override
    public List<PatternRecord> patterns(String project) {
        throw refused();
    }

    @Override
    public Optional<PatternRecord> pattern(String project, String patternId) {
        throw refused();
    }

    @Override
    public void savePatterns(List<PatternRecord> patterns) {
        throw refused();
    }

    @Override
    public void saveTriageRun(TriageRunRecord run, List<PatternRecord> patterns, List<Assignment> assignments) {
        throw refused();
    }

    @Override
    public Optional<TriageRunRecord> triageRun(String project, String runId) {
        throw refused();
    }

    @Override
    public void reassign(String project, String from, String to) {
        throw refused();
    }

    @Override
    public List<String> members(String project, String patternId, Instant from, Instant to) {
        throw refused();
    }

    @Override
    public long occurrences(String project, String patternId, Instant from, Instant to, String promptVersion) {
        throw refused();
    }

    @Override
    public void addPatternEvent(String project, String patternId, Instant at, String kind, String detail,
            String actor) {
        throw refused();
    }

    @Override
    public int reassignRequests(String project, java.util.Collection<String> requestIds, String to) {
        throw refused();
    }

    @Override
    public List<dev.feedloop.store.TriageRunRecord> unroutedRuns(String project) {
        throw refused();
    }

    @Override
    public Map<String, dev.feedloop.store.PatternAnalysis> analyses(String project) {
        throw refused();
    }

    @Override
    public void saveAnalyses(List<dev.feedloop.store.PatternAnalysis> analyses) {
        throw refused();
    }

    @Override
    public DailyCounts dailyResponsesSince(String project, long cursor) {
        throw refused();
    }

    @Override
    public DailyCounts dailyNegativesSince(String project, long cursor) {
        throw refused();
    }

    @Override
    public java.util.Optional<Instant> latestResponse(String project) {
        throw refused();
    }

    @Override
    public Map<String, Map<String, Long>> dailyOccurrences(String project, Instant from, Instant to) {
        throw refused();
    }

    @Override
    public Map<String, Map<String, Long>> dailyNegativesByVersion(String project, Instant from, Instant to) {
        throw refused();
    }

    @Override
    public List<PatternEvent> patternEvents(String project, String patternId) {
        throw refused();
    }

    @Override
    public void saveFix(FixRecord fix) {
        throw refused();
    }

    @Override
    public List<FixRecord> fixes(String project, String patternId) {
        throw refused();
    }

    @Override
    public Optional<dev.feedloop.store.TicketRecord> ticket(String project, String patternId) {
        throw refused();
    }

    @Override
    public List<dev.feedloop.store.TicketRecord> tickets(String project) {
        throw refused();
    }

    @Override
    public int enqueue(String project, String routedRunId, List<dev.feedloop.store.TicketRecord> tickets,
            List<dev.feedloop.store.OutboxEntry> entries) {
        throw refused();
    }

    @Override
    public List<dev.feedloop.store.OutboxEntry> dueOutbox(String project, Instant now) {
        throw refused();
    }

    @Override
    public List<dev.feedloop.store.OutboxEntry> undelivered(String project) {
        throw refused();
    }

    @Override
    public void delivered(dev.feedloop.store.OutboxEntry entry, dev.feedloop.store.TicketRecord ticket, Instant at) {
        throw refused();
    }

    @Override
    public void deliveryFailed(dev.feedloop.store.OutboxEntry entry, int attempts, Instant nextAttemptAt, String error,
            boolean giveUp) {
        throw refused();
    }

    @Override
    public Dropped dropText(String project, java.time.Instant from, java.time.Instant to) {
        throw refused();
    }

    @Override
    public java.util.Optional<java.time.Instant> oldestResponse(String project) {
        throw refused();
    }

    @Override
    public java.util.Optional<java.time.Instant> textDroppedBefore(String project) {
        throw refused();
    }

    @Override
    public void textDroppedBefore(String project, java.time.Instant cutoff) {
        throw refused();
    }
}
