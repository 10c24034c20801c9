package dev.feedloop.store;

import dev.feedloop.capture.Batch;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything Feedloop keeps. Implementations are thread-safe; a write that returns has been
 * committed to durable storage.
 */
public interface Store extends AutoCloseable {

    /**
     * Stores a batch: responses and feedback already present (same project and request id, or same
     * event id) are reported as duplicates and left unchanged.
     *
     * @throws StoreException when the database cannot commit; nothing of the batch is then stored
     */
    WriteResult write(Batch batch);

    /** As {@link #write}, completing when committed; the default blocks the caller. */
    default java.util.concurrent.CompletableFuture<WriteResult> writeAsync(Batch batch) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(write(batch));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    Optional<StoredResponse> response(String project, String requestId);

    List<StoredFeedback> feedback(String project, String requestId);

    void saveKey(ApiKeyRecord key);

    /** The key with this id while it admits requests: empty when unknown or revoked. */
    Optional<ApiKeyRecord> key(String keyId);

    /** The keys of one project, or of every project when {@code project} is null; revoked ones too, oldest first. */
    List<ApiKeyRecord> keys(String project);

    /**
     * Marks a key revoked, keeping its row, and changes {@link #keyRevocations} in the same transaction.
     *
     * @return false, changing nothing, when no key has this id or it is revoked already
     */
    boolean revokeKey(String keyId, Instant at);

    /**
     * A number that changes whenever a key is revoked, by this process or another on the same
     * database; cheap to read, so that a server can compare it often and forget the keys it cached.
     */
    long keyRevocations();

    /** Returns the named installation setting, creating it from {@code initial} the first time. */
    String setting(String name, Supplier<String> initial);

    /** True while the store can write; false after a fatal writer failure or close. */
    boolean writable();

    /** Projects that hold responses. */
    List<String> projects();

    // ---- triage ----

    /** Every response in [from, to) that the rules call negative, oldest first. No limit. */
    List<NegativeRow> negatives(String project, Instant from, Instant to, NegativeRules rules);

    /**
     * The texts of responses that became negative through rows ingested after {@code ingestedAfter}
     * (the background embedder), in no particular order.
     */
    List<NegativeText> negativeTextsIngestedAfter(String project, Instant ingestedAfter, NegativeRules rules);

    /** What the embedder needs of a negative response. */
    record NegativeText(String requestId, String userInput, String llmOutput) {
    }

    /**
     * Pairs of responses in one session, the later within the re-ask window of the earlier, earlier
     * responses in [from, to), oldest first. Only pairs whose answer is still open: the earlier
     * response is not marked re-asked yet, has no negative implicit signal (marking it would change
     * nothing) and no explicit positive one (accepted, rating >= 4, thumbs up: the user said it served
     * them, so what follows is a follow-up and an inferred signal must not overrule them).
     */
    List<SessionPair> sessionPairs(String project, Instant from, Instant to, java.time.Duration window);

    /**
     * The pairs of {@link #sessionPairs} (same filter, any time) of which at least one response was
     * ingested after {@code ingestedAfter}: the background embedder embeds them as they arrive.
     */
    List<SessionPair> sessionPairsIngestedAfter(String project, Instant ingestedAfter, java.time.Duration window);

    /** Marks responses as re-asked (a derived signal). */
    void markReasked(String project, Collection<String> requestIds);

    /** Two questions of one session: candidates for a re-ask. */
    record SessionPair(String earlierId, String earlierInput, String laterId, String laterInput) {
    }

    /** Responses in [from, to), optionally only of one prompt version (null for all). */
    long countResponses(String project, Instant from, Instant to, String promptVersion);

    /** Responses in [from, to) grouped by a dimension. */
    Map<String, Long> countResponsesBy(String project, Instant from, Instant to, Dimension dimension);

    /** Per day (UTC, ISO date) and prompt version: response counts in [from, to). */
    Map<String, Map<String, Long>> dailyResponsesByVersion(String project, Instant from, Instant to);

    /** A uniform random sample of at most {@code n} responses of [from, to), the same for the same seed. */
    List<ResponseSample> sampleResponses(String project, Instant from, Instant to, int n, long seed);

    /** Cached vectors by content hash; absent hashes are missing from the map. */
    Map<String, float[]> vectors(Collection<String> contentHashes);

    void saveVectors(String model, Map<String, float[]> vectorsByHash);

    List<PatternRecord> patterns(String project);

    Optional<PatternRecord> pattern(String project, String patternId);

    /** Creates or replaces patterns (by id) without touching assignments. */
    void savePatterns(List<PatternRecord> patterns);

    /** Stores a run atomically: the patterns it created or updated, and each negative's assignment. */
    void saveTriageRun(TriageRunRecord run, List<PatternRecord> patterns, List<Assignment> assignments);

    Optional<TriageRunRecord> triageRun(String project, String runId);

    /**
     * Moves every assignment and every fix of {@code from} to {@code to}, in one transaction (a merge:
     * a fix of the absorbed pattern is then judged on the members it now belongs with).
     */
    void reassign(String project, String from, String to);

    /** Request ids assigned to a pattern in [from, to), oldest first. */
    List<String> members(String project, String patternId, Instant from, Instant to);

    /**
     * A pattern's occurrences in [from, to): its assigned negatives there, optionally only of one
     * prompt version (null for all).
     */
    long occurrences(String project, String patternId, Instant from, Instant to, String promptVersion);

    void addPatternEvent(String project, String patternId, Instant at, String kind, String detail);

    List<PatternEvent> patternEvents(String project, String patternId);

    // ---- verification ----

    void saveFix(FixRecord fix);

    /** Fixes of one pattern, or of all patterns when {@code patternId} is null, oldest first. */
    List<FixRecord> fixes(String project, String patternId);

    /** A grouping of responses. */
    enum Dimension {
        PROMPT_VERSION("prompt_version"), MODEL("model");

        final String column;

        Dimension(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }

    @Override
    void close();
}
